"""The maths of the book: a line y = m x + b fitted by gradient descent on the MSE.

Names follow the article the book retells: ``X`` and ``y_true`` are the data,
``y_pred`` the predictions, ``m`` the slope, ``b`` the intercept. Nothing here
plots or prints; every function checks its input and says what to fix.

>>> X, y = [2, 3, 5, 6, 8], [65, 70, 75, 85, 90]
>>> round(loss_mse(y, predict(X, 3, 60)), 2)
17.4
>>> result = fit(X, y, learning_rate=0.01, epochs=3000)
>>> f"{result.loss_history[-1]:.4f} {result.m:.4f} {result.b:.4f}"
'3.4649 4.2550 56.5754'
"""

from __future__ import annotations

import functools
import numbers
from dataclasses import dataclass

import numpy as np

__all__ = [
    "DivergenceError",
    "FitResult",
    "StochasticFitResult",
    "LineStats",
    "article_data",
    "as_pair",
    "combine_line_stats",
    "conjugate_gradients",
    "contraction_factor",
    "epochs_to_accuracy",
    "error_components",
    "fastest_learning_rate",
    "fastest_momentum",
    "fit",
    "fit_stochastic",
    "gradients",
    "hessian",
    "hessian_eigen",
    "least_squares",
    "line_stats",
    "loss_grid",
    "loss_mse",
    "max_stable_learning_rate",
    "nesterov",
    "newton_step",
    "predict",
    "standard_errors",
    "update",
]

# Chunk length for the streaming epoch: a chunk of x, of y and of residuals (80 kB each)
# stays in the CPU cache, and OpenBLAS computes a dot product of up to 10,000 numbers on one
# thread; longer ones it splits across threads, a hand-off that costs more than it saves here.
_CHUNK = 10_000
# From this many points on, an epoch uses a compiled one-pass kernel (``_fused_kernel``)
# when numba is installed, reading X and y once; from the second number on it runs on
# every core. Below the first, numpy's chunks cost microseconds, and small data (every
# chapter's) never pay numba's import and compile time.
_FUSED_MIN_POINTS = 2_000
_PARALLEL_MIN_POINTS = 50_000


# --------------------------------------------------------------------------- checks
def _as_vector(values, name: str) -> np.ndarray:
    """Return ``values`` as a 1-D float array, or raise an error that says what to fix."""
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a sequence of numbers, not a string: {values!r}")
    try:
        array = np.asarray(values)
    except ValueError as error:  # ragged nested lists
        raise TypeError(f"{name} must be a flat sequence of numbers ({error})") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must contain only real numbers (ints or floats); got values of "
            f"dtype {array.dtype}. Convert them first, e.g. np.asarray({name}, dtype=float)."
        )
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be one-dimensional (one value per point); got shape {array.shape}. "
            f"Flatten it, e.g. np.ravel({name})."
        )
    if array.size == 0:
        raise ValueError(f"{name} is empty; pass at least one data point.")
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        raise ValueError(
            f"{name} contains NaN or inf at position(s) {bad[:5].tolist()}; "
            "remove or replace those points before fitting."
        )
    return array.astype(float, copy=False)


def as_pair(X, y, x_name: str = "X", y_name: str = "y_true") -> tuple[np.ndarray, np.ndarray]:
    """Two checked float vectors of equal length, or an error that says what to fix.

    >>> as_pair([1, 2], (3, 4))
    (array([1., 2.]), array([3., 4.]))
    """
    X, y = _as_vector(X, x_name), _as_vector(y, y_name)
    if X.shape != y.shape:
        raise ValueError(
            f"{x_name} and {y_name} must have the same length; got {X.size} and {y.size} values."
        )
    return X, y


