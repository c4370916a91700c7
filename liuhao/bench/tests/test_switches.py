"""The benchmark's switches (bench/desk_submit.py): the one-row endpoint exists only under
LIUHAO_BENCH=1, and the public form's rate limit is on unless DESK_RATE_LIMIT=0 says otherwise.

The settings are read once per process, so the defaults are checked in a fresh interpreter on
config.settings.base with both variables removed from the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.urls import Resolver404, resolve
try:
    resolve("/bench/ping/")
    routed = True
except Resolver404:
    routed = False
print(json.dumps({
    "routed": routed,
    "installed": "liuhao.bench" in settings.INSTALLED_APPS,
    "rate_limit": settings.DESK_RATE_LIMIT,
}))
"""


def probe(tmp_path: Path, **env: str) -> dict[str, bool]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"LIUHAO_BENCH", "DESK_RATE_LIMIT", "USE_PRODUCTION", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        **env,
    )
    done = subprocess.run(  # noqa: S603 - this interpreter on a fixed script
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_by_default_the_bench_endpoint_does_not_exist_and_the_rate_limit_is_on(tmp_path):
    assert probe(tmp_path) == {"routed": False, "installed": False, "rate_limit": True}


def test_the_switches_do_what_they_say(tmp_path):
    found = probe(tmp_path, LIUHAO_BENCH="1", DESK_RATE_LIMIT="0")
    assert found == {"routed": True, "installed": True, "rate_limit": False}


@pytest.mark.django_db
def test_the_bench_endpoint_answers_404_under_the_test_settings(client, settings):
    assert settings.LIUHAO_BENCH is False and settings.DESK_RATE_LIMIT is True
    assert client.post("/bench/ping/").status_code == 404
