"""Fresh Jupyter kernels for nbval, forked from one process that has done the imports.

A new ipykernel costs about 1.5 s of CPU before a chapter's first line runs: 0.45 s to
import ipykernel and 1.1 s for numpy, matplotlib and the book's modules. The suite starts
one per chapter. Here a *zygote* process imports all of that once and forks a kernel for
each notebook, so every chapter still runs in a new process of its own, which has run none
of the book's code, but pays only for the fork (benchmarks/README.md, "The test suite's time").

Two roles, one file (the launcher needs only the standard library):

- ``python kernel_zygote.py serve FD`` imports `PRELOAD`, then forks a kernel for each
  request on the listening Unix socket it inherits as file descriptor FD. The root
  conftest.py starts it for the test session with `start_zygote`.
- ``python -S kernel_zygote.py launch -f CONNECTION_FILE`` is the kernel command nbval
  runs. It asks the zygote (at $BOOK_KERNEL_ZYGOTE) for a kernel with its own working
  directory, environment and standard streams, passes on the signals jupyter_client sends
  it (interrupt, terminate), and exits when the kernel does. If the zygote cannot serve,
  it becomes an ordinary ``python -m ipykernel_launcher`` instead.

The kernel and its launcher share one socket connection: each side sees end-of-file when
the other process ends, so a killed launcher takes its kernel with it.
"""

import json
import os
import signal
import socket
import sys

SOCKET_ENV = "BOOK_KERNEL_ZYGOTE"
# What a kernel imports as it starts (its debugger, debugpy, is a third of that), and what
# the chapters import.
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "numpy",
           "matplotlib.pyplot", "jinja2", "linreg", "plot_utils", "text_utils",
           "plotly.graph_objects", "plotly.subplots")
# ipykernel sets this before a kernel's first import of matplotlib; so does the zygote.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def start_zygote(path):
    """Start a zygote serving at the Unix socket `path`; return its `subprocess.Popen`.

    The socket listens before the zygote starts: a launcher that connects while the zygote
    is still importing waits in the backlog.
    """
    import subprocess

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(path)
        listener.listen(16)
        fd = listener.fileno()
        return subprocess.Popen([sys.executable, __file__, "serve", str(fd)], pass_fds=[fd],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def serve(fd):
    """Import `PRELOAD`, then fork a kernel for each request on the listening socket `fd`."""
    listener = socket.socket(fileno=int(fd))
    del sys.path[0]  # this file's folder: a kernel imports from where ipykernel_launcher does
    before = dict(os.environ)
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    import importlib
    for name in PRELOAD:
        importlib.import_module(name)
    set_by_imports = {k: v for k, v in os.environ.items() if before.get(k) != v}
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernels are reaped as they exit
    parent = os.getppid()
    listener.settimeout(1.0)
    while os.getppid() == parent:  # the test session is gone: so is the zygote
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        request, fds = _read_request(conn)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            listener.close()
            return _become_kernel(conn, request, fds, set_by_imports)
        for fd in fds:
            os.close(fd)
        conn.sendall(b"%d\n" % pid)
        conn.close()  # the kernel keeps its copy open while it lives


def _read_request(conn):
    """The launcher's request (a JSON line) and its three standard streams."""
    data, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
    while not data.endswith(b"\n"):
        data += conn.recv(1 << 20)
    return json.loads(data), fds


def _become_kernel(conn, request, fds, set_by_imports):
    """In the forked child: take on the launcher's streams, folder and environment; run.

    The environment is the launcher's, plus what the imports set where it sets nothing.
    """
    import threading

    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ.pop(SOCKET_ENV, None)
    for key, value in set_by_imports.items():
        os.environ.setdefault(key, value)
    sys.argv = ["ipykernel_launcher", *request["args"]]
    if "JPY_PARENT_PID" in os.environ:  # read when ipykernel was imported, in the zygote
        sys.argv.append(f"--IPKernelApp.parent_handle={os.environ['JPY_PARENT_PID']}")

    def exit_with_launcher():
        conn.recv(1)  # end-of-file: the launcher has exited or was killed
        os._exit(1)

    threading.Thread(target=exit_with_launcher, daemon=True).start()
    from ipykernel import kernelapp
    kernelapp.launch_new_instance()


def launch(args):
    """Get a kernel from the zygote, relay signals to it, and exit when it does."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(os.environ[SOCKET_ENV])
        request = {"args": args, "cwd": os.getcwd(), "env": dict(os.environ)}
        socket.send_fds(conn, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
        reply = conn.recv(64)
        pid = int(reply)
    except (KeyError, OSError, ValueError):  # no zygote, or it failed during its imports
        conn.close()
        os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *args])

    def relay(signum, frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:  # the kernel has just ended
            pass

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, relay)
    while conn.recv(64):  # returns b"" when the kernel process ends
        pass


if __name__ == "__main__":
    role, *rest = sys.argv[1:]
    if role == "serve":
        serve(*rest)
    elif role == "launch":
        launch(rest)
    else:
        sys.exit(f"usage: {sys.argv[0]} serve FD | launch -f CONNECTION_FILE")