def _as_real(value, name: str) -> float:
    """Return a finite real number as float; bools and strings are refused."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {value!r} ({type(value).__name__}).")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite; got {value!r}.")
    return float(value)


def _as_learning_rate(learning_rate) -> float:
    rate = _as_real(learning_rate, "learning_rate")
    if rate <= 0:
        raise ValueError(f"learning_rate must be positive, e.g. 0.01; got {rate!r}.")
    return rate


def _as_epochs(epochs, name: str = "epochs") -> int:
    if isinstance(epochs, bool) or not isinstance(epochs, numbers.Integral):
        example = 3000 if name == "epochs" else 2
        raise TypeError(f"{name} must be a whole number such as {example}; got {epochs!r}.")
    if epochs < 1:
        raise ValueError(f"{name} must be at least 1; got {epochs}.")
    return int(epochs)


def _as_momentum(momentum) -> float:
    beta = _as_real(momentum, "momentum")
    if not 0.0 <= beta < 1.0:
        raise ValueError(
            f"momentum must be at least 0 and below 1 (0 is plain gradient descent, 0.9 a common "
            f"choice); got {beta!r}."
        )
    return beta


def _check_spread(X: np.ndarray) -> None:
    """A slope needs at least two points with different x."""
    if X.size < 2:
        raise ValueError("at least two data points are needed to fit a line; got one.")
    if np.ptp(X) == 0:
        raise ValueError(
            f"all X values are equal ({X[0]!r}), so no slope can be fitted; "
            "the data need at least two different x values."
        )


# --------------------------------------------------------------------- the article
def article_data() -> tuple[np.ndarray, np.ndarray]:
    """The article's five points: hours worked X and money earned y_true.

    >>> article_data()[0]
    array([2., 3., 5., 6., 8.])
    """
    return np.array([2.0, 3.0, 5.0, 6.0, 8.0]), np.array([65.0, 70.0, 75.0, 85.0, 90.0])


def predict(X, m, b) -> np.ndarray:
    """Predictions of the line y = m x + b at every x.

    >>> predict([2, 3], 3, 60)
    array([66., 69.])
    """
    X = _as_vector(X, "X")
    return _as_real(m, "m") * X + _as_real(b, "b")


def loss_mse(y_true, y_pred) -> float:
    """Mean squared error: the mean of (y_true - y_pred) squared.

    >>> loss_mse([65, 70, 75, 85, 90], [66, 69, 75, 78, 84])
    17.4
    """
    y_true, y_pred = as_pair(y_true, y_pred, "y_true", "y_pred")
    return float(np.mean((y_true - y_pred) ** 2))


def gradients(X, y_true, y_pred) -> tuple[float, float]:
    """Partial derivatives (dm, db) of the MSE, as the article derives them.

    dm = -2 mean(X (y_true - y_pred)),  db = -2 mean(y_true - y_pred).

    >>> gradients([2, 3, 5, 6, 8], [65, 70, 75, 85, 90], [0, 0, 0, 0, 0])
    (-778.0, -154.0)
    """
    X, y_true = as_pair(X, y_true)
    y_true, y_pred = as_pair(y_true, y_pred, "y_true", "y_pred")
    residual = y_true - y_pred
    return float(-2 * np.mean(X * residual)), float(-2 * np.mean(residual))


def update(X, y_true, y_pred, m, b, learning_rate) -> tuple[float, float]:
    """One gradient-descent step: move (m, b) against the gradient, scaled by learning_rate.

    >>> update([2, 3, 5, 6, 8], [65, 70, 75, 85, 90], [0, 0, 0, 0, 0], 0, 0, 0.01)
    (7.78, 1.54)
    """
    dm, db = gradients(X, y_true, y_pred)
    rate = _as_learning_rate(learning_rate)
    return _as_real(m, "m") - rate * dm, _as_real(b, "b") - rate * db


def newton_step(X, y, m, b) -> tuple[float, float]:
    """One Newton step from (m, b): subtract H^-1 times the gradient there.

    The MSE of a line is an exact quadratic, so from any (m, b) the step lands on the
    least-squares answer (up to rounding): it solves the normal equations.

    >>> [round(v, 4) for v in newton_step([2, 3, 5, 6, 8], [65, 70, 75, 85, 90], 0, 0)]
    [4.2544, 56.5789]
    """
    X, y = as_pair(X, y, "X", "y")
    _check_spread(X)
    m, b = _as_real(m, "m"), _as_real(b, "b")
    gradient = gradients(X, y, m * X + b)
    step_m, step_b = np.linalg.solve(hessian(X), gradient)
    return float(m - step_m), float(b - step_b)


def conjugate_gradients(X, y, m=0.0, b=0.0, steps=2) -> np.ndarray:
    """Conjugate gradients on the MSE from (m, b): every (m, b) visited, ``steps`` + 1 rows.

    Each step goes to the lowest MSE along its direction; the first direction is against
    the gradient, each later one is the new downhill gradient plus a share of the last
    direction (Fletcher-Reeves) that makes the two conjugate, d_new^T H d_old = 0. With two
    parameters the second step lands on the least-squares answer (up to rounding), from any
    start and without the Hessian's eigenvalues; later steps only move by rounding noise.

    >>> conjugate_gradients([2, 3, 5, 6, 8], [65, 70, 75, 85, 90]).round(4)
    array([[ 0.    ,  0.    ],
           [13.6848,  2.7088],
           [ 4.2544, 56.5789]])
    """
    X, y = as_pair(X, y, "X", "y")
    _check_spread(X)
    p = np.array([_as_real(m, "m"), _as_real(b, "b")])
    steps = _as_epochs(steps, "steps")
    stats, H = line_stats(X, y), hessian(X)
    gradient = np.array(stats.gradients(*p))
    direction = -gradient
    path = [p]
    for _ in range(steps):
        curvature = direction @ H @ direction
        if curvature <= 0.0:  # the gradient is exactly zero: already at the answer
            path.append(p)
            continue
        p = p + (gradient @ gradient) / curvature * direction
        new_gradient = np.array(stats.gradients(*p))
        share = (new_gradient @ new_gradient) / (gradient @ gradient)
        direction = -new_gradient + share * direction
        gradient = new_gradient
        path.append(p)
    return np.array(path)


def nesterov(X, y, m=0.0, b=0.0, learning_rate=0.01, momentum=0.0, epochs=100) -> np.ndarray:
    """Nesterov's accelerated gradient from (m, b): every (m, b) visited, ``epochs`` + 1 rows.

    Each epoch looks ahead along the last move, q = p + momentum (p - p_previous), and steps
    from there against the gradient at q: p_next = q - learning_rate * gradient(q). With
    momentum 0 it is plain descent. Nothing is checked for divergence: the path is returned
    as it went (an overflow gives inf or nan).

    >>> nesterov([2, 3, 5, 6, 8], [65, 70, 75, 85, 90], learning_rate=0.0176, momentum=0.86,
    ...          epochs=300)[-1].round(4)
    array([ 4.2544, 56.5789])
    """
    X, y = as_pair(X, y, "X", "y")
    p = np.array([_as_real(m, "m"), _as_real(b, "b")])
    rate = _as_learning_rate(learning_rate)
    beta = _as_momentum(momentum)
    epochs = _as_epochs(epochs)
    stats = line_stats(X, y)
    path = [p]
    previous = p
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            ahead = p + beta * (p - previous)
            previous, p = p, ahead - rate * np.array(stats.gradients(*ahead))
            path.append(p)
    return np.array(path)


# ------------------------------------------------------------ the exact answer, the bowl
def least_squares(X, y) -> tuple[float, float]:
    """The exact minimiser (m, b) of the MSE: the normal equations, solved.

    >>> [round(v, 4) for v in least_squares([2, 3, 5, 6, 8], [65, 70, 75, 85, 90])]
    [4.2544, 56.5789]
    """
    X, y = as_pair(X, y, "X", "y")
    _check_spread(X)
    x_mean, y_mean = X.mean(), y.mean()
    dx = X - x_mean
    m = float(np.dot(dx, y - y_mean) / np.dot(dx, dx))
    return m, float(y_mean - m * x_mean)


def standard_errors(X, y) -> tuple[float, float]:
    """Standard errors (SE(m), SE(b)) of the least-squares line: how far noise moves it.

    Ordinary least squares with n - 2 degrees of freedom: the residual variance
    s^2 = sum r^2 / (n - 2), SE(m) = s / sqrt(sxx), SE(b) = s sqrt(1/n + x_mean^2 / sxx).

    >>> [round(v, 3) for v in standard_errors([2, 3, 5, 6, 8], [65, 70, 75, 85, 90])]
    [0.503, 2.644]
    """
    X, y = as_pair(X, y, "X", "y")
    _check_spread(X)
    if X.size < 3:
        raise ValueError("standard errors need at least three points (n - 2 degrees of "
                         f"freedom); got {X.size}.")
    stats = line_stats(X, y)
    m, b = least_squares(X, y)
    variance = stats.loss(m, b) * stats.n / (stats.n - 2)
    return (float(np.sqrt(variance / stats.sxx)),
            float(np.sqrt(variance * (1.0 / stats.n + stats.x_mean**2 / stats.sxx))))


def hessian(X) -> np.ndarray:
    """The MSE's (constant) Hessian over (m, b): (2/n) [[sum x^2, sum x], [sum x, n]].

    >>> hessian([1, 3])
    array([[10.,  4.],
           [ 4.,  2.]])
    """
    X = _as_vector(X, "X")
    n = X.size
    return (2.0 / n) * np.array([[np.dot(X, X), X.sum()], [X.sum(), n]])


def max_stable_learning_rate(X, momentum=0.0) -> float:
    """Largest learning rate for which descent on the MSE converges: 2 / largest eigenvalue.

    With heavy-ball ``momentum`` beta (in [0, 1)) the bound is 2 (1 + beta) / largest eigenvalue.

    >>> round(max_stable_learning_rate([2, 3, 5, 6, 8]), 4)
    0.0352
    >>> round(max_stable_learning_rate([2, 3, 5, 6, 8], momentum=0.5), 4)
    0.0527
    """
    beta = _as_momentum(momentum)
    return float(2.0 * (1.0 + beta) / hessian_eigen(X)[0][-1])


def fastest_learning_rate(X) -> float:
    """Learning rate with the fastest worst-case convergence: 2 / (smallest + largest eigenvalue).

    >>> round(fastest_learning_rate([2, 3, 5, 6, 8]), 4)
    0.035
    """
    low, high = hessian_eigen(X)[0]
    return float(2.0 / (low + high))


def fastest_momentum(X) -> tuple[float, float]:
    """The constant (learning_rate, momentum) with the fastest worst-case heavy-ball convergence.

    learning_rate = 4 / (sqrt(L) + sqrt(mu))^2 and momentum = ((sqrt(k) - 1) / (sqrt(k) + 1))^2,
    with mu, L the smallest and largest Hessian eigenvalues and k = L / mu; the error then
    shrinks by (sqrt(k) - 1) / (sqrt(k) + 1) per epoch (``contraction_factor``).

    >>> [round(v, 4) for v in fastest_momentum([2, 3, 5, 6, 8])]
    [0.0608, 0.7401]
    """
    low, high = hessian_eigen(X)[0]
    root = np.sqrt(high / low)
    return float(4.0 / (np.sqrt(high) + np.sqrt(low)) ** 2), float(((root - 1) / (root + 1)) ** 2)


def contraction_factor(X, learning_rate, momentum=0.0) -> float:
    """Worst per-epoch factor on the error: max |1 - learning_rate * eigenvalue| (< 1 converges).

    With heavy-ball ``momentum`` beta each eigenvalue lambda gives the roots z of
    z^2 - (1 + beta - learning_rate lambda) z + beta = 0; the factor is the largest |z|.

    >>> round(contraction_factor([2, 3, 5, 6, 8], 0.01), 4)
    0.9968
    >>> round(contraction_factor([2, 3, 5, 6, 8], *fastest_momentum([2, 3, 5, 6, 8])), 4)
    0.8603
    """
    rate = _as_learning_rate(learning_rate)
    beta = _as_momentum(momentum)
    if beta == 0.0:
        return float(np.max(np.abs(1.0 - rate * hessian_eigen(X)[0])))
    trace = 1.0 + beta - rate * hessian_eigen(X)[0]
    root = np.sqrt((trace**2 - 4.0 * beta).astype(complex))
    return float(np.max(np.abs([(trace + root) / 2.0, (trace - root) / 2.0])))


def hessian_eigen(X) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (ascending) and unit eigenvectors (columns) of the Hessian.

    Column 0 is the flat direction (smallest eigenvalue), column 1 the stiff one; each
    vector is signed so that its largest entry is positive.

    >>> values, vectors = hessian_eigen([2, 3, 5, 6, 8])
    >>> values.round(4), vectors[:, 0].round(4)
    (array([ 0.3207, 56.8793]), array([-0.1723,  0.985 ]))
    """
    values, vectors = np.linalg.eigh(hessian(X))
    big = np.argmax(np.abs(vectors), axis=0)
    return values, vectors * np.sign(vectors[big, [0, 1]])


