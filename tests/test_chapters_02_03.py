"""Facts stated by chapters 02 (measuring error) and 03 (gradients) that the core must keep.

The expected values are computed here from the raw data with plain Python or numpy, never
with the function under test, so a change in linreg that alters a chapter's numbers fails.
"""

import numpy as np
import pytest

import linreg

HOURS = [2, 3, 5, 6, 8]
MONEY = [65, 70, 75, 85, 90]


def plain_mse(m, b):
    """MSE of the line (m, b) on the article's data, in plain Python."""
    return sum((y - (m * x + b)) ** 2 for x, y in zip(HOURS, MONEY, strict=True)) / len(HOURS)


def central_gradients(X, y, m, b, h=1e-6):
    """Central differences of the MSE, with numpy only."""
    def loss(m, b):
        return np.mean((y - (m * X + b)) ** 2)
    return ((loss(m + h, b) - loss(m - h, b)) / (2 * h),
            (loss(m, b + h) - loss(m, b - h)) / (2 * h))


def test_article_data_are_the_five_points():
    X, y_true = linreg.article_data()
    assert X.tolist() == HOURS
    assert y_true.tolist() == MONEY


def test_first_guess_table_and_mse():
    residuals = [y - (3 * x + 60) for x, y in zip(HOURS, MONEY, strict=True)]
    assert residuals == [-1, 1, 0, 7, 6]
    assert sum(r * r for r in residuals) == 87
    assert sum(residuals) == 13
    X, y_true = linreg.article_data()
    mse = linreg.loss_mse(y_true, linreg.predict(X, 3, 60))
    assert mse == pytest.approx(87 / 5, abs=1e-12)
    assert f"{mse:.2f}" == "17.40"


def test_plain_mean_residual_cannot_rank_lines():
    X, y_true = linreg.article_data()
    flat = sum(MONEY) / len(MONEY)
    assert flat == 77
    assert np.mean(y_true - linreg.predict(X, 0, flat)) == pytest.approx(0, abs=1e-12)
    assert linreg.loss_mse(y_true, linreg.predict(X, 0, flat)) == pytest.approx(86)
    m_best, b_best = linreg.least_squares(X, y_true)
    assert np.mean(y_true - linreg.predict(X, m_best, b_best)) == pytest.approx(0, abs=1e-9)


def test_mse_ranks_the_chapter_lines():
    X, y_true = linreg.article_data()
    lines = {"steeper": (5, 50), "first guess": (3, 60), "flat": (0, 77)}
    for m, b in lines.values():
        assert linreg.loss_mse(y_true, linreg.predict(X, m, b)) == pytest.approx(plain_mse(m, b))
    assert plain_mse(5, 50) == 15
    best = plain_mse(*linreg.least_squares(X, y_true))
    assert best < plain_mse(5, 50) < plain_mse(3, 60) < plain_mse(0, 77)


def test_mse_does_not_change_when_every_point_is_repeated():
    X, y_true = linreg.article_data()
    once = linreg.loss_mse(y_true, linreg.predict(X, 3, 60))
    twice = linreg.loss_mse(np.tile(y_true, 2), linreg.predict(np.tile(X, 2), 3, 60))
    assert twice == pytest.approx(once)


def test_best_intercept_for_a_fixed_slope_is_shifted_by_the_mean_residual():
    mean_residual = sum(y - (3 * x + 60) for x, y in zip(HOURS, MONEY, strict=True)) / 5
    assert mean_residual == pytest.approx(2.6)
    grid = np.arange(55, 70, 0.01)
    best_b = grid[np.argmin([plain_mse(3, b) for b in grid])]
    assert best_b == pytest.approx(60 + mean_residual, abs=1e-6)
    assert plain_mse(3, 60) - plain_mse(3, best_b) == pytest.approx(mean_residual**2)


def test_gradients_at_the_two_starting_lines():
    X, y_true = linreg.article_data()
    assert linreg.gradients(X, y_true, linreg.predict(X, 3, 60)) == pytest.approx((-36.4, -5.2))
    assert linreg.gradients(X, y_true, np.zeros(5)) == pytest.approx((-778, -154))


@pytest.mark.parametrize("seed", range(5))
def test_gradients_match_central_differences_at_random_points(seed):
    rng = np.random.default_rng(seed)
    X, y = rng.uniform(0, 10, 20), rng.uniform(-50, 150, 20)
    m, b = rng.uniform(-20, 20), rng.uniform(-100, 100)
    analytic = linreg.gradients(X, y, linreg.predict(X, m, b))
    numerical = central_gradients(X, y, m, b)
    np.testing.assert_allclose(analytic, numerical, rtol=1e-6, atol=1e-4)


def test_update_steps_against_the_gradient_and_downhill():
    X, y_true = linreg.article_data()
    rate = 0.01
    y_pred = linreg.predict(X, 3, 60)
    dm, db = central_gradients(X, y_true, 3.0, 60.0)
    new_m, new_b = linreg.update(X, y_true, y_pred, 3, 60, rate)
    assert (new_m, new_b) == pytest.approx((3 - rate * dm, 60 - rate * db))
    assert plain_mse(new_m, new_b) < plain_mse(3, 60)
    assert plain_mse(3 + rate * dm, 60 + rate * db) > plain_mse(3, 60)  # the wrong sign


def test_gradient_vanishes_at_the_least_squares_line():
    X, y_true = linreg.article_data()
    m_best, b_best = linreg.least_squares(X, y_true)
    np.testing.assert_allclose(central_gradients(X, y_true, m_best, b_best), 0, atol=1e-5)
    np.testing.assert_allclose(linreg.gradients(X, y_true, linreg.predict(X, m_best, b_best)),
                               0, atol=1e-9)
