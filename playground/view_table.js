// The epoch by hand: the per-point table of the book's chapter on three epochs for the
// epoch about to run, then its gradient and update, worked from the numbers as printed.
function TableView(root, pg) {
  var id = pg.id;
  h("p", {"class": "gdp-table-note"}, "The epoch by hand: each point's prediction \u0177 = " +
    "m x + b, its residual y \u2212 \u0177, and the two means the gradient is made of, before " +
    "the epoch's update. The mean of the last column is the MSE. Values are rounded to 5 " +
    "decimals; the means are worked from every digit.", root);
  this.box = h("div", {"class": "gdp-scroll", id: id + "-table"}, null, root);
  var table = this.table = h("table", {"class": "gdp-table"}, null, this.box);
  this.caption = h("caption", {}, null, table);
  this.thead = h("thead", {}, null, table);
  this.tbody = h("tbody", {}, null, table);
  this.tfoot = h("tfoot", {}, null, table);
  this.gradient = h("p", {"class": "gdp-steps"}, null, root);
  this.update = h("p", {"class": "gdp-steps"}, null, root);
}

// The gradient and the update, each a chain of equalities that holds exactly for the
// numbers as printed: inputs are rounded to at most 6 decimals, results are not rounded.
// v: {meanResidual, meanWeighted, m, b, rate, beta, vm, vb, bName}. Returns {dm, db,
// gradient, update} (texts), or null when a number is too large to work by hand.
function workedEpoch(v) {
  var values = [v.meanWeighted, v.meanResidual, v.m, v.b, v.vm, v.vb];
  if (!values.every(function (x) { return Math.abs(x) < 1e9; })) { return null; }
  var printed = values.map(function (x) { return exact(x, 6); });
  var meanWeighted = decimal(printed[0]), meanResidual = decimal(printed[1]);
  var two = decimal("-2"), rate = decimal(rateText(v.rate));
  var dm = decimalTimes(two, meanWeighted), db = decimalTimes(two, meanResidual);
  var gradient = "Gradient: dMSE/dm = \u22122 \u00d7 mean of x (y \u2212 \u0177) = " +
    "\u22122 \u00d7 " + factorText(meanWeighted) + " = " + decimalText(dm) + "; dMSE/d" + v.bName +
    " = \u22122 \u00d7 mean of (y \u2212 \u0177) = \u22122 \u00d7 " + factorText(meanResidual) +
    " = " + decimalText(db) + ".";
  // "old + step = new", with the step written as a subtraction when it is negative.
  function moved(old, step) {
    var sum = decimalAdd(old, step), sign = step.n < BigInt(0) ? " \u2212 " : " + ";
    return decimalText(old) + sign + decimalText(step.n < BigInt(0) ? decimalNegate(step) : step) +
      " = " + decimalText(sum);
  }
  var update, names = [["m", decimal(printed[2]), dm, decimal(printed[4])],
                       [v.bName, decimal(printed[3]), db, decimal(printed[5])]];
  if (v.beta === 0) {
    update = "Update: " + names.map(function (p) {
      var step = decimalNegate(decimalTimes(rate, p[2]));
      return "new " + p[0] + " = " + p[0] + " \u2212 learning rate \u00d7 dMSE/d" + p[0] + " = " +
        decimalText(p[1]) + " \u2212 " + decimalText(rate) + " \u00d7 " + factorText(p[2]) +
        " = " + moved(p[1], step);
    }).join("; ") + ".";
  } else {
    var beta = decimal(exact(v.beta, 2));
    update = "Update with momentum \u03b2 = " + decimalText(beta) + ": " + names.map(function (p) {
      var carried = decimalTimes(beta, p[3]), step = decimalNegate(decimalTimes(rate, p[2]));
      var velocity = decimalAdd(carried, step);
      return "v_" + p[0] + " = \u03b2 \u00d7 v_" + p[0] + " \u2212 learning rate \u00d7 dMSE/d" +
        p[0] + " = " + decimalText(beta) + " \u00d7 " + factorText(p[3]) + " \u2212 " +
        decimalText(rate) + " \u00d7 " + factorText(p[2]) + " = " + moved(carried, step) +
        ", new " + p[0] + " = " + p[0] + " + v_" + p[0] + " = " + moved(p[1], velocity);
    }).join("; ") + ".";
  }
  return {dm: decimalText(dm), db: decimalText(db), gradient: gradient, update: update};
}

TableView.prototype.draw = function (st) {
  var a = st.analysis, run = st.run, n = a.n, xs = a.xs, ys = a.ys;
  var xName = st.centred ? "x \u2212 x\u0304" : "x";
  var cols = [[], [], [], [], [], []];
  for (var i = 0; i < n; i++) {
    var yHat = run.m * xs[i] + run.b, r = ys[i] - yHat;
    cols[0].push(xs[i]); cols[1].push(yHat); cols[2].push(ys[i]); cols[3].push(r);
    cols[4].push(xs[i] * r); cols[5].push(r * r);
  }
  var digits = cols.map(function (col) { return decimalsFor(col, 5); });
  this.caption.textContent = "Epoch " + grouped(run.k + 1) + " by hand";
  if (this.headFor !== xName) {
    clear(this.thead);
    var row = h("tr", {}, null, this.thead);
    ["Point", xName, "\u0177", "y", "y \u2212 \u0177", (st.centred ? "(x \u2212 x\u0304)" : "x") +
     " (y \u2212 \u0177)", "(y \u2212 \u0177)\u00b2"].forEach(function (text) {
      withMath(h("th", {scope: "col"}, null, row), text);
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
    cells[0].textContent = st.points[i].name;
    for (j = 0; j < 6; j++) { cells[j + 1].textContent = fixed(cols[j][i], digits[j]); }
    rows[i].className = i === st.selected ? "is-selected" : "";
  }
  var means = [3, 4].map(function (j) {
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
  foot[6].textContent = exact(run.loss, 6);
  var worked = run.diverged ? null : workedEpoch({
    meanResidual: means[0], meanWeighted: means[1], m: run.m, b: run.b, rate: st.rate,
    beta: st.beta, vm: run.vm, vb: run.vb, bName: st.centred ? "b_c" : "b"});
  this.gradient.textContent = run.diverged ? "The run has stopped: no update." : worked ?
    worked.gradient : "The numbers are too large to work by hand.";
  this.update.textContent = worked ? worked.update : "";
  return worked;
};

// A table wider than its box scrolls; then the box must take focus (WCAG 2.1.1). Checked
// when the table or its box changes size, after layout, so a redraw forces no layout.
TableView.prototype.checkScroll = function () {
  var box = this.box;
  if (box.scrollWidth > box.clientWidth + 1) {
    setAttrs(box, {tabindex: "0", role: "region",
                   "aria-label": "The epoch by hand (scrolls sideways)"});
  } else {
    ["tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
  }
};
