"""Loading brief files: bytes → a validated, sanitised `Brief`, or every problem at line:col.

Brief files are untrusted and hand-written, so the loader is built to be safe, precise and fast:

- Safe. The file size is checked before reading; the bytes are decoded as strict UTF-8 here, not
  by libyaml. The Brief is built straight from libyaml's event stream, refusing anchors, aliases,
  merge keys, explicit tags, multiple documents and deep nesting as they arrive, so no bomb is ever
  expanded and nothing deep is ever built. Scalars are never typed by YAML: each stays the string
  written (plain empty, `~` and `null` become None) and the schema alone types it.
- Precise. Every problem carries its 1-based line and column, and a file reports all of its
  problems at once: syntax, schema, references, duplicates and dates.
- Fast. Marks cost time, and most files are fine, so the first pass builds plain data without them
  and lets msgspec convert it. Only if anything is wrong is the file walked again, recording marks,
  to explain each problem (`_explain`). The first pass only needs a yes or no, so it takes
  shortcuts the explaining walk does not: libyaml's events are made as Structs
  (`_quick_events`), ids are checked once each after converting (`_unchecked`), and the rules
  beyond the schema are checked on the typed Brief (`_consistent`). Tests hold each shortcut to
  the slow way on generated briefs (tests/test_load_fast.py). `benchmarks/bench_load.py`
  measures the result against libyaml's raw event parse.

Every string in a loaded Brief has been through `brief.text.sanitize`; each replacement is a
warning at its position.
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import functools
import itertools
import math
import operator
import os
import re
import stat
import threading
import types
import typing
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal, NamedTuple, Union

import yaml
import yaml._yaml as yaml_c
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from brief._msgspec import msgspec
from brief.dates import PartialDate
from brief.errors import LoadError, Problem, Severity
from brief.limits import MAX_FILE_BYTES
from brief.memory import gc_paused
from brief.model import (
    FORMAT_VERSION,
    SLUG_PATTERN,
    Brief,
    Event,
    Figure,
    Point,
    Slug,
    dec_hook,
    default_id,
)
from brief.text import (
    UNSAFE,
    char_name,
    flat,
    one_line,
    placeholder,
    replacement_message,
    sanitize,
)

MAX_DEPTH = 64
# One warning per unsafe character up to this many in a file, then one summary: a file of a
# million `\e` escapes must not cost a million Problems (seconds and hundreds of MB).
MAX_UNSAFE_WARNINGS = 100
# Errors, like warnings, are listed one by one up to this many in a file, then summed up in one
# line by kind: 1.6 MB of `*a` aliases gave 400,007 lines (41 MB) in 31 s before this cap.
MAX_PROBLEMS = 100
# Did-you-mean hints are worked out for this many distinct words in a file, each against at
# most MAX_CANDIDATES names of a length that could match; a difflib comparison of every unknown
# reference with every id made 8,000 unknown references take minutes.
MAX_HINTS = 100
MAX_CANDIDATES = 200

_BOM = b"\xef\xbb\xbf"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
# libyaml counts these as line breaks; positions computed here must agree with its marks.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")

KeyPath = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line, column


# -- public API -------------------------------------------------------------------------------


def load_brief(path: str | os.PathLike[str]) -> Brief:
    """Load and validate one brief file; raise `LoadError` listing every error in it."""
    brief, problems = check_file(path)
    if brief is None:
        raise LoadError([p for p in problems if p.severity == "error"])
    return brief


def load_bytes(data: bytes, path: str = "<bytes>") -> Brief:
    """Load a brief from bytes; `path` is only used to name the problems."""
    brief, problems = check_bytes(data, path)
    if brief is None:
        raise LoadError([p for p in problems if p.severity == "error"])
    return brief


def check_file(
    path: str | os.PathLike[str], found: Marks | None = None
) -> tuple[Brief | None, list[Problem]]:
    """The loader's verdict on a file: the Brief (None if any error) and all errors and warnings.
    With `found`, the marks of a file that loads are recorded there in the same pass (lint
    locates its findings with them).

    Never raises for bad input: a missing, unreadable, huge or malformed file is a problem.
    """
    name = one_line(str(path))
    data = _read_limited(Path(path), name)
    if isinstance(data, Problem):
        return None, [data]
    # Called with two arguments when it can: tests count parses by wrapping check_bytes.
    return check_bytes(data, name) if found is None else check_bytes(data, name, found)


def check_bytes(
    data: bytes, path: str = "<bytes>", found: Marks | None = None
) -> tuple[Brief | None, list[Problem]]:
    """Like `check_file`, for bytes already in memory."""
    if len(data) > MAX_FILE_BYTES:
        return None, [_too_big(path, len(data))]
    if data.startswith(_BOM):
        data = data[len(_BOM) :]  # libyaml's marks do not count the BOM either
    text = _decode(data, path)
    if isinstance(text, Problem):
        return None, [text]
    with gc_paused():  # both paths build many small objects and no cycles
        brief = _load_fast(data, found)
        if isinstance(brief, Brief):
            return brief, []
        return _explain(data, text, path, brief)


def locate(path: str | os.PathLike[str], key_path: KeyPath) -> Mark:
    """The line and column of the value at `key_path` in a brief file, or (1, 1) if not found.

    For problems found after loading, such as an id used by two files of a library.
    """
    return file_marks(path).values.get(key_path, (1, 1))


class Marks(NamedTuple):
    """Where each node of a file starts, by key path, and where each mapping key is written."""

    values: dict[KeyPath, Mark]
    keys: dict[KeyPath, Mark]
    empty: set[KeyPath]  # keys written with no value (`title:`), which the loader drops


def file_marks(path: str | os.PathLike[str]) -> Marks:
    """Every mark of a brief file in one pass (`marks`); none for a file that cannot be read
    or parsed. For problems found after loading: lint's findings, an id used by two files."""
    try:
        with open(path, "rb") as file:
            return marks(file.read(MAX_FILE_BYTES + 1).removeprefix(_BOM))
    except (OSError, yaml.YAMLError, _Unusual):
        return Marks({}, {}, set())


def marks(data: bytes) -> Marks:
    """Every node's mark and every mapping key's mark, by key path, from one pass over a file
    the loader accepts (the fast path's build, marking); raises `_Unusual` for any other."""
    found = Marks({}, {}, set())
    _build_plain(yaml.CSafeLoader(data), found)
    return found


# -- reading and decoding ---------------------------------------------------------------------


def _read_limited(path: Path, name: str) -> bytes | Problem:
    """Read at most MAX_FILE_BYTES, checking the type and size before reading anything.

    `stat` before `open`: opening a FIFO waits for a writer, so `brief validate FIFO` hung. The
    open is non-blocking too, so a file swapped for a FIFO in between cannot hang it either,
    and the type is checked again on what was opened.
    """
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            return Problem(name, 0, 0, "is a directory; name a .yaml brief file")
        if not stat.S_ISREG(mode):
            return _not_regular(name)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                return _not_regular(name)
            if info.st_size > MAX_FILE_BYTES:
                return _too_big(name, info.st_size)
            # Read one byte more than allowed: a file growing after fstat is caught too.
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return Problem(name, 0, 0, "no such file")
    except IsADirectoryError:
        return Problem(name, 0, 0, "is a directory; name a .yaml brief file")
    except PermissionError:
        return Problem(name, 0, 0, "cannot read the file: permission denied")
    except OSError as error:
        return Problem(name, 0, 0, f"cannot read the file: {error.strerror or error}")
    if len(data) > MAX_FILE_BYTES:
        return _too_big(name, len(data))
    return data


