"""API of the achievements app."""
