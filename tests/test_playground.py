"""The live playground (plot_utils.playground, playground/playground.js) in headless Chromium.

The browser comes from conftest.py (one per test process; without Chromium, Playwright or
node_modules the browser tests skip, except under CI, where they fail). Every page is written
with set_content and asks the network for nothing. The page's arithmetic is checked against
linreg.fit and against a heavy-ball loop written here in plain numpy; its accessibility with
axe-core from node_modules (`npm ci` installs it).
"""

import importlib.util
import json
import re
from pathlib import Path

import numpy as np
import pytest

import linreg
import plot_utils
from conftest import AXE_JS

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "chapters" / "07-try-it-yourself.ipynb"
ROOT_ID = "playground"


# ------------------------------------------------------------------- references
def heavy_ball(X, y, rate, beta, epochs, m=0.0, b=0.0):
    """Plain-numpy descent with heavy-ball momentum, the book's bookkeeping.

    Returns (m, b, loss) after ``epochs`` updates, and the epoch (1-based) whose loss,
    measured before its update, first rose past the start, or None.
    """
    X, y = np.asarray(X, float), np.asarray(y, float)
    v_m = v_b = 0.0
    start = None
    for epoch in range(epochs + 1):
        residual = y - (m * X + b)
        loss = np.mean(residual**2)
        if start is None:
            start = loss
        elif not np.isfinite(loss) or loss > start:
            return m, b, loss, epoch + 1
        if epoch == epochs:
            return m, b, loss, None
        v_m = beta * v_m + rate * 2 * np.mean(X * residual)  # beta v - rate dm
        v_b = beta * v_b + rate * 2 * np.mean(residual)
        m, b = m + v_m, b + v_b


def stored_playground_html():
    """The playground's text/html output as chapter 7 stores it (the website's copy)."""
    for cell in json.loads(CHAPTER.read_text())["cells"]:
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", ""))
            if 'class="gdp"' in html:
                return html
    raise AssertionError(f"{CHAPTER.name} stores no playground output")


# ------------------------------------------------------------- without a browser
def test_playground_output_is_small_fixed_and_safe_for_quarto():
    X, y = linreg.article_data()
    first, second = plot_utils.playground(X, y), plot_utils.playground(X, y)
    html = first._repr_mimebundle_()["text/html"]
    assert html == second.to_html(), "the same output on every run"
    assert len(html) < 100_000
    assert html.count('id="playground"') == 1
    assert not re.search(r"^```", html, re.M), "a fence line would end Quarto's raw HTML block"
    assert "$" not in html, "no TeX delimiters for the page's maths renderer to pick up"
    addresses = re.findall(r"https?://[^\s\"']+", html)
    assert addresses == ["http://www.w3.org/2000/svg"], "nothing is fetched from a network"
    config = json.loads(re.search(r'data-config="([^"]*)"', html).group(1).replace("&quot;", '"'))
    assert config["x"] == X.tolist() and config["learning_rate"] == 0.01


@pytest.mark.parametrize("kwargs, message", [
    ({"learning_rate": 0.5}, "between 0.0001 and 0.1"),
    ({"momentum": 1.0}, "momentum must lie between 0 and 0.99"),
    ({"div_id": "two words"}, "div_id"),
    ({"m": "3"}, "m must be a real number"),
])
def test_playground_refuses_bad_settings(kwargs, message):
    X, y = linreg.article_data()
    with pytest.raises((ValueError, TypeError), match=message):
        plot_utils.playground(X, y, **kwargs)


def test_playground_refuses_bad_data():
    with pytest.raises(ValueError, match="2 to 26 points"):
        plot_utils.playground([1.0], [2.0])
    with pytest.raises(ValueError, match="same length"):
        plot_utils.playground([1.0, 2.0], [2.0])


def test_heavy_ball_reference_is_plain_descent_at_zero_momentum():
    X, y = linreg.article_data()
    m, b, loss, diverged = heavy_ball(X, y, 0.01, 0.0, 3000)
    run = linreg.fit(X, y, epochs=3000)
    assert diverged is None
    np.testing.assert_allclose([m, b, loss], [run.m, run.b, run.loss], rtol=1e-12)


