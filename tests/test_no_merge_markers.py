"""No file of the project carries an unresolved merge-conflict marker: Django renders one in a
template as text, and no other check would notice (a marker once reached the surveys' results
page this way)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("liuhao", "config", "tests", "docs", "bench", "scripts")
SUFFIXES = {".py", ".html", ".md", ".yaml", ".yml", ".css", ".js", ".txt", ".toml", ".sh"}
MARKERS = ("<" * 7 + " ", ">" * 7 + " ", "=" * 7 + "\n")


def test_no_file_carries_a_merge_conflict_marker():
    found = []
    files = [ROOT / "README.md", ROOT / "pyproject.toml", ROOT / "Makefile"]
    for folder in FOLDERS:
        files += [p for p in (ROOT / folder).rglob("*") if p.suffix in SUFFIXES]
    for path in files:
        if not path.is_file() or ".venv" in path.parts:
            continue
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(True), 1
        ):
            if line.startswith(MARKERS) or line == "=" * 7:
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []
