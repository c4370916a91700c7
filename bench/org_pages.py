"""Benchmark the org page and the subtree member list at province scale (issue 2: p95 ≤ 150 ms).

Usage:

    .venv/bin/python bench/seed_province.py --keep bench/out/province.sqlite3   # once (≈1–2 min)
    .venv/bin/python bench/org_pages.py [--db bench/out/province.sqlite3] [--runs 50] [--explain]

If the database file does not exist it is migrated and seeded first (`--scale`, default province).
Two bench users are added if missing: a province admin and a university admin of the largest
university. Through `django.test.Client` (full middleware, session, templates) each page is requested
`--runs` times after two warm-up requests:

- the org page (orgs:org-detail) of the university committee and of its largest college committee,
- the member list (orgs:org-members, first page, whole subtree) of both,

as the province admin and as the university admin. It prints p50 / p95 / max in ms and the number
of queries per request. With `--explain` it also times every query of one request and prints the
slowest ones with SQLite's EXPLAIN QUERY PLAN. Then, as the province admin, it measures the other
pages a user reaches from there: a branch page, deeper and filtered member pages, the member export,
the org search, the tree's children and the province home page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_MS = 150.0
DEFAULT_DB = ROOT / "bench" / "out" / "province.sqlite3"  # bench/out/ is git-ignored


def setup(db: Path, scale: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db.resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    fresh = not db.exists()
    import django

    django.setup()
    if fresh:
        from django.core.management import call_command

        from liuhao.orgs.seeding.run import seed_run

        print(f"{db} not found: migrating and seeding --scale {scale} …", flush=True)
        call_command("migrate", verbosity=0)
        report = seed_run(scale=scale)
        print(f"seeded in {report.seconds:.1f} s", flush=True)


def targets() -> tuple[Any, Any]:
    """The university with the most open memberships and its largest college committee."""
    from django.db.models import Count

    from liuhao.orgs.choices import OrgKind
    from liuhao.orgs.models import Membership, Organization

    top = (
        Membership.objects.filter(ended_on__isnull=True)
        .values("university_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert top is not None, "no memberships: seed the database first"
    university = Organization.objects.get(pk=top["university_id"])
    per_org = (
        Membership.objects.filter(university=university, ended_on__isnull=True)
        .values("org__path")
        .annotate(n=Count("id"))
    )
    colleges = {
        o.path: o
        for o in Organization.objects.filter(
            university=university, kind=OrgKind.COLLEGE_COMMITTEE, dissolved_on__isnull=True
        )
    }
    sizes: dict[str, int] = {}
    for row in per_org:
        prefix = row["org__path"][: len(university.path) + 8]
        if prefix in colleges:
            sizes[prefix] = sizes.get(prefix, 0) + row["n"]
    college = colleges[max(sizes, key=sizes.__getitem__)]
    return university, college


def bench_users(university: Any) -> dict[str, Any]:
    from liuhao.accounts.models import User
    from liuhao.core.roles import Role
    from liuhao.orgs.models import RoleAssignment

    users = {}
    for username, role, org in (
        ("bench-province", Role.PROVINCE_ADMIN, None),
        ("bench-univ", Role.UNIVERSITY_ADMIN, university),
    ):
        user, _ = User.objects.get_or_create(
            username=username, defaults={"display_name": "基准测试"}
        )
        RoleAssignment.objects.filter(user=user).exclude(role=role, org=org).delete()
        RoleAssignment.objects.get_or_create(user=user, role=role, org=org)
        users[username] = user
    return users


def measure(fn: Callable[[], Any], runs: int) -> tuple[list[float], int, Any]:
    """Run `fn` twice to warm up, once under query capture, then `runs` times timed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    fn()
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    captured = list(ctx.captured_queries)  # read now: the log is a view that later calls may reset
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times, len(captured), (result, captured)


