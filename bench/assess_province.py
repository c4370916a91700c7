"""Benchmark a full recompute of one term at province scale (issue 3: ≤ 60 s, peak memory ≤ 1.5 GiB).

Usage:

    .venv/bin/python bench/seed_province.py --keep bench/out/province.sqlite3   # once
    .venv/bin/python bench/assess_province.py [--db bench/out/province.sqlite3] [--period 2025-2026-1]
    ./scripts/with-postgres.sh .venv/bin/python bench/assess_province.py --postgres   # seeds first

It loads the shipped standard packages (idempotent), then runs `assessment_run` for every org of the
province (what `liuhao assess --period P` does) and prints the wall time, the CPU time, the peak RSS
of the process, the number of orgs and of queries. Then it prints the floor beside it: the same
SELECT statements the run issued (the metrics' grouped queries and the org list), re-executed as plain
SQL with their rows fetched and nothing else done, and the ratio run / floor.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = ROOT / "bench" / "out" / "province.sqlite3"
TARGET_S = 60.0
TARGET_MIB = 1536


def setup(args: argparse.Namespace) -> None:
    if not args.postgres:
        db = Path(args.db)
        db.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db.resolve()}"
        fresh = not db.exists()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from liuhao.orgs.models import Organization

    if (args.postgres and not Organization.objects.exists()) or (not args.postgres and fresh):
        from liuhao.orgs.seeding.run import seed_run

        print(f"seeding --scale {args.scale} …", flush=True)
        started = time.perf_counter()
        seed_run(scale=args.scale)
        print(f"seeded in {time.perf_counter() - started:.1f} s", flush=True)


def load_standard(code: str):  # type: ignore[no-untyped-def]
    from liuhao.standards.models import StandardVersion

    version = StandardVersion.objects.filter(code=code).order_by("-version").first()
    if version is not None:
        return version
    from liuhao.standards.services import loading

    data = ROOT / "liuhao" / "standards" / "data"
    for path in sorted(data.glob("*.yaml")):
        loading.standard_load(path=path)
    return StandardVersion.objects.filter(code=code).order_by("-version").first()


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor(captured: list[dict[str, str]]) -> tuple[float, int, int]:
    """Re-run the run's SELECTs as plain SQL, fetching every row. Returns (seconds, queries, rows)."""
    from django.db import connection

    selects = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
    rows = 0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in selects:
            cursor.execute(sql)
            rows += len(cursor.fetchall())
    return time.perf_counter() - started, len(selects), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(DEFAULT_DB), help="SQLite file (seeded if missing)")
    parser.add_argument("--postgres", action="store_true", help="use DATABASE_URL (PostgreSQL)")
    parser.add_argument("--scale", default="province", choices=["demo", "university", "province"])
    parser.add_argument("--period", default="2025-2026-1")
    parser.add_argument("--standard", default="jiangsu-2015")
    parser.add_argument(
        "--today", default="2026-03-01", help="the run's today (as_of = min(today, period end))"
    )
    args = parser.parse_args()
    setup(args)

    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from liuhao.orgs.models import Organization
    from liuhao.standards.services.runs import assessment_run

    standard = load_standard(args.standard)
    assert standard is not None, f"standard {args.standard} not found"
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"orgs in database: {Organization.objects.count():,}")
    print(f"standard: {standard.code} v{standard.version}; period {args.period}")
    before = peak_mib()
    cpu0 = time.process_time()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        run = assessment_run(
            standard=standard, period_code=args.period, today=dt.date.fromisoformat(args.today)
        )
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu0
    captured = list(ctx.captured_queries)
    peak = peak_mib()
    print(
        f"recompute: {wall:.1f} s wall, {cpu:.1f} s CPU in this process, "
        f"{run.org_count:,} orgs, {len(captured)} queries  "
        f"({'OK' if wall <= TARGET_S else 'OVER'} against {TARGET_S:.0f} s)"
    )
    print(
        f"peak RSS: {peak:.0f} MiB (before the run {before:.0f} MiB)  "
        f"({'OK' if peak <= TARGET_MIB else 'OVER'} against {TARGET_MIB} MiB)"
    )
    print(f"六好 orgs: {run.summary['verdict']:,}; mean score {run.summary['mean_score']}")
    seconds, queries, rows = floor(captured)
    print(
        f"floor (the run's {queries} SELECTs as plain SQL, {rows:,} rows fetched): {seconds:.1f} s; "
        f"ratio run / floor = {wall / seconds:.1f}"
    )


if __name__ == "__main__":
    main()
