"""The site's pages in Chromium with every other host refused: what draws, what a keyboard
reaches, what axe finds.

The site is tests/quarto_site.py's (built as Quarto builds the book) after the post-render
step; the same site without the theme's scripts shows that each check can fail.
"""

import functools
import http.server
import re
import threading

import pytest
import quarto_site

from conftest import AXE_JS, assert_no_script_errors

RULES = {"aria-allowed-attr", "landmark-unique", "label-content-name-mismatch",
         "empty-table-header"}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    """An HTTP server on this machine for two copies of the site: theme/ (as published) and
    bare/ (without the theme's scripts), both after the post-render step. Their chapter
    has no figure: test_self_contained_site checks its loader's path, tests/test_browser.py
    draws the figures (parsing plotly.js costs a second)."""
    root = tmp_path_factory.mktemp("sites")
    for name, theme in (("theme", True), ("bare", False)):
        quarto_site.post_render(root / name, quarto_site.build(root / name, theme, figure=False))
    handler = functools.partial(_Quiet, directory=str(root))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()


def watch(browser, origin):
    """A new page, its script errors, and the requests it makes off ``origin`` (refused)."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors, remote = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.route(re.compile(f"^(?!{re.escape(origin)})"),
               lambda route: (remote.append(route.request.url), route.abort()))
    return page, errors, remote


def open_chapter(browser, origin, site="theme"):
    """A site's chapter page, watched (see ``watch``)."""
    page, errors, remote = watch(browser, origin)
    page.goto(f"{origin}{site}/chapters/06-demo.html")
    return page, errors, remote


def axe_violations(page, rules=None):
    """axe's findings on the page, [rule, nodes] each: of every rule, or of ``rules``."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate("""async (rules) => (await axe.run(document, rules ? {runOnly: rules}
                              : {})).violations.map(v => [v.id, v.nodes.length])""", rules)


def tab_stops(page, count=8):
    """What Tab reaches, in order: each stop's role and accessible text."""
    stops = []
    for _ in range(count):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("""() => { const e = document.activeElement;
            return [e.getAttribute('role') || e.tagName.toLowerCase(),
                    e.textContent.replace(/\\s+/g, ' ').trim()]; }"""))
    return stops


def test_the_chapter_works_offline_and_its_solutions_open_from_the_keyboard(browser, origin):
    page, errors, remote = open_chapter(browser, origin)
    maths = page.evaluate("""() => [...document.querySelectorAll('span.math')]
                             .map(span => !!span.querySelector('.katex'))""")
    assert len(maths) == 3 and all(maths), "KaTeX drew every formula"
    stops = tab_stops(page)
    assert ["button", "The article, step by step"] in stops
    solutions = [text for role, text in stops if role == "button" and "Solution" in text]
    assert solutions == ["TipSolution to exercise 1", "TipSolution to exercise 2"]
    header = page.locator('.callout-header[aria-controls="callout-1"]')
    assert header.get_attribute("role") == "button"
    assert page.locator('[role="navigation"]').count() == 0
    section = page.locator('.sidebar-item-text[data-bs-toggle="collapse"]')
    assert section.get_attribute("aria-controls") == "quarto-sidebar-section-1"
    assert page.locator('.sidebar-item-toggle[aria-hidden="true"]').count() == 1  # its chevron

    header.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#callout-1.show")
    assert header.get_attribute("aria-expanded") == "true"
    scrolled = page.evaluate("window.scrollY")
    page.keyboard.press(" ")
    page.wait_for_selector("#callout-1:not(.show):not(.collapsing)", state="attached")
    assert header.get_attribute("aria-expanded") == "false"
    assert page.evaluate("window.scrollY") == scrolled, "Space pressed it, not scrolled"
    assert axe_violations(page) == []
    assert remote == [] and "define is not defined" not in " ".join(errors)
    assert_no_script_errors(errors)
    page.set_content('<script src="https://cdn.jsdelivr.net/npm/jquery@3.5.1"></script>')
    assert remote == ["https://cdn.jsdelivr.net/npm/jquery@3.5.1"], "a request off the site is seen"
    page.close()


def test_without_the_theme_scripts_axe_and_the_keyboard_fail(browser, origin):
    page, _, _ = open_chapter(browser, origin, "bare")
    assert page.evaluate("document.querySelector('.callout-header').tabIndex") == -1
    assert {rule for rule, _ in axe_violations(page, sorted(RULES))} == RULES
    page.close()
