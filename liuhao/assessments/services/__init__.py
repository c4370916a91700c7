"""Writes of self-assessments and the review chain (issue 7 items 1, 2)."""
