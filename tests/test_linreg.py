"""The core module: each function, its guarantees, and the errors it promises."""

import numpy as np
import pytest
from reference import article_loop

import linreg

X, Y = linreg.article_data()


# ------------------------------------------------------------------ the article's functions
def test_predict_evaluates_the_line():
    assert linreg.predict([2, 3], 3, 60).tolist() == [66.0, 69.0]
    assert linreg.predict((1, 2), 0.5, -1).tolist() == [-0.5, 0.0]


def test_loss_mse_is_the_mean_of_squared_residuals():
    assert linreg.loss_mse([1, 2, 3], [1, 2, 3]) == 0.0
    assert linreg.loss_mse([0, 0], [3, -1]) == pytest.approx(5.0)


def test_gradients_match_the_article_formulas():
    y_pred = linreg.predict(X, 3, 60)
    dm, db = linreg.gradients(X, Y, y_pred)
    assert dm == pytest.approx(-2 * np.mean(X * (Y - y_pred)))
    assert db == pytest.approx(-2 * np.mean(Y - y_pred))


def test_update_steps_against_the_gradient():
    y_pred = linreg.predict(X, 1, 2)
    dm, db = linreg.gradients(X, Y, y_pred)
    m, b = linreg.update(X, Y, y_pred, 1, 2, 0.001)
    assert (m, b) == pytest.approx((1 - 0.001 * dm, 2 - 0.001 * db))


# The property tests import hypothesis inside the test (its import takes most of a second):
# under xdist every worker collects every module, but only one runs these.
def test_gradients_agree_with_central_differences():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    def loss(m, b):
        return np.mean((Y - (m * X + b)) ** 2)

    @settings(max_examples=60, deadline=None)
    @given(m=st.floats(-20, 20), b=st.floats(-100, 100))
    def check(m, b):
        h = 1e-5
        dm, db = linreg.gradients(X, Y, linreg.predict(X, m, b))
        assert dm == pytest.approx((loss(m + h, b) - loss(m - h, b)) / (2 * h), rel=1e-6,
                                   abs=1e-4)
        assert db == pytest.approx((loss(m, b + h) - loss(m, b - h)) / (2 * h), rel=1e-6,
                                   abs=1e-4)

    check()


# ------------------------------------------------------------------------------ fit
def test_fit_reproduces_the_article_loop_exactly():
    losses, params, m, b = article_loop(X, Y, 0.0, 0.0, 0.01, 3000)
    result = linreg.fit(X, Y, learning_rate=0.01, epochs=3000)
    np.testing.assert_allclose(result.loss_history, losses, rtol=1e-12)
    np.testing.assert_allclose(result.param_history, params, rtol=1e-12, atol=1e-12)
    assert (result.m, result.b) == pytest.approx((m, b), rel=1e-12)
    assert result.epochs_run == 3000 and result.stop_reason == "epochs"
    assert result.loss == pytest.approx(np.mean((Y - (m * X + b)) ** 2), rel=1e-12)


def test_fit_prints_the_article_figures():
    result = linreg.fit(X, Y)
    printed = f"{result.loss_history[-1]:.4f} {result.m:.4f} {result.b:.4f}"
    assert printed == "3.4649 4.2550 56.5754"


@pytest.mark.parametrize("method", ["residuals", "sums"])
def test_both_methods_follow_the_same_path(method):
    result = linreg.fit(X, Y, m=3, b=60, learning_rate=0.02, epochs=500, method=method)
    losses, params, m, b = article_loop(X, Y, 3.0, 60.0, 0.02, 500)
    np.testing.assert_allclose(result.loss_history, losses, rtol=1e-9)
    assert (result.m, result.b) == pytest.approx((m, b), rel=1e-9)


def test_trajectory_starts_at_the_guess_and_ends_at_the_result():
    result = linreg.fit(X, Y, m=1, b=2, epochs=7)
    params, losses = result.trajectory()
    assert params.shape == (8, 2) and losses.shape == (8,)
    assert params[0].tolist() == [1.0, 2.0]
    assert params[-1].tolist() == [result.m, result.b] and losses[-1] == result.loss


