"""Open an uploaded .xlsx safely and read its sheets row by row (openpyxl read-only, values only).

The content is checked before openpyxl sees it: size limit (settings.IMPORT_MAX_BYTES), empty file,
zip signature (a renamed .doc/.csv/.txt is refused; an encrypted or legacy .xls file is an OLE
container), a readable zip without encrypted members, a bounded uncompressed size (zip bombs), and
the workbook part. Every refusal is a Chinese message (issue 2, item 8).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from liuhao.orgs.imports.cells import Parser
from liuhao.orgs.imports.columns import IGNORED_SHEETS, SHEET_NAMES, Column, SheetSpec
from liuhao.orgs.imports.errors import IssueList
from liuhao.orgs.imports.xlsx import XlsxBook

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and legacy .xls
# A spreadsheet's XML compresses about 10:1; far beyond that is a zip bomb, not a roster.
MAX_EXPANSION = 100
WORKBOOK_PART = "xl/workbook.xml"

Source = Path | str | bytes


@dataclass(slots=True)
class Header:
    """The columns found in a sheet's first row, bound to their positions and parsers."""

    bound: list[tuple[int, Column, Parser]] = field(default_factory=list)
    blank: list[int] = field(default_factory=list)  # positions of columns without a header
    width: int = 0  # cells beyond the header's last column have no header either

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(col.field for _, col, _ in self.bound)

    def index_of(self, field_name: str) -> int | None:
        for idx, col, _ in self.bound:
            if col.field == field_name:
                return idx
        return None


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size} 字节"


def load_source(source: Source, issues: IssueList) -> bytes | None:
    """The file's bytes, or None (with an issue) when it is empty or over IMPORT_MAX_BYTES.

    A file on disk is measured before it is read, so an oversized file is never loaded whole.
    """
    limit = int(settings.IMPORT_MAX_BYTES)
    size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
    if size == 0:
        issues.add("文件为空，请选择填写好的 .xlsx 文件")
        return None
    if size > limit:
        issues.add(f"文件过大（{_size_text(size)}），上限为 {_size_text(limit)}，请分批导入")
        return None
    return source if isinstance(source, bytes) else Path(source).read_bytes()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_container(data: bytes, issues: IssueList) -> bool:
    """Refuse anything that is not a plain .xlsx zip. True when openpyxl may open it."""
    limit = int(settings.IMPORT_MAX_BYTES)
    if data.startswith(OLE_MAGIC):
        issues.add(
            "该文件设置了打开密码，或是旧版 .xls 格式：请取消密码并另存为 Excel 工作簿（.xlsx）后再上传"
        )
        return False
    if not data.startswith(ZIP_MAGIC):
        issues.add(
            "文件内容不是 Excel 工作簿（.xlsx），可能是改了扩展名的其他文件，请用模板填写后上传"
        )
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if any(info.flag_bits & 0x1 for info in members):
                issues.add("文件受密码保护（压缩包已加密），请取消密码后再上传")
                return False
            if sum(info.file_size for info in members) > limit * MAX_EXPANSION:
                issues.add("文件解压后体积异常，无法导入")
                return False
            if WORKBOOK_PART not in {info.filename for info in members}:
                issues.add(
                    "文件不是 Excel 工作簿（.xlsx）：缺少工作簿内容，可能是其他类型的压缩文件"
                )
                return False
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        issues.add("文件已损坏或不完整，无法作为 Excel 工作簿打开，请重新保存后上传")
        return False
    return True


def open_workbook(data: bytes, issues: IssueList) -> XlsxBook | None:
    """Open for streaming reads (values, not formulas). None, with an issue, when that fails."""
    if not check_container(data, issues):
        return None
    try:
        return XlsxBook(data)
    except Exception:  # openpyxl raises many types on malformed parts; the file is simply unusable
        issues.add("无法读取该 Excel 文件：文件已损坏或不是有效的 .xlsx 工作簿，请用模板重新填写")
        return None


def check_sheet_names(
    workbook: XlsxBook, issues: IssueList, sheet_names: tuple[str, ...] = SHEET_NAMES
) -> list[str]:
    """The data sheets present, in processing order. Unknown sheet names are errors.

    `sheet_names` are the data sheets the caller imports (the roster's by default; the ledger
    import passes its own)."""
    present: list[str] = []
    for name in workbook.sheetnames:
        clean = name.strip()
        if clean in IGNORED_SHEETS:
            continue
        if clean not in sheet_names:
            issues.add(
                f"无法识别的工作表“{name}”：工作表名称应为 {'、'.join(sheet_names)} 之一"
                "（“说明”工作表会被忽略），请使用导入模板",
                sheet=name,
            )
            continue
        if clean != name:
            issues.add(f"工作表名称“{name}”含有多余的空格，请改为“{clean}”", sheet=name)
            continue
        present.append(name)
    if not present and not issues:
        issues.add(f"文件中没有可导入的工作表，应包含 {'、'.join(sheet_names)} 中的至少一个")
    return [n for n in sheet_names if n in present]


def normalize_header(value: Any) -> str:
    """Header text without spaces, line breaks or a required-marker star."""
    if value is None:
        return ""
    text = "".join(str(value).split())
    return text.rstrip("*＊")


def sheet_rows(workbook: XlsxBook, name: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) for each row of a sheet present in the file."""
    return workbook.rows(name)


def read_header(
    spec: SheetSpec, first: tuple[int, tuple[Any, ...]] | None, issues: IssueList
) -> Header | None:
    """Map row 1 to columns. Unknown, duplicate and missing columns are errors."""
    first_row = first[1] if first is not None and first[0] == 1 else None
    if first_row is None or not any(normalize_header(v) for v in first_row):
        issues.add("第 1 行应为表头（列名），但它是空的；请使用导入模板", sheet=spec.name, row=1)
        return None
    columns = spec.by_header()
    header = Header(width=len(first_row))
    seen: dict[str, int] = {}
    ok = True
    for idx, raw in enumerate(first_row):
        text = normalize_header(raw)
        if not text:
            header.blank.append(idx)
            continue
        column = columns.get(text)
        if column is None:
            issues.add(
                f"无法识别的列“{text}”，本表可用的列：{'、'.join(columns)}",
                sheet=spec.name,
                row=1,
                index=idx,
                label=text,
            )
            ok = False
            continue
        if text in seen:
            issues.add(f"列“{text}”重复出现", sheet=spec.name, row=1, index=idx, label=text)
            ok = False
            continue
        seen[text] = idx
        header.bound.append((idx, column, column.parser()))
    for column in spec.columns:
        if column.mandatory and column.header not in seen:
            issues.add(
                f"缺少必需的列“{column.header}”", sheet=spec.name, row=1, label=column.header
            )
            ok = False
    return header if ok else None
