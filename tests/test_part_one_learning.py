"""Facts stated by chapters 03 (gradients), 05 (training), 06 (watching it learn) and 07.

The chapters state these numbers without checking them; the checks live here. Each one is
recomputed from the raw data with plain Python or numpy (the article's loop of
``reference.article_loop``, the Hessian's eigen-decomposition by its 2 x 2 formula),
never with the linreg function that the chapter calls. Also here: the figures these
chapters changed (the loss surface, the filled contour map, the hover labels of the
interactive map) and ``text_utils.sci``.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from mpl_toolkits.mplot3d import proj3d
from reference import article_loop

import linreg
import plot_utils
from text_utils import fmt, say, sci

HOURS = np.array([2.0, 3.0, 5.0, 6.0, 8.0])
MONEY = np.array([65.0, 70.0, 75.0, 85.0, 90.0])
RATE = 0.01


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def mse(m, b):
    return float(np.mean((MONEY - (m * HOURS + b)) ** 2))


def step(m, b, rate=RATE):
    """(dm, db, new m, new b) of one gradient step, written out in numpy."""
    residual = MONEY - (m * HOURS + b)
    dm, db = -2 * np.mean(HOURS * residual), -2 * np.mean(residual)
    return dm, db, m - rate * dm, b - rate * db


def exact_line():
    """Least squares from the closed form: slope = cov(x, y) / var(x)."""
    slope = np.mean((HOURS - HOURS.mean()) * (MONEY - MONEY.mean())) / np.var(HOURS)
    return slope, MONEY.mean() - slope * HOURS.mean()


def hessian_eigen_2x2():
    """Eigenvalues (low, high) and unit eigenvectors of (2/n)[[sum x^2, sum x], [sum x, n]]."""
    a, c, d = 2 * np.mean(HOURS**2), 2 * np.mean(HOURS), 2.0
    mean, gap = (a + d) / 2, math.hypot((a - d) / 2, c)
    low, high = mean - gap, mean + gap
    vectors = [np.array([c, value - a]) / math.hypot(c, value - a) for value in (low, high)]
    return (low, high), vectors


@pytest.fixture(scope="module")
def loop():
    """The article's 3000 epochs from (0, 0): losses, lines, and the final m, b."""
    return article_loop(HOURS, MONEY)


@pytest.fixture(scope="module")
def path(loop):
    """Every line of the run (row k: after k epochs) and its MSE."""
    losses, params, m, b = loop
    return np.vstack([params, [m, b]]), np.append(losses, mse(m, b))


# ------------------------------------------------------------ chapter 03: gradients
def test_the_marks_on_the_landscape():
    m_best, b_best = exact_line()
    assert f"{m_best:.3g} {b_best:.3g} {mse(m_best, b_best):.3g}" == "4.25 56.6 3.46"
    assert f"{mse(3, 60):.3g} {mse(0, 0):.0f}" == "17.4 6015"
    assert mse(m_best, b_best) < mse(3, 60) < mse(0, 0)


def test_one_step_from_the_first_guess_and_from_the_origin():
    X, y = linreg.article_data()
    for (m, b), expected in {(3, 60): (-36.4, -5.2, 3.364, 60.052),
                             (0, 0): (-778.0, -154.0, 7.78, 1.54)}.items():
        assert step(m, b) == pytest.approx(expected)
        dm, db, new_m, new_b = step(m, b)
        assert linreg.gradients(X, y, linreg.predict(X, m, b)) == pytest.approx((dm, db))
        assert linreg.update(X, y, linreg.predict(X, m, b), m, b, RATE) == pytest.approx(
            (new_m, new_b), rel=1e-12)
    assert f"{mse(*step(3, 60)[2:]):.2f} {mse(*step(0, 0)[2:]):.2f}" == "7.72 1512.97"
    dm, db = step(3, 60)[:2]
    assert f"{mse(3 + RATE * dm, 60 + RATE * db):.2f}" == "34.76"  # the uphill slip


def test_learning_rate_table_lower_then_higher():
    after = {rate: mse(*step(0, 0, rate)[2:]) for rate in (0.001, 0.01, 0.05, 1.0)}
    assert [loss < mse(0, 0) for loss in after.values()] == [True, True, False, False]
    assert [f"{loss:.0f}" for loss in after.values()] == ["5404", "1513", "19264", "17256765"]
    assert min(after, key=after.get) == RATE  # the article's rate drops the most


