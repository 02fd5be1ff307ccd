"""Every figure the source article prints, checked against the core module.

The article's numbers are quoted below as strings, with the digits it prints. A value
"matches" a quotation when the exact value, rounded to the quotation's number of
decimals, gives the same string. Where the article's digits are genuinely off (it cut
digits off instead of rounding, or carried rounded inputs), the test asserts the
corrected value and a comment names the slip; chapter 7 (@sec-notes) discusses each.
"""

import numpy as np
import pytest
from reference import article_loop

import linreg

X, Y = linreg.article_data()
LEARNING_RATE = 0.01


def places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def printed(value, text: str) -> str:
    """The value rounded to the decimals of ``text``, formatted as the article prints it."""
    out = f"{float(value):.{places(text)}f}"
    return out.lstrip("-") if float(out) == 0 else out


def assert_prints(value, text: str):
    assert printed(value, text) == text, f"exact {value!r} prints as {printed(value, text)}"


def hand_epochs(count=3):
    """The article's first epochs from m = b = 0, each quantity at full precision."""
    m, b, epochs = 0.0, 0.0, []
    for _ in range(count):
        y_pred = linreg.predict(X, m, b)
        residual = Y - y_pred
        dm, db = linreg.gradients(X, Y, y_pred)
        new_m, new_b = linreg.update(X, Y, y_pred, m, b, LEARNING_RATE)
        epochs.append({
            "predictions": y_pred, "residuals": residual, "products": X * residual,
            "mean product": np.mean(X * residual), "mean residual": np.mean(residual),
            "dm": dm, "db": db, "new m": new_m, "new b": new_b,
            "loss": linreg.loss_mse(Y, y_pred),
        })
        m, b = new_m, new_b
    return epochs


EPOCHS = hand_epochs()


# ----------------------------------------------------------------- the first guess
def test_first_guess_table_and_mse():
    y_pred = linreg.predict(X, 3, 60)
    assert y_pred.tolist() == [66, 69, 75, 78, 84]
    assert (Y - y_pred).tolist() == [-1, 1, 0, 7, 6]
    assert ((Y - y_pred) ** 2).tolist() == [1, 1, 0, 49, 36]
    assert_prints(linreg.loss_mse(Y, y_pred), "17.40")


# ------------------------------------------------------------------ epochs 1 and 2
# Quotations of the article, epoch 1 (m = b = 0) and epoch 2 (m = 7.78, b = 1.54).
ARTICLE_EPOCH_1_2 = {
    0: {"predictions": ["0", "0", "0", "0", "0"],
        "residuals": ["65", "70", "75", "85", "90"],
        "products": ["130", "210", "375", "510", "720"],
        "mean product": "389", "mean residual": "77", "dm": "-778", "db": "-154",
        "new m": "7.78", "new b": "1.54", "loss": "6015"},
    1: {"predictions": ["17.1", "24.88", "40.44", "48.22", "63.78"],
        "residuals": ["47.9", "45.12", "34.56", "36.78", "26.22"],
        "products": ["95.8", "135.36", "172.8", "220.68", "209.76"],
        "mean product": "166.88", "mean residual": "38.116", "dm": "-333.76", "db": "-76.23",
        # new m: the article prints 11.11 (slip: 11.1176 with digits cut off); rounded: 11.12
        "new m": "11.12", "new b": "2.30", "loss": "1512.97"},
}


@pytest.mark.parametrize("epoch", [0, 1])
def test_epochs_one_and_two(epoch):
    for key, quoted in ARTICLE_EPOCH_1_2[epoch].items():
        values = np.atleast_1d(EPOCHS[epoch][key])
        texts = quoted if isinstance(quoted, list) else [quoted]
        for value, text in zip(values, texts, strict=True):
            assert_prints(value, text)


def test_epoch_two_slope_is_cut_not_rounded():
    """Slip: after epoch 2 the article writes m = 11.11; exact 11.1176 rounds to 11.12."""
    new_m = EPOCHS[1]["new m"]
    assert new_m == pytest.approx(11.1176, abs=1e-12)
    assert printed(new_m, "11.11") != "11.11"
    assert np.trunc(new_m * 100) / 100 == pytest.approx(11.11)


# ---------------------------------------------------------------------- epoch 3
def test_epoch_three_predictions():
    # The article prints 24.53, 35.65, 57.89, 69.00, 91.24. Slip: three of them (a, b, d)
    # are exact values with digits cut off; rounded they are 24.54, 35.66, 69.01.
    # (From its own rounded m = 11.11, b = 2.30 they would be 24.52 ... 91.18.)
    for value, text in zip(EPOCHS[2]["predictions"],
                           ["24.54", "35.66", "57.89", "69.01", "91.24"], strict=True):
        assert_prints(value, text)
    assert linreg.predict(X, 11.11, 2.30)[3] == pytest.approx(68.96)
    assert linreg.predict(X, 11.11, 2.30)[4] == pytest.approx(91.18)


