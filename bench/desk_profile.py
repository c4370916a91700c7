"""Profile the public form in-process (helper of bench/desk_submit.py): queries and CPU per request.

    ./scripts/with-postgres.sh .venv/bin/python bench/desk_profile.py [--runs 200] [--top 25]
    .venv/bin/python bench/desk_profile.py --sqlite            # a temporary SQLite file instead

Through django.test.Client (full middleware, templates, production settings less HTTPS), the
benchmark's one-row ping (the ceiling), the form's GET and its POST are each timed `--runs` times after warm-ups; the queries of one request of each
are listed (CaptureQueriesContext) and cProfile's top functions by cumulative time printed.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--top", type=int, default=25, help="0: no profile")
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--filter", default="", help="a regular expression on the file:function")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="liuhao-profile-"))
    if args.sqlite or not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'db.sqlite3'}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        ALLOWED_HOSTS="testserver",
        DESK_RATE_LIMIT="0",
        LIUHAO_BENCH="1",
        CACHE_LOCATION=str(tmp / "cache"),
        MEDIA_ROOT=str(tmp / "media"),
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from liuhao.desk.selectors import request_universities
    from liuhao.orgs.models import Organization
    from liuhao.orgs.seeding.run import seed_run

    call_command("migrate", verbosity=0)
    if not request_universities().exists():
        seed_run(scale="demo")
    university = request_universities().first()
    orgs = list(
        Organization.objects.active().filter(university=university).values_list("pk", flat=True)
    )
    rng = random.Random(5)
    client = Client(enforce_csrf_checks=False)

    def get() -> None:
        response = client.get(f"/r/new/?org={rng.choice(orgs)}")
        assert response.status_code == 200, response.status_code

    def post() -> None:
        org = rng.choice(orgs)
        named = rng.random() < 0.7
        response = client.post(
            "/r/new/",
            {
                "org": org,
                "university": "",
                "category": "study_life",
                "title": "宿舍网络经常断线",
                "body": "三号楼晚上十点后网络经常断线，影响学习和查资料。已经向宿管反映过两次。",
                "identity": "named" if named else "anonymous",
                "requester_name": "王同学" if named else "",
                "requester_contact": "13800000000" if named else "",
                "nonce": secrets.token_urlsafe(16),
            },
        )
        assert response.status_code == 200, response.status_code

    def ping() -> None:
        response = client.post("/bench/ping/")
        assert response.status_code == 201, response.status_code

    for name, fn in (("POST /bench/ping/", ping), ("GET /r/new/", get), ("POST /r/new/", post)):
        for _ in range(5):
            fn()
        with CaptureQueriesContext(connection) as queries:
            fn()
        print(f"\n== {name}: {len(queries)} queries")
        for q in queries.captured_queries:
            print(f"  {q['time']}s  {q['sql'][:160]}")
        times = []
        cpu_started = time.process_time()
        for _ in range(args.runs):
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        cpu_ms = (time.process_time() - cpu_started) * 1000 / args.runs
        times.sort()
        print(
            f"  {args.runs} runs: wall p50 {statistics.median(times):.2f} ms, "
            f"p95 {times[int(0.95 * len(times)) - 1]:.2f} ms; CPU {cpu_ms:.2f} ms a request "
            f"(this process; the database's own work is apart); load {os.getloadavg()[0]:.2f}"
        )
        if not args.top:
            continue
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            fn()
        profiler.disable()
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(
            *([args.filter] if args.filter else []), args.top
        )
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
