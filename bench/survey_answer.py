"""Benchmark: the survey answering endpoint under load, on PostgreSQL, behind granian (issue 6).

    .venv/bin/pip install -e '.[dev,bench]'          # once: locust
    PG_DURABLE=1 ./scripts/with-postgres.sh .venv/bin/python bench/survey_answer.py --tokens 6000

Options: --seconds 30, --users 16 (each sends two racing POSTs at once), --rounds N, --rate R
(paced: about R answers/s in all, for the latency below saturation), --json FILE.
See bench/README.md "survey_answer.py".

Targets: answers/s ≥ 50% of the requests/s of a minimal endpoint on the same server that inserts
one row; p99 ≤ 200 ms; zero duplicate or lost answers after a run that submits every token twice,
concurrently.

Steps:

1. Migrate the database of DATABASE_URL (PostgreSQL), seed `--scale demo` unless a university
   exists (bench/desk_submit.py's `prepare_database`), then create and open (the services, as a
   university admin) as many surveys of the university (whole subtree, 全体师生, the ready
   satisfaction template: four Likert questions and an open one) as `--tokens` invitations need.
2. Start granian as bench/desk_submit.py does (Makefile flags, production settings, LIUHAO_BENCH=1).
3. Setup, outside the timed window: open every printed link once, GET /s/<token>/ (the token's hash
   goes into a new session; 302 to /s/answer/<id>/), and keep the session cookie. A CSRF cookie is
   made up per invitation as a browser would get one.
4. For each round: PingUser (POST /bench/ping/), then AnswerUser (bench/survey_locust.py): every
   invitation taken is POSTed twice at once with the full sheet; a warm-up run of each first.
5. Print requests/s, p50/p95/p99/max, the outcomes (stored / already answered / other), CPU seconds
   of granian, PostgreSQL and locust, and the ratio answers/s ÷ pings/s; then check, once the
   server is idle: answer sheets (ballot box + counted) == invitations used == invitations stored by
   exactly one of their two POSTs, and no invitation stored twice. Exit status 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import math
import os
import secrets
import shutil
import string
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import desk_submit as load  # noqa: E402 - the desk benchmark's server, locust and CPU helpers

load.LOCUSTFILE = ROOT / "bench" / "survey_locust.py"
PING = "POST /bench/ping/"
ANSWER = "POST /s/answer/"
TITLE = "基准测试：满意度测评"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=6000, help="invitations to open")
    parser.add_argument("--seconds", type=int, default=30, help="measured seconds per scenario")
    parser.add_argument("--users", type=int, default=16, help="locust users (2 POSTs at once each)")
    parser.add_argument("--warmup", type=int, default=5, help="unreported seconds before each run")
    parser.add_argument("--rounds", type=int, default=1, help="ping+answer rounds (alternating)")
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="pace the users to this many iterations/s in all (pings, or answers: two POSTs) to "
        "read the latency below saturation; the ratio is meaningful only without it",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args()


# ---- surveys and tokens ------------------------------------------------------------------------


def open_surveys(tokens: int) -> tuple[list[tuple[int, str]], dict[str, list[list[Any]]]]:
    """Open enough surveys of the first university for `tokens` invitations; returns (survey id,
    raw token) pairs (shown once by survey_open) and each survey's questions [[id, kind]]."""
    from django.utils import timezone

    from liuhao.accounts.models import User
    from liuhao.core.roles import Role
    from liuhao.desk.selectors import request_universities
    from liuhao.orgs.models import RoleAssignment
    from liuhao.surveys.choices import Audience
    from liuhao.surveys.models import Question
    from liuhao.surveys.services import survey_create, survey_open

    university = request_universities().first()
    assert university is not None
    user, _ = User.objects.get_or_create(
        username="bench-survey", defaults={"display_name": "基准测试"}
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.UNIVERSITY_ADMIN, org=university)
    today = timezone.localdate()
    out: list[tuple[int, str]] = []
    questions: dict[str, list[list[Any]]] = {}
    started = time.perf_counter()
    while len(out) < tokens:
        survey = survey_create(
            actor=user,
            org=university,
            template="satisfaction",
            period=f"{today.year}-{today.year + 1}",
            opens_on=today,
            closes_on=today + dt.timedelta(days=30),
            include_subtree=True,
            audiences=[Audience.EVERYONE],
            title=TITLE,
        )
        opened = survey_open(actor=user, survey=survey, today=today)
        out.extend((survey.pk, token) for token in opened.tokens.values())
        questions[str(survey.pk)] = [
            [q.pk, q.kind] for q in Question.objects.filter(survey=survey).order_by("order")
        ]
    print(
        f"opened {len(questions)} surveys ({len(out)} invitations) in "
        f"{time.perf_counter() - started:.1f} s; the benchmark uses {tokens}",
        flush=True,
    )
    return out[:tokens], questions


