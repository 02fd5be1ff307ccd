"""Every picture of the book: matplotlib figures for the page, plotly figures to explore.

Each function returns its figure and leaves global state alone: matplotlib styling is
applied inside ``plt.rc_context`` and plotly figures are shown through ``interactive``,
which stores them in a notebook in a form that nbval, Quarto and JupyterLab all accept.

>>> import linreg
>>> fig = plot_slope(3, 60, [2, 3, 5, 6, 8], [65, 70, 75, 85, 90])
>>> fig.axes[0].get_xlabel()
'Hours worked (x)'
"""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs_version
from plotly.subplots import make_subplots

import linreg

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
PLOTLY_SIZE = {"width": 720, "height": 560}
PLOTLY_WIDE = {"width": 900, "height": 540}


# ------------------------------------------------------------------- matplotlib
def _axes(ax, figsize):
    """Use the given axes, or a new figure of a fixed size."""
    if ax is not None:
        return ax.figure, ax
    return plt.subplots(figsize=figsize, layout="constrained")


def _line_span(X, pad=1.0):
    X = np.asarray(X, dtype=float)
    return np.array([min(0.0, X.min() - pad), X.max() + pad])


def plot_slope(m, b, X, y_true, *, labels=None, title=None, ax=None):
    """Data points and the line y = m x + b, drawn from x = 0 so the intercept shows.

    >>> plot_slope(3, 60, [2, 3], [65, 70]).axes[0].get_ylabel()
    'Money earned (y)'
    """
    X, y_true = linreg.as_pair(X, y_true, "X", "y_true")
    with plt.rc_context(STYLE):
        fig, ax = _axes(ax, (6, 4))
        span = _line_span(X)
        ax.plot(span, linreg.predict(span, m, b), color=COLORS["line"], lw=2,
                label=f"y = {m:.4g} x + {b:.4g}")
        ax.scatter(X, y_true, color=COLORS["data"], zorder=3, label="data")
        for name, x_i, y_i in zip(labels or [], X, y_true):
            ax.annotate(name, (x_i, y_i), textcoords="offset points", xytext=(-10, 6))
        ax.set(xlabel=X_LABEL, ylabel=Y_LABEL, title=title or "The data and a line")
        ax.legend(loc="lower right")
    return fig


def plot_fit(X, y_true, y_pred, title="Predictions and their errors", show_error=True, ax=None):
    """Data, the predicted line, and each residual y - y_hat drawn as a vertical segment.

    >>> len(plot_fit([2, 3], [65, 70], [66, 69]).axes[0].lines)  # line, 2 errors, legend key
    4
    """
    X, y_true = linreg.as_pair(X, y_true, "X", "y_true")
    X, y_pred = linreg.as_pair(X, y_pred, "X", "y_pred")
    order = np.argsort(X)
    with plt.rc_context(STYLE):
        fig, ax = _axes(ax, (6, 4))
        ax.plot(X[order], y_pred[order], color=COLORS["line"], lw=2, marker="o",
                markerfacecolor="white", label="prediction y_hat")
        if show_error:
            for x_i, y_i, p_i in zip(X, y_true, y_pred):
                ax.plot([x_i, x_i], [p_i, y_i], color=COLORS["error"], ls="--", lw=1.5)
            ax.plot([], [], color=COLORS["error"], ls="--", label="error y - y_hat")
        ax.scatter(X, y_true, color=COLORS["data"], zorder=3, label="data y")
        ax.set(xlabel=X_LABEL, ylabel=Y_LABEL, title=title)
        ax.legend(loc="best")
    return fig