def error_components(X, y, params) -> np.ndarray:
    """Error of each (m, b) row from the exact answer along the ``hessian_eigen`` directions.

    Column 0 is along the flat direction, column 1 along the stiff one.

    >>> error_components([2, 3, 5, 6, 8], [65, 70, 75, 85, 90], [[0.0, 0.0]]).round(2)
    array([[-55.  , -13.94]])
    """
    params = np.asarray(params, dtype=float).reshape(-1, 2)
    return (params - np.array(least_squares(X, y))) @ hessian_eigen(X)[1]


def epochs_to_accuracy(result: FitResult, m, b, accuracy) -> int | None:
    """Fewest updates after which a run stays within ``accuracy`` of (m, b) in both m and b.

    Returns None if the run's last (m, b) is not that close yet.

    >>> run = fit([2, 3, 5, 6, 8], [65, 70, 75, 85, 90], epochs=4000)
    >>> epochs_to_accuracy(run, *least_squares([2, 3, 5, 6, 8], [65, 70, 75, 85, 90]), 1e-3)
    3394
    """
    params = result.trajectory()[0]
    error = np.max(np.abs(params - [_as_real(m, "m"), _as_real(b, "b")]), axis=1)
    outside = np.flatnonzero(error >= _as_real(accuracy, "accuracy"))
    if outside.size == 0:
        return 0
    return None if outside[-1] == len(params) - 1 else int(outside[-1] + 1)


