"""Numbers of @sec-mse and @sec-by-hand, and the helpers those chapters and @sec-notes use.

Each expected value is recomputed here independently, with plain Python (fractions where a
value must be exact) or the standard library's decimal module, never with the function
under test. The article's printed figures and its slips are in test_article_figures.py.
"""

import math
import random
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pytest

import linreg
import plot_utils
import text_utils

HOURS = [2, 3, 5, 6, 8]
MONEY = [65, 70, 75, 85, 90]
RATE = Fraction(1, 100)
X, Y = linreg.article_data()


def epoch(m, b):
    """One epoch from the line (m, b) in exact fractions: predictions, means, step, loss."""
    pred = [m * x + b for x in HOURS]
    res = [y - p for y, p in zip(MONEY, pred, strict=True)]
    prod = [x * r for x, r in zip(HOURS, res, strict=True)]
    dm, db = -2 * sum(prod) / 5, -2 * sum(res) / 5
    return {"pred": pred, "res": res, "prod": prod, "mean prod": sum(prod) / 5,
            "mean res": sum(res) / 5, "dm": dm, "db": db, "new": (m - RATE * dm, b - RATE * db),
            "loss": sum(r * r for r in res) / 5}


def epochs(count, m=Fraction(0), b=Fraction(0)):
    out = []
    for _ in range(count):
        out.append(epoch(m, b))
        m, b = out[-1]["new"]
    return out


# ------------------------------------------------------------------ @sec-mse (ch 2)
def test_chapter_two_share_of_point_d_and_rmse():
    residuals = [y - (3 * x + 60) for x, y in zip(HOURS, MONEY, strict=True)]
    squares = [r * r for r in residuals]
    assert max(range(5), key=squares.__getitem__) == 3  # point d
    assert (residuals[3], squares[3], sum(squares)) == (7, 49, 87) and 2 * 49 > 87
    assert f"{math.sqrt(sum(squares) / 5):.2f}" == "4.17"
    slope, intercept = np.polyfit(HOURS, MONEY, 1)
    best = sum((y - (slope * x + intercept)) ** 2 for x, y in zip(HOURS, MONEY, strict=True)) / 5
    assert f"{math.sqrt(best):.2f}" == "1.86" and f"{best:.2f}" == "3.46"
    assert sorted(map(abs, residuals))[2:] == [1, 6, 7]


def test_chapter_two_flat_and_steeper_lines():
    flat = [y - 77 for y in MONEY]
    assert flat == [-12, -7, -2, 8, 13] and max(map(abs, flat)) == 13
    assert sum(r * r for r in flat) / 5 == 86 and f"{86 / 17.4:.1g}" == "5"
    steep = [y - (5 * x + 50) for x, y in zip(HOURS, MONEY, strict=True)]
    assert steep == [5, 5, 0, 5, 0]
    assert sum(steep) / 5 == 3
    assert sum(y - (3 * x + 60) for x, y in zip(HOURS, MONEY, strict=True)) / 5 == 2.6


# ------------------------------------------------------------- @sec-by-hand (ch 4)
def test_epoch_one_by_hand():
    first = epoch(Fraction(0), Fraction(0))
    assert first["prod"] == [130, 210, 375, 510, 720] and sum(first["prod"]) == 1945
    assert sum(first["res"]) == 385 and sum(r * r for r in first["res"]) == 30075
    assert (first["mean prod"], first["mean res"]) == (389, 77)
    assert (first["dm"], first["db"]) == (-778, -154)
    assert first["new"] == (Fraction("7.78"), Fraction("1.54"))
    assert first["loss"] == 6015
    assert linreg.gradients(X, Y, np.zeros(5)) == pytest.approx((-778, -154), abs=1e-12)
    assert linreg.update(X, Y, np.zeros(5), 0, 0, 0.01) == pytest.approx((7.78, 1.54))


def test_epochs_two_and_three_as_the_tables_show_them():
    _, second, third = epochs(3)
    assert second["pred"][0] == Fraction("17.1")
    assert (second["mean prod"], second["mean res"]) == (Fraction("166.88"), Fraction("38.116"))
    assert second["new"] == (Fraction("11.1176"), Fraction("2.30232"))
    assert float(second["loss"]) == pytest.approx(1512.97496, abs=1e-9)
    assert third["pred"][3] == Fraction("69.00792")
    assert third["res"][4] == Fraction("-1.24312") and min(third["res"]) == third["res"][4]
    assert all(r > 0 for r in second["res"]) and all(r > 0 for r in third["res"][:4])
    assert (third["mean prod"], third["mean res"]) == (Fraction("71.103104"),
                                                      Fraction("21.3332"))
    assert third["new"] == (Fraction("12.53966208"), Fraction("2.728984"))
    assert f"{float(third['loss']):.4f}" == "673.3632"


