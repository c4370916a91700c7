"""Excel import of commitments, achievements, outputs and brands (all-or-nothing, dry run)."""
