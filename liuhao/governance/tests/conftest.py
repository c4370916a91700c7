"""Governance fixtures: the ledger's `crew` (a branch with a secretary, committee and members) and
`capped`, rules with a cap on the top band of 分类定级 (先进 ≤ 1/2 of the graded sub-orgs)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from liuhao.governance.rules import DEFAULT_PATH, GovernanceRules, governance_rules
from liuhao.ledger.tests.conftest import Crew, crew

__all__ = ["Crew", "capped", "crew"]


@pytest.fixture
def capped(tmp_path: Any, monkeypatch: Any) -> Iterator[GovernanceRules]:
    """The default rules file with `org_top_cap: 1/2` (DOMAIN-RULES rule 14: an optional cap)."""
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    text = text.replace("org_top_cap: null", "org_top_cap: {numerator: 1, denominator: 2}")
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("LIUHAO_GOVERNANCE_RULES", str(path))
    governance_rules.cache_clear()
    yield governance_rules()
    governance_rules.cache_clear()
