"""Chapter 11 (the learning rate): its new figures and numbers against independent numpy.

The eigenvalues and the exact answer come from numpy.linalg and numpy.polyfit; the runs
are linreg's, since they are what the chapter examines.
"""

import json

import matplotlib.pyplot as plt
import numpy as np
import pytest

import linreg
import plot_utils

X, Y = linreg.article_data()
EXACT = np.polyfit(X, Y, 1)
LOSS_MIN = np.mean((Y - np.polyval(EXACT, X)) ** 2)
LAM_MIN, LAM_MAX = np.linalg.eigvalsh(2 / X.size * np.array([[X @ X, X.sum()],
                                                              [X.sum(), X.size]]))
BOUND = 2 / LAM_MAX
RATES = {"article, 0.01": 0.01, "half the limit": 0.5 * BOUND,
         "fastest": 2 / (LAM_MIN + LAM_MAX), "99 % of the limit": 0.99 * BOUND}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def runs():
    return {name: linreg.fit(X, Y, learning_rate=rate, epochs=4000) for name, rate in RATES.items()}


def test_excess_loss_falls_with_slope_two_ln_of_the_flat_factor(runs):
    window = np.arange(600, 1200)
    for name, run in runs.items():
        excess = run.loss_history[window] - LOSS_MIN
        measured = np.polyfit(window, np.log(excess), 1)[0]
        predicted = 2 * np.log(abs(1 - RATES[name] * LAM_MIN))
        assert measured == pytest.approx(predicted, rel=1e-5), name
        assert round(measured, 6) == round(predicted, 6), name


def test_settled_counts_in_updates_against_the_parameter_accuracy(runs):
    settled, needed = {}, {}
    for name, run in runs.items():
        params, losses = run.trajectory()
        settled[name] = int(np.flatnonzero(losses >= 1.001 * LOSS_MIN)[-1]) + 1
        needed[name] = int(np.flatnonzero(np.max(np.abs(params - EXACT), axis=1) >= 1e-3)[-1]) + 1
    assert settled == {"article, 0.01": 1845, "half the limit": 1048, "fastest": 638,
                       "99 % of the limit": 528}
    assert needed["article, 0.01"] == 3394 and needed["fastest"] == needed["99 % of the limit"]
    # the loss settles long before the parameters are within 1e-3
    assert all(settled[name] < needed[name] for name in runs)


def test_fifteen_updates_above_the_limit_grow_the_zigzag():
    m, b = 0.0, 0.0
    path = [(m, b)]
    for _ in range(15):
        residual = Y - (m * X + b)
        m, b = (m + 1.01 * BOUND * 2 * np.mean(X * residual),
                b + 1.01 * BOUND * 2 * np.mean(residual))
        path.append((m, b))
    path = np.array(path)
    _, vectors = np.linalg.eigh(2 / X.size * np.array([[X @ X, X.sum()], [X.sum(), X.size]]))
    stiff = (path - EXACT) @ vectors[:, 1]
    np.testing.assert_allclose(stiff[1:] / stiff[:-1], 1 - 1.01 * BOUND * LAM_MAX, rtol=1e-9)
    assert abs(stiff[-1] / stiff[0]) == pytest.approx(1.02**15, rel=1e-9)
    losses = np.mean((Y - (path[:, :1] * X + path[:, 1:])) ** 2, axis=1)
    assert np.all(np.diff(losses) > 0) and round(losses[-1]) == 10358
    assert [round(v, 1) for v in path[-2:, 0]] == [-5.8, 30.7]
    # linreg.update takes the same steps
    m, b = 0.0, 0.0
    for row in path[1:]:
        m, b = linreg.update(X, Y, linreg.predict(X, m, b), m, b, 1.01 * BOUND)
        assert (m, b) == pytest.approx(tuple(row), rel=1e-12)


def test_exactly_at_the_limit_the_stiff_error_never_shrinks():
    run = linreg.fit(X, Y, learning_rate=BOUND, epochs=3000)
    _, vectors = np.linalg.eigh(2 / X.size * np.array([[X @ X, X.sum()], [X.sum(), X.size]]))
    stiff = (run.trajectory()[0] - EXACT) @ vectors[:, 1]
    np.testing.assert_allclose(np.abs(stiff), abs(stiff[0]), rtol=1e-6)
    assert run.loss == pytest.approx(LOSS_MIN + 0.5 * LAM_MAX * stiff[0] ** 2, rel=1e-6)


def test_plot_excess_loss_cutoff_and_one_key_for_the_predictions():
    fig = plot_utils.plot_excess_loss({"a": [5.0, 3.0, 1.0 + 1e-13], "b": [4.0, 2.0, 1.5]}, 1.0,
                                      factors={"a": 0.5, "b": 0.7}, cutoff=1e-12,
                                      predicted_label="predicted")
    ax = fig.axes[0]
    assert np.isnan(ax.lines[0].get_ydata()[2])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "predicted"]
    with pytest.raises(ValueError, match="cutoff"):
        plot_utils.plot_excess_loss({"a": [2.0]}, 1.0, cutoff=-1)


def test_plot_valley_paths_draws_lines_then_dots():
    path = np.array([[0.0, 0.0], [10.0, 2.0], [1.0, 4.0], [9.0, 6.0]])
    fig = plot_utils.plot_valley_paths(X, Y, {"zig": path, "other": path}, dots_after={"zig": 1})
    line, dots = fig.axes[0].lines[:2]
    np.testing.assert_allclose(np.column_stack(line.get_data()), path[:2])
    np.testing.assert_allclose(np.column_stack(dots.get_data()), path[1:])
    assert dots.get_linestyle() == "None"
    np.testing.assert_allclose(np.column_stack(fig.axes[1].lines[0].get_data()), path)
    with pytest.raises(ValueError, match="not in paths"):
        plot_utils.plot_valley_paths(X, Y, {"a": path}, dots_after={"b": 1})


def test_explorer_accepts_paths_and_shows_the_loss_above_its_minimum(runs):
    path = np.array([[0.0, 0.0], [27.0, 5.0], [-1.0, 1.0]])
    fig = plot_utils.learning_rate_explorer(X, Y, {"fastest": runs["fastest"], "hand": path},
                                            minimum=LOSS_MIN, contour_size=20, max_points=50)
    loss_trace = fig.data[4]
    expected = np.mean((Y - (path[:, :1] * X + path[:, 1:])) ** 2, axis=1) - LOSS_MIN
    np.testing.assert_allclose(loss_trace.y, expected, rtol=1e-4)
    assert len(fig.data[0].z) == 20 and len(fig.data[1].x) <= 50
    assert fig.layout.xaxis2.type != "log" and fig.layout.yaxis2.type == "log"
    spec = json.loads(fig.to_json())
    assert None in spec["data"][2]["y"]  # the fastest run reaches rounding noise: left out
    with pytest.raises(ValueError, match="FitResult or a"):
        plot_utils.learning_rate_explorer(X, Y, {"bad": [1.0, 2.0, 3.0]})
