"""Number figures, tables and equations as Quarto does, where a JupyterLab reader sees them.

Quarto numbers each chapter's figures, tables and equations (Figure 11.2, Table 11.1,
Equation 11.3) and draws the captions of figures and tables; JupyterLab does neither, and
shows Quarto's `@fig-x` references and `{#eq-x}` labels as text. So a chapter writes

- a reference as a Markdown link, `[Figure 11.2](#fig-rates-excess)`, or one into another
  chapter's notebook, `[Equation 10.5](10-shape-of-the-valley.ipynb#eq-valley-decay)`;
- an equation's label as a comment after its closing `$$`, `<!-- #eq-rates-best -->`,
  and its number as a `\\tag{11.3}` that ends the formula;
- a figure's or a table's caption as the cell option Quarto reads, `#| fig-cap: "..."`.

``number_book`` writes the numbers in: each link's text and target, each `\\tag`, and a
caption cell beside each figure (after it) and each table (before it). A caption cell sits
in `<div class="content-hidden">`, which Quarto drops: the website draws the caption from
the cell option. theme/crossrefs.lua turns the links and labels back into Quarto's
cross-references, so the website numbers them itself, with the same numbers.

>>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
>>> nb = new_notebook(cells=[
...     new_markdown_cell("As [Figure ?](#fig-a) shows:\\n$$\\nx = 1\\n$$ <!-- #eq-one -->"),
...     new_code_cell('#| label: fig-a\\n#| fig-cap: "A line."\\nplot();')])
>>> number_book({"03-c.ipynb": nb}, ["01-a.ipynb", "02-b.ipynb", "03-c.ipynb"])
>>> print(nb.cells[0].source)
As [Figure 3.1](#fig-a) shows:
$$
x = 1 \\tag{3.1}
$$ <!-- #eq-one -->
>>> print(nb.cells[2].source)
<div class="content-hidden">
<BLANKLINE>
**Figure 3.1:** A line.
<BLANKLINE>
</div>
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from nbformat.v4 import new_markdown_cell

KINDS = {"fig": "Figure", "tbl": "Table", "eq": "Equation"}
EQUATION_LABEL = re.compile(r"<!-- #(eq-[\w-]+) -->")
# A closing $$ with its label, and the \tag before it if there is one yet.
TAGGED_END = re.compile(r"(?:[ \t]*\\tag\{[^{}]*\})?(\s*\$\$[ \t]*<!-- #(eq-[\w-]+) -->)")
REFERENCE = re.compile(r"\[(?:Figure|Table|Equation)\b[^\]]*\]"
                       r"\((\d\d-[\w-]+\.ipynb)?#((?:fig|tbl|eq)-[\w-]+)\)")
CAPTION_CELL = '<div class="content-hidden">\n\n**{number}:** {caption}\n\n</div>'


def chapter_order(quarto_yml: Path) -> list[str]:
    """The chapters' file names in the order the book numbers them (its _quarto.yml)."""
    config = yaml.safe_load(Path(quarto_yml).read_text())
    listed = [entry for item in config["book"]["chapters"]
              for entry in (item["chapters"] if isinstance(item, dict) else [item])]
    return [Path(entry).name for entry in listed if entry.endswith(".ipynb")]


def option_lines(source: str) -> list[str]:
    """The `#|` lines at the top of a code cell, where Quarto reads a cell's options."""
    lines = []
    for line in source.splitlines():
        if not line.startswith("#|"):
            break
        lines.append(line)
    return lines


def cell_options(source: str) -> dict:
    """A code cell's Quarto options as YAML reads them ({} for none, or for broken YAML)."""
    lines = option_lines(source)
    if not lines:
        return {}
    try:
        options = yaml.safe_load("\n".join(line[2:].lstrip() for line in lines))
    except yaml.YAMLError:
        return {}
    return options if isinstance(options, dict) else {}


def floats(nb) -> list[tuple[int, str, str]]:
    """(cell index, label, caption) of each figure and table cell, in order."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        options = cell_options(cell.source)
        label = str(options.get("label", ""))
        if label[:4] in ("fig-", "tbl-"):
            found.append((index, label, options.get(f"{label[:3]}-cap", "")))
    return found


def chapter_labels(nb) -> list[str]:
    """The figure, table and equation labels a chapter defines, in the order they come."""
    by_cell = {index: label for index, label, _ in floats(nb)}
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found += EQUATION_LABEL.findall(cell.source)
        elif index in by_cell:
            found.append(by_cell[index])
    return found


def numbering(book: dict, order: list[str]) -> dict[str, tuple[str, str]]:
    """Each label's chapter and number, {"fig-a": ("03-c.ipynb", "Figure 3.1")}.

    A chapter's number is its place in ``order``; its figures, tables and equations are
    counted separately, in the order they come, as Quarto counts them.
    """
    numbers = {}
    for name, nb in book.items():
        if name not in order:
            raise ValueError(f"{name} is not one of the book's chapters {order}")
        counts = dict.fromkeys(KINDS, 0)
        for label in chapter_labels(nb):
            kind = label.split("-")[0]
            counts[kind] += 1
            if label in numbers:
                raise ValueError(f"{label} is defined in {numbers[label][0]} and in {name}")
            numbers[label] = (name, f"{KINDS[kind]} {order.index(name) + 1}.{counts[kind]}")
    return numbers


def _number_references(text: str, name: str, numbers: dict) -> str:
    def numbered(match):
        label = match[2]
        if label not in numbers:
            raise ValueError(f"{name}: {match[0]} refers to {label}, which no chapter defines")
        where, number = numbers[label]
        return f"[{number}]({'' if where == name else where}#{label})"

    return REFERENCE.sub(numbered, text)


def _number_equations(text: str, numbers: dict) -> str:
    return TAGGED_END.sub(lambda m: f" \\tag{{{numbers[m[2]][1].split()[1]}}}{m[1]}", text)


def _caption_cell(label: str, caption: str, numbers: dict):
    source = CAPTION_CELL.format(number=numbers[label][1], caption=caption)
    return new_markdown_cell(source, id=f"{label}-caption")


def is_caption_cell(cell) -> bool:
    """True for a caption cell that ``number_book`` wrote."""
    return cell.cell_type == "markdown" and cell.get("id", "").endswith("-caption") \
        and cell.source.startswith('<div class="content-hidden">')


def number_chapter(nb, name: str, numbers: dict) -> None:
    """Write the numbers into one chapter, in place (see the module's docstring)."""
    nb.cells = [cell for cell in nb.cells if not is_caption_cell(cell)]
    for cell in nb.cells:
        text = _number_references(cell.source, name, numbers)
        cell.source = _number_equations(text, numbers) if cell.cell_type == "markdown" else text
    captioned = {index: (label, caption) for index, label, caption in floats(nb) if caption}
    cells = []
    for index, cell in enumerate(nb.cells):
        caption = _caption_cell(*captioned[index], numbers) if index in captioned else None
        if caption and captioned[index][0].startswith("tbl-"):
            cells.append(caption)  # a table's caption comes above it, as on the website
        cells.append(cell)
        if caption and captioned[index][0].startswith("fig-"):
            cells.append(caption)
    nb.cells = cells


def number_book(chapters: dict, order: list[str], book: dict | None = None) -> None:
    """Number ``chapters`` ({file name: notebook}) in place, as chapters of ``order``.

    ``book`` holds every chapter, when ``chapters`` is only some of them, so that their
    references into other chapters get numbered too.
    """
    numbers = numbering(book or chapters, order)
    for name, nb in chapters.items():
        number_chapter(nb, name, numbers)
