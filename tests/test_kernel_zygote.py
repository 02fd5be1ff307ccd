"""The suite's chapter kernels (tests/kernel_zygote.py): each one new, gone with its launcher."""

import os
import subprocess
import sys
import time
from pathlib import Path

import IPython
import kernel_zygote
import pytest
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, RunningKernel

CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the suite forks kernels on "
                                "Linux only (conftest.py)")


@pytest.fixture
def zygote(tmp_path, monkeypatch):
    """The session's zygote (the root conftest.py starts one when nbval runs), or a new one."""
    if kernel_zygote.SOCKET_ENV in os.environ:
        yield
        return
    monkeypatch.setenv(kernel_zygote.SOCKET_ENV, str(tmp_path / "socket"))
    process = kernel_zygote.start_zygote(os.environ[kernel_zygote.SOCKET_ENV])
    yield
    process.kill()
    process.wait()


def run(kernel, code, timeout=30):
    """Run `code`; return what it printed and the name of the error it raised, if any."""
    return outcome(kernel, kernel.execute_cell_input(code, allow_stdin=False), timeout)


def outcome(kernel, msg_id, timeout=30):
    """What the cell sent as `msg_id` printed, and the error it raised, once it has ended."""
    printed, error = "", None
    while True:
        msg = kernel.get_message("iopub", timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            printed += msg["content"]["text"]
        elif msg["msg_type"] == "error":
            error = msg["content"]["ename"]
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return printed, error


def is_running(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended


def wait_until_ended(pid, timeout=5.0):
    end = time.monotonic() + timeout
    while is_running(pid) and time.monotonic() < end:
        time.sleep(0.02)
    return not is_running(pid)


PROBE = """import os, sys
print(os.getpid(), os.getcwd(), 'plot_utils' in sys.modules, 'plot_utils' in dir())"""


def test_each_kernel_is_a_new_process_with_the_imports_done_and_nothing_run(zygote):
    kernels = [RunningKernel(CURRENT_ENV_KERNEL_NAME, cwd=str(CHAPTERS)) for _ in range(2)]
    try:
        probes = [run(kernel, PROBE)[0].split() for kernel in kernels]
    finally:
        for kernel in kernels:
            kernel.stop()
    (pid_a, *rest_a), (pid_b, *rest_b) = probes
    assert pid_a != pid_b and str(os.getpid()) not in (pid_a, pid_b)
    assert rest_a == rest_b == [str(CHAPTERS), "True", "False"]  # imported, not in the namespace
    assert wait_until_ended(int(pid_a)) and wait_until_ended(int(pid_b))


def test_a_kernel_answers_an_interrupt_and_ends_with_its_launcher(zygote):
    kernel = RunningKernel(CURRENT_ENV_KERNEL_NAME, cwd=str(CHAPTERS))
    try:
        pid = int(run(kernel, "import os; print(os.getpid())")[0])
        msg_id = kernel.execute_cell_input("import time; time.sleep(60)", allow_stdin=False)
        time.sleep(0.3)
        kernel.interrupt()
        assert outcome(kernel, msg_id, timeout=5) == ("", "KeyboardInterrupt")
        assert run(kernel, "print(6 * 7)") == ("42\n", None)
    finally:
        kernel.stop()  # nbval's way: SIGKILL to the launcher
    assert wait_until_ended(pid)


def test_without_a_zygote_the_launcher_becomes_an_ordinary_kernel(tmp_path):
    environment = {**os.environ, kernel_zygote.SOCKET_ENV: str(tmp_path / "no-zygote")}
    launched = subprocess.run([sys.executable, "-S", kernel_zygote.__file__, "launch", "--version"],
                              env=environment, capture_output=True, text=True, timeout=60)
    assert launched.stdout.strip() == IPython.__version__  # ipykernel_launcher's answer
