"""Who may import whom (docs/architecture.md, "Who may import whom"): read
every module's imports and fail on one that points outward."""

import ast
from pathlib import Path

import pytest

from tests.layout import MAY_IMPORT

ROOT = Path(__file__).resolve().parents[2]


def imported_rooms(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in MAY_IMPORT or top in {"demo", "bench"}:
                found.add((top, node.lineno))
    return found


def outward_imports(room: str) -> list[str]:
    bad = []
    for path in sorted((ROOT / room).rglob("*.py")):
        for top, line in imported_rooms(path):
            if top != room and top not in MAY_IMPORT[room]:
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {top}")
    return bad


@pytest.mark.parametrize("room", sorted(MAY_IMPORT))
def test_no_room_imports_outward(room):
    assert (ROOT / room).is_dir(), room
    assert not outward_imports(room)


def test_every_python_package_at_the_top_is_placed():
    packages = {
        p.parent.name
        for p in ROOT.glob("*/__init__.py")
        if p.parent.name not in {"tests", "demo", "bench"}
    }
    assert packages == set(MAY_IMPORT), packages ^ set(MAY_IMPORT)


def test_the_check_finds_an_outward_import(tmp_path, monkeypatch):
    probe = ROOT / "library" / "_probe_outward.py"
    probe.write_text("from entries.models import Entry\n", encoding="utf-8")
    try:
        assert outward_imports("library") == ["library/_probe_outward.py:1 imports entries"]
    finally:
        probe.unlink()
