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


# ------------------------------------------------ the exact answer, in chapter 9's text
def exact_by_lstsq(x=X, y=Y):
    """(m*, b*) from numpy's least-squares solver on the design matrix [x, 1]."""
    return np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)[0]


def standard_errors_by_formula(x, y):
    """SE(m), SE(b) written out: s^2 = RSS / (n - 2), sxx from the centred x."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    m, b = exact_by_lstsq(x, y)
    s2 = np.sum((y - m * x - b) ** 2) / (x.size - 2)
    sxx = np.sum((x - x.mean()) ** 2)
    return np.sqrt(s2 / sxx), np.sqrt(s2 * (1 / x.size + x.mean() ** 2 / sxx))


def test_centred_slope_and_fractions_of_chapter_9():
    dx, dy = X - X.mean(), Y - Y.mean()
    assert (X.mean(), Y.mean(), np.sum(dx * dx), np.sum(dx * dy)) == (4.8, 77.0, 22.8, 97.0)
    m, b = exact_by_lstsq()
    assert m == pytest.approx(97 / 22.8, abs=1e-12) and b == pytest.approx(77 - 4.8 * m)
    textbook = (5 * np.dot(X, Y) - X.sum() * Y.sum()) / (5 * np.dot(X, X) - X.sum() ** 2)
    assert textbook == pytest.approx(485 / 114, abs=1e-12)
    residuals = Y - (m * X + b)
    assert abs(residuals.sum()) < 1e-9 and abs(np.dot(X, residuals)) < 1e-9


def test_standard_errors_match_polyfit_covariance_and_the_formula():
    _, cov = np.polyfit(X, Y, 1, cov=True)  # scaled by RSS / (n - 2)
    expected = np.sqrt(np.diag(cov))
    np.testing.assert_allclose(linreg.standard_errors(X, Y), expected, rtol=1e-10)
    np.testing.assert_allclose(standard_errors_by_formula(X, Y), expected, rtol=1e-10)
    assert (round(expected[0], 3), round(expected[1], 2)) == (0.503, 2.64)


def test_standard_errors_on_other_data_and_input_checks():
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 20, size=30)
    y = 1.5 * x - 4 + rng.normal(scale=2.0, size=x.size)
    np.testing.assert_allclose(linreg.standard_errors(x, y),
                               np.sqrt(np.diag(np.polyfit(x, y, 1, cov=True)[1])), rtol=1e-10)
    with pytest.raises(ValueError, match="three points"):
        linreg.standard_errors([1.0, 2.0], [3.0, 5.0])


def test_redrawn_data_spread_like_the_standard_errors():
    """Chapter 9's simulation: 100 000 redrawn data sets, refitted, spread as SE predicts."""
    m, b = exact_by_lstsq()
    fitted = m * X + b
    noise = np.sqrt(np.sum((Y - fitted) ** 2) / (X.size - 2))
    redrawn = fitted + np.random.default_rng(seed=0).normal(scale=noise, size=(100_000, X.size))
    slopes, intercepts = np.polyfit(X, redrawn.T, 1)
    se_m, se_b = standard_errors_by_formula(X, Y)
    assert slopes.std() == pytest.approx(se_m, rel=0.01)
    assert intercepts.std() == pytest.approx(se_b, rel=0.01)
    assert round(noise, 2) == 2.40


def test_3000_epoch_error_is_a_tiny_fraction_of_the_standard_error():
    m, b = exact_by_lstsq()
    run = linreg.fit(X, Y, learning_rate=LEARNING_RATE, epochs=EPOCHS)
    se_m, se_b = standard_errors_by_formula(X, Y)
    error_m, error_b = run.m - m, run.b - b
    assert error_m > 0 > error_b  # too steep, starting too low
    assert round(se_m / error_m, -2) == 800 and round(se_b / -error_b, -1) == 750
    assert round(error_m, 4) == 0.0006 and round(-error_b, 4) == 0.0035
    # the final loss and the last recorded one first differ in the eighth decimal
    gap = run.loss_history[-1] - run.loss
    assert 1e-8 <= gap < 1e-7


