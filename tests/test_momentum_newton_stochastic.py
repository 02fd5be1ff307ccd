"""Momentum, Newton's step and stochastic descent (chapters 15 and 16), against plain numpy.

Every reference here is written out in the test: loops over the update rules, the 4x4
iteration matrix of heavy-ball momentum, numpy.linalg.lstsq and numpy.polyfit, so that a
slip in linreg would show. The chapters' figures (0.0608, 0.740, 0.860, 70 / 613 / 2141
epochs, the noise balls, the standard-error yardstick) are recomputed the same way.
"""

import re

import numpy as np
import pytest
from reference import article_loop

import linreg
import plot_utils
import text_utils

X = np.array([2.0, 3.0, 5.0, 6.0, 8.0])
Y = np.array([65.0, 70.0, 75.0, 85.0, 90.0])
EXACT = np.polyfit(X, Y, 1)  # (m*, b*)


def numpy_hessian(x):
    design = np.column_stack([x, np.ones_like(x)])
    return 2.0 / len(x) * design.T @ design


def momentum_loop(x, y, rate, beta, epochs, m=0.0, b=0.0):
    """Heavy ball by hand: record the loss and (m, b), then v <- beta v - rate grad, p += v."""
    p, v = np.array([m, b], float), np.zeros(2)
    losses, params = [], []
    for _ in range(epochs):
        residual = y - (p[0] * x + p[1])
        losses.append(np.mean(residual**2))
        params.append(p.copy())
        grad = np.array([-2 * np.mean(x * residual), -2 * np.mean(residual)])
        v = beta * v - rate * grad
        p = p + v
    return np.array(losses), np.array(params), p


def iteration_radius(x, rate, beta):
    """Spectral radius of the 4x4 map (e_k, e_{k-1}) -> (e_{k+1}, e_k) of heavy ball."""
    H = numpy_hessian(x)
    top = np.hstack([(1 + beta) * np.eye(2) - rate * H, -beta * np.eye(2)])
    bottom = np.hstack([np.eye(2), np.zeros((2, 2))])
    return np.max(np.abs(np.linalg.eigvals(np.vstack([top, bottom]))))


def thousandfold(path, answer):
    """Updates after which the distance to the answer stays below 1/1000 of its start."""
    gaps = np.linalg.norm(np.asarray(path) - answer, axis=1)
    return int(np.flatnonzero(gaps / gaps[0] >= 1e-3)[-1] + 1)


