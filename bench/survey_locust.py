"""Locust users of bench/survey_answer.py (run by it; not meant to be started by hand).

- PingUser (from bench/desk_locust.py): POST /bench/ping/, one INSERT.
- AnswerUser: takes the next harvested invitation (its survey, the session that holds the token's
  hash after GET /s/<token>/, and a CSRF cookie) and POSTs the full answer sheet to
  /s/answer/<survey id>/ TWICE AT ONCE, on two connections (a double tap, or a retry racing the
  first submit). Exactly one must be stored (302 to /s/done/) and the other answered "已提交"
  (200); anything else is a failure.

Each invitation is used by one task only; `BENCH_TOKEN_START` says where this run starts in the
harvested list (the driver passes the previous runs' consumption on). At exit the outcome of every
invitation taken is written to BENCH_ANSWERS_FILE as JSON: index → [outcome, outcome].
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import gevent
from locust import events, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent))

from desk_locust import HTTPS, PingUser, _BenchUser  # noqa: F401 - PingUser is run by name

TOKENS_FILE = os.environ.get("BENCH_TOKENS_FILE", "")
ANSWERS_FILE = os.environ.get("BENCH_ANSWERS_FILE", "")
START = int(os.environ.get("BENCH_TOKEN_START") or 0)
RNG = random.Random(int(os.environ.get("BENCH_SEED", "6")))
TEXTS = ["希望多组织走访谈心。", "活动形式可以更丰富。", "服务热情，继续保持。"]

DATA: dict[str, Any] = json.loads(Path(TOKENS_FILE).read_text()) if TOKENS_FILE else {}
INVITES: list[list[Any]] = DATA.get("invites", [])  # [survey id, session key, csrf cookie]
QUESTIONS: dict[str, list[list[Any]]] = DATA.get("questions", {})  # survey → [[id, kind]]
NEXT = itertools.count(START)
OUTCOMES: dict[int, list[str]] = {}


def _outcome(response: Any) -> str:
    """stored: 302 to /s/done/ (geventhttpclient follows it now and then despite
    allow_redirects=False: then the 感谢参与 page); already: the 已提交 page."""
    text = response.text or ""
    if response.status_code == 302 and "/s/done/" in (response.headers.get("location") or ""):
        return "stored"
    title = text[text.find("<title>") : text.find("</title>")]
    if response.status_code == 200 and "感谢参与" in title:
        return "stored"
    if response.status_code == 200 and "已提交" in title:
        return "already"
    return f"status {response.status_code} {title!r}"


def sheet(survey_id: str) -> str:
    """A full answer sheet: every Likert question answered, the open question on some."""
    fields = []
    for qid, kind in QUESTIONS[survey_id]:
        if kind == "likert":
            fields.append((f"q{qid}", str(RNG.choice((1, 1, 2, 2, 2, 3, 4)))))
        elif RNG.random() < 0.2:
            fields.append((f"q{qid}", RNG.choice(TEXTS)))
    return urlencode(fields)


class AnswerUser(_BenchUser):
    concurrency = 4  # two racing POSTs at a time

    def post(self, index: int, url: str, body: str, headers: dict[str, str]) -> None:
        with self.client.post(
            url,
            data=body,
            headers=headers,
            name="POST /s/answer/",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            outcome = _outcome(response)
            OUTCOMES.setdefault(index, []).append(outcome)
            if outcome.startswith("status"):
                response.failure(outcome)

    @task
    def answer_twice(self) -> None:
        index = next(NEXT)
        if index >= len(INVITES):
            raise StopUser()
        survey_id, session, csrf = INVITES[index]
        url = f"/s/answer/{survey_id}/"
        body = f"csrfmiddlewaretoken={csrf}&{sheet(str(survey_id))}"
        headers = {
            **self.base_headers(),
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
        }
        if HTTPS:
            origin = self.host.replace("http://", "https://", 1).rstrip("/")
            headers["Origin"] = origin
            headers["Referer"] = f"{origin}{url}"
        OUTCOMES[index] = []
        gevent.joinall([gevent.spawn(self.post, index, url, body, headers) for _ in range(2)])


@events.quitting.add_listener
def _write_outcomes(environment: Any, **_kwargs: Any) -> None:
    if ANSWERS_FILE:
        Path(ANSWERS_FILE).write_text(json.dumps(OUTCOMES), encoding="utf-8")