def test_the_two_lines_cross_right_of_the_mean_where_the_flat_direction_pivots():
    m, b = exact_by_lstsq()
    run = linreg.fit(X, Y, learning_rate=LEARNING_RATE, epochs=EPOCHS)
    crossing = -(run.b - b) / (run.m - m)
    _, vectors = np.linalg.eigh(hessian_by_hand(X))
    flat = vectors[:, 0]  # smallest eigenvalue first
    pivot = -flat[1] / flat[0]
    assert crossing == pytest.approx(pivot, abs=1e-6)
    assert round(pivot, 2) == 5.72 and round(pivot - X.mean(), 2) == 0.92
    # the flat direction is the unit step with the smallest MSE rise: a turn about x0
    pivots = np.linspace(0, 10, 100_001)
    rise = np.mean((X[:, None] - pivots) ** 2, axis=0) / (1 + pivots**2)
    assert pivots[rise.argmin()] == pytest.approx(pivot, abs=1e-4)
    assert rise.min() == pytest.approx(np.linalg.eigvalsh(hessian_by_hand(X))[0] / 2, rel=1e-8)
    # once the stiff part has died out, every line of the run passes through that point
    # (after 10 updates to within 0.02, far below the width of a drawn line)
    params = linreg.fit(X, Y, learning_rate=LEARNING_RATE, epochs=EPOCHS).trajectory()[0]
    at_pivot = params[[10, 300, 3000]] @ [pivot, 1.0]
    np.testing.assert_allclose(at_pivot, m * pivot + b, atol=0.02)


def test_one_newton_step_lands_on_the_least_squares_line():
    exact = exact_by_lstsq()
    hessian = hessian_by_hand(X)
    for start in [(0.0, 0.0), (3.0, 60.0), (-20.0, 300.0)]:
        m, b = start
        residual = Y - (m * X + b)
        gradient = np.array([-2 * np.mean(X * residual), -2 * np.mean(residual)])
        np.testing.assert_allclose(np.array(start) - np.linalg.solve(hessian, gradient), exact,
                                   atol=1e-9)
    np.testing.assert_allclose(linreg.hessian(X), hessian, rtol=1e-12)


def test_article_descent_needs_5545_updates_for_1e6_and_the_prediction_agrees():
    exact = exact_by_lstsq()
    params = linreg.fit(X, Y, learning_rate=LEARNING_RATE, epochs=2 * EPOCHS).trajectory()[0]
    error = np.max(np.abs(params - exact), axis=1)
    needed = int(np.flatnonzero(error >= 1e-6)[-1] + 1)
    assert needed == 5545
    values, vectors = np.linalg.eigh(hessian_by_hand(X))
    flat = vectors[:, 0]
    c0 = (np.zeros(2) - exact) @ flat
    factor = 1 - LEARNING_RATE * values[0]
    predicted = int(np.ceil(np.log(1e-6 / (abs(c0) * np.abs(flat).max())) / np.log(factor)))
    assert predicted == needed


def test_ten_repeated_points_shrink_the_standard_errors_by_root_three_eighths():
    twice = standard_errors_by_formula(np.concatenate([X, X]), np.concatenate([Y, Y]))
    np.testing.assert_allclose(np.array(twice) / standard_errors_by_formula(X, Y),
                               np.sqrt(3 / 8), rtol=1e-12)


# ------------------------------------------------- the valley, in chapter 10's text
def test_expanded_polynomial_and_hessian_of_chapter_10():
    n = X.size
    coefficients = (np.dot(Y, Y) / n, -2 * np.dot(X, Y) / n, -2 * Y.sum() / n,
                    np.dot(X, X) / n, 2 * X.sum() / n, 1.0)
    assert [round(c, 1) for c in coefficients] == [6015.0, -778.0, -154.0, 27.6, 9.6, 1.0]
    c0, cm, cb, cmm, cmb, cbb = coefficients
    for m, b in [(0.0, 0.0), (3.0, 60.0), tuple(exact_by_lstsq()), (-7.5, 120.0)]:
        assert c0 + cm * m + cb * b + cmm * m * m + cmb * m * b + cbb * b * b == pytest.approx(
            mse((m, b)), rel=1e-12)
    np.testing.assert_allclose(hessian_by_hand(X), [[2 * cmm, cmb], [cmb, 2 * cbb]])


