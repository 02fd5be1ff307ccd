"""Chapter 14's claims ("Scaling up"): the sums path equals the per-epoch path, the chunked
epoch kernel equals a plain numpy computation, pieces of the sums combine into the sums of
the whole (also through Dask, on data on disk), and the recorded benchmark has the shape
and the numbers the chapter reads.

Nothing here is timed: the timings live in benchmarks/results.json, written by
benchmarks/bench_core.py.
"""

import datetime
import itertools
import json
import math
import subprocess
import sys
from fractions import Fraction
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


def test_the_serial_and_parallel_kernels_are_cached_apart():
    """numba's disk cache is keyed by name: the two variants must not share machine code."""
    pytest.importorskip("numba")
    serial, parallel = linreg._fused_kernel(False), linreg._fused_kernel(True)
    assert serial.targetoptions.get("parallel", False) is False
    assert parallel.targetoptions["parallel"] is True
    assert serial.py_func.__qualname__ != parallel.py_func.__qualname__
    assert {type(k._cache).__name__ for k in (serial, parallel)} == {"FunctionCache"}  # on disk


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


# ------------------------------------------------------------------ the chapter's numbers
def test_five_sums_give_the_first_gradient_and_loss():
    X, y = linreg.article_data()
    n, sx, sy, sxx, sxy, syy = len(X), sum(X), sum(y), sum(X * X), sum(X * y), sum(y * y)
    assert (n, sx, sy, sxx, sxy, syy) == (5, 24, 385, 138, 1945, 30075)
    # at m = b = 0: the article's first epoch, computed point by point
    assert -2 / n * sxy == -2 * np.mean(X * y) == -778
    assert -2 / n * sy == -154 and syy / n == np.mean(y**2) == 6015


def test_article_run_from_sums_equals_the_per_epoch_run_to_1e12():
    X, y = linreg.article_data()
    losses, params, m, b = article_loop(X, y, learning_rate=0.01, epochs=3000)
    for method in ("residuals", "sums"):
        run = linreg.fit(X, y, learning_rate=0.01, epochs=3000, method=method)
        assert relative_gap([run.m, run.b], [m, b]) <= 1e-12
        assert relative_gap(run.loss_history, losses) <= 1e-12


def exact_mse(X, y, m, b):
    m, b = Fraction(m), Fraction(b)
    return float(sum((Fraction(yi) - m * Fraction(xi) - b) ** 2 for xi, yi in zip(X, y))
                 / len(X))


def test_cancellation_table():
    """Raw sums lose digits as x moves from zero; the centred sums keep at least 8."""
    rng = np.random.default_rng(0)
    spread, noise = rng.uniform(0, 10, 1000), rng.normal(0, 3, 1000)
    digits = []
    for offset in (0.0, 1e3, 1e6, 1e8):
        X, y = offset + spread, 4 * (offset + spread) + 55 + noise
        exact = exact_mse(X, y, 4.0, 55.0)
        assert exact == pytest.approx(9.466106, abs=1e-6)
        n = len(X)
        raw = (math.fsum(y * y) - 8 * math.fsum(X * y) - 110 * math.fsum(y)
               + 16 * math.fsum(X * X) + 440 * math.fsum(X) + n * 55.0**2) / n
        digits.append(-math.log10(abs(raw - exact) / exact) if raw != exact else 99)
        assert linreg.line_stats(X, y).loss(4.0, 55.0) == pytest.approx(exact, rel=1e-8)
    assert digits[0] >= 8 and digits[1] >= 8 and 3 <= digits[2] < 4 and digits[3] < 1


def benchmark_data(n, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 10.0, n)
    return x, 4.0 * x + 55.0 + rng.normal(0.0, 3.0, n)


def epochs_from_sums(x, y, rate, tol):
    """The stopping rule of fit, run on math.fsum sums with plain floats: epochs run."""
    n, sx, sy = len(x), math.fsum(x), math.fsum(y)
    sxx, sxy, syy = math.fsum(x * x), math.fsum(x * y), math.fsum(y * y)
    xm, ym = sx / n, sy / n
    cxx, cxy, cyy = sxx - n * xm * xm, sxy - n * xm * ym, syy - n * ym * ym
    m = b = 0.0
    previous = None
    for epoch in range(1, 100_001):
        d = ym - m * xm - b
        loss = (cyy - 2 * m * cxy + m * m * cxx) / n + d * d
        if previous is not None and previous - loss < tol:
            return epoch
        previous = loss
        db = -2 * d
        dm = -2 * (cxy - m * cxx) / n + xm * db
        m, b = m - rate * dm, b - rate * db
    raise AssertionError("did not stop")


