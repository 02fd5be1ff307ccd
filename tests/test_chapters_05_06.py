"""Checks behind chapters 05 (training) and 06 (watching it learn).

The article's loop is re-implemented here with plain numpy (not with linreg), so that
the comparison with ``linreg.fit`` is independent of the code it tests.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import linreg
import plot_utils

X, Y = linreg.article_data()
LEARNING_RATE = 0.01
EPOCHS = 3000
GRID_EPOCHS = [0, 1, 2, 5, 10, 100, 500, 1000, 3000]  # chapter 06's small multiples


@pytest.fixture(scope="module")
def result():
    return linreg.fit(X, Y, learning_rate=LEARNING_RATE, epochs=EPOCHS)


def test_final_loss_is_measured_before_the_last_update(result):
    m, b = result.param_history[-1]
    assert result.loss_history[-1] == pytest.approx(np.mean((Y - (m * X + b)) ** 2), abs=1e-12)
    assert result.loss == pytest.approx(np.mean((Y - (result.m * X + result.b)) ** 2), abs=1e-12)
    # the last step still lowers the loss, by far less than the fourth decimal shows
    assert 0 < result.loss_history[-1] - result.loss < 1e-6


def test_loss_history_non_increasing(result):
    assert result.stop_reason == "epochs" and result.epochs_run == EPOCHS
    assert np.all(np.diff(result.loss_history) <= 0)
    assert result.loss <= result.loss_history[-1]


def test_loss_within_one_percent_after_about_half_the_run(result):
    close = result.loss_history <= 1.01 * result.loss
    first = int(np.argmax(close)) + 1
    assert close[first - 1:].all()  # once within 1 %, it stays within 1 %
    assert EPOCHS // 3 < first < 2 * EPOCHS // 3


@pytest.mark.parametrize("tol", [1e-2, 1e-3, 1e-6])
def test_tol_runs_stop_by_the_flowchart_rule(tol):
    run = linreg.fit(X, Y, learning_rate=LEARNING_RATE, epochs=100_000, tol=tol)
    assert run.stop_reason == "tol"
    assert run.epochs_run == len(run.loss_history) - 1 < 100_000  # no update after the last
    gains = -np.diff(run.loss_history)
    assert gains[-1] < tol  # the last epoch improved by less than tol ...
    assert np.all(gains[:-1] >= tol)  # ... and it is the first one that did
    # no update after the last measurement: the returned line is the last one measured
    assert run.loss == run.loss_history[-1]
    assert (run.m, run.b) == tuple(run.param_history[-1])


def test_tighter_tol_runs_longer_and_ends_lower():
    runs = [linreg.fit(X, Y, epochs=100_000, tol=tol) for tol in (1e-2, 1e-3, 1e-6)]
    assert [r.epochs_run for r in runs] == sorted(r.epochs_run for r in runs)
    assert runs[0].loss > runs[1].loss > runs[2].loss
    assert runs[2].epochs_run < EPOCHS  # even tol=1e-6 stops before the article's 3000


def test_divergence_message_names_the_stable_bound():
    with pytest.raises(linreg.DivergenceError) as caught:
        linreg.fit(X, Y, learning_rate=5 * LEARNING_RATE, epochs=EPOCHS)
    bound = linreg.max_stable_learning_rate(X)
    assert LEARNING_RATE < bound < 5 * LEARNING_RATE
    assert f"{bound:.6g}" in str(caught.value)
    assert caught.value.result.stop_reason == "diverged"


def test_epoch_grid_epochs_are_valid(result):
    params, _ = result.trajectory()
    assert GRID_EPOCHS == sorted(set(GRID_EPOCHS))
    assert GRID_EPOCHS[0] == 0 and GRID_EPOCHS[-1] == len(params) - 1
    fig = plot_utils.plot_epoch_grid(X, Y, result, epochs=GRID_EPOCHS)
    try:
        titles = [ax.get_title() for ax in fig.axes]
        assert len(titles) == len(GRID_EPOCHS)
        assert titles[0].startswith("after 0 epochs")
        assert titles[-1] == f"after 3000 epochs: MSE {result.loss:.2f}"
    finally:
        plt.close(fig)
    with pytest.raises(ValueError):
        plot_utils.plot_epoch_grid(X, Y, result, epochs=[0, len(params)])


def test_line_across_epochs_frames(result):
    fig = plot_utils.line_across_epochs(X, Y, result)
    names = [int(frame.name) for frame in fig.frames]
    assert names == plot_utils.epoch_frames(EPOCHS + 1)
    assert names[0] == 0 and names[-1] == EPOCHS
    first, last = fig.frames[0].data[0], fig.frames[-1].data[0]
    assert np.allclose(first.y, 0)  # the starting line m = b = 0
    expected = linreg.predict(np.array(last.x), result.m, result.b)
    np.testing.assert_allclose(last.y, expected, rtol=0, atol=1e-6)
    assert f"m = {result.m:.4f}, b = {result.b:.4f}" in fig.frames[-1].layout.title.text


def test_slope_overshoots_then_tilts_back_while_intercept_climbs(result):
    params, _ = result.trajectory()
    m, b = params[:, 0], params[:, 1]
    peak = int(np.argmax(m))
    assert 0 < peak <= 10
    assert m[peak] > 3 * result.m
    assert np.all(np.diff(m[: peak + 1]) > 0) and np.all(np.diff(m[peak:]) < 0)
    assert np.all(np.diff(b) > 0)


def test_slider_titles_say_epoch_for_one():
    """The interactive figures name one epoch in the singular, as the static grid does."""
    run = linreg.fit(X, Y, learning_rate=0.01, epochs=30)
    for fig in (plot_utils.line_across_epochs(X, Y, run),
                plot_utils.linked_epoch_views(X, Y, run, contour_size=10)):
        titles = {int(frame.name): frame.layout.title.text for frame in fig.frames}
        assert titles[1].startswith("after 1 epoch: ")
        assert titles[0].startswith("after 0 epochs: ") and "after 1 epochs" not in titles[1]
        assert fig.layout.title.text.startswith("after 0 epochs: ")