def synthetic(n, seed=0):
    """Chapter 16's data: the benchmark's recipe, x centred."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 10.0, n)
    y = 4.0 * x + 55.0 + rng.normal(0.0, 3.0, n)
    return x - x.mean(), y


# ------------------------------------------------------------------ momentum in fit
@pytest.mark.parametrize("method", ["residuals", "sums"])
@pytest.mark.parametrize("rate, beta", [(0.01, 0.9), (0.0608, 0.74), (0.02, 0.5)])
def test_momentum_fit_is_the_heavy_ball_loop(method, rate, beta):
    losses, params, final = momentum_loop(X, Y, rate, beta, 400)
    run = linreg.fit(X, Y, learning_rate=rate, epochs=400, momentum=beta, method=method)
    np.testing.assert_allclose(run.loss_history, losses, rtol=1e-10)
    np.testing.assert_allclose(run.param_history, params, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose([run.m, run.b], final, rtol=1e-10)


def test_momentum_on_large_data_uses_the_fast_paths(monkeypatch):
    x, y = synthetic(linreg._FUSED_MIN_POINTS + 500, seed=3)
    losses, params, final = momentum_loop(x, y, 0.05, 0.8, 60)
    for method in ("residuals", "sums"):
        run = linreg.fit(x, y, learning_rate=0.05, epochs=60, momentum=0.8, method=method)
        np.testing.assert_allclose(run.loss_history, losses, rtol=1e-10)
        np.testing.assert_allclose([run.m, run.b], final, rtol=1e-10)
    monkeypatch.setattr(linreg, "_FUSED_MIN_POINTS", 10**12)  # the numpy chunks instead
    run = linreg.fit(x, y, learning_rate=0.05, epochs=60, momentum=0.8)
    np.testing.assert_allclose([run.m, run.b], final, rtol=1e-10)


def test_zero_momentum_leaves_every_result_unchanged():
    losses, params, m, b = article_loop(X, Y, 0.0, 0.0, 0.01, 3000)
    plain = linreg.fit(X, Y)
    zero = linreg.fit(X, Y, momentum=0.0)
    np.testing.assert_array_equal(zero.loss_history, plain.loss_history)
    np.testing.assert_array_equal(zero.param_history, plain.param_history)
    assert (zero.m, zero.b, zero.loss) == (plain.m, plain.b, plain.loss)
    np.testing.assert_allclose(plain.loss_history, losses, rtol=1e-12)
    np.testing.assert_allclose([plain.m, plain.b], [m, b], rtol=1e-12)


def test_momentum_loss_may_rise_inside_the_stable_region_without_an_error():
    rate, beta = 4 / (np.sqrt(56.8793) + np.sqrt(0.3207)) ** 2, 0.7401
    run = linreg.fit(X, Y, learning_rate=rate, epochs=300, momentum=beta)
    assert run.loss_history.max() > run.loss_history[0]  # the first step overshoots
    assert np.allclose([run.m, run.b], EXACT, atol=1e-8)


def test_momentum_outside_the_region_raises_and_states_the_region():
    lam_max = np.linalg.eigvalsh(numpy_hessian(X))[1]
    beta = 0.74
    bound = 2 * (1 + beta) / lam_max
    assert linreg.max_stable_learning_rate(X, momentum=beta) == pytest.approx(bound, rel=1e-12)
    with pytest.raises(linreg.DivergenceError) as caught:
        linreg.fit(X, Y, learning_rate=1.05 * bound, epochs=3000, momentum=beta)
    message = str(caught.value)
    assert "0 <= momentum < 1" in message and "2 (1 + momentum)" in message
    assert f"{bound:.6g}" in message
    partial = caught.value.result
    assert partial.stop_reason == "diverged" and partial.loss > partial.loss_history[0]
    assert len(partial.trajectory()[0]) == partial.epochs_run + 1


def test_plain_divergence_message_names_the_bound_in_part_one_words():
    """Part one meets this message before it meets the Hessian: it names only the bound."""
    with pytest.raises(linreg.DivergenceError) as caught:
        linreg.fit(X, Y, learning_rate=0.036, epochs=10)
    message = str(caught.value)
    assert message.endswith("too large for these data; use one below 0.0351622.")
    assert not re.search(r"hessian|eigen|lambda|momentum", message, re.I)


@pytest.mark.parametrize("beta", [0.0, 0.3, 0.74, 0.9])
def test_stable_region_matches_the_iteration_matrix(beta):
    bound = linreg.max_stable_learning_rate(X, momentum=beta)
    assert iteration_radius(X, 0.999 * bound, beta) < 1 < iteration_radius(X, 1.001 * bound, beta)


@pytest.mark.parametrize("rate, beta", [(0.01, 0.0), (0.01, 0.9), (0.0608, 0.74), (0.03, 0.98),
                                        (0.064, 0.74)])
def test_contraction_factor_is_the_spectral_radius(rate, beta):
    assert linreg.contraction_factor(X, rate, beta) == pytest.approx(
        iteration_radius(X, rate, beta), rel=1e-6)


# ------------------------------------------------------------------ the best pair
def test_fastest_momentum_against_a_grid_search():
    rates = np.linspace(0.05, 0.07, 61)
    betas = np.linspace(0.65, 0.85, 61)
    radii = np.array([[iteration_radius(X, r, b) for b in betas] for r in rates])
    i, j = np.unravel_index(np.argmin(radii), radii.shape)
    rate, beta = linreg.fastest_momentum(X)
    # No grid point beats the pair; the grid's best has the next momentum up, and a rate
    # within the small range where every root is complex (the minimum is flat in the rate).
    assert iteration_radius(X, rate, beta) <= radii.min() + 1e-9
    assert beta == pytest.approx(betas[j], abs=betas[1] - betas[0])
    assert rate == pytest.approx(rates[i], abs=0.002)


def test_the_chapter_numbers_of_the_best_pair():
    mu, big = np.linalg.eigvalsh(numpy_hessian(X))
    kappa = big / mu
    rate, beta = linreg.fastest_momentum(X)
    assert rate == pytest.approx(4 / (np.sqrt(big) + np.sqrt(mu)) ** 2, rel=1e-12)
    assert f"{rate:.4f} {beta:.3f}" == "0.0608 0.740"
    factor = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    assert f"{factor:.3f} {(kappa - 1) / (kappa + 1):.4f}" == "0.860 0.9888"
    assert linreg.contraction_factor(X, rate, beta) == pytest.approx(factor, rel=1e-6)


def test_epoch_counts_70_613_2141():
    mu, big = np.linalg.eigvalsh(numpy_hessian(X))
    rate, beta = 4 / (np.sqrt(big) + np.sqrt(mu)) ** 2, ((np.sqrt(big / mu) - 1) /
                                                        (np.sqrt(big / mu) + 1)) ** 2
    counts = [thousandfold(momentum_loop(X, Y, r, b, 3001)[1], EXACT)
              for r, b in [(rate, beta), (2 / (mu + big), 0.0), (0.01, 0.0)]]
    assert counts == [70, 613, 2141]
    runs = [linreg.fit(X, Y, learning_rate=r, epochs=3000, momentum=b)
            for r, b in [(rate, beta), (2 / (mu + big), 0.0), (0.01, 0.0)]]
    assert [thousandfold(run.trajectory()[0], EXACT) for run in runs] == counts


def test_predicted_counts_are_the_runs_counts():
    """Chapter 15 predicts 2141, 613 and 70 epochs from the eigen-directions, then says the
    runs need exactly those: the plain runs from (1 - eta lambda)^k, the best pair from its
    double roots, each against the hand loop."""
    lam, vectors = np.linalg.eigh(numpy_hessian(X))
    c_0 = (np.zeros(2) - EXACT) @ vectors
    k = np.arange(3001)[:, None]
    rate, beta = linreg.fastest_momentum(X)
    roots = np.array([1.0, -1.0]) * np.sqrt(beta)
    predicted = [c_0 * (1 - r * lam) ** k for r in (0.01, 2 / lam.sum())]
    predicted.append(c_0 * (1 + ((1 - rate * lam) / roots - 1) * k) * roots**k)
    counts = [thousandfold(p @ vectors.T + EXACT, EXACT) for p in predicted]
    assert counts == [2141, 613, 70]
    runs = [momentum_loop(X, Y, r, b, 3001)[1] for r, b in
            [(0.01, 0.0), (2 / lam.sum(), 0.0), (rate, beta)]]
    assert [thousandfold(path, EXACT) for path in runs] == counts
    # the factor alone asks for fewer with momentum: 46
    assert int(np.ceil(np.log(1000) / -np.log(np.sqrt(beta)))) == 46


def test_too_large_a_step_grows_by_its_predicted_factor():
    """Chapter 15: 5 % above the stable bound the distance grows by the factor 1.376 per epoch."""
    rate, beta = linreg.fastest_momentum(X)
    too_large = 1.05 * 2 * (1 + beta) / np.linalg.eigvalsh(numpy_hessian(X))[1]
    gaps = np.linalg.norm(momentum_loop(X, Y, too_large, beta, 41)[1] - EXACT, axis=1)
    growth = (gaps[40] / gaps[30]) ** 0.1
    assert growth == pytest.approx(iteration_radius(X, too_large, beta), rel=1e-3)
    assert f"{iteration_radius(X, too_large, beta):.3f}" == "1.376"
    assert round(gaps[40] / gaps[0] / 1000) == 220


def test_double_root_prediction_matches_the_run():
    """Chapter 15's closed form c_k = c_0 (1 + a k) r^k, computed from numpy's eigenvectors."""
    lam, vectors = np.linalg.eigh(numpy_hessian(X))
    rate, beta = linreg.fastest_momentum(X)
    k = np.arange(400)[:, None]
    c_0 = (np.zeros(2) - EXACT) @ vectors
    roots = np.array([1.0, -1.0]) * np.sqrt(beta)
    predicted = c_0 * (1 + ((1 - rate * lam) / roots - 1) * k) * roots**k
    params = momentum_loop(X, Y, rate, beta, 400)[1]
    np.testing.assert_allclose((params - EXACT) @ vectors, predicted, atol=1e-9)


def test_chapter_15_side_claims():
    rate, beta = linreg.fastest_momentum(X)
    assert thousandfold(momentum_loop(X, Y, rate, 0.95, 3001)[1], EXACT) == 274
    at_article = [thousandfold(momentum_loop(X, Y, 0.01, b, 3001)[1], EXACT)
                  for b in (0.0, 0.5, 0.8, 0.9, 0.95, 0.98)]
    assert at_article == [2141, 1063, 400, 139, 266, 680]
    mu, big = np.linalg.eigvalsh(numpy_hessian(X))
    assert rate * big / 2 - 1 < beta  # the best pair is inside the stable region


# ------------------------------------------------------------------ Newton and scaling
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_newton_step_lands_on_lstsq_from_anywhere(seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-5, 20, 30)
    y = 3 * x - 7 + rng.normal(0, 2, 30)
    design = np.column_stack([x, np.ones_like(x)])
    answer = np.linalg.lstsq(design, y, rcond=None)[0]
    for m, b in rng.uniform(-1000, 1000, size=(5, 2)):
        np.testing.assert_allclose(linreg.newton_step(x, y, m, b), answer, rtol=1e-9, atol=1e-9)


def test_newton_step_on_the_five_points():
    for m, b in [(0.0, 0.0), (3.0, 60.0), (-100.0, 1000.0)]:
        landed = linreg.newton_step(X, Y, m, b)
        assert f"{landed[0]:.4f} {landed[1]:.4f}" == "4.2544 56.5789"
        np.testing.assert_allclose(landed, EXACT, atol=1e-10)


def test_one_plain_step_on_standardised_inputs_lands_on_the_answer():
    scaled = (X - X.mean()) / X.std()
    np.testing.assert_allclose(numpy_hessian(scaled), 2 * np.eye(2), atol=1e-12)
    residual = Y  # the start (0, 0) predicts nothing
    m_s = 0.5 * 2 * np.mean(scaled * residual)
    b_s = 0.5 * 2 * np.mean(residual)
    back = [m_s / X.std(), b_s - m_s * X.mean() / X.std()]
    np.testing.assert_allclose(back, EXACT, rtol=1e-12)
    run = linreg.fit(scaled, Y, learning_rate=0.5, epochs=1)
    np.testing.assert_allclose([run.m, run.b], [m_s, b_s], rtol=1e-12)


def test_preconditioned_condition_numbers():
    H = numpy_hessian(X)
    D = np.diag(1 / np.sqrt(np.diag(H)))
    values = [np.linalg.cond(H), np.linalg.cond(D @ H @ D),
              np.linalg.cond(numpy_hessian(X - X.mean())),
              np.linalg.cond(numpy_hessian((X - X.mean()) / X.std()))]
    assert [f"{v:.2f}" for v in values] == ["177.37", "22.17", "4.56", "1.00"]


# ------------------------------------------------------------------ stochastic descent
def sgd_loop(x, y, rate, epochs, batch_size, seed, decay=None):
    """Mini-batch descent by hand: the same shuffles, each batch's gradient from its points."""
    rng = np.random.default_rng(seed)
    m = b = 0.0
    params, step = [], 0
    for _ in range(epochs):
        order = rng.permutation(x.size)
        for start in range(0, x.size, batch_size):
            idx = order[start:start + batch_size]
            params.append((m, b))
            residual = y[idx] - (m * x[idx] + b)
            dm, db = -2 * np.mean(x[idx] * residual), -2 * np.mean(residual)
            eta = rate if decay is None else rate / (1 + step / decay)
            m, b = m - eta * dm, b - eta * db
            step += 1
    params.append((m, b))
    return np.array(params)


