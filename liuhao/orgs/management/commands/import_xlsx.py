"""`liuhao import FILE [--dry-run] [--university CODE] [--as USERNAME]`: import a workbook.

Without --as the import runs as the system (the operator already holds the server); the audit rows
then name no actor. With --as the user's scope and Capability.IMPORT apply, as in the web UI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from liuhao.core.exceptions import ApplicationError
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.imports import ImportRejected, ImportReport, import_universities, import_workbook
from liuhao.orgs.models import Organization


class Command(BaseCommand):
    help = "从 Excel（.xlsx）导入组织、人员、党员身份和职务；--dry-run 只检查不写入"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="要导入的 .xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出问题，不写入")
        parser.add_argument("--university", metavar="CODE", help="目标高校的组织代码")
        parser.add_argument(
            "--as", dest="username", metavar="USERNAME", help="以该用户的身份和权限导入"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        actor = self._actor(options["username"])
        university = self._university(actor, options["university"])
        try:
            report = import_workbook(
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

    def _actor(self, username: str | None) -> Any:
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"用户不存在：{username}") from exc

    def _university(self, actor: Any, code: str | None) -> Organization:
        universities = (
            Organization.objects.filter(kind=OrgKind.UNIVERSITY_COMMITTEE)
            if actor is None
            else import_universities(actor)
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
                raise CommandError("该用户无权导入数据（需要高校管理员或省级管理员权限）")
        raise CommandError("请用 --university 指定目标高校的组织代码")

    def _print_issues(self, report: ImportReport) -> None:
        for issue in report.issues.items:
            self.stderr.write(str(issue))
        if report.issues.truncated:
            self.stderr.write(
                f"……共 {report.issues.total} 个问题，仅列出前 {len(report.issues.items)} 个"
            )
