"""Numbers into words and tables: how the chapters print computed values as Markdown.

Every figure the book states is formatted here from a computed value, with an explicit
number of decimals, so that the text of a chapter is an output that nbval can compare.
A sentence is a Markdown template whose ``{{ fields }}`` name the chapter's variables:

>>> loss = 17.4
>>> say("The first guess has an MSE of {{ loss | num(2) }}.").data
'The first guess has an MSE of 17.40.'
>>> print(table(["x", "y"], [[2, 65], [3, 70]]).data)
| x | y |
|---:|---:|
| 2 | 65 |
| 3 | 70 |
"""

from __future__ import annotations

import numbers
import sys
import textwrap

import jinja2
import numpy as np
from IPython.display import Markdown

__all__ = ["decimals", "exact", "fmt", "fmt_list", "md", "md_table", "nums", "power_above", "say",
           "sci", "table"]


def fmt(value, digits: int = 4) -> str:
    """A number with a fixed number of decimals; integers stay whole, -0.00 becomes 0.00.

    >>> fmt(3), fmt(-0.0001, 2), fmt(2.30232, 2)
    ('3', '0.00', '2.30')
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(int(value))
    text = f"{float(value):.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def decimals(values, most: int) -> int:
    """Fewest decimals (at most ``most``) that show every value without rounding it.

    >>> decimals([7.78, 1.54], 8), decimals(1 / 3, 4)
    (2, 4)
    """
    values = np.atleast_1d(np.asarray(values, dtype=float))
    for digits in range(most + 1):
        if np.allclose(np.round(values, digits), values, rtol=0, atol=1e-9):
            return digits
    return most


def exact(value, most: int = 8) -> str:
    """One number with just the decimals it needs (at most ``most``): 166.88, not 166.880000.

    >>> exact(166.88), exact(2.302320000001)
    ('166.88', '2.30232')
    """
    return fmt(value, decimals(value, most))


def nums(values, digits: int = 2, sep: str = ", ") -> str:
    """Several numbers, each with ``digits`` decimals, joined by ``sep``.

    >>> nums([1.0, 49.0, 36.0], 0, " + ")
    '1 + 49 + 36'
    """
    return sep.join(fmt(float(v), digits) for v in values)


def power_above(value) -> str:
    """The smallest power of ten at or above abs(value), as LaTeX: a size, not a precise number.

    >>> power_above(4.7e-13), power_above(0.001), power_above(250)
    ('$10^{-12}$', '$10^{-3}$', '$10^{3}$')
    """
    size = abs(float(value))
    if not np.isfinite(size) or size == 0:
        raise ValueError(f"power_above needs a finite, non-zero value; got {value!r}.")
    exponent = int(np.ceil(np.log10(size) - 1e-12))
    return f"$10^{{{exponent}}}$"


def sci(value, digits: int = 2) -> str:
    """A number with ``digits`` significant digits; as LaTeX a x 10^k if it is large or small.

    Plain between 0.01 and 10,000, where the digits read easily.

    >>> sci(2.67, 1), sci(333333.3, 1), sci(8e12, 1), sci(0.0001234)
    ('3', '$3 \\\\times 10^{5}$', '$8 \\\\times 10^{12}$', '$1.2 \\\\times 10^{-4}$')
    """
    value = float(value)
    if value == 0 or 0.01 <= abs(value) < 1e4:
        return f"{value:.{digits}g}"
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    return f"${mantissa} \\times 10^{{{int(exponent)}}}$"


def fmt_list(values, digits: int = 2) -> str:
    """A bracketed list of formatted numbers, as the article writes vectors.

    >>> fmt_list([2, 3.5], 1)
    '[2.0, 3.5]'
    """
    return "[" + nums(values, digits) + "]"


def md_table(headers, rows, align: str | None = None) -> str:
    """A Markdown pipe table as text; cells are used as given (strings) or str()'d.

    ``align`` holds one letter per column: l, c or r (default: right for every column).
    Every header must name its column (screen readers announce it with each cell).

    >>> print(md_table(["a"], [["x"]], align="l"))
    | a |
    |:---|
    | x |
    """
    align = align or "r" * len(headers)
    if len(align) != len(headers) or any(len(row) != len(headers) for row in rows):
        raise ValueError("every row and the align string need one entry per header.")
    if any(not str(header).strip() for header in headers):
        raise ValueError(f"every column needs a header that names it; got {list(headers)}.")
    rule = {"l": ":---", "c": ":---:", "r": "---:"}
    lines = ["| " + " | ".join(map(str, headers)) + " |",
             "|" + "|".join(rule[a] for a in align) + "|"]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in rows]
    return "\n".join(lines)


def table(headers, rows, align: str | None = None) -> Markdown:
    """Show a Markdown table (see ``md_table``) in a notebook, and so on the book's page.

    >>> table(["a"], [["x"]], align="l").data.splitlines()[-1]
    '| x |'
    """
    return Markdown(md_table(headers, rows, align))


# Templates keep LaTeX and Markdown as they are: only {{ ... }} (a value) and {% ... %}
# (a loop or a test) are fields. Jinja's comments would start at "{#", which Quarto uses
# for labels such as {#eq-mse}, so comments are moved out of the way.
_TEMPLATES = jinja2.Environment(
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    comment_start_string="{##",
    comment_end_string="##}",
    keep_trailing_newline=False,
)
_TEMPLATES.filters.update(num=fmt, exact=exact, nums=nums, vector=fmt_list)
_TEMPLATES.filters["power"] = power_above
_TEMPLATES.filters["sci"] = sci


def say(template: str, /, **fields) -> Markdown:
    """Render a Markdown template whose ``{{ fields }}`` are the caller's variables.

    Like an f-string, a field reads the variables in scope; keyword arguments add or
    override some. Filters format numbers: ``num(d)`` (d decimals), ``exact`` (just
    the decimals needed), ``nums(d, sep)`` and ``vector(d)`` (several numbers), ``power``
    (the power of ten just above a small number, as LaTeX: ``power_above``). A filter
    binds tighter than arithmetic, so bracket an expression before it. A field that
    names no variable raises an error instead of printing the template.

    >>> m, b, loss = 3, 60, 17.4
    >>> say(r"$y = {{ m }}x + {{ b }}$ has an RMSE of {{ (loss ** 0.5) | num(2) }}.").data
    '$y = 3x + 60$ has an RMSE of 4.17.'
    """
    caller = sys._getframe(1)
    namespace = {**caller.f_globals, **caller.f_locals, **fields}
    text = _TEMPLATES.from_string(textwrap.dedent(template).strip()).render(namespace)
    return Markdown(text)


def md(*parts: str) -> Markdown:
    """Show text as Markdown in a notebook (superseded by ``say``; kept while chapters move).

    >>> md("MSE = ", fmt(17.4, 2)).data
    'MSE = 17.40'
    """
    return Markdown("".join(parts))
