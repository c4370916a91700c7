"""`liuhao ledger_import FILE [--dry-run] [--university CODE] [--as USERNAME]`: import the ledger.

Without --as the import runs as the system (every org of the university); with --as the user's
scope and Capability.RECORD_LEDGER apply, as in the web UI. Reuses the roster command's argument
handling (orgs/management/commands/import_xlsx.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from liuhao.core.exceptions import ApplicationError
from liuhao.ledger.imports import ledger_import_universities, ledger_import_workbook
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.imports import ImportRejected
from liuhao.orgs.management.commands.import_xlsx import Command as RosterImportCommand
from liuhao.orgs.models import Organization


class Command(RosterImportCommand):
    help = "从 Excel（.xlsx）导入工作台账（活动、出勤、规划、结对）；--dry-run 只检查不写入"

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        actor = self._actor(options["username"])
        university = self._university(actor, options["university"])
        try:
            report = ledger_import_workbook(
                actor=actor,
                university=university,
                source=path,
                dry_run=options["dry_run"],
                system=actor is None,
            )
        except ImportRejected as exc:
            self._print_issues(exc.report)
            raise CommandError(
                f"导入未执行，没有写入任何数据（共 {exc.report.issues.total} 个问题）"
            ) from exc
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if not report.ok:
            self._print_issues(report)
            raise CommandError(f"检查未通过：共 {report.issues.total} 个问题")
        verb = "检查通过（未写入）" if options["dry_run"] else "导入成功"
        self.stdout.write(self.style.SUCCESS(f"{verb}，{university.name}：{report.summary_text()}"))

    def _university(self, actor: Any, code: str | None) -> Organization:
        universities = (
            Organization.objects.filter(kind=OrgKind.UNIVERSITY_COMMITTEE)
            if actor is None
            else ledger_import_universities(actor)
        )
        if code:
            found = universities.filter(code=code).first()
            if found is None:
                raise CommandError(f"找不到高校“{code}”，或您无权向其导入")
            return found
        if actor is not None:
            choices = list(universities[:2])
            if len(choices) == 1:
                return choices[0]
            if not choices:
                raise CommandError("该用户无权导入工作台账（需要台账登记权限）")
        raise CommandError("请用 --university 指定目标高校的组织代码")
