"""Every figure the source article prints, checked against exact arithmetic and the core module.

The article's numbers are quoted below as strings, with the digits it prints. The exact
values of its three hand-worked epochs are computed here with fractions (no rounding at
all), and a quotation is compared with its exact value shortened to the quotation's
decimals in two ways: cut off (towards zero) and rounded (halves away from zero), both
with the standard library's decimal module. The story these tests pin down, told in
@sec-notes (slip 2): the article computed exactly and
printed each result with its extra digits cut off; 65 of its 66 figures are the exact
values cut off, the one exception being residual c of epoch 3 (17.11, rounded); its
written formulas show the shortened inputs, so they do not give its printed results.
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pytest
from reference import article_loop

import linreg

HOURS = [2, 3, 5, 6, 8]
MONEY = [65, 70, 75, 85, 90]
RATE = Fraction(1, 100)
X, Y = linreg.article_data()
LEARNING_RATE = 0.01

# Quotations of the article: the 22 figures it prints for each of its hand-worked epochs.
ARTICLE = {
    1: {"predictions": ["0", "0", "0", "0", "0"],
        "residuals": ["65", "70", "75", "85", "90"],
        "products": ["130", "210", "375", "510", "720"],
        "mean product": "389", "mean residual": "77", "dm": "-778", "db": "-154",
        "new m": "7.78", "new b": "1.54", "loss": "6015"},
    2: {"predictions": ["17.1", "24.88", "40.44", "48.22", "63.78"],
        "residuals": ["47.9", "45.12", "34.56", "36.78", "26.22"],
        "products": ["95.8", "135.36", "172.8", "220.68", "209.76"],
        "mean product": "166.88", "mean residual": "38.116", "dm": "-333.76", "db": "-76.23",
        "new m": "11.11", "new b": "2.30", "loss": "1512.97"},
    3: {"predictions": ["24.53", "35.65", "57.89", "69.00", "91.24"],
        "residuals": ["40.46", "34.34", "17.11", "15.99", "-1.24"],
        "products": ["80.92", "103.03", "85.54", "95.95", "-9.94"],
        "mean product": "71.1", "mean residual": "21.33", "dm": "-142.20", "db": "-42.66",
        "new m": "12.53", "new b": "2.72", "loss": "673.36"},
}


def exact_epochs(count=3):
    """The article's first epochs from m = b = 0, as exact fractions (plain Python)."""
    m = b = Fraction(0)
    epochs = {}
    for k in range(1, count + 1):
        pred = [m * x + b for x in HOURS]
        res = [y - p for y, p in zip(MONEY, pred, strict=True)]
        prod = [x * r for x, r in zip(HOURS, res, strict=True)]
        mean_prod, mean_res = sum(prod) / 5, sum(res) / 5
        dm, db = -2 * mean_prod, -2 * mean_res
        epochs[k] = {"predictions": pred, "residuals": res, "products": prod,
                     "mean product": mean_prod, "mean residual": mean_res, "dm": dm, "db": db,
                     "new m": m - RATE * dm, "new b": b - RATE * db,
                     "loss": sum(r * r for r in res) / 5}
        m, b = epochs[k]["new m"], epochs[k]["new b"]
    return epochs


EXACT = exact_epochs()


def shorten(value: Fraction, text: str, how) -> str:
    """The exact value with as many decimals as the printed text, cut or rounded by ``how``."""
    places = len(text.split(".")[1]) if "." in text else 0
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    out = format(decimal.quantize(Decimal(1).scaleb(-places), rounding=how), "f")
    return out.lstrip("-") if Decimal(out) == 0 else out


def figures():
    """(epoch, label, printed text, exact fraction) for each of the 66 printed figures."""
    rows = []
    for k, quoted in ARTICLE.items():
        for key, texts in quoted.items():
            if isinstance(texts, str):
                rows.append((k, key, texts, EXACT[k][key]))
            else:
                rows += [(k, f"{key} {name}", text, value)
                         for name, text, value in zip("abcde", texts, EXACT[k][key], strict=True)]
    return rows


# ----------------------------------------------------------------- the first guess
def test_first_guess_table_and_mse():
    y_pred = linreg.predict(X, 3, 60)
    assert y_pred.tolist() == [66, 69, 75, 78, 84]
    assert (Y - y_pred).tolist() == [-1, 1, 0, 7, 6]
    assert ((Y - y_pred) ** 2).tolist() == [1, 1, 0, 49, 36]
    assert linreg.loss_mse(Y, y_pred) == pytest.approx(17.4, abs=1e-12)
    assert shorten(Fraction(87, 5), "17.40", ROUND_HALF_UP) == "17.40"


