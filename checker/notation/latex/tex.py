"""TeX as people type it, rewritten into one spelling before anything else reads it.

TeX reads ``x^2y`` as x²·y, ``\\frac12`` as ½ and ``\\sqrt2`` as √2: an argument that is not braced is one
token. This module tokenizes a formula the way TeX does and writes every such argument in braces, drops
sizing (``\\left``, ``\\bigl``) and spacing commands, and writes synonyms one way (``\\dfrac``, ``\\tfrac``,
``\\cfrac`` → ``\\frac``; ``\\lvert`` → ``|``; ``\\operatorname{sgn}`` → ``\\sgn``; ``\\mathrm{e}`` → Euler's
number). Declared notation goes through the same function, so ``r_1`` and ``r_{1}`` are one fragment.

Every output character remembers the input column it came from, for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|\s+|.", re.S)

SIZING = frozenset({"left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
                    "biggl", "biggr", "Biggl", "Biggr", "bigm", "Bigm", "displaystyle", "textstyle",
                    "scriptstyle", "limits", "nolimits"})
SPACING = frozenset({"quad", "qquad", "enspace", "thinspace", "medspace", "thickspace", "negthinspace", "space",
                     "negmedspace", "negthickspace", "enskip"})
SPACING_WITH_ARGUMENT = frozenset({"hspace", "hspace*", "mspace"})
SPACING_SYMBOLS = frozenset({",", ";", "!", ":", " ", ">"})
SYNONYMS = {
    "dfrac": "frac", "tfrac": "frac", "cfrac": "frac", "dbinom": "binom", "tbinom": "binom",
    "lvert": "|", "rvert": "|", "vert": "|", "mid": "|",
    "lVert": r"\|", "rVert": r"\|", "Vert": r"\|", "ge": "geq", "le": "leq", "ne": "neq", "leqslant": "leq",
    "geqslant": "geq", "lbrack": "[", "rbrack": "]", "lbrace": r"\{", "rbrace": r"\}", "to": "rightarrow",
    "arcsinh": "arsinh", "arccosh": "arcosh", "arctanh": "artanh", "arsinh": "arsinh", "arcosh": "arcosh",
    "artanh": "artanh", "sign": "sgn", "dots": "ldots", "dotsc": "ldots",
}
NAMED = {
    # \operatorname{…}, \mathrm{…}, \text{…}, \mathit{…} spellings of functions and constants
    "sin": "sin", "cos": "cos", "tan": "tan", "cot": "cot", "sec": "sec", "csc": "csc", "cosec": "csc",
    "arcsin": "arcsin", "arccos": "arccos", "arctan": "arctan", "arccot": "arccot", "arcsec": "arcsec",
    "arccsc": "arccsc", "asin": "arcsin", "acos": "arccos", "atan": "arctan",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "coth": "coth", "sech": "sech", "csch": "csch",
    "arsinh": "arsinh", "arcosh": "arcosh", "artanh": "artanh", "arcsinh": "arsinh", "arccosh": "arcosh",
    "arctanh": "artanh", "asinh": "arsinh", "acosh": "arcosh", "atanh": "artanh",
    "sgn": "sgn", "sign": "sgn", "exp": "exp", "ln": "ln", "log": "log", "Var": "Var", "var": "Var",
    "Cov": "Cov", "argmax": "argmax", "argmin": "argmin", "max": "max", "min": "min", "e": "econst",
    "d": "dconst", "floor": "floor", "ceil": "ceil", "erf": "erf", "erfc": "erfc", "softplus": "softplus",
    "clip": "clip", "softmax": "softmax", "logsoftmax": "logsoftmax", "log_softmax": "logsoftmax",
    "log\\_softmax": "logsoftmax", "mean": "mean", "std": "std", "logit": "logit", "sigmoid": "sigmoid",
}
ACCENTS = frozenset({"hat", "widehat", "bar", "overline", "underline", "tilde", "widetilde", "vec", "dot", "ddot",
                     "check", "breve", "acute", "grave", "boldsymbol", "bm", "mathsf", "mathfrak", "mathscr",
                     "mathbf", "mathcal", "mathbb"})
DECIMAL_COMMA_LANGUAGES = frozenset({"es", "ca", "gl", "eu", "pt", "fr", "de", "it", "nl", "ru", "pl", "cs", "tr"})


@dataclass(frozen=True)
class Normalized:
    """A formula in one spelling, and the input column of each of its characters."""

    text: str
    origin: tuple[int, ...]

    def column(self, index: int) -> int:
        if not self.origin:
            return 0
        return self.origin[min(max(index, 0), len(self.origin) - 1)]


def tokens(text: str) -> list[tuple[str, int]]:
    return [(m.group(), m.start()) for m in TOKEN.finditer(text)]


def normalize(text: str, *, decimal_comma: bool = False) -> Normalized:
    """One spelling of a formula (see the module docstring)."""
    items = _infix_fractions(tokens(text.replace("\ufeff", " ").replace("\u00a0", " ")))
    text_out, origin = _joined(_bounded_arguments(_process(items)))
    text_out, origin = _decimal_commas(text_out, origin, decimal_comma)
    text_out, origin = _squeezed_digits(text_out, origin)
    return Normalized(text_out, origin)


def _squeezed_digits(text: str, origin: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
    """Spaces between digits are not there in math mode: ``1 000`` and ``1\\,000`` are 1000, never 1 × 000."""
    keep = [k for k, char in enumerate(text)
            if not (char == " " and re.match(r"\d", text[k - 1:k] or " ") and _next_digit(text, k))]
    return "".join(text[k] for k in keep), tuple(origin[k] for k in keep)


def _next_digit(text: str, k: int) -> bool:
    rest = text[k:].lstrip(" ")
    return bool(rest) and rest[0].isdigit()


def _process(items: list[tuple[str, int]]) -> list[tuple[str, int]]:  # noqa: C901 - one token dispatch
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(items):
        token, position = items[i]
        i += 1
        if token.startswith("\\") and len(token) > 1:
            name = token[1:]
            if name in SIZING:
                continue
            if name in SPACING or name in SPACING_SYMBOLS:
                out.append((" ", position))
                continue
            if name == "boxed":
                group, after = _group(items, i)
                if group is not None:
                    # \boxed{x} is x, framed
                    i = _regroup(items, _skip_space(items, i), "(", ")", out)
                    continue
            if name in ("operatorname", "mathrm", "text", "mathit", "textrm", "operatorname*"):
                group, after = _group(items, i)
                if group is not None and group.strip() in NAMED:
                    out.append(("\\" + NAMED[group.strip()], position))
                    if after < len(items) and items[after][0][:1].isalpha():
                        out.append((" ", position))  # \operatorname{sgn}x is \sgn x, never \sgnx
                    i = after
                    continue
            if name in SPACING_WITH_ARGUMENT:
                group, after = _group(items, i)
                out.append((" ", position))
                i = after
                continue
            if name == "mathit":
                # math italic is the default math font: \mathit{x} is x
                j = _skip_space(items, i)
                if j < len(items) and items[j][0] == "{":
                    close = _matching(items, j, "{", "}")
                    out.extend(_process(items[j + 1:close]))
                    i = close + 1
                    continue
            if name == "arg" and _next_command(items, i) in ("max", "min"):
                j = _skip_space(items, i)
                out.append(("\\arg" + items[j][0][1:], position))
                i = j + 1
                continue
            replacement = SYNONYMS.get(name)
            if replacement is not None:
                token = replacement if not replacement[0].isalpha() else "\\" + replacement
                name = token[1:]
            out.append((token, position))
            if name in ("frac", "binom"):
                i = _braced_arguments(items, i, 2, out)
            elif name in ACCENTS:
                i = _braced_arguments(items, i, 1, out)
            elif name == "sqrt":
                j = _skip_space(items, i)
                if j < len(items) and items[j][0] == "[":
                    close = _matching(items, j, "[", "]")
                    out.append(("[", items[j][1]))
                    out.extend(_process(items[j + 1:close]))
                    out.append(("]", items[close][1]))
                    i = close + 1
                i = _braced_arguments(items, i, 1, out)
            continue
        primes = _primes(items, i) if token == "^" else None
        if primes is not None:
            # f^\prime and f^{\prime\prime} are f' and f''
            count, i = primes
            out.append(("'" * count, position))
            continue
        if token in ("^", "_"):
            out.append((token, position))
            i = _braced_arguments(items, i, 1, out)
            continue
        if token == "~":
            out.append((" ", position))
            continue
        out.append((token, position))
    return out


FUNCTION_COMMANDS = frozenset({
    "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "arccot", "arcsec", "arccsc", "sinh",
    "cosh", "tanh", "coth", "sech", "csch", "arsinh", "arcosh", "artanh", "ln", "log", "exp", "sgn", "erf", "erfc",
    "softplus",
})
"""Functions whose argument may be written without brackets (``\\sin 2x``, ``\\ln 2``)."""
EXPLICIT_PRODUCT = frozenset({"\\cdot", "\\times", "/", "\\div"})
ARGUMENT_ENDS = frozenset({"+", "-", "=", "<", ">", ",", ";", "&", "!", "\\leq", "\\geq", "\\neq", "\\lt",
                           "\\gt", "\\pm", "\\mp", "\\|", "\\rightarrow", "\\approx", "\\equiv"})
_OPEN, _CLOSE = {"(": ")", "[": "]", "{": "}"}, frozenset({")", "]", "}"})


def _bounded_arguments(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """An unbracketed function argument ends at an explicit product or quotient: ``\\ln 2 \\cdot 3`` is
    (ln 2)·3, ``\\sin x \\cdot \\cos x`` is sin x · cos x, ``\\ln x / y`` is (ln x)/y — as a reader takes them —
    so the argument is bracketed there. Juxtaposition still belongs to the argument (``\\sin 2x`` = sin(2x));
    a sum ends it as before. Functions are handled innermost first, so ``\\ln \\ln x \\cdot y`` is (ln ln x)·y."""
    items = list(items)
    for index in range(len(items) - 1, -1, -1):
        token = items[index][0]
        if not (token.startswith("\\") and token[1:] in FUNCTION_COMMANDS):
            continue
        start = _after_scripts(items, index + 1)
        if start >= len(items) or items[start][0] in ("(", "[", "\\left"):
            continue
        stop = _argument_stop(items, start)
        if stop is None:
            continue
        end = stop
        while end > start and items[end - 1][0].isspace():
            end -= 1
        if end > start:
            items[start:end] = [("(", items[start][1]), *items[start:end], (")", items[end - 1][1])]
    return items


def _after_scripts(items: list[tuple[str, int]], j: int) -> int:
    """The first token after a function's spaces, ``^{…}`` and ``_{…}``."""
    while j < len(items):
        if items[j][0].isspace():
            j += 1
        elif items[j][0] in ("^", "_") and j + 1 < len(items) and items[j + 1][0] == "{":
            j = _matching(items, j + 1, "{", "}") + 1
        else:
            return j
    return j


