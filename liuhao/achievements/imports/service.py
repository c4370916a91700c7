"""The achievements import: sheets 承诺践诺, 工作成果, 研究与实践成果, 服务品牌, 品牌历程.

Every row goes through the same service as the web form (so the same rules and Chinese messages
apply), each inside a savepoint so that all problems of the file are listed; a service's field error
is reported at that field's column. A dry run always rolls back; a commit writes only when the whole
file has no problem (else ImportRejected, nothing written). Re-imports update by key: a commitment by
(member, academic year), a brand by (组织代码, 品牌名称); other rows identical to a stored one are
left unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from liuhao.achievements import services
from liuhao.achievements.choices import AchievementCategory, OutputKind
from liuhao.achievements.models import Achievement, BrandEvent, Output, ServiceBrand
from liuhao.core.audit import audit_record
from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.ledger.permissions import can_record_ledger
from liuhao.orgs.imports.columns import Column, SheetSpec
from liuhao.orgs.imports.errors import CellError, ImportRejected, IssueList
from liuhao.orgs.imports.reader import (
    Header,
    Source,
    check_sheet_names,
    load_source,
    open_workbook,
    read_header,
    sha256_of,
    sheet_rows,
)
from liuhao.orgs.imports.report import ImportReport, SheetSummary
from liuhao.orgs.imports.template import build_template
from liuhao.orgs.models import Organization, Person, subtree_q
from liuhao.orgs.services.common import scope_of

TEMPLATE_FILENAME = "六好-承诺践诺与成果导入模板.xlsx"
ORG = Column(
    "组织代码",
    "org_code",
    "text",
    required=True,
    mandatory=True,
    max_length=32,
    hint="本校党组织的组织代码（须在您的登记范围内）。",
)
SCORE = (0, 32767)

COMMITMENT_SPEC = SheetSpec(
    "承诺践诺",
    (
        ORG,
        Column(
            "工号/学号",
            "person_number",
            "text",
            required=True,
            mandatory=True,
            max_length=32,
            hint="该组织（或其下级党支部）的正式党员或预备党员。",
        ),
        Column("承诺日期", "committed_on", "date", required=True, mandatory=True),
        Column("承诺事项", "content", "text", required=True, mandatory=True, max_length=2000),
        Column("践诺报告日期", "fulfilled_on", "date"),
        Column("践诺情况", "fulfilment", "text", max_length=5000),
        Column("评议日期", "evaluated_on", "date"),
        Column("领导点评得分", "leader_score", "int", bounds=SCORE),
        Column("党员互评得分", "peer_score", "int", bounds=SCORE),
        Column("群众评议得分", "masses_score", "int", bounds=SCORE),
    ),
    "每名党员每学年一条承诺，按（党员、学年）识别，重复导入时补充践诺情况与评议得分；"
    "评议得分 0–100，日期不能晚于今天。",
)
ACHIEVEMENT_SPEC = SheetSpec(
    "工作成果",
    (
        ORG,
        Column(
            "成果类别",
            "category",
            "choice",
            required=True,
            mandatory=True,
            choices=AchievementCategory,
        ),
        Column("成果名称", "title", "text", required=True, mandatory=True, max_length=200),
        Column("取得日期", "achieved_on", "date", required=True, mandatory=True),
        Column("成果简介", "description", "text", max_length=5000),
    ),
    "人才培养、科学研究、社会服务、文化传承方面的工作成果。",
)
OUTPUT_SPEC = SheetSpec(
    "研究与实践成果",
    (
        ORG,
        Column("成果类型", "kind", "choice", required=True, mandatory=True, choices=OutputKind),
        Column("成果名称", "title", "text", required=True, mandatory=True, max_length=200),
        Column("形成日期", "published_on", "date", required=True, mandatory=True),
        Column("简介或出处", "description", "text", max_length=5000),
    ),
    "理论研究成果与实践探索成果。",
)
BRAND_SPEC = SheetSpec(
    "服务品牌",
    (
        ORG,
        Column("品牌名称", "name", "text", required=True, mandatory=True, max_length=100),
        Column("创立日期", "founded_on", "date", required=True, mandatory=True),
        Column("品牌简介", "description", "text", max_length=5000),
        Column("停用日期", "retired_on", "date"),
    ),
    "服务品牌，按（组织代码、品牌名称）识别，重复导入时更新。",
)
EVENT_SPEC = SheetSpec(
    "品牌历程",
    (
        ORG,
        Column("品牌名称", "brand_name", "text", required=True, mandatory=True, max_length=100),
        Column("日期", "happened_on", "date", required=True, mandatory=True),
        Column("事项", "summary", "text", required=True, mandatory=True, max_length=200),
    ),
    "服务品牌的历程（品牌活动、获奖、报道），品牌须已登记或在本文件“服务品牌”表中。",
)
SHEETS = (COMMITMENT_SPEC, ACHIEVEMENT_SPEC, OUTPUT_SPEC, BRAND_SPEC, EVENT_SPEC)
SHEET_NAMES = tuple(s.name for s in SHEETS)
GUIDE = [
    "六好平台 · 承诺践诺与成果导入模板使用说明",
    "",
    "1. 本文件包含“承诺践诺”“工作成果”“研究与实践成果”“服务品牌”“品牌历程”五个数据工作表，可以只保留需要的工作表；“说明”工作表导入时会被忽略。",
    "2. 第 1 行是表头，请不要修改列名；可以删除选填列。粉色表头为必填列。",
    "3. 上传后先“试导入”，系统列出所有问题（工作表、行、列）；没有问题时再正式导入。导入要么全部成功，要么什么都不写入。",
    "4. 只能导入您有权登记的组织；不要求上传照片等佐证材料。",
    "",
    "各工作表：",
]


def build_achievements_template() -> bytes:
    """The import template workbook as .xlsx bytes."""
    return build_template(SHEETS, GUIDE)


class _Run:
    """One pass over the workbook: parses rows and calls the services, collecting every issue."""

    def __init__(self, actor: Any, university: Organization, issues: IssueList) -> None:
        self.actor = actor
        self.university = university
        self.issues = issues
        self._orgs: dict[str, Organization | None] = {}

    def org(self, code: str) -> Organization | None:
        if code not in self._orgs:
            org = Organization.objects.filter(
                subtree_q(self.university.path), code=code, dissolved_on__isnull=True
            ).first()
            self._orgs[code] = (
                org if org is not None and can_record_ledger(self.actor, org) else None
            )
        return self._orgs[code]

    def rows(
        self,
        spec: SheetSpec,
        header: Header,
        rows: Any,
        summary: SheetSummary,
        handle: Callable[[dict[str, Any], Organization], str],
    ) -> None:
        index_of = {col.field: idx for idx, col, _ in header.bound}
        labels = {col.field: col.header for col in spec.columns}
        for number, values in rows:
            if not any(v not in (None, "") for v in values):
                continue
            summary.rows += 1
            data: dict[str, Any] = {}
            bad = False
            for idx, col, parse in header.bound:
                try:
                    data[col.field] = parse(values[idx] if idx < len(values) else None)
                except CellError as exc:
                    self.issues.add(exc.message, spec.name, number, idx, col.header)
                    bad = True
            if bad:
                continue
            org = self.org(data.pop("org_code"))
            if org is None:
                self.issues.add(
                    "本校没有该组织代码，或您无权登记该组织",
                    spec.name,
                    number,
                    index_of.get("org_code"),
                    ORG.header,
                )
                continue
            try:
                with transaction.atomic():
                    outcome = handle(data, org)
            except NotPermitted as exc:
                self.issues.add(
                    exc.message, spec.name, number, index_of.get("org_code"), ORG.header
                )
                continue
            except ValidationFailed as exc:
                fields = list((exc.extra.get("fields") or {}).items())
                if not fields:
                    self.issues.add(exc.message, spec.name, number)
                for field, messages in fields:
                    field = {"person": "person_number", "brand": "brand_name"}.get(field, field)
                    for message in messages or [exc.message]:
                        self.issues.add(
                            str(message),
                            spec.name,
                            number,
                            index_of.get(field),
                            labels.get(field, ""),
                        )
                continue
            setattr(summary, outcome, getattr(summary, outcome) + 1)

    # ---- per sheet ------------------------------------------------------------------------------
    def commitment(self, data: dict[str, Any], org: Organization) -> str:
        number = data.pop("person_number")
        person = Person.objects.filter(university_id=self.university.pk, number=number).first()
        if person is None:
            raise ValidationFailed(
                "本校没有该工号/学号的人员",
                extra={"fields": {"person": ["本校没有该工号/学号的人员"]}},
            )
        data["person"] = person
        return services.commitment_save(actor=self.actor, org=org, data=data)[1]

    def achievement(self, data: dict[str, Any], org: Organization) -> str:
        if Achievement.objects.filter(
            org=org, **{k: data[k] for k in ("category", "title", "achieved_on")}
        ).exists():
            return "unchanged"
        services.achievement_create(actor=self.actor, org=org, data=data)
        return "created"

    def output(self, data: dict[str, Any], org: Organization) -> str:
        if Output.objects.filter(
            org=org, **{k: data[k] for k in ("kind", "title", "published_on")}
        ).exists():
            return "unchanged"
        services.output_create(actor=self.actor, org=org, data=data)
        return "created"

    def brand(self, data: dict[str, Any], org: Organization) -> str:
        brand = (
            ServiceBrand.objects.filter(org=org, name=data["name"]).select_related("org").first()
        )
        if brand is None:
            services.brand_create(actor=self.actor, org=org, data=data)
            return "created"
        before = brand.updated_at
        brand = services.brand_update(actor=self.actor, brand=brand, data=data)
        return "unchanged" if brand.updated_at == before else "updated"

    def event(self, data: dict[str, Any], org: Organization) -> str:
        brand = (
            ServiceBrand.objects.filter(org=org, name=data.pop("brand_name"))
            .select_related("org")
            .first()
        )
        if brand is None:
            raise ValidationFailed(
                "该组织没有这个服务品牌",
                extra={"fields": {"brand_name": ["该组织没有这个服务品牌"]}},
            )
        if BrandEvent.objects.filter(
            brand=brand, happened_on=data["happened_on"], summary=data["summary"]
        ).exists():
            return "unchanged"
        services.brand_event_create(actor=self.actor, brand=brand, data=data)
        return "created"


def achievements_import_workbook(
    *, actor: Any, university: Organization, source: Source, dry_run: bool = True
) -> ImportReport:
    """Validate (dry run) or import the workbook into `university`; all-or-nothing. Raises
    ImportRejected when a commit finds any problem (nothing written)."""
    report = ImportReport(university_id=university.pk)
    raw = load_source(source, report.issues)
    if raw is None:
        if dry_run:
            return report
        raise ImportRejected(report)
    report.sha256 = sha256_of(raw)
    run = _Run(actor, university, report.issues)
    handlers = {
        COMMITMENT_SPEC.name: run.commitment,
        ACHIEVEMENT_SPEC.name: run.achievement,
        OUTPUT_SPEC.name: run.output,
        BRAND_SPEC.name: run.brand,
        EVENT_SPEC.name: run.event,
    }
    specs = {s.name: s for s in SHEETS}
    workbook = open_workbook(raw, report.issues)
    if workbook is None:
        if dry_run:
            return report
        raise ImportRejected(report)
    try:
        with transaction.atomic():
            for name in check_sheet_names(workbook, report.issues, SHEET_NAMES):
                rows = sheet_rows(workbook, name)
                header = read_header(specs[name], next(rows, None), report.issues)
                if header is None:
                    continue
                summary = SheetSummary(name)
                report.sheets.append(summary)
                run.rows(specs[name], header, rows, summary, handlers[name])
            if dry_run or report.issues:
                transaction.set_rollback(True)
            else:
                audit_record(
                    actor=actor,
                    verb="import",
                    target=university,
                    scope=scope_of(university),
                    changes={
                        "kind": "achievements",
                        "sha256": report.sha256,
                        "sheets": [s.as_dict() for s in report.sheets],
                    },
                )
                report.committed = True
    finally:
        workbook.close()
    if not dry_run and report.issues:
        raise ImportRejected(report)
    return report