def _not_regular(name: str) -> Problem:
    return Problem(name, 0, 0, "not a regular file (a FIFO, a device?); name a .yaml brief file")


def _too_big(path: str, size: int) -> Problem:
    return Problem(
        path,
        1,
        1,
        f"the file is {size / 2**20:.1f} MiB; a brief may be at most "
        f"{MAX_FILE_BYTES // 2**20} MiB (split it into several briefs)",
    )


def _decode(data: bytes, path: str) -> str | Problem:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _byte_position(data, error.start)
        bad = data[error.start : error.start + 1].hex().upper()
        return Problem(path, line, col, f"invalid UTF-8 (byte 0x{bad}); save the file as UTF-8")


def _byte_position(data: bytes, offset: int) -> Mark:
    """1-based line and column (in characters) of a byte offset; the bytes before it are valid."""
    prefix = data[:offset].decode("utf-8", errors="replace")
    return _text_position(_line_starts(prefix), len(prefix))


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def _text_position(starts: list[int], offset: int) -> Mark:
    line = bisect.bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


# -- the fast path ----------------------------------------------------------------------------


class _Unusual(Exception):
    """The fast path met something it does not explain; `_explain` will."""


_NO_KEY = object()  # a mapping waiting for its next key


class _Built(NamedTuple):
    """A document the fast path built but cannot load: its tree is the one `_MarkedWalk` would
    build (no refusals, nothing to sanitise), so only its marks are still wanted."""

    tree: Any
    marks: Marks | None  # if they were recorded while building


def _load_fast(data: bytes, found: Marks | None = None) -> Brief | _Built | None:
    """Build, convert and check without marks. Anything that needs explaining gives the tree
    if it was built and safe (`_Built`), else None."""
    try:
        tree = _build_plain(yaml.CSafeLoader(data), found)
    except (_Unusual, yaml.YAMLError):
        return None
    if _may_be_unsafe(data) and not _all_safe(tree):
        return None
    if not isinstance(tree, dict) or tree.get("format") != str(FORMAT_VERSION):
        return _Built(tree, found)
    dates = _shared_dates()
    unchecked = _unchecked_brief()
    try:
        converted = msgspec.convert(
            tree, unchecked or Brief, strict=False, dec_hook=_date_hook(dates)
        )
    except msgspec.ValidationError:
        return _Built(tree, found)
    if unchecked is not None and not _all_slugs(_as_models([converted], [])):
        return _Built(tree, found)
    brief = typing.cast(Brief, converted)  # the model's Brief now, if it was a copy
    if not _consistent(brief):
        return _Built(tree, found)
    _assign_ids(brief)
    _one_line_fields(brief)
    return brief


# libyaml's parser (PyYAML's `_yaml`) makes each event by calling the event class it finds in its
# module's globals, and PyYAML's event classes set their attributes in a Python `__init__`: a
# third of an event parse. `_build_plain` has these Structs made instead, which take the same
# arguments and have the same attributes but are built in C (the generated library's event
# parse: 3.5 s -> 2.25 s of CPU per 1,000 files, on a loaded machine). The rare events (stream,
# document, alias) keep PyYAML's.


class _ScalarEvent(msgspec.Struct, gc=False):
    anchor: str | None
    tag: str | None
    implicit: tuple[bool, bool]
    value: str
    start_mark: Any
    end_mark: Any
    style: str | None


class _CollectionStartEvent(msgspec.Struct, gc=False):
    anchor: str | None
    tag: str | None
    implicit: bool
    start_mark: Any
    end_mark: Any
    flow_style: bool | None


class _MappingStartEvent(_CollectionStartEvent, gc=False):
    pass


class _SequenceStartEvent(_CollectionStartEvent, gc=False):
    pass


class _CollectionEndEvent(msgspec.Struct, gc=False):
    start_mark: Any
    end_mark: Any


class _MappingEndEvent(_CollectionEndEvent, gc=False):
    pass


class _SequenceEndEvent(_CollectionEndEvent, gc=False):
    pass


_QUICK_EVENTS: dict[str, type] = {
    "ScalarEvent": _ScalarEvent,
    "MappingStartEvent": _MappingStartEvent,
    "SequenceStartEvent": _SequenceStartEvent,
    "MappingEndEvent": _MappingEndEvent,
    "SequenceEndEvent": _SequenceEndEvent,
}
_PYYAML_EVENTS: dict[str, type] = {name: getattr(yaml.events, name) for name in _QUICK_EVENTS}
# Held while PyYAML makes the quick events: its emitter, and any other reader of its events,
# must meet its own classes, so they are PyYAML's whenever no `_build_plain` runs. Brief is
# the only user of PyYAML in its processes; threads that load take turns (libyaml holds the
# GIL anyway).
_QUICK_LOCK = threading.Lock()


@contextlib.contextmanager
def _quick_events() -> Iterator[dict[str, type]]:
    """The event classes libyaml makes meanwhile: the quick ones (see above), or PyYAML's own
    if this PyYAML does not look them up as expected (`_QUICK_TAKES`)."""
    if not _QUICK_TAKES:
        yield _PYYAML_EVENTS
        return
    with _QUICK_LOCK:
        names = vars(yaml_c)
        names.update(_QUICK_EVENTS)
        try:
            yield _QUICK_EVENTS
        finally:
            names.update(_PYYAML_EVENTS)


def _quick_takes() -> bool:
    with _QUICK_LOCK:
        names = vars(yaml_c)
        if any(names.get(name) is not cls for name, cls in _PYYAML_EVENTS.items()):
            return False
        names.update(_QUICK_EVENTS)
        try:
            loader = yaml.CSafeLoader(b"[a]")
            events = [loader.get_event().__class__ for _ in range(5)]
        finally:
            names.update(_PYYAML_EVENTS)
    return events[2:] == [_SequenceStartEvent, _ScalarEvent, _SequenceEndEvent]


_QUICK_TAKES = _quick_takes()


def _build_plain(loader: yaml.CSafeLoader, found: Marks | None = None) -> Any:
    """`_build_plain_events` with the quick event classes."""
    with _quick_events() as events:
        return _build_plain_events(loader, found, events)


