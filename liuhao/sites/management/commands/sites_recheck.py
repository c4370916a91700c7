"""`liuhao sites_recheck --year 2025-2026`: propose the yearly re-check (复核) of every named site
from that year's assessment run (issue 7 item 4). Set-based; run it again to refresh unconfirmed
proposals. A province officer confirms them on the re-check page (/sites/recheck/).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from liuhao.core.exceptions import ValidationFailed
from liuhao.sites.services.recheck import recheck_compute


class Command(BaseCommand):
    help = "示范点年度复核：按当年评估结果计算保留、警告或撤销（待省级确认）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="复核学年，如 2025-2026")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = recheck_compute(actor=None, period_code=options["year"])
        except ValidationFailed as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{summary.period_code} 学年复核：保留 {summary.keep}，警告 {summary.warn}，"
            f"撤销 {summary.revoke}；已确认未改动 {summary.confirmed}。请省级管理员确认后生效。"
        )
