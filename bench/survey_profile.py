"""Profile the survey answer's POST in-process (helper of bench/survey_answer.py).

    ./scripts/with-postgres.sh .venv/bin/python bench/survey_profile.py [--runs 300] [--top 25]
    .venv/bin/python bench/survey_profile.py --sqlite            # a temporary SQLite file instead

Through django.test.Client (full middleware, production settings less HTTPS): opens a survey of
the demo university, opens `--runs` links (GET /s/<token>/, untimed), then times the POST of a full
answer sheet for each (the first submit: stored) and a second POST of the same session (the retry:
"已提交"). Prints the queries of one of each, wall and CPU per request, and cProfile's top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--top", type=int, default=25, help="0: no profile")
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="liuhao-profile-"))
    if args.sqlite or not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'db.sqlite3'}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        ALLOWED_HOSTS="testserver",
        CACHE_LOCATION=str(tmp / "cache"),
        MEDIA_ROOT=str(tmp / "media"),
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from survey_answer import open_surveys

    from liuhao.desk.selectors import request_universities
    from liuhao.orgs.seeding.run import seed_run

    call_command("migrate", verbosity=0)
    if not request_universities().exists():
        seed_run(scale="demo")
    # 3 warm-ups, 2 captured, `runs` timed, `runs` profiled: each a fresh invitation.
    need = 2 * args.runs + 5
    pairs, questions = open_surveys(need)
    clients = []
    for survey_id, token in pairs:
        client = Client()
        assert client.get(f"/s/{token}/").status_code == 302
        likert = [q for q, kind in questions[str(survey_id)] if kind == "likert"]
        data = {f"q{q}": str(1 + n % 3) for n, q in enumerate(likert)}
        clients.append((client, f"/s/answer/{survey_id}/", data))
    queue = iter(clients)
    done: list[tuple[Client, str, dict[str, str]]] = []

    def first() -> None:
        client, url, data = next(queue)
        response = client.post(url, data)
        assert response.status_code == 302, response.status_code
        done.append((client, url, data))

    def again() -> None:
        client, url, data = done.pop()
        response = client.post(url, data)
        assert response.status_code == 200 and "已提交" in response.text, response.status_code

    for _ in range(3):
        first()
        again()
    for name, fn in (("POST (stored)", first), ("POST again (已提交)", again)):
        if fn is again:
            first()
        with CaptureQueriesContext(connection) as queries:
            fn()
        print(f"\n== {name}: {len(queries)} queries")
        for q in queries.captured_queries:
            print(f"  {q['time']}s  {q['sql'][:160]}")
    print()
    for name, fn in (("POST (stored)", first), ("POST again (已提交)", again)):
        times = []
        cpu_started = time.process_time()
        for _ in range(args.runs):
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        cpu_ms = (time.process_time() - cpu_started) * 1000 / args.runs
        times.sort()
        print(
            f"{name}: {args.runs} runs, wall p50 {statistics.median(times):.2f} ms, "
            f"p95 {times[int(0.95 * len(times)) - 1]:.2f} ms; CPU {cpu_ms:.2f} ms a request "
            f"(this process; the database's own work is apart); load {os.getloadavg()[0]:.2f}"
        )
    if args.top:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            first()
        profiler.disable()
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