def test_the_walk_down_the_valley(path):
    params, losses = path
    steps = np.linalg.norm(np.diff(params, axis=0), axis=1)
    assert np.argmax(steps) == 0  # the first step is the longest
    turn = int(np.argmax(params[:, 0]))
    assert turn == 7 and f"{params[turn, 0]:.3g} {params[turn, 1]:.2g}" == "13.5 3.6"
    assert f"{params[turn, 0] / params[-1, 0]:.1g}" == "3"  # three times the final slope
    assert params[turn, 1] < params[turn, 0] / 3  # down the wall, mostly in m
    run = linreg.fit(HOURS, MONEY)
    fit_params, fit_losses = run.trajectory()
    np.testing.assert_allclose(fit_params, params, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fit_losses, losses, rtol=0, atol=1e-9)


def test_a_forgotten_factor_two_is_caught_but_still_goes_downhill():
    h = 1e-6
    wrong = -np.mean(HOURS * (MONEY - (3 * HOURS + 60)))
    numerical = (mse(3 + h, 60) - mse(3 - h, 60)) / (2 * h)
    assert numerical / wrong == pytest.approx(2, rel=1e-6)
    dm, db = step(3, 60)[:2]
    right, bad = RATE * np.array([dm, db]), RATE * np.array([wrong, db])
    assert mse(*(np.array([3, 60]) - right)) < mse(*(np.array([3, 60]) - bad)) < mse(3, 60)
    m, b = 0.0, 0.0
    for _ in range(3000):
        residual = MONEY - (m * HOURS + b)
        m, b = m + RATE * np.mean(HOURS * residual), b + RATE * 2 * np.mean(residual)
    assert f"{m:.4f} {b:.4f} {mse(m, b):.4f}" == "4.2552 56.5745 3.4649"


def test_the_gradient_is_zero_at_the_bottom():
    assert np.abs(step(*exact_line())[:2]).max() < 1e-9
    assert np.abs(step(3, 60)[:2]).min() > 1  # and not near it


# ------------------------------------------------------------ chapter 05: training
def test_the_article_loop_prints_the_articles_figures(loop):
    losses, params, m, b = loop
    assert f"{losses[-1]:.4f} {m:.4f} {b:.4f}" == "3.4649 4.2550 56.5754"
    assert f"{m:.3f}" == "4.255"  # the trained line's slope, as the text and legend say
    assert m > 3 and b < 60  # steeper than the first guess, lower at x = 0
    run = linreg.fit(HOURS, MONEY)
    np.testing.assert_allclose(run.loss_history, losses, rtol=0, atol=1e-9)
    np.testing.assert_allclose(run.param_history, params, rtol=0, atol=1e-9)
    assert (run.m, run.b) == pytest.approx((m, b), abs=1e-9)


def test_the_last_update_and_the_loss_curve(loop):
    losses, _, m, b = loop
    final = mse(m, b)
    assert 1.2e-8 < losses[-1] - final < 1.4e-8  # 1.3e-8: far below the fourth decimal
    drop = losses[0] - final
    assert round(100 * (losses[0] - losses[9]) / drop) == 92 and f"{losses[9]:.0f}" == "461"
    assert int(np.argmax(losses <= final * 1.01)) + 1 == 1488  # epoch 1488: about half the run


def test_converged_loss_not_quite_converged_line(loop):
    _, _, m, b = loop
    m_best, b_best = exact_line()
    assert m > m_best and b < b_best
    assert f"{mse(m, b):.4f}" == f"{mse(m_best, b_best):.4f}"
    assert 2.0e-6 < mse(m, b) - mse(m_best, b_best) < 2.2e-6
    assert f"{m - m_best:.2g} {b_best - b:.2g}" == "0.00062 0.0035"


def flowchart_loop(tol):
    """Run the flowchart by hand from (0, 0): return the epoch it stopped in, its loss, m, b."""
    m, b, previous, epoch = 0.0, 0.0, None, 0
    while True:
        epoch += 1
        loss = mse(m, b)
        if previous is not None and previous - loss < tol:
            return epoch, loss, m, b
        m, b = step(m, b)[2:]
        previous = loss


