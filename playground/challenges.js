// Challenges: short tasks whose goal the page checks and praises when met. They count with
// the starting points only. Part one's use part-one ideas (the line, its MSE, the learning
// rate, epochs); the part-two one sits inside the part-two disclosure.
var SLOW_EPOCHS = 10000;

// x rounded up to `figures` significant figures (default 1): 933 -> 1000, 700.4 -> 710 (2).
function roundUp(x, figures) {
  var unit = Math.pow(10, Math.floor(Math.log10(x)) - ((figures || 1) - 1));
  return Math.ceil(x / unit - 1e-9) * unit;
}

// The goals, from the starting points and line: computed once, when first needed.
function challengeGoals(points, start) {
  var a = analyse(points, false), min = a.minLoss, startLoss = lossOfLine(points, start.m, start.b);
  var goals = {hand: min > 0 ? roundUp(1.4 * min) : 1};
  // "The lowest MSE to 4 digits": below the value at which its 4-digit rounding changes.
  if (min > 0) {
    var unit = Math.pow(10, Math.floor(Math.log10(min)) - 3);
    goals.shown = Number(min.toPrecision(4));
    goals.target = goals.shown + unit / 2;
  } else {
    goals.target = goals.shown = Number((1e-6 * startLoss).toPrecision(1));
  }
  function epochs(rate, beta, centred, cap) {
    var fitted = centred ? analyse(points, true) : a;
    var run = new Run(fitted, start.m, start.b + start.m * fitted.shift);
    while (run.k < cap && run.loss >= goals.target && run.step(rate, beta)) { /* epoch */ }
    return run.loss < goals.target ? run.k : Infinity;
  }
  // Plain descent: the best slider rate, searched down from the limit while it still helps.
  var best = {epochs: Infinity, rate: NaN};
  for (var v = Math.floor(Math.log10(a.bound) * 100) / 100; v >= RATE_MIN; v -= 0.01) {
    var rate = Number(Math.pow(10, v).toPrecision(3));
    var k = rate <= 0.1 ? epochs(rate, 0, false, Math.min(MAX_EPOCHS, 3 * best.epochs)) : Infinity;
    if (k < best.epochs) { best = {epochs: k, rate: rate}; }
    if (k > 3 * best.epochs) { break; }
  }
  goals.best = best;
  // Some room above the best rate, but not enough for a rate past it, where the zigzag slows
  // the run down (the article's data: best 609 epochs, goal 710; 0.035 needs 867).
  goals.fast = isFinite(best.epochs) ? roundUp(1.15 * Math.max(1, best.epochs), 2) : Infinity;
  // Part two: the heavy-ball pair with the fastest worst case (linreg.fastest_momentum).
  var big = Math.sqrt(a.lambdaMax), small = Math.sqrt(a.lambdaMin);
  var heavy = epochs(Math.min(0.1, 4 / Math.pow(big + small, 2)),
                     Math.min(0.99, Math.pow((big - small) / (big + small), 2)), false, 100000);
  goals.beyond = isFinite(heavy) ? roundUp(1.1 * Math.max(1, heavy)) : Infinity;
  return goals;
}

// `news`: where a challenge met is announced, near the controls the reader is using.
function Challenges(root, partTwo, news, pg) {
  var self = this, id = pg.id;
  this.pg = pg;
  var section = h("section", {"class": "gdp-challenges", "aria-labelledby": id + "-challenges"},
                  null, root);
  h("p", {"class": "gdp-view-title", id: id + "-challenges"}, "Challenges", section);
  this.note = h("p", {"class": "gdp-hint"}, null, section);
  this.list = h("ol", {"class": "gdp-tasks"}, null, section);
  h("p", {"class": "gdp-view-title"}, "Challenge (part two)", partTwo);
  this.partTwoList = h("ol", {"class": "gdp-tasks", start: "5"}, null, partTwo);
  this.news = news;
  this.items = {};
  ["hand", "fast", "diverge", "slow"].forEach(function (name) { self.item(name, self.list); });
  this.item("beyond", this.partTwoList);
  // The diverge challenge asks for a number.
  var answer = h("div", {"class": "gdp-answer"}, null, this.items.diverge.li);
  h("label", {"for": id + "-percent"}, "Percent above the limit", answer);
  this.answerBox = h("input", {type: "text", id: id + "-percent", inputmode: "decimal",
                               autocomplete: "off", "aria-describedby": id + "-percent-message"},
                     null, answer);
  this.checkButton = h("button", {type: "button"}, "Check", answer);
  this.answerMessage = h("p", {"class": "gdp-error", id: id + "-percent-message", role: "alert"},
                         null, this.items.diverge.li);
  this.checkButton.addEventListener("click", function () { self.checkAnswer(); });
  this.answerBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { self.checkAnswer(); }
  });
  this.done = {};
  this.divergence = null;  // the learning rate and limit of the last run that diverged
  this.reach = null;       // the epoch at which the current run reached the target
}

Challenges.prototype.item = function (name, list) {
  var number = Object.keys(this.items).length + 1;
  var li = h("li", {"data-challenge": name, "data-number": number}, null, list);
  var badge = h("span", {"class": "gdp-badge"}, "Not yet", li);
  var text = h("span", {}, null, li);
  var praise = h("p", {"class": "gdp-praise"}, null, li);
  this.items[name] = {li: li, badge: badge, text: text, praise: praise};
};

