"""A two-page site built the way Quarto 1.10.18 renders the book, for tests without Quarto.

The pieces of HTML below are copied from a real render of the book (`quarto render` with
this repository's `_quarto.yml`) and cut down: the head with KaTeX at the configured url and,
on a page with a text/html output, require.js, jQuery and the `define('jquery', ...)` line;
the sidebar's part toggles; a folded solution callout; a table whose headers are formulas;
the previous/next links; and the theme's include-after-body scripts, which Quarto inserts as
they are. The chapter's outputs are the book's own: `text_utils.md_table` as Pandoc writes
it, and a `plot_utils.interactive` loader. The site's own scripts are the files Quarto copies
into `site_libs/` (Bootstrap's, from node_modules; an empty stand-in for quarto-nav.js).
"""

import importlib.util
import re
import shutil
from pathlib import Path

import plotly.graph_objects as go
import yaml

import plot_utils
from conftest import BOOTSTRAP_JS, NODE_MODULES, ROOT

POST_RENDER = ROOT / "scripts" / "self_contained_site.py"
_spec = importlib.util.spec_from_file_location("self_contained_site", POST_RENDER)
site_step = importlib.util.module_from_spec(_spec)  # the post-render step, as a module
_spec.loader.exec_module(site_step)

# What Quarto puts in the head of a page whose notebook has a text/html output.
WIDGET_HEAD = """\
<script src="https://cdn.jsdelivr.net/npm/jquery@3.5.1/dist/jquery.min.js" integrity="sha384-ZvpUoO/+PpLXR1lu4jmpXWu80pZlYUAfxl5NsBMWOEPSjUn/6Z/hRTt8+pR6L4N2" crossorigin="anonymous"></script><script src="{root}site_libs/quarto-nav/quarto-nav.js"></script>
<script src="{root}site_libs/bootstrap/bootstrap.min.js"></script>
<script src="https://cdn.jsdelivr.net/npm/requirejs@2.3.6/require.min.js" integrity="sha384-c9c+LnTbwQ3aujuU7ULEPVvgLs+Fn6fJUvIGTsuu1ZcCf11fiEubah0ttpca4ntM sha384-6V1/AdqZRWk1KAlWbKBlGhN7VG4iE/yAZcO6NZPMF8od0vukrvr0tg4qY6NSrItx" crossorigin="anonymous"></script>

<script type="application/javascript">define('jquery', [],function() {{return window.jQuery;}})</script>
"""
PLAIN_HEAD = """\
<script src="{root}site_libs/quarto-nav/quarto-nav.js"></script>
<script src="{root}site_libs/bootstrap/bootstrap.min.js"></script>
"""
KATEX_HEAD = """
  <script defer="" src="{url}katex.min.js"></script>
  <script>document.addEventListener("DOMContentLoaded", function () {{
 var mathElements = document.getElementsByClassName("math");
 var macros = [];
 for (var i = 0; i < mathElements.length; i++) {{
  var texText = mathElements[i].firstChild;
  if (mathElements[i].tagName == "SPAN") {{
   katex.render(texText.data, mathElements[i], {{
    displayMode: mathElements[i].classList.contains('display'),
    throwOnError: false,
    macros: macros,
    fleqn: false
   }});
}}}}}});
  </script>
  <link rel="stylesheet" href="{url}katex.min.css">
"""
SIDEBAR = """\
<header id="quarto-header" class="headroom fixed-top">
  <nav class="quarto-secondary-nav">
    <div class="container-fluid d-flex">
      <button type="button" class="quarto-btn-toggle btn" data-bs-toggle="collapse" role="button" data-bs-target=".quarto-sidebar-collapse-item" aria-controls="quarto-sidebar" aria-expanded="false" aria-label="Toggle sidebar navigation">
        <i class="bi bi-layout-text-sidebar-reverse"></i>
      </button>
        <a class="flex-grow-1" role="navigation" data-bs-toggle="collapse" data-bs-target=".quarto-sidebar-collapse-item" aria-controls="quarto-sidebar" aria-expanded="false" aria-label="Toggle sidebar navigation">
        </a>
    </div>
  </nav>
</header>
<div id="quarto-content" class="quarto-container page-columns page-rows-contents page-layout-article">
  <nav id="quarto-sidebar" class="sidebar collapse collapse-horizontal quarto-sidebar-collapse-item sidebar-navigation floating overflow-auto">
    <div class="sidebar-menu-container">
    <ul class="list-unstyled mt-1">
        <li class="sidebar-item sidebar-item-section">
      <div class="sidebar-item-container">
            <a class="sidebar-item-text sidebar-link text-start" data-bs-toggle="collapse" data-bs-target="#quarto-sidebar-section-1" role="navigation" aria-expanded="true">
 <span class="menu-text">The article, step by step</span></a>
          <a class="sidebar-item-toggle text-start" data-bs-toggle="collapse" data-bs-target="#quarto-sidebar-section-1" role="navigation" aria-expanded="true" aria-label="Toggle section">
            <i class="bi bi-chevron-right ms-2"></i>
          </a>
      </div>
      <ul id="quarto-sidebar-section-1" class="collapse list-unstyled sidebar-section depth1 show">
          <li class="sidebar-item">
  <div class="sidebar-item-container">
  <a href="{root}chapters/06-demo.html" class="sidebar-item-text sidebar-link">
 <span class="menu-text"><span class="chapter-number">6</span>&nbsp; <span class="chapter-title">Watching it learn</span></span></a>
  </div>
</li>
      </ul>
  </li>
    </ul>
    </div>
</nav>
<div id="quarto-sidebar-glass" class="quarto-sidebar-collapse-item" data-bs-toggle="collapse" data-bs-target=".quarto-sidebar-collapse-item"></div>
<main class="content" id="quarto-document-content">
"""
CALLOUT = """\
<div class="callout callout-style-default callout-tip callout-titled">
<div class="callout-header d-flex align-content-center collapsed" data-bs-toggle="collapse" data-bs-target=".callout-{n}-contents" aria-controls="callout-{n}" aria-expanded="false" aria-label="Toggle callout">
<div class="callout-icon-container">
<i class="callout-icon"></i>
</div>
<div class="callout-title-container flex-fill">
<span class="screen-reader-only">Tip</span>Solution to exercise {n}
</div>
<div class="callout-btn-toggle d-inline-block border-0 py-1 ps-1 pe-0 float-end"><i class="callout-toggle"></i></div>
</div>
<div id="callout-{n}" class="callout-{n}-contents callout-collapse collapse">
<div class="callout-body-container callout-body">
<p>The slope is <span class="math inline">m = {n}</span>.</p>
</div>
</div>
</div>
"""
MATHS_TABLE = """\
<table class="caption-top table">
<caption>The first guess, point by point.</caption>
<thead>
<tr class="header">
<th style="text-align: left;">Point</th>
<th style="text-align: right;"><span role="math" aria-label="y hat"><span class="math inline">\\hat y</span></span></th>
</tr>
</thead>
<tbody>
<tr class="odd">
<td style="text-align: left;">a</td>
<td style="text-align: right;">66</td>
</tr>
</tbody>
</table>
"""
PAGINATION = """\
<nav class="page-navigation">
  <div class="nav-page nav-page-previous">
      <a href="{root}index.html" class="pagination-link" aria-label="Preface">
        <i class="bi bi-arrow-left-short"></i> <span class="nav-page-text">Preface</span>
      </a>
  </div>
  <div class="nav-page nav-page-next">
      <a href="{root}chapters/06-demo.html" class="pagination-link" aria-label="Watching it learn">
        <span class="nav-page-text"><span class="chapter-number">6</span>&nbsp; <span class="chapter-title">Watching it learn</span></span> <i class="bi bi-arrow-right-short"></i>
      </a>
  </div>
</nav>
</div> <!-- /content -->
"""


