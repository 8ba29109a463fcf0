"""Logical statements over options, as used by option prioritisation in the Graph Model.

In the Graph Model for Conflict Resolution a decision maker's preferences are
stated as a ranked list of statements about which options are taken (Fang,
Hipel, Kilgour and Peng 2003; the notation of GMCR II / GMCR+). The grammar is::

    statement := implication
    implication := disjunction [("IF" | "IFF") disjunction]
    disjunction := conjunction ("|" conjunction)*
    conjunction := unary ("&" unary)*
    unary := "-" unary | "(" statement ")" | OPTION_ID

``-o`` means option ``o`` is not taken, ``a IF b`` means "if b then a" and
``a IFF b`` means "a exactly when b". Parsing is data validation and lives here;
evaluating a statement over many states is done by :mod:`models`.

A statement has at most :data:`MAX_TOKENS` tokens and at most
:data:`MAX_NESTING` levels of negation and brackets, so neither parsing nor
evaluating it can run out of stack (real Graph Model statements are a few
tokens long).

References
----------
Fang, L., Hipel, K. W., Kilgour, D. M., & Peng, X. (2003). A decision support
system for interactive decision making, Part I: model formulation. *IEEE
Transactions on Systems, Man, and Cybernetics, Part C*, 33(1), 42-55.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from positions.errors import short_repr

__all__ = ["MAX_NESTING", "MAX_TOKENS", "And", "Expr", "If", "Iff", "Not", "Opt", "Or",
           "parse_statement"]

MAX_TOKENS = 400
"""The most tokens (option ids, operators, brackets) one statement may have."""
MAX_NESTING = 50
"""The deepest nesting of negations and brackets in one statement."""


@dataclass(frozen=True, slots=True)
class Opt:
    """The option with id ``name`` is taken."""

    name: str

    def evaluate(self, taken: Callable[[str], Any]) -> Any:
        """Evaluate with ``taken(option_id)`` giving a bool or a boolean array."""
        return taken(self.name)

    def options(self) -> frozenset[str]:
        """Return the option ids the statement mentions."""
        return frozenset({self.name})


@dataclass(frozen=True, slots=True)
class Not:
    """Negation of a statement."""

    arg: Expr

    def evaluate(self, taken: Callable[[str], Any]) -> Any:  # noqa: D102
        value = self.arg.evaluate(taken)
        return (not value) if isinstance(value, bool) else ~value

    def options(self) -> frozenset[str]:  # noqa: D102
        return self.arg.options()


@dataclass(frozen=True, slots=True)
class And:
    """Both statements hold."""

    left: Expr
    right: Expr

    def evaluate(self, taken: Callable[[str], Any]) -> Any:  # noqa: D102
        return self.left.evaluate(taken) & self.right.evaluate(taken)

    def options(self) -> frozenset[str]:  # noqa: D102
        return self.left.options() | self.right.options()


@dataclass(frozen=True, slots=True)
class Or:
    """At least one statement holds."""

    left: Expr
    right: Expr

    def evaluate(self, taken: Callable[[str], Any]) -> Any:  # noqa: D102
        return self.left.evaluate(taken) | self.right.evaluate(taken)

    def options(self) -> frozenset[str]:  # noqa: D102
        return self.left.options() | self.right.options()


@dataclass(frozen=True, slots=True)
class If:
    """``consequent IF condition``: the consequent holds whenever the condition does."""

    consequent: Expr
    condition: Expr

    def evaluate(self, taken: Callable[[str], Any]) -> Any:  # noqa: D102
        return Or(Not(self.condition), self.consequent).evaluate(taken)

    def options(self) -> frozenset[str]:  # noqa: D102
        return self.consequent.options() | self.condition.options()


@dataclass(frozen=True, slots=True)
class Iff:
    """Both statements hold or neither does."""

    left: Expr
    right: Expr

    def evaluate(self, taken: Callable[[str], Any]) -> Any:  # noqa: D102
        return And(If(self.left, self.right), If(self.right, self.left)).evaluate(taken)

    def options(self) -> frozenset[str]:  # noqa: D102
        return self.left.options() | self.right.options()


Expr = Opt | Not | And | Or | If | Iff

_TOKEN = re.compile(r"\s*(IFF\b|IF\b|[()&|\-~!]|[A-Za-z][A-Za-z0-9_.]*)")


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ValueError(f"cannot read {short_repr(text[pos:].strip(), 40)} in statement "
                             f"{short_repr(text)}")
        tokens.append(match.group(1))
        if len(tokens) > MAX_TOKENS:
            raise ValueError(f"statement {short_repr(text)} has more than {MAX_TOKENS} tokens")
        pos = match.end()
    return tokens


def parse_statement(text: str) -> Expr:
    """Parse an option statement such as ``"RUS_ceasefire & -USA_sanctions"``.

    Parameters
    ----------
    text : str
        The statement (grammar in the module docstring; ``~`` and ``!`` are
        accepted for ``-``).

    Returns
    -------
    Expr
        The parsed statement; ``.options()`` lists the option ids it names and
        ``.evaluate(taken)`` evaluates it given a lookup of taken options.

    Raises
    ------
    ValueError
        If the statement is empty, does not follow the grammar, has more than
        :data:`MAX_TOKENS` tokens or nests negations and brackets deeper than
        :data:`MAX_NESTING`.

    Examples
    --------
    >>> expr = parse_statement("a & -b IF c")
    >>> sorted(expr.options())
    ['a', 'b', 'c']
    >>> expr.evaluate(lambda o: {"a": True, "b": False, "c": True}[o])
    True
    """
    tokens = _tokenize(text)
    if not tokens:
        raise ValueError("statement is empty")
    return _Parser(text, tokens).statement()


class _Parser:
    """Recursive descent over the tokens of one statement, one method per grammar rule."""

    def __init__(self, text: str, tokens: list[str]) -> None:
        self.text = short_repr(text)  # for messages only
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self) -> str | None:
        """Return the next token without consuming it, or None at the end."""
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        """Consume and return the next token."""
        if self.pos >= len(self.tokens):
            raise ValueError(f"statement {self.text} ends too early")
        self.pos += 1
        return self.tokens[self.pos - 1]

    def statement(self) -> Expr:
        """Parse the whole statement; every token must be used."""
        expr = self.implication()
        if self.pos != len(self.tokens):
            raise ValueError(f"unexpected {short_repr(self.tokens[self.pos], 40)} in statement "
                             f"{self.text}")
        return expr

    def implication(self) -> Expr:
        """``disjunction [("IF" | "IFF") disjunction]``."""
        left = self.disjunction()
        if self.peek() in ("IF", "IFF"):
            op = self.take()
            right = self.disjunction()
            return If(left, right) if op == "IF" else Iff(left, right)
        return left

    def disjunction(self) -> Expr:
        """``conjunction ("|" conjunction)*``."""
        node = self.conjunction()
        while self.peek() == "|":
            self.take()
            node = Or(node, self.conjunction())
        return node

    def conjunction(self) -> Expr:
        """``unary ("&" unary)*``."""
        node = self.unary()
        while self.peek() == "&":
            self.take()
            node = And(node, self.unary())
        return node

    def unary(self) -> Expr:
        """``"-" unary | "(" statement ")" | OPTION_ID``."""
        negations = 0
        token = self.take()
        while token in ("-", "~", "!"):  # a loop, not recursion: "- - - a" is cheap
            negations += 1
            token = self.take()
        if self.depth + negations > MAX_NESTING:
            raise ValueError(f"statement {self.text} nests more than {MAX_NESTING} negations "
                             "and brackets")
        node = self.operand(token)
        for _ in range(negations):
            node = Not(node)
        return node

    def operand(self, token: str) -> Expr:
        """``"(" statement ")" | OPTION_ID``, the token after any negations."""
        if token == "(":
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise ValueError(f"statement {self.text} nests more than {MAX_NESTING} "
                                 "negations and brackets")
            node = self.implication()
            self.depth -= 1
            if self.take() != ")":
                raise ValueError(f"missing ')' in statement {self.text}")
            return node
        if token in (")", "&", "|", "IF", "IFF"):
            raise ValueError(f"unexpected {short_repr(token, 40)} in statement {self.text}")
        return Opt(token)
