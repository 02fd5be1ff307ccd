/*
 * Gradient descent the reader can steer: the book's live playground.
 *
 * plot_utils.playground(X, y) puts this file, playground.css and a root element
 *   <div id="..." class="gdp" data-config="{...}">
 * into one text/html notebook output and mounts the playground on that root. The website
 * inserts the output as it is; JupyterLab runs it once the notebook is trusted. Everything
 * is drawn with plain SVG and DOM: no library, no network.
 *
 * The arithmetic is linreg.fit's. Each epoch measures the MSE and the gradient of the
 * current line (the loss of an epoch is measured before its update), then moves the line:
 *   v <- beta v - eta grad,   (m, b) <- (m, b) + v        (beta = 0: plain descent)
 * A run stops when its loss rises past its start. With centring on, the fit is in
 * x - mean(x): the parameters are m and b_c, and the line is y = m x + (b_c - m mean(x)).
 *
 * For tests, the root carries the state after every redraw: data-epoch (updates made),
 * data-m, data-b (the current line y = m x + b), data-loss (its MSE), data-exact-m,
 * data-exact-b (least squares), data-bound (2 / largest Hessian eigenvalue), data-x,
 * data-y, data-diverged, data-rate, data-momentum, data-centred. root.gdpPlayground is the
 * playground object (the benchmark times its run's step and its draw).
 */