@dataclass(frozen=True)
class LineStats:
    """The five numbers the MSE of a line depends on, in a numerically safe (centred) form.

    n points, means of x and y, and the centred sums of squares and products
    sxx = sum (x - x_mean)^2, sxy = sum (x - x_mean)(y - y_mean), syy = sum (y - y_mean)^2.
    They are the sums n, sum x, sum y, sum x^2, sum xy (and sum y^2 for the loss), rearranged.
    """

    n: int
    x_mean: float
    y_mean: float
    sxx: float
    sxy: float
    syy: float

    def __repr__(self) -> str:
        """The sums to ten significant digits: their last bits depend on the CPU's adder.

        >>> LineStats(5, 4.8, 77.0, 22.799999999999997, 97.0, 430.0)
        LineStats(n=5, x_mean=4.8, y_mean=77, sxx=22.8, sxy=97, syy=430)
        """
        sums = ", ".join(f"{name}={getattr(self, name):.10g}"
                         for name in ("x_mean", "y_mean", "sxx", "sxy", "syy"))
        return f"LineStats(n={self.n}, {sums})"

    def loss(self, m, b):
        """MSE of the line (m, b); m and b may be arrays of equal shape."""
        offset = self.y_mean - m * self.x_mean - b
        return (self.syy - 2 * m * self.sxy + m * m * self.sxx) / self.n + offset * offset

    def gradients(self, m, b) -> tuple[float, float]:
        """(dm, db) of the MSE at (m, b), in O(1) time."""
        offset = self.y_mean - m * self.x_mean - b
        db = -2.0 * offset
        dm = -2.0 * (self.sxy - m * self.sxx) / self.n + self.x_mean * db
        return dm, db


def line_stats(X, y) -> LineStats:
    """Summarise data (X, y) in one pass of numpy for O(1) losses and gradients.

    >>> line_stats([1, 3], [2, 6]).sxy
    4.0
    """
    X, y = as_pair(X, y, "X", "y")
    x_mean, y_mean = X.mean(), y.mean()
    dx, dy = X - x_mean, y - y_mean
    return LineStats(
        n=X.size,
        x_mean=float(x_mean),
        y_mean=float(y_mean),
        sxx=float(np.dot(dx, dx)),
        sxy=float(np.dot(dx, dy)),
        syy=float(np.dot(dy, dy)),
    )


