// The controls: the learning rate (a field that takes what a reader types, with a visible
// message next to it for what it cannot take, and a log slider whose unstable part is
// marked in words), the bar of buttons and numbers that stays in view while the views
// scroll, Play's speed, Run again and Reset, the part-two disclosure (momentum, centring),
// and the numbers and the status line under them.
var RATE_MIN = -4, RATE_MAX = -1;   // the learning-rate slider, in log10 units
var SPEEDS = [1, 3, 10, 30, 100, 300, 1000, 3000, 10000, 100000];  // Play, in epochs per second
var PART_TWO = "More controls (part two)";

// Why a typed learning rate cannot be taken, or null if it can.
function rateProblem(text) {
  var v = parseTyped(text);
  if (String(text).trim() === "") { return "Type a learning rate, for example 0.01."; }
  if (isNaN(v)) {
    return "\u201c" + text + "\u201d is not a number: type a learning rate such as 0.01 (a " +
      "decimal comma works too).";
  }
  if (v < 1e-4) { return sig(v, 6) + " is below 0.0001, the smallest learning rate here."; }
  if (v > 0.1) { return sig(v, 6) + " is above 0.1, the largest learning rate here."; }
  return null;
}

function Controls(root, pg) {
  var self = this, id = pg.id;
  this.pg = pg;
  var rate = h("div", {"class": "gdp-rate"}, null, root);
  h("label", {"for": id + "-rate"}, "Learning rate", rate);
  var row = h("div", {"class": "gdp-row"}, null, rate);
  this.rateBox = h("input", {type: "text", id: id + "-rate", inputmode: "decimal",
                             autocomplete: "off", spellcheck: "false",
                             "aria-describedby": id + "-rate-error " + id + "-rate-help"},
                     null, row);
  var track = h("div", {"class": "gdp-track"}, null, row);
  this.limitMark = h("span", {"class": "gdp-bound", "aria-hidden": "true"}, null, track);
  this.rateSlider = h("input", {type: "range", id: id + "-rate-slider", min: RATE_MIN,
                                max: RATE_MAX, step: "0.01",
                                "aria-label": "Learning rate, log scale from 0.0001 to 0.1",
                                "aria-describedby": id + "-rate-help"}, null, track);
  this.rateError = h("p", {"class": "gdp-error", id: id + "-rate-error", role: "alert"}, null,
                     rate);
  this.rateHelp = h("p", {"class": "gdp-help", id: id + "-rate-help"}, null, rate);

  // The bar: what a reader presses most, and the numbers that answer.
  this.bar = h("div", {"class": "gdp-bar"}, null, root);
  var buttons = h("div", {"class": "gdp-buttons"}, null, this.bar);
  this.stepButton = h("button", {type: "button", "class": "gdp-primary"}, "Step", buttons);
  this.playButton = h("button", {type: "button"}, "Play", buttons);
  this.hundredButton = h("button", {type: "button"}, "+100 epochs", buttons);
  this.out = {};
  this.terms = {};
  this.readout(this.bar, "gdp-now", [["epoch", "Epochs run"], ["loss", "MSE"]]);

  var more = h("div", {"class": "gdp-buttons"}, null, root);
  var speed = h("div", {"class": "gdp-speed"}, null, more);
  h("label", {"for": id + "-speed"}, "Play speed", speed);
  this.speedBox = h("select", {id: id + "-speed"}, null, speed);
  SPEEDS.forEach(function (v) {
    h("option", {value: v}, grouped(v) + " epochs/s", self.speedBox);
  });
  this.againButton = h("button", {type: "button"}, "Run again", more);
  this.resetButton = h("button", {type: "button"}, "Reset", more);

  // Part two, closed until the reader opens it: momentum and centring.
  this.details = h("details", {"class": "gdp-more"}, null, root);
  h("summary", {}, PART_TWO, this.details);
  var inner = h("div", {"class": "gdp-more-body"}, null, this.details);
  var momentum = h("div", {"class": "gdp-field"}, null, inner);
  h("label", {"for": id + "-momentum"}, "Momentum \u03b2", momentum);
  row = h("div", {"class": "gdp-row"}, null, momentum);
  this.betaSlider = h("input", {type: "range", id: id + "-momentum", min: "0", max: "0.99",
                                step: "0.01"}, null, row);
  this.betaOut = h("output", {"for": id + "-momentum"}, null, row);
  var check = h("div", {"class": "gdp-check"}, null, inner);
  this.centreBox = h("input", {type: "checkbox", id: id + "-centre"}, null, check);
  withMath(h("label", {"for": id + "-centre"}, null, check), "Centre x (fit in x \u2212 x\u0304)");
  this.partTwoFacts = h("p", {"class": "gdp-facts"}, null, inner);
  this.partTwo = h("div", {}, null, inner);

  // The status, then the gradient and the best line: a block whose height a drag freezes.
  this.info = h("div", {"class": "gdp-info"}, null, root);
  this.status = h("p", {"class": "gdp-status", role: "status", "aria-live": "polite"}, null,
                  this.info);
  this.news = h("p", {"class": "gdp-news", role: "status"}, null, this.info);
  this.readout(this.info, "gdp-line", [["m", "m"], ["b", "b"], ["dm", "gradient dMSE/dm"],
                                        ["db", "gradient dMSE/db"]]);
  this.facts = h("p", {"class": "gdp-facts", id: id + "-facts"}, null, this.info);
  this.wire();
}

