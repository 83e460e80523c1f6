"""Realistic synthetic briefs for benchmarks: any number of briefs and events, deterministic.

    python -m benchmarks.generate DIR --briefs 1000 --events 100   # ≈ 40 MB, the search library
    python -m benchmarks.generate DIR --briefs 1 --events 100000   # one huge timeline, for the TUI

Each brief looks like a real one: sources, actors of every kind, five or six sections of points,
figures and a timeline whose dates mix year, month and day precision, with periods, approximate
and expected events, tags and references that all resolve. A library of 1,000 briefs × 100
events is about 40 MB (an event is about 310 bytes of YAML, a brief's other parts about 10 kB).
The YAML is written by hand (not `yaml.dump`) so that it looks like what authors write and so
that 100k events generate in seconds.

Text follows Zipf's law over a few thousand word forms, as real text does: function words are
the most common, then the domain's words and their forms (`WORDS`, plurals, verb forms,
adjectives), then a long tail of rare names. Each brief also has a topic: a few dozen domain
words it uses more than the others. So a query for a domain word matches a realistic fraction
of items (from a few in a thousand to a few in a hundred), not one item in seven as uniformly
drawn words would.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from pathlib import Path


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FUNCTION_WORDS = _split("""
the of and to in on for with by at from as after over its their amid against between into new
under about this that
""")
# The domain's nouns: what benchmark queries look for.
WORDS = _split("""
agreement alliance ambassador analysts annual army assembly attack authority bank barrier
bilateral border budget cabinet campaign capital ceasefire census central chamber charter
coalition commerce commission committee conference congress constitution consulate corridor
council court crisis currency customs debate debt decree defence delegation deal deficit
democracy deployment deputy dialogue diplomat dispute district drought economy election
embassy energy envoy exchange export faction famine federal finance fisheries flood forces
foreign framework frontier funding gas governor grain growth harbour health highway import
industry inflation inquiry investment judiciary labour land law leader legislature loan
maritime market media migration militia minister ministry mission monsoon navy negotiation
network office oil opposition parliament partnership party pipeline police policy port
president pressure prime protest province railway reform refugee region relief report reserve
resolution revenue river road ruling sanctions satellite security senate settlement shipping
statement strike subsidy summit supply talks tariff taxes telecom territory textile trade
transit treaty tribunal troops union visa visit vote wages water welfare workers youth
""")
VERB_STEMS = _split("""
announce approve block call cancel sign delay discuss expand extend launch lift open postpone
propose reach reject renew resume review suspend urge warn welcome host agree criticise endorse
revise restore accuse deny confirm condemn deploy negotiate ratify
""")
ADJECTIVES = _split("""
regional bilateral economic military strategic diplomatic political maritime national federal
provincial public private joint formal informal interim emergency annual historic tense fragile
renewed direct indirect senior junior former acting rival neighbouring coastal northern southern
eastern western landmark disputed contested temporary permanent unilateral multilateral
""")
GIVEN = _split("""
Amina Bilal Chen Dina Emre Farah Gul Hassan Imran Jamal Karim Layla Mahmud Nadia Omar Priya
Qasim Rahel Samir Tahmina Umar Vikram Wen Yasmin Zara Anwar Leila Sadia Tariq Ruhul
""")
FAMILY = _split("""
Ahmed Begum Chowdhury Das Farooqi Ghani Haque Islam Jafri Khan Latif Malik Nawaz Osmani Qureshi
Rahman Siddiqui Talukdar Uddin Wahid Yusuf Zaman Mirza Sheikh Bhuiyan Karim Hossain
""")
PLACES = _split("""
Northland Southmarch Eastvale Westreach Highmoor Lowfen Riverlands Stonecoast Ashgrove Brightwater
Coldharbour Dunmore Elmstead Fairhaven Greystone Hollowmere Ironbridge Juniper Kingsbay Larkfield
""")


def _plural(word: str) -> str:
    if word.endswith("s"):  # talks, sanctions, taxes: plural already
        return word
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "sh", "ch", "x")) else "s")


def _verb_forms(stem: str) -> tuple[str, ...]:
    """(stem, 3rd person, past, -ing): sign, signs, signed, signing."""
    if stem.endswith("e"):
        ing = stem + "ing" if stem.endswith("ee") else stem[:-1] + "ing"
        return stem, stem + "s", stem + "d", ing
    if stem.endswith("y") and stem[-2] not in "aeiou":
        return stem, stem[:-1] + "ies", stem[:-1] + "ied", stem + "ing"
    return stem, stem + "s", stem + "ed", stem + "ing"


VERBS = tuple(_verb_forms(s)[2] for s in VERB_STEMS)


def _tail(count: int) -> tuple[str, ...]:
    """Rare word forms: names of places, projects and bodies that a corpus mentions once in a
    while. Made of syllables, so they look like words and never collide with the others."""
    rng = random.Random("tail")
    onsets = _split("b br ch d dr f g gr h j k kh l m n p r s sh t tr v w z")
    vowels = _split("a e i o u ai ou ei")
    codas = ["", "", "n", "r", "l", "m", "s", "t", "nd", "rk", "sh"]
    seen = {w.lower() for w in (*FUNCTION_WORDS, *WORDS, *ADJECTIVES, *PLACES, *GIVEN, *FAMILY)}
    words: list[str] = []
    while len(words) < count:
        word = "".join(
            rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
            for _ in range(rng.randint(2, 3))
        )
        if word not in seen and 5 <= len(word) <= 11:
            seen.add(word)
            words.append(word.capitalize() if rng.random() < 0.4 else word)
    return tuple(words)


def _vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(every word form by rank, most common first; the domain's forms, for topics)."""
    domain = [*WORDS, *(_plural(w) for w in WORDS), *ADJECTIVES, *PLACES]
    domain += itertools.chain.from_iterable(_verb_forms(s) for s in VERB_STEMS)
    domain = list(dict.fromkeys(domain))
    random.Random("ranks").shuffle(domain)
    return (*FUNCTION_WORDS, *domain, *_tail(2600)), tuple(domain)


