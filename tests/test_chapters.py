"""The chapters as stored files: what nbval, Quarto and the readers rely on.

nbval (run by the same test command) proves that every stored output is reproduced; these
tests check the rest: the book's table of contents, the stored state of each notebook, the
rule that numbers in the prose come from code, and the Quarto markup of figures and tables.
"""

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from markup_rules import cell_options
from number_references import is_caption_cell

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
MAX_BYTES = 300_000
# A decimal with two or more digits typed in prose (17.40, 0.01): it should come from code.
TYPED_NUMBER = re.compile(r"(?<![\w.$\\])\d+\.\d{2,}(?![\w.])")
# A float printed by code with 12 or more significant digits: its last digits depend on the
# order in which the CPU's vector unit adds (AVX2 and AVX-512 differ), so nbval would fail
# elsewhere. (Computed prose is formatted by text_utils, with the digits it asks for.)
DECIMAL = re.compile(r"(?<![\w.])\d*\.\d+")
ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                     r"[0-9a-f]{12}")


def load(path):
    return nbformat.read(path, as_version=4)


def book_chapters():
    config = yaml.safe_load((ROOT / "_quarto.yml").read_text())
    listed = []
    for entry in config["book"]["chapters"]:
        listed += entry["chapters"] if isinstance(entry, dict) else [entry]
    return config, listed


def test_every_chapter_is_in_the_book_in_order():
    config, listed = book_chapters()
    assert listed[0] == "index.qmd"
    assert listed[1:] == [f"chapters/{p.name}" for p in CHAPTERS]
    parts = [e["part"] for e in config["book"]["chapters"] if isinstance(e, dict)]
    assert parts == ["The article, step by step", "Beyond the article"]
    assert config["execute"]["enabled"] is False, "the website must show the stored outputs"
    assert len(CHAPTERS) >= 7


def full_precision(text: str) -> list[str]:
    """The decimals in a text that show 12 or more significant digits."""
    return [number for number in DECIMAL.findall(text)
            if len(number.replace(".", "").lstrip("0")) >= 12]


def test_full_precision_floats_are_caught():
    assert full_precision("(12.539662080000001, 2.728984) 1.7428151785945615e-05") == [
        "12.539662080000001", "1.7428151785945615"]
    assert full_precision("array([6015.    , 1512.975 ]) 0.00000000012 12.53966208") == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_stored_notebook_state(path):
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is over {MAX_BYTES} bytes"
    nb = load(path)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "re-run top to bottom in a fresh kernel"
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"cell {index} stores an error"
            assert output.get("name") != "stderr", f"cell {index} stores a warning: {output}"
            text = json.dumps(output.get("data", {}).get("text/plain", "")) + str(
                output.get("text", ""))
            assert not ADDRESS.search(text), f"cell {index} shows a memory address or uuid"
            assert not full_precision(text), (
                f"cell {index} prints {full_precision(text)}: round it (np.round, an array "
                "under the chapter's print options, or a format) so every CPU prints the same")
            html = "".join(output.get("data", {}).get("text/html", ""))
            assert len(html) < 100_000, f"cell {index}: is plotly.js embedded?"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_prose_types_no_computed_numbers(path):
    for index, cell in enumerate(load(path).cells):
        if is_caption_cell(cell):  # a copy of a caption option (`fig-cap`), as the site has it
            continue
        if cell.cell_type == "markdown":
            hits = TYPED_NUMBER.findall(cell.source)
            assert not hits, f"markdown cell {index} types {hits}: produce them with code"
        else:
            for template in say_templates(cell.source):
                hits = TYPED_NUMBER.findall(FIELD.sub(" ", template))
                assert not hits, f"cell {index}: a template types {hits}; use a {{{{ field }}}}"


FIELD = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def say_templates(source):
    """The literal templates passed to text_utils.say in a code cell."""
    tree = ast.parse("\n".join(line for line in source.splitlines()
                               if not line.lstrip().startswith(("%", "!"))))
    return [node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "say" and node.args
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)]


