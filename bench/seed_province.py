"""Benchmark `liuhao seed --scale province` (orgs, people, ledger) on a fresh SQLite file.

Usage:

    .venv/bin/python bench/seed_province.py [--scale province] [--seed 2025] [--keep PATH]

It points DATABASE_URL at a new SQLite file (a temp file, or PATH with --keep, which is then left
in place for bench/org_pages.py), runs the migrations, runs the seed in-process and prints the wall
time of the seed, the peak RSS of the process (and of any children), rows per table and the shape of
the data (branches, full and probationary members, persons). Targets (issue 2): ≤ 3 minutes and
≤ 2 GiB peak memory. A measurement, not a timed test.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_rss_mib() -> tuple[float, float]:
    """Peak resident set size of this process and of its waited-for children, in MiB (Linux: KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="province", choices=["demo", "university", "province"])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--keep", metavar="PATH", help="write the database here and keep it")
    args = parser.parse_args()

    if args.keep:
        db_path = Path(args.keep).resolve()
        db_path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        tmpdir = None
    else:
        tmpdir = tempfile.TemporaryDirectory(prefix="liuhao-seed-")
        db_path = Path(tmpdir.name) / "province.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from liuhao.orgs.seeding.run import seed_run

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - started

    started = time.perf_counter()
    report = seed_run(scale=args.scale, seed=args.seed)
    seed_s = time.perf_counter() - started
    own, children = peak_rss_mib()

    with connection.cursor() as cursor:

        def one(sql: str) -> int:
            cursor.execute(sql)
            return int(cursor.fetchone()[0])

        shape = {
            "universities": one(
                "SELECT COUNT(*) FROM orgs_organization WHERE kind = 'university_committee'"
            ),
            "college-level orgs (党委/党总支 under a university)": one(
                "SELECT COUNT(*) FROM orgs_organization o JOIN orgs_organization p ON o.parent_id = p.id "
                "WHERE p.kind = 'university_committee'"
            ),
            "active branches": one(
                "SELECT COUNT(*) FROM orgs_organization WHERE kind = 'branch' AND dissolved_on IS NULL"
            ),
            "party groups": one("SELECT COUNT(*) FROM orgs_organization WHERE kind = 'group'"),
            "full + probationary members": one(
                "SELECT COUNT(*) FROM orgs_membership WHERE ended_on IS NULL "
                "AND stage IN ('full', 'probationary')"
            ),
            "pipeline (applicant/activist/candidate)": one(
                "SELECT COUNT(*) FROM orgs_membership WHERE ended_on IS NULL "
                "AND stage IN ('applicant', 'activist', 'candidate')"
            ),
            "ended memberships (history)": one(
                "SELECT COUNT(*) FROM orgs_membership WHERE ended_on IS NOT NULL"
            ),
            "persons": one("SELECT COUNT(*) FROM orgs_person"),
        }
    size_mib = db_path.stat().st_size / 2**20
    total_rows = sum(report.rows.values())

    print(f"scale={args.scale} seed={args.seed} database={db_path}")
    print(f"migrate: {migrate_s:.1f} s")
    print(f"seed wall time: {seed_s:.1f} s  (target ≤ 180 s)  {total_rows / seed_s:,.0f} rows/s")
    print(f"peak RSS: {own:,.0f} MiB (self), {children:,.0f} MiB (children)  (target ≤ 2048 MiB)")
    print(f"database file: {size_mib:,.0f} MiB")
    print("rows per table:")
    for label, n in sorted(report.rows.items()):
        print(f"  {label:<24} {n:>10,}")
    print("shape:")
    for label, n in shape.items():
        print(f"  {label:<52} {n:>10,}")
    if args.keep:
        print(f"kept: DATABASE_URL=sqlite:///{db_path}")
    elif tmpdir is not None:
        tmpdir.cleanup()


if __name__ == "__main__":
    main()