def plot_loss_curve(histories, *, title="Loss during training", scales=("linear", "log")):
    """Loss against epoch, one panel per y scale; ``histories`` is an array or {label: array}.

    >>> [ax.get_yscale() for ax in plot_loss_curve([3.0, 2.0, 1.5]).axes]
    ['linear', 'log']
    """
    if not isinstance(histories, dict):
        histories = {"MSE": histories}
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(scales), figsize=(4.5 * len(scales), 3.6),
                                 layout="constrained", squeeze=False)
        for ax, scale in zip(axes[0], scales):
            for color, (label, losses) in zip(SERIES, histories.items()):
                losses = np.asarray(losses, dtype=float)
                ax.plot(np.arange(1, losses.size + 1), losses, color=color, lw=1.8, label=label)
            ax.set(xlabel="Epoch", ylabel="Mean squared error", yscale=scale,
                   title=f"{scale.capitalize()} scale")
            if len(histories) > 1:
                ax.legend(loc="upper right")
        fig.suptitle(title)
    return fig


def _grid(m_range, b_range, size):
    return np.linspace(*m_range, size), np.linspace(*b_range, size)


def plot_loss_surface(X, y, *, path=None, m_range=(-2, 14), b_range=(-10, 80), size=80):
    """The MSE over (m, b): a 3-D surface beside log-spaced contours, with an optional path.

    >>> len(plot_loss_surface([2, 3, 5], [65, 70, 75]).axes) >= 2
    True
    """
    m_values, b_values = _grid(m_range, b_range, size)
    loss = linreg.loss_grid(X, y, m_values, b_values)
    m_grid, b_grid = np.meshgrid(m_values, b_values)
    best = linreg.least_squares(X, y)
    with plt.rc_context(STYLE):
        fig = plt.figure(figsize=(10, 4.2), layout="constrained")
        ax3d = fig.add_subplot(1, 2, 1, projection="3d")
        ax3d.plot_surface(m_grid, b_grid, loss, cmap="viridis", linewidth=0, alpha=0.9)
        ax3d.set(xlabel=M_LABEL, ylabel=B_LABEL, zlabel="MSE", title="The loss surface")
        ax3d.view_init(elev=28, azim=-130)
        ax = fig.add_subplot(1, 2, 2)
        levels = np.geomspace(max(loss.min(), 1e-3), loss.max(), 14)
        contours = ax.contour(m_grid, b_grid, loss, levels=levels, cmap="viridis")
        ax.clabel(contours, fmt="%.0f", fontsize=7)
        ax.plot(*best, marker="*", ms=14, color=COLORS["exact"], ls="none",
                label="lowest point (least squares)")
        if path is not None:
            path = np.asarray(path, dtype=float)
            ax.plot(path[:, 0], path[:, 1], color=COLORS["path"], lw=1.5, marker=".",
                    ms=3, label="descent path")
            ax.plot(*path[0], marker="o", color=COLORS["start"], ls="none", label="start")
        ax.set(xlabel=M_LABEL, ylabel=B_LABEL, title="Contours of the MSE (log-spaced)")
        ax.legend(loc="lower left", fontsize=8)
    return fig


def plot_epoch_grid(X, y, result, epochs, *, ncols=3):
    """Small multiples: the line after each listed number of updates, with its loss.

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
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 2.8 * nrows),
                                 layout="constrained", sharex=True, sharey=True, squeeze=False)
        span = _line_span(X)
        for ax, k in zip(axes.flat, epochs):
            m, b = params[k]
            ax.scatter(X, y, color=COLORS["data"], s=18, zorder=3)
            ax.plot(span, linreg.predict(span, m, b), color=COLORS["line"], lw=1.8)
            ax.set_title(f"after {k} updates: MSE {losses[k]:.2f}", fontsize=9)
        for ax in axes.flat[len(epochs):]:
            ax.remove()
        fig.supxlabel(X_LABEL)
        fig.supylabel(Y_LABEL)
        ax.set_ylim(min(0.0, y.min()) - 5, max(y.max(), 100) + 10)
    return fig


# ----------------------------------------------------------------------- plotly
def _rounded(values, digits=6):
    """Plain, rounded floats: small, readable JSON and the same bytes on every run."""
    return [float(v) for v in np.round(np.asarray(values, dtype=float), digits)]


def _plotly_layout(title, size, **extra):
    layout = {
        "template": "none",
        "title": {"text": title, "x": 0.02, "xanchor": "left"},
        "font": {"family": "sans-serif", "size": 13},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 70, "r": 30, "t": 100, "b": 170},
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.1, "yanchor": "bottom"},
        **size,
    }
    layout.update(extra)
    return layout


def _axis(title, **extra):
    return {"title": {"text": title}, "gridcolor": "#e5e5e5", "zeroline": False,
            "showline": True, "linecolor": "#444", **extra}


def epoch_frames(n_points, max_frames=30):
    """Trajectory rows to animate: round numbers of updates, dense early, first and last kept.

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
    return {"active": 0, "currentvalue": {"prefix": prefix}, "pad": {"t": 20}, "len": 0.84,
            "x": 0.16, "y": -0.16, "yanchor": "top", "steps": steps}


