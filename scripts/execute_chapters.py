"""Re-execute chapters in place, each top to bottom in a fresh kernel, and store their outputs.

    python scripts/execute_chapters.py                 # every chapter
    python scripts/execute_chapters.py chapters/01-*.ipynb

Figures are stored as 256-colour PNGs (the book's plots have few colours; the stored
images are a third of matplotlib's size and look the same; nbval does not compare
images). The result is deterministic: running it twice leaves the files byte-identical. It stops
with an error if a cell raises or writes to stderr (a warning), since nbval and the
website would then show it. A cell marked `#| echo: false` (its code is hidden on the
website) is also stored with its input collapsed in JupyterLab, and only such a cell; the
heading of a solution is stored collapsed, so that JupyterLab folds the solution under it
as the website does. Before running, it writes in the numbers of figures, tables and
equations and the caption cells that JupyterLab shows (number_references.py).
"""

from __future__ import annotations

import argparse
import base64
import io
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from number_references import cell_options, chapter_order, number_book
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def problems(nb) -> list[str]:
    """Errors and stderr output stored in an executed notebook."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                found.append(f"cell {index}: {output.ename}: {output.evalue}")
            elif output.output_type == "stream" and output.name == "stderr":
                found.append(f"cell {index} wrote to stderr: {output.text[:300]}")
    return found


def hides_its_code(cell) -> bool:
    """True for a code cell whose Quarto options include `echo: false`."""
    return cell_options(cell.source).get("echo") is False


def collapse_hidden_inputs(nb) -> None:
    """Collapse in JupyterLab exactly the code cells that the website hides."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        jupyter = cell.metadata.get("jupyter", {})
        if hides_its_code(cell):
            jupyter["source_hidden"] = True
        else:
            jupyter.pop("source_hidden", None)
        if jupyter:
            cell.metadata["jupyter"] = jupyter
        else:
            cell.metadata.pop("jupyter", None)


FOLDED_TITLE = re.compile(r"#+ (?:Solution to exercise \d+|Answer|Going further: .+)")


def fold_solutions(nb) -> None:
    """Store each solution's heading collapsed, as the website folds the solution.

    A solution (or an answer) starts with a cell holding only its heading, "Solution to
    exercise 1" or "Answer"; JupyterLab then hides every cell under that heading until the
    reader opens it (the heading's collapse button, also reachable with the keyboard), and
    theme/callouts.lua folds the same cells into a callout on the website.
    """
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        if FOLDED_TITLE.fullmatch(cell.source.strip()):
            cell.metadata["jp-MarkdownHeadingCollapsed"] = True
        else:
            cell.metadata.pop("jp-MarkdownHeadingCollapsed", None)


def smaller_png(data: str) -> str:
    """A base64 PNG as a 256-colour PNG, if that is smaller (it nearly always is)."""
    image = Image.open(io.BytesIO(base64.b64decode(data)))
    palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                            dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG", optimize=True)
    smaller = base64.b64encode(buffer.getvalue()).decode("ascii")
    return smaller if len(smaller) < len(data) else data


def compress_figures(nb) -> None:
    """Store every figure of a notebook as a 256-colour PNG."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                data["image/png"] = smaller_png(data["image/png"])


def execute(path: Path) -> str:
    """Run one notebook in a fresh python3 kernel, with the chapters folder as working dir."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata.pop("jupytext", None)  # left by authoring in jupytext's text format
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("lines_to_next_cell", None)  # left by jupytext
    collapse_hidden_inputs(nb)
    fold_solutions(nb)
    compress_figures(nb)
    found = problems(nb)
    if found:
        raise RuntimeError(f"{path.name}: " + "; ".join(found))
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return path.name


def number(paths: list[Path]) -> None:
    """Write the figure, table and equation numbers into the chapters at ``paths``."""
    book = {path.name: nbformat.read(path, as_version=4) for path in CHAPTERS.glob("*.ipynb")}
    chosen = {path.name: book[path.name] for path in paths}
    number_book(chosen, chapter_order(ROOT / "_quarto.yml"), book)
    for path in paths:
        nbformat.write(chosen[path.name], path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapter")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at once")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted(CHAPTERS.glob("*.ipynb"))
    number(paths)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for name in pool.map(execute, paths):
            print(f"executed {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
