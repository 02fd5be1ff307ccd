"""Quarto's post-render step: a site that loads nothing from another host.

Quarto writes KaTeX's script and stylesheet at the `html-math-method` url of `_quarto.yml`
(`site_libs/katex/`, as written, on every page), the interactive figures load plotly.js from
its CDN, and every page with a text/html output gets require.js and jQuery from a CDN (the
book uses neither). This step copies KaTeX (with its fonts) and plotly's cartesian bundle,
at the versions `npm ci` installed from package.json, into the site's `site_libs/`, points
each page at them by a path relative to the page, removes require.js and jQuery, and fails
if a page or stylesheet still names another host's script, stylesheet, font or image.

Quarto runs it after rendering (`project: post-render`), in the project folder, with
QUARTO_PROJECT_OUTPUT_DIR and QUARTO_PROJECT_OUTPUT_FILES set; by hand it takes `_book/`
and every page in it. BOOK_NODE_MODULES names another node_modules folder (for a render of
a copy of the repository).
"""

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

KATEX_URL = "site_libs/katex/"  # html-math-method's url in _quarto.yml
PLOTLY_DIR = "site_libs/plotly/"
PLOTLY_CDN = re.compile(r"https://cdn\.plot\.ly/plotly-cartesian-([\w.-]+?)\.min")
# What Quarto adds to the head of a page with a text/html or application/javascript output
# (includesForJupyterWidgetDependencies in its src/core/jupyter/widgets.ts).
WIDGET_SCRIPTS = re.compile(
    r'<script src="https://cdn\.jsdelivr\.net/npm/(?:requirejs|jquery)@[^"]*"[^>]*></script>\n?'
    r"|<script type=\"application/javascript\">define\('jquery', \[\],function\(\) "
    r"\{return window\.jQuery;\}\)</script>\n?")
LOADING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
           "video": "src", "embed": "src", "link": "href"}
REMOTE = re.compile(r"^\s*(?:[a-z][\w+.-]*:)?//", re.I)
CSS_URL = re.compile(r"""(?:url\(\s*|@import\s+(?!url\())["']?([^"')\s]+)""", re.I)


def assets(node_modules: Path) -> tuple[dict[str, Path], str]:
    """Where each file the pages load goes in the site, from where; and plotly.js's version."""
    katex = node_modules / "katex" / "dist"
    plotly = node_modules / "plotly.js-cartesian-dist-min"
    needed = [katex / "katex.min.js", katex / "katex.min.css", plotly / "package.json"]
    missing = [str(path) for path in needed if not path.exists()]
    if missing:
        raise SystemExit(f"self_contained_site: {missing} not found: run `npm ci` (README.md)")
    version = json.loads((plotly / "package.json").read_text())["version"]
    files = {f"{KATEX_URL}{name}": katex / name for name in ("katex.min.js", "katex.min.css")}
    files |= {f"{KATEX_URL}fonts/{font.name}": font for font in (katex / "fonts").iterdir()}
    files[f"{PLOTLY_DIR}plotly-cartesian-{version}.min.js"] = plotly / "plotly-cartesian.min.js"
    return files, version


def localise(html: str, root: str, plotly_version: str) -> str:
    """A page's HTML with KaTeX and plotly.js from the site and without require.js/jQuery.

    ``root`` is the site's root seen from the page: "" or "../".
    """
    html = WIDGET_SCRIPTS.sub("", html)
    html = re.sub(rf'(\s(?:src|href)=")({re.escape(KATEX_URL)})', rf"\g<1>{root}\g<2>", html)
    others = set(PLOTLY_CDN.findall(html)) - {plotly_version}
    if others:
        raise SystemExit(f"self_contained_site: a figure loads plotly.js {others.pop()}; "
                         f"node_modules has {plotly_version} (package.json)")
    return PLOTLY_CDN.sub(f"{root}{PLOTLY_DIR}plotly-cartesian-{plotly_version}.min", html)


class _Loads(HTMLParser):
    """The URLs a page loads by itself: scripts, stylesheets, icons, images, frames, and the
    url()s and @imports of its <style> blocks and style attributes."""

    def __init__(self):
        super().__init__()
        self.urls, self._in_style = [], False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get(LOADING.get(tag, "")):
            self.urls.append(attributes[LOADING[tag]])
        if attributes.get("srcset"):
            self.urls += [part.split()[0] for part in attributes["srcset"].split(",")]
        self.urls += CSS_URL.findall(attributes.get("style") or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += CSS_URL.findall(data)


def remote_loads(html: str) -> list[str]:
    """Every URL on another host that a page would load."""
    parser = _Loads()
    parser.feed(html)
    return [url for url in parser.urls if REMOTE.match(url)]


def missing_local_loads(page: Path, html: str) -> list[str]:
    """The files of the site that a page loads (as ``remote_loads`` finds them) but that
    are not there."""
    parser = _Loads()
    parser.feed(html)
    local = [url.split("#")[0].split("?")[0] for url in parser.urls
             if not REMOTE.match(url) and not url.startswith("data:")]
    return [url for url in local if url and not (page.parent / url).exists()]


def make_self_contained(out_dir: Path, pages: list[Path], node_modules: Path) -> None:
    """Copy the assets into ``out_dir`` and localise ``pages``; fail on any remote load."""
    files, plotly_version = assets(node_modules)
    for target, source in files.items():
        (out_dir / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, out_dir / target)
    problems = []
    for page in pages:
        depth = len(page.resolve().parent.relative_to(out_dir.resolve()).parts)
        html = localise(page.read_text(encoding="utf-8"), "../" * depth, plotly_version)
        page.write_text(html, encoding="utf-8")
        problems += [f"{page}: loads {url}" for url in remote_loads(html)]
        problems += [f"{page}: {url} is not in the site" for url in missing_local_loads(page, html)]
    for sheet in out_dir.rglob("*.css"):
        remote = [url for url in CSS_URL.findall(sheet.read_text("utf-8")) if REMOTE.match(url)]
        problems += [f"{sheet}: loads {url}" for url in remote]
    if problems:
        raise SystemExit("self_contained_site:\n" + "\n".join(problems))


def main() -> None:
    out_dir = Path(os.environ.get("QUARTO_PROJECT_OUTPUT_DIR") or "_book")
    rendered = os.environ.get("QUARTO_PROJECT_OUTPUT_FILES")
    pages = ([Path(line) for line in rendered.splitlines() if line.endswith(".html")]
             if rendered is not None else sorted(out_dir.rglob("*.html")))
    make_self_contained(out_dir, pages, Path(os.environ.get("BOOK_NODE_MODULES", "node_modules")))


if __name__ == "__main__":
    main()
