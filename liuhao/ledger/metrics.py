"""Ledger metrics (filled in below)."""
