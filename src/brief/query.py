"""The query language: one forgiving parser for every surface (CLI, the TUI's timeline box and
its global search). See docs/search.md for the syntax.

`parse(text)` never raises. Anything it cannot use is dropped or searched as text, and reported
in `Query.warnings` as a short line such as `from:2025-13: not a date, ignored`.

A query is an AND of clauses; a clause is an OR of atoms. An atom is a word or phrase, a field
filter (`tag:visas`), or a date range (`from:2025-07`). Repeating a field ORs its values
(`tag:a tag:b` is one clause), and any atom can be negated (`-exercise`, `-tag:visas`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Literal, NamedTuple

from brief.dates import PartialDate
from brief.text import UNSAFE

FIELDS = ("actor", "tag", "section", "source", "kind", "is")
DATE_FIELDS = ("from", "to", "on", "date")
Kind = Literal["event", "point", "figure", "actor", "source"]
KINDS: tuple[Kind, ...] = ("event", "point", "figure", "actor", "source")
FLAGS = ("approx", "expected")

# Forgiving spellings of field names and values.
_FIELD_ALIASES = {
    "actors": "actor", "who": "actor", "tags": "tag", "sections": "section", "sources": "source",
    "src": "source", "kinds": "kind", "type": "kind", "since": "from", "until": "to",
    "before": "to", "after": "from", "in": "on", "when": "date", "dates": "date",
}  # fmt: skip
_FLAG_ALIASES = {"approximate": "approx", "inferred": "approx", "future": "expected"}

Span = tuple[int, int]


def fold(text: str) -> str:
    """Case- and accent-insensitive form, as the search tokenizer sees it: "Dār" -> "dar"."""
    if text.isascii():  # the common case, ten times faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# A word is a run of letters or digits: what SQLite's unicode61 tokenizer keeps.
WORD = re.compile(r"[^\W_]+")


def has_word(text: str) -> bool:
    return WORD.search(text) is not None


# The query's parts are NamedTuples, not frozen dataclasses: making the classes cost 4.7 ms of
# a 100 ms warm search as dataclasses, 1.2 ms as NamedTuples. Each atom's `kind` comes last, so
# atoms of different kinds never compare equal.


class Text(NamedTuple):
    """Words or a quoted phrase, matched in titles, text, names and tags."""

    text: str
    phrase: bool = False
    prefix: bool = False  # the last token also matches as a prefix (while typing)
    negated: bool = False
    # Quoted: the words as written ("visa" is not "visas"); bare words match every form that
    # stems alike (visa, visas).
    exact: bool = False
    span: Span = (0, 0)  # where the atom stands in the query string
    kind: Literal["text"] = "text"


class Field(NamedTuple):
    """`name:value[,value…]`: a filter on tags, actors, sections, sources, kinds or flags."""

    name: str
    values: tuple[str, ...]
    prefix: bool = False
    negated: bool = False
    span: Span = (0, 0)
    kind: Literal["field"] = "field"


class DateRange(NamedTuple):
    """A date qualifier as a closed range of days, either end open (None)."""

    name: str  # from, to, on or date
    first: dt.date | None
    last: dt.date | None
    negated: bool = False
    span: Span = (0, 0)
    kind: Literal["date"] = "date"

    @property
    def group(self) -> str:
        # `on:` and `date:` say the same thing, so repeating either ORs them.
        return "date" if self.name == "on" else self.name


Atom = Text | Field | DateRange


class Clause(NamedTuple):
    """Atoms ORed together; a query ANDs its clauses."""

    atoms: tuple[Atom, ...]


class Query(NamedTuple):
    text: str
    clauses: tuple[Clause, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the query filters nothing: every item matches."""
        return not self.clauses

    def atoms(self) -> list[Atom]:
        return [atom for clause in self.clauses for atom in clause.atoms]

    def field_values(self, name: str) -> list[str]:
        """The values of positive `name:` filters, e.g. for highlighting active facets."""
        return [
            value
            for atom in self.atoms()
            if isinstance(atom, Field) and atom.name == name and not atom.negated
            for value in atom.values
        ]


# --- lexing ---------------------------------------------------------------------------------

# A token: optional dashes, optional `field:`, then a quoted string (closed or not) or a bare run.
_TOKEN = re.compile(
    r"""(?P<neg>-*)
        (?:(?P<field>[^\W\d_][\w-]*):)?
        (?:"(?P<quoted>[^"]*)(?P<close>"?) | (?P<bare>[^\s"]*))""",
    re.VERBOSE,
)


class _Token(NamedTuple):
    negated: bool
    field: str | None
    value: str
    quoted: bool
    closed: bool
    span: Span


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        match = _TOKEN.match(text, pos)
        assert match is not None  # every branch of the pattern may match empty
        if match.end() == pos:  # a lone quote mark cannot start anything else; skip it
            pos += 1
            continue
        quoted = match.group("quoted") is not None
        tokens.append(
            _Token(
                negated=bool(match.group("neg")),
                field=match.group("field"),
                value=match.group("quoted") if quoted else match.group("bare"),
                quoted=quoted,
                closed=bool(match.group("close")),
                span=(pos, match.end()),
            )
        )
        pos = match.end()
    return tokens


