// Gradient descent the reader can steer: the book's live playground.
//
// plot_utils.playground(X, y) joins the files of this folder (plot_utils.PLAYGROUND_SCRIPTS)
// and playground.css into one text/html output with a root element
//   <div id="..." class="gdp" data-config="{...}">
// and mounts the playground on that root. Everything is drawn with plain SVG and DOM: no
// library, no network.
//
// This file holds the state and what each action does to it. After every redraw the root
// carries the state as data attributes (see Playground.prototype.publish), for tests and
// readers' tools; root.gdpPlayground is the playground object (the benchmark times it).
var PLAY_MOST_PER_FRAME = 20000;  // epochs one animation frame may run (after a hidden tab)

function Playground(root) {
  this.root = root;
  this.id = root.id;
  this.config = JSON.parse(root.getAttribute("data-config"));
  this.playing = false;
  this.speed = 100;
  this.build();
  this.reset(true);
  this.observe();
}

Playground.prototype.build = function () {
  var self = this, root = this.root;
  clear(root);
  root.setAttribute("role", "group");
  root.setAttribute("aria-label", "Gradient-descent playground");
  this.controls = new Controls(root, this);
  var views = h("div", {"class": "gdp-views"}, null, root);
  this.dataView = new DataView(views, this);
  this.mapView = new MapView(views, this);
  this.lossView = new LossView(views, this);
  this.tableView = new TableView(root, this);
  this.challenges = new Challenges(root, this.controls.partTwo, this.controls.news, this);
  root.addEventListener("keydown", function (event) {
    var typing = event.target.tagName === "INPUT" && event.target.type === "text";
    if ((event.ctrlKey || event.metaKey) && event.key === "z" && !typing) {
      event.preventDefault();
      self.undo();
    }
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
    var scroll = new ResizeObserver(function () { self.tableView.checkScroll(); });
    scroll.observe(this.tableView.table);
    scroll.observe(this.tableView.box);
  }
  window.addEventListener("resize", fit);
  fit();
  this.tableView.checkScroll();
};

Playground.prototype.say = function (text, alert) { this.controls.say(text, alert); };

// ---- the points
Playground.prototype.startingPoints = function () {
  var c = this.config;
  return c.x.map(function (x, i) { return {name: NAMES.charAt(i), x: x, y: c.y[i]}; });
};
Playground.prototype.atStartingPoints = function () {
  var c = this.config, points = this.points;
  return points.length === c.x.length && points.every(function (p, i) {
    return p.x === c.x[i] && p.y === c.y[i];
  });
};
Playground.prototype.pointText = function (p) {
  return "point " + p.name + " at x " + exact(p.x, 2) + ", y " + exact(p.y, 2);
};

// ---- runs
// A new run from the line y = m x + b (in x), in the fit's current coordinates. The run it
// replaces stays as a faint trace if it made an update (keepTrace), else the trace goes.
Playground.prototype.newRun = function (line, keepTrace) {
  if (!keepTrace) {
    this.trace = null;
  } else if (this.run && this.run.k > 0) {
    var old = this.run;
    this.trace = {k: old.k, ms: old.ms, bs: old.bs, losses: old.losses};
  }
  var a = this.analysis = analyse(this.points, this.centred);
  this.start = {m: line.m, b: line.b};
  this.run = new Run(a, line.m, line.b + line.m * a.shift);
  this.lossView.scale = null;
  this.mapView.frameRun(this.state());
  this.forceMap = true;
};
// The current line, in x.
Playground.prototype.currentLine = function () {
  return {m: this.run.m, b: this.run.b - this.run.m * this.analysis.shift};
};
// Where a run on new data starts: the current line, or the start line if the run has
// diverged.
Playground.prototype.restartLine = function () {
  return this.run.diverged ? this.start : this.currentLine();
};

Playground.prototype.reset = function (quiet) {
  this.pause(true);
  var c = this.config;
  this.rate = c.learning_rate;
  this.beta = c.momentum;
  this.centred = !!c.centred;
  this.points = this.startingPoints();
  this.selected = -1;
  this.undoStack = [];
  this.keyEdit = -1;
  this.userLine = null;
  this.controls.news.textContent = "";
  if (this.beta > 0 || this.centred) { this.controls.details.open = true; }  // in use: shown
  this.newRun({m: c.m, b: c.b}, false);
  this.frameData();
  this.layout();
  this.say(quiet ? "Press Step to run one epoch, or Play to run many." :
           "Reset: the starting points, line and learning rate" +
           (this.controls.details.open ? ", momentum and centring." : "."));
};

// New data, or new coordinates: a new run from the current line, and no trace.
Playground.prototype.dataChanged = function () {
  this.newRun(this.restartLine(), false);
  this.draw();
};

Playground.prototype.setRate = function (rate, from) {
  this.rate = rate;
  this.controls.drawRate(this.state(), from);
  this.draw();
};
Playground.prototype.setMomentum = function (beta) {
  this.beta = beta;
  this.draw();
};
Playground.prototype.setCentred = function (on) {
  this.pause(true);
  this.centred = on;
  this.dataChanged();
  this.say((on ? "Centring on: the fit is now in x \u2212 x\u0304" :
            "Centring off: the fit is in x again") + "; a new run starts from the current line.");
};
Playground.prototype.setSpeed = function (speed) {
  this.speed = speed;
  this.playBase = null;
  this.draw();
};

// The reader's own line, from the handles: a new run starts from it.
Playground.prototype.setLine = function (m, b) {
  this.pause(true);
  this.userLine = {m: m, b: b};
  this.newRun(this.userLine, true);
  this.draw();
  var loss = this.run.loss;
  this.say("Your line " + lineText(m, b, 4) + " has MSE " + sig(loss, 6) +
           ". Descent starts from it when you press Step or Play.");
};
// A click on the map: descent starts from that (m, b), in the fit's coordinates, and plays.
Playground.prototype.startFrom = function (m, b) {
  this.pause(true);
  this.newRun({m: m, b: b - m * this.analysis.shift}, true);
  this.draw();
  this.play("Descent starts from m " + sig(m, 4) + ", " + (this.centred ? "b at x\u0304 " : "b ") +
            sig(b, 4) + ", where you clicked. ");
};
Playground.prototype.runAgain = function () {
  this.pause(true);
  this.newRun(this.start, true);
  this.draw();
  this.say("A new run from the same start line, " + lineText(this.start.m, this.start.b, 4) +
           ". The last run stays as a faint trace until Reset.");
};

// ---- epochs
// k epochs (fewer if the run diverges or reaches the limit); a run that has diverged first
// starts again from its start line.
Playground.prototype.advance = function (k, announce) {
  if (this.run.diverged) { this.newRun(this.start, true); }
  if (this.run.k >= MAX_EPOCHS) {
    this.pause(true);
    this.say(this.capMessage());
    return 0;
  }
  var before = this.run.k, ran = this.run.steps(k, this.rate, this.beta);
  this.draw();
  if (this.run.diverged) {
    this.pause(true);
    this.say(this.divergenceMessage(), true);
  } else if (this.run.k >= MAX_EPOCHS) {
    this.say(this.capMessage());
  } else if (announce) {
    var first = before + 1, last = this.run.k;
    this.say((ran === 1 ? "Step ran epoch " + grouped(first) : "Epochs " + grouped(first) + " to " +
              grouped(last) + " ran") + ": epoch " + grouped(last + 1) + " starts from MSE " +
             exact(this.run.loss, 6) + ".");
  }
  return ran;
};

Playground.prototype.divergenceMessage = function () {
  var run = this.run, a = this.analysis, rate = rateText(this.rate);
  var text = "The run diverged: after " + grouped(run.k) + (run.k === 1 ? " epoch " : " epochs ") +
    (isFinite(run.loss) ? "the MSE had risen from " + sig(run.losses[0], 6) + " to " +
    sig(run.loss, 6) : "the MSE had overflowed") + ", so the run stopped before the next " +
    "update. ";
  if (this.beta === 0) {
    text += "The learning rate " + rate + " is too large for these data; use one below " +
      sig(a.bound, 6) + ".";
  } else {
    text += "The learning rate " + rate + " with momentum " + exact(this.beta, 2) + " is too " +
      "large for these data: with this momentum, descent is stable below " +
      sig(stableLimit(a, this.beta), 6) + ".";
  }
  return text + " Lower it and press Step or Play to start again.";
};
Playground.prototype.capMessage = function () {
  return "The run has reached the playground's limit of " + grouped(MAX_EPOCHS) + " epochs. " +
    "Press Run again or Reset to start a new run.";
};
Playground.prototype.settledMessage = function () {
  return "Play stopped after " + grouped(this.run.k) + " epochs: the line has settled. Over " +
    "the last " + grouped(SETTLE_WINDOW) + " epochs the MSE fell by less than " +
    powerOfTen(Math.log10(SETTLE_TOLERANCE)) + " of itself. It is " + exact(this.run.loss, 6) +
    "; the lowest possible is " + exact(this.analysis.minLoss, 6) + ".";
};

// Play runs `speed` epochs a second, as the frames' clock says, until it is paused, or the
// run diverges, settles or reaches the limit.
Playground.prototype.play = function (prefix) {
  var self = this;
  if (this.run.diverged) { this.newRun(this.start, true); }
  if (this.run.k >= MAX_EPOCHS) { this.say(this.capMessage()); return; }
  this.playing = true;
  this.playBase = window.performance.now();
  this.playDone = 0;
  this.draw();
  this.say((prefix || "") + "Playing at " + grouped(this.speed) + " epochs a second; Pause " +
           "stops it.");
  function frame(now) {
    if (!self.playing) { return; }
    if (self.playBase === null) { self.playBase = now; self.playDone = 0; }  // a new speed
    var due = Math.max(0, Math.floor((now - self.playBase) * self.speed / 1000) - self.playDone);
    if (due > PLAY_MOST_PER_FRAME) {  // a backlog (a hidden tab): drop it
      due = PLAY_MOST_PER_FRAME;
      self.playBase = now - (self.playDone + due) * 1000 / self.speed;
    }
    var run = self.run, stop = null;
    for (var i = 0; i < due && !stop; i++) {
      if (!run.step(self.rate, self.beta)) {
        stop = run.diverged ? "diverged" : "limit";
      } else if (run.settled()) {
        stop = "settled";
      }
    }
    self.playDone += due;
    if (due > 0 || stop) { self.draw(); }
    if (stop === "diverged") {
      self.pause(true);
      self.say(self.divergenceMessage(), true);
    } else if (stop) {
      self.pause(true);
      self.say(stop === "settled" ? self.settledMessage() : self.capMessage());
    } else {
      window.requestAnimationFrame(frame);
    }
  }
  window.requestAnimationFrame(frame);
};

Playground.prototype.pause = function (quiet) {
  if (!this.playing) { return; }
  this.playing = false;
  this.draw();
  if (!quiet) {
    this.say("Paused after " + grouped(this.run.k) + " epochs: epoch " + grouped(this.run.k + 1) +
             " starts from MSE " + exact(this.run.loss, 6) + ".");
  }
};

// ---- editing the points, with undo
Playground.prototype.remember = function (what, keyPoint) {
  if (keyPoint !== undefined && keyPoint === this.keyEdit) { return; }  // one edit per key run
  this.undoStack.push({points: this.points.map(function (p) {
    return {name: p.name, x: p.x, y: p.y};
  }), what: what});
  this.keyEdit = keyPoint === undefined ? -1 : keyPoint;
};
Playground.prototype.undo = function () {
  var last = this.undoStack.pop();
  if (!last) { this.say("There is no point edit to undo."); return; }
  this.pause(true);
  this.points = last.points;
  this.selected = -1;
  this.keyEdit = -1;
  this.dataChanged();
  this.say("Undone: " + last.what + ". A new run starts from the current line.");
};

Playground.prototype.movePoint = function (i, x, y) {
  var fr = this.dataView.frame;
  this.points[i].x = Math.round(clamp(x, fr.xr[0], fr.xr[1]) * 10) / 10;
  this.points[i].y = Math.round(clamp(y, fr.yr[0], fr.yr[1]) * 2) / 2;
  this.dataChanged();
};
Playground.prototype.addPoint = function (x, y) {
  if (this.points.length >= NAMES.length) { return; }
  this.pause(true);
  var used = this.points.map(function (p) { return p.name; }).join("");
  var name = NAMES.split("").filter(function (c) { return used.indexOf(c) < 0; })[0];
  if (x === undefined) {  // the middle of the view, on the best line: it does not move
    var a = this.analysis, fr = this.dataView.frame;
    x = (fr.xr[0] + fr.xr[1]) / 2;
    y = a.spread ? a.exactM * x + a.exactB : a.yMean;
  }
  this.remember("adding point " + name);
  this.points.push({name: name, x: 0, y: 0});
  this.selected = this.points.length - 1;
  this.movePoint(this.selected, x, y);
  this.say("Added " + this.pointText(this.points[this.selected]) + ": a new run starts from " +
           "the current line.");
  this.focusPoint(this.selected);
};
Playground.prototype.removePoint = function (i, keepFocus) {
  if (this.points.length <= 2 || i < 0) { return; }
  this.pause(true);
  var name = this.points[i].name;
  this.remember("removing point " + name);
  this.points.splice(i, 1);
  this.selected = keepFocus ? Math.min(i, this.points.length - 1) : -1;
  this.dataChanged();
  this.say("Point " + name + " removed: a new run starts from the current line.");
  if (keepFocus) { this.focusPoint(this.selected); }
};
Playground.prototype.removeSelected = function () {
  this.removePoint(this.selected >= 0 ? this.selected : this.points.length - 1, false);
};
Playground.prototype.focusPoint = function (i) {
  var hit = this.dataView.pointLayer.querySelectorAll(".gdp-hit")[i];
  if (hit) { hit.focus(); }
};
Playground.prototype.select = function (i) {
  if (this.selected === i) { return; }
  this.selected = i;
  this.keyEdit = -1;  // key presses on another point are another edit
  this.draw();
};
Playground.prototype.pointKey = function (event, i) {
  var p = this.points[i], big = event.shiftKey;
  var moves = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1]};
  if (moves[event.key]) {
    event.preventDefault();
    this.pause(true);
    this.remember("moving point " + p.name, i);
    var d = moves[event.key];
    this.movePoint(i, p.x + d[0] * (big ? 1 : 0.1), p.y + d[1] * (big ? 10 : 1));
    this.say("Moved " + this.pointText(p) + ": a new run starts from the current line.");
  } else if (event.key === "Delete" || event.key === "Backspace") {
    event.preventDefault();
    this.removePoint(i, true);
  }
};
// A drag of point i (or of the line, without i): the layout above the views keeps its
// height until the drag ends.
Playground.prototype.beginDrag = function (i) {
  this.pause(true);
  this.keyEdit = -1;
  this.controls.freeze(true);
  if (i === undefined) {
    this.say("Moving your line: descent will start from where you leave it.");
  } else {
    this.remember("moving point " + this.points[i].name);
    this.say("Moving point " + this.points[i].name + ": each move starts a new run from the " +
             "current line.");
  }
};
Playground.prototype.endDrag = function (i) {
  if (i !== undefined && this.points[i]) {
    this.say("Moved " + this.pointText(this.points[i]) + ": a new run starts from the current " +
             "line.");
  }
  this.controls.freeze(false);
};

