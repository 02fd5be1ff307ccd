"""Chapters 11-13 (learning rate, stopping, centring): key figures against independent numpy.

The Hessians, eigenvalues and exact answers here are computed with numpy.linalg and
numpy.polyfit from the raw data, not with linreg, so that a slip in linreg would show.
"""

import numpy as np
import pytest
from reference import article_loop

import linreg
import plot_utils

X = np.array([2.0, 3.0, 5.0, 6.0, 8.0])
Y = np.array([65.0, 70.0, 75.0, 85.0, 90.0])


def numpy_hessian(x):
    """(2/n) A^T A for the design matrix A = [x, 1]: the MSE's Hessian over (m, b)."""
    design = np.column_stack([x, np.ones_like(x)])
    return 2.0 / len(x) * design.T @ design


def numpy_eigenvalues(x):
    return np.linalg.eigvalsh(numpy_hessian(x))


EXACT = np.polyfit(X, Y, 1)  # (m*, b*)


# ------------------------------------------------------------------ chapter 11
def test_stable_bound_is_two_over_largest_eigenvalue():
    lam_min, lam_max = numpy_eigenvalues(X)
    assert lam_min == pytest.approx(0.3207, abs=1e-4)
    assert lam_max == pytest.approx(56.8793, abs=1e-4)
    assert 2 / lam_max == pytest.approx(0.0352, abs=1e-4)
    assert linreg.max_stable_learning_rate(X) == pytest.approx(2 / lam_max, rel=1e-12)


def test_just_below_the_bound_converges_just_above_diverges():
    bound = 2 / numpy_eigenvalues(X)[1]
    below = linreg.fit(X, Y, learning_rate=0.99 * bound, epochs=3000)
    assert below.stop_reason == "epochs"
    assert np.allclose([below.m, below.b], EXACT, atol=1e-6)
    with pytest.raises(linreg.DivergenceError) as caught:
        linreg.fit(X, Y, learning_rate=1.01 * bound, epochs=3000)
    partial = caught.value.result
    assert partial.stop_reason == "diverged"
    assert partial.loss > partial.loss_history[0]
    assert f"{bound:.6g}" in str(caught.value)


def test_zigzag_stiff_component_flips_sign_with_the_predicted_factor():
    lam, vectors = np.linalg.eigh(numpy_hessian(X))
    lr = 0.99 * 2 / lam[1]
    params = linreg.fit(X, Y, learning_rate=lr, epochs=50).trajectory()[0]
    stiff = (params - EXACT) @ vectors[:, 1]
    assert np.allclose(stiff[1:] / stiff[:-1], 1 - lr * lam[1])
    components = linreg.error_components(X, Y, params)
    assert np.allclose(np.abs(components[:, 1]), np.abs(stiff))


def test_half_the_limit_removes_the_stiff_error_in_one_update():
    """Chapter 11, exercise 2: at 1/lambda_max the stiff component is gone after one update
    (numerically zero: what is left is a few units of the last bit of 14)."""
    lam, vectors = np.linalg.eigh(numpy_hessian(X))
    _, params, m, b = article_loop(X, Y, learning_rate=1 / lam[1], epochs=1)
    stiff = (np.array([m, b]) - EXACT) @ vectors[:, 1]
    assert abs(stiff) < 1e-13 < abs((params[0] - EXACT) @ vectors[:, 1])


def test_the_101_percent_run_stops_after_one_epoch_having_risen():
    """Chapter 11: after one epoch the loss had risen from 6015 to 6227, and fit stopped."""
    bound = 2 / numpy_eigenvalues(X)[1]
    losses, _, _, _ = article_loop(X, Y, learning_rate=1.01 * bound, epochs=2)
    assert round(losses[0]) == 6015 and round(losses[1]) == 6227
    with pytest.raises(linreg.DivergenceError) as caught:
        linreg.fit(X, Y, learning_rate=1.01 * bound, epochs=3000)
    assert caught.value.result.epochs_run == 1


def test_fastest_rate_and_its_factor():
    lam_min, lam_max = numpy_eigenvalues(X)
    best = 2 / (lam_min + lam_max)
    kappa = lam_max / lam_min
    assert linreg.fastest_learning_rate(X) == pytest.approx(best, rel=1e-12)
    assert kappa == pytest.approx(177.37, abs=0.01)
    assert linreg.contraction_factor(X, best) == pytest.approx((kappa - 1) / (kappa + 1))
    # the best rate beats the article's 0.01 and the rates either side of it
    for other in (0.01, 0.9 * best, min(1.05 * best, 0.999 * 2 / lam_max)):
        assert linreg.contraction_factor(X, other) > linreg.contraction_factor(X, best)


def test_epochs_to_accuracy_fastest_against_article_rate():
    best = 2 / np.sum(numpy_eigenvalues(X))
    needed = {}
    for lr in (0.01, best):
        params = linreg.fit(X, Y, learning_rate=lr, epochs=4000).trajectory()[0]
        outside = np.flatnonzero(np.max(np.abs(params - EXACT), axis=1) >= 1e-3)
        needed[lr] = int(outside[-1] + 1)
        run = linreg.fit(X, Y, learning_rate=lr, epochs=4000)
        assert linreg.epochs_to_accuracy(run, *EXACT, 1e-3) == needed[lr]
    assert needed[0.01] == 3394
    assert 950 < needed[best] < 1000
    assert needed[0.01] > 3 * needed[best]


