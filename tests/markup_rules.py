"""What Quarto and JupyterLab need from a chapter notebook, checked without Quarto.

Each rule takes notebooks (nbformat objects) and returns a list of problems, one string
each, naming the cell. The rules encode what Quarto 1.10 was seen to do with the book's
notebooks (see the README, "Changing a chapter"):

- a `#|` cell option must fit on one line: a YAML block value (`>-`, `|`) spread over
  several `#|` lines keeps its line breaks, and the cell's fenced div is never closed;
- a cross-reference to a label that does not exist shows as "?@fig-x"; a chapter writes one
  as a link, [Figure 11.2](#fig-x), and an equation's label as a comment, <!-- #eq-x -->,
  which theme/crossrefs.lua makes Quarto's (`@fig-x`, `{#eq-x}`: dead text in JupyterLab),
  and scripts/number_references.py numbers them and writes the captions JupyterLab shows;
- a label defined twice makes one of its references point at the wrong thing;
- a text/markdown output is rendered as Markdown as it is: a template field that was
  never filled in (`{{ x }}`, or an f-string that lost its `f`) shows on the page;
- a code cell is shown unless it says `#| echo: false`, so a cell whose only output is
  Markdown (a computed sentence or table) must say so, and JupyterLab collapses the
  input of exactly those cells (metadata `jupyter.source_hidden`);
- a table's header cells name their columns, for screen readers: a header that is only a
  formula has no text for them once KaTeX draws it (text_utils.table names it in words);
- the code a reader sees runs on its own: every name a shown cell uses is defined (or
  imported) by a shown cell, never only by a hidden one;
- a solution starts at its own heading, stored collapsed: JupyterLab folds everything
  under it up to the next heading as deep, and theme/callouts.lua folds the same cells into
  a callout on the website; notes are blockquotes led by "**Note: Title**", and no `:::`
  fence is left for JupyterLab to show as text.
"""

from __future__ import annotations

import ast
import builtins
import copy
import re

import yaml
from number_references import (
    EQUATION_LABEL,
    cell_options,
    is_caption_cell,
    number_book,
    option_lines,
)
from number_references import REFERENCE as LABEL_LINK

OPTION = re.compile(r"^#\| ([\w.-]+): (.+)$")
FENCE = re.compile(r"^:::")
REFERENCE = re.compile(r"(?<![\w/@.])@((?:sec|eq|fig|tbl)-[\w-]*\w)")
ANCHOR = re.compile(r"\{#((?:sec|eq|fig|tbl)-[\w-]*\w)[\s}]")
MERMAID_LABEL = re.compile(r"^%%\| label: ((?:fig|tbl)-[\w-]+)\s*$", re.M)
# An f-string field that lost its `f`: {name(, {name[, {name.attribute, {name:spec}, {name!r}.
PYTHON_FIELD = re.compile(r"\{[A-Za-z_]\w*(?:\(|\[|\.[A-Za-z_]|:[^\s}]*\}|![rsa]\})")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)


def hides_code(cell) -> bool:
    return cell.cell_type == "code" and cell_options(cell.source).get("echo") is False


def markdown_outputs(cell) -> list[str]:
    """The text/markdown outputs of a cell (a computed sentence, table or equation)."""
    texts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "text/markdown" in data:
            texts.append("".join(data["text/markdown"]))
    return texts


def rendered_markdown(nb) -> list[tuple[int, str]]:
    """(cell index, text) for every piece of Markdown Quarto renders from a notebook.

    A caption cell, which JupyterLab shows and Quarto drops (it draws the cell option), is
    not one.
    """
    pieces = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and not is_caption_cell(cell):
            pieces.append((index, cell.source))
        pieces += [(index, text) for text in markdown_outputs(cell)]
    return pieces


def shown_words(nb) -> int:
    r"""Words a reader meets: Markdown cells and Markdown outputs, each formula one word.

    Markup (`:::` fences, `{#label}` and `{.class}` attributes, HTML tags, table rules) is
    not counted.

    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> shown_words(new_notebook(cells=[new_markdown_cell(
    ...     "## Two words {#sec-x}\n\nThe MSE $\\frac{1}{n}\\sum r^2$ is 17.40.\n\n:::")]))
    7
    """
    words = 0
    for _, text in rendered_markdown(nb):
        text = re.sub(r"\{[#.][^}]*\}|<[^>]*>", " ", MATH.sub(" formula ", text))
        words += sum(1 for token in text.split() if re.search(r"[A-Za-z0-9]", token))
    return words


