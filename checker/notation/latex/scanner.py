"""The scanner: one formula (in the one spelling of :mod:`.tex`) to the string the parser sees.

Every declared fragment, function application, derivative, sum, expectation, constant and number becomes
a placeholder symbol (a letter, or ``V_{n}`` past the fortieth) standing for a SymPy value the adapter built
itself; what is left for the parser is arithmetic, ``\\frac``, roots, powers and the elementary functions it
reads correctly. An identifier or command the adapter does not know is an error naming it, with its column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

import sympy as sp

from . import applications
from .constructs import Relations, dispatch
from .elementary import ADAPTER_FUNCTIONS, OPERATORS, PARSER_FUNCTIONS
from .notation import LatexError, Notation, fragments
from .text import matching, next_char, skip_space, split_top

INVERTIBLE = {"sin": "arcsin", "cos": "arccos", "tan": "arctan", "cot": "arccot", "sec": "arcsec", "csc": "arccsc",
              "sinh": "arsinh", "cosh": "arcosh", "tanh": "artanh"}
GREEK = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "rho", "varrho", "sigma", "varsigma", "tau", "upsilon", "phi", "varphi", "chi", "psi",
    "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega", "ell",
})
ACCENTS = frozenset({"hat", "widehat", "bar", "overline", "underline", "tilde", "widetilde", "vec", "dot", "ddot",
                     "check", "breve", "acute", "grave", "boldsymbol", "bm", "mathsf", "mathfrak", "mathscr"})
_SETS = "sets and logic are not formulas the checker judges; give a quantity's range as its domain in the header"
_LOGIC = "write each statement as its own claim"
UNSUPPORTED = {
    **dict.fromkeys(("int", "iint", "iiint", "oint"), "integrals are not supported"),
    **dict.fromkeys(("lim", "limsup", "liminf", "varlimsup", "varliminf"), "limits are not supported"),
    **dict.fromkeys(("pm", "mp"), "± gives two values; write the two claims separately"),
    **dict.fromkeys(("begin", "end", "matrix", "array", "cases"),
                    "environments (matrices, cases, arrays) are not supported"),
    "equiv": "≡ is not judged; write = for an identity",
    "approx": "≈ cannot be proved or refuted; write bounds (a ≤ x ≤ b) instead",
    "simeq": "≃ cannot be proved or refuted; write = or bounds",
    "cong": "≅ is not judged; write = for an identity",
    "propto": "∝ is not judged; write the constant of proportionality explicitly",
    "sim": r"∼ is only understood in an expectation's subscript, as in \mathbb{E}_{y \sim \pi}",
    **dict.fromkeys(("mod", "bmod", "pmod"), "modular arithmetic is not supported"),
    **dict.fromkeys(("gcd", "lcm", "det", "dim", "ker", "deg", "hom", "arg", "inf", "sup"),
                    "this operator is not supported"),
    **dict.fromkeys(("in", "notin", "ni", "subset", "subseteq", "supset", "supseteq", "cup", "cap", "setminus",
                     "emptyset", "varnothing", "forall", "exists", "nexists"), _SETS),
    **dict.fromkeys(("rightarrow", "Rightarrow", "implies", "iff", "Leftrightarrow", "leftrightarrow", "impliedby",
                     "Leftarrow", "leftarrow", "land", "lor", "lnot", "neg", "wedge", "vee", "mapsto"), _LOGIC),
    "circ": r"degrees are understood after a number (30^\circ); composition of functions is not supported",
    **dict.fromkeys(("ldots", "cdots", "dots", "vdots", "ddots"), r"an ellipsis is not a formula; write a \sum"),
    **dict.fromkeys(("cdotp", "ast", "star"), r"write products with \cdot"),
    "prime": "write f'(x) for a derivative of a declared function",
    **dict.fromkeys(("underset", "overset", "stackrel"),
                    "an argmax or a decorated operator is not a number; state what the maximiser satisfies"),
    "lg": r"\lg means log base 10 or base 2 depending on the book; write \log_{10} or \log_{2}",
    "Pr": r"declare the probability as one quantity under symbols, e.g. `P(y_1 \succ y_2)`",
    "nabla": r"write a gradient with its variable, \nabla_\theta f, of a quantity declared `…, function of \theta`",
    "partial": r"write partial derivatives as \frac{\partial}{\partial x} f or \frac{\partial f}{\partial x}",
    **dict.fromkeys(("langle", "rangle"), r"inner products are not supported; write the sum \sum_{i=1}^{n} a_i b_i"),
    **dict.fromkeys(("top", "intercal", "transpose"), "vectors and matrices are not supported: quantities are scalars"),
}
PLACEHOLDER_LETTERS = "abcfghkmnpqrstuvwxyzABCFGHJKLMNPQRSTUVWXYZ"
"""Letters the parser reads as plain symbols in every position (not d, e, i, j, l, o, D, E, I, O: the parser
gives d, e and I meanings of their own; the others are kept out for readability of the cache)."""
Read = Callable[[str, tuple[int, ...], Notation, str, int], "sp.Basic | Relations"]
"""Parses text in the one spelling: (text, columns in the author's formula, notation, formula, depth)."""


def function_declaration(name: str) -> str:
    """What to write under ``functions`` for an undeclared function ``name``: the kind its name suggests
    (σ → logistic, D_KL → kl, H → entropy), else an undefined smooth function."""
    if re.fullmatch(r"\\(sigma|varsigma)", name):
        kind, meaning = "logistic", "the logistic function 1/(1 + e^{-x})"
    elif re.search(r"KL|\\mathbb\{D\}", name):
        kind, meaning = "kl", "over two declared distributions"
    elif re.fullmatch(r"H|\\mathbb\{H\}|\\mathcal\{H\}", name):
        kind, meaning = "entropy", "of a declared distribution"
    else:
        kind, meaning = "function", "a smooth function left undefined"
    return f"`'{name}': {kind}` under functions ({meaning})"


class Scanner:
    """Turns one formula into the parser's source, with placeholders and the column of each character."""

    def __init__(self, notation: Notation, text: str, origin: tuple[int, ...], whole: str, depth: int,
                 read: Read) -> None:
        self.read = read
        self.notation = notation
        self.text = text
        self.source_origin = origin
        self.whole = whole
        self.depth = depth
        self.fragments = fragments(tuple(notation.symbols) + tuple(notation.functions),
                                   tuple(notation.families))
        self.placeholders: dict[sp.Symbol, sp.Basic] = {}
        self.numbered: list[sp.Basic] = []
        self.out: list[str] = []
        self.origin: list[int] = []

    # -- positions and output --------------------------------------------------------------------------------

    def column(self, index: int) -> int | None:
        if not self.source_origin:
            return None
        return self.source_origin[min(max(index, 0), len(self.source_origin) - 1)]

    def written(self, start: int, end: int) -> str:
        """The author's own text for ``text[start:end]`` (before the one spelling)."""
        first, last = self.column(start), self.column(end - 1)
        if first is None or last is None or last < first:
            return self.text[start:end]
        if self.whole[last:last + 1] == "\\":
            # a command's characters all map to its backslash: the author's text runs to the command's end
            command = re.match(r"\\[A-Za-z]+", self.whole[last:])
            last += command.end() - 1 if command else 0
        return self.whole[first:last + 1]

    def fail(self, message: str, index: int, hint: str = "", proposal: tuple[tuple[str, str], ...] = ()) \
            -> LatexError:
        return LatexError(message, self.whole, self.column(index), hint, proposal)

    def undeclared(self, start: int, end: int, what: str = "identifier") -> LatexError:
        """The error for notation nobody declared, from ``start`` to ``end`` (its name), named with its sub- and
        superscripts (``\\pi_{\\text{ref}}``, ``r^*``), and what to declare: the name, or — when it is applied
        to arguments — the application as one quantity, or the name as a function."""
        text = self.text
        j = end
        while True:
            k = skip_space(text, j)
            marker = re.match(r"[_^]\{", text[k:])
            if not marker:
                break
            close = matching(text, k + 1, "{", "}")
            inner = text[k + 2:close] if close is not None else ""
            if close is None or (text[k] == "^" and not re.fullmatch(r"\s*(\*|\\star|\\ast|\\dagger|\\prime|\(.*\))\s*",
                                                                     inner)):
                break  # a power is not part of a name
            j = close + 1
        name = self.written(start, j)
        k = skip_space(text, j)
        if text[k:k + 1] == "'":
            return self.fail(f"undeclared {what} '{name}'", start, f"declare {function_declaration(name)}",
                             ((name, "functions"),))
        close = matching(text, k, "(", ")") if text[k:k + 1] == "(" else None
        if close is None:
            indexed = re.fullmatch(r"(\\?[A-Za-z]+)\s*_\{([^{}]*)\}", name)
            if indexed and re.search(r"[A-Za-z]", indexed.group(2)) and re.search(r"[-+]", indexed.group(2)):
                # r_{k+1}, r_{t-1}: an index expression — a member of a family, not one quantity of its own
                base = indexed.group(1)
                return self.fail(f"undeclared {what} '{name}'", start,
                                 f"declare `{base}` under families (an indexed family: {name} is one of its members)",
                                 ((name, "symbols"),))  # the import's proposals read it as a family
            caveat = " if it is a quantity of the question (the imaginary unit is not: verdicts are over the reals)" \
                if name in ("i", "j") else ""
            return self.fail(f"undeclared {what} '{name}'", start, f"declare `{name}` under symbols{caveat}",
                             ((name, "symbols"),))
        applied = self.written(start, close + 1)
        quantity, function = (f"`{applied}` under symbols (one quantity)", function_declaration(name))
        names = [" ".join(text[a:b].split()) for a, b in split_top(text, k + 1, close, ",")]
        undeclared_names = any(re.fullmatch(r"[A-Za-z](_\{[^{}]*\})?|\\[A-Za-z]+", n) and n not in self.notation.symbols
                               and n not in self.notation.distributions for n in names)
        reads_as_quantity = re.search(r"\||\\succ|\\prec|\\mid|;|\\cdot\s*\)|\(\s*\\cdot", text[k:close + 1])
        if ": kl`" not in function and (undeclared_names or reads_as_quantity):
            # π(y | x), μ(y_w ≻ y_l), L(π_θ; π_ref), r(y_2) with y_2 undeclared: a name for one quantity
            return self.fail(f"undeclared {what} '{name}'", start, f"declare {quantity}, or {function}",
                             ((applied, "symbols"), (name, "functions")))
        return self.fail(f"undeclared {what} '{name}'", start, f"declare {function}, or {quantity}",
                         ((name, "functions"), (applied, "symbols")))

    def emit(self, text: str, index: int) -> None:
        self.out.append(text)
        self.origin.extend([self.column(index) or 0] * len(text))

    def emitted_tail(self) -> str:
        """The end of the text emitted so far, spaces stripped (the last few pieces are enough)."""
        return "".join(self.out[-4:]).rstrip()

    def placeholder(self, value: sp.Basic, index: int, end: int | None = None) -> None:
        """Emit a placeholder for ``value``; ``end`` is where its text ends (a '(' right after it is a product)."""
        number = len(self.numbered) + 1
        self.numbered.append(value)
        if number <= len(PLACEHOLDER_LETTERS):
            # one letter: the parser reads a formula of letters many times faster than one of V_{n}
            name = PLACEHOLDER_LETTERS[number - 1]
            self.placeholders[sp.Symbol(name)] = value
        else:
            # the parser names V_{7} "V_7" but V_{12} "V_{12}": accept both spellings
            name = f"V_{{{number}}}"
            self.placeholders[sp.Symbol(f"V_{number}")] = value
            self.placeholders[sp.Symbol(name)] = value
        # braces only where a bare placeholder would be misread (after ^ or _); alone, {V_{n}} is a set
        braced = self.emitted_tail().endswith(("^", "_"))
        self.emit(f"{{{name}}} " if braced else f"{name} ", index)
        if end is not None and next_char(self.text, end) == "(":
            self.emit(r"\cdot ", index)  # juxtaposition with a parenthesis is a product, never a call

    def parse(self, start: int, end: int, notation: Notation | None = None) -> sp.Basic | Relations:
        """Parse ``text[start:end]`` with this notation (or another), as part of the same formula."""
        return self.read(self.text[start:end], self.source_origin[start:end], notation or self.notation,
                         self.whole, self.depth + 1)

    def formula(self, text: str, notation: Notation) -> sp.Basic | Relations:
        """Parse new text (not part of this formula's) as a formula of its own, one level deeper."""
        return self.read(text, tuple(range(len(text))), notation, text, self.depth + 1)

    def expression(self, start: int, end: int, what: str, notation: Notation | None = None) -> sp.Expr:
        """Parse a part that must be an expression (an argument, an operand, a bound)."""
        if not self.text[start:end].strip():
            raise self.fail(f"{what} is empty", start)
        value = self.parse(start, end, notation)
        if isinstance(value, Relations):
            raise self.fail(f"{what} is a relation, not an expression", start)
        return value  # type: ignore[return-value]

    # -- the scan --------------------------------------------------------------------------------------------

    def scan(self) -> str:  # noqa: C901 - one token dispatch
        text, i = self.text, 0
        while i < len(text):
            char = text[i]
            if char.isspace():
                self.emit(" ", i)
                i += 1
                continue
            match = self.fragments.match(text, i)
            if match:
                i = applications.fragment(self, match[0], match[1], i)
                continue
            handled = self.operator(i)
            if handled is not None:
                i = handled
                continue
            number = re.match(r"\d+(?:\.\d+)?(?:\.(?=\\overline))?|\.\d+", text[i:])
            if number:
                i = self.number(number.group(), i)
                continue
            if char == "\\":
                i = self.command(i)
                continue
            if char.isascii() and char.isalpha():
                i = self.word(i)
                continue
            if not char.isascii():
                raise self.fail(f"unsupported character '{char}'", i,
                                "write Greek letters and symbols as LaTeX commands, e.g. \\alpha, \\geq")
            if char in "[]":
                self.emit("(" if char == "[" else ")", i)
                i += 1
                continue
            if char == "'":
                raise self.fail("a prime (') can only follow a declared function, as in f'(x)", i)
            if char == ",":
                whole, fraction = re.search(r"\d*$", text[:i]).group(), re.match(r"\d*", text[i + 1:]).group()
                raise self.fail("a comma outside a function's arguments", i,
                                f"write a decimal comma in braces, {whole}{{,}}{fraction}: LaTeX prints a bare comma "
                                "as punctuation" if self.notation.decimal_comma and whole and fraction else
                                "a number has at most one decimal comma; write thousands without a separator"
                                if self.notation.decimal_comma else
                                "for a decimal comma write 1{,}5 and set 'language' in the header; {,} between "
                                "digits groups thousands (three digits) otherwise")
            if char in "\"&#%$~`?;@":
                raise self.fail(f"unsupported character '{char}'", i)
            self.emit(char, i)
            i += 1
        return "".join(self.out)

    def operator(self, i: int) -> int | None:
        """A construct read with its own syntax (:mod:`.constructs`), or a root with an index; None if neither."""
        if self.text.startswith(r"\sqrt[", i):
            return applications.root(self, i)
        return dispatch(self, i)

    def number(self, digits: str, i: int) -> int:
        """A decimal number, with a percent sign (50\\% is 1/2) or a degree sign (30^\\circ is π/6) after it."""
        value = Fraction("0" + digits if digits.startswith(".") else digits.rstrip("."))
        end = i + len(digits)
        rest = self.text[end:]
        repeating = re.match(r"\\overline\{\s*(\d+)\s*\}", rest) if "." in digits else None
        if repeating:
            # 0.1\overline{6} = 0.1666… = 1/6: the repeated block adds block/(10^k − 1) at its decimal place
            block, places = repeating.group(1), len(digits.split(".")[1])
            value += Fraction(int(block), (10 ** len(block) - 1) * 10 ** places)
            end, rest = end + repeating.end(), rest[repeating.end():]
        number = sp.Rational(value.numerator, value.denominator)
        if "." not in digits and re.match(r"\s*\\frac\{\s*\d+\s*\}\{\s*\d+\s*\}", rest):
            raise self.fail(f"{digits} followed by a numeric fraction is ambiguous (a mixed number, or a product)", i,
                            f"write {digits} + \\frac{{…}}{{…}} or {digits} \\cdot \\frac{{…}}{{…}}")
        if re.match(r"[eE][+-]?\d", rest):
            raise self.fail(f"scientific notation {digits}{rest[:2]}… is ambiguous in a formula (e is Euler's number)",
                            i, f"write {digits} \\times 10^{{…}}")
        percent = re.match(r"\s*\\%", rest)
        degrees = re.match(r"\s*\^\{\s*\\circ\s*\}", rest)
        if percent:
            number, end = number / 100, end + percent.end()
        elif degrees:
            number, end = sp.Mul(number, sp.pi / 180), end + degrees.end()
        self.placeholder(number, i, end=end)
        return end

    def command(self, i: int) -> int:  # noqa: C901 - one command dispatch
        text = self.text
        found = re.match(r"\\([A-Za-z]+)", text[i:])
        if found is None:
            follower = text[i + 1:i + 2]
            if follower in "{}":
                self.emit("(" if follower == "{" else ")", i)
                return i + 2
            if follower == "%":
                raise self.fail("a percent sign must follow a number", i, r"write 50\% or \frac{x}{100}")
            raise self.fail(f"unsupported construct \\{follower}", i,
                            r"‖ is only understood inside a declared KL notation" if follower == "|" else "")
        name = found.group(1)
        end = i + found.end()
        if name == "pi":
            if next_char(text, end) in ("_", "^") and re.match(r"\s*(_|\^\{\s*\*)", text[end:]):
                raise self.undeclared(i, end)  # \pi_{\text{ref}}, \pi^*: a policy, not the number
            if next_char(text, end) == "(":
                close = matching(text, skip_space(text, end), "(", ")")
                applied = self.written(i, close + 1) if close is not None else r"\pi(…)"
                raise self.fail(r"\pi followed by '(' is ambiguous", i,
                                f"declare `{applied}` under symbols if it is a probability; for the number π times "
                                r"(…), write \pi \cdot (…)", ((applied, "symbols"),))
            self.placeholder(sp.pi, i, end=end)
            return end
        if name == "infty":
            self.placeholder(sp.oo, i, end=end)
            return end
        if name == "econst":
            self.placeholder(sp.E, i, end=end)
            return end
        if name in ADAPTER_FUNCTIONS:
            return applications.elementary(self, name, end, i)
        if name == "log":
            self.emit(r"\log" if next_char(text, end) == "_" else r"\ln", i)
            return end
        if name in ("max", "min"):
            return applications.extremum(self, name, end, i)
        if name in applications.GROUP_FUNCTIONS:
            return applications.group_function(self, name, end, i)
        inverse = re.match(r"\^\{\s*-\s*1\s*\}", text[end:])
        if inverse and name in INVERTIBLE:
            # sin^{-1} x is arcsin x, as the convention goes (never 1/sin x)
            replacement = INVERTIBLE[name]
            if replacement in ADAPTER_FUNCTIONS:
                return applications.elementary(self, replacement, end + inverse.end(), i)
            self.emit("\\" + replacement, i)
            return end + inverse.end()
        if name in PARSER_FUNCTIONS or name in OPERATORS:
            self.emit("\\" + name, i)
            return end
        if name in ("argmax", "argmin"):
            raise self.fail(f"unsupported construct \\{name}", i,
                            "an argmax is not a number; state what the maximiser satisfies, e.g. J(π) ≤ J(π_r)")
        if name == "dconst":
            raise self.fail(r"\mathrm{d} outside a derivative", i, r"write derivatives as \frac{d}{dx} f")
        if name in ("mathbb", "mathcal", "mathbf", "text", "mathrm", "operatorname") or name in ACCENTS:
            group = re.match(r"\\[A-Za-z]+\s*(\{[^{}]*\}|[A-Za-z]|\\[A-Za-z]+)", text[i:])
            raise self.undeclared(i, i + group.end() if group else end, "notation")
        if name in GREEK:
            raise self.undeclared(i, end)
        if name in UNSUPPORTED:
            raise self.fail(f"unsupported construct \\{name}", i, UNSUPPORTED[name])
        raise self.fail(f"unsupported construct \\{name}", i,
                        f"if \\{name} names a quantity of the question, declare it under symbols")

    def word(self, i: int) -> int:
        """Letters not matched by a declared fragment: a product of declared one-letter symbols, or an error.

        ``ab`` is a·b when ``a`` and ``b`` are declared and ``ab`` is not; a bare ``e`` is Euler's number
        unless declared; anything else is an undeclared identifier.
        """
        text = self.text
        word = re.match(r"[A-Za-z]+(?:_\{[^{}]*\})?", text[i:])
        assert word is not None
        letters = word.group()
        parts: list[tuple[str, int]] = []
        k = 0
        while k < len(letters):
            single = letters[k]
            if k == len(re.match(r"[A-Za-z]+", letters).group()) - 1 and "_" in letters:  # type: ignore[union-attr]
                single = letters[k:]
            parts.append((single, i + k))
            k += len(single)
        values = []
        for part, position in parts:
            value = self.notation.symbols.get(part)
            if value is None and part == "e":
                value = sp.E
            if value is None:
                if len(parts) == 1:
                    raise self.undeclared(i, i + len(re.match(r"[A-Za-z]+", letters).group()))  # type: ignore[union-attr]
                own = self.written(position, position + len(part))
                shown = f"{own}' in '{self.written(i, i + len(letters))}"
                raise self.fail(f"undeclared identifier '{shown}'", position, f"declare `{own}` under symbols",
                                ((own, "symbols"),))
            values.append((value, position))
        for number, (value, position) in enumerate(values, start=1):
            self.placeholder(value, position, end=i + len(letters) if number == len(values) else None)
        return i + len(letters)