def _play_buttons():
    play = {"label": "Play", "method": "animate",
            "args": [None, {"frame": {"duration": 250, "redraw": True}, "fromcurrent": True,
                            "transition": {"duration": 0}}]}
    pause = {"label": "Pause", "method": "animate",
             "args": [[None], {"mode": "immediate", "frame": {"duration": 0, "redraw": False}}]}
    return [{"type": "buttons", "direction": "left", "showactive": False, "x": 0.0, "y": -0.16,
             "xanchor": "left", "yanchor": "top", "pad": {"t": 40, "r": 10},
             "buttons": [play, pause]}]


def _frame_text(k, loss, m, b):
    return f"after {k} updates: MSE {loss:.4f}, m = {m:.4f}, b = {b:.4f}"


def line_across_epochs(X, y, result, *, max_frames=30, title="The fitted line across epochs"):
    """Interactive: the line after each chosen epoch, with a slider and a Play button.

    >>> r = linreg.fit([2, 3, 5], [65, 70, 75], epochs=50)
    >>> len(line_across_epochs([2, 3, 5], [65, 70, 75], r, max_frames=10).frames)
    10
    """
    X, y = linreg.as_pair(X, y, "X", "y")
    params, losses = result.trajectory()
    picks = epoch_frames(len(params), max_frames)
    span = _line_span(X)

    def line(k):
        m, b = params[k]
        return {"x": _rounded(span), "y": _rounded(linreg.predict(span, m, b))}

    def caption(k):
        return {"text": _frame_text(k, losses[k], *params[k]), "x": 0.02, "xanchor": "left"}

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
        sliders=[_slider(names, names, "updates: ")],
        updatemenus=_play_buttons(),
        meta={"figure": title},
    )
    return go.Figure(data=data, layout=layout, frames=frames)


def _contour_trace(X, y, m_range, b_range, size, **extra):
    """Contours of log10(MSE), with the colour bar labelled in MSE."""
    m_values, b_values = _grid(m_range, b_range, size)
    log_loss = np.log10(linreg.loss_grid(X, y, m_values, b_values))
    ticks = np.arange(np.floor(log_loss.min()), np.ceil(log_loss.max()) + 1)
    return go.Contour(
        x=_rounded(m_values, 4), y=_rounded(b_values, 4), z=np.round(log_loss, 3).tolist(),
        colorscale="Viridis", ncontours=24, name="MSE",
        contours={"coloring": "heatmap", "showlines": True},
        colorbar={"title": {"text": "MSE"}, "tickvals": ticks.tolist(),
                  "ticktext": [f"{10 ** t:g}" for t in ticks]},
        hovertemplate="m %{x:.2f}, b %{y:.2f}<br>log10 MSE %{z:.2f}<extra></extra>",
        **extra,
    )


def _path_points(params):
    keep = _path_indices(len(params))
    return _rounded(params[keep, 0]), _rounded(params[keep, 1])


