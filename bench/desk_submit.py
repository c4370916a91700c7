"""Benchmark: the public request form under load, on PostgreSQL, behind granian (issue 5).

    .venv/bin/pip install -e '.[dev,bench]'          # once: locust
    PG_DURABLE=1 ./scripts/with-postgres.sh .venv/bin/python bench/desk_submit.py --seconds 45 --users 32

Options: --mode post|visit, --users 8 (as many as the server runs at once), --rounds N, --rate R
(paced, about R iterations/s in all: latency below saturation), --rate-limit on, --json FILE. See
bench/README.md.

Targets: the form's submissions (POST/s) ≥ 50% of the requests/s of a minimal endpoint on the same
server that inserts one row; p99 ≤ 200 ms; zero lost submissions (rows counted after the run).

Steps, in one process tree:

1. Migrate the database in DATABASE_URL (PostgreSQL; `scripts/with-postgres.sh` makes a throwaway
   cluster, PG_DURABLE=1 keeps its default durability) and seed `--scale demo` (one university,
   82 live orgs) unless a university exists.
2. Start granian with the Makefile's `run` flags (WSGI, 2 workers, 4 blocking threads, backpressure
   16) on a free loopback port, production-like: USE_PRODUCTION=1, USE_HTTPS=1 (the load tool sends
   X-Forwarded-Proto: https and an Origin, as the TLS proxy in front would), DEBUG off, a random
   SECRET_KEY, a file cache and media folder in a temporary directory. LIUHAO_BENCH=1 adds the
   minimal endpoint /bench/ping/ (liuhao.bench); DESK_RATE_LIMIT=0 lifts the per-client limit that
   every simulated requester would hit at once from one loopback address (`--rate-limit on` keeps it
   and gives each submission its own X-Forwarded-For address instead, TRUSTED_PROXY_COUNT=1).
3. For each round: (a) PingUser, then (b) PostUser (`--mode post`, the default: the submit endpoint
   alone) or SubmitUser (`--mode visit`: GET then POST) (bench/desk_locust.py), each after a short
   warm-up run that is not reported, with `--users` concurrent users and no think time (unless
   --rate).
4. Print requests/s, p50/p95/p99 and errors of each request kind, the ratio submissions/s ÷
   pings/s, the rows before/after against the successful POSTs (and every ping id and reference
   the load tool was answered with looked up in the database), the CPU time of the server,
   PostgreSQL and locust (also per submission), and the machine's load; then stop the server.
   Exit status 1 if a submission or a ping was lost.

How GETs count: in `--mode post` each locust user GETs the form once when it starts (the CSRF cookie,
valid for all its POSTs; the one-time code is made by the load tool as the page makes it), so the
measured window holds POSTs only. In `--mode visit` each submission is a GET of the form then a POST. Submission throughput is POSTs/s
(= completed visits/s); the GETs are served by the same server in the same run, so they lower it,
and they are reported on their own line (their latency too), never added to the throughput.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
LOCUSTFILE = ROOT / "bench" / "desk_locust.py"
TARGET_RATIO = 0.5
TARGET_P99_MS = 200.0
GRANIAN_FLAGS = [
    "--workers",
    "2",
    "--blocking-threads",
    "4",
    "--backpressure",
    "16",
]  # Makefile run


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30, help="measured seconds per scenario")
    parser.add_argument("--users", type=int, default=32, help="concurrent locust users")
    parser.add_argument("--warmup", type=int, default=5, help="unreported seconds before each run")
    parser.add_argument("--rounds", type=int, default=1, help="ping+submit rounds (alternating)")
    parser.add_argument(
        "--rate-limit",
        choices=["off", "on"],
        default="off",
        help="off: DESK_RATE_LIMIT=0; on: keep it, one X-Forwarded-For address per submission",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="pace the users to this many iterations/s in all (pings, or submissions: GET+POST) "
        "to read the latency below saturation; the ratio is meaningful only without it",
    )
    parser.add_argument(
        "--mode",
        choices=["post", "visit"],
        default="post",
        help="post: the submit endpoint alone (POSTs; one GET per user at its start for the CSRF "
        "cookie); visit: each submission is a GET of the form then its POST",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args()


# ---- environment, database ----------------------------------------------------------------------


def server_env(tmp: Path, rate_limit: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        USE_PRODUCTION="1",
        USE_HTTPS="1",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        LIUHAO_BENCH="1",
        DESK_RATE_LIMIT="0" if rate_limit == "off" else "1",
        TRUSTED_PROXY_COUNT="0" if rate_limit == "off" else "1",
        CACHE_LOCATION=str(tmp / "cache"),
        MEDIA_ROOT=str(tmp / "media"),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def prepare_database() -> tuple[list[int], str]:
    """Migrate, seed the demo university if none exists; the live orgs of the first university."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from liuhao.desk.selectors import request_universities
    from liuhao.orgs.models import Organization
    from liuhao.orgs.seeding.run import seed_run

    call_command("migrate", verbosity=0)
    if not request_universities().exists():
        started = time.perf_counter()
        seed_run(scale="demo")
        print(f"seeded --scale demo in {time.perf_counter() - started:.1f} s", flush=True)
    university = request_universities().first()
    assert university is not None
    org_ids = list(
        Organization.objects.active().filter(university=university).values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW fsync")
        fsync = cursor.fetchone()[0]
        cursor.execute("SHOW synchronous_commit")
        sync = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"university {university.name}: {len(org_ids)} live orgs", flush=True)
    return org_ids, f"PostgreSQL {version}, fsync={fsync}, synchronous_commit={sync}"