# ------------------------------------------------------ the hand-worked epochs (slip 2)
def test_the_core_module_computes_the_exact_epochs():
    m, b = 0.0, 0.0
    for k in (1, 2, 3):
        y_pred = linreg.predict(X, m, b)
        dm, db = linreg.gradients(X, Y, y_pred)
        new_m, new_b = linreg.update(X, Y, y_pred, m, b, LEARNING_RATE)
        np.testing.assert_allclose(y_pred, [float(p) for p in EXACT[k]["predictions"]],
                                   rtol=0, atol=1e-9)
        assert (dm, db) == pytest.approx((float(EXACT[k]["dm"]), float(EXACT[k]["db"])),
                                         abs=1e-9)
        assert (new_m, new_b) == pytest.approx(
            (float(EXACT[k]["new m"]), float(EXACT[k]["new b"])), abs=1e-12)
        assert linreg.loss_mse(Y, y_pred) == pytest.approx(float(EXACT[k]["loss"]), abs=1e-9)
        m, b = new_m, new_b


def test_there_are_66_printed_figures():
    assert len(figures()) == 66
    assert all(len(quoted) == 10 and sum(len(v) if isinstance(v, list) else 1
                                         for v in quoted.values()) == 22
               for quoted in ARTICLE.values())


def test_65_of_66_figures_are_the_exact_values_cut_off():
    not_cut = [(k, label, text) for k, label, text, value in figures()
               if shorten(value, text, ROUND_DOWN) != text]
    assert not_cut == [(3, "residuals c", "17.11")]


def test_the_one_exception_is_rounded_and_is_y_minus_the_printed_prediction():
    value = EXACT[3]["residuals"][2]
    assert value == Fraction("17.10968")
    assert shorten(value, "17.11", ROUND_HALF_UP) == "17.11"
    assert shorten(value, "17.11", ROUND_DOWN) == "17.10"
    assert Decimal("75") - Decimal("57.89") == Decimal("17.11")


def test_where_cutting_and_rounding_differ_cutting_fits_nine_of_ten():
    differ = {(k, label): (shorten(value, text, ROUND_DOWN) == text,
                           shorten(value, text, ROUND_HALF_UP) == text)
              for k, label, text, value in figures()
              if shorten(value, text, ROUND_DOWN) != shorten(value, text, ROUND_HALF_UP)}
    assert sorted(differ) == sorted([
        (2, "new m"), (3, "predictions a"), (3, "predictions b"), (3, "predictions d"),
        (3, "residuals c"), (3, "products c"), (3, "dm"), (3, "db"), (3, "new m"),
        (3, "new b")])
    assert sum(cut for cut, _ in differ.values()) == 9
    assert [key for key, (_, rounded) in differ.items() if rounded] == [(3, "residuals c")]
    agree = [row for row in figures() if (row[0], row[1]) not in differ]
    assert len(agree) == 56


def test_epoch_two_slope_is_cut_not_rounded():
    new_m = EXACT[2]["new m"]
    assert new_m == Fraction("11.1176")
    assert shorten(new_m, "11.11", ROUND_DOWN) == "11.11"
    assert shorten(new_m, "11.11", ROUND_HALF_UP) == "11.12"


def test_the_written_formulas_of_epoch_three_do_not_give_the_printed_predictions():
    """The article writes 11.11 x + 2.30 but prints the exact predictions cut off."""
    written = [Fraction("11.11") * x + Fraction("2.30") for x in HOURS]
    assert [shorten(v, "0.00", ROUND_HALF_UP) for v in written] == [
        "24.52", "35.63", "57.85", "68.96", "91.18"]
    assert all(shorten(v, t, ROUND_HALF_UP) != t
               for v, t in zip(written, ARTICLE[3]["predictions"], strict=True))
    assert [shorten(v, t, ROUND_DOWN) for v, t in zip(EXACT[3]["predictions"],
                                                      ARTICLE[3]["predictions"], strict=True)
            ] == ARTICLE[3]["predictions"]
    assert EXACT[2]["new m"] * 2 + EXACT[2]["new b"] == Fraction("24.53752")
    # Exercise 1 of @sec-notes: the largest gap to the exact predictions, slope cut or rounded.
    gap_cut = max(abs(Fraction("11.11") * x + Fraction("2.30") - p)
                  for x, p in zip(HOURS, EXACT[3]["predictions"], strict=True))
    gap_rounded = max(abs(Fraction("11.12") * x + Fraction("2.30") - p)
                      for x, p in zip(HOURS, EXACT[3]["predictions"], strict=True))
    assert float(gap_cut) == pytest.approx(0.06312) and float(gap_rounded) == pytest.approx(
        0.01688)
    assert float(gap_cut / gap_rounded) == pytest.approx(3.7, abs=0.05)


def test_the_printed_losses_are_the_exact_losses():
    for k, text in ((1, "6015"), (2, "1512.97"), (3, "673.36")):
        assert shorten(EXACT[k]["loss"], text, ROUND_DOWN) == text
        assert shorten(EXACT[k]["loss"], text, ROUND_HALF_UP) == text
    assert EXACT[2]["loss"] == Fraction("1512.97496")
    losses = [EXACT[k]["loss"] for k in (1, 2, 3)]
    assert losses[1] < losses[0] / 2 and losses[2] < losses[1] / 2
    assert round(float(100 * losses[2] / losses[1])) == 45


