// The loss curve on a log scale: the loss of the line after k epochs (k updates), at k = 0,
// 1, 2, ... epochs run, as the book's loss curves. The previous run stays as a faint trace.
// The epoch axis grows in round steps (10, 20, 50, 100, ...); each pixel column keeps the first,
// lowest, highest and last loss that falls in it, so a long run costs a column, not a point.
var LOSS_DECADES = 16;  // the log axis spans at most this many powers of ten

function LossView(parent, pg) {
  var parts = viewFigure(parent, "The loss curve (log scale)", true);
  lineKey(parts.key, COLORS.line, 2, "", "MSE after each epoch");
  lineKey(parts.key, COLORS.exact, 2, "6 3", "lowest possible MSE");
  this.traceKey = lineKey(parts.key, COLORS.trace, 2, "4 3", "previous run");
  var fr = this.frame = new Frame(parts.figure, pg.id + "-clip-loss", "Epochs run", "MSE", true);
  fr.margin.left = 62;
  fr.svg.setAttribute("role", "img");
  this.minLine = s("line", {stroke: COLORS.exact, "stroke-width": 2, "stroke-dasharray": "6 3"},
                   fr.plot);
  this.traceLine = s("polyline", {fill: "none", stroke: COLORS.trace, "stroke-width": 2,
                                  "stroke-dasharray": "4 3"}, fr.plot);
  this.lossLine = s("polyline", {fill: "none", stroke: COLORS.line, "stroke-width": 2,
                                 "stroke-linejoin": "round"}, fr.plot);
  this.here = s("circle", {r: 4, fill: COLORS.line}, fr.plot);
  this.size = null;
  this.scale = null;
}

// Column summaries of losses[0..k] on the current axes, extended from `upTo` + 1 on.
function LossColumns(columns, xMax) {
  this.columns = columns; this.xMax = xMax; this.upTo = -1;
  this.first = new Int32Array(columns).fill(-1);
  this.last = new Int32Array(columns);
  this.min = new Float64Array(columns);
  this.max = new Float64Array(columns);
}
LossColumns.prototype.add = function (losses, k, shown) {
  for (var i = this.upTo + 1; i <= k; i++) {
    var v = shown(losses[i]);
    var c = Math.min(this.columns - 1, Math.floor(i / this.xMax * this.columns));
    if (this.first[c] < 0) { this.first[c] = i; this.min[c] = v; this.max[c] = v; }
    this.min[c] = Math.min(this.min[c], v); this.max[c] = Math.max(this.max[c], v);
    this.last[c] = i;
  }
  this.upTo = k;
};
LossColumns.prototype.points = function (fr, losses, shown) {
  var out = [];
  function add(epoch, value) { out.push([fr.X(epoch), fr.Y(value)]); }
  for (var c = 0; c < this.columns; c++) {
    if (this.first[c] < 0) { continue; }
    var first = shown(losses[this.first[c]]), end = shown(losses[this.last[c]]);
    add(this.first[c], first);
    if (this.max[c] > Math.max(first, end)) { add(this.first[c], this.max[c]); }
    if (this.min[c] < Math.min(first, end)) { add(this.first[c], this.min[c]); }
    if (this.last[c] !== this.first[c]) { add(this.last[c], end); }
  }
  return pointsText(out);
};

// The lowest and highest positive finite losses of rows from..k.
function lossRange(losses, from, k, range) {
  for (var i = from; i <= k; i++) {
    var v = losses[i];
    if (v > 0 && v < Infinity) {
      range[0] = Math.min(range[0], v);
      range[1] = Math.max(range[1], v);
    }
  }
  return range;
}

LossView.prototype.draw = function (st) {
  var fr = this.frame, run = st.run, a = st.analysis, trace = st.trace, sc = this.scale;
  if (!this.size) { return; }
  var last = run.k, range = sc ? sc.range : [Infinity, 0];
  lossRange(run.losses, sc ? sc.current.upTo + 1 : 0, run.k, range);
  if (!sc && trace) { lossRange(trace.losses, 0, trace.k, range); }
  var low = range[0], high = range[1] > 0 ? range[1] : 1;
  if (a.minLoss > 0) { low = Math.min(low, a.minLoss); }
  if (!(low < Infinity)) { low = high / 10; }
  var yHi = Math.max(1, Math.ceil(Math.log10(high) - 1e-9));
  var yLo = Math.min(yHi - 1, Math.max(yHi - LOSS_DECADES, Math.floor(Math.log10(low) + 1e-9)));
  var longest = Math.max(last, trace ? trace.k : 1, 1);
  if (!sc || longest > sc.xMax || yLo !== sc.yLo || yHi !== sc.yHi || st.forceLoss) {
    var xMax = sc && !st.forceLoss ? sc.xMax : 10;
    while (xMax < longest) {
      xMax *= xMax / Math.pow(10, Math.floor(Math.log10(xMax) + 1e-9)) === 2 ? 2.5 : 2;
    }
    fr.layout(this.size[0], this.size[1], [0, xMax], [yLo, yHi]);
    var columns = Math.max(1, Math.floor(fr.pw));
    sc = this.scale = {xMax: xMax, yLo: yLo, yHi: yHi, range: range,
                       current: new LossColumns(columns, xMax)};
    if (trace) {
      var traced = new LossColumns(columns, xMax), shownAt = this.shown(yLo, yHi);
      traced.add(trace.losses, trace.k, shownAt);
      this.traceLine.setAttribute("points", traced.points(fr, trace.losses, shownAt));
    }
  }
  if (!trace) { this.traceLine.setAttribute("points", ""); }
  this.traceKey.style.display = trace ? "" : "none";
  var shown = this.shown(sc.yLo, sc.yHi);
  sc.current.add(run.losses, run.k, shown);
  this.lossLine.setAttribute("points", sc.current.points(fr, run.losses, shown));
  setAttrs(this.here, {cx: fr.X(last), cy: fr.Y(shown(run.loss))});
  if (a.minLoss > 0 && Math.log10(a.minLoss) >= sc.yLo) {
    var y = fr.Y(a.minLoss);
    setAttrs(this.minLine, {x1: fr.left, x2: fr.left + fr.pw, y1: y, y2: y});
    this.minLine.style.display = "";
  } else {
    this.minLine.style.display = "none";
  }
  fr.svg.setAttribute("aria-label", "Loss curve on a log scale: MSE " + sig(run.losses[0], 6) +
    " at the start, " + sig(run.loss, 6) + " after " + grouped(last) +
    (last === 1 ? " epoch." : " epochs."));
};
// A loss as drawn: within the axis (a loss below its bottom, or zero, sits on the bottom).
LossView.prototype.shown = function (yLo, yHi) {
  var bottom = Math.pow(10, yLo), ceiling = Math.pow(10, yHi);
  return function (value) { return value > bottom ? Math.min(value, ceiling) : bottom; };
};
