"""Browser set-up shared by every browser test: one headless Chromium per test process.

Playwright drives Chromium: Debian's (`apt-get install chromium`, /usr/bin/chromium) where
it exists, as on the project's machines whose network cannot fetch Playwright's own build;
elsewhere the one `python -m playwright install chromium` fetched; CHROMIUM_PATH overrides
both. The JavaScript the pages load (plotly's cartesian bundle, KaTeX, axe-core, Bootstrap's
collapse plugin) comes from `node_modules/` (`npm ci`, pinned in package.json), never from
the network. Without Chromium or node_modules the browser tests skip, except under CI (`CI`
set), where they fail.
"""

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
PLOTLY_BUNDLE = NODE_MODULES / "plotly.js-cartesian-dist-min" / "plotly-cartesian.min.js"
KATEX_JS = NODE_MODULES / "katex" / "dist" / "katex.min.js"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
BOOTSTRAP_JS = NODE_MODULES / "bootstrap" / "dist" / "js" / "bootstrap.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _skip_or_fail(reason):
    if os.environ.get("CI"):  # CI must run the browser tests, never skip them
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    missing = [path.name for path in (PLOTLY_BUNDLE, KATEX_JS, AXE_JS, BOOTSTRAP_JS)
               if not path.exists()]
    if missing:
        _skip_or_fail(f"{missing} not in node_modules/: run `npm ci` (see README.md)")
    executable = CHROMIUM if Path(CHROMIUM).exists() else None
    with sync_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        except sync_api.Error as error:
            _skip_or_fail(f"no Chromium to drive ({error.message.splitlines()[0]}): install "
                          "Debian's (apt-get install -y chromium; .ci/run does) or set "
                          "CHROMIUM_PATH")
        yield browser
        browser.close()


def offline_page(browser):
    """A new page whose plotly.js CDN request gets the local bundle; all else is refused.

    Returns the page and the list its JavaScript errors go to.
    """
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("https://cdn.plot.ly/**", lambda route: route.fulfill(
        path=str(PLOTLY_BUNDLE), content_type="application/javascript"))
    page.route(re.compile(r"^https?://(?!cdn\.plot\.ly/).*"), lambda route: route.abort())
    return page, errors


def assert_no_script_errors(errors):
    """No JavaScript error on a page, but plotly's rejected animation promise.

    A slider click starts an animation on mouse-down and another on mouse-up; plotly.js
    rejects the promise of the interrupted first one with `undefined`, which the browser
    reports as an uncaught error. That is plotly's normal behaviour; any other error fails.
    """
    real = [error for error in errors if error != "undefined"]
    assert real == [], f"JavaScript errors on the page: {real}"


@pytest.fixture
def page(browser):
    """A fresh offline page (see ``offline_page``) that must end without a script error."""
    page, errors = offline_page(browser)
    yield page
    page.close()
    assert_no_script_errors(errors)
