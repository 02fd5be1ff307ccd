"""Every picture of the book: matplotlib figures for the page, plotly figures to explore.

Each function returns its figure and leaves global state alone: matplotlib styling is
applied inside ``book_style()`` and plotly figures are shown through ``interactive``,
which stores them in a notebook in a form that nbval, Quarto and JupyterLab all accept.

>>> import linreg
>>> fig = plot_slope(3, 60, [2, 3, 5, 6, 8], [65, 70, 75, 85, 90])
>>> fig.axes[0].get_xlabel()
'Hours worked (x)'
"""

from __future__ import annotations

import functools
import html
import json
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import BoundaryNorm

import linreg

if TYPE_CHECKING:
    import plotly.graph_objects as go

# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
COLORS = {
    "data": "#000000",
    "line": "#0072B2",
    "error": "#D55E00",
    "start": "#E69F00",
    "path": "#CC79A7",
    "exact": "#009E73",
    "extra": "#56B4E9",
}
SERIES = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
X_LABEL, Y_LABEL = "Hours worked (x)", "Money earned (y)"
M_LABEL, B_LABEL = "Slope m", "Intercept b"
STYLE = {
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "savefig.dpi": 100,
    "font.size": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
}
PLOTLY_SIZE = {"width": 720, "height": 610}
PLOTLY_WIDE = {"width": 900, "height": 590}


# ------------------------------------------------------------------- matplotlib
@contextmanager
def book_style():
    """Apply STYLE while figures are built, then restore those settings and only those.

    (``plt.rc_context`` would restore every setting, including the interactive mode that
    the notebook backend switches on when the first figure is made: later figures would
    then no longer be shown.)

    >>> with book_style():
    ...     plt.rcParams["axes.grid"]
    True
    """
    saved = {key: plt.rcParams[key] for key in STYLE}
    plt.rcParams.update(STYLE)
    try:
        yield
    finally:
        plt.rcParams.update(saved)