# ------------------------------------------------------------------ the browser
@pytest.fixture(scope="module")
def shared_page(browser):
    """One page for the module, in a context with a touch screen (a mouse works there too).

    Each test writes its own document into it (``load``): a new page would start a new
    renderer process, which costs more than most tests.
    """
    context = browser.new_context(has_touch=True)
    context.route(re.compile(r"^https?://.*"), lambda route: route.abort())
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def new_page(shared_page):
    """The module's page at a given size; the test must end without a JavaScript error."""

    def open_page(width=1000, height=900):
        shared_page.set_viewport_size({"width": width, "height": height})
        return shared_page

    shared_page.errors.clear()
    yield open_page
    assert shared_page.errors == [], f"JavaScript errors on the page: {shared_page.errors}"


def load(page, html):
    """A page with a focusable element before the playground, as a chapter page has."""
    page.set_content(f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
                     f"<meta name='viewport' content='width=device-width'><title>Playground"
                     f"</title></head><body><main><h2>Try it</h2><a href='#top'>before</a>"
                     f"{html}</main></body></html>")
    page.wait_for_selector(f"#{ROOT_ID}[data-epoch]")


def state(page):
    """The playground's state as its root element reports it."""
    data = page.evaluate(f"Object.assign({{}}, document.getElementById('{ROOT_ID}').dataset)")
    numbers = {key: float(value) for key, value in data.items()
               if key in ("epoch", "m", "b", "loss", "exactM", "exactB", "bound", "rate",
                          "momentum")}
    numbers["x"] = [float(v) for v in data["x"].split(",")]
    numbers["y"] = [float(v) for v in data["y"].split(",")]
    numbers["diverged"] = data["diverged"] == "true"
    numbers["centred"] = data["centred"] == "true"
    return numbers


def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def click_times(page, name, times):
    """Click a button ``times`` times in one call to the page (the reader's click event)."""
    page.evaluate("""([id, name, times]) => {
        const button = [...document.querySelectorAll('#' + id + ' button')]
            .find(b => b.textContent === name);
        for (let i = 0; i < times; i++) { button.click(); }
    }""", [ROOT_ID, name, times])


def status(page):
    return page.locator(f"#{ROOT_ID} [role=status]").text_content()


def test_article_numbers_as_the_website_stores_them(new_page):
    """The stored chapter output: two Steps, then Reset and thirty clicks of "+100 epochs"."""
    page = new_page()
    load(page, stored_playground_html())
    start = state(page)
    assert (start["epoch"], start["m"], start["b"], start["loss"]) == (0, 0, 0, 6015)
    assert start["rate"] == 0.01 and start["momentum"] == 0 and not start["centred"]
    button(page, "Step").click()
    after_one = state(page)
    assert (after_one["epoch"], after_one["m"], after_one["b"]) == (1, pytest.approx(7.78),
                                                                   pytest.approx(1.54))
    assert round(after_one["loss"], 5) == 1512.97496
    readout = page.locator(f"#{ROOT_ID} .gdp-readout").text_content()
    assert "7.78" in readout and "1.54" in readout and "1512.97496" in readout
    button(page, "Step").click()
    assert round(state(page)["loss"], 4) == 673.3632
    assert "Epoch 3 by hand" in page.locator(f"#{ROOT_ID} caption").text_content()

    button(page, "Reset").click()
    assert state(page)["epoch"] == 0
    click_times(page, "+100 epochs", 30)
    end = state(page)
    assert end["epoch"] == 3000
    assert (round(end["m"], 4), round(end["b"], 4)) == (4.2550, 56.5754)
    run = linreg.fit(*linreg.article_data(), learning_rate=0.01, epochs=3000)
    np.testing.assert_allclose([end["m"], end["b"], end["loss"]], [run.m, run.b, run.loss],
                               rtol=1e-12)


