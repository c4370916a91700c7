"""The `liuhao` console script: a thin wrapper over manage.py (`liuhao seed …`, `liuhao import …`)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    argv = sys.argv[:]
    # `liuhao import FILE` reads better than `liuhao import_roster FILE`; `standards load` → standards_load.
    aliases = {"import": "import_xlsx"}
    if len(argv) > 1 and argv[1] in aliases:
        argv[1] = aliases[argv[1]]
    if len(argv) > 2 and argv[1] in {"standards"}:
        argv[1:3] = [f"{argv[1]}_{argv[2]}"]
    execute_from_command_line(["liuhao", *argv[1:]])