def test_the_loss_more_than_halves_then_slows():
    losses = [e["loss"] for e in epochs(4)]
    kept = [float(later / earlier) for earlier, later in zip(losses, losses[1:])]
    assert [round(100 * k) for k in kept] == [25, 45, 76]
    assert f"{float(losses[3]):.2f}" == "514.75"


def test_fit_repeats_the_three_hand_epochs():
    hand = epochs(3)
    run = linreg.fit(X, Y, learning_rate=0.01, epochs=3)
    np.testing.assert_allclose(run.loss_history, [float(e["loss"]) for e in hand], rtol=1e-12)
    starts = [(0, 0)] + [tuple(map(float, e["new"])) for e in hand[:2]]
    np.testing.assert_allclose(run.param_history, starts, rtol=1e-12, atol=0)
    assert (run.m, run.b) == pytest.approx(tuple(map(float, hand[2]["new"])), rel=1e-12)
    assert (f"{run.m:.4f}", f"{run.b:.4f}") == ("12.5397", "2.7290")
    assert run.loss == pytest.approx(float(epochs(4)[3]["loss"]), rel=1e-12)  # epoch 4's loss


def test_three_epochs_from_the_first_guess():
    step = epoch(Fraction(3), Fraction(60))
    assert step["new"] == (Fraction("3.364"), Fraction("60.052"))
    losses = [e["loss"] for e in epochs(3, Fraction(3), Fraction(60))]
    assert losses[0] == Fraction("17.4")
    assert [f"{float(loss):.2f}" for loss in losses] == ["17.40", "7.72", "5.91"]
    kept = [round(float(100 * later / earlier)) for earlier, later in zip(losses, losses[1:])]
    assert kept == [44, 77]  # halves once, then creeps


def test_the_exact_table_of_the_three_epochs():
    hand = epochs(3)
    assert [e["loss"] for e in hand] == [6015, Fraction("1512.97496"), Fraction("673.3632379456")]
    run = linreg.fit(X, Y, learning_rate=0.01, epochs=3)
    shown = [text_utils.exact(loss, 10) for loss in run.loss_history]
    assert shown == ["6015", "1512.97496", "673.3632379456"]
    assert [text_utils.exact(v, 10) for v in (run.m, run.b)] == ["12.53966208", "2.728984"]
    assert text_utils.cut(float(hand[1]["new"][0]), 2) == "11.11"  # as the article prints it


# ------------------------------------------------------------------- text_utils
def decimal_of(value):
    return Decimal(repr(round(float(value), 9)))


def by_hand(value, digits, how):
    out = format(decimal_of(value).quantize(Decimal(1).scaleb(-digits), rounding=how), "f")
    return out.lstrip("-") if Decimal(out) == 0 else out


@pytest.mark.parametrize("seed", range(3))
def test_cut_and_rounded_match_decimal_arithmetic(seed):
    rng = random.Random(seed)
    for _ in range(300):
        value = rng.choice([-1, 1]) * rng.randint(0, 10**7) / 10 ** rng.randint(0, 6)
        digits = rng.randint(0, 4)
        assert text_utils.cut(value, digits) == by_hand(value, digits, ROUND_DOWN)
        assert text_utils.rounded(value, digits) == by_hand(value, digits, ROUND_HALF_UP)


def test_cut_and_rounded_on_the_cases_that_matter():
    assert text_utils.cut(11.1176, 2) == "11.11" and text_utils.rounded(11.1176, 2) == "11.12"
    assert text_utils.cut(-1.24312, 2) == "-1.24" and text_utils.rounded(-1.245, 2) == "-1.25"
    assert text_utils.rounded(0.125, 2) == "0.13" and text_utils.cut(-0.004, 2) == "0.00"
    assert text_utils.cut(7.78 - 1e-13, 2) == "7.78"  # float noise is not a digit to drop
    with pytest.raises(ValueError, match="digits"):
        text_utils.cut(1.5, -1)
    with pytest.raises(ValueError, match="finite"):
        text_utils.rounded(float("nan"), 2)


