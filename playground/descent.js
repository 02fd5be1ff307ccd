// The descent arithmetic: linreg.fit's epochs, its rule for a run that blows up, when a run
// has settled, and what the views need to know about the MSE of the data. No DOM:
// tests/playground_descent.js runs this file under node against linreg.
//
// Each epoch measures the MSE and the gradient of the current line (the loss of an epoch
// is measured at its start, before its update), then moves the line:
//   v <- beta v - rate grad,   (m, b) <- (m, b) + v        (beta = 0: plain descent)
// With centring on, the fit is in x - mean(x): the parameters are m and b_c, and the line
// is y = m x + (b_c - m mean(x)).
var MAX_EPOCHS = 1000000;
// A run has settled when its lowest MSE fell by less than SETTLE_TOLERANCE of itself (or
// by less than the rounding error of the MSE) over the last SETTLE_WINDOW epochs, and its
// MSE is that lowest value.
var SETTLE_WINDOW = 1000;
var SETTLE_TOLERANCE = 1e-12;

// Eigenvalues (largest first) and the angle of the first eigenvector of [[p, q], [q, r]].
function eigen2(p, q, r) {
  var mean = (p + r) / 2, radius = Math.hypot((p - r) / 2, q), big = mean + radius;
  var small = big > 0 ? (p * r - q * q) / big : 0;
  return {big: big, small: Math.max(0, small), angle: 0.5 * Math.atan2(2 * q, p - r)};
}

// The data as the fit sees them (x, or x - mean(x) when centred), the exact answer, its
// loss, and the Hessian's eigenvalues.
function analyse(points, centred) {
  var n = points.length, xs = new Float64Array(n), ys = new Float64Array(n);
  var xMean = 0, yMean = 0, xMin = Infinity, xMax = -Infinity, squaresY = 0;
  for (var i = 0; i < n; i++) {
    xMean += points[i].x; yMean += points[i].y; squaresY += points[i].y * points[i].y;
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
  var a = {n: n, xs: xs, ys: ys, shift: shift, xMean: xMean, yMean: yMean,
           meanSquareY: squaresY / n};
  a.spread = xMax > xMin;                       // linreg's check: two different x
  a.exactM = a.spread ? sxy / sxx : NaN;        // linreg.least_squares
  a.exactB = a.spread ? yMean - a.exactM * xMean : NaN;
  a.minLoss = a.spread ? Math.max(0, (syy - sxy * sxy / sxx) / n) : syy / n;
  if (a.minLoss <= 1e-12 * syy / n) { a.minLoss = 0; }  // a line through every point
  // Centre of the contours in the fit's coordinates (any minimiser when x has no spread).
  a.centreM = a.spread ? a.exactM : 0;
  a.centreB = a.spread ? a.exactB + a.exactM * shift : yMean;
  // The MSE is minLoss + d' A d with d = (m, b) - centre and A = Hessian / 2.
  a.A = [sumXX / n, sumX / n, 1];
  var e = eigen2(a.A[0], a.A[1], a.A[2]);
  a.lambdaMax = 2 * e.big;
  a.lambdaMin = 2 * e.small;
  a.bound = 2 / a.lambdaMax;                    // linreg.max_stable_learning_rate
  return a;
}

// The largest stable learning rate with momentum beta (linreg.max_stable_learning_rate).
function stableLimit(a, beta) { return 2 * (1 + beta) / a.lambdaMax; }

// The MSE of the line y = m x + b (in x) on points: linreg.loss_mse.
function lossOfLine(points, m, b) {
  var total = 0;
  for (var i = 0; i < points.length; i++) {
    var r = points[i].y - (m * points[i].x + b);
    total += r * r;
  }
  return total / points.length;
}

// A run from (m, b), in the fit's coordinates. Row k of its history is the line after k
// updates, with the loss measured there.
function Run(a, m, b) {
  this.a = a;
  this.capacity = 1024;
  this.losses = new Float64Array(this.capacity);
  this.ms = new Float64Array(this.capacity);
  this.bs = new Float64Array(this.capacity);
  this.k = 0;               // updates made; the current line is row k
  this.vm = 0; this.vb = 0; // momentum's velocity
  this.diverged = false;
  this.lowest = Infinity;   // the lowest loss so far, and its value at each recent epoch
  this.lowestRing = new Float64Array(SETTLE_WINDOW + 1);
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
    var grow = function (old, size) {
      var next = new Float64Array(size);
      next.set(old);
      return next;
    };
    this.losses = grow(this.losses, this.capacity);
    this.ms = grow(this.ms, this.capacity);
    this.bs = grow(this.bs, this.capacity);
  }
  this.losses[this.k] = this.loss; this.ms[this.k] = this.m; this.bs[this.k] = this.b;
  if (this.loss < this.lowest) { this.lowest = this.loss; }
  this.lowestRing[this.k % (SETTLE_WINDOW + 1)] = this.lowest;
};
// One epoch: the update of the current line, then the loss of the new one. As in
// linreg.fit, a loss that overflows, or rises past the start (with momentum: only at a
// rate beyond the stable limit), ends the run: it has diverged.
Run.prototype.step = function (rate, beta) {
  if (this.diverged || this.k >= MAX_EPOCHS) { return false; }
  this.vm = beta * this.vm - rate * this.dm;
  this.vb = beta * this.vb - rate * this.db;
  this.m += this.vm; this.b += this.vb; this.k += 1;
  this.measure();
  this.record();
  if (!isFinite(this.loss) ||
      (this.loss > this.losses[0] && (beta === 0 || rate > stableLimit(this.a, beta)))) {
    this.diverged = true;
  }
  return !this.diverged;
};
// Up to k epochs; returns how many ran.
Run.prototype.steps = function (k, rate, beta) {
  var start = this.k;
  for (var i = 0; i < k && this.step(rate, beta); i++) { /* one epoch */ }
  return this.k - start;
};
// The rounding error of an MSE near `loss`: its residuals carry about 1e-16 of the data's
// size each.
Run.prototype.roundingOf = function (loss) {
  return 1e-14 * Math.sqrt(loss * this.a.meanSquareY);
};
Run.prototype.settled = function () {
  if (this.diverged || this.k < SETTLE_WINDOW) { return false; }
  var before = this.lowestRing[(this.k - SETTLE_WINDOW) % (SETTLE_WINDOW + 1)];
  var tolerance = SETTLE_TOLERANCE * this.lowest + this.roundingOf(this.lowest);
  return before - this.lowest <= tolerance && this.loss - this.lowest <= tolerance;
};
// The first epoch count k (updates made) whose loss is below `target`, from `from` on;
// -1 if none yet.
Run.prototype.firstBelow = function (target, from) {
  for (var i = from || 0; i <= this.k; i++) {
    if (this.losses[i] < target) { return i; }
  }
  return -1;
};
