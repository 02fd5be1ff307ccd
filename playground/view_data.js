// The data view: the points (dragged, or moved with the arrow keys), the current line with
// two handles the reader drags to fit the line by hand, the best line, the residuals and
// their squares, whose mean area is the MSE.
var NAMES = "abcdefghijklmnopqrstuvwxyz";

function DataView(parent, pg) {
  var self = this, id = pg.id, parts = viewFigure(parent, "The data and the line");
  this.pg = pg;
  keyItem(parts.key, function (g) { s("circle", {cx: 11, cy: 6, r: 4, fill: COLORS.data}, g); },
          "data (drag them)");
  keyItem(parts.key, function (g) {
    s("line", {x1: 1, x2: 21, y1: 6, y2: 6, stroke: COLORS.line, "stroke-width": 3}, g);
    s("rect", {x: 7, y: 2, width: 8, height: 8, transform: "rotate(45 11 6)", fill: "#fff",
               stroke: COLORS.line, "stroke-width": 2}, g);
  }, "your line (drag its handles)");
  lineKey(parts.key, COLORS.exact, 2.5, "6 3", "best possible line");
  lineKey(parts.key, COLORS.error, 1.5, "3 2", "residual y \u2212 \u0177");
  this.squaresKey = keyItem(parts.key, function (g) {
    s("rect", {x: 5, y: 0.5, width: 11, height: 11, fill: "rgba(213,94,0,0.15)",
               stroke: COLORS.error}, g);
  }, "its square; dashed: the mean square, the MSE");

  var fr = this.frame = new Frame(parts.figure, id + "-clip-data", pg.config.x_label,
                                  pg.config.y_label, false);
  fr.margin.top = 20;  // room for a point's letter and focus ring at the top edge
  fr.svg.setAttribute("role", "group");
  fr.svg.setAttribute("aria-label", "The data points and the line");
  this.plotBg = s("rect", {"class": "gdp-plotbg", fill: "#fff"}, fr.back);
  this.squares = s("g", {fill: "rgba(213,94,0,0.12)", stroke: COLORS.error, "stroke-width": 1,
                         "aria-hidden": "true"}, fr.plot);
  this.meanSquare = s("rect", {fill: "none", stroke: COLORS.error, "stroke-width": 1.5,
                               "stroke-dasharray": "5 3", "aria-hidden": "true"}, fr.plot);
  this.residuals = s("g", {stroke: COLORS.error, "stroke-width": 1.5, "stroke-dasharray": "3 2",
                           "aria-hidden": "true"}, fr.plot);
  this.exactLine = s("line", {stroke: COLORS.exact, "stroke-width": 2.5,
                              "stroke-dasharray": "8 4", "aria-hidden": "true"}, fr.plot);
  this.currentLine = s("line", {stroke: COLORS.line, "stroke-width": 3, "aria-hidden": "true"},
                       fr.plot);
  this.handleLayer = s("g", {}, fr.over);
  this.pointLayer = s("g", {}, fr.over);
  this.handles = [0, 1].map(function (which) { return self.buildHandle(which); });
  h("p", {"class": "gdp-hint", id: id + "-hint"},
    "Drag a point, or focus it and use the arrow keys (Shift for bigger steps, Delete to " +
    "remove it). Click or tap an empty spot to add a point. Drag the two \u25c6 handles of " +
    "the blue line, or use their arrow keys, to fit the line yourself.", parts.figure);
  var tools = h("div", {"class": "gdp-tools"}, null, parts.figure);
  this.addButton = h("button", {type: "button"}, "Add point", tools);
  this.removeButton = h("button", {type: "button"}, "Remove point", tools);
  this.undoButton = h("button", {type: "button", "aria-keyshortcuts": "Control+Z"},
                      "Undo point edit", tools);
  var check = h("label", {"class": "gdp-check"}, null, tools);
  this.squaresBox = h("input", {type: "checkbox", checked: ""}, null, check);
  h("span", {}, "Show the squares", check);
  this.closeness = h("p", {"class": "gdp-close"}, null, parts.figure);

  this.addButton.addEventListener("click", function () { pg.addPoint(); });
  this.removeButton.addEventListener("click", function () { pg.removeSelected(); });
  this.undoButton.addEventListener("click", function () { pg.undo(); });
  this.squaresBox.addEventListener("change", function () { pg.draw(); });
  this.plotBg.addEventListener("click", function (event) {
    var at = fr.at(event);
    pg.addPoint(at.x, at.y);
  });
}

