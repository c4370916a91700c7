"""`liuhao assess --period 2025-2026-1 [--standard jiangsu-2015] [--org CODE] [--json]`.

Computes a new assessment run (issue 3 item 5) and prints a summary in Chinese, or with --json the
documented contract (docs/assessment-json.md) on stdout.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from liuhao.core.exceptions import ApplicationError
from liuhao.orgs.models import Organization
from liuhao.standards.engine.types import STATUS_LABELS
from liuhao.standards.selectors import run_json, standard_latest
from liuhao.standards.services.runs import assessment_run


class Command(BaseCommand):
    help = "按指标体系计算一个学期或学年的评估结果（新建一次评估运行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="学期 2025-2026-1 或学年 2025-2026")
        parser.add_argument("--standard", help="指标体系代码，默认 jiangsu-2015")
        parser.add_argument("--org", metavar="CODE", help="只计算该组织及其下级")
        parser.add_argument("--as-of", dest="as_of", help="数据截至日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--json", action="store_true", help="输出 JSON（对接用的固定格式）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            standard = standard_latest(options["standard"] or "jiangsu-2015")
            root = None
            if options["org"]:
                root = Organization.objects.filter(code=options["org"]).first()
                if root is None:
                    raise CommandError(f"组织代码“{options['org']}”不存在")
            as_of = self._date(options["as_of"])
            today = max(timezone.localdate(), as_of) if as_of else timezone.localdate()
            run = assessment_run(
                standard=standard,
                period_code=options["period"],
                root=root,
                today=today,
                as_of=as_of,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            results = run.results.order_by("org_path")
            self.stdout.write(json.dumps(run_json(run, results), ensure_ascii=False, indent=1))
            return
        summary = run.summary
        self.stdout.write(
            self.style.SUCCESS(
                f"评估完成：{standard.title}（v{standard.version}），{run.period_code}，"
                f"数据截至 {run.as_of}，运行 #{run.pk}"
            )
        )
        self.stdout.write(
            f"  组织 {summary['orgs']} 个，{standard.document.get('verdict_label', '六好')} "
            f"{summary['verdict']} 个，平均得分 {summary['mean_score']}"
        )
        if run.awaiting:
            self.stdout.write(f"  待数据的检查点 {len(run.awaiting)} 个：")
            for item in run.awaiting:
                self.stdout.write(f"    {item['code']} {item['title']}：{item['reason']}")
        for code, by_status in summary["checkpoints"].items():
            parts = "，".join(f"{STATUS_LABELS[s]} {n}" for s, n in sorted(by_status.items()))
            self.stdout.write(f"  {code}：{parts}")

    def _date(self, text: str | None) -> dt.date | None:
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise CommandError(f"--as-of 日期格式不正确：{text}（应为 YYYY-MM-DD）") from exc
