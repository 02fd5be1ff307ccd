"""How long the live playground (playground/*.js) takes per epoch, step and redraw.

    .venv/bin/python benchmarks/bench_playground.py     # measure; print a Markdown table

It opens the playground on the article's five points in headless Chromium (as the browser
tests find it: /usr/bin/chromium, or CHROMIUM_PATH, or Playwright's own) at a 1000 px wide
window, where the page lays it out in two columns, and times in the page, with
``performance.now()``:

- **one epoch**: the arithmetic of one update and one loss (``Run.step``, on a run of its
  own), per epoch, in batches of 20,000 at a tiny rate (nothing diverges);
- **Step**: what a click of "Step" does: one epoch, then the redraw of the three views,
  the numbers, the table and its worked arithmetic, and the challenges' checks;
- **+100 epochs**: a hundred epochs and one redraw;
- **a frame of Play**: what one animation frame does at the fastest speed, 100,000 epochs a
  second: 1,667 epochs, each with the check for a settled run, and one redraw;
- **move a point**: what one step of a drag does: new data, so new contours, best line,
  limit, and a new run from the current line, and the redraw;
- **move the line**: one step of a drag of the line's handle: a new run from the reader's
  line (its residual squares, its MSE), and the redraw.

For the last three it reports the script's time alone, and the script's time plus the
style and layout work it leaves to the browser (forced at once by reading
``document.body.offsetHeight``); painting is not included. Each is the median of
ROUNDS rounds of RUNS runs. ``tests/test_playground.py`` times the same snippets (TIMED)
and checks that a step and a moved point each fit in a 16 ms frame.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import linreg  # noqa: E402
import plot_utils  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
ROUNDS, RUNS = 7, 10
ROOT_ID = "playground"

# Each snippet is the body of a function of the playground `p`; it returns the time (ms) of
# one operation, timed over a batch (performance.now() ticks in 0.1 ms steps on a page that
# is not cross-origin isolated). `settle()` forces the style and layout work it left.
TIMED = {
    "one epoch": ("""
        const run = new p.run.constructor(p.analysis, 0, 0), t = performance.now();
        for (let i = 0; i < 20000; i++) { run.step(1e-6, 0); }
        return (performance.now() - t) / 20000;""", False),
    "Step": ("""
        const t = performance.now();
        for (let i = 0; i < 10; i++) { p.advance(1); settle(); }
        return (performance.now() - t) / 10;""", True),
    "+100 epochs": ("""
        const t = performance.now();
        for (let i = 0; i < 10; i++) { p.advance(100); settle(); }
        return (performance.now() - t) / 10;""", True),
    "a frame of Play": ("""
        const t = performance.now();
        for (let i = 0; i < 10; i++) {
          for (let k = 0; k < 1667; k++) { p.run.step(p.rate, p.beta); p.run.settled(); }
          p.draw(); settle();
        }
        return (performance.now() - t) / 10;""", True),
    "move a point": ("""
        const t = performance.now();
        for (let i = 0; i < 10; i++) { p.movePoint(4, 8 + (i % 2) * 0.5, 90); settle(); }
        return (performance.now() - t) / 10;""", True),
    "move the line": ("""
        const t = performance.now();
        for (let i = 0; i < 10; i++) { p.setLine(4 + (i % 2) * 0.1, 50); settle(); }
        return (performance.now() - t) / 10;""", True),
}


def page_html() -> str:
    html = plot_utils.playground(*linreg.article_data()).to_html()
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>bench</title>"
            f"</head><body><main>{html}</main></body></html>")


def times(page, name: str, runs: int = RUNS, layout: bool = True) -> list[float]:
    """``runs`` timings (ms) of one TIMED snippet, with or without the layout it causes."""
    body = TIMED[name][0]
    return page.evaluate(f"""(() => {{
        const p = document.getElementById('{ROOT_ID}').gdpPlayground, out = [];
        const settle = {'() => document.body.offsetHeight' if layout else '() => 0'};
        for (let run = 0; run < {runs}; run++) {{ out.push((() => {{ {body} }})()); }}
        return out;
    }})()""")


def measure(page, rounds: int = ROUNDS, runs: int = RUNS) -> dict:
    """Median times (ms) of every TIMED snippet: {name: (script only, script and layout)}."""
    samples = {name: ([], []) for name in TIMED}
    for _ in range(rounds):  # interleaved, so a burst of load hits every snippet alike
        for name, (_, lays_out) in TIMED.items():
            samples[name][0].extend(times(page, name, runs, layout=False))
            if lays_out:
                samples[name][1].extend(times(page, name, runs, layout=True))
    return {name: (statistics.median(script), statistics.median(full) if full else None)
            for name, (script, full) in samples.items()}


def main() -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        executable = CHROMIUM if Path(CHROMIUM).exists() else None
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.set_content(page_html())
        page.wait_for_selector(f"#{ROOT_ID}[data-epoch]")
        load = os.getloadavg()[0]
        result = measure(page)
        version = browser.version
        browser.close()
    print(f"Chromium {version} (headless), {os.cpu_count()} cores ({platform.machine()}), "
          f"load average {load:.2f} at the start; median of {ROUNDS} x {RUNS} runs.\n")
    print("| operation | script | script, style and layout |")
    print("|:---|---:|---:|")
    for name, (script, full) in result.items():
        if name == "one epoch":
            print(f"| {name} | {1000 * script:.2f} µs | – |")
        else:
            print(f"| {name} | {script:.2f} ms | {full:.2f} ms |")


if __name__ == "__main__":
    main()