def test_the_flowchart_loop_by_hand_stops_with_fit():
    epoch, _, m, b = flowchart_loop(1e-3)
    run = linreg.fit(HOURS, MONEY, epochs=100_000, tol=1e-3)
    assert epoch - 1 == run.epochs_run == 1253  # it stopped in epoch 1254, before its update
    assert (m, b) == pytest.approx((run.m, run.b), abs=1e-9)


def test_the_tolerance_table():
    rows = [flowchart_loop(tol)[:2] for tol in (1e-2, 1e-3, 1e-6)]
    assert [(epoch, f"{loss:.5g}") for epoch, loss in rows] == [
        (896, "5.0096"), (1254, "3.6198"), (2330, "3.4651")]


def test_doubling_the_epochs(loop):
    _, _, m, b = loop
    longer = article_loop(HOURS, MONEY, epochs=6000)
    m2, b2 = longer[2], longer[3]
    assert 2.0e-6 < mse(m, b) - mse(m2, b2) < 2.2e-6
    assert f"{m2:.4f} {b2:.4f}" == "4.2544 56.5789"


# ------------------------------------------------------ chapter 06: watching it learn
def test_the_first_step_mostly_tilts_the_line():
    dm, db = step(0, 0)[:2]
    lift_by_slope, lift_by_intercept = -RATE * dm * HOURS.mean(), -RATE * db
    assert lift_by_slope > 10 * lift_by_intercept
    assert lift_by_slope + lift_by_intercept == pytest.approx(7.78 * HOURS.mean() + 1.54)


def test_from_epoch_ten_every_line_turns_about_one_point(path):
    params, _ = path
    m, b = params[:, 0], params[:, 1]
    pivot = (b[-1] - b[10]) / (m[10] - m[-1])  # where the lines after 10 and 3000 epochs cross
    assert f"{pivot:.3g}" == "5.72" and HOURS.mean() < pivot < HOURS.max()
    heights = m[10:] * pivot + b[10:]
    assert np.ptp(heights) < 0.05 and f"{heights.mean():.3g}" == "80.9"
    assert np.all(np.diff(m[10:]) < 0) and np.all(np.diff(b) > 0)  # turning, not lifting
    assert f"{m[10]:.3g} {m[-1]:.4g}" == "13.4 4.255"
    (_, _), (v_flat, _) = hessian_eigen_2x2()  # part two's reason: the valley's flat direction
    assert abs(pivot + v_flat[1] / v_flat[0]) < 0.01


def test_from_the_first_guess_the_line_only_turns_about_the_same_point(path):
    params, _ = path
    pivot = (params[-1, 1] - params[10, 1]) / (params[10, 0] - params[-1, 0])
    _, guess_params, m, b = article_loop(HOURS, MONEY, m=3.0, b=60.0)
    slopes = np.append(guess_params[:, 0], m)
    assert np.all(np.diff(slopes) >= 0), "no overshoot: the slope only rises"
    assert f"{slopes[0]:g} {m:.3g}" == "3 4.25"
    heights = slopes[10:] * pivot + np.append(guess_params[:, 1], b)[10:]
    assert np.ptp(heights) < 0.05 and f"{heights.mean():.3g}" == "80.9"


def test_settling_order_and_why_the_slope_is_last(path):
    params, _ = path

    def settled(values):
        outside = np.flatnonzero(np.abs(values - values[-1]) > 0.01 * abs(values[-1]))
        return int(outside[-1]) + 1

    assert (settled(params[:, 0]), settled(params[:, 1])) == (1679, 1419)
    pivot = (params[-1, 1] - params[10, 1]) / (params[10, 0] - params[-1, 0])
    assert f"{params[-1, 1] / params[-1, 0]:.3g}" == "13.3"
    assert params[-1, 1] / params[-1, 0] > pivot  # so the slope is further off, relatively


# ----------------------------------------------------------- chapter 07: playground
def test_the_rates_either_side_of_the_limit():
    (_, high), _ = hessian_eigen_2x2()
    limit = 2 / high
    assert 0.035 < limit < 0.036 and f"{limit:.3g}" == "0.0352"
    assert linreg.max_stable_learning_rate(HOURS) == pytest.approx(limit)
    minimum = mse(*exact_line())
    near = {}
    for rate in (0.03, 0.035):
        losses = article_loop(HOURS, MONEY, learning_rate=rate, epochs=1000)[0]
        near[rate] = int(np.argmax(losses < 1.01 * minimum))  # epochs run
    assert near == {0.03: 494, 0.035: 647}
    losses = article_loop(HOURS, MONEY, learning_rate=0.036, epochs=2)[0]
    assert losses[1] > losses[0]  # the first step already overshoots


