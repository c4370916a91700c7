"""Metrics computed from the ledger (台账): criteria C01–C04, C06.3–4, C07.1–2, C13.3, C14.1, C14.3, C15.1.

Each metric returns the value for **every** org in `ctx.org_ids` (CONVENTIONS B4): per period window
it issues a constant number of grouped queries (never one per org), then groups rows by org in
Python. Records count when they are dated within [window.start, min(window.end, ctx.as_of)]; the
standing metrics read the state on `ctx.as_of`. No metric calls now().

Parameters arrive as strings in `ctx.params` (`kinds` "volunteer_service,social_practice", `min`
"2", `days` "7", `late_entry_days` "30"). Evidence is the ids of the records behind the value;
`late` lists those entered more than `late_entry_days` days after their event (补录, DESIGN §4).
Counts are 0 for an org without records; a share whose denominator is 0 is None (awaiting data).
"""

from liuhao.ledger.metrics import activities, leadership, work

__all__ = ["activities", "leadership", "work"]
