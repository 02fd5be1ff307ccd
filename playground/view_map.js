// The map: filled contours of the MSE over (m, b), the path of the run and of the previous
// one, the lowest point, and a marker at the edge when the line has gone off the map. A
// click or tap on the map starts descent from there.
var LOOKAHEAD = 300;  // epochs simulated to frame the map for a new run
var MAP_GROWTH = 4.5; // the map grows, on each side, by at most this many times its first span

function MapView(parent, pg) {
  var self = this, id = pg.id, parts = viewFigure(parent, "The path on the MSE contours");
  this.pg = pg;
  keyItem(parts.key, function (g) {
    s("line", {x1: 1, x2: 21, y1: 6, y2: 6, stroke: "#000", "stroke-width": 4}, g);
    s("line", {x1: 1, x2: 21, y1: 6, y2: 6, stroke: COLORS.path, "stroke-width": 2}, g);
  }, "descent path");
  this.traceKey = keyItem(parts.key, function (g) {
    s("line", {x1: 1, x2: 21, y1: 6, y2: 6, stroke: "rgba(0,0,0,0.45)", "stroke-width": 4}, g);
    s("line", {x1: 1, x2: 21, y1: 6, y2: 6, stroke: "#fff", "stroke-width": 2,
               "stroke-dasharray": "4 3"}, g);
  }, "previous run");
  keyItem(parts.key, function (g) {
    s("circle", {cx: 11, cy: 6, r: 5, fill: COLORS.start, stroke: "#000"}, g);
  }, "current (m, b)");
  keyItem(parts.key, function (g) {
    s("path", {d: starPath(11, 6, 6), fill: COLORS.exact, stroke: "#000"}, g);
  }, "lowest point");
  var fr = this.frame = new Frame(parts.figure, id + "-clip-map", "Slope m", "Intercept b", false);
  fr.svg.setAttribute("role", "img");
  this.bands = s("g", {"aria-hidden": "true", "class": "gdp-bands"}, fr.plot);
  this.bandBack = s("rect", {fill: viridis(1)}, this.bands);
  this.bandPaths = [];
  for (var j = 0; j < 15; j++) {
    this.bandPaths.push(s("path", {fill: viridis(1 - (j + 1) / 15), stroke: "rgba(0,0,0,0.3)",
                                   "stroke-width": 0.8}, this.bands));
  }
  this.traceCasing = s("polyline", {fill: "none", stroke: "rgba(0,0,0,0.45)",
                                    "stroke-width": 4}, fr.plot);
  this.traceLine = s("polyline", {fill: "none", stroke: "#fff", "stroke-width": 2,
                                  "stroke-dasharray": "4 3"}, fr.plot);
  this.pathCasing = s("polyline", {fill: "none", stroke: "#000", "stroke-width": 4,
                                   "stroke-linejoin": "round"}, fr.plot);
  this.pathLine = s("polyline", {fill: "none", stroke: COLORS.path, "stroke-width": 2,
                                 "stroke-linejoin": "round"}, fr.plot);
  this.star = s("path", {fill: COLORS.exact, stroke: "#000"}, fr.plot);
  this.here = s("circle", {r: 6, fill: COLORS.start, stroke: "#000", "stroke-width": 1.5}, fr.plot);
  this.edge = s("g", {"aria-hidden": "true", "class": "gdp-edge"}, fr.over);
  this.edgeMark = s("path", {fill: COLORS.start, stroke: "#000", "stroke-width": 1.5}, this.edge);
  this.edgeText = s("text", {}, this.edge);
  h("p", {"class": "gdp-hint"}, "Click or tap the map to start descent from that slope " +
    "and intercept.", parts.figure);
  this.bands.addEventListener("click", function (event) {
    var at = fr.at(event), step = [niceStep(fr.xr[1] - fr.xr[0], fr.pw / 2),
                                   niceStep(fr.yr[1] - fr.yr[0], fr.ph / 2)];
    pg.startFrom(Math.round(at.x / step[0]) * step[0], Math.round(at.y / step[1]) * step[1]);
  });
  this.size = null;
  this.range = null;
}