def row_counts() -> dict[str, int]:
    from django.db import close_old_connections

    from liuhao.bench.models import BenchPing
    from liuhao.desk.models import RequestEvent, RequestFile, ServiceRequest

    close_old_connections()
    return {
        "ping": BenchPing.objects.count(),
        "request": ServiceRequest.objects.count(),
        "event": RequestEvent.objects.count(),
        "file": RequestFile.objects.count(),
    }


def settled_row_counts() -> dict[str, int]:
    """Row counts once the server has finished what was still queued when locust stopped (the
    requests of a run's last moment, which locust no longer waited for)."""
    counts = row_counts()
    for _ in range(30):
        time.sleep(0.5)
        again = row_counts()
        if again == counts:
            return counts
        counts = again
    return counts


def references_found(scenario: str, references: list[str]) -> int:
    """How many of the ids (pings) or references (requests) the load tool was answered with are
    rows in the database."""
    from liuhao.bench.models import BenchPing
    from liuhao.desk.models import ServiceRequest

    found = 0
    for start in range(0, len(references), 1000):
        chunk = references[start : start + 1000]
        if scenario == "PingUser":
            found += BenchPing.objects.filter(pk__in=[int(pk) for pk in chunk]).count()
        else:
            found += ServiceRequest.objects.filter(reference__in=chunk).count()
    return found


