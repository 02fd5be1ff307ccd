"""The usage examples in the shared modules' docstrings run and give what they show."""

import doctest

import pytest

import linreg
import plot_utils
import text_utils


@pytest.mark.parametrize("module", [linreg, plot_utils, text_utils], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    failed, attempted = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert attempted > 0 and failed == 0
