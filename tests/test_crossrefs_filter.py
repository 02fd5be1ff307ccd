"""theme/crossrefs.lua, run by pandoc as Quarto runs it: links and comments become references.

The chapters write a reference as a link, [Figure 11.2](#fig-x), and an equation's label as
a comment after its maths, <!-- #eq-x -->, so that JupyterLab shows no Quarto syntax;
Quarto numbers and links them only once this filter has made them `@fig-x` citations and
`{#eq-x}` attributes. pandoc comes from the pypandoc_binary wheel, so no Quarto is needed.
"""

import json
from pathlib import Path

import nbformat
import pytest
from markup_rules import rendered_markdown
from number_references import EQUATION_LABEL, REFERENCE

pypandoc = pytest.importorskip("pypandoc")
ROOT = Path(__file__).resolve().parent.parent
FILTER = str(ROOT / "theme" / "crossrefs.lua")
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def inlines_of(markdown: str) -> list[dict]:
    """Every inline element of a Markdown text after the filter, in order, as pandoc's JSON."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") in ("Str", "Cite", "Link", "Math", "RawInline"):
                found.append(node)
            walk(node.get("c"))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(pypandoc.convert_text(markdown, "json", format="markdown",
                                          filters=[FILTER]))["blocks"])
    return found


def cites(inlines) -> list[str]:
    return [node["c"][0][0]["citationId"] for node in inlines if node["t"] == "Cite"]


SAMPLE = r"""As [Figure 11.2](#fig-rates-excess) and [Table 11.1](#tbl-rates) show, and
[Equation 10.5](10-shape-of-the-valley.ipynb#eq-valley-decay) says,

$$
e_{k+1} = (1 - \eta\lambda)\, e_k \tag{11.3}
$$ <!-- #eq-rates-factor -->

See [the chapter](10-shape-of-the-valley.ipynb), [its section](#sec-x) and
[a site](https://example.org/#fig-y); <!-- a plain comment --> $$ y \tag{1} $$ stays.
"""


def test_links_to_labels_become_citations_and_other_links_stay():
    inlines = inlines_of(SAMPLE)
    assert cites(inlines) == ["fig-rates-excess", "tbl-rates", "eq-valley-decay"]
    links = [node["c"][2][0] for node in inlines if node["t"] == "Link"]
    assert links == ["10-shape-of-the-valley.ipynb", "#sec-x", "https://example.org/#fig-y"]


def test_an_equation_label_becomes_an_attribute_and_its_tag_goes():
    inlines = inlines_of(SAMPLE)
    maths = [node["c"][1].strip() for node in inlines if node["t"] == "Math"]
    assert maths == [r"e_{k+1} = (1 - \eta\lambda)\, e_k", r"y \tag{1}"]
    after = inlines[[node["t"] for node in inlines].index("Math") + 1:][:1]
    assert after == [{"t": "Str", "c": "{#eq-rates-factor}"}]
    assert [n["c"][1] for n in inlines if n["t"] == "RawInline"] == ["<!-- a plain comment -->"]


def test_every_reference_and_equation_label_of_the_book_is_converted():
    texts = [text for path in CHAPTERS
             for _, text in rendered_markdown(nbformat.read(path, as_version=4))]
    book = "\n\n".join(texts)
    inlines = inlines_of(book)
    assert cites(inlines) == [label for _, label in REFERENCE.findall(book)]
    assert len(cites(inlines)) > 100
    labels = [node["c"][2:-1] for node in inlines
              if node["t"] == "Str" and node["c"].startswith("{#eq-")]
    assert labels == EQUATION_LABEL.findall(book) and len(labels) > 30
    assert not any(node["t"] == "RawInline" and "#eq-" in node["c"][1] for node in inlines)
    assert not any(node["t"] == "Math" and r"\tag" in node["c"][1] for node in inlines)
