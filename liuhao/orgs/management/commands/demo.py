"""`liuhao demo` (run by `make run` after migrate): load the demo university unless one is loaded,
load the built-in standard packages (`standards_load --builtin`, idempotent by sha256), then print
one demo log-in per role. Idempotent."""

from __future__ import annotations

import unicodedata
from io import StringIO
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from liuhao.core.exceptions import ApplicationError
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.models import Organization
from liuhao.orgs.seeding.demo import demo_logins_ensure
from liuhao.orgs.seeding.run import seed_run
from liuhao.orgs.seeding.tiers import DEFAULT_SEED


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


class Command(BaseCommand):
    help = "准备演示环境：如尚无高校数据则生成演示高校，并打印各角色的演示账号"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="生成演示数据的随机种子")

    def handle(self, *args: Any, **options: Any) -> None:
        if Organization.objects.filter(kind=OrgKind.UNIVERSITY_COMMITTEE).exists():
            self.stdout.write("已有高校数据，跳过生成演示数据。")
        else:
            try:
                report = seed_run(scale="demo", seed=options["seed"])
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
            persons = report.rows.get("orgs.Person", 0)
            self.stdout.write(
                f"已生成演示高校“{report.universities[0][1]}”：{persons} 人，用时 {report.seconds:.1f} 秒。"
            )
        self._load_standards()
        logins = demo_logins_ensure()
        rows = [("角色", "用户名", "密码", "范围", "对应人员")]
        rows += [(x.role_label, x.username, x.password, x.scope, x.person or "—") for x in logins]
        widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
        self.stdout.write("演示账号（每个角色一个）：")
        for row in rows:
            self.stdout.write(
                "  "
                + "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )

    def _load_standards(self) -> None:
        """Load the shipped packages. Reached by command name and app registry: `orgs` sits below
        `standards` and does not import it. A package that cannot load is reported on stderr and
        does not stop the demo."""
        try:
            call_command("standards_load", "--builtin", stdout=StringIO())
        except CommandError as exc:
            self.stderr.write(f"内置指标体系未能导入：{exc}")
            return
        # The same line on every run (idempotent output): what is loaded, not what just happened.
        versions = apps.get_model("standards", "StandardVersion").objects.order_by(
            "code", "version"
        )
        loaded = [f"{v.code} 第 {v.version} 版" for v in versions]
        self.stdout.write(f"指标体系：{'、'.join(loaded)}")
