"""pytest set-up shared by the unit tests and nbval's run of the chapters."""

import nbval.kernel


def _execute_with_history(self, cell_input, allow_stdin=None):
    """Run a cell as JupyterLab does, with store_history=True.

    nbval 0.11 runs cells with store_history=False, and IPython then ignores a trailing
    ';' (it looks for it in the stored history): `plot(...);` would show the returned
    figure a second time and its output would differ from the stored one.
    Upstream: computationalmodelling/nbval#194 and ipython/ipython#14162.
    """
    return self.kc.execute(cell_input, store_history=True, allow_stdin=allow_stdin,
                           stop_on_error=False)


nbval.kernel.RunningKernel.execute_cell_input = _execute_with_history


# The suite runs on every core (pytest-xdist, --dist loadscope: a notebook or a test module
# stays on one worker). xdist hands out scopes in collection order, so the longest ones go
# first and the many short unit-test modules fill the gaps at the end: the workers then
# finish together (benchmarks/README.md, "The test suite's time").
LONGEST_FIRST = ("tests/test_browser.py", "tests/test_playground.py", "chapters/")


def pytest_collection_modifyitems(items):
    """Order the collected tests: browser modules, then the chapters, then the unit tests."""
    def rank(item):
        path = item.nodeid.split("::")[0]
        return next((i for i, prefix in enumerate(LONGEST_FIRST) if path.startswith(prefix)),
                    len(LONGEST_FIRST))

    items.sort(key=rank)  # stable: each notebook keeps its cells in order