def test_epochs_depend_on_the_condition_number_not_on_n():
    limit = np.linalg.eigvalsh(2 * np.array([[100 / 3, 5.0], [5.0, 1.0]]))
    assert limit[1] / limit[0] == pytest.approx(139.45, abs=0.01)
    assert (100 / 12) / 1 == pytest.approx(8.33, abs=0.01)  # centred: diag(2 var, 2)
    epochs = {}
    for n in (10**4, 10**5, 4 * 10**5):
        x, y = benchmark_data(n)
        lam = np.linalg.eigvalsh(2 / n * np.array([[x @ x, x.sum()], [x.sum(), n]]))
        assert lam[1] / lam[0] == pytest.approx(139.45, rel=0.01)
        epochs[n] = epochs_from_sums(x, y, 2 / lam.sum(), 1e-10)
        xc = x - x.mean()
        lam_c = np.linalg.eigvalsh(2 / n * np.array([[xc @ xc, 0.0], [0.0, n]]))
        assert lam_c[1] / lam_c[0] == pytest.approx(8.33, rel=0.01)
        assert 60 <= epochs_from_sums(xc, y, 2 / lam_c.sum(), 1e-10) <= 70
    assert max(epochs.values()) - min(epochs.values()) <= 10
    assert 970 <= min(epochs.values())
    # and fit agrees with the independent loop
    x, y = benchmark_data(10**5)
    run = linreg.fit(x, y, learning_rate=linreg.fastest_learning_rate(x), epochs=100_000,
                     tol=1e-10, method="sums")
    assert abs(run.epochs_run - epochs[10**5]) <= 1


# ------------------------------------------------------------------ combining pieces
def centred_sums(x, y):
    """(n, means, centred sums) with math.fsum: the summary of the joined data, independently."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    xm, ym = math.fsum(x) / len(x), math.fsum(y) / len(y)
    return (len(x), xm, ym, math.fsum((x - xm) ** 2), math.fsum((x - xm) * (y - ym)),
            math.fsum((y - ym) ** 2))


@pytest.mark.parametrize("cuts", [[2], [1, 3], [1, 2, 3, 4], [4]])
def test_combined_pieces_equal_the_whole_on_the_five_points(cuts):
    X, y = linreg.article_data()
    pieces = [linreg.line_stats(px, py) for px, py in zip(np.split(X, cuts), np.split(y, cuts))]
    combined = linreg.combine_line_stats(pieces)
    assert combined.n == 5
    assert [combined.x_mean, combined.y_mean, combined.sxx, combined.sxy, combined.syy] == \
        pytest.approx(centred_sums(X, y)[1:], rel=1e-14)


def test_combining_is_independent_of_the_order_and_the_cuts():
    X, y = synthetic(10_007, offset=1e3, seed=11)
    expected = centred_sums(X, y)
    rng = np.random.default_rng(12)
    for _ in range(5):
        cuts = np.sort(rng.choice(np.arange(1, X.size), size=6, replace=False))
        pieces = [linreg.line_stats(px, py)
                  for px, py in zip(np.split(X, cuts), np.split(y, cuts))]
        for order in itertools.islice(itertools.permutations(pieces), 3):
            got = linreg.combine_line_stats(order)
            assert got.n == X.size
            assert [got.x_mean, got.y_mean, got.sxx, got.sxy, got.syy] == \
                pytest.approx(expected[1:], rel=1e-12)


def test_single_points_combine_to_the_whole():
    """Exercise 3 of the chapter: n = 1 pieces, combined in either order (Welford)."""
    X, y = linreg.article_data()
    singles = [linreg.line_stats([xi], [yi]) for xi, yi in zip(X, y)]
    for order in (singles, singles[::-1]):
        got = linreg.combine_line_stats(order)
        assert [got.sxx, got.sxy, got.syy] == pytest.approx([22.8, 97.0, 430.0], rel=1e-14)


def test_combine_line_stats_says_what_to_fix():
    part = linreg.line_stats([1.0, 2.0], [3.0, 5.0])
    with pytest.raises(ValueError, match="empty"):
        linreg.combine_line_stats([])
    with pytest.raises(TypeError, match="single LineStats"):
        linreg.combine_line_stats(part)
    with pytest.raises(TypeError, match="iterable of LineStats"):
        linreg.combine_line_stats(3)
    with pytest.raises(TypeError, match="every part must be a LineStats"):
        linreg.combine_line_stats([part, (2, 1.0, 1.0, 0.0, 0.0, 0.0)])
    assert linreg.combine_line_stats([part]) == part


def _chunk_files(folder, n_points=150_000, chunk=20_000):
    """The chapter's layout: one .npy file of rows (x, y) per chunk; the last one shorter."""
    paths = []
    for start in range(0, n_points, chunk):
        x, y = benchmark_data(min(chunk, n_points - start), seed=start)
        paths.append(folder / f"points-{start}.npy")
        np.save(paths[-1], np.column_stack([x, y]))
    return paths


