"""Quarto-safe chapters: each rule of markup_rules passes on the book and fails on a bad page.

Quarto cannot run on the project's machines, so what it does with a notebook is encoded
in markup_rules (one function a rule) and checked here on every chapter. Each rule is
also run on a small notebook that breaks it, built below, to show that it can fail.
"""

from pathlib import Path

import nbformat
import number_references
import pytest
from markup_rules import (
    NOTEBOOK_RULES,
    chapter_links,
    collapsed_inputs,
    duplicate_labels,
    empty_table_headers,
    fences_and_notes,
    folded_in_jupyterlab,
    hidden_names_in_shown_code,
    multiline_options,
    prose_cells_shown,
    stale_numbers,
    template_leftovers,
    unresolved_references,
)
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import text_utils

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def notebook(*cells):
    return new_notebook(cells=list(cells))


def markdown_result(text, source="say('...')", hidden=True):
    """A code cell that stores one Markdown output, hidden on the page if ``hidden``."""
    options = "#| echo: false\n" if hidden else ""
    cell = new_code_cell(options + source, outputs=[
        new_output("execute_result", data={"text/markdown": text, "text/plain": "<Markdown>"},
                   execution_count=1)])
    if hidden:
        cell.metadata["jupyter"] = {"source_hidden": True}
    return cell


def book():
    pages = {"index.qmd": (ROOT / "index.qmd").read_text()}
    pages.update({path.name: nbformat.read(path, as_version=4) for path in CHAPTERS})
    return pages


# ------------------------------------------------------------------ on the book
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_follows_every_markup_rule(path):
    nb = nbformat.read(path, as_version=4)
    problems = [problem for rule in NOTEBOOK_RULES for problem in rule(nb)]
    assert problems == []


def chapter_order():
    return number_references.chapter_order(ROOT / "_quarto.yml")


def test_every_cross_reference_resolves_and_every_label_is_unique():
    pages = book()
    assert unresolved_references(pages) == []
    assert duplicate_labels(pages) == []
    assert chapter_links(pages, chapter_order()) == []


def test_every_figure_table_and_equation_carries_the_number_quarto_gives_it():
    chapters = {name: nb for name, nb in book().items() if name.endswith(".ipynb")}
    assert stale_numbers(chapters, chapter_order()) == []


def test_a_stale_number_or_caption_is_caught():
    order = ["01-a.ipynb", "02-b.ipynb"]
    figure = new_code_cell('#| label: fig-a\n#| fig-cap: "A line."\nplot();')
    chapter = notebook(new_markdown_cell("As [Figure 2.1](#fig-a) shows."), figure)
    assert stale_numbers({"02-b.ipynb": chapter}, order) == [
        "02-b.ipynb cell 2: its numbers or captions are out of date "
        "(run scripts/execute_chapters.py)"]  # no caption cell yet
    number_references.number_book({"02-b.ipynb": chapter}, order)
    assert stale_numbers({"02-b.ipynb": chapter}, order) == []
    assert chapter.cells[2].source.splitlines()[2] == "**Figure 2.1:** A line."
    chapter.cells.insert(0, new_code_cell('#| label: fig-first\n#| fig-cap: "Before."\nplot();'))
    assert stale_numbers({"02-b.ipynb": chapter}, order)[0].startswith("02-b.ipynb cell 1:")
    wrong = notebook(new_markdown_cell("As [Figure 1.1](#fig-a) shows."), figure)
    with pytest.raises(ValueError, match=r"\(#fig-b\) refers to fig-b, which no chapter defines"):
        stale_numbers({"02-b.ipynb": notebook(new_markdown_cell("[Figure 2.1](#fig-b)"))}, order)
    assert stale_numbers({"02-b.ipynb": wrong}, order)[0].startswith("02-b.ipynb cell 0:")


def test_a_wrong_or_dead_chapter_link_is_caught():
    order = ["01-a.ipynb", "02-b.ipynb"]
    bad = {"c.ipynb": notebook(new_markdown_cell(
        "See [Chapter 1](02-b.ipynb), [the end](03-c.ipynb) and @sec-b."))}
    assert [p.split(": ", 1)[1] for p in chapter_links(bad, order)] == [
        "[Chapter 1](02-b.ipynb) is chapter 2", "[the end](03-c.ipynb) links to no chapter",
        "@sec-b is dead text in JupyterLab; link to the chapter"]
    good = {"index.qmd": "See [Chapter 2](chapters/02-b.ipynb) and [the first](01-a.ipynb)."}
    assert chapter_links(good, order) == []