def test_gradient_is_hessian_times_error_at_the_first_guess():
    exact = exact_by_lstsq()
    error = np.array([3.0, 60.0]) - exact
    residual = Y - (3.0 * X + 60.0)
    gradient = np.array([-2 * np.mean(X * residual), -2 * np.mean(residual)])
    np.testing.assert_allclose(hessian_by_hand(X) @ error, gradient, atol=1e-9)
    np.testing.assert_allclose(gradient, [-36.4, -5.2], atol=1e-9)
    assert mse(exact) + 0.5 * error @ hessian_by_hand(X) @ error == pytest.approx(17.4)


def test_loss_table_and_component_decay_of_the_article_run():
    exact = exact_by_lstsq()
    values, vectors = np.linalg.eigh(hessian_by_hand(X))
    vectors = vectors * np.sign(vectors[np.argmax(np.abs(vectors), axis=0), [0, 1]])
    factors = 1 - LEARNING_RATE * values
    params, losses = linreg.fit(X, Y, learning_rate=LEARNING_RATE, epochs=EPOCHS).trajectory()
    components = (params - exact) @ vectors
    k = np.arange(len(params))
    predicted = components[0] * factors ** k[:, None]
    assert np.abs(components - predicted).max() < 1e-12
    parts = 0.5 * values * predicted**2
    np.testing.assert_allclose(mse(exact) + parts.sum(axis=1), losses, rtol=1e-9)
    assert round(parts[0, 1] / parts[0].sum(), 3) == 0.919
    stiff_gone = int(np.argmax(np.abs(components[:, 1]) < 1e-12))
    assert stiff_gone == 36 and np.all(np.abs(components[stiff_gone:, 1]) < 1e-12)
    for column in range(2):
        usable = np.abs(components[:, column]) > 1e-8
        slope = np.polyfit(k[usable], np.log(np.abs(components[usable, column])), 1)[0]
        assert np.exp(slope) == pytest.approx(abs(factors[column]), abs=1e-8)


def test_covariance_of_the_estimates_is_proportional_to_the_inverse_hessian():
    m, b = exact_by_lstsq()
    s2 = np.sum((Y - m * X - b) ** 2) / (X.size - 2)
    covariance = 2 * s2 / X.size * np.linalg.inv(hessian_by_hand(X))
    np.testing.assert_allclose(covariance, np.polyfit(X, Y, 1, cov=True)[1], rtol=1e-10)


def test_plot_lines_after_draws_each_chosen_line():
    result = linreg.fit(X, Y, learning_rate=LEARNING_RATE, epochs=50)
    params = result.trajectory()[0]
    fig = plot_utils.plot_lines_after(X, Y, result, [0, 10, 50], pivot=5.5)
    ax = fig.axes[0]
    for line, k in zip(ax.lines[:3], [0, 10, 50], strict=True):
        xs, ys = line.get_data()
        np.testing.assert_allclose(ys, params[k, 0] * np.asarray(xs) + params[k, 1])
    assert ax.lines[3].get_xdata()[0] == 5.5
    with pytest.raises(ValueError, match="between 0 and 50"):
        plot_utils.plot_lines_after(X, Y, result, [51])
    with pytest.raises(ValueError, match="must be a number"):
        plot_utils.plot_lines_after(X, Y, result, [1], pivot="middle")
    zoomed = plot_utils.plot_lines_after(X, Y, result, [0, 50], ylim=(50, 100)).axes[0]
    assert zoomed.get_ylim() == (50, 100) and ax.get_ylim()[0] < 0
    with pytest.raises(ValueError, match="bottom < top"):
        plot_utils.plot_lines_after(X, Y, result, [1], ylim=(100, 50))


def test_plot_line_gap_marks_x_values():
    fig = plot_utils.plot_line_gap(X, Y, {"a": (4.0, 56.0), "b": (4.5, 55.0)},
                                   marks={"mean": 4.8, "cross": 2.0})
    marks = [line for line in fig.axes[1].lines if line.get_label() in ("mean", "cross")]
    assert [tuple(line.get_xdata()) for line in marks] == [(4.8, 4.8), (2.0, 2.0)]


def test_plot_valley_axes_draws_the_path_over_the_arrows():
    fig = plot_utils.plot_valley_axes(X, Y, path=[[0.0, 0.0], [5.0, 20.0]])
    ax = fig.axes[0]
    path = next(line for line in ax.lines if line.get_label() == "descent path")
    arrows = [t for t in ax.texts if t.arrow_patch is not None]
    assert all(path.get_zorder() > arrow.get_zorder() for arrow in arrows)
