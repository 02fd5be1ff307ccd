"""theme/callouts.lua, run by pandoc as Quarto runs it: notes and solutions become callouts.

The chapters write notes and solutions the way JupyterLab reads them (a blockquote led by
"**Note: Title**", a "Solution to exercise N" heading); Quarto sees callouts only after this
filter. pandoc comes from the pypandoc_binary wheel, so the test needs no Quarto.
"""

import json
from pathlib import Path

import nbformat
import pytest

pypandoc = pytest.importorskip("pypandoc")
ROOT = Path(__file__).resolve().parent.parent
FILTER = str(ROOT / "theme" / "callouts.lua")
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))  # each one a heading apart


def blocks_of(markdown: str) -> list[dict]:
    """The top-level blocks of a Markdown text after the filter, as pandoc's JSON."""
    return json.loads(pypandoc.convert_text(markdown, "json", format="markdown",
                                            filters=[FILTER]))["blocks"]


def plain(inlines) -> str:
    """The text of pandoc JSON inlines (as in a heading)."""
    parts = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            parts.append(content)
        elif kind in ("Space", "SoftBreak"):
            parts.append(" ")
        elif kind in ("Code", "Math"):
            parts.append(content[1])
        elif kind in ("Emph", "Strong", "Quoted"):
            parts.append(plain(content if kind != "Quoted" else content[1]))
    return "".join(parts)


def callouts(blocks) -> list[tuple[str, dict, str]]:
    """(class, attributes, title) of each callout Div among the blocks."""
    return [(block["c"][0][1][0], dict(block["c"][0][2]), plain(block["c"][1][0]["c"][2]))
            for block in blocks
            if block["t"] == "Div" and any(c.startswith("callout-") for c in block["c"][0][1])]


SAMPLE = """\
### A question

#### Answer

The answer, with a formula $x^2$.

### The next question

> **Warning: Pitfall: the gradient points uphill**
>
> Subtracting, not adding.

> A plain quote, with **bold** in it, stays a quote.

## Exercises

1. Do it.

## Solution to exercise 1

Text.

``` python
x = 1
```

## Solution to exercise 2

More text.

## Going further: a folded aside

Folded too, as a note.
"""


def test_notes_and_solutions_become_callouts_and_nothing_else_does():
    blocks = blocks_of(SAMPLE)
    assert callouts(blocks) == [
        ("callout-tip", {"collapse": "true"}, "Answer"),
        ("callout-warning", {}, "Pitfall: the gradient points uphill"),
        ("callout-tip", {"collapse": "true"}, "Solution to exercise 1"),
        ("callout-tip", {"collapse": "true"}, "Solution to exercise 2"),
        ("callout-note", {"collapse": "true"}, "Going further: a folded aside")]
    kinds = [block["t"] for block in blocks]
    assert kinds.count("BlockQuote") == 1  # the plain quote
    assert kinds.count("Header") == 3  # the two questions and "Exercises" stay headings
    first_solution = [b for b in blocks if b["t"] == "Div"][2]
    assert [b["t"] for b in first_solution["c"][1]] == ["Header", "Para", "CodeBlock"]


def test_every_chapter_folds_each_solution_into_one_callout():
    """Run the filter once over all chapters, each under a top-level heading of its own."""
    notebooks = {path.stem: nbformat.read(path, as_version=4) for path in CHAPTERS}
    text = "\n\n".join(
        f"# CHAPTER {stem}\n\n" + "\n\n".join(
            cell.source if cell.cell_type == "markdown" else "``` python\ncode\n```"
            for cell in nb.cells)
        for stem, nb in notebooks.items())
    found, stem = {name: [] for name in notebooks}, None
    for block in blocks_of(text):
        if block["t"] == "Header" and plain(block["c"][2]).startswith("CHAPTER "):
            stem = plain(block["c"][2]).removeprefix("CHAPTER ")
        found[stem] += callouts([block])
    for stem, nb in notebooks.items():
        titles = [title for _, _, title in found[stem]]
        folded = [c.source.split(" ", 1)[1] for c in nb.cells
                  if c.metadata.get("jp-MarkdownHeadingCollapsed")]
        assert folded and [t for t in titles if t in folded] == folded, stem
        notes = sum(1 for cell in nb.cells if cell.cell_type == "markdown"
                    for line in cell.source.splitlines() if line.startswith("> **"))
        assert len(titles) == len(folded) + notes, stem