# -------------------------------------------------------- each rule can fail
def test_a_caption_over_several_option_lines_is_caught():
    bad = notebook(new_code_cell('#| label: tbl-x\n#| tbl-cap: >-\n#|   A caption\n#|   '
                                 "that wraps.\nshow()"))
    assert len(multiline_options(bad)) == 3  # the block marker and each orphan line
    late = notebook(new_code_cell("x = 1\n#| echo: false"))
    assert "after code" in multiline_options(late)[0]
    escaped = notebook(new_code_cell('#| label: fig-x\n#| fig-cap: "Momentum $\\beta$."\nplot();'))
    assert "reads a backslash as an escape" in multiline_options(escaped)[0]
    good = notebook(new_code_cell('#| label: tbl-x\n#| tbl-cap: "A caption: one line."\nshow()'))
    assert multiline_options(good) == []


def test_a_fence_or_an_unknown_note_is_caught():
    fenced = notebook(new_markdown_cell("::: {.callout-note}\n## Note\nText.\n\n:::"))
    assert "reads as text in JupyterLab" in fences_and_notes(fenced)[0]
    unknown = notebook(new_markdown_cell("> **Remember: this**\n>\n> Text."))
    assert "names no note kind" in fences_and_notes(unknown)[0]
    good = notebook(new_markdown_cell("> **Warning: Pitfall: the sign**\n>\n> Text.\n\n"
                                      "> A plain quote, **bold** inside."))
    assert fences_and_notes(good) == []

def test_a_reference_without_a_label_and_a_label_defined_twice_are_caught():
    chapter = notebook(new_markdown_cell("# One {#sec-one}\n\nSee @fig-missing, [Figure 1.1]"
                                         "(#fig-gone) and [Equation 2.1](02-b.ipynb#eq-x)."),
                       markdown_result("As @tbl-gone shows."))
    problems = unresolved_references({"one.ipynb": chapter, "02-b.ipynb": notebook()})
    assert [p.split(": ")[1] for p in problems] == [
        "#fig-gone in one.ipynb has no label", "#eq-x in 02-b.ipynb has no label",
        "@fig-missing has no label", "@tbl-gone has no label"]
    labelled = notebook(new_markdown_cell("$$\nx = 1 \\tag{2.1}\n$$ <!-- #eq-x -->"))
    assert unresolved_references({"one.ipynb": chapter, "02-b.ipynb": labelled})[1:] == [
        "one.ipynb cell 0: @fig-missing has no label", "one.ipynb cell 1: @tbl-gone has no label"]
    twice = {"a.ipynb": notebook(new_code_cell("#| label: fig-x\nplot();")),
             "b.qmd": "## Again {#fig-x}\n"}
    assert duplicate_labels(twice) == ["fig-x is defined in ['a.ipynb', 'b.qmd']"]
    assert unresolved_references({"b.qmd": "@fig-x", **twice}) == []


@pytest.mark.parametrize("leftover", [
    "jumps to $m = {fmt(jump[0], 2)}$",       # an f-string that lost its f
    r"$\frac{{{terms}}}{{{n}}}$",             # its escaped braces
    "the loss is {{ loss | num(2) }}",        # a template shown, not rendered
    "a slope of {m:.2f}",
])
def test_an_unfilled_template_field_is_caught(leftover):
    assert template_leftovers(notebook(markdown_result(leftover))) != []


def test_latex_groups_are_not_template_fields():
    text = r"$$m_{\text{new}} = \frac{1 + 1}{5}, \quad x^{2}$$ and {#eq-x} and {.callout}"
    assert template_leftovers(notebook(markdown_result(text))) == []


def test_a_shown_cell_that_only_writes_prose_is_caught():
    shown = notebook(markdown_result("A computed sentence.", hidden=False))
    assert "echo: false" in prose_cells_shown(shown)[0]
    assert prose_cells_shown(notebook(markdown_result("A computed sentence."))) == []


def test_website_and_jupyterlab_hide_the_same_cells():
    open_in_lab = markdown_result("Text.")
    open_in_lab.metadata = {}
    assert "open in JupyterLab" in collapsed_inputs(notebook(open_in_lab))[0]
    shut = new_code_cell("x = 1")
    shut.metadata["jupyter"] = {"source_hidden": True}
    assert "collapsed in JupyterLab" in collapsed_inputs(notebook(shut))[0]


