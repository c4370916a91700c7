"""Ledger seed generator."""