def loss_contour(X, y, runs, *, m_range=(-2, 14), b_range=(-10, 80), size=60,
                 title="The loss surface seen from above"):
    """Interactive contour map of the MSE over (m, b) with each run's descent path.

    ``runs`` is a FitResult or {label: FitResult}.

    >>> r = linreg.fit([2, 3, 5], [65, 70, 75], epochs=20)
    >>> [t.type for t in loss_contour([2, 3, 5], [65, 70, 75], r).data]
    ['contour', 'scatter', 'scatter']
    """
    if not isinstance(runs, dict):
        runs = {"descent path": runs}
    data = [_contour_trace(X, y, m_range, b_range, size, showscale=True)]
    for color, (label, run) in zip(SERIES[1:], runs.items()):
        m_path, b_path = _path_points(run.trajectory()[0])
        data.append(go.Scatter(x=m_path, y=b_path, mode="lines+markers", name=label,
                               line={"color": color, "width": 2}, marker={"size": 4}))
    best = linreg.least_squares(X, y)
    data.append(go.Scatter(x=_rounded([best[0]]), y=_rounded([best[1]]), mode="markers",
                           name="least squares", marker={"symbol": "star", "size": 16,
                                                         "color": COLORS["exact"]}))
    layout = _plotly_layout(title, PLOTLY_SIZE, xaxis=_axis(M_LABEL, range=list(m_range)),
                            yaxis=_axis(B_LABEL, range=list(b_range)))
    return go.Figure(data=data, layout=layout)


def linked_epoch_views(X, y, result, *, max_frames=30, m_range=(-2, 14), b_range=(-10, 80),
                       title="One slider, two views: the line and its point on the loss map"):
    """Interactive: data view and parameter view side by side, moved by one epoch slider.

    >>> r = linreg.fit([2, 3, 5], [65, 70, 75], epochs=50)
    >>> len(linked_epoch_views([2, 3, 5], [65, 70, 75], r, max_frames=8).frames)
    7
    """
    X, y = linreg.as_pair(X, y, "X", "y")
    params, losses = result.trajectory()
    picks = epoch_frames(len(params), max_frames)
    span = _line_span(X)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=["Data view: the line", "Parameter view: (m, b) on the MSE"])
    m_path, b_path = _path_points(params)

    def moving(k):
        m, b = params[k]
        return [go.Scatter(x=_rounded(span), y=_rounded(linreg.predict(span, m, b))),
                go.Scatter(x=_rounded([m]), y=_rounded([b]))]

    line, point = moving(picks[0])
    fig.add_trace(go.Scatter(x=_rounded(X), y=_rounded(y), mode="markers", name="data",
                             marker={"color": COLORS["data"], "size": 9}), 1, 1)
    fig.add_trace(line.update(mode="lines", name="line at this epoch",
                              line={"color": COLORS["line"], "width": 3}), 1, 1)
    fig.add_trace(_contour_trace(X, y, m_range, b_range, 50, showscale=False), 1, 2)
    fig.add_trace(go.Scatter(x=m_path, y=b_path, mode="lines", name="descent path",
                             line={"color": COLORS["path"], "width": 2}), 1, 2)
    fig.add_trace(point.update(mode="markers", name="(m, b) at this epoch",
                               marker={"color": COLORS["start"], "size": 13,
                                       "line": {"color": "black", "width": 1}}), 1, 2)
    names = [str(k) for k in picks]
    fig.frames = [go.Frame(name=name, data=moving(k), traces=[1, 4],
                           layout={"title": {"text": _frame_text(k, losses[k], *params[k])}})
                  for name, k in zip(names, picks)]
    fig.update_layout(**_plotly_layout(_frame_text(picks[0], losses[0], *params[0]), PLOTLY_WIDE,
                                       sliders=[_slider(names, names, "updates: ")],
                                       updatemenus=_play_buttons(), meta={"figure": title}))
    y_low, y_high = min(0.0, y.min()) - 5, max(y.max(), 100) + 10
    fig.update_xaxes(_axis(X_LABEL, range=_rounded(span)), row=1, col=1)
    fig.update_yaxes(_axis(Y_LABEL, range=[y_low, y_high]), row=1, col=1)
    fig.update_xaxes(_axis(M_LABEL, range=list(m_range)), row=1, col=2)
    fig.update_yaxes(_axis(B_LABEL, range=list(b_range)), row=1, col=2)
    return fig


