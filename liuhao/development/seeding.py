"""Seed generator (filled below)."""