# --- parsing --------------------------------------------------------------------------------


# A query's terms (words, phrases, fields, operators) beyond this many are dropped, with a warning.
MAX_TERMS = 32


def parse(text: str, *, typing: bool = False) -> Query:
    """Parse a query. Never raises.

    With `typing=True` (a search box updating as the user types), the last word or field value
    also matches as a prefix, unless the text ends with a space or a closing quote.
    """
    try:
        return _Parser(text or "", typing).run()
    except Exception as error:  # pragma: no cover - a last line of defence, never expected
        return Query(text or "", (), (f"query not understood ({type(error).__name__}), ignored",))


class _Parser:
    def __init__(self, text: str, typing: bool) -> None:
        # Control and invisible characters separate words (one for one, so spans still fit);
        # a NUL would otherwise cut the FTS5 query string short.
        self.text = UNSAFE.sub(" ", text)
        self.typing = typing
        self.warnings: list[str] = []

    def run(self) -> Query:
        tokens = _lex(self.text)
        if len(tokens) > MAX_TERMS:  # 30,000 `a*` terms made one search take 53 s and 316 MB
            self.warnings.append(
                f"only the first {MAX_TERMS} of {len(tokens):,} terms are searched"
            )
            del tokens[MAX_TERMS:]
        groups: list[list[Atom]] = []
        join_next = False  # the previous token was OR
        negate_next = False  # the previous token was NOT
        for index, token in enumerate(tokens):
            last = index == len(tokens) - 1
            if not token.quoted and token.field is None and not token.negated:
                if token.value == "OR":
                    join_next = bool(groups)
                    continue
                if token.value in ("AND", "&&", "+"):
                    continue
                if token.value == "NOT":
                    negate_next = True
                    continue
                if token.value in ("|", "||"):
                    join_next = bool(groups)
                    continue
            if negate_next:
                token, negate_next = token._replace(negated=True), False
            atom = self._atom(token, prefix=self.typing and last and self._open_end(token))
            if atom is None:
                join_next = False
                continue
            if join_next and groups:
                groups[-1].append(atom)
            else:
                groups.append([atom])
            join_next = False
        return Query(self.text, _merge_fields(groups), tuple(self.warnings))

    def _open_end(self, token: _Token) -> bool:
        """Is the user still typing this token? Not after a space or a closing quote."""
        return not self.text[-1:].isspace() and not token.closed

    def _atom(self, token: _Token, *, prefix: bool) -> Atom | None:
        raw = self.text[token.span[0] : token.span[1]].lstrip("-")
        name = token.field.lower() if token.field else None
        if name is not None:
            name = _FIELD_ALIASES.get(name, name)
            if name in FIELDS:
                return self._field(name, token, raw, prefix)
            if name in DATE_FIELDS:
                return self._date(name, token, raw)
            # `https://…` is plainly not meant as a field; anything else gets a word of warning.
            if not token.value.startswith("//") and (token.value or not self.typing):
                self.warnings.append(f"{token.field}: is not a field, searched as text")
            value = f"{token.field} {token.value}"
        else:
            value = token.value
        if not has_word(value):
            return None  # `c++` keeps "c"; `++`, `:` or `-` alone match nothing and are dropped
        # While typing, a negated word is left whole: excluding by a half-typed word would hide
        # results that the finished word keeps.
        return Text(
            value,
            phrase=token.quoted or token.field is not None,
            prefix=prefix and not token.negated,
            negated=token.negated,
            exact=token.quoted,
            span=token.span,
        )

    def _field(self, name: str, token: _Token, raw: str, prefix: bool) -> Field | None:
        values = tuple(v.strip() for v in token.value.split(",") if has_word(v))
        if not values:
            if not self.typing:
                self.warnings.append(f"{raw}: no value, ignored")
            return None
        if name in ("kind", "is"):
            values = self._choices(name, values, raw, prefix)
            if not values:
                return None
            prefix = False  # already completed against the known choices
        return Field(name, values, prefix=prefix and not token.negated, negated=token.negated,
                     span=token.span)  # fmt: skip

    def _choices(
        self, name: str, values: tuple[str, ...], raw: str, prefix: bool
    ) -> tuple[str, ...]:
        known = KINDS if name == "kind" else FLAGS
        chosen: list[str] = []
        for value in values:
            key = fold(value)
            key = _FLAG_ALIASES.get(key, key) if name == "is" else key.removesuffix("s")
            matches = [k for k in known if k == key or (prefix and k.startswith(key))]
            if matches:
                chosen.extend(m for m in matches if m not in chosen)
            else:
                self.warnings.append(f"{name}:{value}: not one of {', '.join(known)}, ignored")
        return tuple(chosen)

    def _date(self, name: str, token: _Token, raw: str) -> DateRange | None:
        value = token.value.strip()
        if not value:
            if not self.typing:
                self.warnings.append(f"{raw}: no date, ignored")
            return None
        bounds = _date_bounds(name, value)
        if isinstance(bounds, str):
            # A half-typed date ("from:2025-0") is not worth a warning while the user types it.
            typing_it = self.typing and self._open_end(token) and token.span[1] == len(self.text)
            if not (typing_it and _DATE_PREFIX.fullmatch(value.rpartition("..")[2])):
                self.warnings.append(f"{raw}: {bounds}, ignored")
            return None
        first, last, swapped = bounds
        if swapped:
            self.warnings.append(f"{raw}: the range runs backwards; read as {_swap_text(value)}")
        return DateRange(name, first, last, negated=token.negated, span=token.span)