def csrf_cookie() -> str:
    """A CSRF cookie value of Django's format (32 letters and digits), as a browser is given."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


def harvest(port: int, pairs: list[tuple[int, str]], threads: int = 8) -> list[list[Any]]:
    """Setup (not timed): GET /s/<token>/ once per invitation, keep the session cookie."""

    def one(chunk: list[tuple[int, str]]) -> list[list[Any]]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        got = []
        for survey_id, token in chunk:
            conn.request("GET", f"/s/{token}/", headers={"X-Forwarded-Proto": "https"})
            response = conn.getresponse()
            response.read()
            cookies = response.headers.get_all("Set-Cookie") or []
            session = next(
                (
                    c.split(";", 1)[0].split("=", 1)[1]
                    for c in cookies
                    if c.startswith("sessionid=")
                ),
                None,
            )
            if response.status != 302 or not session:
                raise SystemExit(f"GET /s/<token>/: status {response.status}, no session")
            got.append([survey_id, session, csrf_cookie()])
        conn.close()
        return got

    size = math.ceil(len(pairs) / threads)
    chunks = [pairs[i : i + size] for i in range(0, len(pairs), size)]
    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        invites = [row for rows in pool.map(one, chunks) for row in rows]
    seconds = time.perf_counter() - started
    print(
        f"setup: {len(invites)} links opened (GET /s/<token>/ → session) in {seconds:.1f} s, "
        f"{len(invites) / seconds:.0f}/s",
        flush=True,
    )
    return invites


def db_counts(survey_ids: list[int]) -> dict[str, int]:
    """Answer sheets (ballot box + counted) and used invitations of the benchmark's surveys."""
    from django.db import close_old_connections

    from liuhao.surveys.models import Ballot, Invitation, Response

    close_old_connections()
    return {
        "ballots": Ballot.objects.filter(survey_id__in=survey_ids).count(),
        "responses": Response.objects.filter(survey_id__in=survey_ids).count(),
        "used": Invitation.objects.filter(survey_id__in=survey_ids, used=True).count(),
    }


def settled(survey_ids: list[int]) -> dict[str, int]:
    counts = db_counts(survey_ids)
    for _ in range(30):
        time.sleep(0.5)
        again = db_counts(survey_ids)
        if again == counts:
            return counts
        counts = again
    return counts


# ---- runs --------------------------------------------------------------------------------------


def answer_run(common: dict[str, Any], tag: str, seconds: int, start: int) -> tuple[Any, dict]:
    """One AnswerUser run from invitation `start`; returns locust's figures and the outcomes."""
    answers = common["tmp"] / f"{tag}.answers.json"
    env = {**common["env"], "BENCH_TOKEN_START": str(start), "BENCH_ANSWERS_FILE": str(answers)}
    run = load.run_locust(
        "AnswerUser", seconds=seconds, tag=tag, measure=False, **{**common, "env": env}
    )
    outcomes = {int(k): v for k, v in json.loads(answers.read_text()).items()}
    return run, outcomes


def ping_run(common: dict[str, Any], tag: str, seconds: int) -> Any:
    run = load.run_locust("PingUser", seconds=seconds, tag=tag, measure=False, **common)
    refs = common["tmp"] / f"{tag}.refs"
    ids = [r for r in refs.read_text().split("\n") if r] if refs.exists() else []
    run.references = len(ids)
    run.references_found = load.references_found("PingUser", ids)
    return run


def tally(outcomes: dict[int, list[str]]) -> Counter[str]:
    """Per invitation: "ok" (one stored, one already answered), "duplicate" (stored twice),
    "none stored", "unfinished" (a POST cut off when the run stopped) or "error"."""
    kinds: Counter[str] = Counter()
    for pair in outcomes.values():
        stored = pair.count("stored")
        if len(pair) < 2:
            kinds["unfinished"] += 1
        elif stored > 1:
            kinds["duplicate"] += 1
        elif any(o.startswith("status") for o in pair):
            kinds["error (" + ", ".join(o for o in pair if o.startswith("status")) + ")"] += 1
        elif stored == 0:
            kinds["none stored"] += 1
        else:
            kinds["ok"] += 1
    return kinds