# ------------------------------------------------------------------ chapter 12
def test_tolerance_table_stops_on_tol_and_error_shrinks_with_tol():
    errors, epochs = [], []
    for k in range(1, 11):
        run = linreg.fit(X, Y, learning_rate=0.01, epochs=100_000, tol=10.0**-k)
        assert run.stop_reason == "tol"
        errors.append(np.hypot(run.m - EXACT[0], run.b - EXACT[1]))
        epochs.append(run.epochs_run)
    assert np.all(np.diff(errors) < 0) and np.all(np.diff(epochs) > 0)
    # a tenfold smaller tol shrinks the error only by about sqrt(10)
    assert np.allclose(np.array(errors[:-1]) / errors[1:], np.sqrt(10), rtol=0.05)


def test_tol_1e6_leaves_small_loss_gap_but_visible_intercept_error():
    run = linreg.fit(X, Y, learning_rate=0.01, epochs=100_000, tol=1e-6)
    loss_min = np.mean((Y - np.polyval(EXACT, X)) ** 2)
    lam_min = numpy_eigenvalues(X)[0]
    gap = run.loss - loss_min
    assert 0 < gap < 2e-4
    assert abs(run.b - EXACT[1]) > 0.03
    # the gradient norm bounds the error: |e| <= |grad| / lam_min
    residual = Y - (run.m * X + run.b)
    grad = np.array([-2 * np.mean(X * residual), -2 * np.mean(residual)])
    error = np.hypot(run.m - EXACT[0], run.b - EXACT[1])
    assert error <= np.linalg.norm(grad) / lam_min * (1 + 1e-9)


def numpy_standard_errors(x, y):
    """SE(m), SE(b) from the OLS covariance s^2 (A^T A)^-1, s^2 with n - 2 degrees of freedom."""
    design = np.column_stack([x, np.ones_like(x)])
    coef, residual, _, _ = np.linalg.lstsq(design, y, rcond=None)
    variance = residual[0] / (len(x) - 2)
    return np.sqrt(np.diag(variance * np.linalg.inv(design.T @ design)))


def test_standard_errors_of_the_five_points():
    se_m, se_b = numpy_standard_errors(X, Y)
    assert (se_m, se_b) == pytest.approx((0.503, 2.644), abs=1e-3)
    assert linreg.standard_errors(X, Y) == pytest.approx((se_m, se_b), rel=1e-12)


def test_tolerance_runs_are_the_first_epochs_of_one_long_run():
    losses, params, _, _ = article_loop(X, Y, learning_rate=0.01, epochs=4000)
    for k in range(1, 11):
        run = linreg.fit(X, Y, learning_rate=0.01, epochs=100_000, tol=10.0**-k)
        np.testing.assert_allclose(run.param_history, params[: run.epochs_run + 1], rtol=1e-12)
        # the rule: the last epoch improved by less than tol, none before it did
        improvements = -np.diff(losses[: run.epochs_run + 1])
        assert improvements[-1] < 10.0**-k <= improvements[:-1].min()


def test_stop_distance_formula_matches_the_runs_within_two_percent():
    lam_min = numpy_eigenvalues(X)[0]
    rho = 1 - 0.01 * lam_min
    loss_min = np.mean((Y - np.polyval(EXACT, X)) ** 2)
    for tol in (1e-4, 1e-6, 1e-8):
        run = linreg.fit(X, Y, learning_rate=0.01, epochs=100_000, tol=tol)
        assert run.loss - loss_min == pytest.approx(tol / (1 - rho**2), rel=0.02)


def test_tol_1e6_leaves_about_one_percent_of_a_standard_error():
    se_m, se_b = numpy_standard_errors(X, Y)
    run = linreg.fit(X, Y, learning_rate=0.01, epochs=100_000, tol=1e-6)
    assert abs(run.m - EXACT[0]) == pytest.approx(0.0053, abs=5e-5)
    assert 0.010 < abs(run.m - EXACT[0]) / se_m < 0.011
    assert 0.011 < abs(run.b - EXACT[1]) / se_b < 0.012


def test_gradient_rule_aimed_at_the_standard_error():
    """Stop at the first epoch with |grad| < lam_min * SE(m) / 100: a distance below SE(m)/100."""
    se_m, se_b = numpy_standard_errors(X, Y)
    lam_min = numpy_eigenvalues(X)[0]
    _, params, _, _ = article_loop(X, Y, learning_rate=0.01, epochs=4000)
    residuals = Y - (params[:, :1] * X + params[:, 1:])
    grad = np.column_stack([-2 * np.mean(X * residuals, axis=1), -2 * np.mean(residuals, axis=1)])
    first = int(np.flatnonzero(np.linalg.norm(grad, axis=1) < lam_min * se_m / 100)[0])
    assert first + 1 == 2897
    error = params[first] - EXACT
    assert np.linalg.norm(error) < se_m / 100
    assert abs(error[0]) < se_m / 100 and abs(error[1]) < se_b / 100


