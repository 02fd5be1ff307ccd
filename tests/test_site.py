"""The website's settings that Quarto applies: theme colours, code style, keyboard access.

Quarto cannot run here, so these tests read what it is given: `_quarto.yml` and the theme
files; the theme's scripts run in tests/test_site_pages.py, on pages built as Quarto builds
them. The rendered pages were checked with axe-core on the maintainers' side; the colour
it flagged (#6d7a86, 4.39:1 on white) was the muted text of section numbers and captions.
"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "_quarto.yml").read_text())
HTML = CONFIG["format"]["html"]
# Page backgrounds of the Bootswatch themes the book builds on ($body-bg).
BACKGROUNDS = {"cosmo": "#ffffff", "darkly": "#222222"}


def luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour (WCAG 2.1)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    high, low = sorted([luminance(one), luminance(two)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_pairs():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#6d7a86", "#ffffff") == pytest.approx(4.39, abs=0.01)  # axe's finding


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_muted_text_meets_wcag_aa_on_its_theme(mode):
    base, scss = HTML["theme"][mode]
    text = (ROOT / scss).read_text()
    muted = re.search(r"^\$book-muted:\s*(#[0-9a-fA-F]{6});", text, re.M).group(1)
    assert contrast(muted, BACKGROUNDS[base]) >= 4.5
    for variable in ("$text-muted", "$body-secondary"):
        assert re.search(rf"^\{variable}:\s*\$book-muted;", text, re.M), variable
    rules = text.split("/*-- scss:rules --*/")[1]
    for selector in (".header-section-number", "figcaption", ".quarto-float-caption", "caption"):
        assert selector in rules, f"{scss} does not colour {selector}"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_web_font_request(mode):
    _, scss = HTML["theme"][mode]
    assert re.search(r"^\$web-font-path:\s*false;", (ROOT / scss).read_text(), re.M)


def test_code_highlighting_and_keyboard_access():
    assert HTML["highlight-style"] == "a11y"  # Quarto's syntax colours with AA contrast
    scripts = {Path(path).stem: (ROOT / path).read_text() for path in HTML["include-after-body"]}
    assert set(scripts) == {"scrollable-regions", "collapse-toggles", "navigation-names"}
    assert all('setAttribute("tabindex", "0")' in scripts[name]
               for name in ("scrollable-regions", "collapse-toggles"))
