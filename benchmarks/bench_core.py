"""How the cost of fitting a line grows with the number of points, against a memory baseline.

    .venv/bin/python benchmarks/bench_core.py              # measures, writes results.json
    .venv/bin/python benchmarks/bench_core.py --markdown   # the recorded table, as Markdown
    .venv/bin/python benchmarks/bench_core.py --supplement # re-measure only the supplement

For n = 10^3 ... 10^7 synthetic points it times, each as the best of a few repeats:

- the baseline: one streaming pass over X and y, a timed ``np.dot(X, y)``;
- one epoch of ``linreg.fit(method="residuals")`` (the article's per-epoch descent, one
  chunked pass over the data), measured as the difference between a run of 1 + EPOCHS
  epochs and a run of 1 epoch, divided by EPOCHS, so the input checks are left out;
- its kernel alone, the function ``linreg._epoch_sums(X)`` picks for that n, per call:
  numba's compiled one-pass kernel from ``linreg._FUSED_MIN_POINTS`` points on (on every
  core from ``linreg._PARALLEL_MIN_POINTS``) when numba is installed, numpy's chunked
  ``linreg._residual_sums`` below;
- a naive epoch written as the article writes it (predict, loss_mse, update) with
  full-size temporaries;
- ``fit(method="sums")``: the one-off cost (a 1-epoch run: checks plus the summary) and
  the cost of one O(1) epoch (same difference method, over max(SUMS_EPOCHS, n / 100)
  epochs, so that the epochs outweigh the noise in the one-off pass);
- ``linreg.least_squares`` and ``numpy.polyfit(X, y, 1)``.

Everything O(n) is reported as a ratio to the baseline measured in the same round; the O(1)
epoch is reported in microseconds. Rounds interleave the candidates, so a burst of load
from other processes hits all of them, and the minimum over rounds is kept. It also checks,
at every size, that the plain, sums and naive paths agree on m and b to 1e-9 relative.

The supplement records what the epoch timings leave out: the time numba takes, once per
Python process, to import and compile the epoch's kernel (measured in fresh processes),
and the size of the CPU's last-level cache, which decides whether the arrays of a
repeated call are still in the cache (see benchmarks/README.md).
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import linreg

SIZES = [10**3, 10**4, 10**5, 10**6, 10**7]
EPOCHS = 50  # epochs of the per-epoch path in the long run
SUMS_EPOCHS = 2000  # epochs of the O(1) path in its long run: at least this many, and
SUMS_EPOCHS_PER_POINT = 0.01  # enough (n / 100) to outweigh the noise of its one-off pass
REPEATS = 7  # rounds; the minimum over them is kept
MIN_SECONDS = 0.002  # each timed batch repeats its call until it lasts at least this long
SETTLE_SECONDS = 0.3  # pause after timing the baseline (see measure)
LEARNING_RATE = 0.01
SEED = 0
TOLERANCE = 1e-9  # relative agreement required between the paths
RESULTS = Path(__file__).resolve().parent / "results.json"


def synthetic_data(n: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """n points with x uniform in [0, 10] and y = 4 x + 55 + Gaussian noise (sd 3), float64."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.0, 10.0, n)
    return X, 4.0 * X + 55.0 + rng.normal(0.0, 3.0, n)


def naive_epoch(X, y_true, m, b, learning_rate):
    """One epoch as the article writes it: predict, loss_mse, update, each with temporaries."""
    y_pred = m * X + b
    loss = np.mean((y_true - y_pred) ** 2)
    dm = -2 * np.mean(X * (y_true - y_pred))
    db = -2 * np.mean(y_true - y_pred)
    return loss, m - learning_rate * dm, b - learning_rate * db


def naive_fit(X, y_true, epochs, learning_rate=LEARNING_RATE):
    """``epochs`` naive epochs from (0, 0): final (m, b) and the loss before each update."""
    m = b = 0.0
    losses = []
    for _ in range(epochs):
        loss, m, b = naive_epoch(X, y_true, m, b, learning_rate)
        losses.append(loss)
    return m, b, np.array(losses)


def batch_seconds(func) -> tuple[float, int]:
    """Seconds per call of ``func``, timed over a batch long enough for the clock."""
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            func()
        elapsed = time.perf_counter() - start
        if elapsed >= MIN_SECONDS or number >= 1_000_000:
            return elapsed / number, number
        number *= 2 if elapsed > MIN_SECONDS / 10 else 10


def relative_difference(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), np.finfo(float).tiny)))


def check_agreement(X, y) -> dict:
    """Plain, sums and naive paths: the same m, b and loss history (relative differences)."""
    plain = linreg.fit(X, y, learning_rate=LEARNING_RATE, epochs=EPOCHS, method="residuals")
    sums = linreg.fit(X, y, learning_rate=LEARNING_RATE, epochs=EPOCHS, method="sums")
    m_naive, b_naive, naive_losses = naive_fit(X, y, EPOCHS)
    found = {
        "sums_vs_plain": relative_difference([sums.m, sums.b], [plain.m, plain.b]),
        "sums_vs_plain_loss_history": relative_difference(sums.loss_history, plain.loss_history),
        "naive_vs_plain": relative_difference([m_naive, b_naive], [plain.m, plain.b]),
        "polyfit_vs_least_squares": relative_difference(
            np.polyfit(X, y, 1), linreg.least_squares(X, y)
        ),
    }
    bad = {key: value for key, value in found.items() if not value <= TOLERANCE}
    if bad:
        raise AssertionError(f"n = {X.size}: paths disagree beyond {TOLERANCE:g}: {bad}")
    return found