def _build_plain_events(
    loader: yaml.CSafeLoader, found: Marks | None, events: dict[str, type]
) -> Any:
    """The document as dicts, lists, strings and None; raises `_Unusual` at the first oddity.
    With `found`, also records there every node's and key's mark by key path (see `Marks`).

    The hot loop of the loader: it dispatches on event class identity, scalars first, keeps the
    open container, its key path and its pending key in local variables, and saves the
    enclosing ones on an explicit stack instead of recursing. Key paths are only made when
    marking, so a plain load pays one test per node for the option.
    """
    get = loader.get_event
    scalar, map_start = events["ScalarEvent"], events["MappingStartEvent"]
    seq_start, map_end = events["SequenceStartEvent"], events["MappingEndEvent"]
    seq_end, doc_end = events["SequenceEndEvent"], DocumentEndEvent
    nulls, no_key = _NULLS, _NO_KEY
    if get().__class__ is not StreamStartEvent or get().__class__ is not DocumentStartEvent:
        raise _Unusual
    root: list[Any] = []
    top: Any = root  # the open container; root holds the document
    path: Any = None  # the open container's key path when marking (None for root)
    is_list = True
    key: Any = no_key  # in a mapping, the key awaiting its value
    saved: list[tuple[Any, Any, bool, Any]] = []  # the enclosing containers
    event: Any  # dispatched on its class, which mypy cannot narrow by identity
    child: KeyPath
    while True:
        event = get()
        cls = event.__class__
        if cls is scalar:
            if event.anchor is not None or event.tag is not None:
                raise _Unusual
            value = event.value
            if value in nulls and not event.style:
                value = None
            if found is not None:
                start = event.start_mark
                mark = (start.line + 1, start.column + 1)
                if is_list:
                    found.values[() if path is None else (*path, len(top))] = mark
                elif key is no_key:
                    found.keys[(*path, value)] = mark
                else:
                    found.values[(*path, key)] = mark
                    if value is None:
                        found.empty.add((*path, key))
            if is_list:
                top.append(value)
            elif key is no_key:
                if value is None or value in top or (value == "<<" and not event.style):
                    raise _Unusual
                key = value
            else:
                if value is not None:  # an empty value is the same as no key
                    top[key] = value
                key = no_key
            continue
        if cls is map_end or cls is seq_end:
            top, path, is_list, key = saved.pop()
            continue
        if cls is map_start:
            value = {}
        elif cls is seq_start:
            value = []
        elif cls is doc_end:
            break
        else:  # an alias
            raise _Unusual
        if event.anchor is not None or event.tag is not None or len(saved) >= MAX_DEPTH:
            raise _Unusual
        if found is not None:
            child = () if path is None else (*path, len(top) if is_list else key)
            start = event.start_mark
            found.values[child] = (start.line + 1, start.column + 1)
        if is_list:
            top.append(value)
        elif key is no_key:  # a mapping or sequence used as a key
            raise _Unusual
        else:
            top[key] = value
            key = no_key
        saved.append((top, path, is_list, key))
        top, is_list, key = value, cls is seq_start, no_key
        if found is not None:
            path = child
    if get().__class__ is not StreamEndEvent:
        raise _Unusual  # a second document
    return root[0] if root else None


_ASCII = bytes(range(128))


def _may_be_unsafe(data: bytes) -> bool:
    """Could any string of this (valid UTF-8) file hold an unsafe character?

    libyaml refuses raw C0, C1 and DEL characters, so only two things can bring one in: a
    non-ASCII character such as U+202E, or an escape such as `\\e` in a double-quoted string.
    Scanning the whole text with `UNSAFE` costs as much as parsing it; scanning only its non-ASCII
    bytes, which are few in most briefs, costs almost nothing.
    """
    if b"\\" in data:
        return True
    rest = data.translate(None, _ASCII)
    return bool(rest) and UNSAFE.search(rest.decode("utf-8")) is not None


def _all_safe(node: Any) -> bool:
    if isinstance(node, str):
        return UNSAFE.search(node) is None
    if isinstance(node, dict):
        return all(UNSAFE.search(k) is None and _all_safe(v) for k, v in node.items())
    if isinstance(node, list):
        return all(_all_safe(v) for v in node)
    return True


# PartialDate is immutable: the files of a library share one object per written date, which
# saves memory and time (a library of 100k events has a few thousand distinct dates).
_DATES: dict[str, PartialDate] = {}


def _shared_dates() -> dict[str, PartialDate]:
    if len(_DATES) > 100_000:  # bounded: a pathological library must not grow it for ever
        _DATES.clear()
    return _DATES


def _date_hook(cache: dict[str, PartialDate]) -> Callable[[type, Any], Any]:
    """`brief.model.dec_hook`, remembering each date string: briefs repeat dates a lot."""

    def hook(type_: type, obj: Any) -> Any:
        if type_ is PartialDate and isinstance(obj, str):
            date = cache.get(obj)
            if date is None:
                date = cache[obj] = dec_hook(type_, obj)
            return date
        return dec_hook(type_, obj)

    return hook


# msgspec checks each id against `Slug`'s pattern with a call to `re`: three quarters of
# converting a brief of 100 events (0.65 ms; 0.2 ms without). The fast path converts to
# `_unchecked` copies of the model's Structs, which take any text for an id, then makes each
# object one of the model's (the copies have the same fields in the same order, so the same
# layout) while gathering its ids, and checks each distinct id once.


class _Copy(NamedTuple):
    """How to make an unchecked copy's object the model's: its class, and its fields that hold
    ids, lists of ids, Structs and lists of Structs."""

    model: type[msgspec.Struct]
    ids: tuple[Callable[[Any], Any], ...]  # attribute getters
    id_lists: tuple[Callable[[Any], Any], ...]
    structs: tuple[Callable[[Any], Any], ...]
    struct_lists: tuple[Callable[[Any], Any], ...]


_COPIES: dict[type, _Copy] = {}


@functools.cache
def _unchecked(struct: type[msgspec.Struct]) -> type[msgspec.Struct]:
    """A copy of a model Struct whose ids (and whose Structs' ids) are plain text."""
    fields: list[Any] = []
    kinds: dict[str, list[str]] = {"ids": [], "id_lists": [], "structs": [], "struct_lists": []}
    for info in msgspec.structs.fields(struct):
        tp, kind = _unchecked_type(info.type)
        if kind:
            kinds[kind].append(info.name)
        if info.default is not msgspec.NODEFAULT:
            fields.append((info.name, tp, info.default))
        elif info.default_factory is not msgspec.NODEFAULT:
            fields.append((info.name, tp, msgspec.field(default_factory=info.default_factory)))
        else:
            fields.append((info.name, tp))
    # Configured like the model's Structs: they inherit all of it but `kw_only`.
    copy = msgspec.defstruct(struct.__name__, fields, bases=struct.__bases__, kw_only=True)
    getters = (tuple(map(operator.attrgetter, names)) for names in kinds.values())
    _COPIES[copy] = _Copy(struct, *getters)
    return copy


def _unchecked_type(tp: Any) -> tuple[Any, str | None]:
    """A model field's type for the unchecked copy, and what `_Copy` list the field is in."""
    if tp == Slug:
        return str, "ids"
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return _unchecked(tp), "structs"
    if origin is typing.Annotated:
        inner, kind = _unchecked_type(args[0])
        return typing.Annotated[(inner, *args[1:])], kind
    if origin in (Union, types.UnionType):
        options = [_unchecked_type(arg) for arg in args]
        kind = next((kind for _, kind in options if kind), None)
        return functools.reduce(operator.or_, (inner for inner, _ in options)), kind
    if origin is list:
        inner, kind = _unchecked_type(args[0])
        return list[inner], kind and kind[:-1] + "_lists"  # type: ignore[valid-type]
    return tp, None


@functools.cache
def _unchecked_brief() -> type[msgspec.Struct] | None:
    """`Brief`'s unchecked copy; None if this msgspec's Structs cannot change class."""
    copy = _unchecked(Brief)
    probe = copy(format=1, id="a", title="b", as_of=PartialDate(1), sources=[])
    try:
        _as_models([probe], [])
    except TypeError:
        return None
    return copy


def _as_models(objects: list[Any], ids: list[str]) -> list[str]:
    """Make objects of one unchecked copy, and the objects in them, the model's; gather their
    ids. A field at a time across the objects: a third of the time of an object at a time."""
    if not objects:
        return ids
    copy = _COPIES[objects[0].__class__]
    for obj in objects:
        obj.__class__ = copy.model
    for get in copy.ids:
        ids += [value for value in map(get, objects) if value is not None]
    for get in copy.id_lists:
        for values in map(get, objects):
            ids += values
    for get in copy.structs:
        _as_models([value for value in map(get, objects) if value is not None], ids)
    for get in copy.struct_lists:
        for value in map(get, objects):
            _as_models(value, ids)
    return ids