# ---- processes -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        str(VENV_BIN / "granian"),
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *GRANIAN_FLAGS,
        "config.wsgi:application",
    ]
    print("server:", " ".join(command[1:]), flush=True)
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/r/", headers={"X-Forwarded-Proto": "https"}
    )
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"granian exited ({server.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"granian did not answer within 60 s:\n{log.read_text()}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class CpuSampler(threading.Thread):
    """CPU seconds (user + system) used by the process trees under `roots` while it runs.

    Sampled per process every 0.2 s, so a process that ends during the run (a PostgreSQL backend
    whose connection reached DB_CONN_MAX_AGE) still counts up to its last sample, and one that
    starts counts from zero. psutil ships with locust.
    """

    def __init__(self, roots: list[int]) -> None:
        super().__init__(daemon=True)
        self.roots = roots
        self.first: dict[tuple[int, float], float] = {}
        self.last: dict[tuple[int, float], float] = {}
        self.stopping = threading.Event()
        self._sample(initial=True)

    def _sample(self, initial: bool = False) -> None:
        import psutil

        for root in self.roots:
            try:
                top = psutil.Process(root)
                procs = [top, *top.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
            for proc in procs:
                try:
                    times = proc.cpu_times()
                    key = (proc.pid, proc.create_time())
                except psutil.NoSuchProcess:
                    continue
                used = times.user + times.system
                self.first.setdefault(key, used if initial else 0.0)
                self.last[key] = used

    def run(self) -> None:
        while not self.stopping.wait(0.2):
            self._sample()

    def stop(self) -> float:
        self.stopping.set()
        self.join()
        self._sample()
        return sum(self.last[key] - self.first[key] for key in self.last)


def postmaster_pid() -> int | None:
    """The PostgreSQL server listening on DATABASE_URL's port (its backends are its children)."""
    import psutil

    port = urlparse(os.environ.get("DATABASE_URL", "")).port
    for proc in psutil.process_iter(["name", "cmdline"]):
        cmdline = proc.info.get("cmdline") or []
        if proc.info.get("name") == "postgres" and f"-p {port}" in " ".join(cmdline):
            return int(proc.pid)
    return None


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return float(sum(values) - idle), float(sum(values))


# ---- one locust run ----------------------------------------------------------------------------------


@dataclass
class Figures:
    name: str
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float
    max_ms: float


@dataclass
class Run:
    scenario: str
    seconds: int
    users: int
    lines: list[Figures] = field(default_factory=list)
    rows_before: dict[str, int] = field(default_factory=dict)
    rows_after: dict[str, int] = field(default_factory=dict)
    references: int = 0
    references_found: int = 0
    cpu_server: float = 0.0
    cpu_postgres: float = 0.0
    cpu_locust: float = 0.0
    machine_busy_pct: float = 0.0
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    errors: dict[str, int] = field(default_factory=dict)

    def line(self, name: str) -> Figures:
        empty = Figures(name, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0)
        return next((f for f in self.lines if f.name == name), empty)


def _percentile(histogram: dict[int, int], total: int, share: float) -> float:
    """The response time (ms) below which `share` of the requests fall (locust's rounded buckets)."""
    needed = max(1, math.ceil(total * share))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= needed:
            return float(value)
    return 0.0


def read_stats(path: Path) -> list[Figures]:
    """Locust's final statistics (--json-file, written at shutdown; its CSV is flushed lazily)."""
    lines = []
    for entry in json.loads(path.read_text(encoding="utf-8")):
        histogram = {int(k): int(v) for k, v in entry["response_times"].items()}
        total = sum(histogram.values())
        span = (entry["last_request_timestamp"] or entry["start_time"]) - entry["start_time"]
        lines.append(
            Figures(
                name=f"{entry['method']} {entry['name'].split(' ', 1)[-1]}",
                requests=int(entry["num_requests"]),
                failures=int(entry["num_failures"]),
                rps=entry["num_requests"] / span if span > 0 else 0.0,
                p50=_percentile(histogram, total, 0.50),
                p95=_percentile(histogram, total, 0.95),
                p99=_percentile(histogram, total, 0.99),
                max_ms=float(entry["max_response_time"] or 0),
            )
        )
    return lines


def run_locust(
    user_class: str,
    *,
    port: int,
    seconds: int,
    users: int,
    env: dict[str, str],
    tmp: Path,
    tag: str,
    server: subprocess.Popen[bytes],
    postmaster: int | None,
    measure: bool,
) -> Run:
    prefix = tmp / f"{tag}"
    refs = tmp / f"{tag}.refs"
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "15",
        "--host",
        f"http://127.0.0.1:{port}",
        "--json-file",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
        user_class,
    ]
    run = Run(scenario=user_class, seconds=seconds, users=users)
    if measure:
        run.rows_before = settled_row_counts()
    run.load_before = os.getloadavg()
    server_cpu = CpuSampler([server.pid])
    postgres_cpu = CpuSampler([postmaster] if postmaster else [])
    server_cpu.start()
    postgres_cpu.start()
    busy0, total0 = machine_busy()
    with (tmp / f"{tag}.log").open("wb") as log:
        locust = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "BENCH_REFS_FILE": str(refs)},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        # wait4 gives the child's own CPU time, exactly.
        _pid, status, usage = os.wait4(locust.pid, 0)
    locust.returncode = os.waitstatus_to_exitcode(status)
    busy1, total1 = machine_busy()
    run.load_after = os.getloadavg()
    run.cpu_server = server_cpu.stop()
    run.cpu_postgres = postgres_cpu.stop()
    run.cpu_locust = usage.ru_utime + usage.ru_stime
    run.machine_busy_pct = 100.0 * (busy1 - busy0) / max(total1 - total0, 1.0)
    if locust.returncode != 0:
        raise SystemExit(f"locust failed ({locust.returncode}): {(tmp / f'{tag}.log').read_text()}")
    run.lines = read_stats(Path(f"{prefix}.json"))
    errors = Path(f"{refs}.errors.json")
    run.errors = json.loads(errors.read_text(encoding="utf-8")) if errors.exists() else {}
    if measure:
        run.rows_after = settled_row_counts()
        references = (
            [r for r in refs.read_text(encoding="utf-8").split("\n") if r] if refs.exists() else []
        )
        run.references = len(references)
        run.references_found = references_found(user_class, references)
    return run


