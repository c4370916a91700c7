"""`liuhao desk_sweep [--today YYYY-MM-DD]`: the request desk's daily sweep (issue 5 item 4).

Run once a day (cron or a systemd timer): near-breach reminders, escalation of overdue requests to
the parent org, auto-close of resolved requests left unconfirmed (Criteria C07.3, C18.2). Running it
twice the same day changes nothing. `--today` replays a given day (a missed run).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from liuhao.desk.services import desk_sweep


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today 日期格式不正确：{value}（应为 YYYY-MM-DD）") from exc


class Command(BaseCommand):
    help = "诉求每日巡检：临期提醒、超期上报、逾期未确认自动关闭"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="按指定日期巡检（YYYY-MM-DD），默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options["today"]) if options.get("today") else None
        result = desk_sweep(today=today)
        self.stdout.write(
            f"诉求巡检完成：临期提醒 {result.reminded} 条，超期上报 {result.escalated} 条，"
            f"自动关闭 {result.closed} 条"
        )