def learning_rate_explorer(X, y, runs, *, m_range=(-2, 14), b_range=(-10, 80),
                           title="Pick a learning rate: its path and its loss curve"):
    """Interactive: choose one of several precomputed runs; see its path and loss curve.

    ``runs`` is {label: FitResult}; a diverged run's partial result may be included.

    >>> r = {"a": linreg.fit([2, 3, 5], [65, 70, 75], epochs=9)}
    >>> len(learning_rate_explorer([2, 3, 5], [65, 70, 75], r).layout.sliders[0].steps)
    1
    """
    labels = list(runs)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=["Path on the MSE contours", "Loss curve (log scale)"])
    fig.add_trace(_contour_trace(X, y, m_range, b_range, 50, showscale=False), 1, 1)
    for i, (color, label) in enumerate(zip(SERIES[1:] * 3, labels)):
        params, losses = runs[label].trajectory()
        keep = _path_indices(len(params))
        visible = i == 0
        m_path, b_path = np.clip(params[keep, 0], *m_range), np.clip(params[keep, 1], *b_range)
        fig.add_trace(go.Scatter(x=_rounded(m_path), y=_rounded(b_path), mode="lines+markers",
                                 name=label, visible=visible, line={"color": color, "width": 2},
                                 marker={"size": 4}), 1, 1)
        fig.add_trace(go.Scatter(x=[k + 1 for k in keep], y=[float(f"{v:.5g}") for v in losses[keep]],
                                 mode="lines", name=f"{label}: loss", visible=visible,
                                 showlegend=False, line={"color": color, "width": 2}), 1, 2)
    steps = []
    for i, label in enumerate(labels):
        visible = [True] + [j // 2 == i for j in range(2 * len(labels))]
        steps.append({"method": "update", "label": label,
                      "args": [{"visible": visible}, {"title.text": f"{title}: {label}"}]})
    slider = {"active": 0, "currentvalue": {"prefix": "learning rate: "}, "pad": {"t": 20},
              "x": 0, "len": 1, "y": -0.16, "yanchor": "top", "steps": steps}
    fig.update_layout(**_plotly_layout(f"{title}: {labels[0]}", PLOTLY_WIDE, sliders=[slider]))
    fig.update_xaxes(_axis(M_LABEL, range=list(m_range)), row=1, col=1)
    fig.update_yaxes(_axis(B_LABEL, range=list(b_range)), row=1, col=1)
    fig.update_xaxes(_axis("Epoch", type="log"), row=1, col=2)
    fig.update_yaxes(_axis("Mean squared error", type="log"), row=1, col=2)
    return fig


# ---------------------------------------------------------------- notebook output
_PLOTLY_JS = f"https://cdn.plot.ly/plotly-{get_plotlyjs_version()}.min.js"
_LOADER = """<div id="{div_id}" class="plotly-graph-div" style="height:{height}px; width:{width}px; max-width:100%;"></div>
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
        figure = json.dumps(self.to_dict(), separators=(",", ":")).replace("</", "<\\/")
        return _LOADER.format(div_id=self.div_id, figure=figure, src=_PLOTLY_JS,
                              src_no_ext=_PLOTLY_JS[: -len(".js")],
                              width=self.fig.layout.width or 720,
                              height=self.fig.layout.height or 480)

    def _repr_mimebundle_(self, include=None, exclude=None):
        title = self.fig.layout.meta["figure"] if self.fig.layout.meta else self.fig.layout.title.text
        return {
            "application/vnd.plotly.v1+json": self.to_dict(),
            "text/html": self.to_html(),
            "text/plain": f"Interactive figure: {title}",
        }


def interactive(fig: go.Figure, div_id: str) -> InteractiveFigure:
    """Show a plotly figure in a notebook; ``div_id`` must be unique on its page.

    >>> interactive(go.Figure(), "demo").div_id
    'demo'
    """
    if not div_id.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"div_id must be letters, digits, '-' or '_'; got {div_id!r}.")
    return InteractiveFigure(fig, div_id)
