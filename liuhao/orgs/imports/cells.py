"""Parsers for one cell: text, codes, dates, 是/否, choices (Chinese label or code), integers.

Each parser takes the raw value openpyxl gives (str, int, float, bool, datetime or None) and returns
the Python value, or raises CellError with a Chinese message (the caller adds sheet/row/column).
Empty cells give "" for text and choices, None for dates and integers, False for 是/否.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.db import models

from liuhao.orgs.imports.errors import CellError

Parser = Callable[[Any], Any]

# YYYY-MM-DD, YYYY/MM/DD or YYYY.MM.DD (the same separator twice), month and day with 1 or 2 digits.
DATE_RE = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
DATE_HINT = "应为 2001-09-01（也可写 2001/09/01 或 2001.09.01）"
TRUE_WORDS = frozenset({"是"})
FALSE_WORDS = frozenset({"否"})


def _as_text(raw: Any) -> str:
    """A cell as stripped text; whole numbers typed into Excel (2021001.0) lose the ".0"."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime | dt.date):
        raise CellError("应为文字，不应是日期")
    return str(raw).strip()


def text_parser(max_length: int, required: bool) -> Parser:
    """Free text (names, codes, numbers) up to `max_length` characters."""

    def parse(raw: Any) -> str:
        value = _as_text(raw)
        if not value:
            if required:
                raise CellError("必须填写")
            return ""
        if len(value) > max_length:
            raise CellError(f"长度不能超过 {max_length} 个字符（现为 {len(value)} 个）")
        return value

    return parse


def date_parser(required: bool) -> Parser:
    """An Excel date, or text in one of the three accepted forms; anything else is an error."""

    def parse(raw: Any) -> dt.date | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                raise CellError(f"必须填写日期，{DATE_HINT}")
            return None
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, str):
            match = DATE_RE.match(raw.strip())
            if match:
                try:
                    return dt.date(int(match[1]), int(match[3]), int(match[4]))
                except ValueError:
                    raise CellError(f"日期“{raw.strip()}”不存在") from None
        shown = str(raw).strip()[:40]
        raise CellError(f"日期格式不正确（“{shown}”），{DATE_HINT}")

    return parse


def bool_parser() -> Parser:
    """是 or 否 (an Excel TRUE/FALSE also works); an empty cell means 否."""

    def parse(raw: Any) -> bool:
        if raw is None:
            return False
        if isinstance(raw, bool):
            return raw
        value = str(raw).strip()
        if not value or value in FALSE_WORDS:
            return False
        if value in TRUE_WORDS:
            return True
        raise CellError(f"应填“是”或“否”，不能是“{value[:20]}”")

    return parse


def choice_parser(choices: type[models.TextChoices], required: bool) -> Parser:
    """The Chinese label (教工党支部) or the code value (teacher) of a TextChoices member."""
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        lookup[str(label)] = str(value)
        lookup[str(value)] = str(value)
    allowed = "、".join(str(label) for label in choices.labels)

    def parse(raw: Any) -> str:
        value = _as_text(raw)
        if not value:
            if required:
                raise CellError(f"必须填写，可选：{allowed}")
            return ""
        found = lookup.get(value)
        if found is None:
            raise CellError(f"“{value[:30]}”不是可选值，可选：{allowed}")
        return found

    return parse


def int_parser(minimum: int, maximum: int, required: bool) -> Parser:
    """A whole number between `minimum` and `maximum` (bounds of the model field)."""

    def parse(raw: Any) -> int | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                raise CellError("必须填写")
            return None
        if isinstance(raw, bool):
            raise CellError("应为整数")
        if isinstance(raw, int):
            number = raw
        elif isinstance(raw, float) and raw.is_integer():
            number = int(raw)
        elif isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
            number = int(raw.strip())
        else:
            raise CellError(f"应为整数，不能是“{str(raw).strip()[:20]}”")
        if not minimum <= number <= maximum:
            raise CellError(f"应在 {minimum} 到 {maximum} 之间")
        return number

    return parse
