"""Chapter 13's claims: the sums path equals the per-epoch path, the chunked epoch kernel
equals a plain numpy computation, and the recorded benchmark has the shape the chapter reads.

Nothing here is timed: the timings live in benchmarks/results.json, written by
benchmarks/bench_core.py.
"""

import datetime
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from reference import article_loop

import linreg

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results.json"
AGREE = 1e-9  # relative agreement between the two paths
KERNEL = 1e-12  # relative agreement of the chunked kernel with a plain computation


def synthetic(n, offset=0.0, seed=0):
    """n points, x uniform over a range of ten starting at offset, y = 4 x + 55 + noise."""
    rng = np.random.default_rng(seed)
    X = offset + rng.uniform(0.0, 10.0, n)
    return X, 4.0 * X + 55.0 + rng.normal(0.0, 3.0, n)


def relative_gap(a, b):
    """Largest |a - b| / |b| over the entries (entries where both are 0 count as equal)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), np.finfo(float).tiny)))


# (name, X, y, learning_rate, epochs): rates are a safe fraction of the stable bound.
DATA = {
    "article": (*linreg.article_data(), 0.01, 3000),
    "1000 points": (*synthetic(1000, seed=1), 0.01, 2000),
    "not a chunk multiple": (*synthetic(3 * linreg._CHUNK + 17, seed=2), 0.01, 300),
    "100000 points": (*synthetic(100_000, seed=3), 0.01, 200),
    "negative slope": (np.linspace(-5, 5, 501), 7.0 - 2.0 * np.linspace(-5, 5, 501)
                       + np.random.default_rng(4).normal(0, 1, 501), 0.02, 500),
}
X_far, y_far = synthetic(20_000, offset=1e6, seed=5)
DATA["x offset 1e6"] = (X_far, y_far, 0.5 * linreg.max_stable_learning_rate(X_far), 300)


@pytest.mark.parametrize("name", list(DATA))
def test_sums_and_residuals_paths_agree(name):
    X, y, learning_rate, epochs = DATA[name]
    plain = linreg.fit(X, y, learning_rate=learning_rate, epochs=epochs, method="residuals")
    summed = linreg.fit(X, y, learning_rate=learning_rate, epochs=epochs, method="sums")
    assert plain.stop_reason == summed.stop_reason == "epochs"
    assert relative_gap([summed.m, summed.b], [plain.m, plain.b]) <= AGREE
    assert relative_gap(summed.loss_history, plain.loss_history) <= AGREE
    assert relative_gap(summed.param_history, plain.param_history) <= AGREE
    assert summed.loss == pytest.approx(plain.loss, rel=AGREE)
    # and the run did something: the loss fell
    assert plain.loss_history[-1] < plain.loss_history[0]


def test_paths_agree_when_stopping_on_tol():
    X, y, _, _ = DATA["1000 points"]
    plain = linreg.fit(X, y, epochs=100_000, tol=1e-9, method="residuals")
    summed = linreg.fit(X, y, epochs=100_000, tol=1e-9, method="sums")
    assert plain.stop_reason == summed.stop_reason == "tol"
    # a loss improvement that sits within rounding of tol could stop one run an epoch later
    assert abs(plain.epochs_run - summed.epochs_run) <= 1
    assert relative_gap([summed.m, summed.b], [plain.m, plain.b]) <= 1e-7


def test_sums_path_reaches_least_squares_on_large_data():
    X, y, _, _ = DATA["100000 points"]
    run = linreg.fit(X, y, learning_rate=linreg.fastest_learning_rate(X), epochs=5000,
                     method="sums")
    assert (run.m, run.b) == pytest.approx(linreg.least_squares(X, y), rel=1e-9)


def plain_sums(X, y, m, b):
    """(sum r^2, sum x r, sum r) for r = y - (m x + b), summed exactly with math.fsum."""
    r = y - (m * X + b)
    return math.fsum(r * r), math.fsum(X * r), math.fsum(r)


CHUNK = linreg._CHUNK
SIZES = [1, 2, 5, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 17]


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("m, b", [(0.0, 0.0), (3.0, 60.0), (4.1, 54.5)])
def test_residual_sums_equals_plain_numpy(n, m, b):
    X, y = synthetic(n, seed=n)
    buffer = np.full(min(n, CHUNK), np.nan)  # as fit allocates it; stale contents must not leak
    got = linreg._residual_sums(X, y, m, b, buffer)
    expected = plain_sums(X, y, m, b)
    # sum r and sum x r can be small beside their terms: compare to the terms' size
    scales = [expected[0], math.fsum(np.abs(X * (y - (m * X + b)))),
              math.fsum(np.abs(y - (m * X + b)))]
    for value, exact, scale in zip(got, expected, scales):
        assert abs(value - exact) <= KERNEL * scale


def test_residual_sums_on_many_small_chunks(monkeypatch):
    """Chunk boundaries in the middle of the data: the same sums with a tiny chunk."""
    X, y = synthetic(1003, seed=7)
    monkeypatch.setattr(linreg, "_CHUNK", 10)
    got = linreg._residual_sums(X, y, 3.5, 58.0, np.empty(10))
    assert got == pytest.approx(plain_sums(X, y, 3.5, 58.0), rel=KERNEL)


def test_residual_sums_does_not_touch_the_data():
    X, y = synthetic(CHUNK + 5, seed=8)
    X_copy, y_copy = X.copy(), y.copy()
    linreg._residual_sums(X, y, 2.0, 1.0, np.empty(CHUNK))
    assert np.array_equal(X, X_copy) and np.array_equal(y, y_copy)


def test_fit_residuals_is_the_article_loop_on_chunked_data():
    """fit's per-epoch path against the article's loop, on data spanning several chunks."""
    X, y = synthetic(2 * CHUNK + 3, seed=9)
    m = b = 0.0
    losses = []
    for _ in range(25):
        y_pred = m * X + b
        losses.append(np.mean((y - y_pred) ** 2))
        dm, db = -2 * np.mean(X * (y - y_pred)), -2 * np.mean(y - y_pred)
        m, b = m - 0.01 * dm, b - 0.01 * db
    run = linreg.fit(X, y, learning_rate=0.01, epochs=25)
    assert run.loss_history == pytest.approx(losses, rel=1e-12)
    assert (run.m, run.b) == pytest.approx((m, b), rel=1e-12)


# ------------------------------------------------------------------ the recorded benchmark
@pytest.fixture(scope="module")
def results():
    return json.loads(RESULTS.read_text())


def test_results_have_machine_date_and_settings(results):
    assert {"date", "machine", "settings", "results", "units"} <= set(results)
    datetime.date.fromisoformat(results["date"])
    machine = results["machine"]
    for key in ("numpy", "python", "blas", "cpu_count", "processor", "platform",
                "OPENBLAS_CORETYPE"):
        assert key in machine, key
    assert isinstance(machine["cpu_count"], int) and machine["cpu_count"] >= 1
    settings = results["settings"]
    assert settings["sizes"] == [10**3, 10**4, 10**5, 10**6, 10**7]
    assert settings["epochs"] >= 1 and settings["sums_epochs_min"] >= 1
    assert settings["repeats"] >= 3


RATIOS = ["epoch_ratio", "kernel_ratio", "naive_epoch_ratio", "naive_over_epoch",
          "sums_setup_ratio", "least_squares_ratio", "polyfit_ratio"]


def test_results_cover_every_size_with_every_measure(results):
    rows = results["results"]
    assert [row["n"] for row in rows] == results["settings"]["sizes"]
    for row in rows:
        for key in ["dot_seconds", "epoch_seconds", "sums_epoch_microseconds", *RATIOS]:
            assert math.isfinite(row[key]) and row[key] > 0, (row["n"], key)
        assert row["sums_epochs"] >= results["settings"]["sums_epochs_min"]
        for key in ["dot", "naive_epoch", "fit_sums_1", "least_squares", "polyfit"]:
            assert row["seconds"][key] > 0, (row["n"], key)
        # ratios are what they say they are
        assert row["epoch_ratio"] == pytest.approx(row["epoch_seconds"] / row["dot_seconds"])
        assert row["polyfit_ratio"] == pytest.approx(
            row["seconds"]["polyfit"] / row["dot_seconds"])


def test_results_record_that_the_paths_agreed(results):
    for row in results["results"]:
        agreement = row["agreement"]
        assert set(agreement) >= {"sums_vs_plain", "sums_vs_plain_loss_history",
                                  "naive_vs_plain", "polyfit_vs_least_squares"}
        assert all(0 <= value <= AGREE for value in agreement.values()), row["n"]


def test_results_show_the_shapes_the_chapter_describes(results):
    """Robust facts, not timings: an epoch grows with n, the sums epoch does not."""
    rows = results["results"]
    epochs = [row["epoch_seconds"] for row in rows]
    assert epochs[-1] > 100 * epochs[0]  # a 10^4 times larger data set
    sums_epochs = [row["sums_epoch_microseconds"] for row in rows]
    assert max(sums_epochs) < 10 * min(sums_epochs)


@pytest.mark.parametrize("n, parallel", [(linreg._FUSED_MIN_POINTS + 123, False),
                                         (linreg._PARALLEL_MIN_POINTS + 45, True)])
def test_large_data_use_a_compiled_kernel_that_agrees_with_the_numpy_chunks(
        monkeypatch, n, parallel):
    pytest.importorskip("numba")
    X, y = synthetic(n, seed=7)
    assert linreg._epoch_sums(X) is linreg._fused_kernel(parallel)
    fused = linreg.fit(X, y, learning_rate=0.01, epochs=40)
    monkeypatch.setattr(linreg, "_FUSED_MIN_POINTS", 10**12)  # force the numpy chunks
    assert linreg._epoch_sums(X) is not linreg._fused_kernel(parallel)
    chunks = linreg.fit(X, y, learning_rate=0.01, epochs=40)
    np.testing.assert_allclose(fused.loss_history, chunks.loss_history, rtol=1e-12)
    assert (fused.m, fused.b) == pytest.approx((chunks.m, chunks.b), rel=1e-12)


def test_without_numba_large_data_fall_back_to_the_numpy_chunks(monkeypatch):
    X, y = synthetic(linreg._PARALLEL_MIN_POINTS, seed=8)
    monkeypatch.setattr(linreg, "_fused_kernel", lambda parallel: None)
    result = linreg.fit(X, y, learning_rate=0.01, epochs=5)
    losses, _, m, b = article_loop(X, y, learning_rate=0.01, epochs=5)
    np.testing.assert_allclose(result.loss_history, losses, rtol=1e-12)
    assert (result.m, result.b) == pytest.approx((m, b), rel=1e-12)


def test_small_data_never_import_numba():
    code = ("import sys, linreg; X, y = linreg.article_data(); linreg.fit(X, y);"
            "print('numba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
