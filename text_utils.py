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

import html
import numbers
import re
import sys
import textwrap
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import jinja2
import numpy as np
from IPython.display import Markdown

__all__ = ["cut", "decimals", "epoch_table", "exact", "fmt", "fmt_list", "md_table", "nums",
           "power_above", "rounded", "say", "sci", "sig", "spoken", "step_equations", "table",
           "whole"]


def fmt(value, digits: int = 4) -> str:
    """A number with a fixed number of decimals; integers stay whole, -0.00 becomes 0.00.

    >>> fmt(3), fmt(-0.0001, 2), fmt(2.30232, 2)
    ('3', '0.00', '2.30')
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(int(value))
    text = f"{float(value):.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def sig(value, digits: int = 3) -> str:
    """A number for prose: ``digits`` significant figures, whole numbers whole, no trailing 0.

    Digits before the decimal point are never rounded away (6015, not 6020), and numbers
    from 10,000 up get thousands separators.

    >>> sig(17.4), sig(86.0), sig(2.6), sig(0.0351622), sig(1512.97496), sig(17256764.6)
    ('17.4', '86', '2.6', '0.0352', '1513', '17,256,765')
    >>> sig(4.255005, 4), sig(0.99679, 2), sig(-0.0004), sig(0)
    ('4.255', '1', '-0.0004', '0')
    """
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or digits < 1:
        raise ValueError(f"digits must be a whole number, 1 or more; got {digits!r}.")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"sig needs a finite number; got {value!r}.")
    if value == 0:
        return "0"
    places = digits - 1 - int(np.floor(np.log10(abs(value))))
    if places <= 0:
        whole_number = int(round(value))
        return f"{whole_number:,}" if abs(whole_number) >= 10_000 else str(whole_number)
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def decimals(values, most: int) -> int:
    """Fewest decimals (at most ``most``) that show every value without rounding it.

    A value counts as shown if the decimals miss it by no more than the rounding noise of
    a few float operations (64 units in its last place).

    >>> decimals([7.78, 1.54], 8), decimals(1 / 3, 4), decimals(673.3632379455997, 12)
    (2, 4, 10)
    """
    values = np.atleast_1d(np.asarray(values, dtype=float))
    noise = 64 * np.spacing(np.abs(values))
    for digits in range(most + 1):
        if np.all(np.abs(np.round(values, digits) - values) <= noise):
            return digits
    return most


def exact(value, most: int = 8) -> str:
    """One number with just the decimals it needs (at most ``most``): 166.88, not 166.880000.

    >>> exact(166.88), exact(0.1 + 0.2), exact(673.3632379455997, 10)
    ('166.88', '0.3', '673.3632379456')
    """
    return fmt(value, decimals(value, most))


def _shortened(value, digits: int, how) -> str:
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or digits < 0:
        raise ValueError(f"digits must be a whole number >= 0; got {digits!r}.")
    if not np.isfinite(float(value)):
        raise ValueError(f"value must be a finite number; got {value!r}.")
    # The decimal the float stands for: round off the last bits of binary noise first.
    decimal = Decimal(repr(round(float(value), 9)))
    text = format(decimal.quantize(Decimal(1).scaleb(-int(digits)), rounding=how), "f")
    return text[1:] if text.startswith("-") and Decimal(text) == 0 else text


def cut(value, digits: int) -> str:
    """A number with its decimals after the ``digits``-th cut off (towards zero), not rounded.

    >>> cut(11.1176, 2), cut(-1.24312, 2), cut(69.00792, 2), cut(6015.0, 0)
    ('11.11', '-1.24', '69.00', '6015')
    """
    return _shortened(value, digits, ROUND_DOWN)


def rounded(value, digits: int) -> str:
    """A number rounded to ``digits`` decimals as by hand: a 5 or more rounds up (away from 0).

    It rounds the decimal the float stands for, so 0.125 gives 0.13 (``fmt`` gives 0.12,
    since the float 0.125 is exact and Python rounds halves to even).

    >>> rounded(11.1176, 2), rounded(17.10968, 2), rounded(0.125, 2), fmt(0.125, 2)
    ('11.12', '17.11', '0.13', '0.12')
    """
    return _shortened(value, digits, ROUND_HALF_UP)


def whole(value) -> str:
    """A whole number with thousands separators, for counts and sizes: 10,000,000.

    >>> whole(10**7), whole(3000.0)
    ('10,000,000', '3,000')
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != int(value):
        raise ValueError(f"whole needs a whole number; got {value!r}.")
    return f"{int(value):,}"