def test_typed_numbers_in_templates_are_caught():
    source = 'say("""The loss is 17.40 and the slope {{ m | num(4) }}.""")'
    assert [TYPED_NUMBER.findall(FIELD.sub(" ", t)) for t in say_templates(source)] == [["17.40"]]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_shape(path):
    cells = load(path).cells
    markdown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert re.fullmatch(r"# [^{}\n]+", cells[0].source.splitlines()[0]), (
        "an H1 title first, without a {#sec-} id (chapters link to each other by file)")
    assert "\n## Summary" in markdown and "\n## Exercises" in markdown
    assert re.search(r"^## Solution to exercise 1$", markdown, re.M), "solutions under headings"
    first_code = next(c.source for c in cells if c.cell_type == "code")
    assert "np.set_printoptions" in first_code, "print options are set once, up front"
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert "sys.path" not in code, "chapters import the shared modules by name"
    assert not re.search(r"^\s*(import matplotlib|from matplotlib|import plotly|from plotly)",
                         code, re.M), "pictures belong in plot_utils"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_reader_code_is_teaching_code(path):
    """Checks that guard the book live in tests/; prose comes from templates, not f-strings."""
    for index, cell in enumerate(load(path).cells):
        if cell.cell_type != "code":
            continue
        tree = ast.parse("\n".join(line for line in cell.source.splitlines()
                                   if not line.lstrip().startswith(("%", "!"))))
        for node in ast.walk(tree):
            assert not isinstance(node, ast.Assert), f"cell {index}: move the assert to tests/"
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                assert not name.startswith("np.testing"), f"cell {index}: move {name} to tests/"
                assert name != "md", f"cell {index}: write the sentence with say(...)"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_each_figure_cell_stores_exactly_its_figure(path):
    """A cell ending in `plot_utils.plot_...(...);` stores one image and nothing else.

    (A figure that silently fails to show would be stored missing, and nbval would then
    happily reproduce the absence.)
    """
    plotting = 0
    for index, cell in enumerate(load(path).cells):
        if cell.cell_type != "code" or not cell.source.rstrip().endswith(";"):
            continue
        last = ast.parse(cell.source).body[-1]
        if (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
                and ast.unparse(last.value.func).startswith("plot_utils.plot_")):
            plotting += 1
            kinds = [(o.output_type, "image/png" in o.get("data", {})) for o in cell.outputs]
            assert kinds == [("display_data", True)], f"cell {index} stores {kinds}"
    assert plotting or "notes-on-the-article" in path.stem, "every chapter but ch 8 has a figure"


def labelled_cells():
    for path in CHAPTERS:
        for cell in load(path).cells:
            if cell.cell_type == "code":
                options = cell_options(cell.source)
                if "label" in options:
                    yield path, options


def test_figures_and_tables_are_captioned():
    for _, options in labelled_cells():
        label = str(options["label"])
        if label.startswith("fig-"):
            assert options.get("fig-cap") and options.get("fig-alt"), f"{label}: caption, alt"
        elif label.startswith("tbl-"):
            assert options.get("tbl-cap"), f"{label}: caption"
        else:
            raise AssertionError(f"{label}: labels start with fig- or tbl-")


def test_interactive_figures_have_unique_ids_and_both_outputs():
    ids = []
    for path in CHAPTERS:
        for cell in load(path).cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "application/vnd.plotly.v1+json" in data:
                    html = "".join(data.get("text/html", ""))
                    found = re.search(r'<div id="([\w-]+)" class="plotly-graph-div"', html)
                    assert found, f"{path.name}: a plotly output needs text/html for the website"
                    ids.append(found.group(1))
    assert len(ids) == len(set(ids)), f"div ids repeat: {ids}"


def test_code_is_ruff_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (it is in requirements.txt)")
    result = subprocess.run([ruff, "check", "--quiet", "."], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("quarto") is None,
                    reason="the Quarto CLI is not on PATH (it cannot be installed from PyPI "
                    "on this machine); the website is rendered where Quarto is installed")
def test_quarto_renders_every_chapter(tmp_path):
    result = subprocess.run(["quarto", "render", "--output-dir", str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    for path in CHAPTERS:
        page = tmp_path / "chapters" / f"{path.stem}.html"
        assert page.exists(), f"{page.name} was not rendered"
        assert "Unable to display output" not in page.read_text()
