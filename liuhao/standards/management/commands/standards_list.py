"""`liuhao standards list` (manage.py standards_list): the loaded standard versions."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from liuhao.standards.management.commands.standards_load import counts
from liuhao.standards.selectors import standard_list


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


class Command(BaseCommand):
    help = "列出已导入的指标体系及其版本"
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        versions = list(standard_list())
        if not versions:
            self.stdout.write(
                "尚未导入任何指标体系。导入：liuhao standards load 文件.yaml 或 --builtin"
            )
            return
        rows = [("代码", "版本", "名称", "生效日期", "指标", "检查点", "导入时间", "文件摘要")]
        for v in versions:
            criteria, checkpoints = counts(v)
            loaded = timezone.localtime(v.created_at).strftime("%Y-%m-%d %H:%M")
            rows.append(
                (
                    v.code,
                    str(v.version),
                    v.title,
                    v.effective_from.isoformat(),
                    str(criteria),
                    str(checkpoints),
                    loaded,
                    v.sha256[:12],
                )
            )
        widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