# ------------------------------------------------------------------ chapter 13
def test_centred_hessian_is_diagonal_and_better_conditioned():
    X_c = X - X.mean()
    H_c = numpy_hessian(X_c)
    assert abs(H_c[0, 1]) < 1e-12
    assert np.allclose(np.diag(H_c), [2 * np.mean(X_c**2), 2.0])
    assert np.allclose(linreg.hessian(X_c), H_c)
    lam = numpy_eigenvalues(X_c)
    assert lam[1] / lam[0] == pytest.approx(4.56, abs=1e-9)


def test_centred_fit_needs_far_fewer_epochs_and_translates_back():
    X_c = X - X.mean()
    for lr_raw, lr_c in ((2 / np.sum(numpy_eigenvalues(X)), 2 / np.sum(numpy_eigenvalues(X_c))),
                         (0.01, 0.01)):
        raw = linreg.fit(X, Y, learning_rate=lr_raw, epochs=100_000, tol=1e-10)
        centred = linreg.fit(X_c, Y, learning_rate=lr_c, epochs=100_000, tol=1e-10)
        assert raw.stop_reason == centred.stop_reason == "tol"
        assert centred.epochs_run < raw.epochs_run / 5
        m_back, b_back = centred.m, centred.b - centred.m * X.mean()
        assert np.allclose([m_back, b_back], EXACT, atol=1e-4)
        assert abs(b_back - EXACT[1]) < abs(raw.b - EXACT[1])
    assert centred.b == pytest.approx(Y.mean(), abs=1e-4)


def test_excess_loss_falls_with_slope_two_ln_q():
    """Each run's ln(MSE - MSE*) falls by 2 ln|1 - eta lambda| per epoch, lambda the slowest."""
    X_c = X - X.mean()
    loss_min = np.mean((Y - np.polyval(EXACT, X)) ** 2)
    for inputs in (X, X_c):
        lam = numpy_eigenvalues(inputs)
        for rate in (2 / lam.sum(), 0.01):
            q = np.max(np.abs(1 - rate * lam))
            run = linreg.fit(inputs, Y, learning_rate=rate, epochs=100_000, tol=1e-10)
            losses, _, _, _ = article_loop(inputs, Y, learning_rate=rate, epochs=run.epochs_run)
            gap = np.log(losses - loss_min)
            half = gap.size // 2
            slope = (gap[-1] - gap[half]) / (gap.size - 1 - half)
            assert slope == pytest.approx(2 * np.log(q), rel=1e-5)
            if inputs is X_c:  # centred: the slowest factor is 1 - 2 eta, or its mirror
                assert q == pytest.approx(max(abs(1 - 2 * rate), abs(1 - rate * lam[1])))


def test_centring_is_a_preconditioner_with_the_centred_eigenvalues():
    X_c = X - X.mean()
    A = np.array([[1.0, 0.0], [-X.mean(), 1.0]])
    eigenvalues = np.sort(np.linalg.eigvals(A @ A.T @ numpy_hessian(X)).real)
    assert np.allclose(eigenvalues, numpy_eigenvalues(X_c))
    assert np.allclose(eigenvalues, [2.0, 9.12])


def test_standardising_with_the_population_sd_makes_the_hessian_2i():
    X_c = X - X.mean()
    population = np.sqrt(np.mean(X_c**2))
    assert np.allclose(numpy_hessian(X_c / population), 2 * np.eye(2))
    sample = np.sqrt(np.sum(X_c**2) / (len(X) - 1))  # pandas' default, ddof = 1
    assert np.allclose(numpy_hessian(X_c / sample), np.diag([1.6, 2.0]))
    # one step at the fastest rate 0.5 lands on the answer, translated back
    run = linreg.fit(X_c / population, Y, learning_rate=0.5, epochs=1)
    assert np.allclose([run.m / population, run.b - run.m * X.mean() / population], EXACT)


def test_centred_intercept_error_shrinks_by_one_minus_two_eta():
    X_c = X - X.mean()
    _, params, _, _ = article_loop(X_c, Y, learning_rate=0.01, epochs=707)
    k = np.arange(len(params))
    assert np.allclose(params[:, 1] - Y.mean(), (1 - 2 * 0.01) ** k * (0 - Y.mean()), atol=1e-12)


def test_contour_panels_are_wider_than_tall():
    """The chapter says a unit of m is drawn more than (b span / m span) times a unit of b."""
    X_c = X - X.mean()
    panels = {"raw x": (X, Y, [[0, 0]]), "centred x": (X_c, Y, [[0, 0]])}
    fig = plot_utils.plot_contour_paths(panels, m_range=(-5, 30), b_range=(-10, 90))
    fig.canvas.draw()
    for ax in fig.axes:
        box = ax.get_window_extent()
        assert box.width > box.height
        assert (box.width / 35) / (box.height / 100) > 100 / 35
    plot_utils.plt.close(fig)
