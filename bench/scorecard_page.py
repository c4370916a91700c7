"""Benchmark the org scorecard (and heat map) at province scale (issue 3: p95 ≤ 150 ms).

Usage (after bench/assess_province.py has computed a run on the same database):

    .venv/bin/python bench/scorecard_page.py [--db bench/out/province.sqlite3] [--runs 50]

As a province admin and as the admin of the largest university, through `django.test.Client` (full
middleware, session, templates), it requests `--runs` times after two warm-ups: the scorecard of the
largest university committee, of its largest college and of a branch; the university heat map (first
page) and the rankings. It prints p50 / p95 / max in ms and the queries per request.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from org_pages import DEFAULT_DB, bench_users, measure, report_line, setup, targets  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(DEFAULT_DB))
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    setup(Path(args.db), "province")

    from django.test import Client
    from django.urls import reverse

    from liuhao.orgs.models import Organization, subtree_q
    from liuhao.standards.models import AssessmentRun

    run = AssessmentRun.objects.filter(status="done").order_by("-pk").first()
    assert run is not None, "no assessment run: run bench/assess_province.py first"
    university, college = targets()
    branch = Organization.objects.filter(subtree_q(college.path), kind="branch").first()
    users = bench_users(university)
    print(f"run #{run.pk} {run.standard.code} {run.period_code}: {run.org_count:,} orgs")
    ok = True
    for username, user in users.items():
        client = Client()
        client.force_login(user)
        print(f"as {username}:")
        pages: list[tuple[str, str]] = [
            (f"scorecard {org.code}", reverse("standards:org-scorecard", args=[org.pk]))
            for org in (university, college, branch)
            if org is not None
        ]
        pages += [
            ("heat map (university)", reverse("standards:heatmap", args=[university.pk])),
            ("rankings (university)", reverse("standards:rankings", args=[university.pk])),
        ]
        for label, url in pages:
            times, queries, (response, _) = measure(
                lambda url=url, c=client: _get(c, url), args.runs
            )
            ok &= report_line(label, times, queries, response.status_code)
    print("all within target" if ok else "SOME PAGES ARE OVER TARGET")


def _get(client: Any, url: str) -> Any:
    return client.get(url)


if __name__ == "__main__":
    main()