// A new run: the map covers its start, the lowest point and where the next LOOKAHEAD epochs
// go; it keeps its frame while that box fills a third of it, so a point dragged a little
// does not make the axes jump.
MapView.prototype.frameRun = function (st) {
  var a = st.analysis, run = st.run, box = {m: [run.m, run.m], b: [run.b, run.b]};
  function include(m, b) {
    box.m[0] = Math.min(box.m[0], m); box.m[1] = Math.max(box.m[1], m);
    box.b[0] = Math.min(box.b[0], b); box.b[1] = Math.max(box.b[1], b);
  }
  include(a.centreM, a.centreB);
  var probe = new Run(a, run.m, run.b);
  for (var i = 0; i < LOOKAHEAD && probe.step(st.rate, st.beta); i++) { include(probe.m, probe.b); }
  if (st.trace) {
    for (i = 0; i <= st.trace.k; i++) { include(st.trace.ms[i], st.trace.bs[i]); }
  }
  this.box = box;
  this.base = {m: box.m.slice(), b: box.b.slice()};
  this.boxUpTo = 0;
  var old = this.range;
  function fills(r, span) { return 3 * (span[1] - span[0]) >= r[1] - r[0]; }
  if (!(old && fills(old[0], box.m) && fills(old[1], box.b))) { this.range = null; }
};
// The box grows with every point the run visits, up to MAP_GROWTH times its first span on
// each side; a point beyond is shown by the edge marker. True if the frame changed.
MapView.prototype.grow = function (run) {
  var box = this.box, base = this.base;
  for (var i = this.boxUpTo + 1; i <= run.k; i++) {
    var m = run.ms[i], b = run.bs[i];
    if (isFinite(m) && isFinite(b)) {
      box.m[0] = Math.min(box.m[0], m); box.m[1] = Math.max(box.m[1], m);
      box.b[0] = Math.min(box.b[0], b); box.b[1] = Math.max(box.b[1], b);
    }
  }
  this.boxUpTo = run.k;
  function pad(r, start) {
    var span = Math.max(r[1] - r[0], 1e-6 + 0.05 * Math.abs(r[0]), 1);
    var limit = MAP_GROWTH * Math.max(start[1] - start[0], 1);
    return [Math.max(r[0] - 0.12 * span, start[0] - limit),
            Math.min(r[1] + 0.12 * span, start[1] + limit)];
  }
  var mr = pad(box.m, base.m), br = pad(box.b, base.b), old = this.range;
  if (old && old[0][0] <= mr[0] && old[0][1] >= mr[1] && old[1][0] <= br[0] &&
      old[1][1] >= br[1]) {
    return false;
  }
  this.range = [mr, br];
  return true;
};

// Filled contour bands of the MSE (ellipses: the MSE is quadratic in m and b), log-spaced
// above its minimum, darker lower down, as in the book's contour figures.
MapView.prototype.drawBands = function (a) {
  var fr = this.frame, kx = fr.pw / (fr.xr[1] - fr.xr[0]), ky = fr.ph / (fr.yr[1] - fr.yr[0]);
  var A = a.A, top = 0;
  [[fr.xr[0], fr.yr[0]], [fr.xr[0], fr.yr[1]], [fr.xr[1], fr.yr[0]], [fr.xr[1], fr.yr[1]]]
    .forEach(function (c) {
      var dm = c[0] - a.centreM, db = c[1] - a.centreB;
      top = Math.max(top, A[0] * dm * dm + 2 * A[1] * dm * db + A[2] * db * db);
    });
  // The quadratic form in screen pixels, and its axes.
  var e = eigen2(A[0] / (kx * kx), -A[1] / (kx * ky), A[2] / (ky * ky));
  var cx = fr.X(a.centreM), cy = fr.Y(a.centreB), cos = Math.cos(e.angle), sin = Math.sin(e.angle);
  var far = 8 * (fr.pw + fr.ph), ratio = Math.pow(10, 1 / 3);
  setAttrs(this.bandBack, {x: fr.left, y: fr.top, width: fr.pw, height: fr.ph});
  for (var j = 0; j < this.bandPaths.length; j++) {
    var level = top * Math.pow(ratio, -j);
    var r1 = Math.min(far, Math.sqrt(level / e.big));
    var r2 = e.small > 0 ? Math.min(far, Math.sqrt(level / e.small)) : far;
    var d = "";
    for (var t = 0; t < 96; t++) {
      var u = 2 * Math.PI * t / 96, p = r1 * Math.cos(u), q = r2 * Math.sin(u);
      d += (t ? "L" : "M") + (cx + p * cos - q * sin).toFixed(1) + " " +
           (cy + p * sin + q * cos).toFixed(1);
    }
    this.bandPaths[j].setAttribute("d", d + "Z");
  }
  this.star.setAttribute("d", a.spread ? starPath(cx, cy, 9) : "");
};