@pytest.mark.parametrize("batch_size, decay", [(1, None), (2, None), (3, 7.0), (5, None)])
def test_fit_stochastic_is_the_mini_batch_loop_on_the_five_points(batch_size, decay):
    run = linreg.fit_stochastic(X, Y, learning_rate=0.01, epochs=40, batch_size=batch_size,
                                seed=4, decay=decay)
    expected = sgd_loop(X, Y, 0.01, 40, batch_size, 4, decay)
    np.testing.assert_allclose(run.trajectory()[0], expected, rtol=1e-9, atol=1e-9)
    steps = -(-5 // batch_size)
    assert (run.steps_per_epoch, run.steps_run, run.epochs_run) == (steps, 40 * steps, 40)
    assert run.gradient_evaluations == 200 and run.batch_size == batch_size
    losses = [np.mean((Y - (m * X + b)) ** 2) for m, b in expected[:-1]]
    np.testing.assert_allclose(run.loss_history, losses, rtol=1e-9)


def test_fit_stochastic_is_the_loop_on_larger_uncentred_data():
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 10, 1000)
    y = 4 * x + 55 + rng.normal(0, 3, 1000)
    run = linreg.fit_stochastic(x, y, learning_rate=0.005, epochs=3, batch_size=16, seed=9,
                                decay=200)
    np.testing.assert_allclose(run.trajectory()[0], sgd_loop(x, y, 0.005, 3, 16, 9, 200),
                               rtol=1e-9, atol=1e-9)