def combine_line_stats(parts) -> LineStats:
    """The ``LineStats`` of all the data from the ``LineStats`` of its pieces: a reduce step.

    Counts add and means combine weighted by their counts. Centred sums do not simply
    add, because each piece is centred on its own means: the parallel-variance formula
    (Chan, Golub and LeVeque) adds a term for the gap between them,
    sxx = sxx_a + sxx_b + dx^2 n_a n_b / n with dx = x_mean_b - x_mean_a, and likewise
    sxy (with dx dy) and syy. The result equals ``line_stats`` of the joined data up to
    rounding, whatever the pieces and their order.

    >>> parts = [line_stats([1, 2], [2, 3]), line_stats([3, 5], [5, 9])]
    >>> combine_line_stats(parts) == line_stats([1, 2, 3, 5], [2, 3, 5, 9])
    True
    """
    if isinstance(parts, LineStats):
        raise TypeError("combine_line_stats takes several LineStats, e.g. a list of them; "
                        "got a single LineStats.")
    try:
        parts = list(parts)
    except TypeError:
        raise TypeError("parts must be an iterable of LineStats, e.g. [line_stats(X1, y1), "
                        f"line_stats(X2, y2)]; got {type(parts).__name__}.") from None
    if not parts:
        raise ValueError("parts is empty; pass the LineStats of at least one piece of data.")
    wrong = [type(part).__name__ for part in parts if not isinstance(part, LineStats)]
    if wrong:
        raise TypeError(f"every part must be a LineStats (from line_stats); got {wrong[:3]}.")
    total = parts[0]
    for part in parts[1:]:
        n = total.n + part.n
        weight = total.n * part.n / n
        dx, dy = part.x_mean - total.x_mean, part.y_mean - total.y_mean
        total = LineStats(
            n=n,
            x_mean=total.x_mean + dx * part.n / n,
            y_mean=total.y_mean + dy * part.n / n,
            sxx=total.sxx + part.sxx + dx * dx * weight,
            sxy=total.sxy + part.sxy + dx * dy * weight,
            syy=total.syy + part.syy + dy * dy * weight,
        )
    return total


def loss_grid(X, y, m_values, b_values) -> np.ndarray:
    """MSE at every (m, b) of a grid: row i is b_values[i], column j is m_values[j].

    >>> loss_grid([2, 3, 5, 6, 8], [65, 70, 75, 85, 90], [3.0], [60.0]).round(2)
    array([[17.4]])
    """
    stats = line_stats(X, y)
    m_grid, b_grid = np.meshgrid(_as_vector(m_values, "m_values"), _as_vector(b_values, "b_values"))
    return stats.loss(m_grid, b_grid)


# ------------------------------------------------------------------------- training
class DivergenceError(ArithmeticError):
    """Raised when the loss blows up; ``.result`` holds the run up to that epoch."""

    def __init__(self, message: str, result: FitResult):
        super().__init__(message)
        self.result = result


@dataclass(frozen=True)
class FitResult:
    """What ``fit`` returns.

    ``loss_history[k]`` is the MSE of ``param_history[k]`` = (m, b), the line after k
    epochs, measured at the start of epoch k + 1, before its update (the article's
    bookkeeping). ``m``, ``b`` are the final parameters and ``loss`` their MSE.
    ``epochs_run`` counts the epochs completed, that is the updates made: a run that stops
    (``tol``, divergence) measures one more loss, then stops before that epoch's update.
    """

    m: float
    b: float
    loss: float
    loss_history: np.ndarray
    param_history: np.ndarray
    epochs_run: int
    stop_reason: str  # "epochs" (all ran), "tol" (improved by < tol), "diverged" (partial run)

    def trajectory(self) -> tuple[np.ndarray, np.ndarray]:
        """Every (m, b) the run visited, in order, with its MSE; the final (m, b) is last.

        Row k is the line after k epochs, so row 0 is the starting guess and the last row
        is row ``epochs_run``.
        """
        if self.stop_reason in ("tol", "diverged"):  # the last row is already the final point
            return self.param_history.copy(), self.loss_history.copy()
        return (
            np.vstack([self.param_history, [self.m, self.b]]),
            np.append(self.loss_history, self.loss),
        )


def _residual_sums(X: np.ndarray, y: np.ndarray, m: float, b: float, buffer: np.ndarray):
    """Return (sum r^2, sum x r, sum r) for r = y - (m x + b), in cache-sized chunks.

    One pass over X and y: each chunk's residuals are formed in ``buffer`` (at least
    min(len(X), _CHUNK) long) by three in-place operations, then reduced while still cached.

    >>> _residual_sums(np.array([1.0, 2.0]), np.array([3.0, 5.0]), 2.0, 0.0, np.empty(2))
    (2.0, 3.0, 2.0)
    """
    squares = weighted = plain = 0.0
    for start in range(0, X.size, _CHUNK):
        x_part, y_part = X[start : start + _CHUNK], y[start : start + _CHUNK]
        r = buffer[: x_part.size]
        np.multiply(x_part, -m, out=r)
        r += y_part
        r -= b
        squares += np.dot(r, r)
        weighted += np.dot(x_part, r)
        plain += r.sum()
    return float(squares), float(weighted), float(plain)


