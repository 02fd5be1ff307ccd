"""The usage examples in the shared modules' docstrings run and give what they show."""

import doctest

import matplotlib.pyplot as plt
import number_references
import pytest

import linreg
import plot_utils
import text_utils


@pytest.mark.parametrize("module", [linreg, plot_utils, text_utils, number_references],
                         ids=lambda m: m.__name__)
def test_docstring_examples(module):
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    examples = 0
    for test in doctest.DocTestFinder().find(module):
        runner.run(test)
        examples += len(test.examples)
        plt.close("all")  # each example's figures, once it has looked at them
    assert examples > 0 and runner.failures == 0