def _argument_stop(items: list[tuple[str, int]], start: int) -> int | None:
    """Where an unbracketed argument meets an explicit product or quotient at its own level, or None when it ends
    otherwise (a sum, a relation, a closing bracket, another function after it, the end)."""
    depth = 0
    bars = 0
    seen = False
    k = start
    while k < len(items):
        token = items[k][0]
        if token in _OPEN:
            depth += 1
        elif token in _CLOSE:
            if depth == 0:
                return None
            depth -= 1
        elif depth == 0 and token == "|":
            if seen and bars == 0:
                return None  # the bar closes an absolute value around the function
            bars = 1 - bars
        elif depth == 0 and bars == 0:
            if token in EXPLICIT_PRODUCT:
                return k if seen else None
            if token in ARGUMENT_ENDS:
                return None
            if token.startswith("\\") and token[1:] in FUNCTION_COMMANDS and seen:
                return None  # \sin x \cos x: the parser already reads two factors
        if not token.isspace():
            seen = True
        k += 1
    return None


def _joined(items: list[tuple[str, int]]) -> tuple[str, tuple[int, ...]]:
    text = []
    origin: list[int] = []
    for token, position in items:
        text.append(token)
        origin.extend([position] * len(token))
    return "".join(text), tuple(origin)


def _decimal_commas(text: str, origin: tuple[int, ...], decimal_comma: bool) -> tuple[str, tuple[int, ...]]:
    """``1{,}5`` is 1.5 in a comma-decimal language and 15 (a thousands separator) otherwise."""
    pieces = []
    kept: list[int] = []
    last = 0
    for match in re.finditer(r"(?<=\d)\{,\}(?=\d)", text):
        if not decimal_comma and not re.match(r"\d{3}(?!\d)", text[match.end():]):
            continue  # a thousands separator groups three digits: 1{,}5 in English is left for the error
        if decimal_comma and re.search(r"[.]\d*$|\{,\}\d+$", text[:match.start()]):
            continue  # a second decimal separator in one number (1{,}5{,}2) is left for the error
        pieces.append(text[last:match.start()])
        kept.extend(origin[last:match.start()])
        if decimal_comma:
            pieces.append(".")
            kept.append(origin[match.start()])
        last = match.end()
    pieces.append(text[last:])
    kept.extend(origin[last:])
    return "".join(pieces), tuple(kept)


