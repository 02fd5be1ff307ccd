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
