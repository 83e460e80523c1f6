"""The loader's fast path against its slow one, on generated briefs.

The fast path reads events made by quick classes of its own (`brief.load._quick_events`) and
checks the rules beyond the schema on the typed Brief (`_consistent`); the explaining path reads
PyYAML's events and walks the plain tree for findings (`_semantic_problems`). They must agree on
every brief: the same tree, the same yes-or-no, the same verdict.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import msgspec
import pytest
import yaml
from hypothesis import HealthCheck, given, note, reject, settings
from hypothesis import strategies as st

from brief import load
from brief.load import check_bytes
from brief.model import Brief, dec_hook, enc_hook, to_builtins

SETTINGS = settings(
    max_examples=200,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
)

# Few names, so that duplicates, repeats and dangling references are common.
SLUGS = st.sampled_from(["a", "b", "c-d", "e"])
DATES = st.sampled_from(["2023", "2023-12", "2024-02", "2024-02-29", "2024-03-01", "2025"])
REFS = st.lists(SLUGS, max_size=3)


def _item(required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[Any]:
    shared = {"id": SLUGS, "actors": REFS, "sources": REFS, "tags": REFS}
    return st.fixed_dictionaries(required, optional={**shared, **optional})


POINTS = _item({"text": st.just("P")}, {"date": DATES, "end": DATES})
EVENTS = _item({"title": st.just("E"), "date": DATES}, {"end": DATES, "section": SLUGS})
FIGURES = _item(
    {"label": st.just("F"), "value": st.sampled_from(["1", "-2.5", "nan", "inf", "-inf", "1e999"])},
    {"section": SLUGS},
)
BRIEFS = st.fixed_dictionaries(
    {
        "format": st.just("1"),
        "id": st.just("b"),
        "title": st.just("T"),
        "as_of": DATES,
        "sources": st.lists(
            st.fixed_dictionaries({"id": SLUGS, "title": st.just("S")}), min_size=1
        ),
    },
    optional={
        "actors": st.lists(st.fixed_dictionaries({"id": SLUGS, "name": st.just("A")}), max_size=4),
        "sections": st.lists(
            st.fixed_dictionaries(
                {"id": SLUGS, "title": st.just("S")}, optional={"points": st.lists(POINTS)}
            ),
            max_size=3,
        ),
        "figures": st.lists(FIGURES, max_size=3),
        "timeline": st.lists(EVENTS, max_size=5),
    },
)


ORDERED_DATES = ["2023", "2023-12", "2024", "2024-02", "2024-02-29", "2024-03-01", "2025"]
DEFECTS = [
    "duplicate collection id",
    "duplicate item id",
    "unknown reference",
    "unknown section",
    "repeated reference",
    "end before date",
    "end without date",
    "non-finite value",
]


@st.composite
def one_defect(draw: st.DrawFn) -> tuple[dict[str, Any], str | None]:
    """A brief that breaks no rule beyond the schema, or exactly one (named): what tells a check
    that misses one rule from one that is right, where `BRIEFS` mostly breaks several."""
    names = {key: draw(st.lists(SLUGS, unique=True, max_size=4)) for key in ("actors", "sections")}
    names["sources"] = draw(st.lists(SLUGS, unique=True, min_size=1))
    names["tags"] = ["x", "y", "z"]
    fresh = iter(f"i{n}" for n in range(1000))

    def item(**fields: Any) -> dict[str, Any]:
        if draw(st.booleans()):
            fields["id"] = next(fresh)
        for key in ("actors", "sources", "tags"):
            if not names[key]:
                continue
            refs = draw(st.lists(st.sampled_from(names[key]), unique=True, max_size=3))
            if refs:
                fields[key] = refs
        return fields

    def dated(fields: dict[str, Any], *, required: bool = False) -> dict[str, Any]:
        if required or draw(st.booleans()):
            start = draw(st.integers(0, len(ORDERED_DATES) - 1))
            fields["date"] = ORDERED_DATES[start]
            if draw(st.booleans()):  # dates in order of their start: any later one ends after
                fields["end"] = ORDERED_DATES[draw(st.integers(start, len(ORDERED_DATES) - 1))]
        return fields

    def section() -> dict[str, Any]:
        return {"section": draw(st.sampled_from(names["sections"]))} if names["sections"] else {}

    def some(make: Any, most: int) -> list[dict[str, Any]]:
        return [make() for _ in range(draw(st.integers(0, most)))]

    tree: dict[str, Any] = {
        "format": "1",
        "id": "b",
        "title": "T",
        "as_of": "2025",
        "sources": [{"id": name, "title": "S"} for name in names["sources"]],
        "actors": [{"id": name, "name": "A"} for name in names["actors"]],
        "sections": [
            {"id": name, "title": "S", "points": some(lambda: dated(item(text="P")), 3)}
            for name in names["sections"]
        ],
        "figures": some(lambda: item(label="F", value="2.5", **section()), 3),
        "timeline": some(lambda: dated(item(title="E", **section()), required=True), 4),
    }
    points = [p for s in tree["sections"] for p in s["points"]]
    items = [*points, *tree["figures"], *tree["timeline"]]
    defect = draw(st.sampled_from([None, *DEFECTS]))
    if defect == "duplicate collection id":
        # sources are never empty
        collection = draw(
            st.sampled_from([c for c in ("sources", "actors", "sections") if tree[c]])
        )
        tree[collection].append(
            {**tree[collection][0], "points": []}
            if collection == "sections"
            else tree[collection][0]
        )
    elif defect == "duplicate item id":
        if len(items) < 2:
            return tree, None
        items[0]["id"] = items[-1]["id"] = "twice"
    elif defect == "unknown reference":
        if not items:
            return tree, None
        key = draw(st.sampled_from(["actors", "sources"]))
        draw(st.sampled_from(items)).setdefault(key, []).append("nobody")
    elif defect == "unknown section":
        if not tree["figures"] and not tree["timeline"]:
            return tree, None
        draw(st.sampled_from([*tree["figures"], *tree["timeline"]]))["section"] = "nowhere"
    elif defect == "repeated reference":
        with_refs = [(i, k) for i in items for k in ("actors", "sources", "tags") if k in i]
        if not with_refs:
            return tree, None
        target, key = draw(st.sampled_from(with_refs))
        target[key].append(target[key][0])
    elif defect == "end before date":
        dated_items = [*points, *tree["timeline"]]
        if not dated_items:
            return tree, None
        draw(st.sampled_from(dated_items)).update(date="2025", end="2023-12")
    elif defect == "end without date":
        if not points:
            return tree, None
        target = draw(st.sampled_from(points))
        target.pop("date", None)
        target["end"] = "2024"
    elif defect == "non-finite value":
        if not tree["figures"]:
            return tree, None
        draw(st.sampled_from(tree["figures"]))["value"] = draw(st.sampled_from(["nan", "-inf"]))
    return tree, defect


@SETTINGS
@given(one_defect())
def test_consistent_misses_no_rule(case: tuple[dict[str, Any], str | None]) -> None:
    """Each rule alone: `_consistent` says no exactly when the brief breaks one."""
    tree, defect = case
    brief = msgspec.convert(tree, Brief, strict=False, dec_hook=dec_hook)
    findings = list(load._semantic_problems(tree, {}))
    note(repr(findings))
    assert bool(findings) == (defect is not None)  # the generator does what it says
    assert load._consistent(brief) == (defect is None)


@SETTINGS
@given(BRIEFS)
def test_consistent_is_no_semantic_finding(tree: dict[str, Any]) -> None:
    """`_consistent` on the typed Brief says yes exactly when the tree's walk finds nothing."""
    try:
        brief = msgspec.convert(tree, Brief, strict=False, dec_hook=dec_hook)
    except msgspec.ValidationError:  # out of range: the fast path explains it before this check
        reject()
    findings = list(load._semantic_problems(tree, {}))
    note(repr(findings))
    assert load._consistent(brief) == (not findings)


