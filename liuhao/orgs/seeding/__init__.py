"""Generated demo and benchmark data: `liuhao seed --scale demo|university|province [--seed N]`.

Modules: tiers (sizes), catalog and names (name tables), plan (the org tree as numbers), registry
(generators per data kind), tree/persons/people/stages (the org and people generators), writer (bulk
inserts), run (the orchestration), demo (demo log-ins).
"""
