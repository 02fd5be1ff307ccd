"""The playground's arithmetic on its own, under node, against linreg.

tests/playground_descent.js loads the playground's scripts (plot_utils.PLAYGROUND_SCRIPTS,
in order, without a DOM) and runs the cases this module sends it: runs of the descent
(playground/descent.js), the worked arithmetic under the epoch table, and the reading of a
typed number. One node process answers them all. Without node the tests skip, except
under CI (`CI` set), where they fail.
"""

import json
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

import linreg
import plot_utils

DRIVER = Path(__file__).resolve().parent / "playground_descent.js"
X, Y = linreg.article_data()


def run_case(x, y, rate, beta=0.0, epochs=0, centred=False, m=0.0, b=0.0, until_settled=False):
    return {"kind": "run", "x": list(map(float, x)), "y": list(map(float, y)), "rate": rate,
            "beta": beta, "epochs": epochs, "centred": centred, "m": m, "b": b,
            "untilSettled": until_settled}


def random_runs():
    """Random data, rates below and above the limit, momentum, centring and starts."""
    rng = np.random.default_rng(18)
    cases = []
    for index in range(24):
        n = int(rng.integers(2, 15))
        x = np.round(rng.uniform(-5, 12, n), 1)
        y = np.round(rng.uniform(-3, 8) * x + rng.uniform(-20, 80) + rng.normal(0, 5, n), 1)
        centred = index % 4 == 1
        beta = [0.0, 0.0, 0.5, 0.9][index % 4]
        fitted = x - x.mean() if centred else x
        share = rng.uniform(0.2, 0.95) if index % 3 else rng.uniform(1.02, 1.3)
        rate = float(f"{share * linreg.max_stable_learning_rate(fitted, beta):.4g}")
        m, b = (0.0, 0.0) if index % 2 else (float(rng.normal(0, 3)), float(rng.normal(0, 30)))
        cases.append(run_case(x, y, rate, beta, int(rng.integers(1, 400)), centred, m, b))
    return cases


NEAR_LIMIT = [0.034, 0.0347, 0.035, 0.0351]  # issue 18, bug 1: Play ran to the cap
WORKED = [
    {"meanResidual": 77.0, "meanWeighted": 389.0, "m": 0.0, "b": 0.0, "rate": 0.01, "beta": 0.0,
     "vm": 0.0, "vb": 0.0},
    # issue 18, bug 7: "-2 x 29.806203 = -59.612407" and "-2 x -0.000099 = 0.000199"
    {"meanResidual": -0.0000994, "meanWeighted": 29.8062034, "m": 4.2541234567,
     "b": 56.5712345678, "rate": 0.0347, "beta": 0.0, "vm": 0.0, "vb": 0.0},
]
TYPED = {"0,02": 0.02, " 0.035 ": 0.035, ".5": 0.5, "1e-3": 0.001, "−0.01": -0.01, "abc": None,
         "": None, "0.0.1": None, "1,5,2": None, "12%": None}


def worked_cases():
    rng = np.random.default_rng(7)
    cases = [dict(c, bName="b") for c in WORKED]
    for _ in range(40):
        beta = float(rng.choice([0.0, 0.5, 0.9]))
        cases.append({"meanResidual": float(rng.normal(0, 10) * 10.0 ** rng.integers(-7, 2)),
                      "meanWeighted": float(rng.normal(0, 100) * 10.0 ** rng.integers(-7, 2)),
                      "m": float(rng.normal(4, 3)), "b": float(rng.normal(50, 30)),
                      "rate": float(f"{rng.uniform(1e-4, 0.1):.3g}"), "beta": beta,
                      "vm": float(rng.normal(0, 1)) if beta else 0.0,
                      "vb": float(rng.normal(0, 5)) if beta else 0.0, "bName": "b"})
    return cases