@pytest.mark.parametrize("value, digits, text", [
    (17.4, 3, "17.4"), (86.0, 3, "86"), (2.6000000000000001, 3, "2.6"), (0.0351622, 3, "0.0352"),
    (1512.97496, 3, "1513"), (6015.0, 2, "6015"), (19264.37, 3, "19,264"), (-36.4, 3, "-36.4"),
    (4.255005, 4, "4.255"), (0.99679, 2, "1"), (-0.00004, 3, "-0.00004"), (0.0, 3, "0"),
    (-1e-17, 3, "-0.00000000000000001")])
def test_sig_gives_significant_figures_and_whole_numbers_whole(value, digits, text):
    assert text_utils.sig(value, digits) == text
    by_decimal = Decimal(repr(value))
    if by_decimal and abs(by_decimal) < 10**digits:  # the same digits as decimal arithmetic
        assert float(text.replace(",", "")) == float(f"{value:.{digits}g}")


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_sig_rejects_a_number_of_figures_it_cannot_give(bad):
    with pytest.raises(ValueError, match="digits"):
        text_utils.sig(1.5, bad)
    with pytest.raises(ValueError, match="finite"):
        text_utils.sig(float("inf"))


def test_exact_shows_every_decimal_and_no_float_noise():
    assert text_utils.exact(0.1 + 0.2) == "0.3"
    assert text_utils.exact(11.117600000000001) == "11.1176"
    assert text_utils.exact(float(Fraction("673.3632379456")), 10) == "673.3632379456"
    assert text_utils.exact(1 / 3, 4) == "0.3333" and text_utils.exact(-2.0) == "-2"


def test_epoch_table_shows_the_hand_calculation():
    _, second, _ = epochs(3)
    pred = [float(p) for p in second["pred"]]
    lines = text_utils.epoch_table(X, Y, pred, "abcde").data.splitlines()
    assert len(lines) == 2 + 5 + 1
    assert lines[0].count("|") == 8 and all(cell.strip() for cell in lines[0].split("|")[1:-1])
    assert lines[2] == "| a | 2 | 17.10 | 65 | 47.90 | 95.80 | 2294.41 |"
    assert lines[-1] == "| **mean** |  |  |  | **38.116** | **166.88** | **1512.97** |"
    with pytest.raises(ValueError, match="one value per point"):
        text_utils.epoch_table(X, Y, pred[:4])


def test_step_equations_write_the_step_and_refuse_a_wrong_one():
    third = epochs(3)[2]
    m, b = (float(v) for v in epochs(2)[1]["new"])
    pred = [float(p) for p in third["pred"]]
    grad, new = (float(third["dm"]), float(third["db"])), tuple(map(float, third["new"]))
    text = text_utils.step_equations(X, Y, pred, (m, b), grad, new, 0.01).data
    for piece in ("-2 \\times 71.103104 = -142.206208", "-2 \\times 21.3332 = -42.6664",
                  "11.1176 - 0.01 \\times (-142.206208)", "= 12.53966208",
                  "2.30232 - 0.01 \\times (-42.6664)", "= 2.728984"):
        assert piece in text
    with pytest.raises(ValueError, match="gradient"):
        text_utils.step_equations(X, Y, pred, (m, b), (grad[0], 0.0), new, 0.01)
    with pytest.raises(ValueError, match="new_line"):
        text_utils.step_equations(X, Y, pred, (m, b), grad, (new[0], 0.0), 0.01)


# ------------------------------------------------------------------- plot_utils
def test_plot_fit_labels_the_points_and_can_share_a_y_axis():
    pred = 3 * X + 60
    ax = plot_utils.plot_fit(X, Y, pred, labels=list("abcde"), ylim=(-5, 100)).axes[0]
    assert [t.get_text() for t in ax.texts] == list("abcde")
    assert [t.xy for t in ax.texts] == [(x, y) for x, y in zip(X, Y, strict=True)]
    assert ax.get_ylim() == (-5, 100)
    assert ax.get_legend_handles_labels()[1] == [
        r"prediction $\hat y$", r"residual $y - \hat y$", "data $y$"]
    data_zorder = ax.collections[0].get_zorder()
    segments = [line for line in ax.lines if line.get_linestyle() == "--" and
                len(line.get_xdata())]
    assert len(segments) == 5 and all(line.get_zorder() > data_zorder for line in segments)
    default = plot_utils.plot_fit(X, Y, pred).axes[0]
    assert len(default.texts) == 0 and default.get_ylim()[0] > 60  # default: axis fits the data
    with pytest.raises(ValueError, match="one name per point"):
        plot_utils.plot_fit(X, Y, pred, labels=["a"])
    with pytest.raises(ValueError, match="bottom < top"):
        plot_utils.plot_fit(X, Y, pred, ylim=(100, 0))
