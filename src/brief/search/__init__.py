"""The search engine: an in-memory SQLite FTS5 index over every searchable item of many briefs.

Items are timeline events, section points, figures, actors and sources. Each is one row of
`items` (kind, position, dates, flags: what filters and ordering need) and one document of the
contentless FTS5 table `fts`. What a result shows (its text, id, section, dates, actors and
tags) is one row of `shown`, and the briefs' actor names and section titles are in `labels`:
results, highlights and snippets are built from the index alone, with no Brief decoded.

**Rowids are timeline order.** An item's rowid is its timeline key: its first day and date
precision in the high bits, then its number among the items with that key (a brief's items of
one date are numbered in title order; undated items come last). So "in timeline order" is
rowid order, which both tables yield without sorting: a time-ordered page stops after `limit`
rows, and a date range is a rowid range, which FTS5 seeks to directly.

FTS5 columns:
- `title`, `body`: what a result shows; BM25 weighs the title above the body.
- `meta`: the names of the item's actors and the words of its tags, so `dar` also finds what
  Ishaq Dar did where the text says "the foreign minister". Weighed low.
- `facets`: one token per tag, source, section and actor id of the item: `tagqxvisasqx`,
  `actorqxishaqqxdarqx` (`qx` joins and ends the words, and a `q` of a value is written `qq`,
  so a value stays one token and no two values share one; plain ASCII letters, which FTS5
  tokenizes on its fast path: `ǂ` did the same job at a tenth more build time). Field filters
  are phrases on this column: exact, and as fast as a word. It has no weight in the ranking.

`fts` stems its words (Porter: `visa` finds "visas"); the final `qx` keeps facet tokens whole,
as no Porter rule strips an `x`. The table `exact` holds `title`, `body` and `meta` again,
unstemmed and without positions: a quoted word must be there as written, and a match with the
query's words as written ranks above one with other forms of them.

`actor:` and `section:` accept names too: the `names` table first maps each folded id, name, alias
and name word to ids. A query is then one SQL statement: one FTS5 MATCH expression (every term
quoted: raw text in MATCH raises), plus kind, flag and date-overlap conditions on `items`.

The package, by job: `results` (what a search returns), `schema` (the tables and the encodings
every other module agrees on), `rows` (briefs into rows), `plan` (a query into SQL), `highlight`
(where a result's text matched) and `index` (`SearchIndex`: building, persistence, searching).
"""

from brief.search.index import SearchIndex
from brief.search.plan import Order
from brief.search.results import Result, SearchResults, Span, highlight
from brief.search.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "Order",
    "Result",
    "SearchIndex",
    "SearchResults",
    "Span",
    "highlight",
]