def test_full_batch_stochastic_is_plain_descent():
    run = linreg.fit_stochastic(X, Y, learning_rate=0.01, epochs=500, batch_size=5, seed=0)
    plain = linreg.fit(X, Y, learning_rate=0.01, epochs=500)
    np.testing.assert_allclose(run.trajectory()[0], plain.trajectory()[0], rtol=1e-10)


def test_fit_stochastic_is_reproducible_from_its_seed():
    x, y = synthetic(3000, seed=1)
    first = linreg.fit_stochastic(x, y, epochs=2, batch_size=8, seed=11)
    second = linreg.fit_stochastic(x, y, epochs=2, batch_size=8, seed=11)
    generator = linreg.fit_stochastic(x, y, epochs=2, batch_size=8,
                                      seed=np.random.default_rng(11))
    other = linreg.fit_stochastic(x, y, epochs=2, batch_size=8, seed=12)
    np.testing.assert_array_equal(first.param_history, second.param_history)
    np.testing.assert_array_equal(first.param_history, generator.param_history)
    assert not np.array_equal(first.param_history, other.param_history)


def test_measured_noise_ball_matches_the_prediction_within_ten_percent():
    """RMS distance over the second half of a constant-rate run against sigma sqrt(2 eta / B)."""
    x, y = synthetic(20_000, seed=7)
    answer = np.polyfit(x, y, 1)
    s2 = np.sum((y - np.polyval(answer, x)) ** 2) / (x.size - 2)
    run = linreg.fit_stochastic(x, y, learning_rate=0.01, epochs=4, batch_size=8, seed=0)
    gaps = np.linalg.norm(run.trajectory()[0] - answer, axis=1)
    measured = np.sqrt(np.mean(gaps[gaps.size // 2:] ** 2))
    assert measured == pytest.approx(np.sqrt(2 * 0.01 * s2 / 8), rel=0.10)


def test_chapter_16_noise_balls_yardstick_and_claims():
    x, y = synthetic(100_000)
    answer = np.polyfit(x, y, 1)
    n = x.size
    s2 = np.sum((y - np.polyval(answer, x)) ** 2) / (n - 2)
    # C = 2 sigma^2 H for noise independent of x
    design = np.column_stack([x, np.ones(n)])
    C = 4 * (design * (y - design @ answer)[:, None] ** 2).T @ design / n
    np.testing.assert_allclose(C, 2 * s2 * numpy_hessian(x), rtol=1e-2, atol=0.5)
    # the noise-ball radii of the table, within the 6 % the chapter states
    for size, epochs in [(64, 10), (8, 3), (1, 1)]:
        run = linreg.fit_stochastic(x, y, learning_rate=0.01, epochs=epochs, batch_size=size,
                                    seed=1)
        gaps = np.linalg.norm(run.trajectory()[0] - answer, axis=1)
        measured = np.sqrt(np.mean(gaps[gaps.size // 2:] ** 2))
        assert measured == pytest.approx(np.sqrt(2 * 0.01 * s2 / size), rel=0.065)
    # the standard errors and the full-batch count of 38 epochs, by hand on the sums
    sxx = np.sum(x**2)
    se = np.array([np.sqrt(s2 / sxx), np.sqrt(s2 / n)])
    H = numpy_hessian(x)
    rate = 2 / np.sum(np.linalg.eigvalsh(H))
    p, ratios = np.zeros(2), []
    for _ in range(61):
        ratios.append(np.abs(p - answer) / se)
        p = p - rate * H @ (p - answer)  # the gradient is H times the error, exactly
    ratios = np.array(ratios)
    assert int(np.flatnonzero(ratios.max(axis=1) >= 1)[-1] + 1) == 38
    # the decaying run ends within one standard error of the answer, parameter by parameter
    decaying = linreg.fit_stochastic(x, y, learning_rate=0.05, epochs=5, batch_size=64, seed=1,
                                     decay=20)
    assert np.all(np.abs([decaying.m, decaying.b] - answer) / se < 1)


def test_chapter_16_decaying_run_ends_inside_where_it_started_and_why():
    """The decaying run's end, by the hand loop: its last rate, its distance and its criterion.

    The chapter once printed the last learning rate (1.3e-4) where a reader reads the end
    distance; the distance is ten times larger, 0.0013.
    """
    x, y = synthetic(100_000)
    answer = np.polyfit(x, y, 1)
    path = sgd_loop(x, y, 0.05, 5, 64, 1, decay=20)
    steps = len(path) - 1
    steps_per_epoch = -(-x.size // 64)
    assert steps == 5 * steps_per_epoch == 7815
    end = np.linalg.norm(path[-1] - answer)
    assert f"{end:.2g}" == "0.0013"
    gaps = np.linalg.norm(path - answer, axis=1)
    assert f"{np.sqrt(np.mean(gaps[4 * steps_per_epoch:] ** 2)):.2g}" == "0.0052"
    last_rate = 0.05 / (1 + (steps - 1) / 20)
    assert f"{last_rate:.1e}" == "1.3e-04"
    lam_min = np.linalg.eigvalsh(numpy_hessian(x))[0]
    assert 0.05 * 20 * lam_min == pytest.approx(2, rel=1e-6)  # the k0 criterion, > 1
    # at the last rate the intercept relaxes over more steps than an epoch holds
    assert round(1 / (last_rate * lam_min), -2) == 3900 > steps_per_epoch
    # the first-order radius at that rate would be 4.5 times the end distance, not 45
    s2 = np.sum((y - np.polyval(answer, x)) ** 2) / (x.size - 2)
    assert np.sqrt(2 * last_rate * s2 / 64) / end == pytest.approx(4.5, abs=0.05)


def test_the_five_points_hover_and_full_batch_passes_below():
    run = linreg.fit_stochastic(X, Y, learning_rate=0.01, epochs=3000, batch_size=1, seed=1)
    gaps = np.linalg.norm(run.trajectory()[0] - EXACT, axis=1)
    radius = np.sqrt(np.mean(gaps[1000 * 5:] ** 2))
    full = np.linalg.norm(article_loop(X, Y)[1] - EXACT, axis=1)
    assert 0.1 < radius < 0.5
    assert gaps[300 * 5] < 1 < full[300]
    assert 1000 < int(np.argmax(full < radius)) < 3000


def test_stochastic_divergence_is_caught_with_the_bounds():
    x, y = synthetic(2000, seed=2)
    with pytest.raises(linreg.DivergenceError) as caught:
        linreg.fit_stochastic(x, y, learning_rate=0.2, epochs=2, batch_size=8, seed=0)
    message = str(caught.value)
    point_bound = 1 / (1 + np.max(x**2))
    assert f"{point_bound:.6g}" in message and "full-batch descent below" in message
    partial = caught.value.result
    assert partial.stop_reason == "diverged"
    assert partial.loss > 1000 * partial.loss_history[0]
    assert len(partial.trajectory()[0]) == partial.steps_run + 1


# ------------------------------------------------------------------ bad input
BAD_INPUT = [
    ("momentum 1", lambda: linreg.fit(X, Y, momentum=1.0), ValueError, "below 1"),
    ("negative momentum", lambda: linreg.fit(X, Y, momentum=-0.1), ValueError, "at least 0"),
    ("momentum as text", lambda: linreg.fit(X, Y, momentum="0.9"), TypeError,
     "momentum must be a real"),
    ("momentum bool", lambda: linreg.fit(X, Y, momentum=True), TypeError, "momentum"),
    ("momentum NaN", lambda: linreg.fit(X, Y, momentum=float("nan")), ValueError, "finite"),
    ("factor momentum", lambda: linreg.contraction_factor(X, 0.01, 1.5), ValueError, "below 1"),
    ("bound momentum", lambda: linreg.max_stable_learning_rate(X, -1), ValueError, "at least 0"),
    ("newton constant X", lambda: linreg.newton_step([2, 2, 2], [1, 2, 3], 0, 0), ValueError,
     "all X values are equal"),
    ("newton lengths", lambda: linreg.newton_step([1, 2, 3], [1, 2], 0, 0), ValueError,
     "same length"),
    ("newton m text", lambda: linreg.newton_step(X, Y, "1", 0), TypeError, "m must be a real"),
    ("batch 0", lambda: linreg.fit_stochastic(X, Y, batch_size=0), ValueError, "between 1"),
    ("batch too big", lambda: linreg.fit_stochastic(X, Y, batch_size=6), ValueError,
     "number of points, 5"),
    ("batch float", lambda: linreg.fit_stochastic(X, Y, batch_size=2.5), TypeError,
     "whole number"),
    ("batch bool", lambda: linreg.fit_stochastic(X, Y, batch_size=True), TypeError,
     "whole number"),
    ("seed None", lambda: linreg.fit_stochastic(X, Y, seed=None), TypeError, "repeated"),
    ("seed negative", lambda: linreg.fit_stochastic(X, Y, seed=-1), ValueError, ">= 0"),
    ("decay zero", lambda: linreg.fit_stochastic(X, Y, decay=0), ValueError, "positive"),
    ("decay text", lambda: linreg.fit_stochastic(X, Y, decay="10"), TypeError,
     "decay must be a real"),
    ("stochastic rate", lambda: linreg.fit_stochastic(X, Y, learning_rate=-1), ValueError,
     "positive"),
    ("stochastic epochs", lambda: linreg.fit_stochastic(X, Y, epochs=0), ValueError,
     "at least 1"),
    ("stochastic NaN data", lambda: linreg.fit_stochastic([1, float("nan")], [1, 2]), ValueError,
     "NaN"),
]


@pytest.mark.parametrize("call, error, message", [case[1:] for case in BAD_INPUT],
                         ids=[case[0] for case in BAD_INPUT])
def test_bad_input_raises_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ------------------------------------------------------------------ pictures and prose
def test_momentum_explorer_uses_only_the_cartesian_bundle_and_changes_the_title():
    runs = {f"{b:g}": linreg.fit(X, Y, epochs=50, momentum=b) for b in (0.0, 0.5)}
    fig = plot_utils.momentum_explorer(X, Y, runs, details={"0.5": "fast"})
    assert {trace.type for trace in fig.data} <= {"scatter", "contour", "heatmap"}
    steps = fig.layout.sliders[0].steps
    assert [step.args[1]["title.text"] for step in steps] == [
        "Path on the MSE, momentum 0", "Path on the MSE, momentum 0.5: fast"]
    assert [sum(step.args[0]["visible"]) for step in steps] == [3, 3]


def test_plot_paths_and_plot_distances():
    path = linreg.fit(X, Y, epochs=20).trajectory()[0]
    fig = plot_utils.plot_paths(X, Y, {"a": {"run": path}, "b": {"run": path[:5]}}, ncols=1)
    assert [ax.get_title() for ax in fig.axes] == ["a", "b"]
    fig = plot_utils.plot_distances({"run": np.geomspace(1, 1e-3, 30)}, factors={"run": 0.5},
                                    per_epoch={"run": 3})
    assert fig.axes[0].lines[0].get_xdata()[-1] == pytest.approx(29 / 3)
    with pytest.raises(ValueError, match="not in distances"):
        plot_utils.plot_distances({"run": [1.0]}, factors={"other": 0.5})


def test_power_above_against_python():
    for value in (4.7e-13, 1e-3, 0.0021, 250.0):
        exponent = int(text_utils.power_above(value)[5:-2])
        assert 10.0 ** (exponent - 1) < value <= 10.0 ** exponent
    with pytest.raises(ValueError, match="non-zero"):
        text_utils.power_above(0)


# ------------------------------------------------------------------ issue 17's additions
def test_best_pair_transient_peaks_at_134659_after_6_epochs_and_stays_above_until_26():
    rate, beta = linreg.fastest_momentum(X)
    losses = momentum_loop(X, Y, rate, beta, 60)[0]  # the loss after 0, 1, 2, ... epochs
    assert int(np.argmax(losses)) == 6  # after 6 epochs (6 updates)
    assert losses.max() == pytest.approx(134_659, abs=0.5)
    assert losses.max() / losses[0] == pytest.approx(22.4, abs=0.05)
    above = np.flatnonzero(losses > losses[0])
    assert above.min() == 1 and above.max() == 25  # back below its start after 26 epochs
    params = momentum_loop(X, Y, rate, beta, 60)[1]
    assert params[5, 0] == pytest.approx(78.5, abs=0.05)
    assert params[6, 0] == pytest.approx(-56.4, abs=0.05)
    gaps = np.linalg.norm(params - EXACT, axis=1) / np.linalg.norm(EXACT)
    assert int(np.argmax(gaps)) == 5 and f"{gaps.max():.3g}" == "1.42"  # the distance peaks first
    # tol reads the first rise as the end: the run stops after one epoch
    stopped = linreg.fit(X, Y, learning_rate=rate, epochs=3000, momentum=beta, tol=1e-6)
    assert (stopped.stop_reason, stopped.epochs_run) == ("tol", 1)  # one update made


@pytest.mark.parametrize("start", [(0.0, 0.0), (3.0, 60.0), (-100.0, 1000.0), (55.0, -7.0)])
def test_conjugate_gradients_land_on_lstsq_in_two_steps(start):
    path = linreg.conjugate_gradients(X, Y, *start)
    assert path.shape == (3, 2)
    np.testing.assert_allclose(path[0], start)
    np.testing.assert_allclose(path[2], EXACT, rtol=1e-10)
    assert np.linalg.norm(path[1] - EXACT) > 1e-3  # one step is not enough
    # the two directions are conjugate: d2^T H d1 = 0
    d1, d2 = path[1] - path[0], path[2] - path[1]
    H = numpy_hessian(X)
    assert abs(d2 @ H @ d1) < 1e-9 * np.linalg.norm(d1) * np.linalg.norm(d2) * np.abs(H).max()


def test_conjugate_gradients_on_other_data_and_bad_input():
    rng = np.random.default_rng(3)
    x, y = rng.uniform(-5, 20, 40), rng.normal(0, 5, 40)
    np.testing.assert_allclose(linreg.conjugate_gradients(x, y, 9.0, -4.0)[-1],
                               np.polyfit(x, y, 1), rtol=1e-9, atol=1e-9)
    at_answer = linreg.conjugate_gradients(X, Y, *linreg.least_squares(X, Y), steps=3)
    assert np.all(np.isfinite(at_answer))
    with pytest.raises(ValueError, match="steps must be at least 1"):
        linreg.conjugate_gradients(X, Y, steps=0)
    with pytest.raises(TypeError, match="steps must be a whole number"):
        linreg.conjugate_gradients(X, Y, steps=2.5)


def nesterov_loop(x, y, rate, beta, epochs):
    """Nesterov by hand: gradient at the look-ahead point p + beta (p - p_previous)."""
    p = previous = np.zeros(2)
    path = [p]
    for _ in range(epochs):
        q = p + beta * (p - previous)
        residual = y - (q[0] * x + q[1])
        grad = np.array([-2 * np.mean(x * residual), -2 * np.mean(residual)])
        previous, p = p, q - rate * grad
        path.append(p)
    return np.array(path)


def test_nesterov_is_the_look_ahead_loop_and_needs_118_epochs():
    mu, big = np.linalg.eigvalsh(numpy_hessian(X))
    kappa = big / mu
    rate, beta = 1 / big, (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    path = linreg.nesterov(X, Y, learning_rate=rate, momentum=beta, epochs=3000)
    np.testing.assert_allclose(path[:500], nesterov_loop(X, Y, rate, beta, 499), rtol=1e-9,
                               atol=1e-9)
    assert thousandfold(path, EXACT) == 118
    # the predicted factor 1 - 1/sqrt(kappa): the spectral radius of its 4x4 iteration map
    H = numpy_hessian(X)
    A = np.eye(2) - rate * H
    top = np.hstack([(1 + beta) * A, -beta * A])
    radius = np.max(np.abs(np.linalg.eigvals(np.vstack([top, np.hstack([np.eye(2),
                                                                         np.zeros((2, 2))])]))))
    assert radius == pytest.approx(1 - 1 / np.sqrt(kappa), abs=1e-6)
    assert round(1 - 1 / np.sqrt(kappa), 4) == 0.9249
    with pytest.raises(ValueError, match="momentum must be at least 0 and below 1"):
        linreg.nesterov(X, Y, momentum=1.0)


def test_averaging_the_constant_rate_run_beats_its_last_point():
    """Chapter 16: Polyak-Ruppert averaging after a one-epoch burn-in, by hand."""
    x, y = synthetic(100_000)
    answer = np.polyfit(x, y, 1)
    n = x.size
    s2 = np.sum((y - np.polyval(answer, x)) ** 2) / (n - 2)
    se = np.array([np.sqrt(s2 / np.sum(x**2)), np.sqrt(s2 / n)])
    path = sgd_loop(x, y, 0.01, 5, 64, 1)
    steps = -(-n // 64)
    tail = path[steps:]
    averaged = np.cumsum(tail, axis=0) / np.arange(1, len(tail) + 1)[:, None]
    in_se = np.abs(averaged[steps::steps] - answer) / se  # averaged over 1..4 epochs
    last = np.abs(path[-1] - answer) / se
    assert np.all(last > 5)  # the last point sits in the noise ball, several SE away
    assert np.all(in_se[-1] < 0.1) and in_se[-1, 0] < 0.01  # the chapter's 0.006 and 0.07
    assert np.all(in_se[1:] < 0.5)  # below the independent-draw prediction 1 / sqrt(e)
    decaying = sgd_loop(x, y, 0.05, 5, 64, 1, decay=20)
    dec_in_se = np.abs(decaying[-1] - answer) / se
    assert in_se[-1, 0] < dec_in_se[0] and dec_in_se[1] < in_se[-1, 1]  # the one entry lost
