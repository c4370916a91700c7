"""Metrics computed from the governance records: criteria C08.1–C08.4, C09.1 and C09.3.

Each metric returns the value for **every** org in `ctx.org_ids` (CONVENTIONS B4) from a constant
number of grouped queries per period window (never one per org). Records count when dated within
[window.start, min(window.end, ctx.as_of)]; `ledger.election_in_term` reads the state on as_of.
Evidence is the ids of the records behind a value; `late` lists those entered more than
`late_entry_days` after their event (补录). Counts are 0 for an org without records.
"""

from liuhao.governance.metrics import evaluation, support

__all__ = ["evaluation", "support"]