Challenges.prototype.goals = function () {
  if (!this.goalValues) {
    var c = this.pg.config;
    this.goalValues = challengeGoals(this.pg.startingPoints(), {m: c.m, b: c.b});
  }
  return this.goalValues;
};

Challenges.prototype.drawTexts = function () {
  var g = this.goals(), it = this.items, c = this.pg.config;
  var startLine = "the starting line " + lineText(c.m, c.b, 4);
  it.hand.text.textContent = "Fit it by hand: drag the line's \u25c6 handles until its MSE is " +
    "below " + sig(g.hand, 3) + ".";
  it.fast.text.textContent = "From " + startLine + ", reach an MSE of " + sig(g.shown, 4) +
    " (the lowest possible, to 4 digits) in at most " + grouped(g.fast) + " epochs. Choose the " +
    "learning rate well, then Play.";
  it.diverge.text.textContent = "Find a learning rate at which the loss grows, then say by how " +
    "many percent it is above the limit marked on the slider.";
  it.slow.text.textContent = "Make descent take more than " + grouped(SLOW_EPOCHS) + " epochs to " +
    "settle without the loss growing (Play stops by itself once the MSE stops falling).";
  it.beyond.text.textContent = "With momentum, centring or both, reach an MSE of " +
    sig(g.shown, 4) + " from " + startLine + " in at most " + grouped(g.beyond) + " epochs.";
};

Challenges.prototype.meet = function (name, praise) {
  var it = this.items[name];
  it.praise.textContent = praise;
  if (this.done[name]) { return; }
  this.done[name] = true;
  it.badge.textContent = "\u2713 Done";
  it.li.classList.add("is-done");
  this.news.textContent = "\u2713 Challenge " + it.li.getAttribute("data-number") + " met. " +
    praise;
};

// After every change: is a goal met now?
Challenges.prototype.check = function (st) {
  if (!this.texts) { this.drawTexts(); this.texts = true; }
  this.note.textContent = st.startingPoints ? "Each goal is checked as you go." :
    "The challenges count with the starting points only: Undo your edits, or press Reset.";
  if (!st.startingPoints) { return; }
  var g = this.goals(), run = st.run, c = this.pg.config;
  if (st.userLine && st.userLine.loss < g.hand) {
    this.meet("hand", "Your line's MSE, " + sig(st.userLine.loss, 4) + ", is within " +
      sig(Math.max(0, st.userLine.loss / st.analysis.minLoss - 1) * 100, 2) + " % of the " +
      "lowest possible, " + sig(st.analysis.minLoss, 4) + ".");
  }
  if (run.diverged) {
    this.divergence = {rate: st.rate, limit: stableLimit(st.analysis, st.beta)};
  }
  if (this.reach === null || this.reach.run !== run) { this.reach = {run: run, upTo: 0, at: -1}; }
  var reach = this.reach;
  if (reach.at < 0) {
    reach.at = run.firstBelow(g.target, reach.upTo);
    reach.upTo = run.k + 1;
  }
  var line = st.start, fromStart = Math.abs(line.m - c.m) < 1e-12 && Math.abs(line.b - c.b) < 1e-12;
  var plain = st.beta === 0 && !st.centred;
  if (fromStart && reach.at >= 0 && plain && reach.at <= g.fast) {
    this.meet("fast", "You reached it in " + grouped(reach.at) + " epochs at learning rate " +
      rateText(st.rate) + ". The best rate on the slider, " + rateText(g.best.rate) +
      ", needs " + grouped(g.best.epochs) + ".");
  }
  if (fromStart && reach.at >= 0 && !plain && reach.at <= g.beyond) {
    this.meet("beyond", "You reached it in " + grouped(reach.at) + " epochs" +
      (st.beta > 0 ? " with momentum " + exact(st.beta, 2) : "") + (st.centred ? ", centred" : "") +
      "; plain descent needs at least " + grouped(g.best.epochs) + ".");
  }
  if (st.settled && run.k > SLOW_EPOCHS) {
    this.meet("slow", "The run at learning rate " + rateText(st.rate) + " settled after " +
      grouped(run.k) + " epochs.");
  }
};

Challenges.prototype.checkAnswer = function () {
  var box = this.answerBox, value = parseTyped(box.value.replace("%", "")), d = this.divergence;
  var message = "";
  if (!d) {
    message = "First make a run diverge: type a learning rate above the limit and press Step.";
  } else if (isNaN(value)) {
    message = "Type a number of percent, such as 12.5.";
  } else {
    var percent = (d.rate / d.limit - 1) * 100;
    if (Math.abs(value - percent) <= 0.5) {
      this.meet("diverge", "Yes: " + rateText(d.rate) + " is " + sig(percent, 3) + " % above the " +
        "limit, " + limitText(d.limit) + ".");
    } else {
      message = "Not quite: compare your learning rate, " + rateText(d.rate) + ", with the " +
        "limit, " + limitText(d.limit) + ": (rate \u2212 limit) / limit \u00d7 100.";
    }
  }
  this.answerMessage.textContent = message;
  if (message) {
    box.setAttribute("aria-invalid", "true");
  } else {
    box.removeAttribute("aria-invalid");
  }
  this.pg.draw();
};

// The state for the root's data attributes: "done" or "open" for each challenge.
Challenges.prototype.states = function () {
  var out = {}, done = this.done;
  Object.keys(this.items).forEach(function (name) { out[name] = done[name] ? "done" : "open"; });
  return out;
};