def sci(value, digits: int = 1) -> str:
    r"""A number in powers of ten, as inline LaTeX with ``digits`` decimals: not 1.5e-04.

    For values that span many orders of magnitude. A leading factor of exactly 1 (after
    rounding) is dropped, so 9.96 with one decimal reads $10^{1}$.

    >>> print(sci(0.000154), sci(-2500, 2), sci(1e-6, 0), sci(9.96), sci(0))
    $1.5 \times 10^{-4}$ $-2.50 \times 10^{3}$ $10^{-6}$ $10^{1}$ $0$
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ValueError(f"sci needs a finite real number; got {value!r}.")
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or digits < 0:
        raise ValueError(f"digits must be a whole number, 0 or more; got {digits!r}.")
    if value == 0:
        return "$0$"
    mantissa, exponent = f"{float(value):.{digits}e}".split("e")
    power = f"10^{{{int(exponent)}}}"
    if abs(float(mantissa)) == 1.0:
        return f"${'-' if float(mantissa) < 0 else ''}{power}$"
    return f"${mantissa} \\times {power}$"


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


def fmt_list(values, digits: int = 2) -> str:
    """A bracketed list of formatted numbers, as the article writes vectors.

    >>> fmt_list([2, 3.5], 1)
    '[2.0, 3.5]'
    """
    return "[" + nums(values, digits) + "]"


_TEX_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\d+(?:\.\d+)?|\S")
_TEX_WORDS = {"-": "minus", "+": "plus", "=": "equals", "\\cdot": "times", "\\,": "",
              "\\sum": "sum of", "\\lvert": "absolute value of", "\\rvert": "", "(": "(",
              ")": ")", ",": ","}
_POWERS = {"2": "squared", "*": "star"}
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "kappa", "lambda", "mu",
          "rho", "sigma", "tau"}


def spoken(tex: str) -> str:
    r"""How a screen reader should read a short formula, such as a table's header.

    >>> spoken(r"(y - \hat y)^2"), spoken(r"\sum xy"), spoken(r"\lvert m - m^*\rvert")
    ('(y minus y hat) squared', 'sum of x y', 'absolute value of m minus m star')
    """
    words = " ".join(word for word in _read(_TEX_TOKEN.findall(tex), tex) if word)
    return words.replace("( ", "(").replace(" )", ")").replace(" ,", ",")


def _group(tokens: list[str]) -> list[str]:
    """Take the next token, or the tokens inside the next {...}, off the front of ``tokens``."""
    token = tokens.pop(0) if tokens else ""
    if token != "{":
        return [token]
    inner, depth = [], 1
    while tokens:
        token = tokens.pop(0)
        depth += (token == "{") - (token == "}")
        if depth == 0:
            break
        inner.append(token)
    return inner


def _read(tokens: list[str], tex: str) -> list[str]:
    """The words of TeX tokens: letters one by one, Greek letters by name, ^2 as squared."""
    words = []
    while tokens:
        token = tokens.pop(0)
        if token in ("^", "_", "\\hat"):
            part = _group(tokens)
            joined = "".join(part)
            if token == "^":
                words += [_POWERS[joined]] if joined in _POWERS else ["to the power",
                                                                      *_read(part, tex)]
            elif token == "_":
                words += [joined] if joined.isalpha() else _read(part, tex)  # lambda_{max}
            else:
                words += [*_read(part, tex), "hat"]
        elif token in _TEX_WORDS:
            words.append(_TEX_WORDS[token])
        elif token.lstrip("\\") in _GREEK or token[0].isalnum():
            words.append(token.lstrip("\\"))
        else:
            raise ValueError(f"spoken() cannot read {token!r} in {tex!r}: add its words.")
    return words


def _header_cell(header) -> str:
    r"""A header as Markdown; one that is only a formula gets a name screen readers can read.

    >>> _header_cell(r"$\hat y$")
    '<span role="math" aria-label="y hat">$\\hat y$</span>'
    """
    text = str(header).strip()
    formula = re.fullmatch(r"\$([^$]+)\$", text)
    if not formula:
        return text
    return f'<span role="math" aria-label="{html.escape(spoken(formula[1]))}">{text}</span>'


def md_table(headers, rows, align: str | None = None) -> str:
    """A Markdown pipe table as text; cells are used as given (strings) or str()'d.

    ``align`` holds one letter per column: l, c or r (default: right for every column).
    Every header must name its column (screen readers announce it with each cell); a
    header that is only a formula is named in words (``spoken``), which KaTeX's output in a
    header cell does not give axe and some screen readers.

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
    lines = ["| " + " | ".join(map(_header_cell, headers)) + " |",
             "|" + "|".join(rule[a] for a in align) + "|"]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in rows]
    return "\n".join(lines)


def table(headers, rows, align: str | None = None) -> Markdown:
    """Show a Markdown table (see ``md_table``) in a notebook, and so on the book's page.

    >>> table(["a"], [["x"]], align="l").data.splitlines()[-1]
    '| x |'
    """
    return Markdown(md_table(headers, rows, align))


