"""Chapters 8 and 9: the exact answer and the shape of the valley, checked independently.

Every expected value here comes from numpy (polyfit, lstsq, eigvalsh, matrix_power) or
from an MSE written out in this file, never from linreg itself.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import linreg
import plot_utils

X, Y = linreg.article_data()
LEARNING_RATE, EPOCHS = 0.01, 3000


def mse(params, x=X, y=Y):
    """The MSE of the line (m, b), written out in numpy."""
    m, b = params
    return np.mean((y - (m * x + b)) ** 2)


def hessian_by_hand(x):
    """(2/n) [[sum x^2, sum x], [sum x, n]], built from the sums."""
    x = np.asarray(x, dtype=float)
    return 2.0 / x.size * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), x.size]])


def finite_difference_hessian(f, point, step=1e-2):
    """Central second differences of f at point (exact up to rounding for a quadratic)."""
    point = np.asarray(point, dtype=float)
    size = point.size
    result = np.empty((size, size))
    for i in range(size):
        for j in range(size):
            e_i, e_j = np.eye(size)[i] * step, np.eye(size)[j] * step
            result[i, j] = (f(point + e_i + e_j) - f(point + e_i - e_j)
                            - f(point - e_i + e_j) + f(point - e_i - e_j)) / (4 * step * step)
    return result


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------- the exact answer
def test_least_squares_matches_polyfit():
    m_ref, b_ref = np.polyfit(X, Y, 1)
    m, b = linreg.least_squares(X, Y)
    assert m == pytest.approx(m_ref, abs=1e-10) and b == pytest.approx(b_ref, abs=1e-10)
    assert (round(m, 4), round(b, 4)) == (4.2544, 56.5789)


def test_least_squares_matches_lstsq_on_design_matrix():
    design = np.column_stack([X, np.ones_like(X)])
    (m_ref, b_ref), *_ = np.linalg.lstsq(design, Y, rcond=None)
    m, b = linreg.least_squares(X, Y)
    assert m == pytest.approx(m_ref, abs=1e-10) and b == pytest.approx(b_ref, abs=1e-10)


def test_least_squares_on_other_data_matches_lstsq():
    rng = np.random.default_rng(0)
    x = rng.uniform(-50, 200, size=40)
    y = 3.0 - 0.7 * x + rng.normal(scale=5.0, size=x.size)
    design = np.column_stack([x, np.ones_like(x)])
    expected = np.linalg.lstsq(design, y, rcond=None)[0]
    np.testing.assert_allclose(linreg.least_squares(x, y), expected, rtol=1e-10, atol=1e-10)


def test_least_squares_is_the_exact_fraction():
    m, b = linreg.least_squares(X, Y)
    assert m == pytest.approx(485 / 114, abs=1e-12) and b == pytest.approx(1075 / 19, abs=1e-12)
    assert mse((m, b)) == pytest.approx(395 / 114, abs=1e-12)


def test_gradient_vanishes_at_least_squares_and_nowhere_near():
    m, b = linreg.least_squares(X, Y)
    dm, db = linreg.gradients(X, Y, m * X + b)
    assert abs(dm) < 1e-9 and abs(db) < 1e-9
    dm, db = linreg.gradients(X, Y, (m + 1e-3) * X + b)
    assert abs(dm) > 1e-2


def test_least_squares_is_the_lowest_mse_nearby():
    best = np.array(linreg.least_squares(X, Y))
    lowest = mse(best)
    for direction in [(1, 0), (0, 1), (1, 1), (-0.17, 0.98)]:
        for size in (1e-3, 1.0):
            assert mse(best + size * np.array(direction)) > lowest


# -------------------------------------------------------------------------- the bowl
def test_hessian_matches_finite_differences_of_a_numpy_mse():
    for point in [(0.0, 0.0), (3.0, 60.0), (10.0, -20.0)]:
        numeric = finite_difference_hessian(mse, point)
        np.testing.assert_allclose(linreg.hessian(X), numeric, rtol=1e-6, atol=1e-6)


def test_hessian_on_other_data_matches_finite_differences():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 30, size=12), rng.uniform(-5, 5, size=12)
    numeric = finite_difference_hessian(lambda p: mse(p, x, y), (1.0, 2.0))
    np.testing.assert_allclose(linreg.hessian(x), numeric, rtol=1e-6, atol=1e-6)


def test_eigenvalues_and_condition_number():
    low, high = np.linalg.eigvalsh(hessian_by_hand(X))
    assert low == pytest.approx(0.3207, abs=1e-4)
    assert high == pytest.approx(56.879, abs=1e-3)
    assert high / low == pytest.approx(177.4, abs=0.05)
    np.testing.assert_allclose(np.linalg.eigvalsh(linreg.hessian(X)), [low, high], rtol=1e-12)


def test_hessian_eigen_returns_signed_unit_eigenvectors():
    matrix = hessian_by_hand(X)
    values, vectors = linreg.hessian_eigen(X)
    np.testing.assert_allclose(values, np.linalg.eigvalsh(matrix), rtol=1e-12)
    np.testing.assert_allclose(matrix @ vectors, vectors * values, atol=1e-10)
    np.testing.assert_allclose(vectors.T @ vectors, np.eye(2), atol=1e-12)
    for column in vectors.T:  # largest entry positive: the same directions everywhere
        assert column[np.argmax(np.abs(column))] > 0
    assert vectors[1, 0] > 0.98  # the flat direction is mostly intercept


def test_max_stable_learning_rate_is_two_over_largest_eigenvalue():
    high = np.linalg.eigvalsh(hessian_by_hand(X))[-1]
    assert linreg.max_stable_learning_rate(X) == pytest.approx(2 / high, rel=1e-12)


def test_fastest_learning_rate_is_two_over_sum_of_eigenvalues():
    low, high = np.linalg.eigvalsh(hessian_by_hand(X))
    assert linreg.fastest_learning_rate(X) == pytest.approx(2 / (low + high), rel=1e-12)


def test_shrink_factors_and_epochs_for_a_thousandfold_shrink():
    factors = 1 - LEARNING_RATE * np.linalg.eigvalsh(hessian_by_hand(X))
    np.testing.assert_allclose(factors, [0.9968, 0.4312], atol=1e-4)
    epochs = np.ceil(np.log(1000) / -np.log(np.abs(factors)))
    assert epochs.tolist() == [2151, 9]


# ------------------------------------------------------ gradient descent, predicted
def test_3000_epochs_match_linear_error_propagation():
    exact = np.linalg.lstsq(np.column_stack([X, np.ones_like(X)]), Y, rcond=None)[0]
    step = np.eye(2) - LEARNING_RATE * hessian_by_hand(X)
    predicted = np.linalg.matrix_power(step, EPOCHS) @ (np.zeros(2) - exact)
    result = linreg.fit(X, Y, learning_rate=LEARNING_RATE, epochs=EPOCHS)
    error = np.array([result.m, result.b]) - exact
    np.testing.assert_allclose(error, predicted, rtol=0, atol=1e-9)
    assert np.linalg.norm(error) == pytest.approx(np.linalg.norm(predicted), abs=1e-9)
    assert 1e-3 < np.linalg.norm(error) < 1e-2  # not there yet, but close


def test_whole_trajectory_matches_error_propagation():
    exact = np.array(np.polyfit(X, Y, 1))
    step = np.eye(2) - LEARNING_RATE * hessian_by_hand(X)
    params = linreg.fit(X, Y, learning_rate=LEARNING_RATE, epochs=200).trajectory()[0]
    for k in (0, 1, 2, 7, 50, 200):
        expected = exact + np.linalg.matrix_power(step, k) @ (params[0] - exact)
        np.testing.assert_allclose(params[k], expected, rtol=0, atol=1e-9)


def test_excess_loss_is_half_the_quadratic_form():
    exact = np.array(np.polyfit(X, Y, 1))
    matrix = hessian_by_hand(X)
    for point in [(0.0, 0.0), (3.0, 60.0), (13.5, 3.6)]:
        error = np.array(point) - exact
        assert mse(point) - mse(exact) == pytest.approx(0.5 * error @ matrix @ error, rel=1e-9)


# ----------------------------------------------------------------------- pictures
def test_plot_line_gap_draws_the_gap_between_the_lines():
    fig = plot_utils.plot_line_gap(X, Y, {"a": (4.0, 56.0), "b": (4.5, 55.0)})
    right = fig.axes[1]
    xs, gaps = right.lines[1].get_data()
    np.testing.assert_allclose(gaps, 0.5 * np.asarray(xs) - 1.0)
    with pytest.raises(ValueError, match="at least two"):
        plot_utils.plot_line_gap(X, Y, {"a": (4.0, 56.0)})


def test_plot_error_components_hides_rounding_noise():
    epochs = np.arange(4)
    components = np.array([[8.0, 1.0], [4.0, 1e-14], [2.0, 0.0], [1.0, -1e-3]])
    fig = plot_utils.plot_error_components(epochs, components, ["a", "b"], zoom=2)
    assert [ax.get_yscale() for ax in fig.axes] == ["log", "log"]
    shown = fig.axes[0].lines[1].get_ydata()
    assert np.isnan(shown[1]) and np.isnan(shown[2]) and shown[3] == pytest.approx(1e-3)
    with pytest.raises(ValueError, match="labels"):
        plot_utils.plot_error_components(epochs, components, ["only one"])


def test_plot_valley_axes_arrows_reach_the_marked_contour():
    fig = plot_utils.plot_valley_axes(X, Y, rise=80.0)
    exact = np.array(np.polyfit(X, Y, 1))
    arrows = [t for t in fig.axes[0].texts if t.arrow_patch is not None]
    assert len(arrows) == 2
    for arrow in arrows:
        assert mse(arrow.xy) - mse(exact) == pytest.approx(80.0, rel=1e-9)
