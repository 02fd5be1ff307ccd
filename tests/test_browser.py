"""Interactive figures and the website's scripts in a real browser: headless Chromium, no network.

The browser and page fixtures, and where the JavaScript comes from, are in conftest.py.
"""

import json
import re
from pathlib import Path

import nbformat
import pytest
from plotly.offline import get_plotlyjs_version

import linreg
import plot_utils
from conftest import KATEX_JS, assert_no_script_errors, offline_page

CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"


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


@pytest.fixture(scope="module")
def book_page(browser, tmp_path_factory):
    """One page with every interactive figure the chapters store, as Quarto inserts them.

    One load of plotly.js for all of them, as on a long chapter page; the tests below share
    it (a new page costs a new renderer and a new parse of plotly.js).
    """
    figures = stored_interactive_figures()
    assert figures, "the book has interactive figures"
    body = "\n".join(f"<section><h2>{chapter}</h2>{html}</section>"
                     for chapter, _, html in figures)
    path = tmp_path_factory.mktemp("book") / "page.html"
    path.write_text(f"<!doctype html><html><body>{body}</body></html>")
    page, errors = offline_page(browser)
    page.goto(path.as_uri())
    for _, div_id, _ in figures:
        page.wait_for_selector(f"#{div_id} .main-svg", timeout=15_000)
    yield page, [div_id for _, div_id, _ in figures]
    page.close()
    assert_no_script_errors(errors)


def test_slider_grips_are_clear_of_the_play_buttons(book_page):
    """The grip at step 0 can be grabbed anywhere: no button covers it, at any page width."""
    page, div_ids = book_page
    with_buttons = [div_id for div_id in div_ids
                    if page.locator(f"#{div_id} .updatemenu-button").count()]
    assert with_buttons, "some figures have Play/Pause buttons"
    for width in (360, 1000):
        page.set_viewport_size({"width": width, "height": 700})
        page.wait_for_timeout(300)  # plotly redraws the figures at the new width
        for div_id in with_buttons:
            grip = page.locator(f"#{div_id} .slider-grip-rect").first.bounding_box()
            for button in page.locator(f"#{div_id} .updatemenu-button").all():
                box = button.bounding_box()
                apart = (box["y"] + box["height"] <= grip["y"]
                         or grip["y"] + grip["height"] <= box["y"]
                         or box["x"] + box["width"] <= grip["x"]
                         or grip["x"] + grip["width"] <= box["x"])
                assert apart, f"{div_id} at {width} px: a button {box} covers the grip {grip}"


def test_stored_figures_draw_and_their_sliders_move_them(book_page):
    """Each stored figure draws; each slider moves its figure; the epoch slider's line is fit's."""
    page, div_ids = book_page
    X, y = linreg.article_data()
    result = linreg.fit(X, y)
    assert "line-across-epochs" in div_ids
    assert_is_line(drawn_line(page, "line-across-epochs"), 0.0, 0.0)  # first frame: m = b = 0
    for div_id in div_ids:
        page.locator(f"#{div_id}").scroll_into_view_if_needed()
        if page.locator(f"#{div_id} .slider-rail-touch-rect").count():
            before = page.locator(f"#{div_id} .gtitle").first.text_content()
            slide_to_last_step(page, div_id)
            page.wait_for_function(
                """([id, before]) => document.querySelector('#' + id + ' .gtitle')
                                       .textContent !== before""", arg=[div_id, before])
    page.wait_for_function("document.querySelector('#line-across-epochs .gtitle')"
                           ".textContent.includes('3000 epochs')")
    assert_is_line(drawn_line(page, "line-across-epochs"), result.m, result.b)


def test_wide_regions_join_the_tab_order(page, tmp_path):
    """theme/scrollable-regions.html makes a region that scrolls reachable by keyboard: a
    captioned one as a named region (a landmark), others as groups; in a callout, once open."""
    script = (CHAPTERS.parent / "theme" / "scrollable-regions.html").read_text()
    cells = "".join(f"<td>{k}</td>" for k in range(60))
    wide = 'style="overflow-x: auto; width: 300px"'
    body = f"""<main>
      <div class="cell"><div id="wide" {wide}>
        <table><caption>Sixty columns</caption><tr>{cells}</tr></table></div></div>
      <div id="formula" {wide}><p style="width: 900px">A long formula.</p></div>
      <div id="narrow" {wide}><p>Short.</p></div>
      <div id="folded" style="display: none"><div id="inside" {wide}>
        <p style="width: 900px">A wide solution.</p></div></div>
    </main>"""
    (tmp_path / "wide.html").write_text(f"<!doctype html><html><body>{body}{script}</body></html>")
    page.goto((tmp_path / "wide.html").as_uri())
    page.wait_for_function("document.getElementById('wide').hasAttribute('tabindex')")
    assert page.get_attribute("#wide", "aria-label") == "Sixty columns"
    assert page.get_attribute("#wide", "role") == "region"
    assert page.get_attribute("#formula", "role") == "group"
    assert page.get_attribute("#formula", "aria-label") == "Scrollable content"
    assert page.get_attribute("#narrow", "tabindex") is None  # nothing to scroll
    assert page.get_attribute("#inside", "tabindex") is None  # hidden until its callout opens
    page.evaluate("""document.getElementById('folded').style.display = 'block';
        document.getElementById('folded').dispatchEvent(
            new CustomEvent('shown.bs.collapse', {bubbles: true}))""")
    assert page.get_attribute("#inside", "tabindex") == "0"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "wide"
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.getElementById('wide').scrollLeft > 0")