def report_line(label: str, times: list[float], queries: int, status: Any) -> bool:
    times = sorted(times)
    p50 = statistics.median(times)
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    ok = p95 <= TARGET_MS
    print(
        f"  {label:<58} {status!s:>4}  p50 {p50:7.1f}  p95 {p95:7.1f}  max {times[-1]:7.1f} ms"
        f"  queries {queries:>3}  {'OK' if ok else 'OVER'}"
    )
    return ok


def explain(captured: list[dict[str, Any]], top: int = 3) -> None:
    """Time each captured query alone and show the plan of the slowest (SQLite)."""
    from django.db import connection

    timed = []
    with connection.cursor() as cursor:
        for q in captured:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            timed.append(((time.perf_counter() - started) * 1000, sql))
        for ms, sql in sorted(timed, reverse=True)[:top]:
            print(f"    {ms:7.1f} ms  {sql[:300]}{'…' if len(sql) > 300 else ''}")
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                for row in cursor.fetchall():
                    print(f"               plan: {row[-1]}")


def largest_branch(college: Any) -> Any:
    from django.db.models import Count, Q

    from liuhao.orgs.models import Organization, subtree_q

    return (
        Organization.objects.filter(subtree_q(college.path), kind="branch")
        .annotate(n=Count("memberships", filter=Q(memberships__ended_on__isnull=True)))
        .order_by("-n")
        .first()
    )


def run_page(client: Any, label: str, url: str, args: argparse.Namespace) -> bool:
    times, queries, (response, captured) = measure(lambda: client.get(url), args.runs)
    ok = report_line(label, times, queries, response.status_code)
    if args.explain:
        explain(captured)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(DEFAULT_DB), help="SQLite file (seeded if missing)")
    parser.add_argument("--scale", default="province", choices=["demo", "university", "province"])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument(
        "--explain", action="store_true", help="show the slowest queries and their plans"
    )
    args = parser.parse_args()

    db = Path(args.db)
    db.parent.mkdir(parents=True, exist_ok=True)
    setup(db, args.scale)

    from django.test import Client
    from django.urls import reverse

    from liuhao.orgs.models import Membership

    university, college = targets()
    users = bench_users(university)
    open_members = Membership.objects.filter(ended_on__isnull=True)
    print(f"database: {db}  ({Membership.objects.count():,} memberships in all)")
    print(
        f"university: {university.code} {university.name} "
        f"({open_members.filter(university=university).count():,} open memberships)"
    )
    print(f"college:    {college.code} {college.name}")
    print(f"runs: {args.runs} per page (after 2 warm-ups); target p95 ≤ {TARGET_MS:.0f} ms")

    all_ok = True
    for username, user in users.items():
        client = Client()
        client.force_login(user)
        print(f"as {username}:")
        for org in (university, college):
            for name, url in (
                ("org page", reverse("orgs:org-detail", args=[org.pk])),
                (
                    "members p1 (subtree)",
                    reverse("orgs:org-members", args=[org.pk]) + "?subtree=1&page=1",
                ),
            ):
                all_ok &= run_page(client, f"{name} {org.code}", url, args)

    client = Client()
    client.force_login(users["bench-province"])
    members = reverse("orgs:org-members", args=[university.pk])
    print("as bench-province, the pages around them:")
    for name, url in (
        ("org page: largest branch", reverse("orgs:org-detail", args=[largest_branch(college).pk])),
        ("members: university subtree, page 5", members + "?subtree=1&page=5"),
        ("members: university, full members", members + "?subtree=1&stage=full"),
        ("members: university, search 'zh'", members + "?subtree=1&q=zh"),
        ("export: college members (.xlsx)", reverse("orgs:org-members-export", args=[college.pk])),
        ("org search: 'jsj' (initials)", reverse("orgs:org-search") + "?q=jsj"),
        ("org tree: children of university", reverse("orgs:org-children", args=[university.pk])),
        ("home: province overview", reverse("dashboards:home")),
    ):
        all_ok &= run_page(client, name, url, args)
    print("all within target" if all_ok else "SOME PAGES ARE OVER TARGET")


if __name__ == "__main__":
    main()