def config():
    """The book's `_quarto.yml`."""
    return yaml.safe_load((ROOT / "_quarto.yml").read_text())


def page(title, root, body, widgets, theme):
    """A page as Quarto writes it: ``root`` is "" at the top and "../" in chapters/; without
    the theme's include-after-body scripts unless ``theme``."""
    html = config()["format"]["html"]
    after_body = "\n".join((ROOT / path).read_text() for path in html["include-after-body"]
                           if theme)
    head = (WIDGET_HEAD if widgets else PLAIN_HEAD).format(root=root)
    katex = KATEX_HEAD.format(url=html["html-math-method"]["url"])
    return (f'<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="en" '
            f'xml:lang="en"><head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
            f'{head}<meta name="quarto:offset" content="{root or "./"}">\n{katex}\n</head>\n'
            f'<body class="nav-sidebar floating quarto-light">\n'
            f'{SIDEBAR.format(root=root)}{body}</main>\n{after_body}\n'
            f"{PAGINATION.format(root=root)}\n</body></html>\n")


def figure_html():
    """A figure's stored text/html output, which Quarto inserts as it is."""
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[2, 4, 5], mode="markers"),
                    layout={"title": {"text": "Demo"}, "height": 300, "width": 400})
    return plot_utils.interactive(fig, "demo-figure").to_html()


def build(site: Path, theme: bool = True, figure: bool = True) -> list[Path]:
    """Write the site into ``site`` (the preface and one chapter); return its pages.

    Without ``theme``, as Quarto alone would write it: no include-after-body scripts, and
    a formula header without the name text_utils.table gives it. Without ``figure``, the
    chapter has no interactive figure (and loads no plotly.js).
    """
    (site / "chapters").mkdir(parents=True)
    for name in ("quarto-nav/quarto-nav.js", "bootstrap/bootstrap.min.js"):
        (site / "site_libs" / name).parent.mkdir(parents=True, exist_ok=True)
    (site / "site_libs" / "quarto-nav" / "quarto-nav.js").write_text("")
    shutil.copyfile(BOOTSTRAP_JS, site / "site_libs" / "bootstrap" / "bootstrap.min.js")
    index = site / "index.html"
    index.write_text(page("Preface", "", '<h1>Preface</h1>\n<p>The line <span class="math '
                          'inline">y = m x + b</span>.</p>\n', widgets=False, theme=theme))
    chapter = site / "chapters" / "06-demo.html"
    table = MATHS_TABLE if theme else re.sub(r'<span role="math"[^>]*>(.*?)</span></th>',
                                             r"\1</th>", MATHS_TABLE)
    output = (f'<div class="cell-output cell-output-display">\n{figure_html()}\n</div>\n'
              if figure else "")
    body = (f"<h1>Watching it learn</h1>\n{table}{output}"
            + "".join(CALLOUT.format(n=n) for n in (1, 2)))
    chapter.write_text(page("6 Watching it learn", "../", body, widgets=True, theme=theme))
    return [index, chapter]


def post_render(site: Path, pages: list[Path]) -> None:
    """What Quarto does next: run the project's post-render step on the pages."""
    site_step.make_self_contained(site, pages, NODE_MODULES)