def test_tol_stops_when_the_improvement_falls_below_it():
    result = linreg.fit(X, Y, epochs=100_000, tol=1e-6)
    improvements = -np.diff(result.loss_history)
    assert result.stop_reason == "tol" and result.epochs_run < 100_000
    assert improvements[-1] < 1e-6 and np.all(improvements[:-1] >= 1e-6)
    # it stopped before updating: the returned line is the last one measured
    assert [result.m, result.b] == result.param_history[-1].tolist()
    assert result.trajectory()[0].shape == (result.epochs_run + 1, 2)


def test_tol_zero_never_stops_a_converging_run_early():
    assert linreg.fit(X, Y, epochs=50, tol=0).stop_reason == "epochs"


def well_conditioned_data():
    """A hypothesis strategy: 3 to 25 noisy points on a line, with a Hessian kappa under 30."""
    from hypothesis import assume
    from hypothesis import strategies as st

    @st.composite
    def draw_data(draw):
        n = draw(st.integers(3, 25))
        x = np.array(draw(st.lists(st.floats(-3, 3), min_size=n, max_size=n)))
        assume(np.ptp(x) > 1)
        slope, intercept = draw(st.floats(-5, 5)), draw(st.floats(-5, 5))
        noise = np.array(draw(st.lists(st.floats(-1, 1), min_size=n, max_size=n)))
        assume(np.linalg.cond(linreg.hessian(x)) < 30)
        return x, slope * x + intercept + noise

    return draw_data()


def test_fit_converges_to_least_squares_below_the_stable_bound():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=40, deadline=None)
    @given(data=well_conditioned_data(), fraction=st.floats(0.3, 0.95))
    def check(data, fraction):
        x, y = data
        rate = fraction * linreg.max_stable_learning_rate(x)
        result = linreg.fit(x, y, learning_rate=rate, epochs=1500)
        expected = np.polyfit(x, y, 1)
        assert (result.m, result.b) == pytest.approx(tuple(expected), abs=1e-6)

    check()


def test_a_rate_above_the_bound_diverges_and_says_so():
    from hypothesis import assume, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=25, deadline=None)
    @given(data=well_conditioned_data(), factor=st.floats(1.05, 3))
    def check(data, factor):
        x, y = data
        assume(np.mean(y**2) > 1e-6)  # starting at (0, 0) on the minimum, nothing moves
        bound = 2 / np.linalg.eigvalsh(linreg.hessian(x))[-1]
        with pytest.raises(linreg.DivergenceError, match="diverged") as caught:
            linreg.fit(x, y, learning_rate=factor * bound, epochs=3000)
        assert f"{bound:.6g}" in str(caught.value)
        partial = caught.value.result
        assert partial.stop_reason == "diverged" and partial.epochs_run >= 1
        assert np.all(np.isfinite(partial.loss_history[:-1]))

    check()


def test_divergence_on_the_article_data_is_reported_with_the_bound():
    with pytest.raises(linreg.DivergenceError, match=r"use one below 0\.0351622\.$"):
        linreg.fit(X, Y, learning_rate=0.05)


def test_overflow_is_caught_and_not_returned_as_nan():
    with pytest.raises(linreg.DivergenceError):
        linreg.fit(X, Y, learning_rate=10.0, epochs=5000)


# ------------------------------------------------------- exact answer and the bowl
def test_least_squares_matches_numpy():
    x = np.array([0.5, 1.5, 4.0, 7.0, 9.5])
    y = np.array([1.0, 2.5, 2.0, 6.0, 7.5])
    assert linreg.least_squares(x, y) == pytest.approx(tuple(np.polyfit(x, y, 1)), rel=1e-12)
    assert linreg.least_squares(X, Y) == pytest.approx((4.2544, 56.5789), abs=1e-4)


def test_hessian_and_learning_rate_bounds_match_numpy():
    H = linreg.hessian(X)
    expected = (2 / 5) * np.array([[np.sum(X**2), np.sum(X)], [np.sum(X), 5]])
    np.testing.assert_allclose(H, expected)
    low, high = np.linalg.eigvalsh(expected)
    assert linreg.max_stable_learning_rate(X) == pytest.approx(2 / high)
    assert linreg.fastest_learning_rate(X) == pytest.approx(2 / (low + high))