# ---- report --------------------------------------------------------------------------------------


def load_text(run: Run) -> str:
    before = "/".join(f"{v:.2f}" for v in run.load_before)
    after = "/".join(f"{v:.2f}" for v in run.load_after)
    return f"load {before} → {after} (1/5/15 min), machine CPU busy {run.machine_busy_pct:.0f}%"


def print_run(run: Run) -> None:
    print(f"\n{run.scenario}: {run.users} users, {run.seconds} s; {load_text(run)}")
    print(
        f"  {'request':<20} {'count':>7} {'errors':>6} {'req/s':>8} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}  ms"
    )
    for f in run.lines:
        print(
            f"  {f.name:<20} {f.requests:>7} {f.failures:>6} {f.rps:>8.1f} "
            f"{f.p50:>6.0f} {f.p95:>6.0f} {f.p99:>6.0f} {f.max_ms:>6.0f}"
        )
    for message, count in sorted(run.errors.items(), key=lambda item: -item[1]):
        print(f"  error ×{count}: {message}")
    wall = run.seconds
    posts = sum(f.requests - f.failures for f in run.lines if f.name.startswith("POST"))
    print(
        f"  CPU s over the run: server {run.cpu_server:.1f} (of {2 * wall} on 2 cores), "
        f"PostgreSQL {run.cpu_postgres:.1f}, locust {run.cpu_locust:.1f}; per successful POST "
        f"(with its GET): server {1000 * run.cpu_server / max(posts, 1):.2f} ms, PostgreSQL "
        f"{1000 * run.cpu_postgres / max(posts, 1):.2f} ms"
    )


def check_rows(run: Run, key: str, post: Figures) -> bool:
    """Zero lost: every answer the load tool got is a row (ids or references looked up), and
    the rows added are the successful POSTs. Rows beyond them are requests the server finished
    after locust stopped waiting at the end of the run (at most one per user), shown apart."""
    ok_posts = post.requests - post.failures
    added = run.rows_after[key] - run.rows_before[key]
    lost = ok_posts - run.references_found
    unobserved = added - run.references_found
    print(
        f"  rows {key}: {run.rows_before[key]} → {run.rows_after[key]} (+{added}); successful "
        f"POSTs {ok_posts}; answered ids/references {run.references}, found {run.references_found}"
        f"; lost {lost}" + (f"; {unobserved} finished after locust stopped" if unobserved else "")
    )
    if key == "request":
        print(
            f"  events +{run.rows_after['event'] - run.rows_before['event']}, "
            f"files +{run.rows_after['file'] - run.rows_before['file']}"
        )
    return lost == 0 and run.references == ok_posts and 0 <= unobserved <= run.users