// Numbers with their names, in cells whose width depends on the page's width only, so that
// a longer number never moves what is below it.
Controls.prototype.readout = function (parent, className, pairs) {
  var self = this, list = h("dl", {"class": "gdp-readout " + className}, null, parent);
  pairs.forEach(function (pair) {
    var item = h("div", {}, null, list);
    self.terms[pair[0]] = h("dt", {}, pair[1], item);
    self.out[pair[0]] = h("dd", {}, null, item);
  });
};

Controls.prototype.wire = function () {
  var self = this, pg = this.pg, box = this.rateBox;
  this.rateSlider.addEventListener("input", function () {
    pg.setRate(Number(Math.pow(10, Number(self.rateSlider.value)).toPrecision(3)), "slider");
  });
  // A typed rate applies on Enter or on leaving the field (not at each key: "0.15" would
  // pass through 0.1 on its way), or says why it cannot.
  box.addEventListener("change", function () { self.commitRate(); });
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { self.commitRate(); return; }
    if (event.key === "Escape") { pg.setRate(pg.rate); return; }
    // Arrow keys step along the slider's log scale.
    var steps = {ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10}[event.key];
    if (!steps) { return; }
    event.preventDefault();
    var v = clamp(Math.round(Math.log10(pg.rate) * 100 + steps) / 100, RATE_MIN, RATE_MAX);
    pg.setRate(Number(Math.pow(10, v).toPrecision(3)));
  });
  this.betaSlider.addEventListener("input", function () {
    pg.setMomentum(Number(self.betaSlider.value));
  });
  this.centreBox.addEventListener("change", function () { pg.setCentred(self.centreBox.checked); });
  this.stepButton.addEventListener("click", function () { pg.advance(1, true); });
  this.hundredButton.addEventListener("click", function () { pg.advance(100, true); });
  this.playButton.addEventListener("click", function () {
    if (pg.playing) { pg.pause(); } else { pg.play(); }
  });
  this.speedBox.addEventListener("change", function () {
    pg.setSpeed(Number(self.speedBox.value));
  });
  this.againButton.addEventListener("click", function () { pg.runAgain(); });
  this.resetButton.addEventListener("click", function () { pg.reset(); });
};

Controls.prototype.commitRate = function () {
  var problem = rateProblem(this.rateBox.value);
  if (problem) {
    this.rateError.textContent = problem + " The learning rate stays " + rateText(this.pg.rate) +
      ".";
    this.rateBox.setAttribute("aria-invalid", "true");
  } else {
    this.pg.setRate(parseTyped(this.rateBox.value));  // written back as it was read
  }
};