# ------------------------------------------------------------------------ slip 1
def test_epoch_three_loss_and_its_written_formula():
    # The article writes this loss as the mean of the squared PRODUCTS
    # (80.92^2 + 103.03^2 + ...)/5, which is about ten times larger.
    printed_products = [Fraction(t) for t in ARTICLE[3]["products"]]
    printed_residuals = [Fraction(t) for t in ARTICLE[3]["residuals"]]
    assert sum(p * p for p in printed_products) / 5 == Fraction("6757.105")
    written_exact = sum(p * p for p in EXACT[3]["products"]) / 5
    assert float(written_exact) == pytest.approx(6757.8591, abs=1e-4)
    assert round(float(written_exact / EXACT[3]["loss"])) == 10
    assert float(sum(r * r for r in printed_residuals) / 5) == pytest.approx(673.2434, abs=1e-4)
    assert float(EXACT[3]["loss"]) == pytest.approx(673.363238, abs=1e-6)


def test_the_written_formula_of_slip_one_is_not_the_loss_in_any_epoch():
    squared_products = [float(sum(p * p for p in EXACT[k]["products"]) / 5) for k in (1, 2, 3)]
    assert squared_products == pytest.approx([196025, 30011.74592, 6757.859116], abs=1e-6)
    assert all(s > 9 * float(EXACT[k]["loss"]) for k, s in zip((1, 2, 3), squared_products,
                                                                strict=True))


# ------------------------------------------------------------------------ slip 4
def test_missing_parentheses_change_the_products_from_epoch_two_on():
    pred = EXACT[2]["predictions"]
    as_written = [x * y - p for x, y, p in zip(HOURS, MONEY, pred, strict=True)]
    assert as_written == [Fraction(v) for v in ("112.9", "185.12", "334.56", "461.78",
                                                "656.22")]
    assert EXACT[2]["products"] == [Fraction(v) for v in ARTICLE[2]["products"]]


# ------------------------------------------------------------------ 3000 epochs
@pytest.fixture(scope="module")
def full_run():
    return linreg.fit(X, Y, learning_rate=LEARNING_RATE, epochs=3000)


def test_final_printout(full_run):
    # The article's "Final Loss" is the loss BEFORE the last update (loss_history[-1]).
    assert f"{full_run.loss_history[-1]:.4f}" == "3.4649"
    assert f"{full_run.m:.4f}" == "4.2550"
    assert f"{full_run.b:.4f}" == "56.5754"
    # Slip 3: that loss is not the loss of the printed (m, b); the two differ by 1.3e-8.
    gap = full_run.loss_history[-1] - full_run.loss
    assert gap == pytest.approx(1.33e-8, rel=0.01)
    assert f"{full_run.loss:.4f}" == "3.4649"


def test_article_loop_equals_fit(full_run):
    loss_history, params_before, m, b = article_loop(X, Y)
    slope_history = np.vstack([params_before[1:], [m, b]])  # the article records (m, b) after
    np.testing.assert_allclose(loss_history, full_run.loss_history, rtol=0, atol=1e-9)
    np.testing.assert_allclose([m, b], [full_run.m, full_run.b], rtol=0, atol=1e-9)
    # slope_history holds (m, b) AFTER each update: fit's trajectory without its first row.
    np.testing.assert_allclose(slope_history, full_run.trajectory()[0][1:], rtol=0, atol=1e-9)
    np.testing.assert_allclose(full_run.param_history[1:], slope_history[:-1], rtol=0, atol=1e-9)
    # Slip 6: slope_history[0] is the line whose loss is loss_history[1].
    m0, b0 = slope_history[0]
    assert np.mean((Y - (m0 * X + b0)) ** 2) == pytest.approx(loss_history[1])
    assert loss_history[0] == 6015 and (m0, b0) == pytest.approx((7.78, 1.54))


def test_a_stopping_tolerance_ends_the_run_early():
    """Slip 7: the flowchart's 'significant difference', as tol = 1e-4 (plain numpy)."""
    loss_history, params, _, _ = article_loop(X, Y)
    improvements = loss_history[:-1] - loss_history[1:]
    # fit stops before an update when the previous epoch improved the loss by less than tol.
    first = int(np.argmax(improvements < 1e-4)) + 1  # epochs run before stopping
    run = linreg.fit(X, Y, learning_rate=LEARNING_RATE, epochs=3000, tol=1e-4)
    assert run.stop_reason == "tol" and run.epochs_run == first == 1612
    assert f"{run.loss_history[-1]:.4f}" == "3.4803" == f"{loss_history[first]:.4f}"
    assert (f"{run.m:.4f}", f"{run.b:.4f}") == ("4.3078", "56.2733")


def test_the_final_line_is_close_to_the_minimiser_but_not_on_it(full_run):
    slope, intercept = np.polyfit(X, Y, 1)
    assert (f"{slope:.4f}", f"{intercept:.4f}") == ("4.2544", "56.5789")
    assert f"{abs(full_run.m - slope):.4f}" == "0.0006"
    assert f"{abs(full_run.b - intercept):.4f}" == "0.0035"
