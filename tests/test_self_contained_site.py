"""The post-render step (scripts/self_contained_site.py) on a site built as Quarto builds it.

The site is tests/quarto_site.py's: pieces of a real Quarto 1.10 render, with require.js,
jQuery and KaTeX's tags as Quarto writes them. Each refusal is shown on a page that breaks it.
"""

import os
import re
import subprocess
import sys

import pytest
import quarto_site
import yaml
from quarto_site import post_render as run_step
from quarto_site import site_step

SCRIPT = quarto_site.POST_RENDER
PLOTLY_VERSION = site_step.assets(quarto_site.NODE_MODULES)[1]


@pytest.fixture
def site(tmp_path):
    if not (quarto_site.NODE_MODULES / "katex").exists():
        pytest.skip("node_modules/ missing: run `npm ci`")
    pages = quarto_site.build(tmp_path / "site")
    return tmp_path / "site", pages


def test_the_built_page_is_what_quarto_writes(site):
    """Before the step, the chapter loads require.js, jQuery and plotly.js from CDNs."""
    _, (index, chapter) = site
    before = site_step.remote_loads(chapter.read_text())
    assert [url.split("/npm/")[1].split("@")[0] for url in before] == ["jquery", "requirejs"]
    assert "https://cdn.plot.ly/" in chapter.read_text()
    assert site_step.missing_local_loads(index, index.read_text()) == [
        "site_libs/katex/katex.min.js", "site_libs/katex/katex.min.css"]


def test_the_step_makes_every_page_self_contained(site):
    site_dir, (index, chapter) = site
    run_step(site_dir, [index, chapter])
    for page, root in ((index, ""), (chapter, "../")):
        html = page.read_text()
        assert site_step.remote_loads(html) == [] and "cdn." not in html
        assert "require" not in html.split("</head>")[0] and "define(" not in html
        assert site_step.missing_local_loads(page, html) == []
        assert f'src="{root}site_libs/katex/katex.min.js"' in html
    html = chapter.read_text()
    assert '</script><script src="../site_libs/quarto-nav/quarto-nav.js"></script>' not in html
    assert '<script src="../site_libs/quarto-nav/quarto-nav.js"></script>' in html
    bundle = f"../site_libs/plotly/plotly-cartesian-{PLOTLY_VERSION}.min.js"
    assert f'script.src = "{bundle}"' in html and (chapter.parent / bundle).is_file()


def test_every_font_katex_asks_for_is_in_the_site(site):
    site_dir, pages = site
    run_step(site_dir, pages)
    css = site_dir / site_step.KATEX_URL / "katex.min.css"
    fonts = re.findall(r"url\(([^)]+)\)", css.read_text())
    assert len(fonts) > 50 and all((css.parent / font).is_file() for font in fonts)


def test_running_the_step_again_changes_nothing(site):
    """Quarto's preview runs the step again on each page it re-renders."""
    site_dir, pages = site
    run_step(site_dir, pages)
    once = [page.read_text() for page in pages]
    run_step(site_dir, pages)
    assert [page.read_text() for page in pages] == once


@pytest.mark.parametrize("breakage, message", [
    ('<script src="https://example.org/x.js"></script>', "loads https://example.org/x.js"),
    ('<link rel="stylesheet" href="//example.org/x.css">', "loads //example.org/x.css"),
    ("<style>@import url('https://example.org/font.css');</style>", "loads https://example"),
    ('<img src="local-picture.png" alt="">', "local-picture.png is not in the site"),
    ('<script>var s = "https://cdn.plot.ly/plotly-cartesian-9.9.9.min.js";</script>',
     "plotly.js 9.9.9"),
])
def test_the_step_refuses_a_page_that_still_loads_from_elsewhere(site, breakage, message):
    site_dir, (index, chapter) = site
    chapter.write_text(chapter.read_text().replace("</head>", f"{breakage}\n</head>"))
    with pytest.raises(SystemExit, match=re.escape(message)):
        run_step(site_dir, [index, chapter])


def test_the_step_refuses_a_stylesheet_that_loads_from_elsewhere(site):
    site_dir, pages = site
    (site_dir / "site_libs" / "theme.css").write_text("@import 'https://example.org/f.css';")
    with pytest.raises(SystemExit, match="theme.css: loads https://example.org/f.css"):
        run_step(site_dir, pages)


def test_the_step_says_to_run_npm_ci_without_node_modules(site, tmp_path):
    site_dir, pages = site
    with pytest.raises(SystemExit, match="npm ci"):
        site_step.make_self_contained(site_dir, pages, tmp_path / "no-node-modules")


def test_quarto_runs_the_step_with_the_pages_it_rendered(site):
    """As Quarto runs it: in the project folder, the pages named relative to it."""
    site_dir, (index, chapter) = site
    preface = index.read_text()
    env = dict(os.environ, QUARTO_PROJECT_OUTPUT_DIR=str(site_dir),
               QUARTO_PROJECT_OUTPUT_FILES=os.path.relpath(chapter, quarto_site.ROOT))
    subprocess.run([sys.executable, str(SCRIPT)], cwd=quarto_site.ROOT, env=env, check=True)
    assert site_step.remote_loads(chapter.read_text()) == []
    assert index.read_text() == preface, "a page Quarto did not render is left as it is"


def test_quarto_is_told_to_use_local_assets_only():
    config = quarto_site.config()
    assert config["project"]["post-render"] == "scripts/self_contained_site.py"
    math = config["format"]["html"]["html-math-method"]
    assert math == {"method": "katex", "url": site_step.KATEX_URL}

    def strings(value):
        if isinstance(value, dict):
            return [s for item in value.values() for s in strings(item)]
        return [s for item in value for s in strings(item)] if isinstance(value, list) else [
            str(value)]

    assert [s for s in strings(config) if site_step.REMOTE.match(s)] == []
    assert site_step.REMOTE.match("https://cdn.example/x") and site_step.REMOTE.match("//x")


def test_the_publish_workflow_installs_the_assets_before_rendering():
    workflow = yaml.safe_load((quarto_site.ROOT / ".github/workflows/publish.yml").read_text())
    steps = workflow["jobs"]["publish"]["steps"]
    ran = [step.get("run", "") + step.get("uses", "") for step in steps]
    npm = next(i for i, text in enumerate(ran) if "npm ci" in text)
    render = next(i for i, text in enumerate(ran) if "quarto-actions/render" in text)
    assert npm < render