def random_cases():
    """Data, rate, momentum, centring and number of steps for a few random runs."""
    rng = np.random.default_rng(7)
    cases = []
    for index, beta in enumerate([0.0, 0.0, 0.5, 0.9, float(rng.uniform(0.1, 0.95))]):
        n = int(rng.integers(3, 12))
        X = np.round(rng.uniform(0, 10, n), 2)
        y = np.round(rng.uniform(-3, 8) * X + rng.uniform(-20, 80) + rng.normal(0, 5, n), 2)
        centred = index in (1, 3)
        fitted = X - X.mean() if centred else X
        rate = float(np.clip(rng.uniform(0.2, 0.95) * linreg.max_stable_learning_rate(fitted),
                             1e-4, 0.1))
        rate = float(f"{rate:.4g}")
        steps = int(rng.integers(0, 3)) * 100 + int(rng.integers(1, 6))
        cases.append((X, y, rate, beta, centred, steps))
    return cases


def test_random_runs_match_linreg_fit(new_page):
    """The page's m, b and loss after k steps equal linreg.fit's (and the loop's) to 1e-9."""
    page = new_page()
    for X, y, rate, beta, centred, steps in random_cases():
        load(page, plot_utils.playground(X, y, learning_rate=rate, momentum=beta,
                                         centred=centred).to_html())
        click_times(page, "+100 epochs", steps // 100)
        click_times(page, "Step", steps % 100)
        shown = state(page)
        fitted = X - X.mean() if centred else X
        m, b, loss, diverged = heavy_ball(fitted, y, rate, beta, steps)
        assert diverged is None and not shown["diverged"]
        run = linreg.fit(fitted, y, learning_rate=rate, epochs=steps, momentum=beta)
        np.testing.assert_allclose([run.m, run.b, run.loss], [m, b, loss], rtol=1e-12)
        shift = X.mean() if centred else 0.0
        assert shown["epoch"] == steps
        np.testing.assert_allclose([shown["m"], shown["b"] + shown["m"] * shift, shown["loss"]],
                                   [m, b, loss], rtol=1e-9)
        np.testing.assert_allclose([shown["exactM"], shown["exactB"]],
                                   linreg.least_squares(X, y), rtol=1e-9)
        assert shown["bound"] == pytest.approx(linreg.max_stable_learning_rate(fitted), rel=1e-9)


def drawn_exact_line(page):
    """The dashed least-squares line as drawn, converted back to (m, b) in data units."""
    return page.evaluate(f"""(() => {{
        const p = document.getElementById('{ROOT_ID}').gdpPlayground, fr = p.dataFrame;
        const line = p.exactLine, get = (name) => Number(line.getAttribute(name));
        const a = fr.invert(get('x1'), get('y1')), b = fr.invert(get('x2'), get('y2'));
        const m = (b.y - a.y) / (b.x - a.x);
        return [m, a.y - m * a.x];
    }})()""")


def check_exact_line_and_bound(page):
    shown = state(page)
    X, y = np.array(shown["x"]), np.array(shown["y"])
    expected = linreg.least_squares(X, y)
    np.testing.assert_allclose([shown["exactM"], shown["exactB"]], expected, rtol=1e-9)
    np.testing.assert_allclose(drawn_exact_line(page), expected, rtol=1e-6, atol=1e-6)
    bound = linreg.max_stable_learning_rate(X)
    assert shown["bound"] == pytest.approx(bound, rel=1e-9)
    mark = page.locator(f"#{ROOT_ID} .gdp-bound").text_content()
    assert f"{bound:.4g}" in mark
    return shown


def point_centre(page, index):
    box = page.locator(f"#{ROOT_ID} .gdp-hit").nth(index).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_moving_points_moves_the_exact_line_and_the_bound(new_page):
    """A point dragged by mouse, moved by keyboard and dragged by touch."""
    X, y = linreg.article_data()
    page = new_page()
    load(page, plot_utils.playground(X, y).to_html())
    x0, y0 = point_centre(page, 4)
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x0 + 40, y0 + 60, steps=4)
    page.mouse.up()
    shown = check_exact_line_and_bound(page)
    assert shown["x"][:4] == X[:4].tolist() and shown["x"][4] > X[4] and shown["y"][4] < y[4]
    assert shown["epoch"] == 0, "new data start a new run"
    x1, y1 = point_centre(page, 4)
    assert abs(x1 - (x0 + 40)) < 6 and abs(y1 - (y0 + 60)) < 6, "the point follows the pointer"

    page.locator(f"#{ROOT_ID} .gdp-hit").nth(1).focus()
    for key in ["ArrowUp", "ArrowUp", "ArrowUp", "Shift+ArrowRight", "ArrowLeft"]:
        page.keyboard.press(key)
    moved = check_exact_line_and_bound(page)
    assert moved["x"][1] == pytest.approx(X[1] + 0.9) and moved["y"][1] == y[1] + 3

    cdp = page.context.new_cdp_session(page)
    x0, y0 = point_centre(page, 0)
    for kind, points in [("touchStart", [{"x": x0, "y": y0}]),
                         ("touchMove", [{"x": x0 - 30, "y": y0 - 50}]),
                         ("touchEnd", [])]:
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
    dragged = check_exact_line_and_bound(page)
    assert dragged["x"][0] < X[0] and dragged["y"][0] > y[0]
    assert dragged["x"][1:] == moved["x"][1:], "only the touched point moved"