Controls.prototype.say = function (text, alert) {
  this.info.style.minHeight = "";
  this.status.textContent = text;
  this.status.classList.toggle("is-alert", !!alert);
};

// While a point or the line is dragged, the block above the views keeps its height, so
// that the views, and the point under the pointer, do not move; after the drag it may
// grow, but shrinks only with the next message.
Controls.prototype.freeze = function (on) {
  var height = this.info.getBoundingClientRect().height + "px";
  this.info.style.height = on ? height : "";
  this.info.style.minHeight = on ? "" : height;
  this.info.classList.toggle("is-frozen", on);
};

// `from`: the control the rate came from ("slider"), which keeps what the reader set.
Controls.prototype.drawRate = function (st, from) {
  var rate = st.rate;
  this.rateBox.value = rateText(rate);
  if (from !== "slider") { this.rateSlider.value = Math.log10(rate); }
  this.rateError.textContent = "";
  this.rateBox.removeAttribute("aria-invalid");
  this.drawLimit(st);
};

// The limit on the slider: a mark with its value, the track orange beyond it, and words.
Controls.prototype.drawLimit = function (st) {
  var rate = st.rate, limit = stableLimit(st.analysis, st.beta), unstable = rate > limit;
  this.rateSlider.setAttribute("aria-valuetext", rateText(rate) +
    (unstable ? ", unstable: the loss grows" : ""));
  var f = (Math.log10(limit) - RATE_MIN) / (RATE_MAX - RATE_MIN), where = clamp(f, 0, 1);
  var at = "calc(10px + (100% - 20px) * " + where.toFixed(4) + ")";
  this.rateSlider.style.setProperty("--gdp-split", f > 1 ? "100%" : at);
  this.limitMark.style.left = at;
  this.limitMark.className = "gdp-bound" + (where > 0.75 ? " is-right" : where < 0.25 ?
                                            " is-left" : "");
  this.limitMark.textContent = f > 1 ? "" : limitText(limit);
  this.rateHelp.textContent = f > 1 ? "Every rate on the slider is stable here: the loss " +
    "falls (the limit is " + limitText(limit) + ")." : "Rates above " + limitText(limit) +
    " (orange): unstable: the loss grows.";
};

Controls.prototype.draw = function (st) {
  var run = st.run, a = st.analysis, limit = stableLimit(a, st.beta);
  this.drawLimit(st);
  this.out.epoch.textContent = grouped(run.k);
  this.out.loss.textContent = exact(run.loss, 6);
  this.out.m.textContent = exact(run.m, 6);
  this.out.b.textContent = exact(run.b, 6);
  withMath(this.terms.b, st.centred ? "b at x\u0304" : "b");
  this.terms.db.textContent = "gradient dMSE/d" + (st.centred ? "b_c" : "b");
  this.out.dm.textContent = st.worked ? st.worked.dm : sig(run.dm, 6);
  this.out.db.textContent = st.worked ? st.worked.db : sig(run.db, 6);
  this.facts.textContent = a.spread ? "The best possible line is " +
    lineText(a.exactM, a.exactB, 4) + " (dashed green), with MSE " + exact(a.minLoss, 4) + "." :
    "All points have the same x: no single line is best.";
  withMath(this.partTwoFacts, "The limit on the slider is 2(1 + \u03b2)/\u03bbmax = " +
    limitText(limit) + ", where \u03bbmax = " + sig(a.lambdaMax, 4) + " is the largest " +
    "eigenvalue of the Hessian of the MSE" + (st.centred ? " in x \u2212 x\u0304." : "."));
  this.betaSlider.value = st.beta;
  this.betaOut.textContent = st.beta.toFixed(2);
  this.centreBox.checked = st.centred;
  this.speedBox.value = String(st.speed);
  this.playButton.textContent = st.playing ? "Pause" : "Play";
};