def _as_x(value, name):
    """One finite number, for a position on an axis."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number; got {value!r}.") from None
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite; got {value!r}.")
    return value


def _line_span(X, pad=1.0):
    X = np.asarray(X, dtype=float)
    return np.array([min(0.0, X.min() - pad), X.max() + pad])


def plot_slope(m, b, X, y_true, *, labels=None, title=None):
    """Data points and the line y = m x + b, drawn from x = 0 so the intercept shows.

    >>> plot_slope(3, 60, [2, 3], [65, 70]).axes[0].get_ylabel()
    'Money earned (y)'
    """
    X, y_true = linreg.as_pair(X, y_true, "X", "y_true")
    with book_style():
        fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
        span = _line_span(X)
        ax.plot(span, linreg.predict(span, m, b), color=COLORS["line"], lw=2,
                label=f"y = {m:.4g} x + {b:.4g}")
        ax.scatter(X, y_true, color=COLORS["data"], zorder=3, label="data")
        for name, x_i, y_i in zip(labels or [], X, y_true):
            ax.annotate(name, (x_i, y_i), textcoords="offset points", xytext=(-10, 6))
        ax.set(xlabel=X_LABEL, ylabel=Y_LABEL, title=title or "The data and a line")
        ax.legend(loc="lower right")
    return fig


def _as_ylim(ylim):
    """None, or a checked (bottom, top) for a vertical axis."""
    if ylim is not None and not (len(ylim) == 2 and ylim[0] < ylim[1]):
        raise ValueError(f"ylim must be (bottom, top) with bottom < top; got {ylim!r}.")
    return None if ylim is None else tuple(ylim)


def plot_fit(X, y_true, y_pred, title="Predictions and their errors", show_error=True, *,
             labels=None, ylim=None):
    """Data, the predicted line, and each residual y - y_hat drawn as a vertical segment.

    ``labels`` names the points (one label each, drawn beside the data point); ``ylim``
    fixes the vertical axis as (bottom, top), so that several figures can share it. The
    residuals are drawn over the markers, so that a residual of one unit still shows.

    >>> len(plot_fit([2, 3], [65, 70], [66, 69]).axes[0].lines)  # line, 2 errors, legend key
    4
    >>> ax = plot_fit([2, 3], [65, 70], [66, 69], labels=["a", "b"], ylim=(0, 100)).axes[0]
    >>> [text.get_text() for text in ax.texts], [float(y) for y in ax.get_ylim()]
    (['a', 'b'], [0.0, 100.0])
    """
    X, y_true = linreg.as_pair(X, y_true, "X", "y_true")
    X, y_pred = linreg.as_pair(X, y_pred, "X", "y_pred")
    if labels is not None and len(labels) != X.size:
        raise ValueError(f"labels needs one name per point: {X.size} points, {len(labels)} "
                         "labels.")
    ylim = _as_ylim(ylim)
    order = np.argsort(X)
    with book_style():
        fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
        ax.plot(X[order], y_pred[order], color=COLORS["line"], lw=2, marker="o",
                markerfacecolor="white", label=r"prediction $\hat y$")
        if show_error:
            for x_i, y_i, p_i in zip(X, y_true, y_pred):
                ax.plot([x_i, x_i], [p_i, y_i], color=COLORS["error"], ls="--", lw=2,
                        zorder=4)
            ax.plot([], [], color=COLORS["error"], ls="--", lw=2, label=r"residual $y - \hat y$")
        ax.scatter(X, y_true, color=COLORS["data"], zorder=3, label="data $y$")
        for name, x_i, y_i, p_i in zip([] if labels is None else labels, X, y_true, y_pred):
            # Beside the point, on the side away from its prediction.
            ax.annotate(str(name), (x_i, y_i), textcoords="offset points", xytext=(-7, 0),
                        ha="right", va="bottom" if y_i >= p_i else "top", fontsize=11)
        ax.set(xlabel=X_LABEL, ylabel=Y_LABEL, title=title)
        if ylim is not None:
            ax.set_ylim(*ylim)
        ax.legend(loc="best")
    return fig


def plot_line_gap(X, y_true, lines, *, title="Two lines and the gap between them", marks=None):
    """Data with several lines (left) and each line's gap to the first one across x (right).

    ``lines`` is {label: (m, b)}; the first line is the reference the gaps are measured from,
    and each gap is also marked at the data's x values. ``marks`` {label: x} draws dotted
    vertical lines at those x values on the gap panel.

    >>> fig = plot_line_gap([2, 3], [65, 70], {"a": (5, 55), "b": (5.1, 54.9)})
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['Money earned (y)', 'Gap to the first line (y)']
    >>> fig = plot_line_gap([2, 3], [65, 70], {"a": (5, 55), "b": (5.1, 54.9)}, marks={"c": 1})
    >>> list(fig.axes[1].lines[-1].get_xdata())
    [1.0, 1.0]
    """
    X, y_true = linreg.as_pair(X, y_true, "X", "y_true")
    if len(lines) < 2:
        raise ValueError("lines needs at least two entries {label: (m, b)}: a reference "
                         "and one more.")
    marks = {label: _as_x(x, f"marks[{label!r}]") for label, x in (marks or {}).items()}
    (reference, (m_ref, b_ref)), *others = lines.items()
    span = _line_span(X)
    styles = ["-", "--", ":", "-."] * 2
    with book_style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
        for color, style, (label, (m, b)) in zip(SERIES, styles, lines.items(), strict=False):
            left.plot(span, linreg.predict(span, m, b), color=color, ls=style, lw=2, label=label)
        left.scatter(X, y_true, color=COLORS["data"], zorder=3, label="data")
        left.set(xlabel=X_LABEL, ylabel=Y_LABEL, title="The data and the lines")
        left.legend(loc="lower right")
        right.axhline(0.0, color=SERIES[0], lw=2, label=f"{reference} (reference)")
        for color, style, (label, (m, b)) in zip(SERIES[1:], styles[1:], others, strict=False):
            dm, db = float(m) - m_ref, float(b) - b_ref
            right.plot(span, dm * span + db, color=color, ls=style, lw=2, label=label)
            right.plot(X, dm * X + db, color=color, marker="o", ls="none")
        for style, (label, x) in zip([":", "-.", (0, (1, 4))] * 3, marks.items()):
            right.axvline(x, color=COLORS["data"], ls=style, lw=1.4, label=label)
        right.set(xlabel=X_LABEL, ylabel="Gap to the first line (y)",
                  title=f"Gap to the line '{reference}'")
        right.legend(loc="lower right" if marks else "best")
        fig.suptitle(title)
    return fig


def plot_loss_curve(histories, *, title="Loss during training", scales=("linear", "log")):
    """The loss after 0, 1, 2, ... epochs, one panel per y scale.

    ``histories`` is an array of losses or a {label: array} of several.

    >>> [ax.get_yscale() for ax in plot_loss_curve([3.0, 2.0, 1.5]).axes]
    ['linear', 'log']
    """
    if not isinstance(histories, dict):
        histories = {"MSE": histories}
    with book_style():
        fig, axes = plt.subplots(1, len(scales), figsize=(4.5 * len(scales), 3.6),
                                 layout="constrained", squeeze=False)
        for ax, scale in zip(axes[0], scales):
            for color, (label, losses) in zip(SERIES, histories.items()):
                losses = np.asarray(losses, dtype=float)
                ax.plot(np.arange(losses.size), losses, color=color, lw=1.8, label=label)
            ax.set(xlabel="Epochs run", ylabel="Mean squared error", yscale=scale,
                   title=f"{scale.capitalize()} scale")
            if len(histories) > 1:
                ax.legend(loc="upper right")
        fig.suptitle(title)
    return fig


def plot_loss_against_start(histories, *, title="Loss against its start"):
    """Loss after each epoch (log scale) against epochs run, with the starting loss dotted.

    ``histories`` is {label: array}, entry k the loss after k epochs (k updates), from 0;
    the runs share their start. A run's highest loss above the start is marked.

    >>> fig = plot_loss_against_start({"a": [4.0, 9.0, 2.0], "b": [4.0, 1.0, 0.5]})
    >>> [line.get_label() for line in fig.axes[0].lines][:3]
    ['a', 'b', 'loss at the start']
    """
    with book_style():
        fig, ax = plt.subplots(figsize=(7.0, 3.8), layout="constrained")
        start = None
        for color, (label, losses) in zip(SERIES, histories.items()):
            losses = np.asarray(losses, dtype=float)
            start = losses[0]
            ax.plot(np.arange(losses.size), losses, color=color, lw=1.8, marker="o", ms=3,
                    label=label)
        ax.axhline(start, color=COLORS["data"], ls=":", lw=1.2, label="loss at the start")
        for color, losses in zip(SERIES, histories.values()):
            losses = np.asarray(losses, dtype=float)
            peak = int(np.argmax(losses))
            if losses[peak] > losses[0]:
                ax.plot(peak, losses[peak], ls="none", marker="o", ms=9, mfc="none",
                        mec=color, mew=1.6)
        ax.set(xlabel="Epochs run", ylabel="Mean squared error", yscale="log", title=title)
        ax.legend(loc="lower left")
    return fig


def plot_excess_loss(histories, minimum, *, factors=None, anchor=0.75,
                     title="Loss above its minimum", colors=None, cutoff=0.0,
                     predicted_label=None):
    """MSE minus its minimum against epochs run (from 0) on a log scale, one line per run.

    ``histories`` is {label: loss history}, entry k the loss after k epochs. On a log axis
    a run that shrinks its error by a factor q per epoch is a straight line of slope
    2 ln|q| per epoch; ``factors`` {label: q} adds that predicted line, black and dashed
    over the run's own, through its curve at the epoch ``anchor`` (a fraction of its
    length). Values <= ``cutoff`` are left
    out (0 by default; about 1e-12 hides the rounding noise of an MSE near 1 to 10).
    ``predicted_label`` puts all the predicted lines under that one legend entry.
    ``colors`` {label: colour} replaces the SERIES colour of some runs (e.g. to pair runs).

    >>> fig = plot_excess_loss({"a": [5.0, 3.0, 2.0, 1.5]}, 1.0, factors={"a": 0.7})
    >>> fig.axes[0].get_yscale(), len(fig.axes[0].lines)
    ('log', 2)
    >>> np.isnan(plot_excess_loss({"a": [5.0, 1.5]}, 1.0, cutoff=1).axes[0].lines[0].get_ydata())
    array([False,  True])
    """
    factors = factors or {}
    unknown = set(colors or {}) - set(histories)
    if unknown:
        raise ValueError(f"colors names runs that are not in histories: {sorted(unknown)}; "
                         f"use labels from {list(histories)}.")
    cutoff = float(cutoff)
    if not cutoff >= 0:
        raise ValueError(f"cutoff must be zero or positive; got {cutoff!r}.")
    low, high = np.inf, 0.0
    with book_style():
        fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
        for color, (label, losses) in zip(SERIES, histories.items()):
            color = (colors or {}).get(label, color)
            excess = np.asarray(losses, dtype=float) - float(minimum)
            excess = np.where(excess > cutoff, excess, np.nan)
            low, high = min(low, np.nanmin(excess)), max(high, np.nanmax(excess))
            epochs = np.arange(excess.size)
            ax.plot(epochs, excess, color=color, lw=2, label=label)
            if label in factors:
                q = float(factors[label])
                at = int(anchor * (excess.size - 1))
                predicted = excess[at] * np.exp(2.0 * np.log(abs(q)) * (epochs - epochs[at]))
                key = f"{label}: predicted, slope 2 ln|q| with q = {q:.4g}"
                if predicted_label is not None:
                    key = predicted_label if label == next(iter(factors)) else None
                ax.plot(epochs, predicted, color=COLORS["data"], ls=(0, (4, 4)), lw=1.2, zorder=3,
                        label=key)
        ax.set(xlabel="Epochs run", ylabel="MSE minus its minimum", yscale="log", title=title,
               ylim=(max(low, 1e-14) / 2, high * 2))
        handles, labels = ax.get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda i: labels[i] == predicted_label)
        ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="best", fontsize=8)
    return fig


def plot_stopping_points(distance, loss_gap, stops, *,
                         title="Where a stopping rule leaves the parameters"):
    """Distance to the exact answer and loss above the minimum (log scales), stops marked.

    ``distance[k]`` and ``loss_gap[k]`` belong to the line after k epochs, drawn against
    epochs run from 0; ``stops`` is {label: epochs run} and each stop is marked and
    labelled on both curves.

    >>> fig = plot_stopping_points([4.0, 2.0, 1.0], [16.0, 4.0, 1.0], {"stop": 2})
    >>> [ax.get_yscale() for ax in fig.axes]
    ['log', 'log']
    """
    panels = [("Distance to the exact answer", "Distance from (m*, b*)", distance, COLORS["path"]),
              ("Loss above its minimum", "MSE minus its minimum", loss_gap, COLORS["line"])]
    with book_style():
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
        for ax, (panel_title, ylabel, values, color) in zip(axes, panels, strict=True):
            values = np.asarray(values, dtype=float)
            values = np.where(values > 0, values, np.nan)  # a log axis cannot show 0
            ax.plot(np.arange(values.size), values, color=color, lw=1.8)
            for label, epoch in stops.items():
                if not 0 <= epoch < values.size:
                    raise ValueError(f"stop {label!r} after {epoch} epochs is not in "
                                     f"0..{values.size - 1}.")
                ax.plot(epoch, values[epoch], marker="o", color=COLORS["error"], ls="none")
                ax.annotate(label, (epoch, values[epoch]), textcoords="offset points",
                            xytext=(5, 4), fontsize=7)
            ax.set(xlabel="Epochs run", ylabel=ylabel, yscale="log", title=panel_title)
        fig.suptitle(title)
    return fig


def _grid(m_range, b_range, size):
    return np.linspace(*m_range, size), np.linspace(*b_range, size)


# Marks of named places on the MSE's surface and map: a shape as well as a colour each.
MARK_STYLES = [(COLORS["start"], "o"), (COLORS["error"], "s"), (COLORS["path"], "D"),
               (COLORS["extra"], "^")]


def plot_contour_paths(panels, *, m_range=(-2, 14), b_range=(-10, 80), size=80,
                       labels=(M_LABEL, B_LABEL), title="Descent paths on the MSE contours",
                       legend_loc="best", filled=False, points=None):
    """Contour maps side by side, one per {panel title: (X, y, path)}, each with its path.

    Each panel shows its own data's MSE (log-spaced contours), its least-squares point
    and the descent path, a (K, 2) array of (m, b), or no path if it is None; all panels
    share the same ranges. ``points`` {label: (m, b)} marks places on every panel, as
    ``plot_loss_bowl`` does. ``legend_loc`` places each panel's legend (a matplotlib
    location such as "upper right"). ``filled=True`` draws the MSE as light bands between
    the contours, with a colour bar in MSE, instead of labelled lines (the colours of
    ``loss_contour``, and a small PNG).

    >>> fig = plot_contour_paths({"a": ([2, 3, 5], [65, 70, 75], [[0, 0], [5, 50]])})
    >>> fig.axes[0].get_title()
    'a'
    """
    m_values, b_values = _grid(m_range, b_range, size)
    m_grid, b_grid = np.meshgrid(m_values, b_values)
    with book_style():
        width = 5.6 if filled else 5  # room for the colour bar
        fig, axes = plt.subplots(1, len(panels), figsize=(width * len(panels), 4.2),
                                 layout="constrained", squeeze=False)
        for ax, (panel_title, (X, y, path)) in zip(axes[0], panels.items(), strict=True):
            loss = linreg.loss_grid(X, y, m_values, b_values)
            levels = np.geomspace(max(loss.min(), 1e-3), loss.max(), 10)  # few, thin: small PNG
            if filled:  # flat bands, drawn without antialiasing, compress well
                bounds = np.concatenate([[0.9 * levels[0]], levels])
                bands = ax.contourf(m_grid, b_grid, loss, levels=bounds, cmap="viridis",
                                    norm=BoundaryNorm(bounds, 256), alpha=0.55,
                                    antialiased=False)
                fig.colorbar(bands, ax=ax, label="MSE", ticks=levels, format="%.0f")
                ax.grid(False)
            else:
                contours = ax.contour(m_grid, b_grid, loss, levels=levels, cmap="viridis",
                                      linewidths=1.0)
                ax.clabel(contours, fmt="%.0f", fontsize=7)
            if path is not None:
                path = np.asarray(path, dtype=float)
                ax.plot(path[:, 0], path[:, 1], color=COLORS["path"], lw=1.2, marker=".",
                        ms=3, label="descent path")
                ax.plot(*path[0], marker="o", color=COLORS["start"], ls="none", label="start")
            for (label, (m, b)), (color, marker) in zip((points or {}).items(), MARK_STYLES,
                                                        strict=False):
                ax.plot(m, b, marker=marker, ms=8, color=color, markeredgecolor="black",
                        ls="none", label=label)
            ax.plot(*linreg.least_squares(X, y), marker="*", ms=14, color=COLORS["exact"],
                    ls="none", label="lowest point (least squares)")
            ax.set(xlabel=labels[0], ylabel=labels[1], title=panel_title,
                   xlim=m_range, ylim=b_range)
            ax.legend(loc=legend_loc, fontsize=8, framealpha=0.9)
        fig.suptitle(title)
    return fig


def plot_loss_bowl(X, y, *, points=None, m_range=(-2, 14), b_range=(-10, 80), size=25,
                   title="The loss surface: the MSE as a height over (m, b)"):
    """The MSE over (m, b) as one light 3-D surface; ``points`` {label: (m, b)} are marked on it.

    The lowest point (least squares) is always marked, with a star, under the other marks.
    Each mark has a stem down to a base plane below the surface, where a small copy of the mark
    shows its place in the (m, b) plane: points on the valley floor, whose MSE is close to
    zero, keep a visible stem.

    >>> fig = plot_loss_bowl([2, 3, 5, 6, 8], [65, 70, 75, 85, 90], points={"guess": (3, 60)})
    >>> fig.axes[0].get_zlabel(), len(fig.axes[0].get_legend().get_texts())
    ('MSE', 2)
    """
    m_values, b_values = _grid(m_range, b_range, size)
    loss = linreg.loss_grid(X, y, m_values, b_values)
    m_grid, b_grid = np.meshgrid(m_values, b_values)
    stats = linreg.line_stats(X, y)
    marks = [("lowest point", *linreg.least_squares(X, y), COLORS["exact"], "*", 13)]
    marks += [(label, m, b, color, marker, 8) for (label, (m, b)), (color, marker) in
              zip((points or {}).items(), MARK_STYLES, strict=False)]
    top = float(loss.max())
    base = -0.35 * top  # far enough below MSE = 0 for every stem to show
    with book_style():
        fig = plt.figure(figsize=(6.0, 4.5), layout="constrained")
        ax = fig.add_subplot(projection="3d", computed_zorder=False)
        ax.plot_surface(m_grid, b_grid, loss, cmap="viridis", rcount=size, ccount=size,
                        linewidth=0, antialiased=False, zorder=1)
        for order, (label, m, b, color, marker, size_pt) in enumerate(marks):
            height = stats.loss(m, b)
            ax.plot([m, m], [b, b], [base, height], color=color, lw=1.5, zorder=3)
            ax.plot([m], [b], [base], marker=marker, ms=0.6 * size_pt, color=color,
                    ls="none", zorder=2)
            ax.plot([m], [b], [height], marker=marker, ms=size_pt, color=color, ls="none",
                    markeredgecolor="black", zorder=4 + order,
                    label=f"{label}: m = {m:.4g}, b = {b:.4g}")
        ax.set(xlabel=M_LABEL, ylabel=B_LABEL, title=title, zlim=(base, top))
        ax.set_zticks([tick for tick in ax.get_zticks() if 0 <= tick <= top])
        ax.set_zlabel("MSE", labelpad=14)
        ax.grid(False)  # the panes give the depth; grid lines would triple the PNG
        ax.view_init(elev=30, azim=-72)
        ax.legend(loc="upper left", fontsize=8)
    return fig


def plot_loss_slices(X, y, m, b, *, m_half=3.0, b_half=30.0, tangent=0.4,
                     title="Two cross-sections of the loss surface"):
    """The MSE along m (b fixed) and along b (m fixed) through (m, b), each with its tangent.

    The tangents' slopes are the partial derivatives of the MSE at (m, b); each tangent
    spans ``tangent`` times its panel's half-width on either side of the point.

    >>> fig = plot_loss_slices([2, 3, 5, 6, 8], [65, 70, 75, 85, 90], 3, 60)
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['Slope m (b fixed at 60)', 'Intercept b (m fixed at 3)']
    """
    stats = linreg.line_stats(X, y)
    m, b = float(m), float(b)
    dm, db = stats.gradients(m, b)
    height = stats.loss(m, b)
    panels = [(f"{M_LABEL} (b fixed at {b:.4g})", m, m_half, dm, lambda v: stats.loss(v, b),
               "∂MSE/∂m"),
              (f"{B_LABEL} (m fixed at {m:.4g})", b, b_half, db, lambda v: stats.loss(m, v),
               "∂MSE/∂b")]
    with book_style():
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
        for ax, (xlabel, at, half, slope, curve, name) in zip(axes, panels, strict=True):
            values = np.linspace(at - half, at + half, 201)
            ax.plot(values, curve(values), color=COLORS["line"], lw=2, label="MSE")
            near = np.array([at - tangent * half, at + tangent * half])
            ax.plot(near, height + slope * (near - at), color=COLORS["error"], ls="--", lw=2,
                    label=f"tangent, slope {name} = {slope:.4g}")
            ax.plot(at, height, marker="o", color=COLORS["start"], markeredgecolor="black",
                    ls="none", ms=8, zorder=3, label=f"you are here: MSE {height:.4g}")
            ax.set(xlabel=xlabel, ylabel="Mean squared error")
            ax.legend(loc="upper center", fontsize=8)
        fig.suptitle(title)
    return fig


def _grey_bands(ax, X, y, m_range, b_range, size, bands=14):
    """The MSE over (m, b) as log-spaced grey bands on ``ax``, darker higher up."""
    m_values, b_values = _grid(m_range, b_range, size)
    loss = linreg.loss_grid(X, y, m_values, b_values)
    levels = np.geomspace(max(loss.min(), 1e-3), loss.max(), bands)
    greys = plt.get_cmap("Greys")(np.linspace(0.0, 0.45, len(levels) - 1))
    ax.contourf(m_values, b_values, loss, levels=levels, colors=greys)
    ax.grid(False)
    return m_values, b_values, loss


def plot_valley_axes(X, y, *, path=None, rise=80.0, m_range=(-2, 14), b_range=(-10, 80),
                     size=100, title="The two directions of the valley"):
    """MSE contours with the Hessian's eigen-directions drawn through the lowest point.

    Both directions reach the contour ``rise`` above the minimum (drawn thick): the stiff
    one is short, the flat one long. ``path`` is an optional (K, 2) array of (m, b) rows,
    drawn over the arrows; its first ten steps are marked.
    The MSE is shown as log-spaced grey bands, darker higher up (bands keep the stored PNG
    small). The axes have different scales, so the right angle between the two
    directions looks oblique.

    >>> fig = plot_valley_axes([2, 3, 5, 6, 8], [65, 70, 75, 85, 90])
    >>> fig.axes[0].get_xlabel(), len(fig.legends[0].get_texts())
    ('Slope m', 4)
    """
    best = np.array(linreg.least_squares(X, y))
    lowest = float(linreg.line_stats(X, y).loss(*best))
    values, vectors = linreg.hessian_eigen(X)
    with book_style():
        fig, ax = plt.subplots(figsize=(6.4, 4.6), layout="constrained")
        m_values, b_values, loss = _grey_bands(ax, X, y, m_range, b_range, size)
        ax.contour(m_values, b_values, loss, levels=[lowest + rise], colors=COLORS["error"],
                   linewidths=2.5)
        ax.plot([], [], color=COLORS["error"], lw=2.5, label=f"MSE = its minimum + {rise:g}")
        names = ("flat direction (valley floor)", "stiff direction (across the valley)")
        for color, name, value, vector in zip((COLORS["line"], COLORS["data"]), names, values,
                                              vectors.T, strict=True):
            half = np.sqrt(2.0 * rise / value)
            start, end = best - half * vector, best + half * vector
            ax.annotate("", xy=tuple(end), xytext=tuple(start),
                        arrowprops={"arrowstyle": "<->", "color": color, "lw": 2.5})
            ax.plot([], [], color=color, lw=2, label=f"{name}: eigenvalue {value:.2f}")
        if path is not None:  # above the arrows (zorder 3), so that both show
            path = np.asarray(path, dtype=float).reshape(-1, 2)
            ax.plot(path[:, 0], path[:, 1], color=COLORS["path"], lw=1.5, marker=".",
                    ms=5, markevery=list(range(min(11, len(path)))), zorder=4,
                    label="descent path")
            ax.plot(*path[0], marker="o", color=COLORS["start"], ls="none", zorder=5,
                    label="start")
        ax.plot(*best, marker="*", ms=14, color=COLORS["exact"], ls="none", zorder=6,
                label="lowest point (least squares)")
        ax.set(xlabel=M_LABEL, ylabel=B_LABEL, title=title, xlim=m_range, ylim=b_range)
        fig.legend(loc="outside lower center", ncols=2, fontsize=8)
    return fig


def plot_valley_paths(X, y, paths, *, dots_after=None, m_range=(-2, 14), b_range=(-10, 80),
                      size=80, title="Descent paths in the valley"):
    """Side by side, one descent path per panel on the same map of the MSE (grey bands).

    ``paths`` is {panel title: (K, 2) array of (m, b) rows}. A long zig-zag drawn as a line
    hides the map under its strokes: ``dots_after`` {panel title: k} draws that panel's
    path as a line for its first k steps and as a dot per point after that. Each panel
    marks the start and the lowest point; the panels share their axes.

    >>> fig = plot_valley_paths([2, 3, 5], [65, 70, 75], {"a": [[0, 0], [5, 50]], "b": [[0, 0]]})
    >>> [ax.get_title() for ax in fig.axes]
    ['a', 'b']
    """
    if not paths:
        raise ValueError("paths needs at least one entry {panel title: (K, 2) array}.")
    dots_after = dots_after or {}
    unknown = set(dots_after) - set(paths)
    if unknown:
        raise ValueError(f"dots_after names panels that are not in paths: {sorted(unknown)}.")
    best = linreg.least_squares(X, y)
    with book_style():
        fig, axes = plt.subplots(1, len(paths), figsize=(3.4 * len(paths) + 0.4, 3.7),
                                 layout="constrained", sharey=True, squeeze=False)
        for ax, (panel, path) in zip(axes[0], paths.items(), strict=True):
            path = np.asarray(path, dtype=float).reshape(-1, 2)
            line = path[: int(dots_after.get(panel, len(path))) + 1]
            _grey_bands(ax, X, y, m_range, b_range, size)
            ax.plot(line[:, 0], line[:, 1], color=COLORS["path"], lw=1.5, label="descent path")
            ax.plot(path[len(line) - 1:, 0], path[len(line) - 1:, 1], color=COLORS["path"],
                    ls="none", marker=".", ms=2.5)
            ax.plot(*path[0], marker="o", color=COLORS["start"], ls="none", zorder=3,
                    label="start")
            ax.plot(*best, marker="*", ms=13, color=COLORS["exact"], ls="none", zorder=4,
                    label="lowest point (least squares)")
            ax.set(xlabel=M_LABEL, title=panel, xlim=m_range, ylim=b_range)
        axes[0, 0].set_ylabel(B_LABEL)
        fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside lower center",
                   ncols=3, fontsize=8)
        fig.suptitle(title)
    return fig


# Colours for several paths on one map: the Okabe-Ito series without the exact answer's
# green and the start's orange, which mark the lowest point and the start.
_PATH_COLORS = ["#0072B2", "#D55E00", "#CC79A7", "#56B4E9", "#000000"]


def plot_paths(X, y, panels, *, m_range=(-2, 14), b_range=(-10, 80), size=60, ncols=None,
               title="Descent paths on the MSE"):
    """Descent paths on the MSE (grey bands, darker is higher), one panel per entry of ``panels``.

    ``panels`` is {panel title: {label: path}}, each path a (K, 2) array of (m, b) rows,
    drawn with a dot per step; a path that leaves the ranges is cut off by the frame.
    Every panel marks the start of its first path and the lowest point (least squares).
    ``ncols`` panels per row (default: all in one row); one legend for all panels.

    >>> fig = plot_paths([2, 3, 5], [65, 70, 75], {"a": {"run": [[0, 0], [5, 50]]}})
    >>> fig.axes[0].get_title(), len(fig.legends[0].get_texts())
    ('a', 3)
    """
    best = linreg.least_squares(X, y)
    ncols = ncols or len(panels)
    nrows = -(-len(panels) // ncols)
    handles = {}
    with book_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.5 * nrows + 0.8),
                                 layout="constrained", squeeze=False, sharex=True, sharey=True)
        for ax, (panel_title, paths) in zip(axes.flat, panels.items()):
            _grey_bands(ax, X, y, m_range, b_range, size, bands=11)
            for color, (label, path) in zip(_PATH_COLORS, paths.items()):
                path = np.asarray(path, dtype=float).reshape(-1, 2)
                (line,) = ax.plot(path[:, 0], path[:, 1], color=color, lw=1.2, marker=".",
                                  ms=3, label=label)
                handles.setdefault(label, line)
            first = np.asarray(next(iter(paths.values())), dtype=float).reshape(-1, 2)[0]
            (start,) = ax.plot(*first, marker="o", ms=8, color=COLORS["start"],
                               markeredgecolor="black", ls="none", zorder=4, label="start")
            (star,) = ax.plot(*best, marker="*", ms=15, color=COLORS["exact"],
                              markeredgecolor="black", ls="none", zorder=5,
                              label="lowest point (least squares)")
            handles.setdefault("start", start)
            handles.setdefault("lowest point (least squares)", star)
            ax.set(title=panel_title, xlim=m_range, ylim=b_range)
        for ax in axes.flat[len(panels):]:
            ax.remove()
        for ax in axes[-1]:
            ax.set_xlabel(M_LABEL)
        for ax in axes[:, 0]:
            ax.set_ylabel(B_LABEL)
        fig.legend(list(handles.values()), list(handles), loc="outside lower center",
                   ncols=min(len(handles), 3), fontsize=8)
        fig.suptitle(title)
    return fig


def plot_error_components(epochs, components, labels, *, predicted=None, zoom=None,
                          cutoff=1e-12, title="The error along each direction of the valley"):
    """Size of each error component against epochs run on a log scale, with predictions.

    ``components`` is (K, J), one column per label; ``predicted`` (same shape) is marked on
    top at a few evenly spaced epochs. Sizes below ``cutoff`` (rounding noise) are left out.
    ``zoom`` adds a second panel with only the epochs up to ``zoom``.

    >>> fig = plot_error_components([0, 1, 2], [[8.0, 1.0], [4.0, 0.1], [2.0, 0.01]], ["a", "b"])
    >>> [ax.get_yscale() for ax in fig.axes]
    ['log']
    """
    epochs = np.asarray(epochs, dtype=float)
    sizes = np.abs(np.asarray(components, dtype=float)).reshape(epochs.size, -1)
    if sizes.shape[1] != len(labels):
        raise ValueError(f"components has {sizes.shape[1]} columns but {len(labels)} labels.")
    sizes = np.where(sizes >= cutoff, sizes, np.nan)
    if predicted is not None:
        predicted = np.abs(np.asarray(predicted, dtype=float)).reshape(sizes.shape)
        predicted = np.where(predicted >= cutoff, predicted, np.nan)
    panels = [None] if zoom is None else [None, zoom]
    with book_style():
        fig, axes = plt.subplots(1, len(panels), figsize=(4.6 * len(panels) + 0.8, 3.4),
                                 layout="constrained", squeeze=False)
        for ax, last in zip(axes[0], panels, strict=True):
            keep = np.ones(epochs.size, bool) if last is None else epochs <= last
            for column, (color, label) in enumerate(zip(SERIES, labels, strict=False)):
                ax.plot(epochs[keep], sizes[keep, column], color=color, lw=2.5,
                        label=label)
            marks = np.flatnonzero(keep)[:: max(1, int(keep.sum()) // 15)]
            for column in range(sizes.shape[1] if predicted is not None else 0):
                ax.plot(epochs[marks], predicted[marks, column], color=COLORS["data"],
                        marker="o", ms=4, mfc="none", ls="none",
                        label="prediction" if column == 0 else None)
            panel = "" if zoom is None else "All epochs" if last is None else f"First {last} epochs"
            ax.set(xlabel="Epochs run", ylabel="Size of the error component",
                   yscale="log", title=panel)
        axes[0, 0].legend(loc="lower right", fontsize=8)
        fig.suptitle(title)
    return fig


def plot_distances(distances, *, factors=None, levels=None, marks=None, per_epoch=None,
                   cutoff=1e-13, anchor=0.6, max_points=2000, xlabel="Epochs run",
                   ylabel="Distance to the exact answer", title="Distance to the exact answer"):
    """Distance to the answer against epochs on a log scale, one line per run.

    ``distances`` is {label: array}, entry k after k steps. ``per_epoch`` {label: steps}
    puts a run of several steps per epoch on the epoch axis. ``factors`` {label: q} adds a
    dashed black line of slope ln q per epoch, the predicted decay (or growth), through
    the run's curve at ``anchor`` (a fraction of its drawn length), drawn from half that
    fraction on; the legend gives q with the run's label. ``levels`` {label: value} draws
    a predicted level of that run, dashed in its colour; ``marks`` {text: value} a dotted
    black reference line. Values below ``cutoff`` (rounding noise) are left out; a run of
    more than ``max_points`` steps is drawn at evenly spaced steps.

    >>> fig = plot_distances({"a": [1.0, 0.5, 0.25]}, factors={"a": 0.5}, marks={"m": 0.1})
    >>> fig.axes[0].get_yscale(), len(fig.legends[0].get_texts())
    ('log', 3)
    """
    factors, levels, marks = factors or {}, levels or {}, marks or {}
    per_epoch = per_epoch or {}
    for name, given in (("factors", factors), ("levels", levels), ("per_epoch", per_epoch)):
        unknown = set(given) - set(distances)
        if unknown:
            raise ValueError(f"{name} names runs that are not in distances: {sorted(unknown)}.")
    with book_style():
        fig, ax = plt.subplots(figsize=(6.0, 3.6), layout="constrained")
        for color, (label, values) in zip(SERIES, distances.items()):
            values = np.asarray(values, dtype=float)
            epochs = np.arange(values.size) / per_epoch.get(label, 1)
            keep = np.arange(0, values.size, max(1, -(-values.size // max_points)))
            shown = np.where(values[keep] >= cutoff, values[keep], np.nan)
            name = label if label not in factors else f"{label} (factor {factors[label]:.4g})"
            # A run of several steps per epoch is a noisy band: drawn without antialiasing,
            # which looks the same there and keeps the stored image small.
            ax.plot(epochs[keep], shown, color=color, lw=1.6, label=name,
                    antialiased=label not in per_epoch)
            if label in factors:
                drawn = keep[np.isfinite(shown)]
                at = drawn[int(anchor * (drawn.size - 1))]
                span = drawn[int(anchor / 2 * (drawn.size - 1)):]
                line = values[at] * float(factors[label]) ** (epochs[span] - epochs[at])
                ax.plot(epochs[span], line, color=COLORS["data"], ls=(0, (4, 3)), lw=1.1)
            if label in levels:
                ax.axhline(levels[label], color=color, ls=(0, (6, 3)), lw=1.4,
                           label=f"{label}: predicted {levels[label]:.3g}")
        if factors:
            ax.plot([], [], color=COLORS["data"], ls=(0, (4, 3)), lw=1.1,
                    label="predicted factor per epoch")
        for text, value in marks.items():
            ax.axhline(value, color=COLORS["data"], ls=":", lw=1.4, label=text)
        ax.set(xlabel=xlabel, ylabel=ylabel, yscale="log", title=title)
        fig.legend(loc="outside lower center", ncols=2, fontsize=7)
    return fig


def plot_epoch_grid(X, y, result, epochs, *, ncols=3):
    """Small multiples: the line after each listed number of epochs, with its loss.

    >>> r = linreg.fit([2, 3, 5], [65, 70, 75], epochs=5)
    >>> len(plot_epoch_grid([2, 3, 5], [65, 70, 75], r, [0, 5]).axes)
    2
    """
    X, y = linreg.as_pair(X, y, "X", "y")
    params, losses = result.trajectory()
    epochs = [int(k) for k in epochs]
    if any(k < 0 or k >= len(params) for k in epochs):
        raise ValueError(f"epochs must lie between 0 and {len(params) - 1}; got {epochs}.")
    nrows = -(-len(epochs) // ncols)
    with book_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 2.8 * nrows),
                                 layout="constrained", sharex=True, sharey=True, squeeze=False)
        span = _line_span(X)
        for ax, k in zip(axes.flat, epochs):
            m, b = params[k]
            ax.scatter(X, y, color=COLORS["data"], s=18, zorder=3)
            ax.plot(span, linreg.predict(span, m, b), color=COLORS["line"], lw=1.8)
            ax.set_title(f"{_epochs_text(k)}: MSE {losses[k]:.2f}", fontsize=9)
        for ax in axes.flat[len(epochs):]:
            ax.remove()
        fig.supxlabel(X_LABEL)
        fig.supylabel(Y_LABEL)
        ax.set_ylim(min(0.0, y.min()) - 5, max(y.max(), 100) + 10)
    return fig


def plot_lines_after(X, y, result, epochs, *, pivot=None, ylim=None,
                     title="The line after a few epochs"):
    """The data with the line of a run after each number of ``epochs``, in one picture.

    The static companion of ``linked_epoch_views``' data view. ``pivot`` (an x value)
    adds a dotted vertical line, for instance where the later lines cross; ``ylim``
    (bottom, top) zooms the vertical axis, which by default runs from 0 past the data.

    >>> r = linreg.fit([2, 3, 5], [65, 70, 75], epochs=20)
    >>> len(plot_lines_after([2, 3, 5], [65, 70, 75], r, [5, 20], pivot=4).axes[0].lines)
    3
    """
    X, y = linreg.as_pair(X, y, "X", "y")
    ylim = _as_ylim(ylim)
    params = result.trajectory()[0]
    epochs = [int(k) for k in epochs]
    if not epochs or any(k < 0 or k >= len(params) for k in epochs):
        raise ValueError(f"epochs must be a non-empty list of numbers between 0 and "
                         f"{len(params) - 1}; got {epochs}.")
    if len(epochs) > 6:
        raise ValueError(f"at most 6 lines can be told apart by colour; got {len(epochs)}.")
    span = _line_span(X)
    with book_style():
        fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
        for color, k in zip(SERIES, epochs):
            ax.plot(span, linreg.predict(span, *params[k]), color=color, lw=1.8,
                    label=_epochs_text(k))
        ax.scatter(X, y, color=COLORS["data"], zorder=3, label="data")
        if pivot is not None:
            ax.axvline(_as_x(pivot, "pivot"), color=COLORS["data"], ls=":", lw=1.2,
                       label=f"x = {float(pivot):.2f}")
        ax.set(xlabel=X_LABEL, ylabel=Y_LABEL, title=title,
               ylim=ylim or (min(0.0, y.min()) - 5, max(y.max(), 100) + 10))
        ax.legend(loc="lower right", fontsize=8)
    return fig


def plot_timings(sizes, seconds, *, reference=None, title="Cost against the number of points"):
    """Log-log time per call against n ({label: seconds}), and beside it multiples of ``reference``.

    >>> fig = plot_timings([10, 100], {"a": [1e-6, 1e-5], "b": [2e-6, 4e-5]}, reference="a")
    >>> [(ax.get_xscale(), ax.get_yscale()) for ax in fig.axes]
    [('log', 'log'), ('log', 'log')]
    """
    sizes = np.asarray(sizes, dtype=float)
    seconds = {label: np.asarray(times, dtype=float) for label, times in seconds.items()}
    if reference is not None and reference not in seconds:
        raise ValueError(f"reference must be one of the labels {list(seconds)}; got {reference!r}.")
    panels = 1 if reference is None else 2
    with book_style():
        fig, axes = plt.subplots(1, panels, figsize=(5.2 * panels, 4.4), layout="constrained",
                                 squeeze=False)
        for color, marker, (label, times) in zip(SERIES, "osD^v<>", seconds.items()):
            style = {"color": color, "marker": marker, "lw": 1.8, "ms": 5, "label": label}
            axes[0, 0].plot(sizes, times, **style)
            if reference is not None:
                axes[0, 1].plot(sizes, times / seconds[reference], **style)
        axes[0, 0].set(xscale="log", yscale="log", xlabel="Number of points n",
                       ylabel="Time per call (seconds)", title="Time")
        if reference is not None:
            axes[0, 1].set(xscale="log", yscale="log", xlabel="Number of points n",
                           ylabel=f"Multiple of: {reference}",
                           title="Time relative to the baseline")
        fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside lower center",
                   ncols=min(len(seconds), 4), fontsize=8, frameon=False)
        fig.suptitle(title)
    return fig


def plot_training_loop(*, title="One epoch of gradient descent"):
    """The training loop as a flowchart: predict, measure, test, step, and round again.

    >>> plot_training_loop().axes[0].texts[0].get_text().splitlines()
    ['Predict every y', 'with the current m and b']
    """
    steps = [  # text, centre (x, y), fill: blue for actions, orange for the test
        ("Predict every y\nwith the current m and b", (0.35, 0.90), "#e8f1f8"),
        ("Measure the loss\nof these predictions", (0.35, 0.66), "#e8f1f8"),
        ("Is the loss still falling by enough,\nand is there an epoch left?", (0.35, 0.40),
         "#fdf0dc"),
        ("Stop and keep\nthe current m and b", (0.35, 0.08), "#e8f1f8"),
        ("Step m and b\nagainst the gradient", (0.86, 0.40), "#e8f1f8"),
    ]
    with book_style():
        fig, ax = plt.subplots(figsize=(6.8, 4.8), layout="constrained")
        ax.set(xlim=(0, 1.1), ylim=(0, 1), title=title)
        ax.axis("off")
        boxes = [ax.text(x, y, text, ha="center", va="center", fontsize=10,
                         bbox={"boxstyle": "round,pad=0.6", "facecolor": fill,
                               "edgecolor": COLORS["line"], "linewidth": 1.5}).get_bbox_patch()
                 for text, (x, y), fill in steps]
        predict, measure, test, stop, step = boxes
        arrow = {"arrowstyle": "-|>", "color": COLORS["data"], "lw": 1.4, "shrinkA": 0,
                 "shrinkB": 0}

        def link(source, source_at, target, target_at, label="", **style):
            ax.annotate(label, xy=target_at, xycoords=target, xytext=source_at,
                        textcoords=source, arrowprops={**arrow, **style}, fontsize=10)

        link(predict, (0.5, 0), measure, (0.5, 1))
        link(measure, (0.5, 0), test, (0.5, 1))
        link(test, (0.5, 0), stop, (0.5, 1))
        link(test, (1, 0.5), step, (0, 0.5))
        link(step, (0.5, 1), predict, (1, 0.5), connectionstyle="angle,angleA=90,angleB=0")
        ax.text(0.37, 0.22, "no", fontsize=10, va="center")
        ax.text(0.64, 0.42, "yes", fontsize=10, ha="center", va="bottom")
        ax.text(0.88, 0.72, "with the new\nm and b", fontsize=9, va="center")
    return fig


# ----------------------------------------------------------------------- plotly
def _plotly():
    """plotly's graph objects and make_subplots, imported on first use: a chapter without
    an interactive figure never pays for importing plotly."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    return go, make_subplots


