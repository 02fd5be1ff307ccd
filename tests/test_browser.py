"""Interactive figures in a real browser: headless Chromium, no network.

Playwright drives Chromium: Debian's (`apt-get install chromium`, /usr/bin/chromium) where
it exists, as on the project's machines whose network cannot fetch Playwright's own build;
elsewhere the one `python -m playwright install chromium` fetched; CHROMIUM_PATH overrides
both. plotly.js is served from the installed plotly package, never from the network.
"""

import json
import os
import re
from pathlib import Path

import plotly
import pytest

import linreg
import plot_utils

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    executable = CHROMIUM if Path(CHROMIUM).exists() else None
    with sync_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        except sync_api.Error as error:
            reason = (f"no Chromium to drive ({error.message.splitlines()[0]}): install "
                      "Debian's (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH")
            if os.environ.get("CI"):  # CI must run the browser tests, never skip them
                pytest.fail(reason)
            pytest.skip(reason)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Serve the CDN's plotly.js from the installed package; refuse every other request.
    page.route("https://cdn.plot.ly/**", lambda route: route.fulfill(
        path=str(PLOTLY_JS), content_type="application/javascript"))
    page.route(re.compile(r"^https?://(?!cdn\.plot\.ly/).*"), lambda route: route.abort())
    yield page
    page.close()
    # A slider click starts an animation on mouse-down and another on mouse-up; plotly.js
    # rejects the promise of the interrupted first one with `undefined`, which the browser
    # reports as an uncaught error. That is plotly's normal behaviour; any other error fails.
    real = [error for error in errors if error != "undefined"]
    assert real == [], f"JavaScript errors on the page: {real}"


def slide_to_last_step(page, div_id):
    """Click the right end of the figure's slider rail, as a reader would."""
    rail = page.locator(f"#{div_id} .slider-rail-touch-rect").first
    box = rail.bounding_box()
    page.mouse.click(box["x"] + box["width"] - 1, box["y"] + box["height"] / 2)


def drawn_line(page, div_id, trace_index=1):
    """The fitted-line trace as drawn: its SVG path, converted back to data units."""
    return page.evaluate(
        """([divId, index]) => {
            const gd = document.getElementById(divId);
            const trace = gd.querySelectorAll('.scatterlayer .trace')[index];
            const d = trace.querySelector('path.js-line').getAttribute('d');
            const points = d.replace(/^M/, '').split('L').map(p => p.split(',').map(Number));
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            return points.map(([px, py]) => [xa.p2d(px), ya.p2d(py)]);
        }""",
        [div_id, trace_index],
    )


def assert_is_line(points, m, b):
    (x0, y0), (x1, y1) = points[0], points[-1]
    slope = (y1 - y0) / (x1 - x0)
    assert slope == pytest.approx(m, abs=0.01)
    assert y0 - slope * x0 == pytest.approx(b, abs=0.1)


def test_standalone_page_slider_shows_the_fitted_line(page, tmp_path):
    X, y = linreg.article_data()
    result = linreg.fit(X, y)
    fig = plot_utils.line_across_epochs(X, y, result)
    html = tmp_path / "epochs.html"
    fig.write_html(html, include_plotlyjs=True, div_id="epochs", full_html=True)
    page.goto(html.as_uri())
    page.wait_for_selector("#epochs .slider-rail-touch-rect")
    assert_is_line(drawn_line(page, "epochs"), 0.0, 0.0)  # the first frame: m = b = 0
    slide_to_last_step(page, "epochs")
    page.wait_for_function(
        "document.querySelector('#epochs .gtitle').textContent.includes('3000 updates')")
    assert_is_line(drawn_line(page, "epochs"), result.m, result.b)


def stored_interactive_figures():
    """(chapter, div id, stored html) of every interactive figure stored in the chapters."""
    found = []
    for path in sorted(CHAPTERS.glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            for output in cell.get("outputs", []):
                html = "".join(output.get("data", {}).get("text/html", ""))
                match = re.search(r'<div id="([\w-]+)" class="plotly-graph-div"', html)
                if match:
                    found.append((path.stem, match.group(1), html))
    return found


def test_stored_notebook_figures_draw_as_on_the_website(page, tmp_path):
    """The chapters' stored text/html outputs, as Quarto puts them on a page, draw and move.

    All of them share one page (one load of plotly.js, as on a long chapter page); each
    must draw, and each slider must move its figure.
    """
    figures = stored_interactive_figures()
    assert figures, "the book has interactive figures"
    body = "\n".join(f"<section><h2>{chapter}</h2>{html}</section>"
                     for chapter, _, html in figures)
    (tmp_path / "page.html").write_text(f"<!doctype html><html><body>{body}</body></html>")
    page.goto((tmp_path / "page.html").as_uri())
    for _, div_id, _ in figures:
        page.wait_for_selector(f"#{div_id} .main-svg", timeout=15_000)
        page.locator(f"#{div_id}").scroll_into_view_if_needed()
        if page.locator(f"#{div_id} .slider-rail-touch-rect").count():
            before = page.locator(f"#{div_id} .gtitle").first.text_content()
            slide_to_last_step(page, div_id)
            page.wait_for_function(
                """([id, before]) => document.querySelector('#' + id + ' .gtitle')
                                       .textContent !== before""", arg=[div_id, before])
        if div_id == "line-across-epochs":
            X, y = linreg.article_data()
            result = linreg.fit(X, y)
            assert_is_line(drawn_line(page, div_id), result.m, result.b)


def test_slider_grips_are_clear_of_the_play_buttons(page, tmp_path):
    """The grip at step 0 can be grabbed anywhere: no button covers it, at any page width."""
    X, y = linreg.article_data()
    fig = plot_utils.line_across_epochs(X, y, linreg.fit(X, y, epochs=50), max_frames=10)
    html = plot_utils.interactive(fig, "grip").to_html()
    (tmp_path / "grip.html").write_text(f"<!doctype html><html><body>{html}</body></html>")
    for width in (360, 1000):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto((tmp_path / "grip.html").as_uri())
        page.wait_for_selector("#grip .slider-grip-rect")
        grip = page.locator("#grip .slider-grip-rect").bounding_box()
        for button in page.locator("#grip .updatemenu-button").all():
            box = button.bounding_box()
            apart = (box["y"] + box["height"] <= grip["y"] or grip["y"] + grip["height"] <= box["y"]
                     or box["x"] + box["width"] <= grip["x"]
                     or grip["x"] + grip["width"] <= box["x"])
            assert apart, f"at {width} px a button {box} covers the slider grip {grip}"


def test_wide_regions_join_the_tab_order(page, tmp_path):
    """theme/scrollable-regions.html makes a region that scrolls reachable by keyboard."""
    script = (CHAPTERS.parent / "theme" / "scrollable-regions.html").read_text()
    cells = "".join(f"<td>{k}</td>" for k in range(60))
    body = f"""<main>
      <div class="cell"><div id="wide" style="overflow-x: auto; width: 300px">
        <table><caption>Sixty columns</caption><tr>{cells}</tr></table></div></div>
      <div id="narrow" style="overflow-x: auto; width: 300px"><p>Short.</p></div>
    </main>"""
    (tmp_path / "wide.html").write_text(f"<!doctype html><html><body>{body}{script}</body></html>")
    page.goto((tmp_path / "wide.html").as_uri())
    page.wait_for_function("document.getElementById('wide').hasAttribute('tabindex')")
    assert page.get_attribute("#wide", "aria-label") == "Sixty columns"
    assert page.get_attribute("#narrow", "tabindex") is None  # nothing to scroll
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "wide"
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.getElementById('wide').scrollLeft > 0")