def _chunk_stats(path):
    points = np.load(path)
    return linreg.line_stats(points[:, 0], points[:, 1])


def _chapter_graph(paths):
    """The chapter's graph: one task per file that reads and summarises it, one combine.

    Reading and summarising in one task keeps a chunk's points on the worker that read
    them: with a load task apart, the scheduler may run the summary elsewhere and ship the
    whole array there.
    """
    dask = pytest.importorskip("dask")
    parts = [dask.delayed(_chunk_stats)(path) for path in paths]
    return dask.delayed(linreg.combine_line_stats)(parts)


def _numpy_line(paths):
    """The least-squares (m, b) of all the files, by numpy's own solver on the design matrix."""
    whole = np.concatenate([np.load(path) for path in paths])
    design = np.column_stack([whole[:, 0], np.ones(len(whole))])
    return np.linalg.lstsq(design, whole[:, 1], rcond=None)[0]


def _line(stats):
    m = stats.sxy / stats.sxx
    return np.array([m, stats.y_mean - m * stats.x_mean])


def test_dask_task_counts(tmp_path):
    """The chapter counts its graph's distinct tasks (9); the graph of issue 17 had 34, not 41."""
    dask = pytest.importorskip("dask")
    da = pytest.importorskip("dask.array")
    paths = _chunk_files(tmp_path, n_points=8 * 1000, chunk=1000)
    total = _chapter_graph(paths)
    keys = dict(total.__dask_graph__())
    names = sorted(key[0] if isinstance(key, tuple) else key for key in keys)
    assert len(keys) == len(paths) + 1 == 9
    assert sum(name.startswith("_chunk_stats") for name in names) == len(paths)
    assert sum(name.startswith("combine_line_stats") for name in names) == 1
    # each summary task reads its own file (no task before it hands it an array); the
    # combine waits for the eight summaries
    from dask.core import get_dependencies

    needs = {key: get_dependencies(keys, key) for key in keys}
    assert sorted(len(deps) for deps in needs.values()) == [0] * len(paths) + [len(paths)]
    # the old chapter's graph: dask.array over one memory-mapped file, 8 chunks of rows
    whole = tmp_path / "whole.npy"
    np.save(whole, np.concatenate([np.load(path) for path in paths]))
    xy = da.from_array(np.load(whole, mmap_mode="r"), chunks=(1000, 2))
    parts = [dask.delayed(linreg.line_stats)(part[:, 0], part[:, 1])
             for part in xy.to_delayed().ravel()]
    old = dask.delayed(linreg.combine_line_stats)(parts)
    # 1 source, 8 chunk getters, 16 column slices, 8 line_stats, 1 combine; len() of the
    # layered graph counts the shared source once per layer
    assert len(dict(old.__dask_graph__())) == 34
    assert len(old.__dask_graph__()) == 41


def test_dask_on_threads_equals_numpys_least_squares(tmp_path):
    paths = _chunk_files(tmp_path)
    total = _chapter_graph(paths)
    expected = _numpy_line(paths)
    for scheduler in ("threads", "synchronous"):
        assert relative_gap(_line(total.compute(scheduler=scheduler)), expected) <= 1e-12


