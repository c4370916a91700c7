"""Seed generator of the governance records (registered on import)."""

from liuhao.governance.seeding import generator  # noqa: F401