_SLUG = re.compile(SLUG_PATTERN)
_GOOD_SLUGS: set[str] = set()  # ids that passed: a library repeats its ids a lot


def _all_slugs(ids: list[str]) -> bool:
    """Does every id match `Slug`'s pattern, as msgspec would check it?"""
    new = set(ids).difference(_GOOD_SLUGS)
    if not all(_SLUG.search(value) for value in new):
        return False
    if len(_GOOD_SLUGS) > 100_000:  # bounded, like _DATES
        _GOOD_SLUGS.clear()
    _GOOD_SLUGS.update(new)
    return True


# -- the explaining path ----------------------------------------------------------------------


def _explain(
    data: bytes, text: str, path: str, built: _Built | None = None
) -> tuple[Brief | None, list[Problem]]:
    """Walk the file again with marks, report every problem, and load it if there is no error.
    A tree the fast path built needs only its marks, a lighter pass (a type flood's verdict
    took 2.4 s of CPU before, 1.3 s after)."""
    walk = _MarkedWalk(data, text, path)
    tree = walk.run() if built is None else walk.adopt(built.tree, built.marks)
    problems = walk.problems
    if walk.complete:
        problems += _check_tree(tree, walk)
    problems.sort(key=lambda p: (p.line, p.col))
    problems = cap_problems(problems, path, walk.unlisted, walk.unlisted_at)
    if any(p.severity == "error" for p in problems):
        return None, problems
    _drop_repeated_references(tree)
    dates: dict[str, PartialDate] = {}
    try:
        brief = msgspec.convert(tree, Brief, strict=False, dec_hook=_date_hook(dates))
    except (msgspec.ValidationError, ValueError) as error:  # a rule the walker missed
        return None, [*problems, walk.problem_from_msgspec(str(error))]
    _assign_ids(brief)
    _one_line_fields(brief)
    return brief, problems


def cap_problems(
    problems: list[Problem],
    path: str,
    unlisted: Counter[str] | None = None,
    unlisted_at: Mark | None = None,
) -> list[Problem]:
    """The first MAX_PROBLEMS errors and the first MAX_PROBLEMS warnings of `problems` (sorted
    by position), then one line for each severity that had more, counting the rest by kind at
    the first one left out. `unlisted` counts errors already left out, from `unlisted_at` on."""
    kept: list[Problem] = []
    seen: Counter[str] = Counter()
    left: dict[Severity, Counter[str]] = {"error": Counter(unlisted), "warning": Counter()}
    first_left: dict[Severity, Mark | None] = {"error": unlisted_at, "warning": None}
    for problem in problems:
        seen[problem.severity] += 1
        if seen[problem.severity] <= MAX_PROBLEMS:
            kept.append(problem)
            continue
        left[problem.severity][problem.kind or "other"] += 1
        at = first_left[problem.severity]
        if at is None or (problem.line, problem.col) < at:
            first_left[problem.severity] = (problem.line, problem.col)
    for severity, kinds in left.items():
        at = first_left[severity]
        if not kinds or at is None:
            continue
        words = "errors" if severity == "error" else "warnings"
        by_kind = ", ".join(f"{kind}: {n:,}" for kind, n in kinds.most_common())
        message = (
            f"{kinds.total():,} more {words} from here on ({by_kind}); only the first "
            f"{MAX_PROBLEMS} are listed one by one"
        )
        kept.append(Problem(path, at[0], at[1], message, severity, "summary"))
    return kept


class _Suggestions:
    """Did-you-mean for one file, bounded: worked out once per distinct word, for at most
    MAX_HINTS words, each against at most MAX_CANDIDATES names whose length allows the ratio."""

    def __init__(self) -> None:
        self.budget = MAX_HINTS
        self.memo: dict[tuple[str, int], str | None] = {}
        self.indexes: dict[int, tuple[Iterable[str], dict[int, list[str]]]] = {}

    def closest(self, word: str, names: Iterable[str], cutoff: float = 0.6) -> str | None:
        key = (word, id(names))
        if key in self.memo:
            return self.memo[key]
        if self.budget <= 0:
            return None
        self.budget -= 1
        # difflib's ratio is at most 2·min(a, b)/(a + b): only names in this length band can
        # reach the cutoff. Nearest lengths first.
        size = len(word)
        low, high = (
            math.ceil(size * cutoff / (2 - cutoff)),
            math.floor(size * (2 - cutoff) / cutoff),
        )
        by_length = self._index(names)
        lengths = sorted((n for n in by_length if low <= n <= high), key=lambda n: abs(n - size))
        pool = list(
            itertools.islice(
                itertools.chain.from_iterable(by_length[n] for n in lengths), MAX_CANDIDATES
            )
        )
        close = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
        self.memo[key] = found = close[0] if close else None
        return found

    def _index(self, names: Iterable[str]) -> dict[int, list[str]]:
        entry = self.indexes.get(id(names))
        if entry is None or entry[0] is not names:  # held to keep `id(names)` unique
            by_length: dict[int, list[str]] = {}
            for name in names:
                by_length.setdefault(len(name), []).append(name)
            entry = self.indexes[id(names)] = (names, by_length)
        return entry[1]


class _Stop(Exception):
    """The walk cannot go on (a syntax error, too deep, a second document)."""


_TOO_DEEP = (
    f"nesting deeper than {MAX_DEPTH} levels; a brief needs far fewer, so look for a run of "
    "unclosed brackets or indentation"
)
_REPORTED = object()  # stands for a node already reported (an alias); checks skip it

_SIMPLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