def main() -> int:
    args = parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print(
            "DATABASE_URL is not PostgreSQL: run through scripts/with-postgres.sh", file=sys.stderr
        )
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="liuhao-bench-"))
    env = load.server_env(tmp, "off")
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "LIUHAO_BENCH", "SECRET_KEY")})
    _orgs, database = load.prepare_database()
    pairs, questions = open_surveys(args.tokens)
    survey_ids = sorted({survey_id for survey_id, _ in pairs})
    port = load.free_port()
    print(database, flush=True)
    print(
        f"{os.cpu_count()} CPUs; load {'/'.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True
    )
    server = load.start_server(env, port, tmp / "granian.log")
    postmaster = load.postmaster_pid()
    ok = True
    rounds = []
    all_outcomes: dict[int, list[str]] = {}
    try:
        invites = harvest(port, pairs)
        tokens_file = tmp / "tokens.json"
        tokens_file.write_text(json.dumps({"invites": invites, "questions": questions}))
        env.update(
            BENCH_TOKENS_FILE=str(tokens_file),
            BENCH_HTTPS="1",
            BENCH_USER_RATE=str(args.rate / args.users) if args.rate else "",
        )
        common: dict[str, Any] = {
            "port": port,
            "users": args.users,
            "env": env,
            "tmp": tmp,
            "server": server,
            "postmaster": postmaster,
        }
        before = settled(survey_ids)
        start = 0
        for n in range(1, args.rounds + 1):
            if args.warmup:
                ping_run(common, f"warm-ping-{n}", args.warmup)
            ping = ping_run(common, f"ping-{n}", args.seconds)
            load.print_run(ping)
            print(
                f"  pings answered {ping.references}, found in the database {ping.references_found}"
            )
            ok = ok and ping.references == ping.references_found
            runs = []
            for tag, seconds in ((f"warm-answer-{n}", args.warmup), (f"answer-{n}", args.seconds)):
                if not seconds:
                    continue
                run, outcomes = answer_run(common, tag, seconds, start)
                start = max(outcomes, default=start - 1) + 1
                all_outcomes.update(outcomes)
                runs.append((tag, run, outcomes))
            _tag, answer, outcomes = runs[-1]
            load.print_run(answer)
            kinds = tally(outcomes)
            stored = sum(pair.count("stored") for pair in outcomes.values())
            line = answer.line(ANSWER)
            span = answer.seconds
            print(
                f"  invitations taken {len(outcomes)}: "
                + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
                + f"; answers stored {stored} ({stored / span:.1f}/s), POSTs {line.requests} "
                f"({line.rps:.1f}/s)"
            )
            rounds.append((ping, answer, stored / span, kinds))
            if start >= len(invites):
                print("  (all harvested invitations used: raise --tokens for longer runs)")
                break
    finally:
        load.stop_server(server)
    after = settled(survey_ids)
    ok = check(before, after, all_outcomes) and ok
    summarize(rounds)
    if args.rate:
        print(f"  paced run ({args.rate:g} iterations/s asked): no ratio, read the latency")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "database": database,
                    "args": {k: str(v) for k, v in vars(args).items()},
                    "rounds": [
                        {
                            "ping": asdict(p),
                            "answer": asdict(a),
                            "answers_per_s": rate,
                            "outcomes": dict(kinds),
                        }
                        for p, a, rate, kinds in rounds
                    ],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    if "BENCH_KEEP" not in os.environ:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"kept {tmp}")
    return 0 if ok else 1


def check(before: dict[str, int], after: dict[str, int], outcomes: dict[int, list[str]]) -> bool:
    """Zero duplicate, zero lost, over every run (warm-ups included)."""
    kinds = tally(outcomes)
    stored = sum(pair.count("stored") for pair in outcomes.values())
    sheets = (after["ballots"] + after["responses"]) - (before["ballots"] + before["responses"])
    used = after["used"] - before["used"]
    print(
        f"\ncheck (all runs): invitations taken {len(outcomes)}; "
        + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        + f"\n  answer sheets added {sheets} (ballot box {after['ballots']}, counted "
        f"{after['responses'] - before['responses']}); invitations used {used}; stored answers "
        f"seen by the load tool {stored}"
    )
    unfinished = kinds["unfinished"]
    errors = sum(n for kind, n in kinds.items() if kind.startswith("error"))
    ok = (
        kinds["duplicate"] == 0
        and kinds["none stored"] == 0
        and errors == 0
        and sheets == used
        and stored <= sheets <= stored + unfinished
    )
    print(f"  zero duplicate and zero lost: {'OK' if ok else 'FAILED'}")
    return ok


def summarize(rounds: list[tuple[Any, Any, float, Counter[str]]]) -> None:
    print("\nsummary")
    for n, (ping, answer, rate, _kinds) in enumerate(rounds, 1):
        pings = ping.line(PING)
        posts = answer.line(ANSWER)
        ratio = rate / pings.rps if pings.rps else 0.0
        cpu_ping = 1000 * ping.cpu_server / max(pings.requests, 1)
        cpu_post = 1000 * answer.cpu_server / max(posts.requests, 1)
        cpu_answer = 1000 * answer.cpu_server / max(rate * answer.seconds, 1)
        pg_answer = 1000 * answer.cpu_postgres / max(rate * answer.seconds, 1)
        verdict = "OK" if posts.p99 <= load.TARGET_P99_MS else "OVER"
        print(
            f"  round {n}: ping {pings.rps:.1f}/s (p99 {pings.p99:.0f} ms); answers {rate:.1f}/s "
            f"in {posts.rps:.1f} POST/s (half of them the racing duplicate), p99 POST "
            f"{posts.p99:.0f} ms [{verdict} ≤ {load.TARGET_P99_MS:.0f} ms]\n"
            f"           answers/s ÷ pings/s {ratio:.1%} "
            f"[{'OK' if ratio >= load.TARGET_RATIO else 'UNDER'} ≥ {load.TARGET_RATIO:.0%}]; "
            f"POSTs/s ÷ pings/s {posts.rps / pings.rps if pings.rps else 0:.1%}\n"
            f"           server CPU: ping {cpu_ping:.2f} ms, POST {cpu_post:.2f} ms, answer (two "
            f"POSTs) {cpu_answer:.2f} ms (PostgreSQL {pg_answer:.2f} ms)"
        )


if __name__ == "__main__":
    sys.exit(main())