def test_line_stats_and_loss_grid_give_the_plain_mse():
    stats = linreg.line_stats(X, Y)
    for m, b in [(0, 0), (3, 60), (4.25, 56.6), (-2, 100)]:
        y_pred = m * X + b
        assert stats.loss(m, b) == pytest.approx(np.mean((Y - y_pred) ** 2), rel=1e-12)
        dm, db = linreg.gradients(X, Y, y_pred)
        assert stats.gradients(m, b) == pytest.approx((dm, db), rel=1e-12, abs=1e-12)
    grid = linreg.loss_grid(X, Y, [1.0, 3.0], [50.0, 60.0, 70.0])
    assert grid.shape == (3, 2)
    assert grid[1, 1] == pytest.approx(17.4)


# --------------------------------------------------------------------------- bad input
BAD_INPUT = [
    ("lengths differ", lambda: linreg.fit([1, 2, 3], [1, 2]), ValueError, "same length"),
    ("empty X", lambda: linreg.fit([], []), ValueError, "empty"),
    ("NaN in y", lambda: linreg.fit([1, 2], [1, float("nan")]), ValueError, "NaN or inf"),
    ("inf in X", lambda: linreg.predict([1, np.inf], 1, 0), ValueError, "NaN or inf"),
    ("strings", lambda: linreg.fit(["1", "2"], [1, 2]), TypeError, "real numbers"),
    ("a string", lambda: linreg.predict("123", 1, 0), TypeError, "not a string"),
    ("None inside", lambda: linreg.loss_mse([1, None], [1, 2]), TypeError, "real numbers"),
    ("complex", lambda: linreg.loss_mse([1j, 2], [1, 2]), TypeError, "real numbers"),
    ("ragged", lambda: linreg.predict([[1, 2], [3]], 1, 0), TypeError, "flat sequence"),
    ("2-D", lambda: linreg.predict([[1, 2], [3, 4]], 1, 0), ValueError, "one-dimensional"),
    ("m not a number", lambda: linreg.predict([1], "3", 0), TypeError, "m must be a real"),
    ("b is NaN", lambda: linreg.predict([1], 3, float("nan")), ValueError, "b must be finite"),
    ("zero rate", lambda: linreg.fit([1, 2], [1, 2], learning_rate=0), ValueError, "positive"),
    ("negative rate", lambda: linreg.update([1], [1], [0], 0, 0, -0.1), ValueError, "positive"),
    ("rate as text", lambda: linreg.fit([1, 2], [1, 2], learning_rate="0.1"), TypeError,
     "learning_rate must be a real"),
    ("zero epochs", lambda: linreg.fit([1, 2], [1, 2], epochs=0), ValueError, "at least 1"),
    ("float epochs", lambda: linreg.fit([1, 2], [1, 2], epochs=10.5), TypeError, "whole number"),
    ("bool epochs", lambda: linreg.fit([1, 2], [1, 2], epochs=True), TypeError, "whole number"),
    ("negative tol", lambda: linreg.fit([1, 2], [1, 2], tol=-1), ValueError, "tol"),
    ("unknown method", lambda: linreg.fit([1, 2], [1, 2], method="fast"), ValueError, "method"),
    ("one point", lambda: linreg.least_squares([1], [2]), ValueError, "two data points"),
    ("constant X", lambda: linreg.least_squares([2, 2, 2], [1, 2, 3]), ValueError,
     "all X values are equal"),
    ("gradients lengths", lambda: linreg.gradients([1, 2], [1, 2], [1]), ValueError,
     "same length"),
]


@pytest.mark.parametrize("call, error, message", [case[1:] for case in BAD_INPUT],
                         ids=[case[0] for case in BAD_INPUT])
def test_bad_input_raises_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_lists_tuples_and_ints_are_accepted():
    from_lists = linreg.fit([2, 3, 5, 6, 8], (65, 70, 75, 85, 90), m=0, b=0, epochs=10)
    from_arrays = linreg.fit(X, Y, epochs=10)
    np.testing.assert_array_equal(from_lists.loss_history, from_arrays.loss_history)
    assert linreg.predict(np.array([1, 2], dtype=np.int32), np.int64(2), 1).tolist() == [3.0, 5.0]