def stored_plotly_specs():
    """(chapter, figure JSON) of every plotly figure stored in the chapters."""
    specs = []
    for path in sorted(CHAPTERS.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                spec = output.get("data", {}).get("application/vnd.plotly.v1+json")
                if spec:
                    specs.append((path.stem, spec))
    return specs


def trace_types(spec):
    """The trace types a figure draws, in its data and in its animation frames."""
    traces = list(spec.get("data", []))
    for frame in spec.get("frames", []):
        traces += frame.get("data", [])
    return {trace.get("type", "scatter") for trace in traces}


def test_the_plotly_bundle_draws_every_trace_type_the_book_uses(book_page):
    """The website loads plotly's cartesian bundle: it must hold every trace the book uses."""
    assert plot_utils.plotly_js_url().endswith(f"plotly-cartesian-{get_plotlyjs_version()}.min.js")
    page, _ = book_page  # its plotly.js is the bundle (see conftest.py)
    assert page.evaluate("Plotly.version") == get_plotlyjs_version()
    available = set(page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)"))
    used = {(chapter, kind) for chapter, spec in stored_plotly_specs()
            for kind in trace_types(spec)}
    assert used, "the book stores interactive figures"
    missing = sorted((chapter, kind) for chapter, kind in used if kind not in available)
    assert missing == [], f"trace types outside the cartesian bundle: {missing}"
    assert "scatter3d" not in available  # the check can fail: the bundle is a partial one


# Pandoc's rules for TeX maths in Markdown: $$...$$ is display maths; $...$ is inline maths
# when the opening $ has a non-space on its right and the closing $ a non-space on its
# left and no digit right after it. Code blocks and code spans hold no maths.
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE = re.compile(r"(?<![\\$])\$(?![\s$])([^$]+?)(?<![\s\\])\$(?!\d)")


def formulas(markdown: str):
    """(TeX, display?) for every formula Pandoc finds in a piece of Markdown."""
    text = CODE.sub(" ", markdown)
    found = [(tex, True) for tex in DISPLAY.findall(text)]
    found += [(tex, False) for tex in INLINE.findall(DISPLAY.sub(" ", text))]
    return found


def book_formulas():
    """(where, TeX, display?) for every formula of the preface, markdown cells and outputs."""
    found = [("index.qmd", *f) for f in formulas((CHAPTERS.parent / "index.qmd").read_text())]
    for path in sorted(CHAPTERS.glob("*.ipynb")):
        for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
            pieces = [cell.source] if cell.cell_type == "markdown" else [
                "".join(output["data"]["text/markdown"]) for output in cell.get("outputs", [])
                if "text/markdown" in output.get("data", {})]
            for piece in pieces:
                found += [(f"{path.stem} cell {index}", *f) for f in formulas(piece)]
    return found


def test_formula_extraction_follows_pandoc():
    text = "costs $20,000 and $30,000, a $x^2$ term, `$not$`, and\n$$\n\\frac{a}{b}\n$$ {#eq-x}"
    assert formulas(text) == [("\n\\frac{a}{b}\n", True), ("x^2", False)]


RENDER_ALL = """(items) => items.map(([tex, display]) => {
    try { katex.renderToString(tex, {displayMode: display, throwOnError: true}); return null; }
    catch (error) { return error.message; }
})"""


def test_every_formula_renders_with_katex(page):
    """The website renders maths with KaTeX (html-math-method: katex); no formula may fail."""
    found = book_formulas()
    assert len(found) > 300, "the book's formulas were found"
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(KATEX_JS))
    errors = page.evaluate(RENDER_ALL, [[tex, display] for _, tex, display in found])
    failed = [(where, tex, error) for (where, tex, _), error in zip(found, errors) if error]
    assert failed == []
    broken = page.evaluate(RENDER_ALL, [["\\frac{1}{", False]])
    assert broken[0], "KaTeX reports an error for a broken formula"
