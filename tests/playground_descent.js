// Runs the playground's arithmetic under node, for tests/test_playground_descent.py.
//
//   node tests/playground_descent.js < request.json
//
// The request names the playground's script files (in plot_utils' order) and lists cases;
// the answer, on stdout, is one JSON result per case. The files are loaded as the page
// loads them, in one scope, but without a DOM: only their pure functions are called.
"use strict";
const fs = require("fs");
const vm = require("vm");

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const scope = vm.createContext({BigInt});
for (const file of request.files) {
  vm.runInContext('"use strict";\n' + fs.readFileSync(file, "utf8"), scope, {filename: file});
}
// Top-level declarations of a script become properties of its context.
const {analyse, Run, stableLimit, MAX_EPOCHS, workedEpoch, parseTyped} = scope;

function points(x, y) { return x.map((v, i) => ({x: v, y: y[i]})); }

const handlers = {
  // A run of up to `epochs` epochs (or until it settles, with `untilSettled`).
  run(c) {
    const a = analyse(points(c.x, c.y), c.centred);
    const run = new Run(a, c.m, c.b + c.m * a.shift);
    let settledAt = null;
    if (c.untilSettled) {
      while (!run.diverged && run.k < MAX_EPOCHS && !run.settled()) {
        run.steps(100, c.rate, c.beta);
      }
      settledAt = run.settled() ? run.k : null;
    } else {
      run.steps(c.epochs, c.rate, c.beta);
    }
    return {k: run.k, m: run.m, b: run.b, loss: run.loss, diverged: run.diverged,
            settledAt, losses: Array.from(run.losses.subarray(0, Math.min(run.k + 1, 5000))),
            bound: a.bound, limit: stableLimit(a, c.beta), exactM: a.exactM, exactB: a.exactB,
            minLoss: a.minLoss, lambdaMax: a.lambdaMax, lambdaMin: a.lambdaMin};
  },
  worked(c) { return workedEpoch(c); },
  typed(c) { return c.texts.map((text) => (isNaN(parseTyped(text)) ? null : parseTyped(text))); },
};

process.stdout.write(JSON.stringify(request.cases.map((c) => handlers[c.kind](c))));
