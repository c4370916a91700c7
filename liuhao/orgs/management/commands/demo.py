"""`liuhao demo` (run by `make run` after migrate): load the demo university unless one is loaded,
load the built-in standard packages (`standards_load --builtin`, idempotent by sha256), compute the
assessment of the seeded terms unless a run exists (so the scorecards are not empty), then print one
demo log-in per role. Idempotent."""

from __future__ import annotations

import datetime as dt
import unicodedata
from io import StringIO
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from liuhao.core.exceptions import ApplicationError
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.models import Organization
from liuhao.orgs.periods import period_containing
from liuhao.orgs.seeding.demo import demo_logins_ensure
from liuhao.orgs.seeding.run import seed_run
from liuhao.orgs.seeding.tiers import DEFAULT_SEED, REFERENCE_DATE

SEEDED_TERMS = 3  # the ledger generator writes the term of REFERENCE_DATE and the two before it


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
        if self._load_standards():
            self._assess_seeded_terms()
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

    def _load_standards(self) -> bool:
        """Load the shipped packages. Reached by command name and app registry: `orgs` sits below
        `standards` and does not import it. A package that cannot load is reported on stderr and
        does not stop the demo."""
        try:
            call_command("standards_load", "--builtin", stdout=StringIO())
        except CommandError as exc:
            self.stderr.write(f"内置指标体系未能导入：{exc}")
            return False
        # The same line on every run (idempotent output): what is loaded, not what just happened.
        versions = apps.get_model("standards", "StandardVersion").objects.order_by(
            "code", "version"
        )
        loaded = [f"{v.code} 第 {v.version} 版" for v in versions]
        self.stdout.write(f"指标体系：{'、'.join(loaded)}")
        return True

    def _assess_seeded_terms(self) -> None:
        """Compute the seeded terms, oldest first, with the data as of the generator's "today"
        (generated records stop there), unless any run exists. Reached by command name: `orgs`
        does not import `standards`."""
        if apps.get_model("standards", "AssessmentRun").objects.exists():
            return
        terms = [period_containing(REFERENCE_DATE)]
        while len(terms) < SEEDED_TERMS:
            terms.append(period_containing(terms[-1].start - dt.timedelta(days=1)))
        for term in reversed(terms):
            as_of = min(term.end, REFERENCE_DATE)
            try:
                call_command("assess", period=term.code, as_of=as_of.isoformat(), stdout=StringIO())
            except CommandError as exc:
                self.stderr.write(f"演示评估 {term.code} 未能计算：{exc}")
                return
        codes = "、".join(t.code for t in reversed(terms))
        self.stdout.write(f"已计算演示评估：{codes}（数据截至 {REFERENCE_DATE}）")
