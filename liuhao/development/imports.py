"""Excel import of development cases (Criterion C06.1): one row per case with its dates and votes.

Same flow as the ledger import: the dry run checks every row and lists every problem by sheet, row
and column (in Chinese); the commit checks again inside one transaction and writes only when there
is no problem at all (else ImportRejected, nothing stored). Each row goes through the same service
as the form (permission, validation, rule set, membership sync, audit); a case is found again by
the person (工号/学号), so re-importing a file updates the cases.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from liuhao.core.audit import audit_record
from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.development.models import DevelopmentCase
from liuhao.development.services import case_create, case_update
from liuhao.ledger.imports import ledger_import_universities
from liuhao.orgs.imports.cells import Parser
from liuhao.orgs.imports.columns import Column, SheetSpec
from liuhao.orgs.imports.errors import CellError, ImportRejected
from liuhao.orgs.imports.reader import (
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
from liuhao.orgs.models import Organization, Person
from liuhao.orgs.services.common import scope_of

SHEET = "发展党员"
TEMPLATE_FILENAME = "六好-发展党员导入模板.xlsx"
PERSON_COLUMNS = {
    "person": "工号/学号",
    "contact_1": "培养联系人一工号",
    "contact_2": "培养联系人二工号",
    "introducer_1": "入党介绍人一工号",
    "introducer_2": "入党介绍人二工号",
}
DATES = (
    "applied_on",
    "talk_on",
    "activist_on",
    "candidate_on",
    "review_on",
    "notice_start",
    "notice_end",
    "prereview_on",
    "admitted_on",
    "approved_on",
    "extension_approved_on",
    "full_on",
    "full_approved_on",
)
COUNTS = {
    "training_days": 60,
    "training_hours": 500,
    "vote_entitled": 10000,
    "vote_present": 10000,
    "vote_yes": 10000,
    "extension_months": 24,
    "full_vote_entitled": 10000,
    "full_vote_present": 10000,
    "full_vote_yes": 10000,
}


def _label(name: str) -> str:
    return str(getattr(DevelopmentCase._meta.get_field(name), "verbose_name", name))


def _columns() -> tuple[Column, ...]:
    cols = [
        Column(
            "组织代码",
            "org_code",
            "text",
            required=True,
            mandatory=True,
            max_length=64,
            hint="发展对象所在党支部的组织代码（须在您的台账登记范围内）。",
        ),
        Column(
            PERSON_COLUMNS["person"],
            "person",
            "text",
            required=True,
            mandatory=True,
            max_length=32,
            hint="本校人员的工号或学号；同一人重复导入时更新其档案。",
        ),
        Column(_label("applied_on"), "applied_on", "date", required=True, mandatory=True),
    ]
    for name in DATES[1:]:
        cols.append(Column(_label(name), name, "date"))
    for name, top in COUNTS.items():
        cols.append(Column(_label(name), name, "int", bounds=(0, top)))
    for name, header in list(PERSON_COLUMNS.items())[1:]:
        cols.append(Column(header, name, "text", max_length=32, hint="须为本校在册正式党员。"))
    cols.append(
        Column("政审结论", "review_passed", "text", max_length=4, hint="填“合格”或“不合格”。")
    )
    cols.append(Column(_label("extension_reason"), "extension_reason", "text", max_length=200))
    cols.append(Column(_label("note"), "note", "text", max_length=500))
    return tuple(cols)


SPEC = SheetSpec(
    SHEET,
    _columns(),
    "发展党员档案：每行一人，按工号/学号识别，重复导入时更新；只填已完成的步骤，阶段由日期自动确定。",
)
GUIDE = [
    "六好平台 · 发展党员导入模板使用说明",
    "",
    "1. 每行登记一名发展对象（入党申请人至正式党员），只需填写已经完成的步骤；发展阶段由日期自动确定，并同步到党员身份记录。",
    "2. 第 1 行是表头，请不要修改列名；粉色表头为必填列。",
    "3. 培养联系人、入党介绍人填工号，须为本校在册正式党员。",
    "4. 上传后系统先做检查（试导入），列出所有问题（工作表、行、列）；没有问题时再点“确认导入”。导入要么全部成功，要么什么都不写入。",
    "",
    "各工作表：",
]


def build_case_template() -> bytes:
    return build_template((SPEC,), GUIDE)


def case_import_workbook(
    *, actor: Any, university: Organization, source: Source, dry_run: bool = True
) -> ImportReport:
    """Check (dry run) or import the 发展党员 sheet into `university`; all-or-nothing.

    Raises NotPermitted, or ImportRejected when a commit finds any problem."""
    if not ledger_import_universities(actor).filter(pk=university.pk).exists():
        raise NotPermitted("您无权向该高校导入发展党员档案（需要台账登记权限）")
    report = ImportReport(university_id=university.pk)
    raw = load_source(source, report.issues)
    if raw is None:
        if dry_run:
            return report
        raise ImportRejected(report)
    report.sha256 = sha256_of(raw)
    with transaction.atomic():
        _run(actor, university, raw, report)
        if dry_run or report.issues:
            transaction.set_rollback(True)
        else:
            audit_record(
                actor=actor,
                verb="import",
                target=university,
                scope=scope_of(university),
                changes={
                    "kind": "development",
                    "sha256": report.sha256,
                    "sheets": [s.as_dict() for s in report.sheets],
                },
            )
            report.committed = True
    if not dry_run and not report.committed:
        raise ImportRejected(report)
    return report


def _run(actor: Any, university: Organization, raw: bytes, report: ImportReport) -> None:
    issues = report.issues
    workbook = open_workbook(raw, issues)
    if workbook is None:
        return
    try:
        if not check_sheet_names(workbook, issues, (SHEET,)) or issues:
            return
        rows = sheet_rows(workbook, SHEET)
        header = read_header(SPEC, next(rows, None), issues)
        if header is None or issues:
            return
        summary = SheetSummary(SHEET)
        report.sheets.append(summary)
        orgs = {org.code: org for org in Organization.objects.filter(university=university)}
        persons: dict[str, Person] = {}
        for number, cells in rows:
            if not any(c not in (None, "") for c in cells):
                continue
            summary.rows += 1
            _row(actor, university, header.bound, number, cells, orgs, persons, issues, summary)
    finally:
        workbook.close()


def _row(
    actor: Any,
    university: Organization,
    bound: list[tuple[int, Column, Parser]],
    number: int,
    cells: tuple[Any, ...],
    orgs: dict[str, Organization],
    persons: dict[str, Person],
    issues: Any,
    summary: SheetSummary,
) -> None:
    values: dict[str, Any] = {}
    where: dict[str, tuple[int, str]] = {}
    ok = True
    for idx, column, parse in bound:
        raw = cells[idx] if idx < len(cells) else None
        where[column.field] = (idx, column.header)
        try:
            values[column.field] = parse(raw)
        except CellError as exc:
            issues.add(str(exc), sheet=SHEET, row=number, index=idx, label=column.header)
            ok = False

    def problem(field: str, message: str) -> None:
        idx, label = where.get(field, where.get("person", (None, "")))  # type: ignore[arg-type]
        issues.add(message, sheet=SHEET, row=number, index=idx, label=label)

    if not ok:
        return
    org = orgs.get(values.pop("org_code"))
    if org is None:
        problem("org_code", "本校没有该组织代码，或您无权登记该组织")
        return
    data: dict[str, Any] = {}
    for field, value in values.items():
        if field in PERSON_COLUMNS:
            code = (value or "").strip()
            if not code:
                data[field] = None
                continue
            person = persons.get(code)
            if person is None:
                person = Person.objects.filter(university=university, number=code).first()
                if person is None:
                    problem(field, f"本校没有工号/学号为“{code}”的人员")
                    ok = False
                    continue
                persons[code] = person
            data[field] = person
        elif field == "review_passed":
            text = (value or "").strip()
            if text not in ("", "合格", "不合格"):
                problem(field, "政审结论应填“合格”或“不合格”")
                ok = False
            data[field] = {"合格": True, "不合格": False}.get(text)
        else:
            data[field] = value
    if not ok:
        return
    existing = DevelopmentCase.objects.filter(person=data["person"]).select_related("org").first()
    try:
        with transaction.atomic():
            if existing is None:
                case_create(actor=actor, org=org, data=data)
                summary.created += 1
            else:
                if existing.org_id != org.pk:
                    problem("org_code", f"该人员的发展党员档案登记在“{existing.org.name}”")
                    return
                data.pop("person")
                before = existing.updated_at
                case_update(actor=actor, case=existing, data=data)
                if existing.updated_at != before:
                    summary.updated += 1
                else:
                    summary.unchanged += 1
    except NotPermitted:
        problem("org_code", "本校没有该组织代码，或您无权登记该组织")
    except ValidationFailed as exc:
        fields = exc.extra.get("fields") or {}
        if not fields:
            problem("person", exc.message)
        for field, messages in fields.items():
            for message in messages:
                problem(field if field in where else "person", str(message))