def sums_epochs(n: int) -> int:
    """Epochs of the long run of the sums path at n points."""
    return max(SUMS_EPOCHS, int(n * SUMS_EPOCHS_PER_POINT))


def candidates(X, y) -> dict:
    """The calls to time, by name; each takes no argument."""
    kernel = linreg._epoch_sums(X)
    kernel(X, y, 3.0, 60.0)  # compile numba's kernel before anything is timed

    def fit(method, epochs):
        return lambda: linreg.fit(X, y, learning_rate=LEARNING_RATE, epochs=epochs, method=method)

    return {
        "dot": lambda: np.dot(X, y),
        "fit_residuals_1": fit("residuals", 1),
        "fit_residuals_long": fit("residuals", 1 + EPOCHS),
        "kernel": lambda: kernel(X, y, 3.0, 60.0),
        "naive_epoch": lambda: naive_epoch(X, y, 3.0, 60.0, LEARNING_RATE),
        "fit_sums_1": fit("sums", 1),
        "fit_sums_long": fit("sums", 1 + sums_epochs(X.size)),
        "least_squares": lambda: linreg.least_squares(X, y),
        "polyfit": lambda: np.polyfit(X, y, 1),
    }


def kernel_name(n: int) -> str:
    """Which kernel an epoch of ``linreg.fit`` runs at n points (see linreg._epoch_sums)."""
    if n >= linreg._FUSED_MIN_POINTS and linreg._fused_kernel(False) is not None:
        return "numba, every core" if n >= linreg._PARALLEL_MIN_POINTS else "numba, one core"
    return "numpy chunks"


def measure(n: int) -> dict:
    """Best-of-REPEATS seconds per call of every candidate on n points, and the ratios."""
    X, y = synthetic_data(n)
    agreement = check_agreement(X, y)
    calls = candidates(X, y)
    best = dict.fromkeys(calls, np.inf)
    for _ in range(REPEATS):
        for name, func in calls.items():
            best[name] = min(best[name], batch_seconds(func)[0])
            if name == "dot":
                # OpenBLAS's threads spin for a while after a call, and would take the
                # cores from numba's threads in the candidates timed next: let them sleep.
                time.sleep(SETTLE_SECONDS)
    dot = best["dot"]
    epoch = max(best["fit_residuals_long"] - best["fit_residuals_1"], 0.0) / EPOCHS
    sums_epoch = (max(best["fit_sums_long"] - best["fit_sums_1"], 0.0)
                  / sums_epochs(n))
    naive = best["naive_epoch"]
    return {
        "n": n,
        "sums_epochs": sums_epochs(n),
        "dot_seconds": dot,
        "epoch_seconds": epoch,
        "epoch_ratio": epoch / dot,
        "kernel": kernel_name(n),
        "kernel_ratio": best["kernel"] / dot,
        "naive_epoch_ratio": naive / dot,
        "naive_over_epoch": naive / epoch,
        "sums_setup_ratio": best["fit_sums_1"] / dot,
        "sums_epoch_microseconds": sums_epoch * 1e6,
        "least_squares_ratio": best["least_squares"] / dot,
        "polyfit_ratio": best["polyfit"] / dot,
        "seconds": best,
        "agreement": agreement,
    }


def processor_name() -> str:
    """The CPU's model name, from /proc/cpuinfo where there is one."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def blas_name() -> str:
    """The BLAS numpy was built against, e.g. 'scipy-openblas 0.3.31'."""
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # the layout of show_config differs between numpy versions
        return "unknown"


def numba_version() -> str | None:
    """numba's version, or None when it is not installed (the epoch then uses numpy only)."""
    try:
        import numba
    except ImportError:
        return None
    return numba.__version__


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": blas_name(),
        "cpu_count": os.cpu_count(),
        "processor": processor_name(),
        "platform": platform.platform(),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
        "numba": numba_version(),
        "load_average_at_start": [round(v, 2) for v in os.getloadavg()],
    }


def cache_bytes(level: int = 3) -> int | None:
    """Size in bytes of CPU 0's unified cache at ``level``, from /sys where there is one."""
    for index in Path("/sys/devices/system/cpu/cpu0/cache").glob("index*"):
        try:
            if int((index / "level").read_text()) != level:
                continue
            size = (index / "size").read_text().strip()
        except (OSError, ValueError):
            continue
        units = {"K": 1024, "M": 1024**2}
        return int(size[:-1]) * units[size[-1]] if size[-1] in units else int(size)
    return None