def test_what_moves_the_limit():
    wider = HOURS.copy()
    wider[4] = 10
    a, c = 2 * np.mean(wider**2), 2 * np.mean(wider)
    limit = 2 / ((a + 2) / 2 + math.hypot((a - 2) / 2, c))
    assert f"{limit:.3g}" == "0.0281" and limit < 0.03
    assert linreg.max_stable_learning_rate(wider) == pytest.approx(limit)
    losses = article_loop(wider, MONEY, learning_rate=0.03, epochs=200)[0]
    assert losses[-1] > losses[0]  # 0.03 now makes the loss grow
    lower = MONEY.copy()
    lower[4] = 70
    slope, intercept = np.polyfit(HOURS, lower, 1)
    assert f"{slope:.3g} {intercept:.3g}" == "1.45 66.1"
    slope, intercept = np.polyfit(HOURS, [65, 70, 25, 85, 90], 1)
    assert f"{slope:.3g} {intercept:.3g}" == "3.82 48.7"
    assert np.polyfit(HOURS[:2], MONEY[:2], 1) == pytest.approx([5, 55])


# ------------------------------------------------------------------------ figures
def screen_xy(ax, m, b, z):
    x, y, _ = proj3d.proj_transform(m, b, z, ax.get_proj())
    return ax.transData.transform((x, y))


def test_loss_bowl_keeps_every_mark_visible_and_the_z_label_clear():
    fig = plot_utils.plot_loss_bowl(HOURS, MONEY, points={"origin": (0, 0), "first guess": (3, 60)})
    ax = fig.axes[0]
    fig.canvas.draw()
    # every stem reaches from its mark down to a base well below MSE = 0
    base, top = ax.get_zlim()
    assert base < -0.25 * top
    stems = [line for line in ax.get_lines() if len(line.get_data_3d()[2]) == 2]
    assert len(stems) == 3
    assert all(min(line.get_data_3d()[2]) == base for line in stems)
    assert all(tick >= 0 for tick in ax.get_zticks())
    # the first guess and the lowest point do not overlap on screen; the dot is drawn on top
    m_best, b_best = exact_line()
    guess = screen_xy(ax, 3, 60, mse(3, 60))
    best = screen_xy(ax, m_best, b_best, mse(m_best, b_best))
    assert np.hypot(*(guess - best)) > 12  # pixels: more than the two markers' radii
    marks = {line.get_label().split(":")[0]: line.get_zorder() for line in ax.get_lines()
             if line.get_label().startswith(("lowest", "first"))}
    assert marks["first guess"] > marks["lowest point"]
    # the z label sits clear of the z tick labels
    renderer = fig.canvas.get_renderer()
    label_box = ax.zaxis.label.get_window_extent(renderer)
    for tick in ax.zaxis.get_ticklabels():
        if tick.get_text():
            assert not label_box.overlaps(tick.get_window_extent(renderer)), tick.get_text()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert [label.split(":")[0] for label in labels] == ["lowest point", "origin", "first guess"]


def test_filled_contour_map_has_bands_a_colour_bar_and_the_path(path):
    params, _ = path
    fig = plot_utils.plot_contour_paths({"run": (HOURS, MONEY, params)}, filled=True,
                                        legend_loc="upper right")
    ax, colour_bar = fig.axes
    assert colour_bar.get_ylabel() == "MSE"
    assert [line.get_label() for line in ax.get_lines()] == [
        "descent path", "start", "lowest point (least squares)"]
    np.testing.assert_allclose(ax.get_lines()[0].get_xydata(), params)
    fig.canvas.draw()
    legend, frame = ax.get_legend().get_window_extent(), ax.get_window_extent()
    assert frame.x1 - 20 < legend.x1 <= frame.x1 and frame.y1 - 20 < legend.y1 <= frame.y1
    lines = plot_utils.plot_contour_paths({"run": (HOURS, MONEY, params)})
    assert len(lines.axes) == 1  # the default keeps its labelled lines and no colour bar
    marked = plot_utils.plot_contour_paths({"map": (HOURS, MONEY, None)},
                                           points={"origin": (0, 0), "first guess": (3, 60)})
    drawn = {line.get_label(): line for line in marked.axes[0].get_lines()}
    assert list(drawn) == ["origin", "first guess", "lowest point (least squares)"]
    assert drawn["first guess"].get_xydata().tolist() == [[3, 60]]
    assert drawn["origin"].get_marker() != drawn["first guess"].get_marker()  # not colour alone