// Points of a path in pixels, one at least a pixel from the last kept, from row `from` on.
MapView.prototype.thin = function (ms, bs, from, to, kept) {
  var fr = this.frame, last = kept[kept.length - 1];
  for (var i = from; i <= to; i++) {
    var x = fr.X(ms[i]), y = fr.Y(bs[i]);
    if (!isFinite(x) || !isFinite(y)) { break; }
    x = px(x); y = px(y);
    if (!last || Math.abs(x - last[0]) >= 1 || Math.abs(y - last[1]) >= 1) {
      last = [x, y];
      kept.push(last);
    }
  }
  return kept;
};

MapView.prototype.draw = function (st) {
  var fr = this.frame, run = st.run, a = st.analysis;
  if (!this.size) { return; }
  var bName = st.centred ? "b at x\u0304" : "b";
  if (this.grow(run) || this.bName !== bName || st.forceMap) {
    this.bName = bName;
    fr.yTitle = st.centred ? "b at x\u0304 (height at mean x)" : "Intercept b";
    fr.laidOut = null;
    fr.layout(this.size[0], this.size[1], this.range[0], this.range[1]);
    this.drawBands(a);
    this.kept = [];
    this.keptUpTo = -1;
    var trace = st.trace, traced = trace ? pointsText(this.thin(trace.ms, trace.bs, 0, trace.k,
                                                                 [])) : "";
    this.traceLine.setAttribute("points", traced);
    this.traceCasing.setAttribute("points", traced);
  }
  this.traceKey.style.display = st.trace ? "" : "none";
  this.thin(run.ms, run.bs, this.keptUpTo + 1, run.k, this.kept);
  this.keptUpTo = run.k;
  var x = fr.X(run.m), y = fr.Y(run.b), points = this.kept.slice();
  if (isFinite(x) && isFinite(y)) { points.push([px(x), px(y)]); }
  var text = pointsText(points);
  this.pathLine.setAttribute("points", text);
  this.pathCasing.setAttribute("points", text);
  setAttrs(this.here, {cx: px(x), cy: px(y)});
  this.drawEdge(run, x, y, bName);
  fr.svg.setAttribute("aria-label", "Contour map of the MSE over m and " + bName +
    ", with the path of " + run.k + " updates; now at m " + sig(run.m, 5) + ", " + bName + " " +
    sig(run.b, 5) + (this.edge.style.display === "" ? ", off the map" : "") + ".");
};

// A current point off the map: a triangle on the map's edge, pointing at it, with its value.
MapView.prototype.drawEdge = function (run, x, y, bName) {
  var fr = this.frame, cx = fr.left + fr.pw / 2, cy = fr.top + fr.ph / 2;
  if (fr.inside(x, y) || !(isFinite(x) || isFinite(y))) {
    this.edge.style.display = "none";
    return;
  }
  var dx = isFinite(x) ? x - cx : (x > 0 ? 1 : -1) * 1e9;
  var dy = isFinite(y) ? y - cy : (y > 0 ? 1 : -1) * 1e9;
  var t = Math.min(Math.abs((fr.pw / 2 - 10) / (dx || 1e-9)),
                   Math.abs((fr.ph / 2 - 10) / (dy || 1e-9)));
  var ex = cx + dx * t, ey = cy + dy * t, angle = Math.atan2(dy, dx), r = 9;
  var d = "";
  [0, 2.4, -2.4].forEach(function (turn, i) {
    var u = angle + turn;
    d += (i ? "L" : "M") + (ex + r * Math.cos(u)).toFixed(1) + " " +
         (ey + r * Math.sin(u)).toFixed(1);
  });
  this.edgeMark.setAttribute("d", d + "Z");
  var right = ex > cx;
  setAttrs(this.edgeText, {x: ex + (right ? -14 : 14), y: ey + (ey > cy ? -12 : 20),
                           "text-anchor": right ? "end" : "start"});
  this.edgeText.textContent = "off the map: m " + sig(run.m, 4) + ", " + bName + " " +
    sig(run.b, 4);
  this.edge.style.display = "";
};