class _MarkedWalk:
    """Builds the document like `_build_plain`, but records each node's mark under its key path,
    reports every refusal as a problem instead of stopping, and sanitises strings as it goes."""

    def __init__(self, data: bytes, text: str, path: str) -> None:
        self.data = data
        self.text = text
        self.path = path
        self.problems: list[Problem] = []
        self.value_marks: dict[KeyPath, Mark] = {}
        self.key_marks: dict[KeyPath, Mark] = {}
        self.empty_keys: set[KeyPath] = set()
        self.complete = False  # True when the whole document was built
        self._starts: list[int] | None = None
        self._unsafe_warned = 0
        self._unsafe_unreported = 0
        self._unsafe_first_unreported: Mark | None = None
        # Errors past the first MAX_PROBLEMS of the walk, which is in file order, can never be
        # among the first MAX_PROBLEMS of the file: they are only counted, never built.
        self._errors = 0
        self.unlisted: Counter[str] = Counter()
        self.unlisted_at: Mark | None = None

    # problems

    def error(self, mark: Mark, message: str, kind: str) -> None:
        self._errors += 1
        if self._errors <= MAX_PROBLEMS:
            self.problems.append(Problem(self.path, mark[0], mark[1], message, "error", kind))
        else:
            self.unlisted[kind] += 1
            self.unlisted_at = self.unlisted_at or mark

    def warning(self, mark: Mark, message: str, kind: str = "unsafe character") -> None:
        self.problems.append(Problem(self.path, mark[0], mark[1], message, "warning", kind))

    def mark_of(self, key_path: KeyPath, *, key: bool = False) -> Mark:
        """Where to report a problem with `key_path`: its key, its value, or the nearest parent."""
        while True:
            marks = (self.key_marks, self.value_marks) if key else (self.value_marks,)
            for table in marks:
                if key_path in table:
                    return table[key_path]
            if not key_path:
                return (1, 1)
            key_path = key_path[:-1]

    def problem_from_msgspec(self, message: str) -> Problem:
        """A msgspec message, `... - at `$.timeline[3].date``, placed at its node."""
        text, _, where = message.partition(" - at `$")
        parts: list[str | int] = []
        for name, index in re.findall(r"\.([^.\[`]+)|\[(\d+)\]", where):
            parts.append(int(index) if index else name)
        line, col = self.mark_of(tuple(parts))
        return Problem(self.path, line, col, sanitize(text))

    # building

    def adopt(self, tree: Any, found: Marks | None) -> Any:
        """Take a tree the fast path built (see `_Built`) with its marks, if it recorded them,
        else found in one more pass."""
        found = found if found is not None else marks(self.data)
        self.value_marks, self.key_marks, self.empty_keys = found.values, found.keys, found.empty
        self.complete = True
        return tree

    def run(self) -> Any:
        """The document (None if empty); `complete` says whether all of it could be built."""
        loader = yaml.CSafeLoader(self.data)
        try:
            loader.get_event()  # stream start
            tree = None
            if loader.get_event().__class__ is not StreamEndEvent:
                tree = self._node(loader, loader.get_event(), (), 1)
                loader.get_event()  # document end
                event = loader.get_event()
                if event.__class__ is DocumentStartEvent:
                    self.error(
                        _mark(event),
                        "a second YAML document (`---`); a brief is one document: remove it "
                        "and what follows, or put it in its own file",
                        "second document",
                    )
        except yaml.YAMLError as error:
            self.problems.append(self._syntax_problem(error))
            return None
        except _Stop:
            return None
        finally:
            if self._unsafe_first_unreported is not None:
                self.warning(
                    self._unsafe_first_unreported,
                    f"{self._unsafe_unreported:,} more unsafe characters replaced from here on "
                    f"(only the first {MAX_UNSAFE_WARNINGS} are listed one by one)",
                )
        self.complete = True  # with a second document, the first can still be checked
        return tree

    def _node(self, loader: yaml.CSafeLoader, event: Any, where: KeyPath | None, depth: int) -> Any:
        """Build one node. `where` is None for nodes outside the brief (keys, skipped values)."""
        mark = _mark(event)
        if where is not None:
            self.value_marks[where] = mark
        cls = event.__class__
        if cls is AliasEvent:
            self.error(
                mark,
                f"alias `*{_quote(event.anchor)}`: aliases are not allowed; "
                "write the value out in full",
                "alias",
            )
            return _REPORTED
        if event.anchor is not None:
            self.error(
                mark,
                f"anchor `&{_quote(event.anchor)}`: anchors are not allowed; "
                "write each value out in full",
                "anchor",
            )
        if event.tag is not None:
            self.error(
                mark,
                f"tag `{_quote(_short_tag(event.tag))}`: explicit tags are not allowed; remove it "
                "(the format decides each value's type)",
                "tag",
            )
        if cls is ScalarEvent:
            return self._scalar(event, mark)
        if depth > MAX_DEPTH:
            self.error(mark, _TOO_DEEP, "nesting")
            raise _Stop
        if cls is SequenceStartEvent:
            items: list[Any] = []
            while (event := loader.get_event()).__class__ is not SequenceEndEvent:
                child = None if where is None else (*where, len(items))
                items.append(self._node(loader, event, child, depth + 1))
            return items
        return self._mapping(loader, where, depth)

    def _mapping(
        self, loader: yaml.CSafeLoader, where: KeyPath | None, depth: int
    ) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        first_seen: dict[str, Mark] = {}
        event: Any  # dispatched on its class, which mypy cannot narrow by identity
        while (event := loader.get_event()).__class__ is not MappingEndEvent:
            key_mark = _mark(event)
            key = self._node(loader, event, None, depth + 1)
            value_event = loader.get_event()
            if key is _REPORTED or not isinstance(key, str) or key == "":
                if not (key is _REPORTED or isinstance(key, (str, type(None)))):
                    self.error(key_mark, "a key must be a plain name, not a list or mapping", "key")
                elif key is not _REPORTED:
                    self.error(key_mark, "empty key; write a name before the `:`", "key")
                self._node(loader, value_event, None, depth + 1)
                continue
            if key == "<<" and event.style == "":
                self.error(
                    key_mark,
                    "merge key `<<`: merge keys are not allowed; write the keys out in full",
                    "merge key",
                )
                self._node(loader, value_event, None, depth + 1)
                continue
            if key in first_seen:
                line = first_seen[key][0]
                self.error(
                    key_mark,
                    f"duplicate key `{_quote(key)}` (first at line {line}); remove one",
                    "duplicate key",
                )
                self._node(loader, value_event, None, depth + 1)
                continue
            first_seen[key] = key_mark
            child = None if where is None else (*where, key)
            if child is not None:
                self.key_marks[child] = key_mark
            value = self._node(loader, value_event, child, depth + 1)
            if value is not None:
                mapping[key] = value
            elif child is not None:  # an empty value is the same as no key, as in the fast path
                self.empty_keys.add(child)
        return mapping

    def _scalar(self, event: ScalarEvent, mark: Mark) -> str | None:
        value: str = event.value
        if not event.style and value in _NULLS:
            return None
        if UNSAFE.search(value) is None:
            return value
        clean, count = UNSAFE.subn(lambda m: placeholder(m.group()), value)
        for offset, char in self._unsafe_in_source(event):
            if self._unsafe_warned == MAX_UNSAFE_WARNINGS:
                break
            self._unsafe_warned += 1
            count -= 1
            self.warning(
                self._position(offset),
                replacement_message(char),
            )
        if count > 0:
            self._unsafe_unreported += count
            self._unsafe_first_unreported = self._unsafe_first_unreported or mark
        return clean

    def _unsafe_in_source(self, event: ScalarEvent) -> Iterator[tuple[int, str]]:
        """Each unsafe character of a scalar with its offset in the file: raw characters where
        they stand, and for double-quoted scalars the escapes (`\\e`, `\\0`, `\\u202e`) too."""
        start, end = event.start_mark.index, event.end_mark.index  # type: ignore[union-attr]
        source = self.text[start:end]
        if event.style != '"':
            for match in UNSAFE.finditer(source):
                yield start + match.start(), match.group()
            return
        i = 0
        while i < len(source):
            char = source[i]
            width = 1
            if char == "\\" and i + 1 < len(source):
                code = source[i + 1]
                width = 2
                if code in _SIMPLE_ESCAPES:
                    char = _SIMPLE_ESCAPES[code]
                elif code in _HEX_ESCAPES:
                    digits = _HEX_ESCAPES[code]
                    try:
                        char = chr(int(source[i + 2 : i + 2 + digits], 16))
                        width += digits
                    except ValueError:
                        pass
            if UNSAFE.match(char):
                yield start + i, char
            i += width

    def _position(self, offset: int) -> Mark:
        return _text_position(self._line_offsets(), offset)

    def _line_offsets(self) -> list[int]:
        if self._starts is None:
            self._starts = _line_starts(self.text)
        return self._starts

    def _syntax_problem(self, error: yaml.YAMLError) -> Problem:
        if isinstance(error, yaml.reader.ReaderError):  # a character YAML forbids; byte offset
            line, col = _byte_position(self.data, error.position)
            char = chr(error.character) if isinstance(error.character, int) else "?"
            return Problem(
                self.path,
                line,
                col,
                f"U+{ord(char):04X} ({char_name(char)}) is not allowed in a YAML file; remove it",
            )
        mark = getattr(error, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = getattr(error, "problem", None) or str(error)
        context = getattr(error, "context", None)
        if "maximum nesting depth" in problem:  # libyaml's own limit, met while scanning ahead
            return Problem(self.path, line, col, _TOO_DEEP)
        if "invalid Unicode character escape" in problem:
            return Problem(
                self.path,
                line,
                col,
                "this escape is not a character (a lone surrogate such as `\\ud800`, or "
                "beyond U+10FFFF); remove it or write the character itself",
            )
        message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
        found = ""  # the character at the mark
        if mark is not None and mark.line < len(starts := self._line_offsets()):
            index = starts[mark.line] + mark.column
            found = self.text[index : index + 1]
        hint = _syntax_hint(problem, context or "", getattr(error, "context_mark", None), found)
        return Problem(self.path, line, col, sanitize(message + (f"; {hint}" if hint else "")))


# How to fix the syntax errors authors meet most, by libyaml's context (what was open) or
# problem; a hint that names a place gets the opening mark's `line:col`.
_OPENED = {
    "while parsing a flow sequence": "the [ at {at} is not closed: end the list with ]",
    "while parsing a flow mapping": "the {{ at {at} is not closed: end it with }}",
    "while scanning a quoted scalar": "the quote at {at} is not closed: end the text with it",
    "while parsing a block mapping": "line this key up with the keys of the mapping at {at}",
}
_PROBLEMS = {
    "mapping values are not allowed": (
        "a value that holds ': ' must be in quotes, and a key must line up with the keys above it"
    ),
    "could not find expected ':'": "a key needs ': ' after it; quote a line that is text",
}


def _syntax_hint(problem: str, context: str, opened: Any, found: str) -> str | None:
    """How to fix a YAML syntax error, when it is one of the common ones. `found`: the
    character where libyaml stopped."""
    hint = _OPENED.get(context)
    if hint is not None and opened is not None:
        return hint.format(at=f"{opened.line + 1}:{opened.column + 1}")
    if problem.startswith("found character that cannot start any token") and found == "\t":
        return "YAML cannot indent with tabs; use spaces"
    return next((h for start, h in _PROBLEMS.items() if problem.startswith(start)), None)


def _short_tag(tag: str) -> str:
    """`tag:yaml.org,2002:int` as the author wrote it: `!!int`."""
    return "!!" + tag[18:] if tag.startswith("tag:yaml.org,2002:") else tag


def _mark(event: Any) -> Mark:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _quote(text: str, limit: int = 60) -> str:
    """User text inside a message: sanitised and shortened."""
    text = sanitize(text).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- the schema, field by field ---------------------------------------------------------------


def _check_tree(tree: Any, walk: _MarkedWalk) -> list[Problem]:
    """Every schema and semantic problem of the built document, each at its mark."""
    problems: list[Problem] = []
    if tree is None:
        return [Problem(walk.path, 1, 1, "the file is empty; a brief starts with `format: 1`")]
    if isinstance(tree, dict) and "format" in tree and tree["format"] != str(FORMAT_VERSION):
        # Another format's keys mean something else: report only this.
        line, col = walk.mark_of(("format",))
        written = _quote(str(tree["format"]))
        return [
            Problem(
                walk.path,
                line,
                col,
                f"`format: {written}` is not supported; this version of brief reads "
                f"format {FORMAT_VERSION} (write `format: {FORMAT_VERSION}`)",
            )
        ]
    hints = _Suggestions()
    _SchemaCheck(walk, problems, hints).check(tree, Brief, ())
    dates: dict[str, PartialDate] = {}
    for finding in _semantic_problems(tree, dates, hints):
        line, col = walk.mark_of(finding.where)
        problems.append(
            Problem(walk.path, line, col, finding.message, finding.severity, finding.kind)
        )
    return problems


class _SchemaCheck:
    """Validates plain data against the model's Structs field by field, element by element,
    so that every problem is reported, not just msgspec's first. Leaves are checked by msgspec
    itself, so both paths accept exactly the same values."""

    def __init__(self, walk: _MarkedWalk, problems: list[Problem], hints: _Suggestions) -> None:
        self.walk = walk
        self.problems = problems
        self.hints = hints
        # While True, problems are only counted by kind, into the walk's unlisted ones.
        self.counting = False

    def report(
        self,
        where: KeyPath,
        message: str | Callable[[], str],
        *,
        key: bool = False,
        kind: str = "schema",
    ) -> None:
        if self.counting:
            self.walk.unlisted[kind] += 1
            return
        line, col = self.walk.mark_of(where, key=key)
        text = message if isinstance(message, str) else message()
        self.problems.append(Problem(self.walk.path, line, col, text, "error", kind))

    def check(self, value: Any, tp: Any, where: KeyPath) -> None:
        if value is _REPORTED:
            return
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            base, *metas = typing.get_args(tp)
            if typing.get_origin(base) is list:
                self.check(value, base, where)
                minimum = max(
                    (m.min_length or 0 for m in metas if isinstance(m, msgspec.Meta)), default=0
                )
                if isinstance(value, list) and len(value) < minimum:
                    self.report(where, f"{_label(where)} needs at least {minimum} item")
                return
        elif origin in (Union, types.UnionType):
            options = [t for t in typing.get_args(tp) if t is not type(None)]
            if value is None:
                return
            tp = options[0] if len(options) == 1 else tp
            origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
            self.check_struct(value, tp, where)
        elif origin is list:
            if not isinstance(value, list):
                self.report(where, _not_a_list(where, value), key=value is None)
                return
            (item_type,) = typing.get_args(tp)
            # msgspec (in C) clears the valid items of a long list quickly; only the items it
            # rejects are walked field by field to find every problem in them.
            structs = isinstance(item_type, type) and issubclass(item_type, msgspec.Struct)
            before, counting = len(self.problems), self.counting
            for index, item in enumerate(value):
                # Each item's problems lie within it, and items are in file order: once the
                # items before this one have more than MAX_PROBLEMS errors listed, one of them
                # left out too, none of the rest can be listed or be the first left out, so
                # they are only counted (a 40,000-item type flood took 3 s to explain in full).
                self.counting = self.counting or len(self.problems) - before > MAX_PROBLEMS
                if self.counting and structs:
                    self.count_structs(list(enumerate(value))[index:], item_type, where)
                    break
                if not (structs and _converts(item, item_type)):
                    self.check(item, item_type, (*where, index))
            self.counting = counting
        else:
            self.check_leaf(value, tp, where)

    def check_struct(self, value: Any, struct: type[msgspec.Struct], where: KeyPath) -> None:
        if not isinstance(value, dict):
            what = "the brief" if not where else _label(where)
            self.report(
                where,
                f"{what} must be a mapping of `key: value` lines, not {_kind(value)}",
                key=value is None,
            )
            return
        fields = _struct_fields(struct)
        for key in value:
            if key not in fields:
                message = _unknown_key(key, fields, self.hints)
                self.report((*where, key), message, key=True, kind="unknown key")
        for name, info in fields.items():
            if name in value:
                self.check(value[name], info.type, (*where, name))
            elif info.required and (*where, name) in self.walk.empty_keys:
                self.report((*where, name), f"`{name}` is empty; write a value", key=True)
            elif info.required:
                hint = f" (write `format: {FORMAT_VERSION}`)" if name == "format" else ""
                self.report(where, f"missing required key `{name}`{hint}", kind="missing key")

    def count_structs(
        self, items: list[tuple[int, Any]], struct: type[msgspec.Struct], where: KeyPath
    ) -> None:
        """Count the problems of many items of a list like `check_struct` would, a field at a
        time across them: a field whose values all convert costs one msgspec call, and only
        the values it refuses are checked one by one."""
        fields = _struct_fields(struct)
        required = [name for name, info in fields.items() if info.required]
        columns: dict[str, list[tuple[int, Any]]] = {name: [] for name in fields}
        unlisted = self.walk.unlisted
        for index, item in items:
            if not isinstance(item, dict):
                self.check_struct(item, struct, (*where, index))
                continue
            for key, value in item.items():
                column = columns.get(key)
                if column is None:
                    unlisted["unknown key"] += 1
                else:
                    column.append((index, value))
            for name in required:
                if name not in item:
                    empty = (*where, index, name) in self.walk.empty_keys
                    unlisted["schema" if empty else "missing key"] += 1
        for name, column in columns.items():
            tp = fields[name].type
            if column and not _converts([value for _, value in column], list[tp]):  # type: ignore[valid-type]
                for index, value in column:
                    self.check(value, tp, (*where, index, name))

    def check_leaf(self, value: Any, tp: Any, where: KeyPath) -> None:
        if tp is PartialDate:
            message = _date_problem(value)
            if message:
                self.report(where, message, key=value is None)
            return
        try:
            msgspec.convert(value, tp, strict=False, dec_hook=dec_hook)
        except msgspec.ValidationError as error:
            detail = str(error)
            self.report(
                where,
                lambda: _leaf_message(value, tp, where, detail, self.hints),
                key=value is None,
            )
        # A non-finite number converts; _semantic_problems reports it.


def _converts(value: Any, tp: Any) -> bool:
    try:
        msgspec.convert(value, tp, strict=False, dec_hook=_date_hook(_shared_dates()))
    except (msgspec.ValidationError, ValueError, TypeError):
        return False
    return True


@functools.cache
def _struct_fields(struct: type[msgspec.Struct]) -> dict[str, msgspec.structs.FieldInfo]:
    """A Struct's fields by their name in the file. Cached: `msgspec.structs.fields` evaluates
    the annotations on every call (~0.3 ms), which made explaining a large file take minutes."""
    return {f.encode_name: f for f in msgspec.structs.fields(struct)}


def _label(where: KeyPath) -> str:
    """`title`, or `an item of tags` for list items."""
    if not where:
        return "the brief"
    last = where[-1]
    if isinstance(last, int):
        parent = next((p for p in reversed(where) if isinstance(p, str)), "the list")
        return f"each item of `{parent}`"
    return f"`{last}`"


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"`{_quote(str(value))}`"


def _not_a_list(where: KeyPath, value: Any) -> str:
    if isinstance(value, str):
        return f"{_label(where)} must be a list: write `[{_quote(value)}]`"
    return f"{_label(where)} must be a list, not {_kind(value)}"


def _unknown_key(key: str, fields: dict[str, Any], hints: _Suggestions) -> str:
    close = hints.closest(key, fields)
    hint = f"did you mean `{close}`?" if close else "known keys: " + ", ".join(fields)
    return f"unknown key `{_quote(key)}`; {hint}"


def _date_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"a date must be written YYYY, YYYY-MM or YYYY-MM-DD, not {_kind(value)}"
    try:
        PartialDate.parse(value)
    except ValueError as error:
        if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value.strip()):
            return f"`{_quote(value)}` is not a date: {error}"
        return f"`{_quote(value)}` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
    return None