// ---- the line's handles: a diamond on the line at a fixed x, moved up and down
DataView.prototype.buildHandle = function (which) {
  var self = this, pg = this.pg;
  var g = s("g", {"class": "gdp-handle"}, this.handleLayer);
  var mark = s("rect", {width: 12, height: 12, fill: "#fff", stroke: COLORS.line,
                        "stroke-width": 2.5}, g);
  var hit = s("circle", {"class": "gdp-hit", r: 14, fill: "rgba(0,0,0,0)", tabindex: "0",
                         role: "slider", "aria-describedby": pg.id + "-hint",
                         "aria-label": "Line handle, " + (which ? "right" : "left")}, g);
  hit.addEventListener("keydown", function (event) {
    var steps = {ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10}[event.key];
    if (!steps) { return; }
    event.preventDefault();
    var ys = self.handleYs();
    ys[which] += steps * (event.shiftKey ? 10 : 1);
    self.setLineThrough(ys, which);
  });
  hit.addEventListener("pointerdown", function (event) {
    event.preventDefault();
    hit.focus({preventScroll: true});
    var ys = self.handleYs();
    pg.beginDrag();
    self.follow(event, function (at) {
      ys[which] = at.y;
      self.setLineThrough(ys, which);
    }, function () { pg.endDrag(); });
  });
  hit.addEventListener("touchstart", function (event) { event.preventDefault(); },
                       {passive: false});
  return {mark: mark, hit: hit};
};
// The heights of the current line at the handles, kept within the view.
DataView.prototype.handleYs = function () {
  var line = this.pg.currentLine(), fr = this.frame;
  return this.handleXs.map(function (x) { return clamp(line.m * x + line.b, fr.yr[0], fr.yr[1]); });
};
DataView.prototype.setLineThrough = function (ys, moved) {
  var fr = this.frame, xs = this.handleXs;
  ys[moved] = Math.round(clamp(ys[moved], fr.yr[0], fr.yr[1]) * 2) / 2;
  var m = (ys[1] - ys[0]) / (xs[1] - xs[0]);
  this.pg.setLine(m, ys[0] - m * xs[0]);
};

// A drag follows its pointer over the whole window (it may leave the small target, or the
// SVG, on the way) until that pointer is released.
DataView.prototype.follow = function (event, move, end) {
  var fr = this.frame, id = event.pointerId;
  function onMove(e) { if (e.pointerId === id) { move(fr.at(e)); } }
  function onEnd(e) {
    if (e.pointerId !== id) { return; }
    window.removeEventListener("pointermove", onMove);
    window.removeEventListener("pointerup", onEnd);
    window.removeEventListener("pointercancel", onEnd);
    end();
  }
  window.addEventListener("pointermove", onMove);
  window.addEventListener("pointerup", onEnd);
  window.addEventListener("pointercancel", onEnd);
};

// ---- the points: one node per point, rebuilt only when points come or go (a moved point
// keeps its node, so it keeps the keyboard focus and the pointer)
DataView.prototype.drawPoints = function (points) {
  var self = this, pg = this.pg;
  var names = points.map(function (p) { return p.name; }).join("");
  if (this.pointNodes && this.pointNames === names) { return; }
  this.pointNames = names;
  clear(this.pointLayer);
  this.pointNodes = points.map(function (p, i) {
    var g = s("g", {"class": "gdp-point"}, self.pointLayer);
    var dot = s("circle", {r: 6, fill: COLORS.data, stroke: "#fff", "stroke-width": 1}, g);
    var label = s("text", {"aria-hidden": "true", "text-anchor": "end"}, g);
    label.textContent = p.name;
    var hit = s("circle", {"class": "gdp-hit", r: 14, fill: "rgba(0,0,0,0)", tabindex: "0",
                           role: "slider", "aria-label": "Point " + p.name,
                           "aria-describedby": pg.id + "-hint"}, g);
    hit.addEventListener("focus", function () { pg.select(i); });
    hit.addEventListener("keydown", function (event) { pg.pointKey(event, i); });
    hit.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      pg.select(i);
      hit.focus({preventScroll: true});
      pg.beginDrag(i);
      self.follow(event, function (at) { pg.movePoint(i, at.x, at.y, true); },
                  function () { pg.endDrag(i); });
    });
    hit.addEventListener("touchstart", function (event) { event.preventDefault(); },
                         {passive: false});
    return {dot: dot, label: label, hit: hit};
  });
};

DataView.prototype.layout = function (width, range) {
  var fr = this.frame;
  fr.layout(width, clamp(Math.round(width * 0.7), 240, 360), range[0], range[1]);
  setAttrs(this.plotBg, {x: fr.left, y: fr.top, width: fr.pw, height: fr.ph});
  var span = fr.xr[1] - fr.xr[0];
  this.handleXs = [Math.round((fr.xr[0] + 0.05 * span) * 2) / 2,
                   Math.round((fr.xr[1] - 0.05 * span) * 2) / 2];
};