@functools.cache
def _fused_kernel(parallel: bool):
    """The epoch's three sums in one compiled pass, on every core if ``parallel``.

    Returns None if numba is not installed. Compiled on first use (about a second;
    benchmarks/results.json records it) and cached on disk by numba, so later processes
    load it in milliseconds. Its sums are added in another order than
    ``_residual_sums``'s, so the two agree to rounding (1e-12 relative), not to the bit.
    """
    try:
        from numba import njit, prange
    except ImportError:
        return None

    def residual_sums(X, y, m, b):
        squares = weighted = plain = 0.0
        for i in prange(X.size):
            r = y[i] - m * X[i] - b
            squares += r * r
            weighted += X[i] * r
            plain += r
        return squares, weighted, plain

    # numba's disk cache is keyed by the function's name: one name per variant, or the
    # parallel kernel would load the serial one's machine code.
    residual_sums.__qualname__ = f"residual_sums_{'parallel' if parallel else 'serial'}"
    return njit(fastmath=True, parallel=parallel, cache=True)(residual_sums)


def _epoch_sums(X: np.ndarray):
    """The function an epoch calls for (sum r^2, sum x r, sum r) at (m, b), chosen by size."""
    if X.size >= _FUSED_MIN_POINTS:
        fused = _fused_kernel(X.size >= _PARALLEL_MIN_POINTS)  # positional: one cache entry
        if fused is not None:
            return fused
    buffer = np.empty(min(X.size, _CHUNK))
    return lambda X, y, m, b: _residual_sums(X, y, m, b, buffer)


def fit(
    X,
    y,
    m=0.0,
    b=0.0,
    learning_rate=0.01,
    epochs=3000,
    tol=None,
    method: str = "residuals",
    momentum=0.0,
) -> FitResult:
    """Fit y = m x + b by gradient descent on the MSE, starting from (m, b).

    Each epoch measures the loss, stops if it improved by less than ``tol`` on the
    previous epoch (the flowchart's rule), and otherwise takes one ``update`` step;
    ``epochs_run`` counts the epochs that made their update.
    ``method="residuals"`` makes one pass over the data per epoch, as the article does;
    ``method="sums"`` summarises the data once (``line_stats``) and makes every epoch O(1).
    A loss that grows past its start, or overflows, raises ``DivergenceError``.

    ``momentum`` beta in [0, 1) turns the step into heavy-ball momentum: a velocity v,
    zero at the start, becomes beta v - learning_rate * gradient, and (m, b) moves by v.
    beta = 0 is plain descent. With momentum the loss need not fall every epoch, so a
    rise past the start raises ``DivergenceError`` only outside the stable region
    learning_rate < 2 (1 + beta) / (largest Hessian eigenvalue); an overflow always does.
    For the same reason ``tol`` stops a momentum run at the first epoch whose loss does not
    fall by ``tol``, which can come early.

    >>> r = fit([2, 3, 5, 6, 8], [65, 70, 75, 85, 90], epochs=3)
    >>> r.loss_history.round(2).tolist(), r.stop_reason
    ([6015.0, 1512.97, 673.36], 'epochs')
    >>> r = fit([2, 3, 5, 6, 8], [65, 70, 75, 85, 90], learning_rate=0.02, epochs=100,
    ...         momentum=0.5)
    >>> round(r.m, 4), round(r.b, 4)
    (6.8508, 41.7362)
    """
    X, y = as_pair(X, y, "X", "y")
    m, b = _as_real(m, "m"), _as_real(b, "b")
    rate = _as_learning_rate(learning_rate)
    epochs = _as_epochs(epochs)
    beta = _as_momentum(momentum)
    if tol is not None and (_as_real(tol, "tol") < 0):
        raise ValueError(f"tol must be zero or positive (or None to run every epoch); got {tol!r}.")
    if method not in ("residuals", "sums"):
        raise ValueError(f'method must be "residuals" or "sums"; got {method!r}.')

    n = X.size
    if method == "sums":
        stats = line_stats(X, y)
    else:
        residual_sums = _epoch_sums(X)

    def loss_and_gradients(m, b):
        if method == "sums":
            return (stats.loss(m, b), *stats.gradients(m, b))
        squares, weighted, plain = residual_sums(X, y, m, b)
        return squares / n, -2.0 * weighted / n, -2.0 * plain / n

    def blew_up(loss) -> bool:
        """Overflow, or a rise past the start (for momentum: only outside its stable region)."""
        if not np.isfinite(loss):
            return True
        if loss <= losses[0]:
            return False
        return beta == 0.0 or rate > max_stable_learning_rate(X, beta)

    losses = np.empty(epochs)
    params = np.empty((epochs, 2))
    stop_reason = "epochs"
    velocity_m = velocity_b = 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            loss, dm, db = loss_and_gradients(m, b)
            losses[epoch], params[epoch] = loss, (m, b)
            if blew_up(loss):
                _raise_divergence(X, rate, epoch, losses, params, m, b, loss, beta)
            if tol is not None and epoch > 0 and losses[epoch - 1] - loss < tol:
                stop_reason = "tol"
                break
            if beta == 0.0:
                m, b = m - rate * dm, b - rate * db
            else:
                velocity_m = beta * velocity_m - rate * dm
                velocity_b = beta * velocity_b - rate * db
                m, b = m + velocity_m, b + velocity_b
        final_loss = loss_and_gradients(m, b)[0]
    if blew_up(final_loss):
        _raise_divergence(X, rate, epochs, losses, params, m, b, final_loss, beta)
    measured = epoch + 1
    return FitResult(
        m=float(m),
        b=float(b),
        loss=float(final_loss),
        loss_history=losses[:measured].copy(),
        param_history=params[:measured].copy(),
        epochs_run=epoch if stop_reason == "tol" else epochs,
        stop_reason=stop_reason,
    )


