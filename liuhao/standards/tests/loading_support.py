"""Helpers for the package and loader tests: the shipped files, their parsed dicts, the sources
they cite, and stand-ins for the ledger's metric keys until the ledger registers them."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from liuhao.standards.metrics import registry
from liuhao.standards.services.loading import BUILTIN_DIR

SOURCES = Path(__file__).parent / "sources"
JIANGSU = BUILTIN_DIR / "jiangsu-2015.yaml"
MOE = BUILTIN_DIR / "moe-yangban-2018.yaml"

# The keys the ledger app registers (issue 3), with their units.
LEDGER_KEYS = {
    "ledger.activity_count": "次",
    "ledger.activity_month_share": "%",
    "ledger.decision_quorum_share": "%",
    "ledger.plans_on_file": "项",
    "ledger.leaders_paired_share": "%",
    "ledger.leaders_visited_share": "%",
    "ledger.timely_recording_share": "%",
    "ledger.attendance_rate": "%",
}


@pytest.fixture
def ledger_metrics(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Declare the ledger's keys as pending for this test when the ledger has not registered them
    (an implementation, once registered, is left alone)."""
    for key, unit in LEDGER_KEYS.items():
        if key not in registry._REGISTRY:
            monkeypatch.setitem(
                registry._REGISTRY,
                key,
                registry.MetricDef(key=key, label=key, unit=unit, fn=None, pending="测试占位"),
            )
    yield


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def seed_text() -> str:
    return (SOURCES / "jiangsu-2015-standard.txt").read_text(encoding="utf-8")


@cache
def moe_text() -> str:
    return (SOURCES / "domain-rules-5.md").read_text(encoding="utf-8")


@cache
def _parsed(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def shipped(path: Path = JIANGSU) -> dict[str, Any]:
    """A fresh deep copy of a shipped package's parsed YAML, to modify in a test."""
    return copy.deepcopy(_parsed(path))


def dump(document: Any) -> bytes:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode("utf-8")


def checkpoints(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(dimension code, criterion, checkpoint) for every checkpoint of a parsed package."""
    for dim in document["dimensions"]:
        for crit in dim["criteria"]:
            for cp in crit["checkpoints"]:
                yield dim["code"], crit, cp
