"""Generated demo and benchmark data: `liuhao seed --scale demo|university|province [--seed N]`.

Modules: tiers (sizes, reference date), catalog and names (name tables), naming (org names), plan
(the org tree as numbers), registry (generators per data kind), tree, persons, stages and people (the
org and people generators), writer (bulk inserts, reset), run (orchestration), demo (demo log-ins).
"""
