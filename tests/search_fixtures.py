"""A small brief, written as YAML the way authors write it, for the search, cache and CLI tests."""

from __future__ import annotations

from pathlib import Path

from brief.load import load_bytes
from brief.model import Brief

BRIEF_YAML = """\
format: 1
id: test-brief
title: Test brief
as_of: 2025-10-23
sources:
  - id: rostami-2025
    title: Pakistan and Bangladesh in a new era
    author: A. Rostami
    published: 2025-10-23
actors:
  - id: ishaq-dar
    name: Ishaq Dār
    kind: person
    role: Foreign Minister of Pakistan
    aliases: [Dar]
  - id: mohsin-naqvi
    name: Mohsin Naqvi
    kind: person
    role: Interior Minister of Pakistan
sections:
  - id: diplomacy
    title: Diplomacy
    points:
      - text: Students face fewer hurdles since the rules were eased.
        tags: [visas]
        sources: [rostami-2025]
  - id: defence
    title: Defence
    points:
      - text: A joint naval drill is planned.
        date: "2025"
        tags: [exercise]
        sources: [rostami-2025]
figures:
  - label: Bilateral trade
    value: 865
    unit: USD million
    section: diplomacy
    sources: [rostami-2025]
timeline:
  - id: dar-visit
    date: 2025-08-23
    end: 2025-08-24
    title: Ishaq Dar visits Dhaka
    text: The first such visit in thirteen years; an exemption for officials was signed.
    section: diplomacy
    actors: [ishaq-dar]
    tags: [visit, visas]
    sources: [rostami-2025]
  - id: naqvi-visit
    date: 2025-07
    title: Mohsin Naqvi in Dhaka
    text: Talks on a cargo ship route and on security.
    section: diplomacy
    actors: [mohsin-naqvi]
    tags: [visit]
    sources: [rostami-2025]
  - id: aman-25
    date: "2025"
    approx: true
    title: Aman-25 naval exercise
    text: Bangladesh joins the multinational exercise; the year is inferred.
    section: defence
    tags: [exercise]
    sources: [rostami-2025]
  - id: cargo
    date: 2024-11
    title: First direct cargo ship
    text: A vessel sails from Karachi to Chittagong.
    section: diplomacy
    tags: [trade]
    sources: [rostami-2025]
  - id: visa-regime
    date: 2025-01-15
    title: Visa regime relaxed
    text: Fees are waived for business travellers.
    section: diplomacy
    tags: [visas]
    sources: [rostami-2025]
  - id: trade-period
    date: "2024"
    end: 2025-06
    title: Trade grows
    text: Traders report that the visa queue is shorter.
    section: diplomacy
    tags: [trade]
    sources: [rostami-2025]
  - id: elections
    date: 2026-02
    expected: true
    title: Bangladesh elections
    text: A general election is due.
    section: defence
    sources: [rostami-2025]
"""


def load_test_brief(text: str = BRIEF_YAML) -> Brief:
    return load_bytes(text.encode(), "test-brief.yaml")


def write_brief(directory: Path, name: str = "test-brief", text: str = BRIEF_YAML) -> Path:
    path = directory / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def renamed(new_id: str, text: str = BRIEF_YAML) -> str:
    """The same brief under another id."""
    return text.replace("id: test-brief", f"id: {new_id}", 1)
