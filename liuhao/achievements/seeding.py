"""Seed generator placeholder (filled below)."""
