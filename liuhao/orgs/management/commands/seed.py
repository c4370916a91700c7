"""`liuhao seed --scale demo|university|province [--seed N] [--reset]`: generate realistic data."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from liuhao.core.exceptions import ApplicationError
from liuhao.orgs.seeding.run import seed_run
from liuhao.orgs.seeding.tiers import DEFAULT_SEED, TIERS


class Command(BaseCommand):
    help = "生成演示/压测数据：高校、院系、党支部、人员、党员身份与职务（同一种子生成相同数据）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=list(TIERS), default="demo", help="数据规模")
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="随机种子（默认 %(default)s）"
        )
        parser.add_argument(
            "--reset", action="store_true", help="先删除全部组织、人员及其数据再生成"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 2
        try:
            report = seed_run(
                scale=options["scale"],
                seed=options["seed"],
                reset=options["reset"],
                progress=self.stdout.write if verbose else None,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if report.deleted:
            removed = "，".join(f"{label} {n}" for label, n in sorted(report.deleted.items()) if n)
            self.stdout.write(f"已清空原有数据：{removed or '无'}")
        self.stdout.write(
            f"已生成 {TIERS[report.tier].label}（种子 {report.seed}）：{len(report.universities)} 所高校，"
            f"用时 {report.seconds:.1f} 秒"
        )
        for label, n in sorted(report.rows.items()):
            self.stdout.write(f"  {label}: {n}")