@pytest.fixture(scope="module")
def cluster_client():
    """One small dask.distributed cluster for the module: two worker processes, loopback only."""
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def test_dask_on_a_local_cluster_equals_numpys_least_squares(tmp_path, cluster_client):
    """The chapter's graph on worker processes: each chunk loaded and summarised by a worker."""
    paths = _chunk_files(tmp_path)
    total = _chapter_graph(paths)
    stats = cluster_client.compute(total).result()
    assert stats.n == 150_000
    assert relative_gap(_line(stats), _numpy_line(paths)) <= 1e-12
    workers = cluster_client.scheduler_info()["workers"]
    assert len(workers) == 2
    assert all(address.startswith("tcp://127.0.0.1:") for address in workers)


# ------------------------------------------------------------- what the chapter reads
def test_supplement_records_compile_time_and_cache(results):
    supplement = results["supplement"]
    datetime.date.fromisoformat(supplement["date"])
    compiled = supplement["numba_compile_seconds"]
    assert 0 < compiled["serial"] < 30 and 0 < compiled["parallel"] < 30
    for kind, samples in supplement["numba_compile_samples"].items():
        assert compiled[kind] == min(samples)
    assert supplement["l3_cache_bytes"] > 0


def test_the_chapters_reading_of_the_recording(results):
    """What the prose says about the numbers: if a new recording breaks one, reword it."""
    rows = {row["n"]: row for row in results["results"]}
    l3 = results["supplement"]["l3_cache_bytes"]
    # the baseline jumps where X and y (16 bytes a point) outgrow the last-level cache
    assert 16 * 10**6 < l3 < 16 * 10**7
    jump = rows[10**7]["dot_seconds"] / rows[10**6]["dot_seconds"]
    assert 20 < jump < 40
    # the core's epoch: numpy chunks at 10^3 points, a compiled loop near one baseline above
    assert rows[10**3]["kernel"] == "numpy chunks"
    assert rows[10**4]["kernel"] == "numba, one core"
    assert all(rows[n]["kernel"] == "numba, every core" for n in (10**5, 10**6, 10**7))
    assert all(1.0 < rows[n]["epoch_ratio"] < 2.0 for n in (10**4, 10**5, 10**6, 10**7))
    # naive over core: about 2 at 10^3, ten and more from 10^4 on
    assert 1.5 < rows[10**3]["naive_over_epoch"] < 3
    assert all(rows[n]["naive_over_epoch"] > 10 for n in (10**4, 10**5, 10**6, 10**7))
    # the one-off summary: tens of baselines; at 10^3 a fixed cost of some tens of µs
    assert all(15 < row["sums_setup_ratio"] < 50 for row in rows.values())
    assert 20e-6 < rows[10**3]["seconds"]["fit_sums_1"] < 50e-6
    # the sums epoch is flat: microseconds, about the same at every size
    sums_epochs = [row["sums_epoch_microseconds"] for row in rows.values()]
    assert max(sums_epochs) < 2 * min(sums_epochs) and max(sums_epochs) < 10
    # chapter 14: 3000 epochs on 10^7 points, seconds against hundredths of a second
    largest = rows[10**7]
    seconds = largest["seconds"]
    per_epoch = seconds["fit_residuals_1"] + 2999 * largest["epoch_seconds"]
    sums = seconds["fit_sums_1"] + 2999 * largest["sums_epoch_microseconds"] * 1e-6
    assert per_epoch > 5 and sums < 0.1
    # a cluster's scheduling alone (1 ms a task, 9 tasks an epoch) would exceed the whole run
    assert 3000 * 9 * 1e-3 > per_epoch
    # the exercise: the sums path saves more than a tenth of a second from 10^6 points on
    saved = {n: row["seconds"]["fit_residuals_1"] + 2999 * row["epoch_seconds"]
             - row["seconds"]["fit_sums_1"] - 2999 * row["sums_epoch_microseconds"] * 1e-6
             for n, row in rows.items()}
    assert [n for n in sorted(saved) if saved[n] > 0.1] == [10**6, 10**7]
    # the compile time (benchmarks/README.md) is more than the sums path's whole run
    assert results["supplement"]["numba_compile_seconds"]["parallel"] > sums


def test_benchmark_reads_the_cache_size():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_core
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    size = bench_core.cache_bytes(3)
    assert size is None or (isinstance(size, int) and size > 0)