# ------------------------------------------------------------------- one notebook
def multiline_options(nb) -> list[str]:
    """`#|` options that are not one `key: value` line, or that Quarto would ignore."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        lines = option_lines(cell.source)
        for line in lines:
            match = OPTION.match(line)
            if not match:
                problems.append(f"cell {index}: `{line}` is not a one-line `#| key: value`")
                continue
            value = match.group(2).strip()
            if value in ("|", "|-", "|+", ">", ">-", ">+"):
                problems.append(f"cell {index}: `{match.group(1)}` is a YAML block over "
                                "several lines; write it on one line")
                continue
            try:
                parsed = yaml.safe_load(f"{match.group(1)}: {value}")
            except yaml.YAMLError as error:
                problems.append(f"cell {index}: `{line}` is not valid YAML ({error.problem})")
                continue
            if not isinstance(parsed, dict) or "\n" in str(parsed[match.group(1)]):
                problems.append(f"cell {index}: `{line}` does not read as one value")
            elif any(ord(char) < 32 for char in str(parsed[match.group(1)])):
                problems.append(f"cell {index}: `{match.group(1)}` reads a backslash as an escape "
                                "(in double quotes YAML makes \\beta a backspace); write it "
                                "in Unicode, β")
        later = [line for line in cell.source.splitlines()[len(lines):] if line.startswith("#|")]
        if later:
            problems.append(f"cell {index}: `{later[0]}` comes after code; Quarto ignores it")
    return problems


def template_leftovers(nb) -> list[str]:
    """Markdown outputs that show a template field instead of its value."""
    problems = []
    for index, cell in enumerate(nb.cells):
        for text in markdown_outputs(cell):
            found = [token for token in ("{{", "{%", "%}") if token in text]
            found += PYTHON_FIELD.findall(text)
            if "}}" in MATH.sub("", text):
                found.append("}}")
            if found:
                problems.append(f"cell {index}: its Markdown output shows {found}")
    return problems


def prose_cells_shown(nb) -> list[str]:
    """Code cells shown on the page although all they output is Markdown."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or hides_code(cell) or not cell.get("outputs"):
            continue
        if all("text/markdown" in output.get("data", {}) for output in cell.outputs):
            problems.append(f"cell {index} only writes Markdown: give it `#| echo: false`")
    return problems


