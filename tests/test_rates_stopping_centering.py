"""Chapters 10-12 (learning rate, stopping, centring): key figures against independent numpy.

The Hessians, eigenvalues and exact answers here are computed with numpy.linalg and
numpy.polyfit from the raw data, not with linreg, so that a slip in linreg would show.
"""

import numpy as np
import pytest

import linreg

X = np.array([2.0, 3.0, 5.0, 6.0, 8.0])
Y = np.array([65.0, 70.0, 75.0, 85.0, 90.0])


def numpy_hessian(x):
    """(2/n) A^T A for the design matrix A = [x, 1]: the MSE's Hessian over (m, b)."""
    design = np.column_stack([x, np.ones_like(x)])
    return 2.0 / len(x) * design.T @ design


def numpy_eigenvalues(x):
    return np.linalg.eigvalsh(numpy_hessian(x))


EXACT = np.polyfit(X, Y, 1)  # (m*, b*)


# ------------------------------------------------------------------ chapter 10
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


# ------------------------------------------------------------------ chapter 11
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


# ------------------------------------------------------------------ chapter 12
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