def _raise_divergence(X, rate, epoch, losses, params, m, b, loss, momentum=0.0) -> None:
    """Stop a run whose loss blew up at (m, b) after ``epoch`` epochs, with the partial run.

    The partial run's history ends with the point that blew up, so its ``trajectory()``
    is every point visited, once each. With ``momentum`` the message states the stable
    region in (learning rate, momentum).
    """
    history = np.append(losses[:epoch], loss)
    path = np.vstack([params[:epoch], [m, b]])
    partial = FitResult(
        m=float(m),
        b=float(b),
        loss=float(loss),
        loss_history=history,
        param_history=path,
        epochs_run=epoch,
        stop_reason="diverged",
    )
    after = f"after {epoch} epoch{'' if epoch == 1 else 's'}"
    if momentum:
        bound = max_stable_learning_rate(X, momentum)
        raise DivergenceError(
            f"gradient descent with momentum diverged: {after} the loss had risen from "
            f"{losses[0]:.6g} to {loss:.6g}. The learning rate {rate:.6g} with momentum "
            f"{momentum:.6g} is outside the stable region for these data, 0 <= momentum < 1 and "
            f"learning rate < 2 (1 + momentum) / (largest Hessian eigenvalue) = {bound:.6g}; "
            "use a learning rate below that bound.",
            partial,
        )
    bound = max_stable_learning_rate(X)
    raise DivergenceError(
        f"gradient descent diverged: {after} the loss had risen from "
        f"{losses[0]:.6g} to {loss:.6g}. The learning rate {rate:.6g} is too large for these "
        f"data; use one below {bound:.6g}.",
        partial,
    )


# ------------------------------------------------------------ stochastic and mini-batch
# A stochastic run whose loss over all the data exceeds this many times the larger of its
# start and the variance of y (the loss of the flat line through the mean) has blown up.
_STOCHASTIC_BLOWUP = 1e3


@dataclass(frozen=True)
class StochasticFitResult(FitResult):
    """What ``fit_stochastic`` returns: a ``FitResult`` counted in steps, not epochs.

    A *step* is one update, made from the gradient of one batch of ``batch_size`` points.
    An *epoch* is one pass over all n points in a fresh random order: ``steps_per_epoch``
    = ceil(n / batch_size) steps, the last batch of an epoch holding the points left over.
    ``loss_history[k]`` is the MSE over all the data, measured before step k + 1 at
    ``param_history[k]``, so ``trajectory()`` has one row per step. ``epochs_run`` counts
    epochs, ``steps_run`` steps and ``gradient_evaluations`` the per-point gradients
    computed (batch_size per step, n per epoch): the cost of a run, free of any clock.
    """

    steps_run: int
    steps_per_epoch: int
    batch_size: int
    gradient_evaluations: int


