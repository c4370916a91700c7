"""Latency of the org page and the subtree member list on a seeded database (issue 2 benchmarks).

Usage (against a province-scale database made by `liuhao seed --scale province`):

    DATABASE_URL=sqlite:////path/to/province.sqlite3 .venv/bin/python bench/org_page.py [--runs 50]

It adds one bench user (province admin) to that database if missing, then requests each page
`--runs` times through Django's test client (full middleware, templates, session) and prints p50 and
p95 in milliseconds with the number of queries. It is a measurement, not a timed test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("AXES_ENABLED", "false")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from liuhao.accounts.models import User  # noqa: E402
from liuhao.core.roles import Role  # noqa: E402
from liuhao.orgs.models import Membership, Organization, RoleAssignment  # noqa: E402


def _bench_user() -> User:
    user, _ = User.objects.get_or_create(
        username="bench-province", defaults={"display_name": "基准测试"}
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.PROVINCE_ADMIN, org=None)
    return user


def _largest(kind: str) -> Organization:
    """The org of `kind` with the most open memberships in its own rows (a realistic worst case)."""
    top = (
        Membership.objects.filter(ended_on__isnull=True, org__kind=kind)
        .values("org_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if top:
        return Organization.objects.get(pk=top["org_id"])
    return Organization.objects.filter(kind=kind).first()  # type: ignore[return-value]


def _largest_university() -> Organization:
    top = (
        Membership.objects.filter(ended_on__isnull=True)
        .values("university_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert top, "the database holds no memberships: seed it first"
    return Organization.objects.get(pk=top["university_id"])


def _measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    client.get(url, headers={"HX-Request": "true"})  # warm caches (templates, SQLite pages)
    times = []
    queries = 0
    if url.endswith(".xlsx"):
        runs = max(3, runs // 10)  # exports are slower and rarer: fewer runs
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url, headers={"HX-Request": "true"} if "children" in url else {})
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    return statistics.median(times), p95, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    persons = connection.cursor().execute("SELECT COUNT(*) FROM orgs_person").fetchone()[0]
    print(f"database: {connection.settings_dict['NAME']} ({persons} persons)")
    client = Client()
    client.force_login(_bench_user())
    university = _largest_university()
    college = _largest("college_committee")
    branch = _largest("branch")
    pages = [
        ("org page: university", reverse("orgs:org-detail", args=[university.pk])),
        ("org page: college", reverse("orgs:org-detail", args=[college.pk])),
        ("org page: branch", reverse("orgs:org-detail", args=[branch.pk])),
        ("members: university subtree, page 1", reverse("orgs:org-members", args=[university.pk])),
        (
            "members: university subtree, page 5",
            reverse("orgs:org-members", args=[university.pk]) + "?page=5",
        ),
        (
            "members: university, full members",
            reverse("orgs:org-members", args=[university.pk]) + "?stage=full",
        ),
        (
            "members: university, search 'zh'",
            reverse("orgs:org-members", args=[university.pk]) + "?q=zh",
        ),
        ("members: college subtree, page 1", reverse("orgs:org-members", args=[college.pk])),
        (
            "export: university members (.xlsx)",
            reverse("orgs:org-members-export", args=[university.pk]),
        ),
        ("org search: 'jsj' (initials)", reverse("orgs:org-search") + "?q=jsj"),
        ("org tree: children of university", reverse("orgs:org-children", args=[university.pk])),
        ("home: province overview", reverse("dashboards:home")),
    ]
    print(f"{'page':40} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for label, url in pages:
        p50, p95, queries = _measure(client, url, args.runs)
        print(f"{label:40} {p50:8.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