def collapsed_inputs(nb) -> list[str]:
    """Code cells whose JupyterLab collapse does not match their `#| echo: false`."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        collapsed = cell.metadata.get("jupyter", {}).get("source_hidden", False)
        if collapsed != hides_code(cell):
            state = "collapsed" if collapsed else "open"
            problems.append(f"cell {index}: input is {state} in JupyterLab but "
                            f"echo is {not hides_code(cell)} on the website")
    return problems


def empty_table_headers(nb) -> list[str]:
    """Pipe tables with a header cell that names nothing: empty, or only a formula."""
    problems = []
    for index, text in rendered_markdown(nb):
        lines = text.splitlines()
        for number in range(len(lines) - 1):
            rule = lines[number + 1].strip()
            if lines[number].lstrip().startswith("|") and re.fullmatch(r"\|(\s*:?-+:?\s*\|)+",
                                                                       rule):
                cells = [cell.strip() for cell in lines[number].strip().strip("|").split("|")]
                if any(not cell for cell in cells):
                    problems.append(f"cell {index}: table header `{lines[number].strip()}` "
                                    "has an empty cell")
                problems += [f"cell {index}: table header `{cell}` is only a formula: "
                             "text_utils.table names it in words" for cell in cells
                             if cell and not _names(cell)]
    return problems


def _names(cell: str) -> bool:
    """Whether a header cell has words besides its formulas and tags, or an aria-label."""
    text = MATH.sub("", re.sub(r"<[^>]*>", " ", cell)).strip()
    return bool(text or re.search(r'aria-label="[^"]*\w', cell))


def _python(source: str) -> ast.Module:
    """A code cell as Python, without its IPython lines (`%magic`, `!shell`)."""
    return ast.parse("\n".join(line for line in source.splitlines()
                               if not line.lstrip().startswith(("%", "!"))))


def bound_names(tree: ast.AST) -> set[str]:
    r"""Every name a piece of code binds: assignments, loops, imports, defs and arguments.

    >>> sorted(bound_names(ast.parse("import numpy as np\nfor k in r: y = [j for j in k]")))
    ['j', 'k', 'np', 'y']
    """
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            names.add(node.name)
    return names


def used_names(tree: ast.AST) -> set[str]:
    """Every name a piece of code reads."""
    return {node.id for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def hidden_names_in_shown_code(nb) -> list[str]:
    """Names a shown cell uses that only hidden cells (or no cell before it) define.

    A reader who copies the shown code, top to bottom, must be able to run it: a name
    defined only in a hidden cell (`#| echo: false`) raises a NameError in their copy.
    """
    problems, shown = [], set(dir(builtins))
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or hides_code(cell):
            continue
        tree = _python(cell.source)
        missing = sorted(used_names(tree) - bound_names(tree) - shown)
        if missing:
            problems.append(f"cell {index} uses {missing}, which no shown cell before it "
                            "defines: define or import them in shown code")
        shown |= bound_names(tree)
    return problems


HEADING = re.compile(r"^(#+) (.*)$", re.M)
SOLUTION_TITLE = re.compile(r"Solution to exercise \d+|Answer|Going further: .+")
NOTE_KINDS = ("Note", "Tip", "Warning", "Important", "Caution")


def folded_in_jupyterlab(nb) -> list[str]:
    """Solutions that JupyterLab or the website would not fold, or would fold too much.

    A solution starts with a cell holding only its heading ("Solution to exercise 1",
    "Answer"), stored collapsed (``jp-MarkdownHeadingCollapsed``). JupyterLab folds the
    cells under it up to the next heading of the same or a higher level, and
    theme/callouts.lua folds the same cells into a callout on the website; so the solutions
    of a chapter come where nothing but other solutions follows them at their level.
    """
    problems, open_solution = [], None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        headings = HEADING.findall(cell.source)
        if open_solution and headings and len(headings[0][0]) > open_solution[1] \
                and not SOLUTION_TITLE.fullmatch(headings[0][1]):
            problems.append(f"cell {index}: its heading falls under the solution of cell "
                            f"{open_solution[0]}, so JupyterLab and the website would fold it "
                            "away; give the solution a deeper heading")
        for level, title in headings:
            if SOLUTION_TITLE.fullmatch(title.strip()):
                if cell.source.strip() != f"{level} {title}".strip():
                    problems.append(f"cell {index}: a solution's heading sits alone in its cell; "
                                    "move the rest to a new cell")
                elif not cell.metadata.get("jp-MarkdownHeadingCollapsed"):
                    problems.append(f"cell {index}: the solution's heading is not stored "
                                    "collapsed (run scripts/execute_chapters.py)")
                open_solution = (index, len(level))
            elif open_solution and len(level) <= open_solution[1]:
                open_solution = None
    return problems


def fences_and_notes(nb) -> list[str]:
    """`:::` fences, which JupyterLab shows as text, and notes it would not recognise.

    A note is a blockquote whose first paragraph is only bold "Kind: Title" (Kind one of
    Note, Tip, Warning, Important, Caution); theme/callouts.lua turns it into a callout.
    """
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        if re.search(r"^:::", cell.source, re.M):
            problems.append(f"cell {index}: a `:::` fence reads as text in JupyterLab; write a "
                            "note as a blockquote, a solution under its own heading")
        for lead in re.findall(r"^> \*\*([^*]+)\*\*\s*$", cell.source, re.M):
            kind = lead.split(":")[0]
            if kind not in NOTE_KINDS or ": " not in lead:
                problems.append(f"cell {index}: `**{lead}**` opens a blockquote but names no "
                                f"note kind of {NOTE_KINDS}")
    return problems


NOTEBOOK_RULES = [multiline_options, template_leftovers, prose_cells_shown,
                  collapsed_inputs, empty_table_headers, hidden_names_in_shown_code,
                  folded_in_jupyterlab, fences_and_notes]


# ---------------------------------------------------------------------- the book
def labels(nb) -> list[str]:
    """Every label a notebook defines: cell options, anchors, equation comments, mermaid."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            label = cell_options(cell.source).get("label")
            if label:
                found.append(str(label))
            found += MERMAID_LABEL.findall(cell.source)
    for _, text in rendered_markdown(nb):
        found += ANCHOR.findall(text) + EQUATION_LABEL.findall(text)
        found += MERMAID_LABEL.findall(text)
    return found


