"""Pages of the achievements app."""
