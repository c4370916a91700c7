"""Governance fixtures: the ledger's `crew` (a branch with a secretary, committee and members)."""

from liuhao.ledger.tests.conftest import Crew, crew

__all__ = ["Crew", "crew"]
