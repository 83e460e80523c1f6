"""The architecture of docs/architecture.md, checked: the import contracts of pyproject.toml
(import-linter) hold, they cover every module, and no import cycle exists, lazy imports included.
"""

from __future__ import annotations

import pkgutil
import sys
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import grimp
import pytest
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

import brief

PYPROJECT = Path(__file__).parent.parent / "pyproject.toml"
CLIENTS = {"brief.cli", "brief.tui", "brief.__main__"}


def _contract(contract_id: str) -> dict[str, Any]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    return next(c for c in config["contracts"] if c["id"] == contract_id)


def test_the_import_contracts_hold(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))  # lint_imports puts the cwd on it
    status = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    assert status == EXIT_STATUS_SUCCESS, capsys.readouterr().out


def test_the_core_contract_names_every_core_module() -> None:
    # The layers contract is exhaustive by itself; this one lists modules, so it could miss one.
    core = {f"brief.{m.name}" for m in pkgutil.iter_modules(brief.__path__)} - CLIENTS
    assert set(_contract("core-is-not-a-client")["source_modules"]) == core


def cycles(imports: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan): each holds a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in imports.get(module, ()):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while (member := stack.pop()) != module:
                component.append(member)
            if component:
                found.append(sorted([module, *component]))

    for module in sorted(imports):
        if module not in index:
            visit(module)
    return found


def test_cycles_finds_a_cycle_of_three_and_none_in_a_diamond() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def _edges(graph: grimp.ImportGraph, component: list[str]) -> Iterator[str]:
    for importer in component:
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported in component:
                details = graph.get_import_details(importer=importer, imported=imported)
                lines = ", ".join(str(d["line_number"]) for d in details)
                yield f"{importer} -> {imported} (line {lines})"


def test_no_import_cycles_lazy_imports_included() -> None:
    # grimp reads every import statement, those inside functions too. Imports under
    # TYPE_CHECKING never run, so they cannot make a cycle.
    graph = grimp.build_graph("brief", exclude_type_checking_imports=True, cache_dir=None)
    imports = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    found = cycles(imports)
    assert not found, "\n".join(e for c in found for e in _edges(graph, c))