CHAPTER_LINK = re.compile(r"\[([^\]]*)\]\((?:chapters/)?(\d\d-[\w-]+\.ipynb)(#[\w-]+)?\)")


def chapter_links(book: dict, order: list[str]) -> list[str]:
    """Links to chapters that point nowhere or name the wrong number.

    A chapter refers to another by a Markdown link to its notebook, [Chapter 5](05-x.ipynb),
    which JupyterLab opens and Quarto turns into a link to the page; ``order`` lists the
    chapter files as the book numbers them. A Quarto @sec- reference would be dead text in
    JupyterLab, so none is left.
    """
    problems = []
    for name, source in book.items():
        texts = [source] if isinstance(source, str) else [t for _, t in rendered_markdown(source)]
        for text in texts:
            for label, target, _ in CHAPTER_LINK.findall(text):
                if target not in order:
                    problems.append(f"{name}: [{label}]({target}) links to no chapter")
                    continue
                number = order.index(target) + 1
                if re.fullmatch(r"Chapter \d+", label) and label != f"Chapter {number}":
                    problems.append(f"{name}: [{label}]({target}) is chapter {number}")
            problems += [f"{name}: @{ref} is dead text in JupyterLab; link to the chapter"
                         for ref in REFERENCE.findall(text) if ref.startswith("sec-")]
    return problems


def duplicate_labels(book: dict) -> list[str]:
    """Labels defined more than once; ``book`` maps a name to a notebook or to .qmd text."""
    where = {}
    for name, source in book.items():
        found = ANCHOR.findall(source) if isinstance(source, str) else labels(source)
        for label in found:
            where.setdefault(label, []).append(name)
    return [f"{label} is defined in {places}" for label, places in where.items()
            if len(places) > 1]


def unresolved_references(book: dict) -> list[str]:
    """Cross-references to labels that the page they point to does not define.

    A .qmd page refers by `@label` to any page; a chapter by a link, to a label of its own
    (`[Figure 11.2](#fig-x)`) or of the chapter it names (`[Equation 10.5](10-x.ipynb#eq-y)`).
    """
    defined, references = {}, []
    for name, source in book.items():
        if isinstance(source, str):
            defined[name] = set(ANCHOR.findall(source))
            references += [(name, None, ref) for ref in REFERENCE.findall(source)]
            continue
        defined[name] = set(labels(source))
        for index, text in rendered_markdown(source):
            references += [(f"{name} cell {index}", target or name, ref)
                           for target, ref in LABEL_LINK.findall(text)]
            references += [(f"{name} cell {index}", None, ref) for ref in REFERENCE.findall(text)]
    everywhere = set().union(*defined.values())
    return [f"{where}: {'@' + ref if page is None else f'#{ref} in {page}'} has no label"
            for where, page, ref in references
            if ref not in (everywhere if page is None else defined.get(page, set()))]


def stale_numbers(chapters: dict, order: list[str]) -> list[str]:
    """Chapters whose figure, table or equation numbers or caption cells are out of date.

    ``chapters`` maps each chapter's file name to its notebook. The numbers are the ones
    Quarto will draw, written in by scripts/number_references.py; the first cell that
    differs from what it would write is named.
    """
    numbered = copy.deepcopy(chapters)
    number_book(numbered, order)
    problems = []
    for name, nb in chapters.items():
        stored = [(cell.get("id"), cell.source) for cell in nb.cells]
        wanted = [(cell.get("id"), cell.source) for cell in numbered[name].cells]
        differ = [index for index, pair in enumerate(zip(stored, wanted)) if pair[0] != pair[1]]
        if differ or len(stored) != len(wanted):
            index = differ[0] if differ else min(len(stored), len(wanted))
            problems.append(f"{name} cell {index}: its numbers or captions are out of date "
                            "(run scripts/execute_chapters.py)")
    return problems