DataView.prototype.draw = function (st) {
  var fr = this.frame, a = st.analysis, line = st.line, points = st.points;
  if (!fr.xr) { return; }
  var x0 = fr.xr[0], x1 = fr.xr[1];
  function put(node, m, b) {
    setAttrs(node, {x1: fr.X(x0), x2: fr.X(x1), y1: px(fr.Y(m * x0 + b)),
                    y2: px(fr.Y(m * x1 + b))});
  }
  put(this.currentLine, line.m, line.b);
  if (a.spread) { put(this.exactLine, a.exactM, a.exactB); }
  this.exactLine.style.display = a.spread ? "" : "none";
  this.drawResiduals(points, line);
  this.drawHandles(line);
  this.drawPoints(points);
  var self = this;
  points.forEach(function (p, i) {
    var node = self.pointNodes[i], x = fr.X(p.x), y = fr.Y(p.y), below = y - fr.top < 26;
    setAttrs(node.dot, {cx: x, cy: y, stroke: i === st.selected ? COLORS.start : "#fff",
                        "stroke-width": i === st.selected ? 3 : 1});
    setAttrs(node.hit, {cx: x, cy: y, "aria-valuenow": p.y, "aria-valuemin": fr.yr[0],
                        "aria-valuemax": fr.yr[1],
                        "aria-valuetext": "x " + exact(p.x, 2) + ", y " + exact(p.y, 2)});
    // The letter sits outside the focus ring: up and left, or down and left at the top edge.
    setAttrs(node.label, {x: x - 15, y: below ? y + 25 : y - 14});
  });
  this.removeButton.disabled = points.length <= 2;
  this.addButton.disabled = points.length >= NAMES.length;
  this.undoButton.disabled = !st.canUndo;
  this.drawCloseness(st);
};

DataView.prototype.drawResiduals = function (points, line) {
  var fr = this.frame, n = points.length, show = this.squaresBox.checked;
  var segments = this.residuals.childNodes, boxes = this.squares.childNodes, total = 0;
  while (segments.length > n) { this.residuals.removeChild(this.residuals.lastChild); }
  while (segments.length < n) { s("line", {}, this.residuals); }
  while (boxes.length > n) { this.squares.removeChild(this.squares.lastChild); }
  while (boxes.length < n) { s("rect", {}, this.squares); }
  var unit = fr.ph / (fr.yr[1] - fr.yr[0]);  // pixels per unit of y
  for (var i = 0; i < n; i++) {
    var p = points[i], x = fr.X(p.x), yData = fr.Y(p.y), yLine = px(fr.Y(line.m * p.x + line.b));
    var r = p.y - (line.m * p.x + line.b), side = Math.min(1e5, Math.abs(r) * unit);
    total += r * r;
    setAttrs(segments[i], {x1: x, x2: x, y1: yData, y2: yLine});
    // Each square stands on its residual, to the right unless the plot ends first.
    var left = x + side > fr.left + fr.pw ? x - side : x;
    setAttrs(boxes[i], {x: left, y: Math.min(yData, yLine), width: side, height: side});
  }
  // The mean square, the MSE: in the top left corner of the plot.
  var meanSide = Math.min(1e5, Math.sqrt(total / n) * unit);
  setAttrs(this.meanSquare, {x: fr.left + 2, y: fr.top + 2, width: meanSide, height: meanSide});
  this.squares.style.display = this.meanSquare.style.display = show ? "" : "none";
  this.squaresKey.style.display = show ? "" : "none";
};

DataView.prototype.drawHandles = function (line) {
  var fr = this.frame, ys = this.handleYs(), self = this;
  this.handles.forEach(function (handle, which) {
    var x = fr.X(self.handleXs[which]), y = fr.Y(ys[which]);
    setAttrs(handle.mark, {x: x - 6, y: y - 6, transform: "rotate(45 " + x + " " + y + ")"});
    setAttrs(handle.hit, {cx: x, cy: y, "aria-valuenow": ys[which],
                          "aria-valuemin": fr.yr[0], "aria-valuemax": fr.yr[1],
                          "aria-valuetext": "y " + exact(ys[which], 2) + " at x " +
                            exact(self.handleXs[which], 2) + "; line " +
                            lineText(line.m, line.b, 3)});
  });
};

DataView.prototype.drawCloseness = function (st) {
  var user = st.userLine, a = st.analysis;
  if (!user) {
    this.closeness.textContent = "How close can you get? Drag the \u25c6 handles to fit the " +
      "line yourself before you run descent.";
    return;
  }
  var text = "How close are you? Your line " + lineText(user.m, user.b, 4) + " has MSE " +
    sig(user.loss, 6) + "; the lowest possible is " + sig(a.minLoss, 6);
  if (user.loss <= a.minLoss * (1 + 1e-9) + 1e-12) {
    text += ": you found the best line.";
  } else if (a.minLoss > 0) {
    text += ", so yours is " + sig(user.loss / a.minLoss, 3) + " times as large.";
  } else {
    text += " (a line through every point).";
  }
  this.closeness.textContent = text;
};
