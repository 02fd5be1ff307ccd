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
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def blocks_of(markdown: str) -> list[dict]:
    """The top-level blocks of a Markdown text after the filter, as pandoc's JSON."""
    return json.loads(pypandoc.convert_text(markdown, "json", format="markdown",
                                            filters=[FILTER]))["blocks"]


def callouts(blocks) -> list[tuple[str, dict, str]]:
    """(class, attributes, title) of each callout Div among the blocks."""
    found = []
    for block in blocks:
        if block["t"] == "Div" and any(c.startswith("callout-") for c in block["c"][0][1]):
            title = pypandoc.convert_text(json.dumps({
                "pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": [block["c"][1][0]]}),
                "plain", format="json").strip()
            found.append((block["c"][0][1][0], dict(block["c"][0][2]), title))
    return found


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


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_folds_each_solution_into_one_callout(path):
    nb = nbformat.read(path, as_version=4)
    text = "\n\n".join(cell.source if cell.cell_type == "markdown" else "``` python\ncode\n```"
                       for cell in nb.cells)
    found = callouts(blocks_of(text))
    titles = [title for _, _, title in found]
    solutions = [t for t in titles if t.startswith(("Solution to exercise", "Going further:"))
                 or t == "Answer"]
    assert solutions and solutions == [c.source.split(" ", 1)[1] for c in nb.cells
                                       if c.metadata.get("jp-MarkdownHeadingCollapsed")]
    notes = sum(1 for cell in nb.cells if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if line.startswith("> **"))
    assert len(found) == len(solutions) + notes