def test_a_rate_above_the_bound_diverges_and_says_why(new_page):
    page = new_page()
    X, y = linreg.article_data()
    load(page, plot_utils.playground(X, y).to_html())
    bound = linreg.max_stable_learning_rate(X)
    page.fill(f"#{ROOT_ID}-rate", "0.036")
    page.press(f"#{ROOT_ID}-rate", "Enter")
    assert state(page)["rate"] == 0.036 and 0.036 > bound
    button(page, "Play").click()
    page.wait_for_function(f"document.getElementById('{ROOT_ID}').dataset.diverged === 'true'")
    message = status(page)
    assert "diverged" in message and "0.036" in message and f"{bound:.4g}" in message
    assert button(page, "Play").is_visible(), "the run stops: Pause turns back into Play"
    with pytest.raises(linreg.DivergenceError) as caught:
        linreg.fit(X, y, learning_rate=0.036)
    assert f"epoch {caught.value.result.epochs_run}:" in message
    assert state(page)["loss"] == pytest.approx(caught.value.result.loss, rel=1e-12)


FOCUS_TARGETS = ["Learning rate", "Learning rate, log scale from 0.0001 to 0.1", "Momentum β",
                 "Centre x (fit in x − x̄)", "Step", "Play", "+100 epochs", "Reset", "Add point",
                 "Remove point", "Point a", "Point b", "Point c", "Point d", "Point e"]


def focused(page):
    """The accessible name of the focused element, and whether its focus is drawn."""
    return page.evaluate("""(() => {
        const el = document.activeElement, style = getComputedStyle(el);
        const label = el.labels && el.labels.length ? el.labels[0].textContent : null;
        const name = el.getAttribute('aria-label') || label || el.textContent.trim();
        const drawn = style.outlineStyle !== 'none' || style.stroke !== 'none';
        return [el.closest('#playground') ? name : null, drawn];
    })()""")


def test_every_control_works_from_the_keyboard_alone(new_page):
    page = new_page()
    X, y = linreg.article_data()
    load(page, plot_utils.playground(X, y).to_html())
    page.focus("a")
    order = []
    for _ in range(len(FOCUS_TARGETS) + 1):
        page.keyboard.press("Tab")
        name, drawn = focused(page)
        if name is None:
            break
        assert drawn, f"{name} shows no focus indicator"
        order.append(name)
    assert order == FOCUS_TARGETS

    page.focus("a")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("0.02")
    page.keyboard.press("Enter")
    assert state(page)["rate"] == 0.02
    page.keyboard.press("ArrowUp")
    raised = state(page)["rate"]
    assert raised == pytest.approx(0.02 * 10**0.01, rel=5e-3)
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowLeft")
    assert state(page)["rate"] < raised
    page.keyboard.press("Tab")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    assert state(page)["momentum"] == pytest.approx(0.05)
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert state(page)["centred"]
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert state(page)["epoch"] == 2
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page)[0] == "Pause"
    page.wait_for_function(f"Number(document.getElementById('{ROOT_ID}').dataset.epoch) > 5")
    page.keyboard.press("Enter")
    assert focused(page)[0] == "Play"
    epoch = state(page)["epoch"]
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert state(page)["epoch"] == epoch + 100
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    reset = state(page)
    assert reset["epoch"] == 0 and reset["x"] == X.tolist() and reset["m"] == 0
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Add point: the new point f takes the focus
    added = state(page)
    assert len(added["x"]) == 6 and focused(page)[0] == "Point f"
    page.keyboard.press("ArrowRight")
    assert state(page)["x"][5] == pytest.approx(added["x"][5] + 0.1)
    page.keyboard.press("Delete")
    assert len(state(page)["x"]) == 5 and focused(page)[0] == "Point e"
    for _ in range(5):
        page.keyboard.press("Shift+Tab")
    assert focused(page)[0] == "Remove point"
    page.keyboard.press("Enter")
    assert len(state(page)["x"]) == 4