def _leaf_message(value: Any, tp: Any, where: KeyPath, error: str, hints: _Suggestions) -> str:
    """msgspec's terse message, rewritten for an author."""
    label = _label(where)
    base = tp
    metas: list[msgspec.Meta] = []
    if typing.get_origin(tp) is typing.Annotated:
        base, *extra = typing.get_args(tp)
        metas = [m for m in extra if isinstance(m, msgspec.Meta)]
    if value is None:
        return f"{label} is empty; write a value or remove it"
    if isinstance(value, (dict, list)):
        return f"{label} must be {_type_words(base)}, not {_kind(value)}"
    shown = _quote(str(value))
    if base is bool:
        return f"{label} must be true or false, not `{shown}`"
    if base is float or base is int:
        return f"{label} must be a number, not `{shown}`"
    if typing.get_origin(base) is Literal:
        options = _literal_options(base)
        close = hints.closest(str(value), options)
        hint = f"; did you mean `{close}`?" if close else ""
        return f"{label} must be one of {', '.join(options)}, not `{shown}`{hint}"
    if "length >=" in error:
        return f"{label} must not be empty"
    if "regex" in error:
        description = next((m.description for m in metas if m.description), "the expected form")
        if "slug" in description or "hyphen" in description:
            # Accents dropped, not made hyphens: "Política" suggests `politica`, not `pol-tica`.
            ascii_ = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
            example = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "my-id"
            return (
                f"`{shown}` is not a valid id: use lower-case letters, digits and single "
                f"hyphens, e.g. `{_quote(example)}`"
            )
        return f"{label} must be {description}, not `{shown}`"
    return f"{label}: {error}"


