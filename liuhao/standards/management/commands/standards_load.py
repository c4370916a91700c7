"""`liuhao standards load FILE... [--builtin] [--check]` (manage.py standards_load).

Loads standard packages (YAML) into immutable StandardVersion rows (CONVENTIONS B4; format in
docs/standards-format.md). All files in one call are loaded together: if any file is bad, the
command prints its problems (with their paths in the file), exits with status 1 and stores nothing.
Loading a file already loaded (same sha256) changes nothing. `--builtin` adds the packages shipped
in liuhao/standards/data/; `--check` validates without storing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from liuhao.core.exceptions import ApplicationError
from liuhao.standards.models import StandardVersion
from liuhao.standards.services.loading import (
    StandardFormatError,
    builtin_package_paths,
    package_parse,
    standard_load,
)


def counts(version: StandardVersion) -> tuple[int, int]:
    """(criteria, checkpoints) of a stored version."""
    criteria = [c for d in version.document.get("dimensions", []) for c in d.get("criteria", [])]
    return len(criteria), sum(len(c.get("checkpoints", [])) for c in criteria)


def describe(version: StandardVersion) -> str:
    """One version in Chinese: code, version, title, how many criteria and checkpoints."""
    criteria, checkpoints = counts(version)
    return (
        f"{version.code} 第 {version.version} 版《{version.title}》"
        f"（{criteria} 项指标，{checkpoints} 个检查点）"
    )


class Command(BaseCommand):
    help = "导入指标体系文件（YAML）；同一文件重复导入不会重复保存，已发布的版本不可修改"
    # Loading data needs no project checks (and must not fail on an unrelated URL problem).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", metavar="FILE", help="指标体系 YAML 文件")
        parser.add_argument(
            "--builtin", action="store_true", help="同时导入系统内置的指标体系（standards/data）"
        )
        parser.add_argument("--check", action="store_true", help="只检查文件格式，不保存")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(f) for f in options["files"]]
        if options["builtin"]:
            paths += builtin_package_paths()
        if not paths:
            raise CommandError("请指定要导入的指标体系文件，或使用 --builtin 导入内置指标体系")
        if options["check"]:
            self._check(paths)
            return
        lines = []
        try:
            with transaction.atomic():
                for path in paths:
                    version, created = standard_load(path=path)
                    if created:
                        lines.append(f"已导入 {describe(version)}，文件 {path.name}")
                    else:
                        lines.append(f"已导入过，未作改动：{describe(version)}，文件 {path.name}")
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        for line in lines:
            self.stdout.write(line)

    def _check(self, paths: list[Path]) -> None:
        problems = []
        for path in paths:
            try:
                package = package_parse(path.read_bytes(), filename=path.name)
            except OSError as exc:
                problems.append(f"无法读取文件“{path}”：{exc.strerror or exc}")
            except StandardFormatError as exc:
                problems.append(exc.message)
            else:
                self.stdout.write(
                    f"格式正确：{path.name}（{package.code} 第 {package.version} 版）"
                )
        if problems:
            raise CommandError("\n".join(problems))