def main() -> int:
    args = parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print(
            "DATABASE_URL is not PostgreSQL: run through scripts/with-postgres.sh", file=sys.stderr
        )
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="liuhao-bench-"))
    env = server_env(tmp, args.rate_limit)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "LIUHAO_BENCH", "SECRET_KEY")})
    org_ids, database = prepare_database()
    env["BENCH_ORG_IDS"] = ",".join(str(pk) for pk in org_ids)
    env["BENCH_HTTPS"] = "1"
    env["BENCH_USER_RATE"] = str(args.rate / args.users) if args.rate else ""
    env["BENCH_SPOOF_CLIENTS"] = "1" if args.rate_limit == "on" else "0"
    port = free_port()
    print(database, flush=True)
    pacing = f"paced to {args.rate:g} iterations/s" if args.rate else "closed loop, no think time"
    load = "/".join(f"{v:.2f}" for v in os.getloadavg())
    print(
        f"rate limit: {args.rate_limit}; {pacing}; {os.cpu_count()} CPUs; load {load}", flush=True
    )
    server = start_server(env, port, tmp / "granian.log")
    postmaster = postmaster_pid()
    rounds: list[tuple[Run, Run]] = []
    ok = True
    try:
        common: dict[str, Any] = {
            "port": port,
            "users": args.users,
            "env": env,
            "tmp": tmp,
            "server": server,
            "postmaster": postmaster,
        }
        for n in range(1, args.rounds + 1):
            runs = []
            submitter = "PostUser" if args.mode == "post" else "SubmitUser"
            for user_class in ("PingUser", submitter):
                if args.warmup:
                    run_locust(
                        user_class,
                        seconds=args.warmup,
                        tag=f"warm-{user_class}-{n}",
                        measure=False,
                        **common,
                    )
                run = run_locust(
                    user_class,
                    seconds=args.seconds,
                    tag=f"{user_class}-{n}",
                    measure=True,
                    **common,
                )
                print_run(run)
                key = "ping" if user_class == "PingUser" else "request"
                name = "POST /bench/ping/" if user_class == "PingUser" else "POST /r/new/"
                ok = check_rows(run, key, run.line(name)) and ok
                runs.append(run)
            rounds.append((runs[0], runs[1]))
    finally:
        stop_server(server)
    summarize(rounds, args)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "database": database,
                    "args": {k: str(v) for k, v in vars(args).items()},
                    "rounds": [[asdict(p), asdict(s)] for p, s in rounds],
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


def summarize(rounds: list[tuple[Run, Run]], args: argparse.Namespace) -> None:
    print("\nsummary")
    ratios = []
    for n, (ping, submit) in enumerate(rounds, 1):
        pings = ping.line("POST /bench/ping/")
        posts = submit.line("POST /r/new/")
        gets = submit.line("GET /r/new/")
        ratio = posts.rps / pings.rps if pings.rps else 0.0
        cpu_ratio = (
            (ping.cpu_server / pings.requests) / (submit.cpu_server / posts.requests)
            if pings.requests and posts.requests and submit.cpu_server
            else 0.0
        )
        # In post mode the few GETs are each user's start (its CSRF cookie), outside the target.
        worst = max(posts.p99, gets.p99) if args.mode == "visit" else posts.p99
        p99 = f"{'OK' if worst <= TARGET_P99_MS else 'OVER'} ≤ {TARGET_P99_MS:.0f} ms"
        also = (
            f" (+ {gets.rps:.1f} GET/s), p99 POST {posts.p99:.0f} ms / GET {gets.p99:.0f} ms"
            if args.mode == "visit"
            else f", p99 {posts.p99:.0f} ms"
        )
        print(
            f"  round {n}: ping {pings.rps:.1f}/s (p99 {pings.p99:.0f} ms); submissions "
            f"{posts.rps:.1f}/s{also} [{p99}]"
        )
        if args.rate:
            print("           paced run: no ratio (both scenarios ran at the pace asked)")
            continue
        ratios.append(ratio)
        flow = (
            f"; all requests of the form (GET + POST) ÷ pings "
            f"{(posts.rps + gets.rps) / pings.rps if pings.rps else 0.0:.1%}"
            if args.mode == "visit"
            else ""
        )
        print(
            f"           submissions/s ÷ pings/s {ratio:.1%} "
            f"[{'OK' if ratio >= TARGET_RATIO else 'UNDER'} ≥ {TARGET_RATIO:.0%}]{flow}; server "
            f"CPU of a ping ÷ of a submission {cpu_ratio:.1%}"
        )
    if len(ratios) > 1:
        print(f"  median ratio {statistics.median(ratios):.1%}")


if __name__ == "__main__":
    sys.exit(main())