@functools.cache
def _literal_options(literal: Any) -> tuple[str, ...]:
    return tuple(str(o) for o in typing.get_args(literal))


def _type_words(tp: Any) -> str:
    if tp is str:
        return "text"
    if tp is bool:
        return "true or false"
    if tp in (float, int):
        return "a number"
    return "a single value"


# -- references, duplicates, dates ------------------------------------------------------------


def _items(tree: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mappings in a top-level list, with their index; anything else was reported already."""
    value = tree.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _all_items(tree: dict[str, Any]) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """Points, figures and events: the items that share one id namespace."""
    for s, section in _items(tree, "sections"):
        points = section.get("points")
        if isinstance(points, list):
            for p, point in enumerate(points):
                if isinstance(point, dict):
                    yield ("sections", s, "points", p), point
    for f, figure in _items(tree, "figures"):
        yield ("figures", f), figure
    for e, event in _items(tree, "timeline"):
        yield ("timeline", e), event


class _Finding(NamedTuple):
    where: KeyPath
    message: str
    kind: str
    severity: Literal["error", "warning"] = "error"


_REFERENCE_LISTS = ("actors", "sources", "tags")


def _semantic_problems(
    tree: Any, dates: dict[str, PartialDate], hints: _Suggestions | None = None
) -> Iterator[_Finding]:
    """Rules beyond the schema: duplicate ids, references that resolve, `end` after `date`,
    and (a warning) an id named twice in one reference list."""
    if not isinstance(tree, dict):
        return
    hints = hints or _Suggestions()
    known: dict[str, dict[str, KeyPath]] = {}
    for collection in ("actors", "sources", "sections"):
        known[collection] = {}
        yield from _duplicates(
            (((collection, i), item) for i, item in _items(tree, collection)), known[collection]
        )
    yield from _duplicates(_all_items(tree), {})
    for f, figure in _items(tree, "figures"):
        problem = _number_problem(figure.get("value"))
        if problem:
            yield _Finding(("figures", f, "value"), problem, "number")
    for where, item in _all_items(tree):
        for collection in ("actors", "sources"):
            refs = item.get(collection)
            if isinstance(refs, list):
                for j, ref in enumerate(refs):
                    problem = _dangling(ref, collection, known[collection], hints)
                    if problem:
                        yield _Finding((*where, collection, j), problem, "unknown reference")
        problem = _dangling(item.get("section"), "sections", known["sections"], hints)
        if problem:
            yield _Finding((*where, "section"), problem, "unknown reference")
        problem = _end_problem(item, dates)
        if problem:
            yield _Finding((*where, "end"), problem, "end date")
        for collection in _REFERENCE_LISTS:
            yield from _repeats(item.get(collection), (*where, collection))


def _consistent(brief: Brief) -> bool:
    """Would `_semantic_problems` find nothing in the tree `brief` was converted from? The same
    rules, on objects msgspec has typed, answered yes or no: the fast path's check, a quarter of
    the time of walking the tree for findings (0.18 ms against 0.71 ms a file of 100 events)."""
    actors = {a.id for a in brief.actors}
    sources = {s.id for s in brief.sources}
    sections = {s.id for s in brief.sections}
    if (
        len(actors) != len(brief.actors)
        or len(sources) != len(brief.sources)
        or len(sections) != len(brief.sections)
    ):
        return False
    items: list[Point | Figure | Event] = [
        *(p for s in brief.sections for p in s.points),
        *brief.figures,
        *brief.timeline,
    ]
    ids = [item.id for item in items if item.id is not None]
    if len(set(ids)) != len(ids):
        return False
    if not all(math.isfinite(figure.value) for figure in brief.figures):
        return False
    for item in items:
        named, cited, tags = item.actors, item.sources, item.tags
        if named and (len(set(named)) != len(named) or not actors.issuperset(named)):
            return False
        if cited and (len(set(cited)) != len(cited) or not sources.issuperset(cited)):
            return False
        if len(set(tags)) != len(tags):
            return False
        section = getattr(item, "section", None)  # points have none
        if section is not None and section not in sections:
            return False
        end = getattr(item, "end", None)  # figures have none
        if end is not None and (item.date is None or end.end < item.date.start):  # type: ignore[union-attr]
            return False
    return True


def _repeats(refs: Any, where: KeyPath) -> Iterator[_Finding]:
    """One warning per id named more than once in a reference list, at its first repeat: each
    repeat would print the referenced item again (5,000 repeats of a 50 KB name cost gigabytes).
    The loader keeps the first of them (`_drop_repeated_references`)."""
    if not isinstance(refs, list) or len(set(map(str, refs))) == len(refs):
        return
    counts = Counter(map(str, refs))
    reported: set[str] = set()
    seen: set[str] = set()
    for j, ref in enumerate(map(str, refs)):
        if ref in seen and ref not in reported:
            reported.add(ref)
            times = counts[ref]
            yield _Finding(
                (*where, j),
                f"`{_quote(ref)}` is named {times:,} times in `{where[-1]}`; "
                "only the first is kept (remove the others)",
                "repeated reference",
                "warning",
            )
        seen.add(ref)


def _drop_repeated_references(tree: Any) -> None:
    """Keep the first of each id in every reference list (see `_repeats`)."""
    if not isinstance(tree, dict):
        return
    for _, item in _all_items(tree):
        for collection in _REFERENCE_LISTS:
            refs = item.get(collection)
            if isinstance(refs, list) and len(set(map(str, refs))) != len(refs):
                item[collection] = list(dict.fromkeys(refs))


def _duplicates(
    items: Iterator[tuple[KeyPath, dict[str, Any]]], first: dict[str, KeyPath]
) -> Iterator[_Finding]:
    """Ids used twice; `first` collects where each id is first used."""
    for where, item in items:
        ident = item.get("id")
        if not isinstance(ident, str):
            continue
        if ident in first:
            yield _Finding(
                (*where, "id"),
                f"duplicate id `{_quote(ident)}`; ids must be unique",
                "duplicate id",
            )
        else:
            first[ident] = where


_SINGULAR = {"actors": "actor", "sources": "source", "sections": "section"}


def _dangling(
    ref: Any, collection: str, ids: dict[str, KeyPath], hints: _Suggestions
) -> str | None:
    if not isinstance(ref, str) or ref in ids:
        return None
    close = hints.closest(ref, ids)
    hint = f"did you mean `{close}`?" if close else f"add it to `{collection}` or fix the id"
    return f"unknown {_SINGULAR[collection]} `{_quote(ref)}`; {hint}"


def _number_problem(text: Any) -> str | None:
    """msgspec reads `nan` and `inf` as numbers; a figure needs a real one."""
    try:
        number = msgspec.convert(text, float, strict=False)
    except msgspec.ValidationError:
        return None  # reported by the schema check
    return None if math.isfinite(number) else f"`value` must be a finite number, not `{text}`"


def _end_problem(item: dict[str, Any], dates: dict[str, PartialDate]) -> str | None:
    end_text = item.get("end")
    if not isinstance(end_text, str):
        return None
    start_text = item.get("date")
    if start_text is None:
        return "`end` needs a `date` to start from"
    start, end = _cached_date(start_text, dates), _cached_date(end_text, dates)
    if start is None or end is None or end.end >= start.start:
        return None
    return f"`end` {end} falls before `date` {start}; swap them or fix one"


def _cached_date(text: Any, cache: dict[str, PartialDate]) -> PartialDate | None:
    if not isinstance(text, str):
        return None
    date = cache.get(text)
    if date is None:
        try:
            date = cache[text] = PartialDate.parse(text)
        except ValueError:
            return None  # reported by the schema check
    return date


# -- fields shown on one line -------------------------------------------------------------------


# Titles, names and labels are drawn on one line: in table rows, lists, tabs and headings. A
# YAML block (`title: >` or `|`) gives them line breaks and a final newline, which broke those
# lines (a TUI timeline row drew over the next). Such a field is reflowed onto one line
# (`brief.text.flat`); prose (summaries, texts) keeps its paragraphs.
@typing.overload
def _one_line(value: str) -> str: ...
@typing.overload
def _one_line(value: None) -> None: ...
def _one_line(value: str | None) -> str | None:
    if value is None or "\n" not in value:
        return value
    return flat(value) or value  # all white space: left for the field's own check


def _one_line_fields(brief: Brief) -> None:
    """Put every one-line field of the brief on one line (see above)."""
    brief.title, brief.subtitle = _one_line(brief.title), _one_line(brief.subtitle)
    for section in brief.sections:
        section.title = _one_line(section.title)
    for event in brief.timeline:
        event.title = _one_line(event.title)
    for figure in brief.figures:
        figure.label = _one_line(figure.label)
        figure.unit, figure.change = _one_line(figure.unit), _one_line(figure.change)
        figure.period, figure.note = _one_line(figure.period), _one_line(figure.note)
    for actor in brief.actors:
        actor.name = _one_line(actor.name)
        actor.role, actor.country = _one_line(actor.role), _one_line(actor.country)
        actor.aliases = [_one_line(alias) for alias in actor.aliases]
    for source in brief.sources:
        source.title = _one_line(source.title)
        source.author, source.publisher = _one_line(source.author), _one_line(source.publisher)
        source.note = _one_line(source.note)


# -- ids for items written without one --------------------------------------------------------


def _assign_ids(brief: Brief) -> None:
    """`<section>-p<n>`, `e<n>`, `f<n>` by position in the file, so every item can be addressed.

    Explicit ids win: a generated id that one of them already uses gets a suffix (`e3-2`).
    """
    items: list[Point | Figure | Event] = [
        *(p for _, p in brief.points()),
        *brief.figures,
        *brief.timeline,
    ]
    used = {item.id for item in items if item.id}

    def fresh(base: str) -> str:
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        return candidate

    for section in brief.sections:
        for n, point in enumerate(section.points, 1):
            if point.id is None:
                point.id = fresh(default_id("point", n, section.id))
    for n, figure in enumerate(brief.figures, 1):
        if figure.id is None:
            figure.id = fresh(default_id("figure", n))
    for n, event in enumerate(brief.timeline, 1):
        if event.id is None:
            event.id = fresh(default_id("event", n))