(function () {
  "use strict";
  if (window.GDPlayground) { return; }

  var SVG = "http://www.w3.org/2000/svg";
  var COLORS = {data: "#000000", line: "#0072B2", error: "#D55E00", start: "#E69F00",
                path: "#CC79A7", exact: "#009E73"};
  var VIRIDIS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80",
                 "#5ec962", "#addc30", "#fde725"];
  var RATE_MIN = -4, RATE_MAX = -1;   // the learning-rate slider, in log10 units
  var MAX_EPOCHS = 1000000;
  var TICK_MS = 50;                   // Play: one batch of epochs every 50 ms
  var LOOKAHEAD = 300;                // epochs simulated to frame the contour view
  var NAMES = "abcdefghijklmnopqrstuvwxyz";
  var MINUS = "\u2212";

  // ------------------------------------------------------------------ small helpers
  function h(tag, attrs, text, parent) {
    var node = document.createElement(tag);
    for (var key in attrs) { node.setAttribute(key, attrs[key]); }
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function s(tag, attrs, parent) {
    var node = document.createElementNS(SVG, tag);
    for (var key in attrs) { node.setAttribute(key, attrs[key]); }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function clamp(v, lo, hi) { return Math.min(hi, Math.max(lo, v)); }
  function minus(text) { return text.charAt(0) === "-" ? MINUS + text.slice(1) : text; }

  // Fewest decimals (at most `most`) that show every value without rounding it
  // (text_utils.decimals), and a number written with them.
  function decimalsFor(values, most) {
    for (var d = 0; d < most; d++) {
      var scale = Math.pow(10, d), ok = true;
      for (var i = 0; i < values.length && ok; i++) {
        ok = Math.abs(Math.round(values[i] * scale) / scale - values[i]) <= 1e-9;
      }
      if (ok) { return d; }
    }
    return most;
  }
  function fixed(v, d) {
    if (!isFinite(v)) { return isNaN(v) ? "not a number" : (v > 0 ? "" : MINUS) + "infinity"; }
    if (Math.abs(v) >= 1e9) { return minus(v.toPrecision(4).replace("e+", "e")); }
    var text = v.toFixed(d);
    if (Number(text) === 0) { text = (0).toFixed(d); }
    return minus(text);
  }
  function exact(v, most) { return fixed(v, decimalsFor([v], most)); }
  function rateText(rate) { return String(Number(rate.toPrecision(4))); }

  function niceStep(span, count) {
    var raw = span / Math.max(1, count), power = Math.pow(10, Math.floor(Math.log10(raw)));
    var unit = raw / power;
    return power * (unit < 1.5 ? 1 : unit < 3.5 ? 2 : unit < 7.5 ? 5 : 10);
  }
  function ticks(lo, hi, count) {
    var step = niceStep(hi - lo, count), out = [];
    for (var v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
      out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return {values: out, decimals: Math.max(0, -Math.floor(Math.log10(step) + 1e-9))};
  }
  function decadeLabel(k) {
    if (k >= 0 && k <= 5) { return String(Math.pow(10, k)); }
    if (k < 0 && k >= -3) { return Math.pow(10, k).toFixed(-k); }
    return "1e" + minus(String(k));
  }
  function viridis(t) {
    var x = clamp(t, 0, 1) * (VIRIDIS.length - 1), i = Math.min(VIRIDIS.length - 2, Math.floor(x));
    var f = x - i, a = VIRIDIS[i], b = VIRIDIS[i + 1], out = "#";
    for (var c = 1; c < 7; c += 2) {
      var u = parseInt(a.substr(c, 2), 16), w = parseInt(b.substr(c, 2), 16);
      out += ("0" + Math.round(u + (w - u) * f).toString(16)).slice(-2);
    }
    return out;
  }
  // Eigenvalues (largest first) and the angle of the first eigenvector of [[p, q], [q, r]].
  function eigen2(p, q, r) {
    var mean = (p + r) / 2, radius = Math.hypot((p - r) / 2, q), big = mean + radius;
    var small = big > 0 ? (p * r - q * q) / big : 0;
    return {big: big, small: Math.max(0, small), angle: 0.5 * Math.atan2(2 * q, p - r)};
  }

  // ------------------------------------------------------------------ the maths
  // The data as the fit sees them (x, or x - mean(x) when centred), and what the view
  // needs about their MSE: the exact answer, its loss, the Hessian and its largest eigenvalue.
  function analyse(points, centred) {
    var n = points.length, xs = new Float64Array(n), ys = new Float64Array(n);
    var xMean = 0, yMean = 0, xMin = Infinity, xMax = -Infinity;
    for (var i = 0; i < n; i++) {
      xMean += points[i].x; yMean += points[i].y;
      xMin = Math.min(xMin, points[i].x); xMax = Math.max(xMax, points[i].x);
    }
    xMean /= n; yMean /= n;
    var shift = centred ? xMean : 0, sxx = 0, sxy = 0, syy = 0, sumX = 0, sumXX = 0;
    for (i = 0; i < n; i++) {
      xs[i] = points[i].x - shift; ys[i] = points[i].y;
      var dx = points[i].x - xMean, dy = points[i].y - yMean;
      sxx += dx * dx; sxy += dx * dy; syy += dy * dy;
      sumX += xs[i]; sumXX += xs[i] * xs[i];
    }
    var a = {n: n, xs: xs, ys: ys, shift: shift, xMean: xMean, yMean: yMean};
    a.spread = xMax > xMin;                       // linreg's check: two different x
    if (a.spread) {
      a.exactM = sxy / sxx;                       // linreg.least_squares
      a.exactB = yMean - a.exactM * xMean;
    } else {
      a.exactM = NaN; a.exactB = NaN;
    }
    a.minLoss = a.spread ? Math.max(0, (syy - sxy * sxy / sxx) / n) : syy / n;
    if (a.minLoss <= 1e-12 * syy / n) { a.minLoss = 0; }  // a line through every point
    // Centre of the contours in the fit's coordinates (any minimiser when x has no spread).
    a.centreM = a.spread ? a.exactM : 0;
    a.centreB = a.spread ? a.exactB + a.exactM * shift : yMean;
    // The MSE is minLoss + d' A d with d = (m, b) - centre and A = Hessian / 2.
    a.A = [sumXX / n, sumX / n, 1];
    a.lambdaMax = 2 * eigen2(a.A[0], a.A[1], a.A[2]).big;
    a.bound = 2 / a.lambdaMax;                    // linreg.max_stable_learning_rate
    return a;
  }

  function Run(a, m, b) {
    this.a = a;
    this.capacity = 1024;
    this.losses = new Float64Array(this.capacity);
    this.ms = new Float64Array(this.capacity);
    this.bs = new Float64Array(this.capacity);
    this.k = 0;               // updates made; the current line is row k
    this.vm = 0; this.vb = 0; // momentum's velocity
    this.diverged = false;
    this.still = 0;           // updates in a row that left (m, b) unchanged
    this.m = m; this.b = b;
    this.measure();
    this.record();
  }
  // MSE and gradient of the current line, as linreg.fit computes them (method="residuals").
  Run.prototype.measure = function () {
    var xs = this.a.xs, ys = this.a.ys, n = xs.length, m = this.m, b = this.b;
    var squares = 0, weighted = 0, plain = 0;
    for (var i = 0; i < n; i++) {
      var r = xs[i] * -m + ys[i] - b;
      squares += r * r; weighted += xs[i] * r; plain += r;
    }
    this.loss = squares / n;
    this.dm = -2 * weighted / n;
    this.db = -2 * plain / n;
  };
  Run.prototype.record = function () {
    if (this.k >= this.capacity) {
      this.capacity *= 2;
      var grow = function (old, size) { var next = new Float64Array(size); next.set(old); return next; };
      this.losses = grow(this.losses, this.capacity);
      this.ms = grow(this.ms, this.capacity);
      this.bs = grow(this.bs, this.capacity);
    }
    this.losses[this.k] = this.loss; this.ms[this.k] = this.m; this.bs[this.k] = this.b;
  };
  // One epoch: the update of the current line, then the loss of the new one.
  Run.prototype.step = function (rate, beta) {
    if (this.diverged || this.k >= MAX_EPOCHS) { return false; }
    this.vm = beta * this.vm - rate * this.dm;
    this.vb = beta * this.vb - rate * this.db;
    var m = this.m + this.vm, b = this.b + this.vb;
    this.still = (m === this.m && b === this.b) ? this.still + 1 : 0;
    this.m = m; this.b = b; this.k += 1;
    this.measure();
    this.record();
    if (!isFinite(this.loss) || this.loss > this.losses[0]) { this.diverged = true; }
    return !this.diverged;
  };

  // ------------------------------------------------------------------ a plot frame
  // An SVG with axes, a grid, axis titles, a clipped plot layer and a scale each way.
  function Frame(parent, id, xTitle, yTitle, yLog) {
    this.svg = s("svg", {"class": "gdp-svg"}, parent);
    this.xTitle = xTitle; this.yTitle = yTitle; this.yLog = !!yLog;
    var defs = s("defs", {}, this.svg);
    var clip = s("clipPath", {id: id}, defs);
    this.clipRect = s("rect", {}, clip);
    this.back = s("g", {}, this.svg);
    this.grid = s("g", {"aria-hidden": "true"}, this.svg);
    this.plot = s("g", {"clip-path": "url(#" + id + ")"}, this.svg);
    this.axes = s("g", {"aria-hidden": "true"}, this.svg);
    this.over = s("g", {}, this.svg);
    this.margin = {left: 58, right: 14, top: 10, bottom: 44};
  }
  Frame.prototype.layout = function (width, height, xr, yr) {
    var key = [width, height, xr[0], xr[1], yr[0], yr[1], this.xTitle, this.yTitle].join("|");
    if (key === this.laidOut) { return; }
    this.laidOut = key;
    var mg = this.margin;
    this.width = width; this.height = height; this.xr = xr; this.yr = yr;
    this.left = mg.left; this.top = mg.top;
    this.pw = Math.max(10, width - mg.left - mg.right);
    this.ph = Math.max(10, height - mg.top - mg.bottom);
    this.svg.setAttribute("width", width);
    this.svg.setAttribute("height", height);
    this.svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    var box = {x: this.left, y: this.top, width: this.pw, height: this.ph};
    for (var key in box) { this.clipRect.setAttribute(key, box[key]); }
    clear(this.grid); clear(this.axes);
    var self = this, xt = ticks(xr[0], xr[1], Math.max(3, Math.floor(this.pw / 70)));
    xt.values.forEach(function (v) {
      var x = self.X(v);
      s("line", {x1: x, x2: x, y1: self.top, y2: self.top + self.ph, stroke: "#e5e5e5"}, self.grid);
      s("line", {x1: x, x2: x, y1: self.top + self.ph, y2: self.top + self.ph + 5, stroke: "#444"},
        self.axes);
      s("text", {x: x, y: self.top + self.ph + 18, "text-anchor": "middle"}, self.axes)
        .textContent = minus(v.toFixed(xt.decimals));
    });
    var yValues, yLabels = [];
    if (this.yLog) {
      var lo = Math.floor(yr[0] + 1e-9), hi = Math.ceil(yr[1] - 1e-9);
      var every = Math.max(1, Math.ceil((hi - lo + 1) / Math.max(2, Math.floor(this.ph / 28))));
      yValues = [];
      for (var k = lo; k <= hi; k++) {
        if (k >= yr[0] - 1e-9 && k <= yr[1] + 1e-9 && (k - lo) % every === 0) {
          yValues.push(k); yLabels.push(decadeLabel(k));
        }
      }
    } else {
      var yt = ticks(yr[0], yr[1], Math.max(3, Math.floor(this.ph / 40)));
      yValues = yt.values;
      yLabels = yt.values.map(function (v) { return minus(v.toFixed(yt.decimals)); });
    }
    yValues.forEach(function (v, i) {
      var y = self.top + (yr[1] - v) / (yr[1] - yr[0]) * self.ph;
      s("line", {x1: self.left, x2: self.left + self.pw, y1: y, y2: y, stroke: "#e5e5e5"},
        self.grid);
      s("line", {x1: self.left - 5, x2: self.left, y1: y, y2: y, stroke: "#444"}, self.axes);
      s("text", {x: self.left - 8, y: y + 4, "text-anchor": "end"}, self.axes).textContent =
        yLabels[i];
    });
    s("rect", {x: this.left, y: this.top, width: this.pw, height: this.ph, fill: "none",
               stroke: "#444"}, this.axes);
    s("text", {x: this.left + this.pw / 2, y: height - 6, "text-anchor": "middle",
               "class": "gdp-title"}, this.axes).textContent = this.xTitle;
    s("text", {x: 14, y: this.top + this.ph / 2, "text-anchor": "middle", "class": "gdp-title",
               transform: "rotate(-90 14 " + (this.top + this.ph / 2) + ")"}, this.axes)
      .textContent = this.yTitle;
  };
  Frame.prototype.X = function (v) {
    return this.left + (v - this.xr[0]) / (this.xr[1] - this.xr[0]) * this.pw;
  };
  Frame.prototype.Y = function (v) {
    if (this.yLog) { v = Math.log10(v); }
    return this.top + (this.yr[1] - v) / (this.yr[1] - this.yr[0]) * this.ph;
  };
  Frame.prototype.invert = function (px, py) {
    return {x: this.xr[0] + (px - this.left) / this.pw * (this.xr[1] - this.xr[0]),
            y: this.yr[1] - (py - this.top) / this.ph * (this.yr[1] - this.yr[0])};
  };

  function keyItem(list, draw, text) {
    var item = h("li", {}, null, list);
    var icon = s("svg", {width: 22, height: 12, "aria-hidden": "true"}, item);
    draw(icon);
    h("span", {}, text, item);
  }
  // A legend entry that is a line: its colour, width and dash pattern ("" for solid).
  function lineKey(list, stroke, width, dash, text) {
    keyItem(list, function (g) {
      var attrs = {x1: 1, x2: 21, y1: 6, y2: 6, stroke: stroke, "stroke-width": width};
      if (dash) { attrs["stroke-dasharray"] = dash; }
      s("line", attrs, g);
    }, text);
  }
  function starPath(cx, cy, r) {
    var d = "";
    for (var i = 0; i < 10; i++) {
      var radius = i % 2 ? r * 0.45 : r, t = Math.PI / 5 * i - Math.PI / 2;
      d += (i ? "L" : "M") + (cx + radius * Math.cos(t)).toFixed(1) + " " +
           (cy + radius * Math.sin(t)).toFixed(1);
    }
    return d + "Z";
  }

  // ------------------------------------------------------------------ the playground
  function Playground(root) {
    var config = JSON.parse(root.getAttribute("data-config"));
    this.root = root;
    this.id = root.id;
    this.config = config;
    this.playing = false;
    this.selected = -1;
    this.build();
    this.resetData();
    this.observe();
  }

  Playground.prototype.articlePoints = function () {
    var c = this.config;
    return c.x.map(function (x, i) { return {name: NAMES.charAt(i), x: x, y: c.y[i]}; });
  };

  // ---- building the page
  Playground.prototype.build = function () {
    var self = this, id = this.id, root = this.root;
    clear(root);
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", "Gradient-descent playground");

    var controls = h("div", {"class": "gdp-controls"}, null, root);
    var rate = h("div", {"class": "gdp-field gdp-rate"}, null, controls);
    h("label", {"for": id + "-rate"}, "Learning rate", rate);
    var row = h("div", {"class": "gdp-row"}, null, rate);
    this.rateBox = h("input", {type: "number", id: id + "-rate", min: "0.0001", max: "0.1",
                               step: "any", inputmode: "decimal"}, null, row);
    var track = h("div", {"class": "gdp-track"}, null, row);
    this.boundMark = h("span", {"class": "gdp-bound", "aria-hidden": "true"}, null, track);
    this.rateSlider = h("input", {type: "range", id: id + "-rate-slider", min: RATE_MIN,
                                  max: RATE_MAX, step: "0.01",
                                  "aria-label": "Learning rate, log scale from 0.0001 to 0.1",
                                  "aria-describedby": id + "-facts"}, null, track);

    var momentum = h("div", {"class": "gdp-field gdp-momentum"}, null, controls);
    h("label", {"for": id + "-momentum"}, "Momentum \u03b2", momentum);
    row = h("div", {"class": "gdp-row"}, null, momentum);
    this.betaSlider = h("input", {type: "range", id: id + "-momentum", min: "0", max: "0.99",
                                  step: "0.01"}, null, row);
    this.betaOut = h("output", {"for": id + "-momentum"}, null, row);

    var check = h("div", {"class": "gdp-check"}, null, controls);
    this.centreBox = h("input", {type: "checkbox", id: id + "-centre"}, null, check);
    h("label", {"for": id + "-centre"}, "Centre x (fit in x \u2212 x\u0304)", check);

    var buttons = h("div", {"class": "gdp-buttons"}, null, root);
    this.stepButton = h("button", {type: "button", "class": "gdp-primary"}, "Step", buttons);
    this.playButton = h("button", {type: "button"}, "Play", buttons);
    this.hundredButton = h("button", {type: "button"}, "+100 epochs", buttons);
    this.resetButton = h("button", {type: "button"}, "Reset", buttons);
    this.addButton = h("button", {type: "button"}, "Add point", buttons);
    this.removeButton = h("button", {type: "button"}, "Remove point", buttons);

    var readout = h("dl", {"class": "gdp-readout"}, null, root);
    this.out = {};
    [["epoch", "Epochs run"], ["m", "m"], ["b", "b"], ["loss", "MSE"], ["dm", "dm"],
     ["db", "db"]].forEach(function (pair) {
      var item = h("div", {}, null, readout);
      var term = h("dt", {}, pair[1], item);
      self.out[pair[0]] = h("dd", {}, null, item);
      if (pair[0] === "b") { self.bTerm = term; }
    });
    this.facts = h("p", {"class": "gdp-facts", id: id + "-facts"}, null, root);
    this.status = h("p", {"class": "gdp-status", role: "status", "aria-live": "polite"}, null, root);

    var views = h("div", {"class": "gdp-views"}, null, root);
    // The data, the current line and the exact line; the points move.
    var dataView = h("figure", {"class": "gdp-view"}, null, views);
    h("p", {"class": "gdp-view-title"}, "The data and the line", dataView);
    var key = h("ul", {"class": "gdp-key"}, null, dataView);
    keyItem(key, function (g) { s("circle", {cx: 11, cy: 6, r: 4, fill: COLORS.data}, g); },
            "data (drag them)");
    lineKey(key, COLORS.line, 3, "", "current line");
    lineKey(key, COLORS.exact, 2.5, "6 3", "exact least-squares line");
    lineKey(key, COLORS.error, 1.5, "3 2", "residual y \u2212 \u0177");
    this.dataFrame = new Frame(dataView, id + "-clip-data", this.config.x_label,
                               this.config.y_label, false);
    this.dataFrame.svg.setAttribute("role", "group");
    this.dataFrame.svg.setAttribute("aria-label", "The data points and the lines");
    this.plotBg = s("rect", {"class": "gdp-plotbg", fill: "#fff"}, this.dataFrame.back);
    var dp = this.dataFrame.plot;
    this.residuals = s("g", {stroke: COLORS.error, "stroke-width": 1.5, "stroke-dasharray": "3 2",
                             "aria-hidden": "true"}, dp);
    this.exactLine = s("line", {stroke: COLORS.exact, "stroke-width": 2.5,
                                "stroke-dasharray": "8 4", "aria-hidden": "true"}, dp);
    this.currentLine = s("line", {stroke: COLORS.line, "stroke-width": 3, "aria-hidden": "true"},
                         dp);
    this.pointLayer = s("g", {}, this.dataFrame.over);
    h("p", {"class": "gdp-hint", id: id + "-hint"},
      "Drag a point, or focus it and use the arrow keys (Shift for bigger steps, Delete to " +
      "remove it). Click or tap an empty spot to add a point.", dataView);

    // The MSE map over (m, b) with the path so far.
    var mapView = h("figure", {"class": "gdp-view"}, null, views);
    h("p", {"class": "gdp-view-title"}, "The path on the MSE contours", mapView);
    key = h("ul", {"class": "gdp-key"}, null, mapView);
    keyItem(key, function (g) {
      s("line", {x1: 1, x2: 21, y1: 6, y2: 6, stroke: "#000", "stroke-width": 4}, g);
      s("line", {x1: 1, x2: 21, y1: 6, y2: 6, stroke: COLORS.path, "stroke-width": 2}, g);
    }, "descent path");
    keyItem(key, function (g) {
      s("circle", {cx: 11, cy: 6, r: 5, fill: COLORS.start, stroke: "#000"}, g);
    }, "current (m, b)");
    keyItem(key, function (g) {
      s("path", {d: starPath(11, 6, 6), fill: COLORS.exact, stroke: "#000"}, g);
    }, "lowest point");
    this.mapFrame = new Frame(mapView, id + "-clip-map", "Slope m", "Intercept b", false);
    this.mapFrame.svg.setAttribute("role", "img");
    this.mapFrame.svg.setAttribute("aria-label", "Contour map of the MSE over m and b");
    this.bands = s("g", {"aria-hidden": "true"}, this.mapFrame.plot);
    this.pathCasing = s("polyline", {fill: "none", stroke: "#000", "stroke-width": 4,
                                     "stroke-linejoin": "round"}, this.mapFrame.plot);
    this.pathLine = s("polyline", {fill: "none", stroke: COLORS.path, "stroke-width": 2,
                                   "stroke-linejoin": "round"}, this.mapFrame.plot);
    this.star = s("path", {fill: COLORS.exact, stroke: "#000"}, this.mapFrame.plot);
    this.here = s("circle", {r: 6, fill: COLORS.start, stroke: "#000", "stroke-width": 1.5},
                  this.mapFrame.plot);

    // The loss curve.
    var lossView = h("figure", {"class": "gdp-view is-wide"}, null, views);
    h("p", {"class": "gdp-view-title"}, "The loss curve (log scale)", lossView);
    key = h("ul", {"class": "gdp-key"}, null, lossView);
    lineKey(key, COLORS.line, 2, "", "MSE of each epoch, measured before its update");
    lineKey(key, COLORS.exact, 2, "6 3", "lowest possible MSE");
    this.lossFrame = new Frame(lossView, id + "-clip-loss", "Epoch", "MSE", true);
    this.lossFrame.margin.left = 62;
    this.lossFrame.svg.setAttribute("role", "img");
    this.lossFrame.svg.setAttribute("aria-label", "Loss curve on a log scale");
    this.minLine = s("line", {stroke: COLORS.exact, "stroke-width": 2, "stroke-dasharray": "6 3"},
                     this.lossFrame.plot);
    this.lossLine = s("polyline", {fill: "none", stroke: COLORS.line, "stroke-width": 2,
                                   "stroke-linejoin": "round"}, this.lossFrame.plot);
    this.lossHere = s("circle", {r: 4, fill: COLORS.line}, this.lossFrame.plot);

    // The epoch by hand: the per-point table of the book's chapter on three epochs.
    h("p", {"class": "gdp-table-note"}, "The epoch by hand: the current line's prediction " +
      "\u0177 for every point, its residual and the two means the gradient is made of, " +
      "before the epoch's update.", root);
    this.tableBox = h("div", {"class": "gdp-scroll"}, null, root);
    this.table = h("table", {"class": "gdp-table"}, null, this.tableBox);
    this.caption = h("caption", {}, null, this.table);
    this.thead = h("thead", {}, null, this.table);
    this.tbody = h("tbody", {}, null, this.table);
    this.tfoot = h("tfoot", {}, null, this.table);
    this.stepsText = h("p", {"class": "gdp-steps"}, null, root);
    this.wire();
  };

  // ---- events
  Playground.prototype.wire = function () {
    var self = this;
    this.rateSlider.addEventListener("input", function () {
      self.setRate(Number(Math.pow(10, Number(self.rateSlider.value)).toPrecision(3)), "slider");
    });
    this.rateBox.addEventListener("input", function () {
      var v = Number(self.rateBox.value);
      if (self.rateBox.value !== "" && isFinite(v) && v >= 1e-4 && v <= 0.1) {
        self.setRate(v, "box");
      }
    });
    this.rateBox.addEventListener("change", function () {
      var v = Number(self.rateBox.value);
      self.setRate(isFinite(v) && self.rateBox.value !== "" ? clamp(v, 1e-4, 0.1) : self.rate);
    });
    this.rateBox.addEventListener("keydown", function (event) {
      // Arrow keys move along the slider's log scale (a field with step="any" would add 1).
      var steps = {ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10}[event.key];
      if (!steps) { return; }
      event.preventDefault();
      var v = clamp(Math.round(Math.log10(self.rate) * 100 + steps) / 100, RATE_MIN, RATE_MAX);
      self.setRate(Number(Math.pow(10, v).toPrecision(3)));
    });
    this.betaSlider.addEventListener("input", function () {
      self.beta = Number(self.betaSlider.value);
      self.drawControls();
      self.draw();
    });
    this.centreBox.addEventListener("change", function () {
      self.centred = self.centreBox.checked;
      self.dataChanged(self.centred ? "Centring on: the fit is now in x \u2212 x\u0304." :
                       "Centring off: the fit is in x again.");
    });
    this.stepButton.addEventListener("click", function () { self.advance(1, true); });
    this.hundredButton.addEventListener("click", function () { self.advance(100, true); });
    this.playButton.addEventListener("click", function () {
      if (self.playing) { self.pause(); } else { self.play(); }
    });
    this.resetButton.addEventListener("click", function () {
      self.pause();
      self.resetData();
      self.say("Reset: the starting points, line, learning rate, momentum and centring.");
    });
    this.addButton.addEventListener("click", function () { self.addPoint(); });
    this.removeButton.addEventListener("click", function () {
      self.removePoint(self.selected >= 0 ? self.selected : self.points.length - 1, false);
    });
    this.plotBg.addEventListener("click", function (event) {
      var box = self.dataFrame.svg.getBoundingClientRect();
      var at = self.dataFrame.invert(event.clientX - box.left, event.clientY - box.top);
      self.addPoint(at.x, at.y);
    });
  };

  Playground.prototype.observe = function () {
    var self = this, width = -1;
    function fit() {
      var w = self.root.clientWidth;
      if (w && w !== width) { width = w; self.layout(); }
    }
    if (window.ResizeObserver) {
      new ResizeObserver(fit).observe(this.root);
      var scroll = new ResizeObserver(function () { self.checkScroll(); });
      scroll.observe(this.table);
      scroll.observe(this.tableBox);
    }
    window.addEventListener("resize", fit);
    fit();
    this.checkScroll();
  };

  Playground.prototype.say = function (text, alert) {
    this.status.textContent = text;
    this.status.classList.toggle("is-alert", !!alert);
  };

  // ---- state changes
  // The starting setup: the given points, line, learning rate, momentum and centring.
  Playground.prototype.resetData = function () {
    this.rate = this.config.learning_rate;
    this.beta = this.config.momentum;
    this.centred = !!this.config.centred;
    this.points = this.articlePoints();
    this.selected = -1;
    this.newRun(this.config.m, this.config.b);
    this.drawControls();
    this.drawPoints();
    this.frameData();
    this.layout();
  };

  // A new run from the line y = m x + b (in x), in the fit's current coordinates.
  Playground.prototype.newRun = function (m, b) {
    this.analysis = analyse(this.points, this.centred);
    this.run = new Run(this.analysis, m, b + m * this.analysis.shift);
    this.lossScale = null;
    this.frameMap();
  };

  Playground.prototype.lineInX = function () {
    if (!this.run || this.run.diverged) { return {m: this.config.m, b: this.config.b}; }
    return {m: this.run.m, b: this.run.b - this.run.m * this.analysis.shift};
  };

  Playground.prototype.dataChanged = function (message) {
    var line = this.lineInX();
    this.newRun(line.m, line.b);
    this.drawPoints();
    this.drawControls();
    this.drawMap(true);
    this.draw();
    if (message) { this.say(message); }
  };

  Playground.prototype.setRate = function (rate, from) {
    this.rate = rate;
    this.drawControls(from);
    this.draw();
  };

  // k epochs (fewer if the run diverges); a diverged run first restarts from the start line.
  Playground.prototype.advance = function (k, announce) {
    if (this.run.diverged) {
      this.newRun(this.config.m, this.config.b);
      this.drawMap(true);
    }
    var before = this.run.k;
    for (var i = 0; i < k && this.run.step(this.rate, this.beta); i++) { /* one epoch */ }
    if (this.run.k >= MAX_EPOCHS) { this.pause(); this.say("The playground stops at " +
                                                           MAX_EPOCHS + " epochs."); }
    this.draw();
    if (this.run.diverged) {
      this.pause();
      this.say(this.divergenceMessage(), true);
    } else if (announce) {
      this.say((this.run.k - before === 1 ? "One epoch" : (this.run.k - before) + " epochs") +
               " run: epoch " + (this.run.k + 1) + " starts from MSE " + exact(this.run.loss, 4) +
               ".");
    }
  };

  Playground.prototype.divergenceMessage = function () {
    var a = this.analysis, run = this.run, rate = rateText(this.rate);
    var bound = a.bound, text = "The run diverged at epoch " + (run.k + 1) + ": the MSE rose to " +
      exact(run.loss, 2) + ", above its start, " + exact(run.losses[0], 2) + ", so it stopped. ";
    if (this.beta === 0) {
      text += "The learning rate " + rate + " is above 2/\u03bbmax = " + rateText(bound) +
        " for these points: each step overshoots the valley's steep direction by more than " +
        "it corrects, and the error along it grows by a factor " +
        exact(Math.abs(1 - this.rate * a.lambdaMax), 3) + " per epoch. ";
    } else {
      var wider = 2 * (1 + this.beta) / a.lambdaMax;
      text += this.rate > wider ?
        "With momentum \u03b2 = " + exact(this.beta, 2) + " descent is stable only for rates " +
        "below 2(1 + \u03b2)/\u03bbmax = " + rateText(wider) + ", and " + rate + " is above it. " :
        "The rate " + rate + " is below the limit for momentum \u03b2 = " + exact(this.beta, 2) +
        ", 2(1 + \u03b2)/\u03bbmax = " + rateText(wider) + ", so the run would settle in the " +
        "end; but momentum carried the line past its start first, and a run stops there. ";
    }
    return text + "Lower the rate (or the momentum) and press Step or Play to start again.";
  };

  Playground.prototype.play = function () {
    var self = this, last = 0;
    this.playing = true;
    this.playButton.textContent = "Pause";
    if (this.run.diverged) { this.advance(0); }
    function frame(now) {
      if (!self.playing) { return; }
      if (now - last >= TICK_MS) {
        last = now;
        self.advance(clamp(Math.floor(self.run.k / 10), 1, 2000));
        if (self.run.still >= 20) {
          self.pause();
          self.say("The line has stopped moving: each update is now smaller than the last " +
                   "digit of m and b.");
        }
      }
      if (self.playing) { window.requestAnimationFrame(frame); }
    }
    window.requestAnimationFrame(frame);
  };

  Playground.prototype.pause = function () {
    if (!this.playing) { return; }
    this.playing = false;
    this.playButton.textContent = "Play";
    if (!this.run.diverged) { this.say("Paused after " + this.run.k + " epochs."); }
  };

  // ---- points
  Playground.prototype.movePoint = function (i, x, y) {
    var fr = this.dataFrame;
    this.points[i].x = Math.round(clamp(x, fr.xr[0], fr.xr[1]) * 10) / 10;
    this.points[i].y = Math.round(clamp(y, fr.yr[0], fr.yr[1]) * 2) / 2;
    this.dataChanged();
  };
  Playground.prototype.addPoint = function (x, y) {
    if (this.points.length >= NAMES.length) { return; }
    var used = this.points.map(function (p) { return p.name; }).join("");
    var name = NAMES.split("").filter(function (c) { return used.indexOf(c) < 0; })[0];
    if (x === undefined) {  // the middle of the view, on the exact line: it does not move
      var a = this.analysis;
      x = (this.dataFrame.xr[0] + this.dataFrame.xr[1]) / 2;
      y = a.spread ? a.exactM * x + a.exactB : a.yMean;
    }
    this.points.push({name: name, x: 0, y: 0});
    this.selected = this.points.length - 1;
    this.movePoint(this.selected, x, y);
    this.say("Point " + name + " added.");
    this.focusPoint(this.selected);
  };
  Playground.prototype.removePoint = function (i, keepFocus) {
    if (this.points.length <= 2 || i < 0) { return; }
    var name = this.points[i].name;
    this.points.splice(i, 1);
    this.selected = keepFocus ? Math.min(i, this.points.length - 1) : -1;
    this.dataChanged("Point " + name + " removed.");
    if (keepFocus) { this.focusPoint(this.selected); }
  };
  Playground.prototype.focusPoint = function (i) {
    var hit = this.pointLayer.querySelectorAll(".gdp-hit")[i];
    if (hit) { hit.focus(); }
  };

  // One node per point, rebuilt only when points come or go (a moved point keeps its node,
  // so it keeps the keyboard focus and the pointer).
  Playground.prototype.drawPoints = function () {
    var self = this, layer = this.pointLayer, fr = this.dataFrame;
    var names = this.points.map(function (p) { return p.name; }).join("");
    if (this.pointNodes && this.pointNames === names) { this.placePoints(); return; }
    this.pointNames = names;
    clear(layer);
    this.pointNodes = this.points.map(function (p, i) {
      var g = s("g", {"class": "gdp-point"}, layer);
      var dot = s("circle", {r: 6, fill: COLORS.data, stroke: "#fff", "stroke-width": 1}, g);
      var label = s("text", {"aria-hidden": "true"}, g);
      label.textContent = p.name;
      var hit = s("circle", {"class": "gdp-hit", r: 14, fill: "rgba(0,0,0,0)", tabindex: "0",
                             role: "slider", "aria-label": "Point " + p.name,
                             "aria-describedby": self.id + "-hint",
                             "aria-valuemin": fr.yr ? fr.yr[0] : 0,
                             "aria-valuemax": fr.yr ? fr.yr[1] : 0}, g);
      hit.addEventListener("focus", function () { self.select(i); });
      hit.addEventListener("keydown", function (event) { self.pointKey(event, i); });
      hit.addEventListener("pointerdown", function (event) { self.dragStart(event, i, hit); });
      hit.addEventListener("touchstart", function (event) { event.preventDefault(); },
                           {passive: false});
      return {g: g, dot: dot, label: label, hit: hit};
    });
    this.placePoints();
  };
  Playground.prototype.placePoints = function () {
    var fr = this.dataFrame, self = this;
    if (!fr.xr || !this.pointNodes) { return; }
    this.points.forEach(function (p, i) {
      var node = self.pointNodes[i], x = fr.X(p.x), y = fr.Y(p.y);
      node.dot.setAttribute("cx", x); node.dot.setAttribute("cy", y);
      node.hit.setAttribute("cx", x); node.hit.setAttribute("cy", y);
      node.label.setAttribute("x", x - 14); node.label.setAttribute("y", y - 8);
      node.hit.setAttribute("aria-valuenow", p.y);
      node.hit.setAttribute("aria-valuemin", fr.yr[0]);
      node.hit.setAttribute("aria-valuemax", fr.yr[1]);
      node.hit.setAttribute("aria-valuetext", "x " + exact(p.x, 2) + ", y " + exact(p.y, 2));
      node.dot.setAttribute("stroke", i === self.selected ? COLORS.start : "#fff");
      node.dot.setAttribute("stroke-width", i === self.selected ? 3 : 1);
    });
  };
  Playground.prototype.select = function (i) {
    if (this.selected === i) { return; }
    this.selected = i;
    this.placePoints();
    this.drawTable();
  };
  Playground.prototype.pointKey = function (event, i) {
    var p = this.points[i], big = event.shiftKey;
    var moves = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1]};
    if (moves[event.key]) {
      event.preventDefault();
      var d = moves[event.key];
      this.movePoint(i, p.x + d[0] * (big ? 1 : 0.1), p.y + d[1] * (big ? 10 : 1));
      this.say("Point " + p.name + " at x " + exact(p.x, 2) + ", y " + exact(p.y, 2) + ".");
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      this.removePoint(i, true);
    }
  };
  // A drag follows its pointer over the whole window (the pointer may leave the small
  // point, or the SVG, on the way), until that pointer is released.
  Playground.prototype.dragStart = function (event, i, hit) {
    var self = this, fr = this.dataFrame, id = event.pointerId;
    event.preventDefault();
    this.select(i);
    hit.focus({preventScroll: true});
    function move(e) {
      if (e.pointerId !== id) { return; }
      var box = fr.svg.getBoundingClientRect(), at = fr.invert(e.clientX - box.left,
                                                               e.clientY - box.top);
      self.movePoint(i, at.x, at.y);
    }
    function end(e) {
      if (e.pointerId !== id) { return; }
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", end);
      window.removeEventListener("pointercancel", end);
      var p = self.points[i];
      if (p) { self.say("Point " + p.name + " moved to x " + exact(p.x, 2) + ", y " +
                        exact(p.y, 2) + ": a new run starts from the current line."); }
    }
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", end);
    window.addEventListener("pointercancel", end);
  };

  // ---- framing the views
  Playground.prototype.frameData = function () {
    var xs = this.config.x, ys = this.config.y;
    var xLo = Math.min(0, Math.min.apply(null, xs)), xHi = Math.max.apply(null, xs);
    var yLo = Math.min(0, Math.min.apply(null, ys)), yHi = Math.max(0, Math.max.apply(null, ys));
    var xPad = Math.max(1, 0.25 * (xHi - xLo)), ySpan = Math.max(1, yHi - yLo);
    this.dataRange = [[xLo, xHi + xPad], [yLo - 0.1 * ySpan, yHi + 0.3 * ySpan]];
  };
  // The contour view covers the start, the lowest point and where the next LOOKAHEAD epochs
  // go with the current settings; it then only grows, to keep the path in view.
  Playground.prototype.frameMap = function () {
    var a = this.analysis, run = this.run, box = {m: [run.m, run.m], b: [run.b, run.b]};
    function include(m, b) {
      box.m[0] = Math.min(box.m[0], m); box.m[1] = Math.max(box.m[1], m);
      box.b[0] = Math.min(box.b[0], b); box.b[1] = Math.max(box.b[1], b);
    }
    include(a.centreM, a.centreB);
    var probe = new Run(a, run.m, run.b);
    for (var i = 0; i < LOOKAHEAD && probe.step(this.rate, this.beta); i++) {
      include(probe.m, probe.b);
    }
    this.mapBox = box;
    this.mapBase = {m: box.m.slice(), b: box.b.slice()};
    this.boxUpTo = 0;
    // Keep the frame while the new box fills a third of it (mapRanges grows it if needed):
    // a point dragged a little does not make the axes jump.
    var old = this.mapRange;
    function fills(r, span) { return 3 * (span[1] - span[0]) >= r[1] - r[0]; }
    if (!(old && fills(old[0], box.m) && fills(old[1], box.b))) { this.mapRange = null; }
  };
  // The box grows with every point the run visits, up to four times the box it started
  // with: a diverging path stays in view for a few epochs, then leaves it.
  Playground.prototype.mapRanges = function () {
    var box = this.mapBox, run = this.run, base = this.mapBase;
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
      var limit = 1.5 * Math.max(start[1] - start[0], 1);
      return [Math.max(r[0] - 0.15 * span, start[0] - limit),
              Math.min(r[1] + 0.15 * span, start[1] + limit)];
    }
    var mr = pad(box.m, base.m), br = pad(box.b, base.b), old = this.mapRange;
    if (old && old[0][0] <= mr[0] && old[0][1] >= mr[1] && old[1][0] <= br[0] &&
        old[1][1] >= br[1]) {
      return false;
    }
    this.mapRange = [mr, br];
    return true;
  };

  // ---- drawing
  Playground.prototype.layout = function () {
    var width = this.root.clientWidth;
    if (!width || !this.run) { return; }
    var fr = this.dataFrame, w = fr.svg.parentNode.clientWidth;
    fr.layout(w, clamp(Math.round(w * 0.7), 240, 360), this.dataRange[0], this.dataRange[1]);
    this.plotBg.setAttribute("x", fr.left); this.plotBg.setAttribute("y", fr.top);
    this.plotBg.setAttribute("width", fr.pw); this.plotBg.setAttribute("height", fr.ph);
    this.placePoints();
    w = this.mapFrame.svg.parentNode.clientWidth;
    this.mapSize = [w, clamp(Math.round(w * 0.7), 240, 360)];
    this.mapRange = null;
    w = this.lossFrame.svg.parentNode.clientWidth;
    this.lossSize = [w, clamp(Math.round(w * 0.4), 200, 260)];
    this.lossScale = null;
    this.drawControls();
    this.drawMap(true);
    this.draw();
  };

  Playground.prototype.drawControls = function (from) {
    var a = this.analysis, rate = this.rate;
    if (from !== "box") { this.rateBox.value = rateText(rate); }
    if (from !== "slider") { this.rateSlider.value = Math.log10(rate); }
    this.rateSlider.setAttribute("aria-valuetext", rateText(rate));
    this.betaSlider.value = this.beta;
    this.betaOut.textContent = this.beta.toFixed(2);
    this.centreBox.checked = this.centred;
    // The stable bound on the slider: 2 / largest eigenvalue, as a mark and a colour split.
    var f = (Math.log10(a.bound) - RATE_MIN) / (RATE_MAX - RATE_MIN), where = clamp(f, 0, 1);
    var at = "calc(10px + (100% - 20px) * " + where.toFixed(4) + ")";
    this.rateSlider.style.setProperty("--gdp-split", f > 1 ? "100%" : at);
    this.boundMark.style.left = at;
    this.boundMark.className = "gdp-bound" + (where > 0.75 ? " is-right" : where < 0.25 ?
                                              " is-left" : "");
    this.boundMark.textContent = "2/\u03bbmax = " + rateText(a.bound) +
      (f > 1 ? " (beyond 0.1)" : f < 0 ? " (below 0.0001)" : "");
    var exactText = a.spread ? "The exact least-squares line is y = " + exact(a.exactM, 4) +
      " x + " + exact(a.exactB, 4) + ", with MSE " + exact(a.minLoss, 4) + ". " :
      "All points have the same x: no single line is best. ";
    this.facts.textContent = exactText + "Descent is stable for learning rates below " +
      "2/\u03bbmax = " + rateText(a.bound) + (this.centred ? " (centred x)." : ".");
    this.removeButton.disabled = this.points.length <= 2;
    this.addButton.disabled = this.points.length >= NAMES.length;
  };

  // Filled contour bands of the MSE (ellipses: the MSE is quadratic in m and b), log-spaced
  // above its minimum, darker lower down, as in the book's contour figures.
  Playground.prototype.drawMap = function (force) {
    var fr = this.mapFrame, a = this.analysis;
    if (!this.mapSize) { return; }
    if (!this.mapRanges() && !force) { return; }
    fr.yTitle = this.centred ? "Intercept b_c (height at x\u0304)" : "Intercept b";
    fr.layout(this.mapSize[0], this.mapSize[1], this.mapRange[0], this.mapRange[1]);
    var kx = fr.pw / (fr.xr[1] - fr.xr[0]), ky = fr.ph / (fr.yr[1] - fr.yr[0]);
    var A = a.A, top = 0, corners = [[fr.xr[0], fr.yr[0]], [fr.xr[0], fr.yr[1]],
                                      [fr.xr[1], fr.yr[0]], [fr.xr[1], fr.yr[1]]];
    corners.forEach(function (c) {
      var dm = c[0] - a.centreM, db = c[1] - a.centreB;
      top = Math.max(top, A[0] * dm * dm + 2 * A[1] * dm * db + A[2] * db * db);
    });
    // The quadratic form in screen pixels, and its axes.
    var e = eigen2(A[0] / (kx * kx), -A[1] / (kx * ky), A[2] / (ky * ky));
    var cx = fr.X(a.centreM), cy = fr.Y(a.centreB), cos = Math.cos(e.angle), sin = Math.sin(e.angle);
    var far = 8 * (fr.pw + fr.ph), levels = 15, ratio = Math.pow(10, 1 / 3);
    if (!this.bandPaths) {
      this.bandBack = s("rect", {fill: viridis(1)}, this.bands);
      this.bandPaths = [];
      for (var j = 0; j < levels; j++) {
        this.bandPaths.push(s("path", {fill: viridis(1 - (j + 1) / levels),
                                       stroke: "rgba(0,0,0,0.3)", "stroke-width": 0.8},
                              this.bands));
      }
    }
    var back = {x: fr.left, y: fr.top, width: fr.pw, height: fr.ph};
    for (var name in back) { this.bandBack.setAttribute(name, back[name]); }
    for (j = 0; j < levels; j++) {
      var level = top * Math.pow(ratio, -j);
      var r1 = Math.min(far, Math.sqrt(level / e.big)), r2 = e.small > 0 ?
        Math.min(far, Math.sqrt(level / e.small)) : far;
      var d = "";
      for (var t = 0; t < 96; t++) {
        var u = 2 * Math.PI * t / 96, p = r1 * Math.cos(u), q = r2 * Math.sin(u);
        d += (t ? "L" : "M") + (cx + p * cos - q * sin).toFixed(1) + " " +
             (cy + p * sin + q * cos).toFixed(1);
      }
      this.bandPaths[j].setAttribute("d", d + "Z");
    }
    if (a.spread) {
      this.star.setAttribute("d", starPath(fr.X(a.centreM), fr.Y(a.centreB), 9));
      this.star.style.display = "";
    } else {
      this.star.style.display = "none";
    }
    this.pathKept = [];
    this.pathUpTo = -1;
  };

  // Keep a path point only when it is at least a pixel from the last one kept.
  Playground.prototype.drawPath = function () {
    var fr = this.mapFrame, run = this.run, kept = this.pathKept, last = kept[kept.length - 1];
    for (var i = this.pathUpTo + 1; i <= run.k; i++) {
      var x = fr.X(run.ms[i]), y = fr.Y(run.bs[i]);
      if (!isFinite(x) || !isFinite(y)) { break; }
      x = clamp(x, -1e4, 1e4); y = clamp(y, -1e4, 1e4);
      if (!last || Math.abs(x - last[0]) >= 1 || Math.abs(y - last[1]) >= 1 || i === 0) {
        last = [x, y];
        kept.push(last);
      }
      this.pathUpTo = i;
    }
    var points = kept.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); });
    var x1 = fr.X(run.m), y1 = fr.Y(run.b);
    if (isFinite(x1) && isFinite(y1)) {
      x1 = clamp(x1, -1e4, 1e4); y1 = clamp(y1, -1e4, 1e4);
      points.push(x1.toFixed(1) + "," + y1.toFixed(1));
      this.here.setAttribute("cx", x1); this.here.setAttribute("cy", y1);
    }
    var text = points.join(" ");
    this.pathLine.setAttribute("points", text);
    this.pathCasing.setAttribute("points", text);
  };

  // The loss curve: epoch k + 1 has the loss of the line after k updates. The epoch axis
  // grows in round steps (10, 20, 50, 100, ...); each pixel column keeps the first, lowest,
  // highest and last loss that falls in it, so a long run costs a column, not a point.
  Playground.prototype.drawLoss = function () {
    var fr = this.lossFrame, run = this.run, a = this.analysis, sc = this.lossScale;
    var last = run.k + 1, low = sc ? sc.low : Infinity, high = sc ? sc.high : 0;
    for (var i = sc ? sc.upTo + 1 : 0; i <= run.k; i++) {
      var v = run.losses[i];
      if (v > 0 && v < Infinity) { low = Math.min(low, v); high = Math.max(high, v); }
    }
    if (a.minLoss > 0) { low = Math.min(low, a.minLoss); }
    if (!(high > 0)) { high = 1; }
    if (!(low < Infinity)) { low = high / 10; }
    var yLo = Math.floor(Math.log10(Math.max(low, high * 1e-16)));
    var yHi = Math.max(yLo + 1, Math.ceil(Math.log10(high)));
    if (!sc || last > sc.xMax || yLo !== sc.yLo || yHi !== sc.yHi) {
      var xMax = sc ? sc.xMax : 10;
      while (xMax < last) {
        xMax *= xMax / Math.pow(10, Math.floor(Math.log10(xMax) + 1e-9)) === 2 ? 2.5 : 2;
      }
      fr.layout(this.lossSize[0], this.lossSize[1], [1, xMax], [yLo, yHi]);
      var columns = Math.max(1, Math.floor(fr.pw));
      sc = this.lossScale = {xMax: xMax, yLo: yLo, yHi: yHi, upTo: -1, columns: columns,
                             first: new Int32Array(columns).fill(-1),
                             last: new Int32Array(columns), low: low, high: high,
                             min: new Float64Array(columns), max: new Float64Array(columns)};
    }
    sc.low = low; sc.high = high;
    var bottom = Math.pow(10, yLo), ceiling = Math.pow(10, yHi);
    function shown(value) { return value > 0 ? Math.min(value, ceiling) : bottom; }
    for (i = sc.upTo + 1; i <= run.k; i++) {
      v = shown(run.losses[i]);
      var c = Math.min(sc.columns - 1, Math.floor(i / (sc.xMax - 1) * sc.columns));
      if (sc.first[c] < 0) { sc.first[c] = i; sc.min[c] = v; sc.max[c] = v; }
      sc.min[c] = Math.min(sc.min[c], v); sc.max[c] = Math.max(sc.max[c], v); sc.last[c] = i;
    }
    sc.upTo = run.k;
    var points = [];
    function add(epoch, value) {
      points.push(fr.X(epoch).toFixed(1) + "," + fr.Y(value).toFixed(1));
    }
    for (c = 0; c < sc.columns; c++) {
      if (sc.first[c] < 0) { continue; }
      var first = shown(run.losses[sc.first[c]]), end = shown(run.losses[sc.last[c]]);
      add(sc.first[c] + 1, first);
      if (sc.max[c] > Math.max(first, end)) { add(sc.first[c] + 1, sc.max[c]); }
      if (sc.min[c] < Math.min(first, end)) { add(sc.first[c] + 1, sc.min[c]); }
      if (sc.last[c] !== sc.first[c]) { add(sc.last[c] + 1, end); }
    }
    this.lossLine.setAttribute("points", points.join(" "));
    this.lossHere.setAttribute("cx", fr.X(last));
    this.lossHere.setAttribute("cy", fr.Y(shown(run.loss)));
    if (a.minLoss > 0) {
      var y = fr.Y(a.minLoss);
      this.minLine.setAttribute("x1", fr.left); this.minLine.setAttribute("x2", fr.left + fr.pw);
      this.minLine.setAttribute("y1", y); this.minLine.setAttribute("y2", y);
      this.minLine.style.display = "";
    } else {
      this.minLine.style.display = "none";
    }
  };

  Playground.prototype.drawTable = function () {
    var a = this.analysis, run = this.run, n = a.n;
    var m = run.m, b = run.b, xs = a.xs, ys = a.ys;
    var xName = this.centred ? "x \u2212 x\u0304" : "x";
    var cols = [[], [], [], [], [], []];
    for (var i = 0; i < n; i++) {
      var yHat = m * xs[i] + b, r = ys[i] - yHat;
      cols[0].push(xs[i]); cols[1].push(yHat); cols[2].push(ys[i]); cols[3].push(r);
      cols[4].push(xs[i] * r); cols[5].push(r * r);
    }
    var digits = cols.map(function (col, j) { return decimalsFor(col, j === 5 ? 4 : 5); });
    this.caption.textContent = "Epoch " + (run.k + 1) + " by hand";
    if (this.thead.childNodes.length === 0 || this.headFor !== xName) {
      clear(this.thead);
      var row = h("tr", {}, null, this.thead);
      ["Point", xName, "\u0177", "y", "y \u2212 \u0177", (this.centred ? "(x \u2212 x\u0304)" : "x") +
       " (y \u2212 \u0177)", "(y \u2212 \u0177)\u00b2"].forEach(function (text) {
        h("th", {scope: "col"}, text, row);
      });
      this.headFor = xName;
    }
    if (this.tbody.childNodes.length !== n) {
      clear(this.tbody);
      for (i = 0; i < n; i++) {
        row = h("tr", {}, null, this.tbody);
        for (var j = 0; j < 7; j++) { h(j ? "td" : "th", j ? {} : {scope: "row"}, null, row); }
      }
    }
    var rows = this.tbody.childNodes;
    for (i = 0; i < n; i++) {
      var cells = rows[i].childNodes;
      cells[0].textContent = this.points[i].name;
      for (j = 0; j < 6; j++) { cells[j + 1].textContent = fixed(cols[j][i], digits[j]); }
      rows[i].className = i === this.selected ? "is-selected" : "";
    }
    var means = [3, 4, 5].map(function (j) {
      var total = 0;
      cols[j].forEach(function (v) { total += v; });
      return total / n;
    });
    if (!this.tfoot.firstChild) {
      row = h("tr", {}, null, this.tfoot);
      h("th", {scope: "row"}, "mean", row);
      for (j = 0; j < 6; j++) { h("td", {}, null, row); }
    }
    var foot = this.tfoot.firstChild.childNodes;
    foot[4].textContent = exact(means[0], 6);
    foot[5].textContent = exact(means[1], 6);
    foot[6].textContent = exact(run.loss, 4);
    // The gradient from the two means, and the update.
    var rate = rateText(this.rate), bName = this.centred ? "b_c" : "b";
    var text = "dm = \u22122 \u00d7 " + exact(means[1], 6) + " = " + exact(run.dm, 6) +
      ", db = \u22122 \u00d7 " + exact(means[0], 6) + " = " + exact(run.db, 6) + ". ";
    if (this.beta === 0) {
      text += "The update: new m = m \u2212 " + rate + " \u00d7 dm = " +
        exact(run.m - this.rate * run.dm, 6) + ", new " + bName + " = " + bName + " \u2212 " +
        rate + " \u00d7 db = " + exact(run.b - this.rate * run.db, 6) + ".";
    } else {
      var beta = exact(this.beta, 2);
      var vm = this.beta * run.vm - this.rate * run.dm, vb = this.beta * run.vb - this.rate * run.db;
      text += "The update with momentum: v_m = " + beta + " \u00d7 " + exact(run.vm, 6) +
        " \u2212 " + rate + " \u00d7 dm = " + exact(vm, 6) + ", v_b = " + beta + " \u00d7 " +
        exact(run.vb, 6) + " \u2212 " + rate + " \u00d7 db = " + exact(vb, 6) +
        "; new m = m + v_m = " + exact(run.m + vm, 6) + ", new " + bName + " = " + bName +
        " + v_b = " + exact(run.b + vb, 6) + ".";
    }
    if (run.diverged) { text = "The run has stopped: no update."; }
    this.stepsText.textContent = text;
  };

  // A table wider than the column scrolls; then it must take focus (WCAG 2.1.1). Checked
  // when the table or its box changes size, after layout, so a redraw forces no layout.
  Playground.prototype.checkScroll = function () {
    var box = this.tableBox;
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "The epoch by hand (scrolls sideways)");
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  };

  Playground.prototype.draw = function () {
    if (!this.mapSize) { return; }
    var a = this.analysis, run = this.run, fr = this.dataFrame;
    var line = {m: run.m, b: run.b - run.m * a.shift};
    var x0 = fr.xr[0], x1 = fr.xr[1];
    function put(node, m, b) {
      node.setAttribute("x1", fr.X(x0)); node.setAttribute("x2", fr.X(x1));
      node.setAttribute("y1", clamp(fr.Y(m * x0 + b), -1e5, 1e5));
      node.setAttribute("y2", clamp(fr.Y(m * x1 + b), -1e5, 1e5));
    }
    put(this.currentLine, line.m, line.b);
    if (a.spread) { put(this.exactLine, a.exactM, a.exactB); }
    this.exactLine.style.display = a.spread ? "" : "none";
    var segments = this.residuals.childNodes;
    while (segments.length > a.n) { this.residuals.removeChild(this.residuals.lastChild); }
    while (segments.length < a.n) { s("line", {}, this.residuals); }
    for (var i = 0; i < a.n; i++) {
      var p = this.points[i], seg = segments[i], x = fr.X(p.x);
      seg.setAttribute("x1", x); seg.setAttribute("x2", x);
      seg.setAttribute("y1", fr.Y(p.y));
      seg.setAttribute("y2", clamp(fr.Y(line.m * p.x + line.b), -1e5, 1e5));
    }
    this.placePoints();
    if (this.mapRanges()) { this.drawMap(true); }
    this.drawPath();
    this.drawLoss();
    this.drawTable();
    // The numbers.
    this.out.epoch.textContent = String(run.k);
    this.out.m.textContent = exact(run.m, 6);
    this.bTerm.textContent = this.centred ? "b_c" : "b";
    this.out.b.textContent = exact(run.b, 6);
    this.out.loss.textContent = exact(run.loss, 6);
    this.out.dm.textContent = exact(run.dm, 6);
    this.out.db.textContent = exact(run.db, 6);
    this.mapFrame.svg.setAttribute("aria-label", "Contour map of the MSE over m and " +
      (this.centred ? "b_c" : "b") + ", with the path of " + run.k + " updates; now at m " +
      exact(run.m, 4) + ", " + (this.centred ? "b_c " : "b ") + exact(run.b, 4) + ".");
    this.lossFrame.svg.setAttribute("aria-label", "Loss curve on a log scale: MSE " +
      exact(run.losses[0], 4) + " at epoch 1, " + exact(run.loss, 4) + " at epoch " +
      (run.k + 1) + ".");
    var root = this.root;
    root.setAttribute("data-epoch", run.k);
    root.setAttribute("data-m", line.m);
    root.setAttribute("data-b", line.b);
    root.setAttribute("data-loss", run.loss);
    root.setAttribute("data-exact-m", a.exactM);
    root.setAttribute("data-exact-b", a.exactB);
    root.setAttribute("data-bound", a.bound);
    root.setAttribute("data-x", this.points.map(function (q) { return q.x; }).join(","));
    root.setAttribute("data-y", this.points.map(function (q) { return q.y; }).join(","));
    root.setAttribute("data-diverged", run.diverged ? "true" : "false");
    root.setAttribute("data-rate", this.rate);
    root.setAttribute("data-momentum", this.beta);
    root.setAttribute("data-centred", this.centred ? "true" : "false");
  };

  function mount(root) {
    if (!root || root.getAttribute("data-mounted")) { return null; }
    root.setAttribute("data-mounted", "true");
    var playground = new Playground(root);
    root.gdpPlayground = playground;  // for the tests and the benchmark
    return playground;
  }

  window.GDPlayground = {mount: mount};
})();