def test_epoch_three_residuals_and_products():
    for value, text in zip(EPOCHS[2]["residuals"],
                           ["40.46", "34.34", "17.11", "15.99", "-1.24"], strict=True):
        assert_prints(value, text)
    # The article prints 85.54 for point c. Slip: 85.5484 cut off; rounded it is 85.55.
    for value, text in zip(EPOCHS[2]["products"],
                           ["80.92", "103.03", "85.55", "95.95", "-9.94"], strict=True):
        assert_prints(value, text)
    # Slip: 65 - 24.53 (its printed prediction) is 40.47, not its printed 40.46.
    assert 65 - 24.53 == pytest.approx(40.47)


def test_epoch_three_means_gradient_and_step():
    epoch = EPOCHS[2]
    assert_prints(epoch["mean product"], "71.1")
    assert_prints(epoch["mean residual"], "21.33")
    # The article prints dm = -142.20 and db = -42.66 (twice its rounded means 71.1 and
    # 21.33). Slip: the exact values -142.206208 and -42.6664 round to -142.21 and -42.67.
    assert_prints(epoch["dm"], "-142.21")
    assert_prints(epoch["db"], "-42.67")
    assert -2 * 71.1 == pytest.approx(-142.20)
    # The article prints m = 12.53, b = 2.72. Slip: exact 12.53966208 and 2.728984 round
    # to 12.54 and 2.73 (12.53 follows from its rounded inputs; 2.72 from neither).
    assert_prints(epoch["new m"], "12.54")
    assert_prints(epoch["new b"], "2.73")
    assert 11.11 - 0.01 * -142.20 == pytest.approx(12.532)
    assert 2.30 - 0.01 * -42.66 == pytest.approx(2.7266)


def test_epoch_three_loss_and_its_written_formula():
    epoch = EPOCHS[2]
    assert_prints(epoch["loss"], "673.36")
    # Slip: the article writes this loss as the mean of the squared PRODUCTS
    # (80.92^2 + 103.03^2 + ...)/5, which is about ten times larger.
    written = np.mean(np.array([80.92, 103.03, 85.54, 95.95, -9.94]) ** 2)
    assert written == pytest.approx(6757.105)
    assert np.mean(epoch["products"] ** 2) == pytest.approx(6757.8591, abs=1e-4)
    assert printed(np.mean(epoch["products"] ** 2), "673.36") != "673.36"


def test_losses_more_than_halve():
    losses = [epoch["loss"] for epoch in EPOCHS]
    assert [printed(v, t) for v, t in zip(losses, ["6015", "1512.97", "673.36"])] == [
        "6015", "1512.97", "673.36"]
    assert losses[1] < losses[0] / 2 and losses[2] < losses[1] / 2


def test_hand_epochs_match_fit():
    run = linreg.fit(X, Y, learning_rate=LEARNING_RATE, epochs=3)
    np.testing.assert_allclose(run.loss_history, [e["loss"] for e in EPOCHS], rtol=1e-12)
    starts = [(0.0, 0.0)] + [(e["new m"], e["new b"]) for e in EPOCHS[:2]]
    np.testing.assert_allclose(run.param_history, starts, rtol=1e-12)
    assert (run.m, run.b) == pytest.approx((EPOCHS[2]["new m"], EPOCHS[2]["new b"]), rel=1e-12)


# ------------------------------------------------------------------ 3000 epochs
@pytest.fixture(scope="module")
def full_run():
    return linreg.fit(X, Y, learning_rate=LEARNING_RATE, epochs=3000)


def test_final_printout(full_run):
    # The article's "Final Loss" is the loss BEFORE the last update (loss_history[-1]).
    assert f"{full_run.loss_history[-1]:.4f}" == "3.4649"
    assert f"{full_run.m:.4f}" == "4.2550"
    assert f"{full_run.b:.4f}" == "56.5754"
    # Slip: that loss is not the loss of the printed (m, b); the two differ by about 1e-8.
    assert full_run.loss_history[-1] - full_run.loss == pytest.approx(1.33e-8, rel=0.01)
    assert f"{full_run.loss:.4f}" == "3.4649"


def test_article_loop_equals_fit(full_run):
    loss_history, params_before, m, b = article_loop(X, Y)
    slope_history = np.vstack([params_before[1:], [m, b]])  # the article records (m, b) after
    np.testing.assert_allclose(loss_history, full_run.loss_history, rtol=0, atol=1e-9)
    np.testing.assert_allclose([m, b], [full_run.m, full_run.b], rtol=0, atol=1e-9)
    # slope_history holds (m, b) AFTER each update: fit's trajectory without its first row.
    np.testing.assert_allclose(slope_history, full_run.trajectory()[0][1:], rtol=0, atol=1e-9)
    np.testing.assert_allclose(full_run.param_history[1:], slope_history[:-1], rtol=0, atol=1e-9)
