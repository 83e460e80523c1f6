"""The index's tables and encodings, which the row builder, the planner and the highlighter
agree on: the SQL schema, the tokenizers, the facet tokens and the rowid (timeline key) layout."""

from __future__ import annotations

from brief.query import WORD, fold

SCHEMA_VERSION = 9  # bump when the tables or the facet encoding change (cached indexes)
# Words match every form that stems alike (visa, visas); `exact` keeps the forms as written.
EXACT_TOKENIZER = "unicode61 remove_diacritics 2"
TOKENIZER = f"porter {EXACT_TOKENIZER}"
# Joins a facet's field and value words into one token, and ends it; a `q` in a value is written
# `qq`, so every encoding is distinct. ASCII letters: FTS5 tokenizes ASCII faster (see the
# package docstring). No Porter rule ends in `x`, so the stemmer leaves every facet token as it is.
SEP = "qx"
NOTHING = f"{SEP}nothing"  # a token no row has: a filter whose names matched nothing
PREC = {"year": 0, "month": 1, "day": 2}
# The rowid: the day key (first day * 4 + precision) << SEQ_BITS | the item's number among
# the items with that day key. Day ordinals of years 1-9999 take 22 bits, the key 24. FTS5
# stores rowids as deltas, so the fewer bits below the key, the smaller the index.
SEQ_BITS = 24  # 16M items sharing one day key (undated items share one)
UNDATED_DAY = (1 << 24) - 1  # the day key of undated items: after every dated one

SCHEMA = f"""
CREATE TABLE briefs(
    bno INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    digest TEXT           -- the content hash the cache knows the brief by, if any
);
CREATE TABLE items(
    rowid INTEGER PRIMARY KEY,  -- the timeline key (see the module docstring)
    bno INTEGER NOT NULL, kind INTEGER NOT NULL,  -- kind: index into KINDS
    sec INTEGER NOT NULL, pos INTEGER NOT NULL,   -- where the item is in its brief
    lo INTEGER, hi INTEGER,   -- day ordinals of its first and last day; NULL when undated
    approx INTEGER NOT NULL, expected INTEGER NOT NULL,
    sno INTEGER NOT NULL      -- its row of `shown`
);
-- What a result shows, so results need no Brief, and the text each row was indexed with, which
-- deleting it from the contentless `fts` takes. Lists are space-separated ids. Numbered in the
-- order the items were added, not by their timeline keys: a build appends to its B-tree.
CREATE TABLE shown(
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    title TEXT NOT NULL, body TEXT NOT NULL, meta TEXT NOT NULL, facets TEXT NOT NULL,
    section TEXT, date TEXT, "end" TEXT, actors TEXT NOT NULL, tags TEXT NOT NULL
);
-- Each brief's actor names and section titles by id (kind: 'actor' or 'section').
CREATE TABLE labels(bno INTEGER, kind TEXT, id TEXT, name TEXT, PRIMARY KEY(bno, kind, id));
CREATE VIRTUAL TABLE fts USING fts5(title, body, meta, facets, content='', tokenize='{TOKENIZER}');
-- The same words unstemmed, for quoted words and to rank exact forms above other forms of a stem.
-- No positions (detail=none: they would double its build time and size), so a quoted phrase's
-- word order is checked in `fts`, its forms here; no sizes (columnsize=0): it is never ranked.
CREATE VIRTUAL TABLE exact USING fts5(
    title, body, meta, content='', detail=none, columnsize=0, tokenize='{EXACT_TOKENIZER}');
-- Folded names for actor: and section: ("ishaq dar", "dar", "ishaq dar" from ishaq-dar -> id).
CREATE TABLE names(
    field TEXT, form TEXT, id TEXT, PRIMARY KEY(field, form, id)
) WITHOUT ROWID;
CREATE TABLE info(key TEXT PRIMARY KEY, value);
INSERT INTO info VALUES ('max_span', 0);
PRAGMA user_version = {SCHEMA_VERSION};
"""
# Built after the bulk insert, which is faster than keeping it up to date row by row. It lists a
# brief's items of a kind in rowid (timeline) order: a brief's timeline is one range of it.
INDEXES = ("CREATE INDEX IF NOT EXISTS items_brief ON items(bno, kind)",)


def facet_token(name: str, value: str) -> str:
    """`tag`, `Visa-Free` -> `tagqxvisaqxfreeqx`: one case- and accent-folded token per value."""
    return name + SEP + "".join(w.replace("q", "qq") + SEP for w in WORD.findall(fold(value)))
