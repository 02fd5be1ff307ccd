"""pytest set-up shared by the unit tests and nbval's run of the chapters.

What it changes, and why, is measured in benchmarks/README.md ("The test suite's time").
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from queue import Empty

import nbval.kernel
import pytest
from jupyter_client.manager import KernelManager

ZYGOTE = Path(__file__).parent / "tests" / "kernel_zygote.py"
_spec = importlib.util.spec_from_file_location("kernel_zygote", ZYGOTE)
kernel_zygote = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kernel_zygote)
SOCKET_ENV = kernel_zygote.SOCKET_ENV
# nbval compares a figure's text ("<Figure size 640x480 with 1 Axes>"), not its image, so
# under the suite the chapters' kernels build every figure but do not rasterise it into a
# PNG: the inline backend has no image format. The stored PNGs come from
# scripts/execute_chapters.py, which draws them in full; tests/test_plot_utils.py draws the
# figures themselves.
KERNEL_OPTIONS = ["--InlineBackend.figure_formats=set()"]
# The browser tests share a Chromium per xdist scope: the playground's tests form one scope
# and the book's pages another, so that the two workers run them side by side.
PLAYGROUND_MODULES = ("tests/test_playground.py",)
PAGE_MODULES = ("tests/test_browser.py", "tests/test_site_pages.py")
BROWSER_MODULES = (*PLAYGROUND_MODULES, *PAGE_MODULES)
# xdist hands out scopes in collection order: the longest go first, and the many short
# unit-test modules fill the gaps at the end, so that the workers finish together.
LONGEST_FIRST = (*BROWSER_MODULES, "chapters/")


def _execute_with_history(self, cell_input, allow_stdin=None):
    """Run a cell as JupyterLab does, with store_history=True.

    nbval 0.11 runs cells with store_history=False, and IPython then ignores a trailing
    ';' (it looks for it in the stored history): `plot(...);` would show the returned
    figure a second time and its output would differ from the stored one.
    Upstream: computationalmodelling/nbval#194 and ipython/ipython#14162.
    """
    return self.kc.execute(cell_input, store_history=True, allow_stdin=allow_stdin,
                           stop_on_error=False)


def _start_new_kernel(startup_timeout=60, kernel_name="python", **kwargs):
    """nbval's kernel start (from the zygote, if there is one), ready sooner.

    jupyter_client's `wait_for_ready` waits until the kernel answers on the shell channel
    and its status messages arrive on IOPub, then listens 0.2 s more for late messages,
    which nbval's `RunningKernel._ensure_iopub_up`, run next, skips anyway.
    """
    nbval_devnull = kwargs.pop("stderr", None)  # nbval opens one per kernel, never closed
    if nbval_devnull is not None:
        nbval_devnull.close()
    manager = KernelManager(kernel_name=kernel_name,
                            kernel_spec_manager=nbval.kernel.NbvalKernelspecManager())
    manager.start_kernel(stderr=subprocess.DEVNULL, **kwargs)
    client = manager.client()
    client.start_channels()
    while True:
        client.kernel_info()
        client.get_shell_msg(timeout=startup_timeout)
        try:
            client.get_iopub_msg(timeout=0.2)
            return manager, client
        except Empty:  # IOPub not subscribed yet: ask again
            continue


_nbval_kernel_spec = nbval.kernel.NbvalKernelspecManager.get_kernel_spec


def _suite_kernel_spec(self, kernel_name):
    """nbval's kernel in the current environment, forked by the zygote, with KERNEL_OPTIONS."""
    spec = _nbval_kernel_spec(self, kernel_name)
    if kernel_name == nbval.kernel.CURRENT_ENV_KERNEL_NAME:
        if SOCKET_ENV in os.environ:
            spec.argv = [sys.executable, "-S", str(ZYGOTE), "launch", "-f", "{connection_file}"]
        spec.argv = [*spec.argv, *KERNEL_OPTIONS]
    return spec


nbval.kernel.RunningKernel.execute_cell_input = _execute_with_history
nbval.kernel.start_new_kernel = _start_new_kernel
nbval.kernel.NbvalKernelspecManager.get_kernel_spec = _suite_kernel_spec


def pytest_configure(config):
    """Start the kernel zygote (tests/kernel_zygote.py) once, for every xdist worker.

    On Linux only: forking a process that has imported numpy and matplotlib is not safe on
    macOS, and Windows cannot fork. Elsewhere each kernel starts as usual.
    """
    if not config.option.nbval or SOCKET_ENV in os.environ or sys.platform != "linux":
        return  # no notebooks, an xdist worker (the controller started it), or not Linux
    folder = tempfile.mkdtemp(prefix="book-kernels-")
    os.environ[SOCKET_ENV] = os.path.join(folder, "socket")
    zygote = kernel_zygote.start_zygote(os.environ[SOCKET_ENV])
    config.add_cleanup(lambda: (zygote.kill(), zygote.wait(), shutil.rmtree(folder)))


def pytest_collection_modifyitems(items):
    """Order the collected tests: browser modules, then the chapters, then the unit tests."""
    def rank(item):
        path = item.nodeid.split("::")[0]
        return next((i for i, prefix in enumerate(LONGEST_FIRST) if path.startswith(prefix)),
                    len(LONGEST_FIRST))

    items.sort(key=rank)  # stable: each notebook keeps its cells in order


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """xdist's loadscope (a notebook or a test module stays on one worker), but with the
    browser tests in two scopes: the playground's, and the book's pages'."""
    from xdist.scheduler import LoadScopeScheduling

    class BookScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            if nodeid.startswith(PLAYGROUND_MODULES):
                return "browser: playground"
            if nodeid.startswith(PAGE_MODULES):
                return "browser: pages"
            return super()._split_scope(nodeid)

    return BookScheduling(config, log)