def test_a_table_header_without_a_name_is_caught():
    bad = notebook(markdown_result("| Point |  | y |\n|:---|---:|---:|\n| a | 2 | 65 |"))
    assert "empty cell" in empty_table_headers(bad)[0]
    good = notebook(markdown_result("| Point | x | y |\n|:---|---:|---:|\n| a |  | 65 |"))
    assert empty_table_headers(good) == []


def test_a_table_header_that_is_only_a_formula_is_caught():
    """KaTeX gives such a header no text for screen readers; text_utils.table names it."""
    bare = notebook(markdown_result("| Point | $\\hat y$ |\n|:---|---:|\n| a | 2 |"))
    assert "only a formula" in empty_table_headers(bare)[0]
    unnamed = '<span role="math" aria-label="">$\\hat y$</span>'
    assert empty_table_headers(notebook(markdown_result(
        f"| Point | {unnamed} |\n|:---|---:|\n| a | 2 |")))
    assert text_utils.spoken(r"(y - \hat y)^2") == "(y minus y hat) squared"
    assert text_utils.spoken(r"\lvert b - b^*\rvert") == "absolute value of b minus b star"
    assert text_utils.spoken(r"\lambda_{min}") == "lambda min"
    assert text_utils.spoken(r"x \cdot r") == "x times r"
    with pytest.raises(ValueError, match="cannot read"):
        text_utils.spoken(r"\frac{a}{b}")
    named = text_utils.md_table(["Point", "$\\hat y$", "Hours $x$"], [["a", 2, 3]])
    assert 'aria-label="y hat"' in named
    assert empty_table_headers(notebook(markdown_result(named))) == []


def test_shown_code_that_needs_a_hidden_cell_is_caught():
    hidden = new_code_cell("#| echo: false\nradius = 2.0")
    hidden.metadata["jupyter"] = {"source_hidden": True}
    bad = notebook(new_code_cell("import numpy as np"), hidden,
                   new_code_cell("area = np.pi * radius**2\nlater"),
                   new_code_cell("later = 1"))
    problems = hidden_names_in_shown_code(bad)
    assert problems == ["cell 2 uses ['later', 'radius'], which no shown cell before it "
                        "defines: define or import them in shown code"]
    good = notebook(new_code_cell("import numpy as np\nradius = 2.0"), hidden,
                    new_code_cell("def area(r):\n    return np.pi * r**2\n\n"
                                  "areas = [area(k) for k in range(3)]\n%timeit area(radius)"))
    assert hidden_names_in_shown_code(good) == []


def test_part_two_word_budget():
    """Issue 17: part two shows a reader at most 17,000 words, chapter 14 at most 2,800."""
    from markup_rules import shown_words

    chapters = sorted((Path(__file__).resolve().parent.parent / "chapters").glob("*.ipynb"))
    words = {path.name[:2]: shown_words(nbformat.read(path, as_version=4)) for path in chapters}
    part_two = {number: count for number, count in words.items() if int(number) >= 9}
    assert len(part_two) == 8
    assert sum(part_two.values()) <= 17_000, part_two
    assert part_two["14"] <= 2_800


def test_a_solution_open_in_jupyterlab_or_folding_too_much_is_caught():
    title = new_markdown_cell("## Solution to exercise 1")
    title.metadata["jp-MarkdownHeadingCollapsed"] = True
    good = notebook(new_markdown_cell("## Exercises\n\n1. Do it."), title,
                    new_markdown_cell("The answer."), new_code_cell("x = 1"))
    assert folded_in_jupyterlab(good) == []
    glued = notebook(new_markdown_cell("## Solution to exercise 1\n\nText in the title cell."))
    assert "sits alone in its cell" in folded_in_jupyterlab(glued)[0]
    unfolded = notebook(new_markdown_cell(title.source))
    assert "not stored collapsed" in folded_in_jupyterlab(unfolded)[0]
    answer = new_markdown_cell("## Answer")
    answer.metadata["jp-MarkdownHeadingCollapsed"] = True
    swallowing = notebook(new_markdown_cell("### Question one"), answer,
                          new_markdown_cell("### Question two"))
    assert "would fold it away" in folded_in_jupyterlab(swallowing)[0]