// ---- framing and drawing
// The data view's axes: from the starting points, fixed, so that dragging does not move them.
Playground.prototype.frameData = function () {
  var xs = this.config.x, ys = this.config.y;
  var xLo = Math.min(0, Math.min.apply(null, xs)), xHi = Math.max.apply(null, xs);
  var yLo = Math.min(0, Math.min.apply(null, ys)), yHi = Math.max(0, Math.max.apply(null, ys));
  var xPad = Math.max(1, 0.25 * (xHi - xLo)), ySpan = Math.max(1, yHi - yLo);
  this.dataRange = [[xLo, xHi + xPad], [yLo - 0.1 * ySpan, yHi + 0.3 * ySpan]];
};

Playground.prototype.layout = function () {
  if (!this.root.clientWidth || !this.run) { return; }
  var dv = this.dataView, mv = this.mapView, lv = this.lossView;
  dv.layout(dv.frame.svg.parentNode.clientWidth, this.dataRange);
  var w = mv.frame.svg.parentNode.clientWidth;
  mv.size = [w, clamp(Math.round(w * 0.7), 240, 360)];
  mv.range = null;
  mv.frameRun(this.state());
  w = lv.frame.svg.parentNode.clientWidth;
  lv.size = [w, clamp(Math.round(w * 0.4), 200, 260)];
  lv.scale = null;
  this.controls.drawRate(this.state());
  this.forceMap = true;
  this.draw();
};