def _as_seed(seed):
    """A whole number >= 0 or a numpy Generator: what makes a random run repeatable."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"seed must be a whole number >= 0 or a numpy.random.Generator, so that the run "
            f"can be repeated; got {seed!r}."
        )
    if seed < 0:
        raise ValueError(f"seed must be a whole number >= 0; got {seed}.")
    return int(seed)


def fit_stochastic(
    X,
    y,
    m=0.0,
    b=0.0,
    learning_rate=0.01,
    epochs=1,
    batch_size=1,
    seed=0,
    decay=None,
) -> StochasticFitResult:
    """Fit y = m x + b by mini-batch (``batch_size`` > 1) or stochastic (1) gradient descent.

    Every epoch shuffles the points with ``numpy.random.default_rng(seed)`` and cuts them
    into batches; each step moves (m, b) against the MSE gradient of one batch. The rate
    of step k (counted from 0 over the whole run) is learning_rate / (1 + k / decay), or
    ``learning_rate`` throughout if ``decay`` is None. ``batch_size`` = n is full-batch
    descent, the same path as ``fit``. A batch's gradient comes from its sums of the
    centred data (as ``line_stats`` keeps them), so a step costs the same at any size.
    A loss that overflows, or grows past 1000 times the larger of its start and the
    variance of y, raises ``DivergenceError``. See ``StochasticFitResult`` for steps and epochs.

    >>> r = fit_stochastic([2, 3, 5, 6, 8], [65, 70, 75, 85, 90], epochs=2, seed=1)
    >>> r.steps_run, r.steps_per_epoch, r.gradient_evaluations, len(r.trajectory()[0])
    (10, 5, 10, 11)
    >>> round(r.m, 4), round(r.b, 4)
    (11.8508, 3.0627)
    """
    X, y = as_pair(X, y, "X", "y")
    m, b = _as_real(m, "m"), _as_real(b, "b")
    rate = _as_learning_rate(learning_rate)
    epochs = _as_epochs(epochs)
    n = X.size
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral):
        raise TypeError(
            f"batch_size must be a whole number such as 1, 8 or 64; got {batch_size!r}."
        )
    if not 1 <= batch_size <= n:
        raise ValueError(
            f"batch_size must be between 1 (one point per step) and the number of points, {n} "
            f"(full batch); got {batch_size}."
        )
    batch_size = int(batch_size)
    if decay is not None and _as_real(decay, "decay") <= 0:
        raise ValueError(
            f"decay (the step k0 at which the rate has halved) must be positive, or None for a "
            f"constant rate; got {decay!r}."
        )
    rng = np.random.default_rng(_as_seed(seed))

    stats = line_stats(X, y)
    x_mean, y_mean = stats.x_mean, stats.y_mean
    u, w = X - x_mean, y - y_mean
    starts = np.arange(0, n, batch_size)
    counts = np.diff(np.append(starts, n)).tolist()
    steps_per_epoch = len(counts)
    k0 = None if decay is None else float(decay)

    ms, bs = [], []
    step = 0
    start_loss = stats.loss(m, b)
    limit = _STOCHASTIC_BLOWUP * max(start_loss, stats.syy / n)

    def check(first_row, epochs_started):
        """Raise if a row from ``first_row`` on blew up; the partial run ends at that row."""
        losses = stats.loss(np.array(ms[first_row:]), np.array(bs[first_row:]))
        bad = np.flatnonzero(~np.isfinite(losses) | (losses > limit))
        if bad.size:
            _raise_stochastic_divergence(X, rate, batch_size, ms, bs, first_row + int(bad[0]),
                                         stats, epochs_started, steps_per_epoch, counts)

    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            first_row = len(ms)
            order = rng.permutation(n)
            u_epoch, w_epoch = u[order], w[order]
            sums = [np.add.reduceat(values, starts).tolist()
                    for values in (u_epoch, w_epoch, u_epoch * u_epoch, u_epoch * w_epoch)]
            for count, su, sw, suu, suw in zip(counts, *sums):
                ms.append(m)
                bs.append(b)
                gap = b + m * x_mean - y_mean  # the line at the mean of x, minus the mean of y
                sum_r = sw - m * su - gap * count  # sum of residuals over the batch
                sum_ur = suw - m * suu - gap * su  # sum of (x - x_mean) * residual
                step_rate = rate if k0 is None else rate / (1.0 + step / k0)
                scale = 2.0 * step_rate / count
                m += scale * (sum_ur + x_mean * sum_r)
                b += scale * sum_r
                step += 1
            check(first_row, epoch + 1)
        ms.append(m)
        bs.append(b)
        check(len(ms) - 1, epochs)
        ms.pop()
        bs.pop()
    params = np.column_stack([ms, bs])
    return StochasticFitResult(
        m=float(m),
        b=float(b),
        loss=float(stats.loss(m, b)),
        loss_history=stats.loss(params[:, 0], params[:, 1]),
        param_history=params,
        epochs_run=epochs,
        stop_reason="epochs",
        steps_run=step,
        steps_per_epoch=steps_per_epoch,
        batch_size=batch_size,
        gradient_evaluations=epochs * n,
    )


def _raise_stochastic_divergence(X, rate, batch_size, ms, bs, row, stats, epochs_started,
                                 steps_per_epoch, counts) -> None:
    """Stop a stochastic run that blew up at step ``row``, with the partial run and the bounds."""
    params = np.column_stack([ms[: row + 1], bs[: row + 1]])
    losses = stats.loss(params[:, 0], params[:, 1])
    full_epochs, extra = divmod(row, steps_per_epoch)
    partial = StochasticFitResult(
        m=float(params[-1, 0]),
        b=float(params[-1, 1]),
        loss=float(losses[-1]),
        loss_history=losses,
        param_history=params,
        epochs_run=epochs_started,
        stop_reason="diverged",
        steps_run=row,
        steps_per_epoch=steps_per_epoch,
        batch_size=batch_size,
        gradient_evaluations=full_epochs * stats.n + int(sum(counts[:extra])),
    )
    point_bound = 1.0 / (1.0 + float(np.max(X * X)))
    raise DivergenceError(
        f"stochastic gradient descent diverged at step {row} (epoch {epochs_started}): the loss "
        f"rose from {losses[0]:.6g} to {losses[-1]:.6g}. The learning rate {rate:.6g} is too "
        f"large for steps on batches of {batch_size} point(s): a step on any batch is stable "
        f"below 1 / (1 + largest x^2) = {point_bound:.6g}, and full-batch descent below "
        f"2 / (largest Hessian eigenvalue) = {max_stable_learning_rate(X):.6g}.",
        partial,
    )
