"""Excel import of the governance records."""