VOCABULARY, DOMAIN = _vocabulary()
ZIPF_S = 1.0  # Zipf's exponent: the word of rank r is about 1/r as common as the commonest
_CUMULATIVE = tuple(itertools.accumulate(1 / r**ZIPF_S for r in range(1, len(VOCABULARY) + 1)))
TOPIC_WORDS = 30  # domain words a brief favours…
TOPIC_SHARE = 0.12  # …for this share of its words

KINDS = ("person", "party", "government", "country", "organisation", "agreement", "event", "other")
SECTION_NAMES = (
    "Diplomacy",
    "Defence",
    "Geopolitics",
    "Economy & Culture",
    "Challenges & Prospects",
    "Energy",
    "Society",
)


def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in out.split("-") if part)


class _Writer:
    """Builds one brief's YAML text with a seeded random generator."""

    def __init__(self, rng: random.Random, index: int, events: int) -> None:
        self.rng = rng
        self.index = index
        self.events = events
        self.lines: list[str] = []

    # words

    def words(self, low: int, high: int) -> str:
        rng, topic = self.rng, self.topic
        words = rng.choices(VOCABULARY, cum_weights=_CUMULATIVE, k=rng.randint(low, high))
        for n in range(len(words)):
            if rng.random() < TOPIC_SHARE:
                words[n] = rng.choice(topic)
        return " ".join(words)

    def sentence(self, low: int = 8, high: int = 18) -> str:
        rng = self.rng
        subject = rng.choice(self.actor_names) if self.actor_names else rng.choice(PLACES)
        body = f"{subject} {rng.choice(VERBS)} the {self.words(low - 3, high - 3)}"
        return body[0].upper() + body[1:] + "."

    def title(self, low: int = 3, high: int = 7) -> str:
        text = self.words(low, high)
        return text[0].upper() + text[1:]

    def date(self, year_from: int = 1947, year_to: int = 2026) -> str:
        rng = self.rng
        year = rng.randint(year_from, year_to)
        roll = rng.random()
        if roll < 0.15:
            return f"{year}"
        if roll < 0.45:
            return f"{year}-{rng.randint(1, 12):02d}"
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def block(self, key: str, text: str, indent: str) -> None:
        """A folded block scalar, wrapped at about 90 columns, as authors write long text."""
        self.lines.append(f"{indent}{key}: >-")
        if key.startswith("- "):  # the first key of a list item: its text is indented past "- "
            indent += "  "
        line = ""
        for word in text.split():
            if len(line) + len(word) > 88:
                self.lines.append(f"{indent}  {line}")
                line = ""
            line = f"{line} {word}" if line else word
        self.lines.append(f"{indent}  {line}")

    def refs(self, key: str, pool: list[str], low: int, high: int, indent: str) -> None:
        count = min(self.rng.randint(low, high), len(pool))
        if count:
            self.lines.append(f"{indent}{key}: [{', '.join(self.rng.sample(pool, count))}]")

    # the brief

    def write(self) -> str:
        rng = self.rng
        place_a, place_b = rng.sample(PLACES, 2)
        self.topic = rng.sample(DOMAIN, TOPIC_WORDS)
        self.brief_id = f"{_slug(place_a)}-{_slug(place_b)}-{self.index:04d}"
        self.actor_names: list[str] = []
        out = self.lines
        out.append("# yaml-language-server: $schema=./brief.schema.json")
        out.append("format: 1")
        out.append(f"id: {self.brief_id}")
        out.append(f"title: {place_a} and {place_b} relations")
        out.append(f"subtitle: {self.title(6, 12)}")
        out.append(
            f"as_of: {rng.randint(2020, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        )
        self.block("summary", " ".join(self.sentence() for _ in range(3)), "")
        self.sources = self.write_sources()
        self.actors = self.write_actors(place_a, place_b)
        self.tags = sorted({_slug(rng.choice(WORDS)) for _ in range(40)})
        self.sections = self.write_sections()
        self.write_figures()
        self.write_timeline()
        return "\n".join(out) + "\n"

    def write_sources(self) -> list[str]:
        ids = []
        self.lines.append("sources:")
        for n in range(self.rng.randint(2, 6)):
            author = f"{self.rng.choice(GIVEN)} {self.rng.choice(FAMILY)}"
            source_id = f"{_slug(author)}-{n}"
            ids.append(source_id)
            self.lines += [
                f"  - id: {source_id}",
                f"    title: {self.title(4, 10)}",
                f"    author: {author}",
                f"    published: {self.date(2015, 2026)}",
            ]
            if self.rng.random() < 0.6:
                self.lines.append(f"    publisher: The {self.rng.choice(PLACES)} Review")
            if self.rng.random() < 0.5:
                self.lines.append(f"    url: https://example.org/{source_id}")
        return ids

    def write_actors(self, place_a: str, place_b: str) -> list[str]:
        rng = self.rng
        ids: list[str] = []
        self.lines.append("actors:")
        for n in range(rng.randint(8, 24)):
            kind = rng.choice(KINDS)
            if kind == "person":
                name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            elif kind == "country":
                name = rng.choice((place_a, place_b, *rng.sample(PLACES, 1)))
            else:
                name = f"{rng.choice(PLACES)} {rng.choice(WORDS).capitalize()}"
            actor_id = f"{_slug(name)}-{n}"
            ids.append(actor_id)
            self.actor_names.append(name)
            self.lines += [f"  - id: {actor_id}", f"    name: {name}", f"    kind: {kind}"]
            if kind == "person":
                self.lines.append(f"    role: {self.title(2, 5)} of {rng.choice(PLACES)}")
            if rng.random() < 0.3:
                self.lines.append(f"    aliases: [{name.split()[-1]}]")
        return ids

    def write_sections(self) -> list[str]:
        rng = self.rng
        names = SECTION_NAMES[: rng.randint(5, len(SECTION_NAMES))]
        self.lines.append("sections:")
        for name in names:
            self.lines += [f"  - id: {_slug(name)}", f'    title: "{name}"']
            self.block("summary", self.sentence(), "    ")
            self.lines.append("    points:")
            for _ in range(rng.randint(2, 5)):
                self.block("- text", self.sentence(8, 18), "      ")
                if rng.random() < 0.5:
                    self.lines.append(f"        date: {self.date(2000, 2026)}")
                self.refs("actors", self.actors, 0, 3, "        ")
                self.refs("tags", self.tags, 0, 3, "        ")
                self.refs("sources", self.sources, 1, 2, "        ")
        return [_slug(n) for n in names]

    def write_figures(self) -> None:
        rng = self.rng
        self.lines.append("figures:")
        for _ in range(rng.randint(3, 12)):
            self.lines += [
                f"  - label: {self.title(2, 5)}",
                f"    value: {rng.choice((rng.randint(1, 5000), round(rng.uniform(0, 100), 1)))}",
                f"    unit: {rng.choice(('USD million', 'per cent', 'people', 'tonnes', 'years'))}",
            ]
            if rng.random() < 0.5:
                self.lines.append(f'    change: "{rng.choice("+-")}{rng.randint(1, 40)}%"')
            self.lines.append(f"    period: FY{rng.randint(2015, 2025)}")
            self.lines.append(f"    section: {rng.choice(self.sections)}")
            self.refs("sources", self.sources, 1, 1, "    ")

    def write_timeline(self) -> None:
        rng = self.rng
        out = self.lines
        out.append("timeline:")
        for _ in range(self.events):
            date = self.date()
            out.append(f"  - date: {date}")
            if rng.random() < 0.08:  # a period: the end is after the start
                out.append(f"    end: {int(date[:4]) + rng.randint(0, 3)}")
            if rng.random() < 0.1:
                out.append("    approx: true")
            if rng.random() < 0.03:
                out.append("    expected: true")
            out.append(f"    title: {self.title()}")
            sentences = (self.sentence(6, 12) for _ in range(rng.randint(1, 2)))
            self.block("text", " ".join(sentences), "    ")
            out.append(f"    section: {rng.choice(self.sections)}")
            self.refs("actors", self.actors, 0, 2, "    ")
            self.refs("tags", self.tags, 1, 3, "    ")
            self.refs("sources", self.sources, 1, 1, "    ")


def brief_text(index: int, events: int, seed: int = 0) -> str:
    """The YAML of synthetic brief number `index`, with `events` timeline events."""
    return _Writer(random.Random(f"{seed}:{index}"), index, events).write()


def write_library(
    directory: str | Path, briefs: int, events_per_brief: int, seed: int = 0
) -> list[Path]:
    """Write `briefs` brief files into `directory` (created if needed); return their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(briefs):
        path = directory / f"synthetic-{index:04d}.yaml"
        path.write_text(brief_text(index, events_per_brief, seed), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate",
        description="Write a library of realistic synthetic briefs.",
        epilog="Example: python -m benchmarks.generate /tmp/lib --briefs 1000 --events 100",
    )
    parser.add_argument("directory", type=Path)
    parser.add_argument("--briefs", type=int, default=1)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = write_library(args.directory, args.briefs, args.events, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} briefs, {size / 1e6:.1f} MB, to {args.directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