INFIX = {"choose": "binom", "over": "frac"}


def _infix_fractions(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Plain TeX's ``{n \\choose k}`` and ``{a \\over b}`` apply to their whole group.

    They are rewritten ``\\binom{n}{k}`` and ``\\frac{a}{b}``; at the top level the group is the whole formula."""
    for k, (token, position) in enumerate(items):
        if token[1:] not in INFIX or not token.startswith("\\"):
            continue
        start, depth = k - 1, 0
        while start >= 0 and not (items[start][0] == "{" and depth == 0):
            depth += {"}": 1, "{": -1}.get(items[start][0], 0)
            start -= 1
        end, depth = k + 1, 0
        while end < len(items) and not (items[end][0] == "}" and depth == 0):
            depth += {"{": 1, "}": -1}.get(items[end][0], 0)
            end += 1
        # the group is {…} around the command, or the whole formula when it stands at the top level
        left, right = items[start + 1:k], items[k + 1:end]
        rewritten = [("\\" + INFIX[token[1:]], position), ("{", position), *left, ("}", position),
                     ("{", position), *right, ("}", position)]
        return _infix_fractions(items[:start + 1] + rewritten + items[end:])
    return items


def _primes(items: list[tuple[str, int]], i: int) -> tuple[int, int] | None:
    """After ``^``: the number of primes in ``\\prime`` or ``{\\prime\\prime}``, and the index after them."""
    j = _skip_space(items, i)
    if j < len(items) and items[j][0] == r"\prime":
        return 1, j + 1
    group, after = _group(items, i)
    if group is not None and re.fullmatch(r"(\s*\\prime\s*)+", group):
        return group.count(r"\prime"), after
    return None


def _skip_space(items: list[tuple[str, int]], i: int) -> int:
    while i < len(items) and items[i][0].isspace():
        i += 1
    return i


def _next_command(items: list[tuple[str, int]], i: int) -> str:
    j = _skip_space(items, i)
    return items[j][0][1:] if j < len(items) and items[j][0].startswith("\\") else ""


def _matching(items: list[tuple[str, int]], start: int, opening: str, closing: str) -> int:
    depth = 0
    for k in range(start, len(items)):
        if items[k][0] == opening:
            depth += 1
        elif items[k][0] == closing:
            depth -= 1
            if depth == 0:
                return k
    return len(items) - 1


def _group(items: list[tuple[str, int]], i: int) -> tuple[str | None, int]:
    """The text of a braced group starting at ``i`` (spaces skipped), and the index after it."""
    j = _skip_space(items, i)
    if j >= len(items) or items[j][0] != "{":
        return None, i
    close = _matching(items, j, "{", "}")
    return "".join(t for t, _ in items[j + 1:close]), close + 1


def _regroup(items: list[tuple[str, int]], j: int, opening: str, closing: str, out: list[tuple[str, int]]) -> int:
    """Copy the brace group starting at ``j``, processed, between ``opening`` and ``closing``; the index after it."""
    close = _matching(items, j, "{", "}")
    out.append((opening, items[j][1]))
    out.extend(_process(items[j + 1:close]))
    out.append((closing, items[close][1] if close < len(items) else items[j][1]))
    return close + 1


def _braced_arguments(items: list[tuple[str, int]], i: int, count: int, out: list[tuple[str, int]]) -> int:
    """Copy ``count`` arguments from ``i`` on, each in braces: a group as it is, else one token braced."""
    for _ in range(count):
        j = _skip_space(items, i)
        if j >= len(items):
            return j
        token, position = items[j]
        if token == "{":
            i = _regroup(items, j, "{", "}", out)
            continue
        end = _command_end(items, j)
        out.append(("{", position))
        out.extend(_process(items[j:end]))
        last, at = items[min(end, len(items)) - 1]
        out.append(("}", at + len(last) - 1))  # the author's text of an argument ends where its last token does
        i = end
    return i


ARGUMENTS = {"frac": 2, "dfrac": 2, "tfrac": 2, "cfrac": 2, "binom": 2, "dbinom": 2, "tbinom": 2, "sqrt": 1}


def _command_end(items: list[tuple[str, int]], j: int) -> int:
    """The end of the unbraced argument at ``j``: one token, or a command with its own arguments
    (``x^\\frac12`` is x^{1/2}, as TeX reads it)."""
    name = items[j][0][1:] if items[j][0].startswith("\\") else ""
    count = ARGUMENTS.get(name, 1 if name in ACCENTS else 0)
    end = j + 1
    if name == "sqrt":
        k = _skip_space(items, end)
        if k < len(items) and items[k][0] == "[":
            end = _matching(items, k, "[", "]") + 1
    for _ in range(count):
        k = _skip_space(items, end)
        if k >= len(items):
            break
        end = (_matching(items, k, "{", "}") if items[k][0] == "{" else _command_end(items, k) - 1) + 1
    return end