COMPILE_REPEATS = 3  # fresh processes per kernel; the minimum is kept
COMPILE_CODE = """
import time
import numpy as np
import linreg
X = np.linspace(0.0, 10.0, 100_000)
y = 4.0 * X + 55.0
start = time.perf_counter()
kernel = linreg._fused_kernel({parallel})
if kernel is None:
    print("none")
else:
    kernel(X, y, 3.0, 60.0)
    print(time.perf_counter() - start)
"""


def compile_seconds(parallel: bool) -> list[float] | None:
    """Seconds from a fresh process's first use of the epoch kernel to its first result.

    That is numba's import, the compilation and the first call (with, for the parallel
    kernel, the start of its threads): what a fit on large data pays once per process,
    on top of its epochs. None when numba is not installed.
    """
    samples = []
    for _ in range(COMPILE_REPEATS):
        out = subprocess.run([sys.executable, "-c", COMPILE_CODE.format(parallel=parallel)],
                             capture_output=True, text=True, check=True).stdout.strip()
        if out == "none":
            return None
        samples.append(round(float(out), 3))
    return samples


def supplement() -> dict:
    """What the epoch timings leave out: numba's one-off compile time; the CPU's L3 cache."""
    compiled = {"serial": compile_seconds(False), "parallel": compile_seconds(True)}
    return {
        "date": datetime.date.today().isoformat(),
        "load_average_at_start": [round(v, 2) for v in os.getloadavg()],
        "l3_cache_bytes": cache_bytes(3),
        "numba_compile_seconds": {kind: None if samples is None else min(samples)
                                  for kind, samples in compiled.items()},
        "numba_compile_samples": compiled,
    }


COLUMNS = [
    ("n", "n", "{:>10,}"),
    ("dot_seconds", "dot pass (us)", "{:>13.1f}"),
    ("epoch_ratio", "epoch", "{:>7.1f}"),
    ("kernel_ratio", "kernel", "{:>7.1f}"),
    ("naive_epoch_ratio", "naive epoch", "{:>11.1f}"),
    ("naive_over_epoch", "gain", "{:>5.1f}"),
    ("sums_setup_ratio", "sums one-off", "{:>12.1f}"),
    ("sums_epoch_microseconds", "sums epoch (us)", "{:>15.1f}"),
    ("least_squares_ratio", "least_squares", "{:>13.1f}"),
    ("polyfit_ratio", "polyfit", "{:>8.1f}"),
]


def table(rows) -> str:
    """The results as a text table: ratios to the dot pass unless the header says (us)."""
    header = "  ".join(f"{title:>{len(spec.format(0))}}" for _, title, spec in COLUMNS)
    lines = [header]
    for row in rows:
        cells = []
        for key, _, spec in COLUMNS:
            value = row[key] * 1e6 if key == "dot_seconds" else row[key]
            cells.append(spec.format(value))
        lines.append("  ".join(cells))
    return "\n".join(lines)


def markdown_table(results) -> str:
    """The recorded results as the Markdown table of benchmarks/README.md."""
    headers = ["n", "dot pass (µs)", "epoch", "kernel", "naive epoch", "naive / epoch",
               "sums one-off", "sums epoch (µs)", "least_squares", "polyfit"]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---:|" * len(headers)]
    for row in results["results"]:
        cells = [f"{row['n']:,}", f"{row['dot_seconds'] * 1e6:.1f}"]
        cells += [f"{row[key]:.1f}" for key, _, _ in COLUMNS[2:]]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--markdown"]:  # print the recorded table for the README; measure nothing
        print(markdown_table(json.loads(RESULTS.read_text())))
        return 0
    if argv == ["--supplement"]:  # re-measure the compile time and cache size only
        results = json.loads(RESULTS.read_text())
        results["supplement"] = supplement()
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        print(json.dumps(results["supplement"], indent=2))
        return 0
    if argv:
        raise SystemExit("usage: bench_core.py [--markdown | --supplement]")
    started = time.perf_counter()
    info = machine()
    rows = []
    for n in SIZES:
        rows.append(measure(n))
        print(f"measured n = {n:,} ({time.perf_counter() - started:.0f} s)", flush=True)
    results = {
        "date": datetime.date.today().isoformat(),
        "machine": info,
        "settings": {
            "sizes": SIZES,
            "epochs": EPOCHS,
            "sums_epochs_min": SUMS_EPOCHS,
            "sums_epochs_per_point": SUMS_EPOCHS_PER_POINT,
            "repeats": REPEATS,
            "learning_rate": LEARNING_RATE,
            "seed": SEED,
            "chunk": linreg._CHUNK,
            "fused_min_points": linreg._FUSED_MIN_POINTS,
            "parallel_min_points": linreg._PARALLEL_MIN_POINTS,
            "data": "x uniform in [0, 10], y = 4 x + 55 + normal noise (sd 3), float64",
            "tolerance": TOLERANCE,
        },
        "units": "ratios are times over the dot pass (np.dot(X, y)) at the same n; "
        "*_seconds are seconds; sums_epoch_microseconds is microseconds",
        "results": rows,
        "supplement": supplement(),
        "load_average_at_end": [round(v, 2) for v in os.getloadavg()],
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(table(rows))
    print(f"\nratios to one np.dot(X, y) pass; wrote {RESULTS.name} "
          f"in {results['total_seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
