"""Where a result's text matched: the query's words found again in titles and bodies, folded and
stemmed as the index's tokenizer does it, and snippets cut around the first match."""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Iterable

from brief.query import WORD, Query, Text, fold
from brief.search.results import Span
from brief.search.schema import TOKENIZER

SNIPPET_TOKENS = 24


class Stems(dict[str, str]):
    """Folded word -> its stem, by the index's own tokenizer, so that highlights mark exactly
    the forms a search matched ("visas" for `visa`). New words are stemmed in one batch, by
    FTS5 itself in a scratch table (no second stemmer to disagree with it)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__()
        self.conn = conn

    def learn(self, words: Iterable[str]) -> None:
        new = list({w for w in words if w not in self})
        if not new:
            return
        if len(self) > 100_000:
            self.clear()
        conn = self.conn
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemmer USING fts5("
                     f"word, content='', tokenize='{TOKENIZER}')")  # fmt: skip
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.stems USING fts5vocab(temp, stemmer, instance)"
        )
        # In one transaction: FTS5 writes out what it holds at each commit, and a commit for
        # each word makes this ten times as slow (40 ms for 2,500 words, not 4).
        begun = not conn.in_transaction
        if begun:
            conn.execute("BEGIN")
        try:
            conn.executemany("INSERT INTO temp.stemmer(rowid, word) VALUES (?, ?)", enumerate(new))
        except BaseException:
            if begun:
                conn.execute("ROLLBACK")
            raise
        if begun:
            conn.execute("COMMIT")
        for doc, term in conn.execute("SELECT doc, term FROM temp.stems WHERE offset = 0"):
            self[new[doc]] = term
        conn.execute("INSERT INTO temp.stemmer(stemmer) VALUES ('delete-all')")
        for word in new:
            self.setdefault(word, word)  # not a word to the tokenizer: itself


class Highlighter:
    """Finds the query's words and phrases in result text, folded and stemmed as the tokenizer
    does it: `visa` marks "Visas", and a quoted `"visa"` only "visa".

    FTS5 decides what matches; this only marks where, so every client can draw it."""

    def __init__(self, query: Query, stems: Stems) -> None:
        # (folded words, or their stems unless quoted; the last one is a prefix; quoted)
        self.terms: list[tuple[list[str], bool, bool]] = []
        for clause in query.clauses:
            for atom in clause.atoms:
                if isinstance(atom, Text) and not atom.negated:
                    words = [fold(t) for t in WORD.findall(atom.text)]
                    if words:
                        self.terms.append((words, atom.prefix, atom.exact))
        stems.learn(w for words, _, exact in self.terms if not exact for w in words)
        self.terms = [(words if exact else [stems[w] for w in words], prefix, exact)
                      for words, prefix, exact in self.terms]  # fmt: skip
        self.stems = stems
        self.stemmed = not all(exact for _, _, exact in self.terms)

    def prepare(self, texts: Iterable[str]) -> None:
        """Stem the words of the texts about to be marked, in one batch: a page of results then
        costs one round of SQL, not one for each text with a new word (with `learn`'s one
        transaction, a page of 100 results took 20 ms, now 12.5)."""
        if self.terms and self.stemmed:
            self.stems.learn(fold(word) for text in texts for word in WORD.findall(text))

    def spans(self, text: str) -> tuple[Span, ...]:
        if not self.terms or not text:
            return ()
        tokens = [(m.start(), m.end(), fold(m.group())) for m in WORD.finditer(text)]
        folded = [t[2] for t in tokens]
        stemmed = folded
        if self.stemmed:
            stems = self.stems
            stems.learn(folded)
            stemmed = [stems[w] for w in folded]
        found = []
        for words, prefix, exact in self.terms:
            forms = folded if exact else stemmed
            n = len(words)
            for i in range(len(tokens) - n + 1):
                last = forms[i + n - 1]
                if all(forms[i + k] == words[k] for k in range(n - 1)) and (
                    last.startswith(words[-1]) if prefix else last == words[-1]
                ):
                    found.append((tokens[i][0], tokens[i + n - 1][1]))
        return _merge(found)

    def snippet(self, text: str) -> tuple[str, tuple[Span, ...]]:
        """Up to SNIPPET_TOKENS words of `text` around its first match, with `…` where cut."""
        starts = [m.start() for m in WORD.finditer(text)]
        spans = self.spans(text)
        if len(starts) <= SNIPPET_TOKENS:
            return text, spans
        first = bisect.bisect_right(starts, spans[0][0]) - 1 if spans else 0
        first = min(max(0, first - SNIPPET_TOKENS // 4), len(starts) - SNIPPET_TOKENS)
        start = starts[first] if first else 0
        stop = first + SNIPPET_TOKENS
        end = starts[stop] if stop < len(starts) else len(text)
        piece = text[start:end].rstrip()
        lead, tail = ("…" if start else ""), ("…" if stop < len(starts) else "")
        shift = len(lead) - start
        kept = [(a + shift, min(b, start + len(piece)) + shift) for a, b in spans
                if a >= start and a < start + len(piece)]  # fmt: skip
        return lead + piece + tail, tuple(kept)


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
