"""Numbers into words and tables: how the chapters print computed values as Markdown.

Every figure the book states is formatted here from a computed value, with an explicit
number of decimals, so that the text of a chapter is an output that nbval can compare.

>>> fmt(17.4, 2)
'17.40'
>>> print(md_table(["x", "y"], [[2, 65], [3, 70]]))
| x | y |
|---:|---:|
| 2 | 65 |
| 3 | 70 |
"""

from __future__ import annotations

import numbers

from IPython.display import Markdown

__all__ = ["fmt", "fmt_list", "md", "md_table"]


def fmt(value, digits: int = 4) -> str:
    """A number with a fixed number of decimals; integers stay whole, -0.00 becomes 0.00.

    >>> fmt(3), fmt(-0.0001, 2), fmt(2.30232, 2)
    ('3', '0.00', '2.30')
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(int(value))
    text = f"{float(value):.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def fmt_list(values, digits: int = 2) -> str:
    """A bracketed list of formatted numbers, as the article writes vectors.

    >>> fmt_list([2, 3.5], 1)
    '[2.0, 3.5]'
    """
    return "[" + ", ".join(fmt(float(v), digits) for v in values) + "]"


def md_table(headers, rows, align: str | None = None) -> str:
    """A Markdown pipe table; cells are used as given (strings) or str()'d.

    ``align`` holds one letter per column: l, c or r (default: right for every column).

    >>> print(md_table(["a"], [["x"]], align="l"))
    | a |
    |:---|
    | x |
    """
    align = align or "r" * len(headers)
    if len(align) != len(headers) or any(len(row) != len(headers) for row in rows):
        raise ValueError("every row and the align string need one entry per header.")
    rule = {"l": ":---", "c": ":---:", "r": "---:"}
    lines = ["| " + " | ".join(map(str, headers)) + " |",
             "|" + "|".join(rule[a] for a in align) + "|"]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in rows]
    return "\n".join(lines)


def md(*parts: str) -> Markdown:
    """Show text as Markdown in a notebook (and so as prose on the book's page).

    >>> md("MSE = ", fmt(17.4, 2)).data
    'MSE = 17.40'
    """
    return Markdown("".join(parts))
