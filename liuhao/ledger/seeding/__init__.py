"""The ledger's seed generator (registered with the orgs seeding registry on import)."""

from liuhao.ledger.seeding.generator import generate_ledger

__all__ = ["generate_ledger"]