@SETTINGS
@given(BRIEFS, st.booleans())
def test_fast_verdict_is_the_explained_one(tree: dict[str, Any], flow: bool) -> None:
    """A generated brief's verdict is the one the explaining path alone gives it."""
    text = yaml.safe_dump(tree, default_flow_style=flow)
    brief, problems = check_bytes(text.encode(), "t.yaml")
    explained, explained_problems = load._explain(text.encode(), text, "t.yaml")
    assert problems == explained_problems
    assert to_builtins(brief) == to_builtins(explained)


@SETTINGS
@given(BRIEFS, st.booleans())
def test_quick_events_build_the_same_tree(tree: dict[str, Any], flow: bool) -> None:
    """The quick event classes build what PyYAML's own do, with the same marks."""
    data = yaml.safe_dump(tree, default_flow_style=flow).encode()
    quick, plain = load.Marks({}, {}, set()), load.Marks({}, {}, set())
    built = load._build_plain(yaml.CSafeLoader(data), quick)
    assert built == tree
    pyyaml = load._PYYAML_EVENTS
    assert load._build_plain_events(yaml.CSafeLoader(data), plain, pyyaml) == built
    assert quick == plain


def test_quick_events_take_on_this_pyyaml() -> None:
    """Else every load would silently pay PyYAML's slower events: a PyYAML upgrade that makes
    its events another way must be noticed here."""
    assert load._QUICK_TAKES
    with load._quick_events() as events:
        assert events is load._QUICK_EVENTS