def _rounded(values, digits=6):
    """Plain, rounded floats: small, readable JSON and the same bytes on every run."""
    return [float(v) for v in np.round(np.asarray(values, dtype=float), digits)]


def _title(text):
    """A figure title at the top left; frames repeat it whole (animate replaces the title)."""
    return {"text": text, "x": 0.02, "xanchor": "left", "y": 0.98, "yref": "container",
            "yanchor": "top"}


def _plotly_layout(title, size, **extra):
    layout = {
        "template": "none",
        "title": _title(title),
        "font": {"family": "sans-serif", "size": 13},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 70, "r": 30, "t": 100, "b": 220},
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.08, "yanchor": "bottom"},
        **size,
    }
    layout.update(extra)
    return layout


def _axis(title, **extra):
    return {"title": {"text": title}, "gridcolor": "#e5e5e5", "zeroline": False,
            "showline": True, "linecolor": "#444", **extra}


def epoch_frames(n_points, max_frames=30):
    """Trajectory rows to animate: round numbers of epochs, dense early, first and last kept.

    >>> epoch_frames(3001, 6)
    [0, 1, 10, 100, 1000, 3000]
    """
    if n_points <= max_frames:
        return list(range(n_points))
    last = n_points - 1
    for mantissas in ((1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 5, 7), (1, 2, 5), (1, 3), (1,)):
        nice = {d * 10**e for e in range(len(str(last))) for d in mantissas}
        frames = sorted({0, last} | {k for k in nice if k < last})
        if len(frames) <= max_frames:
            return frames
    return sorted({0, *np.round(np.geomspace(1, last, max_frames - 1)).astype(int).tolist()})


