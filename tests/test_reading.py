"""What a newcomer reads: how long part one is, which words it uses, and what it states.

Words are counted as `markup_rules.shown_words` counts them: Markdown cells and Markdown
outputs, each formula one word. Each rule also runs on a small page that breaks it.
"""

import re
from pathlib import Path

import nbformat
import pytest
from markup_rules import rendered_markdown, shown_words
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from number_references import is_caption_cell

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
PART_ONE = [path for path in CHAPTERS if int(path.name[:2]) <= 8]
PART_ONE_WORDS, CHAPTER_WORDS = 8000, 1600
READING_SPEED = 200  # words a minute, for a text with formulas and figures to look at

# Ideas of part two, which chapters 1 to 6 and 8 do without (chapter 7's playground names
# them under its "More controls (part two)").
PART_TWO_TERMS = re.compile(
    r"hessian|eigen\w*|\\lambda|λ|\blambda\b|condition number|momentum|"
    r"\bcentr(?:ing|ed)\b|\bcenter(?:ing|ed)\b|\bcentre x\b", re.I)
# How the book once talked about checking itself; such checks belong in tests/.
SELF_CHECKS = re.compile(
    r"the book (?:prints|shows)|numbers it shows|which is rounding error|to rounding error|"
    r"agrees? to (?:\w+ )?decimals|in every (?:digit|decimal) shown|to the last bit|"
    r"tolerance far below|the book's tests", re.I)
# The article's figures, as part one states them (chapter by chapter).
ARTICLE_FIGURES = {"02": ["17.40"], "04": ["6015", "1512.97496", "673.3632", "7.78", "1.54"],
                   "05": ["3.4649", "4.2550", "56.5754"]}


def page(*cells):
    return new_notebook(cells=list(cells))


def said(text, source="say('...')"):
    """A hidden cell whose Markdown output is ``text``."""
    return new_code_cell("#| echo: false\n" + source, outputs=[new_output(
        "execute_result", data={"text/markdown": text, "text/plain": "<Markdown>"},
        execution_count=1)])


def shown_text(nb) -> str:
    """Everything a reader sees as text: Markdown, shown code and its text outputs."""
    pieces = [text for _, text in rendered_markdown(nb)]
    for cell in nb.cells:
        if cell.cell_type != "code" or "#| echo: false" in cell.source:
            continue
        pieces.append(cell.source)
        for output in cell.get("outputs", []):
            pieces.append(str(output.get("text", "")))
            pieces.append("".join(output.get("data", {}).get("text/plain", "")))
    return "\n".join(pieces)


def part_two_terms(nb) -> list[str]:
    """Part-two words a chapter shows, the file names of links to part two's chapters aside."""
    return PART_TWO_TERMS.findall(re.sub(r"\]\([\w.-]+\.ipynb\)", "]", shown_text(nb)))


def read(path):
    return nbformat.read(path, as_version=4)


# ----------------------------------------------------------------- on the book
def test_part_one_is_short_enough_to_finish():
    words = {path.stem: shown_words(read(path)) for path in PART_ONE}
    assert sum(words.values()) <= PART_ONE_WORDS, words
    assert max(words.values()) <= CHAPTER_WORDS, words


def test_the_preface_says_how_long_part_one_is():
    preface = (ROOT / "index.qmd").read_text()
    stated = re.search(r"part one is about ([\d,]+) words, some (\d+) minutes", preface)
    assert stated, "the preface states part one's length in words and minutes"
    words = sum(shown_words(read(path)) for path in PART_ONE)
    said_words, said_minutes = int(stated.group(1).replace(",", "")), int(stated.group(2))
    assert abs(said_words - words) <= 0.05 * words, f"part one has {words} words"
    assert abs(said_minutes - words / READING_SPEED) <= 5, f"{words / READING_SPEED:.0f} min"


@pytest.mark.parametrize("path", [p for p in PART_ONE if not p.name.startswith("07")],
                         ids=lambda p: p.stem)
def test_part_one_keeps_to_part_one_ideas(path):
    assert part_two_terms(read(path)) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_sentence_about_the_book_checking_itself(path):
    assert SELF_CHECKS.findall(shown_text(read(path))) == []


def quarto_constructs(nb) -> list[str]:
    """Quarto syntax a JupyterLab reader would meet as text: fences, {#ids}, @references."""
    captions = [cell.source for cell in nb.cells if is_caption_cell(cell)]
    text = "\n".join([text for _, text in rendered_markdown(nb)] + captions)
    return (re.findall(r"^:::.*$", text, re.M) + re.findall(r"\{#[\w-]+\}", text)
            + re.findall(r"(?<![\w/@.])@(?:sec|fig|tbl|eq)-[\w-]*\w", text))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_reads_cleanly_in_jupyterlab(path):
    assert quarto_constructs(read(path)) == []


def test_part_one_states_the_articles_figures():
    stated = {path.name[:2]: shown_text(read(path)) for path in PART_ONE}
    for chapter, figures in ARTICLE_FIGURES.items():
        for figure in figures:
            assert re.search(rf"(?<![\d.]){re.escape(figure)}(?!\d)", stated[chapter]), (
                f"chapter {chapter} no longer states the article's {figure}")


# ------------------------------------------------------- each rule can fail
def test_part_two_words_are_caught_but_not_references_to_part_two():
    bad = page(new_markdown_cell("The Hessian's largest eigenvalue $\\lambda$ sets it."),
               said("With momentum, and with x centred, it is faster."),
               new_code_cell("linreg.hessian_eigen(X)"))
    assert [term.lower() for term in part_two_terms(bad)] == [
        "hessian", "eigenvalue", "\\lambda", "momentum", "centred", "hessian", "eigen"]
    fine = page(new_markdown_cell("[Chapter 15](15-momentum-and-newton.ipynb) and [Chapter 13]"
                                  "(13-centering-x.ipynb) say why; the centre of "
                                  "the data, a percentage, a moment."))
    assert part_two_terms(fine) == []


def test_a_sentence_about_the_book_checking_itself_is_caught():
    bad = page(said("The two agree to four decimals, which is rounding error."))
    assert len(SELF_CHECKS.findall(shown_text(bad))) == 2
    fine = page(said("Prediction and run agree to within 6 %: the rate is what theory says."))
    assert SELF_CHECKS.findall(shown_text(fine)) == []


def test_quarto_syntax_shown_as_text_is_caught():
    bad = page(new_markdown_cell("::: {.callout-note}\n## Note {#sec-x}\n\nSee @fig-a.\n\n:::"),
               said("As @eq-mse says."))
    assert quarto_constructs(bad) == ["::: {.callout-note}", ":::", "{#sec-x}", "@fig-a",
                                      "@eq-mse"]
    assert quarto_constructs(page(new_markdown_cell("> **Note: A**\n>\n> [Chapter 2]"
                                                    "(02-b.ipynb), an e-mail a@b.c"))) == []


def test_a_missing_article_figure_is_caught():
    text = shown_text(page(said("The loss goes 6015 → 1512.97 → 673.36.")))
    assert re.search(r"(?<![\d.])1512\.97496(?!\d)", text) is None
    assert re.search(r"(?<![\d.])6015(?!\d)", text)
