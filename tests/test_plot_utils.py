"""The pictures: structure of every figure, and how interactive ones are stored."""

import json
import subprocess
import sys

import matplotlib.pyplot as plt
import pytest

import linreg
import plot_utils

X, Y = linreg.article_data()
RESULT = linreg.fit(X, Y)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def line_of(xs, ys):
    """Slope and intercept of the straight line through two points."""
    slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
    return slope, ys[0] - slope * xs[0]


# ------------------------------------------------------------------- global state
def test_importing_and_plotting_leave_global_state_alone():
    """plot_utils changes no matplotlib setting, and imports plotly only when it draws with it.

    (One fresh interpreter for both checks: starting one costs most of a second.)
    """
    code = (
        "import sys, matplotlib as mpl; before = dict(mpl.rcParams);"
        "import plot_utils, linreg; X, y = linreg.article_data();"
        "print('plotly' in sys.modules);"
        "plot_utils.plot_fit(X, y, 3 * X + 60); plot_utils.plot_loss_curve([3.0, 2.0]);"
        "print([k for k, v in mpl.rcParams.items() if before[k] != v]);"
        "plot_utils.interactive(plot_utils._plotly()[0].Figure(), 'x');"
        "print('plotly' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"MPLBACKEND": "Agg", "PATH": ""})
    assert out.stdout.split("\n")[:3] == ["False", "[]", "True"]


# --------------------------------------------------------------------- matplotlib
def test_plot_slope_draws_the_line_through_the_intercept():
    fig = plot_utils.plot_slope(3, 60, X, Y, labels=list("abcde"))
    ax = fig.axes[0]
    xs, ys = ax.lines[0].get_data()
    assert line_of(xs, ys) == pytest.approx((3, 60))
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    assert [t.get_text() for t in ax.texts] == list("abcde")
    assert tuple(fig.get_size_inches()) == (6, 4)


def test_plot_fit_draws_one_error_segment_per_point():
    y_pred = 3 * X + 60
    ax = plot_utils.plot_fit(X, Y, y_pred, title="t").axes[0]
    segments = [line for line in ax.lines if line.get_linestyle() == "--" and len(line.get_xdata())]
    assert len(segments) == len(X)
    for line in segments:
        (x0, x1), (p, y) = line.get_data()
        assert x0 == x1 and y - p == pytest.approx(Y[X == x0][0] - y_pred[X == x0][0])
    assert len(plot_utils.plot_fit(X, Y, y_pred, show_error=False).axes[0].lines) == 1


def test_loss_curve_has_a_linear_and_a_log_panel_with_labels():
    fig = plot_utils.plot_loss_curve({"a": RESULT.loss_history, "b": RESULT.loss_history / 2})
    assert [ax.get_yscale() for ax in fig.axes] == ["linear", "log"]
    assert all(ax.get_xlabel() == "Epochs run" and ax.get_ylabel() for ax in fig.axes)
    assert len(fig.axes[0].lines) == 2
    xs = fig.axes[0].lines[0].get_xdata()
    assert xs[0] == 0 and xs[-1] == RESULT.loss_history.size - 1  # the start is 0 epochs run


def test_part_two_epoch_figures_draw_against_epochs_run_from_0():
    """Entry k of a history is the line after k epochs, drawn at k: the start at 0."""
    losses = RESULT.trajectory()[1][:41]
    params = RESULT.trajectory()[0][:41]
    peaked = losses.copy()
    peaked[6] = 2 * losses[0]  # a rise above the start after 6 epochs
    figures = {
        "loss against start": plot_utils.plot_loss_against_start({"a": peaked}),
        "excess loss": plot_utils.plot_excess_loss({"a": losses}, 1.0, factors={"a": 0.99}),
        "stopping points": plot_utils.plot_stopping_points(losses - 1.0, losses - 1.0,
                                                           {"stop": 40}),
        "error components": plot_utils.plot_error_components(range(41), params, ["m", "b"]),
        "distances": plot_utils.plot_distances({"a": losses}),
    }
    for name, fig in figures.items():
        for ax in fig.axes:
            assert ax.get_xlabel() == "Epochs run", name
            assert ax.lines[0].get_xdata()[0] == 0, name
    circle = figures["loss against start"].axes[0].lines[-1]
    assert list(circle.get_xdata()) == [6] and list(circle.get_ydata()) == [peaked[6]]
    stop = figures["stopping points"].axes[0].lines[1]
    assert list(stop.get_xdata()) == [40] and list(stop.get_ydata()) == [losses[40] - 1.0]
    with pytest.raises(ValueError, match="after 41 epochs is not in 0..40"):
        plot_utils.plot_stopping_points(losses, losses, {"late": 41})
    explorer = plot_utils.learning_rate_explorer(X, Y, {"a": RESULT}, minimum=3.0)
    assert explorer.data[2].x[0] == 0 and explorer.layout.xaxis2.title.text == "Epochs run"


def test_epoch_grid_titles_each_panel_with_its_epoch():
    grid = plot_utils.plot_epoch_grid(X, Y, RESULT, [0, 1, 10, 3000])
    assert [ax.get_title().split(":")[0] for ax in grid.axes] == [
        "after 0 epochs", "after 1 epoch", "after 10 epochs", "after 3000 epochs"]
    with pytest.raises(ValueError, match="epochs must lie"):
        plot_utils.plot_epoch_grid(X, Y, RESULT, [3001])


# ------------------------------------------------------------------------- plotly
def test_epoch_frames_are_round_sorted_and_bounded():
    frames = plot_utils.epoch_frames(3001, 30)
    assert frames[0] == 0 and frames[-1] == 3000 and frames == sorted(set(frames))
    assert len(frames) <= 30
    assert plot_utils.epoch_frames(5, 30) == [0, 1, 2, 3, 4]
    assert len(plot_utils.epoch_frames(10**7, 8)) <= 8


def test_line_across_epochs_frames_slider_and_last_line():
    fig = plot_utils.line_across_epochs(X, Y, RESULT, max_frames=25)
    frames = fig.frames
    steps = fig.layout.sliders[0].steps
    assert 5 <= len(frames) <= 25 and len(steps) == len(frames)
    assert [s.args[0][0] for s in steps] == [f.name for f in frames]
    last = frames[-1]
    assert last.name == "3000"
    assert line_of(last.data[0].x, last.data[0].y) == pytest.approx((RESULT.m, RESULT.b), abs=1e-4)
    assert "3000 epochs" in last.layout.title.text and "MSE" in last.layout.title.text
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["Play", "Pause"]
    assert not fig.layout.sliders[0].active  # starts at the first frame, nothing plays


def test_linked_views_move_the_line_and_the_point_together():
    fig = plot_utils.linked_epoch_views(X, Y, RESULT)
    last = fig.frames[-1]
    line, point = last.data
    assert list(last.traces) == [1, 4]
    assert line_of(line.x, line.y) == pytest.approx((RESULT.m, RESULT.b), abs=1e-4)
    assert (point.x[0], point.y[0]) == pytest.approx((RESULT.m, RESULT.b), abs=1e-6)
    assert fig.layout.xaxis.title.text and fig.layout.xaxis2.title.text
    assert len(fig.layout.sliders[0].steps) == len(fig.frames)


def test_loss_contour_and_learning_rate_explorer():
    runs = {"0.01": RESULT, "0.02": linreg.fit(X, Y, learning_rate=0.02)}
    contour = plot_utils.loss_contour(X, Y, runs)
    assert [t.name for t in contour.data[1:]] == ["0.01", "0.02", "least squares"]
    assert contour.layout.xaxis.title.text and contour.layout.yaxis.title.text
    explorer = plot_utils.learning_rate_explorer(X, Y, runs)
    steps = explorer.layout.sliders[0].steps
    assert [s.label for s in steps] == ["0.01", "0.02"]
    assert steps[1].args[0]["visible"] == [True, False, False, True, True]


def test_interactive_output_is_small_deterministic_and_web_ready():
    fig = plot_utils.line_across_epochs(X, Y, RESULT)
    bundle = plot_utils.interactive(fig, "test-epochs")._repr_mimebundle_()
    again = plot_utils.interactive(plot_utils.line_across_epochs(X, Y, RESULT), "test-epochs")
    assert bundle == again._repr_mimebundle_()
    html = bundle["text/html"]
    assert 'id="test-epochs"' in html and "cdn.plot.ly/plotly-" in html
    assert len(html) < 60_000, "plotly.js must never be embedded"
    assert "bdata" not in html, "arrays must be stored as plain rounded numbers"
    spec = bundle["application/vnd.plotly.v1+json"]
    assert json.loads(json.dumps(spec)) == spec and len(spec["frames"]) == len(fig.frames)
    assert bundle["text/plain"] == "Interactive figure: The fitted line across epochs"


def test_interactive_rejects_unsafe_div_ids():
    with pytest.raises(ValueError, match="div_id"):
        plot_utils.interactive(plot_utils.loss_contour(X, Y, RESULT), 'x" onload="')