def run_axe(page):
    if not page.evaluate("'axe' in window"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("id => axe.run(document.getElementById(id), "
                           "{resultTypes: ['violations']})", ROOT_ID)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_axe_finds_no_serious_violation(new_page):
    X, y = linreg.article_data()
    html = plot_utils.playground(X, y).to_html()
    # At the start (desktop), and at phone width with centring on, a point added and a
    # divergence message: every element the playground ever shows, at both widths.
    page = new_page(width=1000)
    load(page, html)
    assert run_axe(page) == [], "at 1000 px, at the start"
    page.set_viewport_size({"width": 360, "height": 800})
    page.check(f"#{ROOT_ID}-centre")
    button(page, "Add point").click()
    page.fill(f"#{ROOT_ID}-rate", "0.1")
    page.fill(f"#{ROOT_ID}-momentum", "0")
    button(page, "+100 epochs").click()
    assert state(page)["centred"] and not state(page)["diverged"]
    page.uncheck(f"#{ROOT_ID}-centre")
    button(page, "Step").click()
    assert "diverged" in status(page)
    assert run_axe(page) == [], "at 360 px, with a point added and a divergence message"


def test_readable_from_360_px(new_page):
    page = new_page(width=360, height=800)
    X, y = linreg.article_data()
    load(page, plot_utils.playground(X, y).to_html())
    layout = page.evaluate(f"""(() => {{
        const root = document.getElementById('{ROOT_ID}');
        const small = [...root.querySelectorAll('*')]
            .filter(el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
            .map(el => parseFloat(getComputedStyle(el).fontSize)).filter(size => size < 12);
        const outside = [...root.querySelectorAll('button, input, svg, .gdp-scroll')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5);
        return {{page: document.documentElement.scrollWidth, root: root.scrollWidth,
                 width: root.clientWidth, small: small.length, outside: outside.length}};
    }})()""")
    assert layout["page"] <= 360 and layout["root"] <= layout["width"]
    assert layout["small"] == 0 and layout["outside"] == 0
    table = page.locator(f"#{ROOT_ID} .gdp-scroll")
    if table.evaluate("el => el.scrollWidth > el.clientWidth"):
        assert table.get_attribute("tabindex") == "0" and table.get_attribute("aria-label")


def benchmark():
    """benchmarks/bench_playground.py, which owns the timed snippets."""
    spec = importlib.util.spec_from_file_location("bench_playground",
                                                  ROOT / "benchmarks" / "bench_playground.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_step_and_its_redraw_fit_in_a_frame(new_page):
    """A step, and a moved point, with their redraw and layout, each within a 16 ms frame.

    The benchmark's snippets, in three batches of ten; the fastest batch counts (other
    processes' load slows some batches, not the playground; the benchmark reports medians).
    """
    page = new_page()
    load(page, plot_utils.playground(*linreg.article_data()).to_html())
    bench = benchmark()
    step = min(bench.times(page, "Step", runs=3))
    moved = min(bench.times(page, "move a point", runs=3))
    assert step < 16 and moved < 16, f"Step {step:.2f} ms, move a point {moved:.2f} ms"