def epoch_table(X, y_true, y_pred, names="abcde") -> Markdown:
    r"""One epoch worked by hand as a table, with the means of its last three columns.

    One row per point: x, y_hat, y, y - y_hat, x (y - y_hat) and (y - y_hat)^2, each
    column with the decimals its values need (at most 5), the squares and their mean (the
    loss) rounded to at most 2.

    >>> lines = epoch_table([2, 3], [65, 70], [0, 0], names="ab").data.splitlines()
    >>> print("\n".join(lines[2:]))
    | a | 2 | 0 | 65 | 65 | 130 | 4225 |
    | b | 3 | 0 | 70 | 70 | 210 | 4900 |
    | **mean** |  |  |  | **67.5** | **170** | **4562.5** |
    """
    X = np.asarray(X, dtype=float)
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    if not (X.ndim == 1 and X.shape == y_true.shape == y_pred.shape and X.size <= len(names)):
        raise ValueError(f"X, y_true and y_pred need one value per point and names one name "
                         f"each; got shapes {X.shape}, {y_true.shape}, {y_pred.shape} and "
                         f"{len(names)} names.")
    residual = y_true - y_pred
    columns = [X, y_pred, y_true, residual, X * residual, residual**2]
    most = [5, 5, 5, 5, 5, 2]
    rows = [[name] + [fmt(column[i], decimals(column, d)) for column, d in zip(columns, most)]
            for i, name in enumerate(names[:X.size])]
    means = [column.mean() for column in columns[3:]]
    rows.append(["**mean**", "", "", ""] + [f"**{fmt(mean, decimals(mean, d))}**"
                                            for mean, d in zip(means, [6, 6, 2])])
    headers = ["Point", "$x$", r"$\hat y$", "$y$", r"$y - \hat y$", r"$x\,(y - \hat y)$",
               r"$(y - \hat y)^2$"]
    return table(headers, rows, align="lrrrrrr")


_STEP_EQUATIONS = r"""
$$
\begin{aligned}
dm &= -2 \times {{ mean_product | exact }} = {{ dm | exact }} \\
db &= -2 \times {{ mean_residual | exact }} = {{ db | exact }} \\
m_\text{new} &= {{ m | exact }} - {{ rate | exact }} \times ({{ dm | exact }})
  = {{ new_m | exact }} \\
b_\text{new} &= {{ b | exact }} - {{ rate | exact }} \times ({{ db | exact }})
  = {{ new_b | exact }}
\end{aligned}
$$
"""


def step_equations(X, y_true, y_pred, line, gradient, new_line, learning_rate) -> Markdown:
    r"""The gradient and the update of one epoch, one line each, as aligned display maths.

    ``line`` is the (m, b) the epoch starts from, ``gradient`` its (dm, db) and
    ``new_line`` the (m, b) after the step. The two means the gradient is made of come
    from the data and the predictions; the equations are checked to hold before they
    are written.

    >>> print(step_equations([2, 3], [65, 70], [0, 0], (0, 0), (-340, -135), (3.4, 1.35),
    ...                      0.01).data)
    $$
    \begin{aligned}
    dm &= -2 \times 170 = -340 \\
    db &= -2 \times 67.5 = -135 \\
    m_\text{new} &= 0 - 0.01 \times (-340)
      = 3.4 \\
    b_\text{new} &= 0 - 0.01 \times (-135)
      = 1.35
    \end{aligned}
    $$
    """
    X = np.asarray(X, dtype=float)
    residual = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    if not X.ndim == 1 or X.shape != residual.shape:
        raise ValueError(f"X, y_true and y_pred need one value per point; got shapes "
                         f"{X.shape} and {residual.shape}.")
    mean_product, mean_residual = np.mean(X * residual), np.mean(residual)
    (m, b), (dm, db), (new_m, new_b) = line, gradient, new_line
    if not np.allclose([dm, db], [-2 * mean_product, -2 * mean_residual], rtol=1e-12,
                       atol=1e-9):
        raise ValueError(f"the gradient {(dm, db)} is not -2 times the means of x (y - y_hat) "
                         f"and y - y_hat ({mean_product}, {mean_residual}): pass the gradient "
                         "at these predictions.")
    if not np.allclose([new_m, new_b], [m - learning_rate * dm, b - learning_rate * db],
                       rtol=1e-12, atol=1e-9):
        raise ValueError(f"new_line {(new_m, new_b)} is not line - learning_rate * gradient; "
                         "pass the line after this epoch's step.")
    return Markdown(_TEMPLATES.from_string(_STEP_EQUATIONS.strip()).render(
        mean_product=mean_product, mean_residual=mean_residual, m=m, b=b, dm=dm, db=db,
        new_m=new_m, new_b=new_b, rate=learning_rate))


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
_TEMPLATES.filters.update(num=fmt, exact=exact, nums=nums, vector=fmt_list, sci=sci,
                          sig=sig, cut=cut, rounded=rounded, whole=whole, power=power_above)


def say(template: str, /, **fields) -> Markdown:
    """Render a Markdown template whose ``{{ fields }}`` are the caller's variables.

    Like an f-string, a field reads the variables in scope; keyword arguments add or
    override some. Filters format numbers: ``sig(n)`` (n significant figures, the
    default for prose), ``num(d)`` (d decimals), ``exact`` (just the decimals needed),
    ``cut(d)`` and ``rounded(d)`` (d decimals, cut off or rounded as by hand),
    ``nums(d, sep)`` and ``vector(d)`` (several numbers), ``sci(d)`` (powers of ten, as
    inline maths), ``whole`` (thousands separators) and ``power`` (the power of ten just
    above a small number: a size, not a value). A filter
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
