"""Locust users of bench/desk_submit.py (run by it; not meant to be started by hand).

- PingUser: POST /bench/ping/ (one INSERT; the framework-and-database ceiling).
- PostUser: the submit endpoint alone (what the issue's target is about): POSTs of the form, with
  the CSRF cookie of one GET made when the user starts, each with a new one-time code.
- SubmitUser: a requester's whole visit to the public form: GET /r/new/?org=<id> (CSRF cookie and the
  form's one-time code), then POST the form as the browser does (multipart/form-data): named or
  anonymous, sometimes urgent, a small PNG on some. A POST counts as a success only when the page
  answers 200 with a reference number (SQyymmdd-XXXXXX).

The ping ids and the references answered are written to BENCH_REFS_FILE at the end, so that the
driver can find each one in the database.

No wait time by default: every user sends its next request as soon as the previous one answers (a
closed loop that saturates the server); BENCH_USER_RATE paces each user instead (--rate).

Settings come from the environment (set by the driver): BENCH_ORG_IDS (comma-separated), BENCH_HTTPS=1 (send X-Forwarded-Proto: https and an Origin, as a
TLS proxy in front of the site would), BENCH_SPOOF_CLIENTS=1 (a distinct X-Forwarded-For address
per submission, to keep the rate limit on), BENCH_REFS_FILE, BENCH_SEED.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import struct
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

from locust import FastHttpUser, constant, events, task

ORG_IDS = [int(x) for x in os.environ.get("BENCH_ORG_IDS", "").split(",") if x]
HTTPS = os.environ.get("BENCH_HTTPS") == "1"
SPOOF = os.environ.get("BENCH_SPOOF_CLIENTS") == "1"
REFS_FILE = os.environ.get("BENCH_REFS_FILE", "")
RNG = random.Random(int(os.environ.get("BENCH_SEED", "5")))
USER_RATE = float(os.environ.get("BENCH_USER_RATE") or 0)

CSRF_COOKIE_RE = re.compile(r"csrftoken=([A-Za-z0-9]+)")
NONCE_RE = re.compile(r'name="nonce" value="([A-Za-z0-9_-]+)"')
REFERENCE_RE = re.compile(r"SQ\d{6}-[A-Z0-9]{6}")
REFERENCES: list[str] = []
ERRORS: Counter[str] = Counter()

CATEGORIES = [
    "member_affairs",
    "study_life",
    "teaching_research",
    "campus_service",
    "advice",
    "other",
]
TITLES = [
    "宿舍网络经常断线",
    "组织关系转接需要哪些材料",
    "实验室通风设备故障",
    "食堂晚餐供应时间太短",
    "希望增加党课线上回看",
    "图书馆自习座位不足",
    "入党积极分子培训时间冲突",
    "教学楼饮水机长期损坏",
]
SENTENCES = [
    "三号楼晚上十点后网络经常断线，影响学习和查资料。",
    "已经向宿管反映过两次，目前还没有解决。",
    "希望党组织能够协调相关部门尽快处理。",
    "这个问题在期末复习期间尤其突出，很多同学都有同样的感受。",
    "建议在学院网站上公布办理流程和联系人，方便师生了解进度。",
    "具体时间一般在工作日晚上，周末情况稍好一些。",
    "如需进一步了解情况，可以通过联系方式与我沟通。",
    "感谢党组织对师生诉求的关注和支持。",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚"


def _png(width: int = 80, height: int = 80) -> bytes:
    """A valid RGB PNG of random pixels (about 19 KB: noise does not compress)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + RNG.randbytes(width * 3) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = _png()