def test_hovering_the_interactive_map_reads_the_mse(path):
    params, losses = path
    run = linreg.fit(HOURS, MONEY)
    fig = plot_utils.loss_contour(HOURS, MONEY, run, size=20)
    contour, descent, star = fig.data
    m_values, b_values = np.linspace(-2, 14, 20), np.linspace(-10, 80, 20)
    for i in (0, 7, 19):
        for j in (0, 11, 19):
            expected = mse(m_values[j], b_values[i])
            shown = float(contour.text[i][j])
            assert shown == pytest.approx(expected, abs=0.5 if expected >= 100 else 0.005)
    assert "%{text}" in contour.hovertemplate and "log10" not in contour.hovertemplate
    for x, y, text in zip(descent.x, descent.y, descent.text, strict=True):
        k = int(text.split()[1])
        assert (x, y) == pytest.approx(tuple(params[k]), abs=1e-6)
        assert text == f"after {k} epoch{'' if k == 1 else 's'}: MSE " + (
            f"{losses[k]:.0f}" if losses[k] >= 100 else f"{losses[k]:.2f}")
    assert descent.text[1] == "after 1 epoch: MSE 1513"
    assert "%{text}" in descent.hovertemplate
    assert "MSE 3.46" in star.hovertemplate
    # the same contours in the two-panel figures of part two
    runs = {"0.01": run}
    for figure in (plot_utils.linked_epoch_views(HOURS, MONEY, run, contour_size=28),
                   plot_utils.learning_rate_explorer(HOURS, MONEY, runs, contour_size=28)):
        contour = next(trace for trace in figure.data if trace.type == "contour")
        assert len(contour.text) == len(contour.z) == 28 and "log10" not in contour.hovertemplate
        assert float(contour.text[0][0]) == pytest.approx(mse(-2, -10), abs=0.5)


def test_epoch_grid_titles_say_epoch_for_one(path):
    run = linreg.fit(HOURS, MONEY)
    fig = plot_utils.plot_epoch_grid(HOURS, MONEY, run, epochs=[0, 1, 2])
    assert [ax.get_title().split(":")[0] for ax in fig.axes] == [
        "after 0 epochs", "after 1 epoch", "after 2 epochs"]


# ------------------------------------------------------------------------ text_utils.sci
@pytest.mark.parametrize("value, digits, text", [
    (1.34e-8, 1, r"1.3 \times 10^{-8}"),
    (2.1e-6, 1, r"2.1 \times 10^{-6}"),
    (-2500, 2, r"-2.50 \times 10^{3}"),
    (1e-6, 0, "10^{-6}"),
    (-0.01, 0, "-10^{-2}"),
    (9.96, 1, "10^{1}"),  # rounds up to a power of ten
    (123.0, 0, "10^{2}"),  # a leading factor of exactly 1 is dropped
])
def test_sci_writes_powers_of_ten(value, digits, text):
    assert sci(value, digits) == f"${text}$"
    mantissa = text.split(r" \times ")[0] if r"\times" in text else (
        "-1" if text.startswith("-") else "1")
    exponent = int(text.split("^{")[1].rstrip("}"))
    assert float(mantissa) * 10.0**exponent == pytest.approx(value, rel=0.5 * 10.0**-digits)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "1e-3", True])
def test_sci_rejects_what_it_cannot_write(bad):
    with pytest.raises((TypeError, ValueError)):
        sci(bad)


def test_sci_is_a_template_filter():
    gain = 1.34e-8
    assert say("by {{ gain | sci }} and {{ (2 * gain) | sci(2) }}").data == (
        r"by $1.3 \times 10^{-8}$ and $2.68 \times 10^{-8}$")
    assert fmt(gain, 2) == "0.00"  # what num(2) would have shown instead