// Everything the views and controls draw from.
Playground.prototype.state = function () {
  var run = this.run, line = this.currentLine(), user = this.userLine;
  return {analysis: this.analysis, run: run, points: this.points, line: line,
          start: this.start, rate: this.rate, beta: this.beta,
          centred: this.centred, trace: this.trace, selected: this.selected,
          userLine: user ? {m: user.m, b: user.b, loss: lossOfLine(this.points, user.m, user.b)} :
            null,
          canUndo: this.undoStack.length > 0, playing: this.playing, speed: this.speed,
          startingPoints: this.atStartingPoints(), settled: run.settled(),
          forceMap: this.forceMap, forceLoss: false};
};

Playground.prototype.draw = function () {
  if (!this.mapView.size) { return; }
  var st = this.state();
  this.forceMap = false;
  this.dataView.draw(st);
  this.mapView.draw(st);
  this.lossView.draw(st);
  st.worked = this.tableView.draw(st);
  this.controls.draw(st);
  this.challenges.check(st);
  this.publish(st);
};

// The state on the root element, as data attributes.
Playground.prototype.publish = function (st) {
  var root = this.root, a = st.analysis, run = st.run;
  var values = {
    epoch: run.k, m: st.line.m, b: st.line.b, loss: run.loss, "exact-m": a.exactM,
    "exact-b": a.exactB, "min-loss": a.minLoss, bound: a.bound, limit: stableLimit(a, st.beta),
    x: st.points.map(function (q) { return q.x; }).join(","),
    y: st.points.map(function (q) { return q.y; }).join(","),
    diverged: run.diverged, settled: st.settled, playing: st.playing, rate: st.rate,
    momentum: st.beta, centred: st.centred, speed: st.speed, "start-m": st.start.m,
    "start-b": st.start.b, "user-m": st.userLine ? st.userLine.m : null,
    "user-b": st.userLine ? st.userLine.b : null,
    "user-loss": st.userLine ? st.userLine.loss : null,
    "trace-epochs": st.trace ? st.trace.k : null
  };
  var challenges = this.challenges.states();
  Object.keys(challenges).forEach(function (name) {
    values["challenge-" + name] = challenges[name];
  });
  Object.keys(values).forEach(function (key) {
    if (values[key] === null) {
      root.removeAttribute("data-" + key);
    } else {
      root.setAttribute("data-" + key, String(values[key]));
    }
  });
};

function mount(root) {
  if (!root || root.getAttribute("data-mounted")) { return null; }
  root.setAttribute("data-mounted", "true");
  var playground = new Playground(root);
  root.gdpPlayground = playground;  // for the tests and the benchmark
  return playground;
}