@pytest.mark.parametrize("text", ["a: [1, {b: c}]\n", "a: &x 1\nb: *x\n", "a: [\n"])
def test_pyyaml_keeps_its_own_events_outside_a_load(text: str) -> None:
    """Between loads, and after one that stopped (an anchor, a syntax error), PyYAML's parser and
    emitter meet PyYAML's event classes: its C emitter tells events apart by those classes."""
    check_bytes(text.encode())
    events = list(yaml.parse(text, Loader=yaml.CSafeLoader)) if "[\n" not in text else []
    assert all(type(event).__module__ == "yaml.events" for event in events)
    assert yaml.dump({"a": [1, {"b": "c"}]}, Dumper=yaml.CSafeDumper) == "a:\n- 1\n- b: c\n"


# Ids good and bad, in every place the model wants one (`Slug`).
ANY_SLUGS = st.sampled_from(["a", "b-c", "Not A Slug", "a--b", "-a", "a-", "a\n", "", "Ä", "1"])


def _with_slugs(draw: st.DrawFn, tree: Any) -> Any:
    """The tree with each id and reference (every value a `Slug` field holds) drawn anew."""
    if isinstance(tree, list):
        return [_with_slugs(draw, item) for item in tree]
    if not isinstance(tree, dict):
        return tree
    out = {}
    for key, value in tree.items():
        if key in ("id", "section"):
            out[key] = draw(ANY_SLUGS)
        elif key in ("actors", "sources", "tags") and value and isinstance(value[0], str):
            out[key] = [draw(ANY_SLUGS) for _ in value]
        else:
            out[key] = _with_slugs(draw, value)
    return out


@st.composite
def briefs_with_any_slugs(draw: st.DrawFn) -> Any:
    return _with_slugs(draw, draw(BRIEFS))


def _convert(tree: Any, tp: Any) -> Any:
    try:
        return msgspec.convert(tree, tp, strict=False, dec_hook=dec_hook)
    except msgspec.ValidationError:
        return None


def _types(obj: Any) -> list[type]:
    """The class of every Struct in a brief."""
    if isinstance(obj, list):
        return [t for item in obj for t in _types(item)]
    if not isinstance(obj, msgspec.Struct):
        return []
    return [type(obj), *(t for f in obj.__struct_fields__ for t in _types(getattr(obj, f)))]


@SETTINGS
@given(briefs_with_any_slugs())
def test_unchecked_copies_and_slug_check_are_the_model(tree: dict[str, Any]) -> None:
    """Converting to the unchecked copies, then checking the ids gathered, accepts exactly
    what converting to the model does, and gives the same objects, of the model's classes."""
    model = _convert(tree, Brief)
    copy = _convert(tree, load._unchecked_brief())
    accepted = copy is not None and load._all_slugs(load._as_models([copy], []))
    assert accepted == (model is not None)
    if accepted:
        encode = msgspec.msgpack.Encoder(enc_hook=enc_hook).encode  # nan != nan
        assert encode(copy) == encode(model)
        assert _types(copy) == _types(model)


def test_unchecked_copies_are_in_use_and_match_the_model() -> None:
    """Each copy has its model Struct's fields, in order, with their defaults; on this msgspec
    its objects can become the model's (else the fast path would silently check ids slowly)."""
    assert load._unchecked_brief() is not None
    for copy, info in load._COPIES.items():
        fields = msgspec.structs.fields(copy)
        model_fields = msgspec.structs.fields(info.model)
        assert [f.name for f in fields] == [f.name for f in model_fields]
        assert [(f.default, f.default_factory) for f in fields] == [
            (f.default, f.default_factory) for f in model_fields
        ]
        config, copied = info.model.__struct_config__, copy.__struct_config__
        names = [name for name in dir(config) if not name.startswith("_")]
        assert [getattr(config, n) for n in names] == [getattr(copied, n) for n in names]