@pytest.fixture(scope="module")
def answers():
    """Every case, sent to one node process; {name: [result, ...]}."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is needed to test the playground's arithmetic")
        pytest.skip("node is not installed")
    groups = {
        "random": random_runs(),
        "article": [run_case(X, Y, 0.01, epochs=3), run_case(X, Y, 0.01, epochs=3000)],
        "diverging": [run_case(X, Y, rate, beta, 50) for rate, beta in
                      [(0.036, 0.0), (0.1, 0.0), (0.05, 0.5), (0.06, 0.5), (0.1, 0.9)]],
        "near limit": [run_case(X, Y, rate, until_settled=True) for rate in NEAR_LIMIT] +
                      [run_case(X[:2], Y[:2], 0.01, until_settled=True),
                       run_case([5, 5, 5], [65, 70, 75], 0.01, until_settled=True)],
        "worked": [dict(c, kind="worked") for c in worked_cases()],
        "typed": [{"kind": "typed", "texts": list(TYPED)}],
    }
    cases = [case for group in groups.values() for case in group]
    files = [str(plot_utils.PLAYGROUND_DIR / name) for name in plot_utils.PLAYGROUND_SCRIPTS]
    done = subprocess.run([node, str(DRIVER)], input=json.dumps({"files": files, "cases": cases}),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    results = iter(json.loads(done.stdout))
    return {name: [(case, next(results)) for case in group] for name, group in groups.items()}


def fit_of(case):
    """linreg.fit on the case's data, in the fit's coordinates, or its DivergenceError."""
    x, y = np.array(case["x"]), np.array(case["y"])
    fitted = x - x.mean() if case["centred"] else x
    b = case["b"] + case["m"] * (x.mean() if case["centred"] else 0.0)
    try:
        return fitted, linreg.fit(fitted, y, m=case["m"], b=b, learning_rate=case["rate"],
                                  epochs=case["epochs"], momentum=case["beta"])
    except linreg.DivergenceError as error:
        return fitted, error


def test_runs_equal_linreg_fit_and_stop_where_it_raises(answers):
    """m, b, the loss and every loss of the history to 1e-9; divergence at linreg's epoch."""
    cases = answers["random"] + answers["diverging"]
    assert sum(result["diverged"] for _, result in cases) >= 8
    assert sum(not result["diverged"] for _, result in cases) >= 16
    for case, result in cases:
        fitted, fit = fit_of(case)
        if isinstance(fit, linreg.DivergenceError):
            partial = fit.result
            assert result["diverged"], case
            assert result["k"] == partial.epochs_run, "stops after as many epochs as fit"
            history = partial.loss_history
        else:
            assert not result["diverged"] and result["k"] == case["epochs"], case
            history = np.append(fit.loss_history, fit.loss)
            partial = fit
        np.testing.assert_allclose([result["m"], result["b"], result["loss"]],
                                   [partial.m, partial.b, partial.loss], rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(result["losses"], history, rtol=1e-9)
        assert result["bound"] == pytest.approx(linreg.max_stable_learning_rate(fitted), rel=1e-9)
        assert result["limit"] == pytest.approx(
            linreg.max_stable_learning_rate(fitted, case["beta"]), rel=1e-9)
        if len(set(case["x"])) > 1:
            np.testing.assert_allclose([result["exactM"], result["exactB"]],
                                       linreg.least_squares(case["x"], case["y"]), rtol=1e-9,
                                       atol=1e-9)


def test_article_numbers_exactly(answers):
    (_, three), (_, full) = answers["article"]
    assert three["losses"] == [6015.0, pytest.approx(1512.97496, abs=5e-9),
                               pytest.approx(673.363238, abs=5e-7), three["loss"]]
    run = linreg.fit(X, Y, epochs=3000)
    assert [full["m"], full["b"]] == [run.m, run.b]
    assert full["loss"] == pytest.approx(run.loss, rel=1e-15)  # numpy sums in another order


def test_momentum_inside_its_limit_does_not_diverge(answers):
    """Issue 18, bug 2: rate 0.05 with momentum 0.5 rises past its start, then settles."""
    results = {(c["rate"], c["beta"]): r for c, r in answers["diverging"]}
    inside = results[(0.05, 0.5)]
    assert not inside["diverged"] and inside["k"] == 50
    assert max(inside["losses"]) > inside["losses"][0], "it did rise past its start"
    assert results[(0.06, 0.5)]["diverged"] and results[(0.036, 0.0)]["diverged"]


def test_runs_near_the_limit_settle(answers):
    """Issue 18, bug 1: near the limit, a run settles long before the cap, at the answer."""
    for case, result in answers["near limit"]:
        assert result["settledAt"] is not None and result["settledAt"] < 100_000, case
        if len(set(case["x"])) > 1:
            m, b = linreg.least_squares(case["x"], case["y"])
            assert abs(result["m"] - m) < 1e-6 and abs(result["b"] - b) < 1e-5
        assert result["loss"] <= result["minLoss"] * (1 + 1e-11) + 1e-20


NUMBER = r"[−-]?\d+(?:\.\d+)?"


def value(text):
    return Decimal(text.replace("−", "-").strip("()"))


def equalities(text):
    """Every chain "a = b = c" of a worked text, as its parts that hold only numbers."""
    chains = []
    for sentence in re.split(r"[;:,.](?:\s|$)", text):
        parts = [part.strip() for part in sentence.split("=")]
        numeric = [part for part in parts if re.fullmatch(rf"{NUMBER}(?:\s*[−+×]\s*\(?"
                                                          rf"{NUMBER}\)?)*", part)]
        if len(numeric) > 1:
            chains.append(numeric)
    return chains


def evaluate(expression):
    """a × b − c × d + e, as printed: × before + and −, brackets around negative numbers."""
    tokens = re.findall(rf"\(?{NUMBER}\)?|[×+−]", expression)
    total, sign, term = Decimal(0), 1, None
    for token in tokens + ["+"]:
        if token in "+−":
            total += sign * term
            sign, term = (1 if token == "+" else -1), None
        elif token == "×":
            continue
        else:
            term = value(token) if term is None else term * value(token)
    return total


def test_worked_arithmetic_multiplies_out_as_printed(answers):
    """Issue 18, bug 7: every equality of the gradient and the update holds exactly."""
    for case, worked in answers["worked"]:
        chains = equalities(worked["gradient"]) + equalities(worked["update"])
        assert len(chains) == (4 if case["beta"] == 0 else 6), worked
        for chain in chains:
            values = {evaluate(part) for part in chain}
            assert len(values) == 1, (chain, worked)
        # The inputs are the numbers as rounded; the gradient is within a unit of its last digit.
        assert abs(value(worked["dm"]) + 2 * Decimal(case["meanWeighted"])) <= Decimal("1.1e-6")
    first, slip = (worked for _, worked in answers["worked"][:2])
    assert "−2 × 389 = −778" in first["gradient"] and "= 0 + 7.78 = 7.78" in first["update"]
    assert "−2 × 29.806203 = −59.612406" in slip["gradient"]
    assert "−2 × (−0.000099) = 0.000198" in slip["gradient"]


def test_typed_numbers_take_a_decimal_comma(answers):
    [(_, read)] = answers["typed"]
    assert dict(zip(TYPED, read)) == TYPED