def multipart(
    fields: list[tuple[str, str]], files: list[tuple[str, str, bytes]]
) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser sends the form (fields, then files)."""
    boundary = f"----liuhaobench{secrets.token_hex(8)}"
    parts: list[bytes] = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, filename, content in files:
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: image/png\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    if not files:  # an empty file input is still sent by a browser
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename=""\r\n'
                "Content-Type: application/octet-stream\r\n\r\n\r\n"
            ).encode()
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _fail(response: Any, message: str) -> None:
    ERRORS[message] += 1
    response.failure(message)


def _think() -> float:
    """Paced: an exponential think time of mean 1/BENCH_USER_RATE, so that the users' requests
    arrive at random (nearly a Poisson stream) rather than in step, as a fixed pace would keep
    users started together."""
    return RNG.expovariate(USER_RATE)


class _BenchUser(FastHttpUser):
    abstract = True
    # Closed loop by default; BENCH_USER_RATE paces each user to about that many iterations a second.
    wait_time = staticmethod(_think) if USER_RATE else constant(0)

    def base_headers(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        if HTTPS:
            headers["X-Forwarded-Proto"] = "https"
        return headers


class PingUser(_BenchUser):
    @task
    def ping(self) -> None:
        with self.client.post(
            "/bench/ping/",
            data=b"",
            headers=self.base_headers(),
            name="POST /bench/ping/",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                _fail(response, f"ping: status {response.status_code}")
            else:
                REFERENCES.append(response.text or "")


class _Requester(_BenchUser):
    """The form's GET and POST, as a browser sends them (no task of its own: locust would give a
    subclass its base classes' tasks too)."""

    abstract = True

    def _client_headers(self) -> dict[str, str]:
        headers = self.base_headers()
        if SPOOF:
            # Not the seeded RNG: runs of one hour would replay the same addresses into the
            # same rate-limit window and be refused (429) after five of them.
            headers["X-Forwarded-For"] = (
                f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"
            )
        return headers

    def _form(self, org: int, headers: dict[str, str]) -> tuple[str, str] | None:
        """GET the form: its CSRF cookie and one-time code (None on a failure, counted)."""
        with self.client.get(
            f"/r/new/?org={org}", headers=headers, name="GET /r/new/", catch_response=True
        ) as page:
            text = page.text or ""
            cookie = CSRF_COOKIE_RE.search(
                page.headers.get("set-cookie", "") if page.headers else ""
            )
            nonce = NONCE_RE.search(text)
            if page.status_code != 200 or cookie is None or nonce is None:
                _fail(page, f"form: status {page.status_code}, no CSRF cookie or one-time code")
                return None
        return cookie.group(1), nonce.group(1)

    def _post(self, org: int, headers: dict[str, str], token: str, nonce: str) -> None:
        named = RNG.random() < 0.7
        fields = [
            ("csrfmiddlewaretoken", token),
            ("nonce", nonce),
            ("university", ""),
            ("org", str(org)),
            ("category", RNG.choice(CATEGORIES)),
            ("title", RNG.choice(TITLES)),
            ("body", "".join(RNG.sample(SENTENCES, RNG.randint(2, 6)))),
            ("identity", "named" if named else "anonymous"),
            ("requester_name", RNG.choice(SURNAMES) + RNG.choice(GIVEN) if named else ""),
            ("requester_contact", f"138{RNG.randrange(10**8):08d}" if named else ""),
        ]
        if RNG.random() < 0.1:
            fields.append(("urgent", "on"))
        files = [("files", "截图.png", PNG)] if RNG.random() < 0.2 else []
        body, content_type = multipart(fields, files)
        post_headers = {**headers, "Content-Type": content_type, "Cookie": f"csrftoken={token}"}
        if HTTPS:
            origin = self.host.replace("http://", "https://", 1).rstrip("/")
            post_headers["Origin"] = origin
            post_headers["Referer"] = f"{origin}/r/new/?org={org}"
        with self.client.post(
            "/r/new/", data=body, headers=post_headers, name="POST /r/new/", catch_response=True
        ) as response:
            found = (
                REFERENCE_RE.search(response.text or "") if response.status_code == 200 else None
            )
            if found is None:
                _fail(response, f"submit: status {response.status_code}, no reference")
            else:
                REFERENCES.append(found.group(0))


class SubmitUser(_Requester):
    """A whole visit: the form's GET, then its POST."""

    @task
    def submit(self) -> None:
        org = RNG.choice(ORG_IDS)
        headers = self._client_headers()
        found = self._form(org, headers)
        if found is not None:
            self._post(org, headers, *found)


class PostUser(_Requester):
    """The submit endpoint alone: one GET of the form when the user starts (its CSRF cookie, which
    Django accepts for any number of POSTs), then POSTs only, each with a new one-time code made
    here as the page would (the server checks its shape and its uniqueness, nothing else)."""

    token = ""

    def on_start(self) -> None:
        found = self._form(RNG.choice(ORG_IDS), self.base_headers())
        self.token = found[0] if found is not None else ""

    @task
    def submit(self) -> None:
        if not self.token:
            self.on_start()
            return
        org = RNG.choice(ORG_IDS)
        self._post(org, self._client_headers(), self.token, secrets.token_urlsafe(16))


@events.quitting.add_listener
def _write_references(environment: Any, **_kwargs: Any) -> None:
    if REFS_FILE:
        Path(REFS_FILE).write_text("\n".join(REFERENCES), encoding="utf-8")
        Path(f"{REFS_FILE}.errors.json").write_text(json.dumps(ERRORS), encoding="utf-8")
