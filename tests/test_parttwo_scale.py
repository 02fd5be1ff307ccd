"""The shared-module helpers added for chapters 12-14: powers of ten and whole numbers in
prose (text_utils.sci, text_utils.whole), paired colours in the excess-loss plot, and the
timing plot's baseline panel. Each is checked against an independent reading of its output.
"""

import re

import matplotlib.colors as mcolors
import numpy as np
import pytest

import plot_utils
from text_utils import say, sci, whole

SCI = re.compile(r"^\$(?:(-?\d+(?:\.\d+)?) \\times |(-))?10\^\{(-?\d+)\}\$$")


def test_sci_reads_back_as_the_number():
    from hypothesis import given  # imported here: see tests/test_linreg.py
    from hypothesis import strategies as st

    @given(st.floats(min_value=-1e300, max_value=1e300, allow_nan=False, allow_infinity=False)
           .filter(lambda v: v == 0 or abs(v) > 1e-300),
           st.integers(min_value=0, max_value=4))
    def check(value, digits):
        text = sci(value, digits)
        if value == 0:
            assert text == "$0$"
            return
        match = SCI.match(text)
        assert match, text
        mantissa = float(match.group(1) or f"{match.group(2) or ''}1")
        assert 1 < abs(mantissa) < 10 or abs(mantissa) == 1 and match.group(1) is None
        back = mantissa * 10.0 ** int(match.group(3))
        assert back == pytest.approx(value, rel=0.5 * 10.0**-digits + 1e-12)

    check()


def test_sci_examples_and_errors():
    assert sci(1.54e-4) == r"$1.5 \times 10^{-4}$"
    assert sci(1e-10, 0) == "$10^{-10}$"
    assert sci(3e5, 0) == r"$3 \times 10^{5}$"
    assert say("gap {{ g | sci(2) }}", g=0.000156).data == r"gap $1.56 \times 10^{-4}$"
    for bad in (float("nan"), float("inf"), "1e-3", True):
        with pytest.raises(ValueError, match="finite real number"):
            sci(bad)


def test_whole_groups_thousands():
    assert whole(0) == "0" and whole(999) == "999" and whole(10**7) == "10,000,000"
    assert whole(np.int64(2_000_000)) == "2,000,000" and whole(3000.0) == "3,000"
    assert whole(-12345) == "-12,345"
    assert say("{{ n | whole }} points", n=10**6).data == "1,000,000 points"
    for bad in (2.5, "10", True):
        with pytest.raises(ValueError, match="whole number"):
            whole(bad)


def test_excess_loss_colours_pair_runs():
    histories = {"raw": [9.0, 5.0, 3.0, 2.0], "centred": [9.0, 2.0, 1.2, 1.01]}
    colors = {"raw": plot_utils.COLORS["error"], "centred": plot_utils.COLORS["start"]}
    fig = plot_utils.plot_excess_loss(histories, 1.0, factors={"raw": 0.5}, colors=colors)
    lines = fig.axes[0].lines
    by_label = {line.get_label(): mcolors.to_hex(line.get_color()) for line in lines}
    assert by_label["raw"] == colors["raw"].lower()
    assert by_label["centred"] == colors["centred"].lower()
    predicted = [line for line in lines if line.get_label().startswith("raw: predicted")]
    assert len(predicted) == 1
    assert mcolors.to_hex(predicted[0].get_color()) == "#000000"
    # without colours, the SERIES colours in order, as before
    fig = plot_utils.plot_excess_loss(histories, 1.0)
    assert [mcolors.to_hex(line.get_color()) for line in fig.axes[0].lines] == \
        [c.lower() for c in plot_utils.SERIES[:2]]
    with pytest.raises(ValueError, match="not in histories"):
        plot_utils.plot_excess_loss(histories, 1.0, colors={"rwa": "#000000"})
    plot_utils.plt.close("all")


def test_timings_panel_is_relative_to_the_baseline():
    seconds = {"baseline": [1e-6, 1e-5, 1e-4], "epoch": [2e-6, 1.5e-5, 1.2e-4]}
    fig = plot_utils.plot_timings([10, 100, 1000], seconds, reference="baseline")
    assert fig.axes[1].get_title() == "Time relative to the baseline"
    ratio = fig.axes[1].lines[1].get_ydata()
    np.testing.assert_allclose(ratio, np.array(seconds["epoch"]) / seconds["baseline"])
    plot_utils.plt.close(fig)