def _path_indices(n_points, max_points=300):
    """Every early step of a path, then geometrically fewer: the path's shape at a small size."""
    if n_points <= max_points:
        return np.arange(n_points)
    head = np.arange(max_points // 2)
    tail = np.round(np.geomspace(max_points // 2, n_points - 1, max_points // 2)).astype(int)
    return np.unique(np.concatenate([head, tail]))


def _slider(labels, frame_names, prefix):
    steps = [{"method": "animate", "label": label,
              "args": [[name], {"mode": "immediate", "frame": {"duration": 0, "redraw": True},
                                "transition": {"duration": 0}}]}
             for label, name in zip(labels, frame_names)]
    # Full width, on its own row under the Play/Pause buttons: no grip hides under a button.
    return {"active": 0, "currentvalue": {"prefix": prefix}, "pad": {"t": 75}, "len": 1.0,
            "x": 0.0, "y": -0.16, "yanchor": "top", "steps": steps}


def _play_buttons():
    play = {"label": "Play", "method": "animate",
            "args": [None, {"frame": {"duration": 250, "redraw": True}, "fromcurrent": True,
                            "transition": {"duration": 0}}]}
    pause = {"label": "Pause", "method": "animate",
             "args": [[None], {"mode": "immediate", "frame": {"duration": 0, "redraw": False}}]}
    return [{"type": "buttons", "direction": "left", "showactive": False, "x": 0.0, "y": -0.16,
             "xanchor": "left", "yanchor": "top", "pad": {"t": 25, "r": 10},
             "buttons": [play, pause]}]


def _frame_text(k, loss, m, b):
    return f"{_epochs_text(k)}: MSE {loss:.4f}, m = {m:.4f}, b = {b:.4f}"


def _epoch_views(X, y, result, max_frames):
    """What an epoch-slider figure needs: checked data, the run's path, frames, the x span."""
    X, y = linreg.as_pair(X, y, "X", "y")
    params, losses = result.trajectory()
    return X, y, params, losses, epoch_frames(len(params), max_frames), _line_span(X)


def line_across_epochs(X, y, result, *, max_frames=30, title="The fitted line across epochs"):
    """Interactive: the line after each chosen epoch, with a slider and a Play button.

    >>> r = linreg.fit([2, 3, 5], [65, 70, 75], epochs=50)
    >>> len(line_across_epochs([2, 3, 5], [65, 70, 75], r, max_frames=10).frames)
    10
    """
    go = _plotly()[0]
    X, y, params, losses, picks, span = _epoch_views(X, y, result, max_frames)

    def line(k):
        m, b = params[k]
        return {"x": _rounded(span), "y": _rounded(linreg.predict(span, m, b))}

    def caption(k):
        return _title(_frame_text(k, losses[k], *params[k]))

    names = [str(k) for k in picks]
    data = [
        go.Scatter(x=_rounded(X), y=_rounded(y), mode="markers", name="data",
                   marker={"color": COLORS["data"], "size": 10}),
        go.Scatter(**line(picks[0]), mode="lines", name="fitted line",
                   line={"color": COLORS["line"], "width": 3}),
    ]
    frames = [go.Frame(name=name, data=[go.Scatter(**line(k))], traces=[1],
                       layout={"title": caption(k)}) for name, k in zip(names, picks)]
    y_low, y_high = min(0.0, y.min()) - 5, max(y.max(), 100) + 10
    layout = _plotly_layout(
        caption(picks[0])["text"], PLOTLY_SIZE,
        xaxis=_axis(X_LABEL, range=_rounded(span)),
        yaxis=_axis(Y_LABEL, range=[y_low, y_high]),
        sliders=[_slider(names, names, "epochs: ")],
        updatemenus=_play_buttons(),
        meta={"figure": title},
    )
    return go.Figure(data=data, layout=layout, frames=frames)


def _contour_trace(X, y, m_range, b_range, size, **extra):
    """Contours of log10(MSE), with the colour bar labelled in MSE; hovering reads the MSE."""
    go = _plotly()[0]
    m_values, b_values = _grid(m_range, b_range, size)
    loss = linreg.loss_grid(X, y, m_values, b_values)
    log_loss = np.log10(loss)
    ticks = np.arange(np.floor(log_loss.min()), np.ceil(log_loss.max()) + 1)
    return go.Contour(
        x=_rounded(m_values, 4), y=_rounded(b_values, 4), z=np.round(log_loss, 3).tolist(),
        text=[[_mse_text(value) for value in row] for row in loss],
        colorscale="Viridis", ncontours=24, name="MSE",
        contours={"coloring": "heatmap", "showlines": True},
        colorbar={"title": {"text": "MSE"}, "tickvals": ticks.tolist(),
                  "ticktext": [f"{10 ** t:g}" for t in ticks]},
        hovertemplate="m %{x:.2f}, b %{y:.2f}<br>MSE %{text}<extra></extra>",
        **extra,
    )


def _epochs_text(k):
    """'after 1 epoch', 'after 7 epochs': how far along a full-batch path a point is."""
    return f"after {k} epoch" + ("" if k == 1 else "s")


def _mse_text(value):
    """An MSE for a hover label: whole numbers from 100 up, else two decimals (6015, 17.40)."""
    return f"{value:.0f}" if value >= 100 else f"{value:.2f}"


def _path_points(params, max_points=300):
    keep = _path_indices(len(params), max_points)
    return _rounded(params[keep, 0]), _rounded(params[keep, 1])


def loss_contour(X, y, runs, *, m_range=(-2, 14), b_range=(-10, 80), size=60,
                 title="The loss surface seen from above"):
    """Interactive contour map of the MSE over (m, b) with each run's descent path.

    ``runs`` is a FitResult or {label: FitResult}.

    >>> r = linreg.fit([2, 3, 5], [65, 70, 75], epochs=20)
    >>> [t.type for t in loss_contour([2, 3, 5], [65, 70, 75], r).data]
    ['contour', 'scatter', 'scatter']
    """
    go = _plotly()[0]
    if not isinstance(runs, dict):
        runs = {"descent path": runs}
    data = [_contour_trace(X, y, m_range, b_range, size, showscale=True)]
    for color, (label, run) in zip(SERIES[1:], runs.items()):
        params, losses = run.trajectory()
        keep = _path_indices(len(params), 100)  # enough points to hover over, a small page
        m_path, b_path = _path_points(params, 100)
        data.append(go.Scatter(x=m_path, y=b_path, mode="lines+markers", name=label,
                               line={"color": color, "width": 2}, marker={"size": 4},
                               text=[f"{_epochs_text(k)}: MSE {_mse_text(losses[k])}"
                                     for k in keep],
                               hovertemplate="%{text}<br>m %{x:.4f}, b %{y:.4f}"
                               f"<extra>{label}</extra>"))
    best = linreg.least_squares(X, y)
    data.append(go.Scatter(x=_rounded([best[0]]), y=_rounded([best[1]]), mode="markers",
                           name="least squares", marker={"symbol": "star", "size": 16,
                                                         "color": COLORS["exact"]},
                           hovertemplate="lowest point: m %{x:.4f}, b %{y:.4f}<br>"
                           f"MSE {_mse_text(linreg.line_stats(X, y).loss(*best))}"
                           "<extra></extra>"))
    layout = _plotly_layout(title, {"width": 720, "height": 480},  # no slider below
                            margin={"l": 70, "r": 30, "t": 100, "b": 70},
                            xaxis=_axis(M_LABEL, range=list(m_range)),
                            yaxis=_axis(B_LABEL, range=list(b_range)))
    return go.Figure(data=data, layout=layout)


def linked_epoch_views(X, y, result, *, max_frames=30, m_range=(-2, 14), b_range=(-10, 80),
                       title="One slider, two views: the line and its point on the loss map",
                       contour_size=40, max_points=300):
    """Interactive: data view and parameter view side by side, moved by one epoch slider.

    ``contour_size`` (grid points per axis of the contour map) and ``max_points`` (points
    of the drawn path) set how much the stored figure holds.

    >>> r = linreg.fit([2, 3, 5], [65, 70, 75], epochs=50)
    >>> len(linked_epoch_views([2, 3, 5], [65, 70, 75], r, max_frames=8).frames)
    7
    """
    go, make_subplots = _plotly()
    X, y, params, losses, picks, span = _epoch_views(X, y, result, max_frames)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=["Data view: the line", "Parameter view: (m, b) on the MSE"])
    if int(contour_size) < 2 or int(max_points) < 2:
        raise ValueError(f"contour_size and max_points must be at least 2; got {contour_size} "
                         f"and {max_points}.")
    m_path, b_path = _path_points(params, int(max_points))

    def moving(k):
        m, b = params[k]
        return [go.Scatter(x=_rounded(span), y=_rounded(linreg.predict(span, m, b))),
                go.Scatter(x=_rounded([m]), y=_rounded([b]))]

    line, point = moving(picks[0])
    fig.add_trace(go.Scatter(x=_rounded(X), y=_rounded(y), mode="markers", name="data",
                             marker={"color": COLORS["data"], "size": 9}), 1, 1)
    fig.add_trace(line.update(mode="lines", name="line at this epoch",
                              line={"color": COLORS["line"], "width": 3}), 1, 1)
    fig.add_trace(_contour_trace(X, y, m_range, b_range, int(contour_size), showscale=False), 1, 2)
    fig.add_trace(go.Scatter(x=m_path, y=b_path, mode="lines", name="descent path",
                             line={"color": COLORS["path"], "width": 2}), 1, 2)
    fig.add_trace(point.update(mode="markers", name="(m, b) at this epoch",
                               marker={"color": COLORS["start"], "size": 13,
                                       "line": {"color": "black", "width": 1}}), 1, 2)
    names = [str(k) for k in picks]
    fig.frames = [go.Frame(name=name, data=moving(k), traces=[1, 4],
                           layout={"title": _title(_frame_text(k, losses[k], *params[k]))})
                  for name, k in zip(names, picks)]
    fig.update_layout(**_plotly_layout(_frame_text(picks[0], losses[0], *params[0]), PLOTLY_WIDE,
                                       sliders=[_slider(names, names, "epochs: ")],
                                       updatemenus=_play_buttons(), meta={"figure": title}))
    y_low, y_high = min(0.0, y.min()) - 5, max(y.max(), 100) + 10
    fig.update_xaxes(_axis(X_LABEL, range=_rounded(span)), row=1, col=1)
    fig.update_yaxes(_axis(Y_LABEL, range=[y_low, y_high]), row=1, col=1)
    fig.update_xaxes(_axis(M_LABEL, range=list(m_range)), row=1, col=2)
    fig.update_yaxes(_axis(B_LABEL, range=list(b_range)), row=1, col=2)
    return fig


def _visited(X, y, run, label):
    """(params, losses) of a FitResult, or of a (K, 2) array of the (m, b) a run visited."""
    if hasattr(run, "trajectory"):
        return run.trajectory()
    params = np.asarray(run, dtype=float)
    if params.ndim != 2 or params.shape[1] != 2 or len(params) == 0:
        raise ValueError(f"run {label!r} must be a FitResult or a (K, 2) array of (m, b) rows; "
                         f"got shape {params.shape}.")
    return params, linreg.line_stats(X, y).loss(params[:, 0], params[:, 1])


def learning_rate_explorer(X, y, runs, *, m_range=(-2, 14), b_range=(-10, 80),
                           title="Pick a learning rate: its path and its loss curve",
                           minimum=None, contour_size=40, max_points=300):
    """Interactive: choose one of several precomputed runs; see its path and loss curve.

    ``runs`` is {label: FitResult}; a diverged run's partial result may be included, or
    a (K, 2) array of the (m, b) a run visited. The right panel draws the loss against
    epochs run: on a log axis, which leaves out the start (0 epochs run), or, with
    ``minimum`` (the lowest MSE), the loss above it against a linear axis from 0, where a
    steady factor per epoch is a straight line; values below 1e-12 (rounding noise) are
    left out. ``contour_size`` (grid points per axis of the map) and ``max_points`` (points
    per path) set how much the stored figure holds.

    >>> r = {"a": linreg.fit([2, 3, 5], [65, 70, 75], epochs=9), "b": [[0, 0], [9, 9]]}
    >>> len(learning_rate_explorer([2, 3, 5], [65, 70, 75], r).layout.sliders[0].steps)
    2
    """
    go, make_subplots = _plotly()
    if int(contour_size) < 2 or int(max_points) < 2:
        raise ValueError(f"contour_size and max_points must be at least 2; got {contour_size} "
                         f"and {max_points}.")
    labels = list(runs)
    right = "Loss curve (log scale)" if minimum is None else "Loss above its minimum (log scale)"
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=["Path on the MSE contours", right])
    fig.add_trace(_contour_trace(X, y, m_range, b_range, int(contour_size), showscale=False),
                  1, 1)
    for i, (color, label) in enumerate(zip(SERIES[1:] * 3, labels)):
        params, losses = _visited(X, y, runs[label], label)
        if minimum is not None:
            losses = np.asarray(losses, dtype=float) - float(minimum)
        keep = _path_indices(len(params), int(max_points))
        visible = i == 0
        m_path, b_path = np.clip(params[keep, 0], *m_range), np.clip(params[keep, 1], *b_range)
        fig.add_trace(go.Scatter(x=_rounded(m_path), y=_rounded(b_path), mode="lines+markers",
                                 name=label, visible=visible, line={"color": color, "width": 2},
                                 marker={"size": 4}), 1, 1)
        epochs = [int(k) for k in keep]  # epochs run: row k is the line after k epochs
        loss_values = [float(f"{v:.5g}") if minimum is None or v > 1e-12 else None
                       for v in losses[keep]]
        fig.add_trace(go.Scatter(x=epochs, y=loss_values, mode="lines", name=f"{label}: loss",
                                 visible=visible, showlegend=False,
                                 line={"color": color, "width": 2}), 1, 2)
    steps = []
    for i, label in enumerate(labels):
        visible = [True] + [j // 2 == i for j in range(2 * len(labels))]
        steps.append({"method": "update", "label": label,
                      "args": [{"visible": visible}, {"title.text": f"{title}: {label}"}]})
    slider = {"active": 0, "currentvalue": {"prefix": "learning rate: "}, "pad": {"t": 20},
              "x": 0.02, "len": 0.9, "y": -0.16, "yanchor": "top", "steps": steps}
    fig.update_layout(**_plotly_layout(f"{title}: {labels[0]}", PLOTLY_WIDE, sliders=[slider]))
    fig.update_xaxes(_axis(M_LABEL, range=list(m_range)), row=1, col=1)
    fig.update_yaxes(_axis(B_LABEL, range=list(b_range)), row=1, col=1)
    if minimum is None:
        fig.update_xaxes(_axis("Epochs run", type="log"), row=1, col=2)
        fig.update_yaxes(_axis("Mean squared error", type="log"), row=1, col=2)
    else:
        fig.update_xaxes(_axis("Epochs run"), row=1, col=2)
        fig.update_yaxes(_axis("MSE minus its minimum", type="log", exponentformat="power"),
                         row=1, col=2)
    return fig


def momentum_explorer(X, y, runs, *, details=None, m_range=(-2, 14), b_range=(-10, 80),
                      max_points=100, prefix="momentum: ",
                      title="Path on the MSE, momentum"):
    """Interactive: choose one of several runs with a slider and see its path on the MSE.

    ``runs`` is {label: FitResult or (K, 2) array of (m, b) rows}; the slider's marks are
    the labels, and the title is ``title`` followed by the chosen label. ``details``
    {label: text} adds a note on the chosen run to the title (e.g. how long it took).
    Each path is drawn at ``max_points`` of its steps at most (all early ones, then fewer).

    >>> r = {"0": linreg.fit([2, 3, 5], [65, 70, 75], epochs=9)}
    >>> fig = momentum_explorer([2, 3, 5], [65, 70, 75], r, details={"0": "nine epochs"})
    >>> [t.type for t in fig.data], fig.layout.title.text
    (['contour', 'scatter', 'scatter'], 'Path on the MSE, momentum 0: nine epochs')
    """
    go = _plotly()[0]
    labels = list(runs)
    details = details or {}

    def heading(label):
        return f"{title} {label}" + (f": {details[label]}" if label in details else "")

    data = [_contour_trace(X, y, m_range, b_range, 30, showscale=False)]
    for i, (color, label) in enumerate(zip(_PATH_COLORS * 3, labels)):
        run = runs[label]
        params = run.trajectory()[0] if hasattr(run, "trajectory") else np.asarray(run, float)
        keep = _path_indices(len(params), max_points)
        m_path, b_path = np.clip(params[keep, 0], *m_range), np.clip(params[keep, 1], *b_range)
        data.append(go.Scatter(x=_rounded(m_path, 3), y=_rounded(b_path, 3),
                               mode="lines+markers", name=f"{prefix}{label}", visible=i == 0,
                               line={"color": color, "width": 2}, marker={"size": 4}))
    best = linreg.least_squares(X, y)
    data.append(go.Scatter(x=_rounded([best[0]]), y=_rounded([best[1]]), mode="markers",
                           name="least squares", marker={"symbol": "star", "size": 16,
                                                         "color": COLORS["exact"]}))
    steps = []
    for i, label in enumerate(labels):
        visible = [True] + [j == i for j in range(len(labels))] + [True]
        steps.append({"method": "update", "label": label,
                      "args": [{"visible": visible}, {"title.text": heading(label)}]})
    slider = {"active": 0, "currentvalue": {"prefix": prefix}, "pad": {"t": 20},
              "x": 0.02, "len": 0.9, "y": -0.16, "yanchor": "top", "steps": steps}
    layout = _plotly_layout(heading(labels[0]), PLOTLY_SIZE, sliders=[slider],
                            margin={"l": 70, "r": 30, "t": 100, "b": 160},
                            xaxis=_axis(M_LABEL, range=list(m_range)),
                            yaxis=_axis(B_LABEL, range=list(b_range)))
    return go.Figure(data=data, layout=layout)


# ---------------------------------------------------------------- notebook output
@functools.cache
def plotly_js_url() -> str:
    """Where a page gets plotly.js: the cartesian partial bundle (scatter, contour, heatmap
    and a few more; 1.5 MB against 4.8 MB for the full build), pinned to the plotly.js
    version this plotly package writes figures for.

    >>> plotly_js_url().startswith("https://cdn.plot.ly/plotly-cartesian-")
    True
    """
    from plotly.offline import get_plotlyjs_version

    return f"https://cdn.plot.ly/plotly-cartesian-{get_plotlyjs_version()}.min.js"


_LOADER = """<div id="{div_id}" class="plotly-graph-div"
     style="height:{height}px; width:100%; max-width:{width}px;"></div>
<script type="text/javascript">
(function () {{
  var figure = {figure};
  function draw(Plotly) {{
    var div = document.getElementById("{div_id}");
    if (!div) {{ return; }}
    Plotly.newPlot(div, figure.data, figure.layout, figure.config).then(function () {{
      if (figure.frames) {{ return Plotly.addFrames(div, figure.frames); }}
    }});
  }}
  if (window.Plotly) {{ draw(window.Plotly); return; }}
  if (typeof window.requirejs === "function") {{
    window.requirejs.config({{paths: {{plotly: "{src_no_ext}"}}}});
    window.requirejs(["plotly"], function (Plotly) {{ window.Plotly = Plotly; draw(Plotly); }});
    return;
  }}
  if (!window.__plotlyLoading) {{
    window.__plotlyLoading = new Promise(function (resolve, reject) {{
      var script = document.createElement("script");
      script.src = "{src}";
      script.onload = function () {{ resolve(window.Plotly); }};
      script.onerror = reject;
      document.head.appendChild(script);
    }});
  }}
  window.__plotlyLoading.then(draw);
}})();
</script>"""
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


class InteractiveFigure:
    """A plotly figure as a notebook output: plotly's JSON for JupyterLab, HTML for the web.

    The HTML uses a fixed div id and loads plotly.js from its CDN on demand, so the stored
    output is small and the same on every run.
    """

    def __init__(self, fig: go.Figure, div_id: str):
        self.fig, self.div_id = fig, div_id

    def to_dict(self):
        spec = json.loads(self.fig.to_json(validate=False, engine="json"))
        spec["config"] = PLOTLY_CONFIG
        return spec

    def to_html(self):
        """The web page's version: as wide as the text column allows, up to the set width."""
        spec = self.to_dict()
        width = spec["layout"].pop("width", 720)
        spec["layout"]["autosize"] = True
        figure = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
        src = plotly_js_url()
        return _LOADER.format(div_id=self.div_id, figure=figure, src=src,
                              src_no_ext=src[: -len(".js")], width=width,
                              height=self.fig.layout.height or 480)

    def _repr_mimebundle_(self, include=None, exclude=None):
        layout = self.fig.layout
        title = layout.meta["figure"] if layout.meta else layout.title.text
        return {
            "application/vnd.plotly.v1+json": self.to_dict(),
            "text/html": self.to_html(),
            "text/plain": f"Interactive figure: {title}",
        }


def interactive(fig: go.Figure, div_id: str) -> InteractiveFigure:
    """Show a plotly figure in a notebook; ``div_id`` must be unique on its page.

    >>> import plotly.graph_objects as go
    >>> interactive(go.Figure(), "demo").div_id
    'demo'
    """
    if not div_id.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"div_id must be letters, digits, '-' or '_'; got {div_id!r}.")
    return InteractiveFigure(fig, div_id)


# ------------------------------------------------------------------ the live playground
PLAYGROUND_DIR = Path(__file__).resolve().parent / "playground"
# The playground's scripts, in the order they are joined: each file declares functions and
# constants in one shared scope (plain JavaScript, no modules), and later files use earlier
# ones. tests/playground_descent.js loads them in the same order under node.
PLAYGROUND_SCRIPTS = (
    "format.js",      # numbers as text, and exact decimal arithmetic on printed numbers
    "descent.js",     # linreg.fit's epochs, divergence and settling; no DOM
    "svg.js",         # DOM and SVG helpers, plot frames with axes
    "view_data.js",   # the data, the line, its handles, residuals and their squares
    "view_map.js",    # the MSE contours, the path, a click that chooses the start
    "view_loss.js",   # the loss curve
    "view_table.js",  # the epoch by hand: the table and its worked arithmetic
    "controls.js",    # learning rate, buttons, speed, the part-two disclosure, readouts
    "challenges.js",  # tasks the page checks
    "playground.js",  # the state, what each action does, mounting
)
_PLAYGROUND_FALLBACK = (
    "The playground runs in your browser. On the book's website it starts with the page; in "
    "JupyterLab it starts once the notebook is trusted: run this cell, or run the command "
    "\u201cTrust Notebook\u201d from the command palette."
)
_PLAYGROUND_SCRIPT = """(function () {{
"use strict";
if (window.GDPlayground) {{ return; }}
{scripts}
window.GDPlayground = {{mount: mount}};
}})();
(function () {{
  var script = document.currentScript, holder = script && script.parentNode;
  var root = holder && holder.querySelector ? holder.querySelector("#{div_id}") : null;
  window.GDPlayground.mount(root || document.getElementById("{div_id}"));
}})();"""


def _playground_scripts() -> str:
    """The playground's script files joined in order, without their comments and indents.

    Only whole-line comments and leading spaces go (the files hold no multi-line strings),
    which keeps the stored output small.
    """
    lines = []
    for name in PLAYGROUND_SCRIPTS:
        for line in (PLAYGROUND_DIR / name).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("//"):
                lines.append(line)
    return "\n".join(lines)


class Playground:
    """The live playground as a notebook output: one piece of HTML with its script and style.

    The scripts and style are read from ``playground/`` (``PLAYGROUND_SCRIPTS`` and
    ``playground.css``), shipped with the package; the output has a fixed id and no random
    parts, so it is the same on every run.
    """

    def __init__(self, config: dict, div_id: str):
        self.config, self.div_id = config, div_id

    def to_html(self) -> str:
        """The root element with its settings, the playground's style and its script.

        >>> playground([1, 2], [3, 4], div_id="demo").to_html()[:36]
        '<div id="demo" class="gdp" data-conf'
        """
        script = _PLAYGROUND_SCRIPT.format(scripts=_playground_scripts(), div_id=self.div_id)
        style = (PLAYGROUND_DIR / "playground.css").read_text(encoding="utf-8")
        if "</script" in script.lower() or "</style" in style.lower():
            raise ValueError("The playground's scripts and style must not close their own tags.")
        config = html.escape(json.dumps(self.config, separators=(",", ":")), quote=True)
        return (f'<div id="{self.div_id}" class="gdp" data-config="{config}">\n'
                f"<p>{_PLAYGROUND_FALLBACK}</p>\n</div>\n<style>\n{style}</style>\n"
                f"<script>\n{script}\n</script>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        points = len(self.config["x"])
        return {"text/html": self.to_html(),
                "text/plain": f"Interactive playground: gradient descent on {points} points "
                              "(it runs in a browser)"}


def playground(X, y, *, m=0.0, b=0.0, learning_rate=0.01, momentum=0.0, centred=False,
               div_id="playground") -> Playground:
    """The live playground: gradient descent on (X, y) that the reader steers in the page.

    It starts from the line y = m x + b with the given learning rate (1e-4 to 0.1), momentum
    (0 to 0.99) and centring; "Reset" returns to these data and this line. ``div_id`` must
    be unique on its page.

    >>> X, y = linreg.article_data()
    >>> playground(X, y).config["learning_rate"]
    0.01
    """
    X, y = linreg.as_pair(X, y, "X", "y")
    if not 2 <= X.size <= 26:
        raise ValueError(f"the playground takes 2 to 26 points (named a to z); got {X.size}.")
    m, b = linreg._as_real(m, "m"), linreg._as_real(b, "b")
    rate = linreg._as_learning_rate(learning_rate)
    if not 1e-4 <= rate <= 0.1:
        raise ValueError(f"learning_rate must lie between 0.0001 and 0.1 (the slider's range); "
                         f"got {rate!r}.")
    beta = linreg._as_real(momentum, "momentum")
    if not 0.0 <= beta <= 0.99:
        raise ValueError(f"momentum must lie between 0 and 0.99; got {beta!r}.")
    if not div_id.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"div_id must be letters, digits, '-' or '_'; got {div_id!r}.")
    config = {"x": X.tolist(), "y": y.tolist(), "m": m, "b": b, "learning_rate": rate,
              "momentum": beta, "centred": bool(centred), "x_label": X_LABEL,
              "y_label": Y_LABEL}
    return Playground(config, div_id)