# What a date looks like part-way through being typed.
_DATE_PREFIX = re.compile(r"\d{0,3}|\d{4}-?|\d{4}-[01]|\d{4}-(0[1-9]|1[0-2])(-[0-3]?)?")


def _swap_text(value: str) -> str:
    a, _, b = value.partition("..")
    return f"{b}..{a}"


def _partial(text: str) -> PartialDate | None:
    text = text.strip().replace("/", "-").replace(".", "-")
    parts = text.split("-")
    # Forgive one-digit months and days: 2025-7-4.
    if 2 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
        text = "-".join([parts[0], *(p.zfill(2) for p in parts[1:])])
    try:
        return PartialDate.parse(text)
    except ValueError:
        return None


def _date_bounds(name: str, value: str) -> tuple[dt.date | None, dt.date | None, bool] | str:
    """(first, last, swapped) for a date qualifier, or why it isn't one."""
    if re.fullmatch(r"\d{4}-\d{4}", value):
        value = value.replace("-", "..")  # 2024-2025 can only mean a range of years
    if ".." in value:
        if name in ("from", "to"):
            return "not a date (ranges go in date:a..b)"
        a_text, _, b_text = value.partition("..")
        a = _partial(a_text) if a_text.strip() else None
        b = _partial(b_text) if b_text.strip() else None
        if (a_text.strip() and a is None) or (b_text.strip() and b is None) or not (a or b):
            return "not a date range (write date:2024..2025-06)"
        swapped = bool(a and b and b.end < a.start)
        if swapped:
            a, b = b, a
        return (a.start if a else None, b.end if b else None, swapped)
    date = _partial(value)
    if date is None:
        return "not a date"
    first = None if name == "to" else date.start
    last = None if name == "from" else date.end
    return (first, last, False)


def _merge_fields(groups: list[list[Atom]]) -> tuple[Clause, ...]:
    """Same field repeated means OR: fold positive single-atom field clauses together."""
    clauses: list[Clause] = []
    by_field: dict[tuple[str, str], int] = {}
    for atoms in groups:
        atom = atoms[0]
        key = None
        if len(atoms) == 1 and isinstance(atom, Field) and not atom.negated:
            key = ("field", atom.name)
        elif len(atoms) == 1 and isinstance(atom, DateRange) and not atom.negated:
            key = ("date", atom.group)
        if key is None:
            clauses.append(Clause(tuple(atoms)))
        elif key in by_field:
            index = by_field[key]
            clauses[index] = Clause((*clauses[index].atoms, atom))
        else:
            by_field[key] = len(clauses)
            clauses.append(Clause((atom,)))
    return tuple(clauses)


# --- editing query strings (facets in the TUI) ----------------------------------------------


def quote_value(value: str) -> str:
    """A field value as it must be written: quoted when it has spaces, commas or quotes."""
    if value and re.fullmatch(r"[^\s\",]+", value):
        return value
    return '"' + value.replace('"', "") + '"'


def has_qualifier(text: str, name: str, value: str) -> bool:
    """Does the query already filter positively on `name:value`?"""
    wanted = fold(value)
    return any(fold(v) == wanted for v in parse(text).field_values(name))


def add_qualifier(text: str, name: str, value: str) -> str:
    """`text` with `name:value` appended, unless it is there already."""
    if has_qualifier(text, name, value):
        return text
    qualifier = f"{name}:{quote_value(value)}"
    return f"{text.rstrip()} {qualifier}" if text.strip() else qualifier


def remove_qualifier(text: str, name: str, value: str) -> str:
    """`text` without the positive `name:value` filter (dropping it from `name:a,b` lists too)."""
    wanted = fold(value)
    edits: list[tuple[Span, str]] = []
    for atom in parse(text).atoms():
        if not isinstance(atom, Field) or atom.name != name or atom.negated:
            continue
        kept = [v for v in atom.values if fold(v) != wanted]
        if len(kept) == len(atom.values):
            continue
        written = text[atom.span[0] : atom.span[1]].partition(":")[0]
        edits.append((atom.span, f"{written}:{','.join(map(quote_value, kept))}" if kept else ""))
    for (start, end), new in reversed(edits):
        text = text[:start] + new + text[end:]
    return re.sub(r"\s{2,}", " ", text).strip() if edits else text


def toggle_qualifier(text: str, name: str, value: str) -> str:
    """Add `name:value` if absent, remove it if present: what a facet click does."""
    if has_qualifier(text, name, value):
        return remove_qualifier(text, name, value)
    return add_qualifier(text, name, value)
