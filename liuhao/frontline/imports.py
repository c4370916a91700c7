"""Excel import of the service-front records (服务阵地, Criteria C05, C10, C11, C12.1).

One workbook, one sheet per record type with Chinese headers (`template_workbook()`); sheets left out
or empty are skipped. `frontline_import(dry_run=True)` checks every row and lists every problem by
sheet, row and column in Chinese; `dry_run=False` imports all-or-nothing: any problem and nothing is
stored. Rows go through the same services as the web forms (permission, checks, full_clean, audit),
inside one transaction that is rolled back on a dry run or on any problem. Orgs and persons named in
the workbook are looked up once per import (two queries), not per row.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from liuhao.core.exceptions import ApplicationError
from liuhao.frontline.choices import (
    AffairKind,
    NewsKind,
    PostKind,
    ProposalKind,
    ProposalStatus,
    VenueKind,
)
from liuhao.frontline.models import (
    MemberAffair,
    News,
    Proposal,
    Reception,
    ServiceItem,
    VanguardPost,
    Venue,
)
from liuhao.frontline.services import record_save, vanguard_post_save
from liuhao.ledger.models.base import LedgerRecord
from liuhao.orgs.models import Organization, Person
from liuhao.orgs.selectors.scope import scope_for

MAX_ROWS = 5000


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    field: str
    kind: str = "text"  # text | date | int | bool | choice | person | persons | org
    required: bool = False
    choices: type[models.TextChoices] | None = None


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    model: type[LedgerRecord]
    columns: tuple[Column, ...]


ORG = Column("组织代码", "org", "org", True)
SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "活动场所",
        Venue,
        (
            ORG,
            Column("场所类型", "kind", "choice", True, VenueKind),
            Column("场所名称", "name", required=True),
            Column("地点", "address"),
            Column("相对固定（是/否）", "is_fixed", "bool"),
            Column("设施设备", "equipment"),
            Column("启用日期", "opened_on", "date", True),
            Column("停用日期", "closed_on", "date"),
        ),
    ),
    Sheet(
        "驻室接待",
        Reception,
        (
            ORG,
            Column("党代表工号", "representative", "person", True),
            Column("接待日期", "held_on", "date", True),
            Column("接待人数", "visitor_count", "int"),
            Column("反映的问题与诉求", "issues"),
        ),
    ),
    Sheet(
        "提案建议",
        Proposal,
        (
            ORG,
            Column("党代表工号", "representative", "person", True),
            Column("类型", "kind", "choice", True, ProposalKind),
            Column("标题", "title", required=True),
            Column("提交日期", "submitted_on", "date", True),
            Column("办理状态", "status", "choice", False, ProposalStatus),
            Column("答复意见", "reply"),
            Column("答复日期", "replied_on", "date"),
        ),
    ),
    Sheet(
        "党员事务",
        MemberAffair,
        (
            ORG,
            Column("事务类型", "kind", "choice", True, AffairKind),
            Column("办理对象工号", "person", "person", True),
            Column("受理日期", "received_on", "date", True),
            Column("办结日期", "completed_on", "date"),
            Column("备注", "note"),
        ),
    ),
    Sheet(
        "服务事项",
        ServiceItem,
        (
            ORG,
            Column("服务事项", "name", required=True),
            Column("办理流程", "process", required=True),
            Column("责任人工号", "responsible", "person", True),
            Column("办理时限（工作日）", "time_limit_days", "int", True),
            Column("公开日期", "published_on", "date", True),
            Column("撤下日期", "withdrawn_on", "date"),
        ),
    ),
    Sheet(
        "党员先锋岗",
        VanguardPost,
        (
            ORG,
            Column("类型", "kind", "choice", True, PostKind),
            Column("名称", "name", required=True),
            Column("职责", "duties"),
            Column("设立日期", "set_up_on", "date", True),
            Column("撤销日期", "ended_on", "date"),
            Column("党员工号（多个用、分隔）", "members", "persons", True),
        ),
    ),
    Sheet(
        "动态通知",
        News,
        (
            ORG,
            Column("类型", "kind", "choice", True, NewsKind),
            Column("标题", "title", required=True),
            Column("发布日期", "published_on", "date", True),
            Column("网址", "url"),
            Column("正文", "body"),
        ),
    ),
)
SHEET_BY_NAME = {s.name: s for s in SHEETS}


@dataclass(frozen=True, slots=True)
class RowError:
    sheet: str
    row: int
    column: str  # "B（党代表工号）" or "" for the whole sheet
    message: str

    @property
    def text(self) -> str:
        where = f"工作表“{self.sheet}”" + (f"第 {self.row} 行" if self.row else "")
        return f"{where}{f'，{self.column}列' if self.column else ''}：{self.message}"


@dataclass(slots=True)
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    committed: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class _Rollback(Exception):
    pass


def template_workbook() -> bytes:
    """The import template: a 说明 sheet and one sheet per record type with its Chinese headers."""
    wb = Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "说明"
    notes.append(["服务阵地台账导入模板：每个工作表一类记录，第一行为表头，从第二行起每行一条。"])
    notes.append(
        ["组织代码见组织页面；人员填写工号/学号；日期格式为 2025-10-15；选项填写中文名称。"]
    )
    notes.append(["不需要的工作表可以删除或留空；导入为全部成功才保存，有任何问题则一条也不保存。"])
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        ws.append([c.header for c in sheet.columns])
        for i, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(12, len(column.header) * 2 + 2)
            if column.choices is not None:
                ws.cell(row=1, column=i).comment = None
        choices = [c for c in sheet.columns if c.choices is not None]
        if choices:
            notes.append(
                [f"{sheet.name}："]
                + [
                    f"{c.header}可填 {'、'.join(str(label) for _, label in c.choices.choices)}"
                    for c in choices
                    if c.choices is not None
                ]
            )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _Parser:
    """Turns cells into service data; preloaded orgs and persons, errors collected per cell."""

    def __init__(self, actor: Any, orgs: dict[str, Organization], persons: dict[str, Person]):
        self.actor = actor
        self.orgs = orgs
        self.persons = persons

    def cell(self, column: Column, raw: Any) -> tuple[Any, str | None]:
        text = _text(raw)
        if not text:
            if column.required:
                return None, f"请填写{column.header}"
            return ({"bool": True, "text": ""}.get(column.kind)), None
        kind = column.kind
        if kind == "text":
            return text, None
        if kind == "date":
            if isinstance(raw, dt.datetime):
                return raw.date(), None
            if isinstance(raw, dt.date):
                return raw, None
            try:
                return dt.date.fromisoformat(text.replace("/", "-")), None
            except ValueError:
                return None, f"“{text}”不是有效日期（格式：2025-10-15）"
        if kind == "int":
            try:
                return int(float(text)), None
            except ValueError:
                return None, f"“{text}”不是整数"
        if kind == "bool":
            if text in ("是", "否"):
                return text == "是", None
            return None, "请填写“是”或“否”"
        if kind == "choice":
            assert column.choices is not None
            by_label = {str(label): value for value, label in column.choices.choices}
            if text in by_label:
                return by_label[text], None
            if text in column.choices.values:
                return text, None
            return None, f"“{text}”不是可选项（可填 {'、'.join(by_label)}）"
        if kind == "org":
            org = self.orgs.get(text)
            if org is None:
                return None, f"组织代码“{text}”不存在或您无权登记该组织"
            return org, None
        if kind == "person":
            person = self.persons.get(text)
            if person is None:
                return None, f"工号/学号“{text}”不存在"
            return person, None
        numbers = [n.strip() for n in text.replace(",", "、").replace("，", "、").split("、")]
        missing = [n for n in numbers if n and n not in self.persons]
        if missing:
            return None, f"工号/学号“{'、'.join(missing)}”不存在"
        return [self.persons[n] for n in numbers if n], None


def _read(
    raw: bytes, result: ImportResult
) -> list[tuple[Sheet, list[tuple[int, tuple[Any, ...]]]]]:
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:
        result.errors.append(
            RowError("（文件）", 0, "", "无法读取：请上传 .xlsx 格式的 Excel 文件")
        )
        return []
    out = []
    try:
        for name in wb.sheetnames:
            sheet = SHEET_BY_NAME.get(name)
            if sheet is None:
                if name != "说明":
                    result.errors.append(RowError(name, 0, "", "未知的工作表：请使用导入模板"))
                continue
            rows = list(wb[name].iter_rows(values_only=True, max_row=MAX_ROWS + 1))
            if not rows:
                continue
            header = [_text(v) for v in rows[0]]
            expected = [c.header for c in sheet.columns]
            if header[: len(expected)] != expected:
                result.errors.append(
                    RowError(name, 1, "", f"表头应为：{'、'.join(expected)}（请使用导入模板）")
                )
                continue
            body = [
                (i, row) for i, row in enumerate(rows[1:], start=2) if any(_text(v) for v in row)
            ]
            out.append((sheet, body))
    finally:
        wb.close()
    return out


def _lookups(actor: Any, sheets: list[tuple[Sheet, list[tuple[int, tuple[Any, ...]]]]]) -> _Parser:
    codes: set[str] = set()
    numbers: set[str] = set()
    for sheet, rows in sheets:
        for _, row in rows:
            for i, column in enumerate(sheet.columns):
                text = _text(row[i] if i < len(row) else None)
                if column.kind == "org" and text:
                    codes.add(text)
                elif column.kind == "person" and text:
                    numbers.add(text)
                elif column.kind == "persons" and text:
                    numbers.update(
                        n.strip() for n in text.replace(",", "、").replace("，", "、").split("、")
                    )
    orgs = {
        o.code: o for o in Organization.objects.filter(scope_for(actor).q("path"), code__in=codes)
    }
    universities = {o.university_id or o.pk for o in orgs.values()}
    persons = {
        p.number: p
        for p in Person.objects.filter(university_id__in=universities, number__in=numbers)
    }
    return _Parser(actor, orgs, persons)


def _save(actor: Any, sheet: Sheet, org: Organization, data: dict[str, Any]) -> None:
    if sheet.model is VanguardPost:
        members = data.pop("members")
        vanguard_post_save(actor=actor, org=org, data=data, members=members)
    else:
        record_save(actor=actor, model=sheet.model, org=org, data=data)


def _import_rows(
    actor: Any,
    sheets: list[tuple[Sheet, list[tuple[int, tuple[Any, ...]]]]],
    parser: _Parser,
    result: ImportResult,
) -> None:
    for sheet, rows in sheets:
        letters = {
            c.field: f"{get_column_letter(i + 1)}（{c.header}）"
            for i, c in enumerate(sheet.columns)
        }
        for number, row in rows:
            data: dict[str, Any] = {}
            ok = True
            for i, column in enumerate(sheet.columns):
                value, problem = parser.cell(column, row[i] if i < len(row) else None)
                if problem:
                    result.errors.append(
                        RowError(sheet.name, number, letters[column.field], problem)
                    )
                    ok = False
                elif value is not None:
                    data[column.field] = value
            if not ok:
                continue
            org = data.pop("org")
            try:
                with transaction.atomic():
                    _save(actor, sheet, org, data)
            except ApplicationError as exc:
                fields = (exc.extra or {}).get("fields") or {}
                placed = False
                for name, messages in fields.items():
                    if name in letters:
                        for message in messages:
                            result.errors.append(
                                RowError(sheet.name, number, letters[name], str(message))
                            )
                        placed = True
                if not placed:
                    result.errors.append(RowError(sheet.name, number, "", exc.message))
                continue
            result.counts[sheet.name] = result.counts.get(sheet.name, 0) + 1


def frontline_import(*, actor: Any, raw: bytes, dry_run: bool = True) -> ImportResult:
    """Check (dry run) or import a workbook of service-front records, all-or-nothing."""
    result = ImportResult()
    sheets = _read(raw, result)
    if result.errors:
        return result
    parser = _lookups(actor, sheets)
    try:
        with transaction.atomic():
            _import_rows(actor, sheets, parser, result)
            if dry_run or result.errors:
                raise _Rollback
    except _Rollback:
        return result
    result.committed = True
    return result


__all__: list[str] = ["SHEETS", "frontline_import", "template_workbook"]
