"""A streaming, values-only .xlsx row reader for large rosters.

openpyxl parses the workbook structure (content types, sheet list, date styles, 1900/1904 epoch);
the sheet rows are streamed here with the stdlib's C XML parser. Why not openpyxl's own read-only
iteration: it builds every cell through its descriptor machinery and, for files without a
<dimension> element (everything openpyxl itself writes), scans each sheet twice; on the reference
machine it reads a 100,000-row roster at 6,000–8,000 rows/s, which alone would use most of the
≥ 5,000 rows/s end-to-end budget (issue 2). This reader yields the same values — str, int, float,
bool, datetime, None — about four times as fast (see bench/import_roster.py).

Cell types handled (ECMA-376 §18.3.1.4): shared strings, inline strings (rich text runs joined,
phonetic runs skipped), numbers (dates when the cell's number format is a date format), booleans,
ISO dates, formula results (cached values; formulas themselves are ignored) and error values.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET  # stdlib expat: no external entities, bounded expansion
from collections.abc import Iterator
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

NS = "{%s}" % SHEET_MAIN_NS  # noqa: UP031 - ElementTree's "{namespace}tag" form
ROW, CELL, VALUE, INLINE, TEXT, RUN, SHARED = (
    NS + tag for tag in ("row", "c", "v", "is", "t", "r", "si")
)
CHUNK = 1 << 16
DIGITS = "0123456789"


def _rich_text(element: ET.Element) -> str:
    """The text of an <si> or <is> element: plain <t>, or rich-text runs; phonetic runs skipped."""
    if len(element) == 1 and element[0].tag == TEXT:
        return element[0].text or ""
    parts = []
    for child in element:
        if child.tag == TEXT:
            parts.append(child.text or "")
        elif child.tag == RUN:
            text = child.find(TEXT)
            if text is not None:
                parts.append(text.text or "")
    return "".join(parts)


def _number(text: str) -> int | float:
    return float(text) if ("." in text or "E" in text or "e" in text) else int(text)


class XlsxBook:
    """An .xlsx opened for reading. `sheetnames` in workbook order; `rows(name)` streams a sheet."""

    def __init__(self, data: bytes):
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        self._archive = reader.archive
        try:
            reader.read_manifest()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            self._parts: dict[str, str] = {}
            self.sheetnames: list[str] = []
            valid = set(reader.valid_files)
            for sheet, rel in reader.parser.find_sheets():
                self.sheetnames.append(sheet.name)
                if "worksheet" in rel.Type and rel.target in valid:
                    self._parts[sheet.name] = rel.target
            # set by apply_stylesheet: the cell-style ids whose number format is a date/duration
            self._dates = frozenset(getattr(reader.wb, "_date_formats", ()))
            self._timedeltas = frozenset(getattr(reader.wb, "_timedelta_formats", ()))
            self._epoch = reader.wb.epoch
            strings = reader.package.find(SHARED_STRINGS)
            self._strings = self._read_strings(strings.PartName[1:]) if strings is not None else []
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self._archive.close()

    def _stream(self, part: str, tags: frozenset[str]) -> Iterator[ET.Element]:
        """Elements with one of `tags`, each complete, in document order; cleared after use."""
        parser: ET.XMLPullParser = ET.XMLPullParser(events=("end",))
        with self._archive.open(part) as source:
            while True:
                chunk = source.read(CHUNK)
                if chunk:
                    parser.feed(chunk)
                else:
                    parser.close()  # raises on a truncated document
                events: Iterator[tuple[str, ET.Element]] = parser.read_events()  # type: ignore[assignment]
                for _event, element in events:
                    if element.tag in tags:
                        yield element
                        element.clear()
                if not chunk:
                    return

    def _read_strings(self, part: str) -> list[str]:
        return [_rich_text(si) for si in self._stream(part, frozenset({SHARED}))]

    def _date(self, number: float, style: int) -> Any:
        """A date-formatted number as a datetime; out-of-range serials stay numbers (a bad date)."""
        try:
            return from_excel(number, self._epoch, timedelta=style in self._timedeltas)
        except (OverflowError, ValueError):
            return number

    def rows(self, name: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(row number, cell values) for every row present in the sheet, columns by position.

        Cells missing from the file are None; rows missing from the file are not yielded.
        """
        part = self._parts.get(name)
        if part is None:
            return
        strings, dates = self._strings, self._dates
        columns: dict[str, int] = {}
        next_row = 1
        for element in self._stream(part, frozenset({ROW})):
            ref = element.get("r")
            rowno = int(ref) if ref else next_row
            next_row = rowno + 1
            values: list[Any] = []
            for cell in element:
                if cell.tag != CELL:
                    continue
                ref = cell.get("r")
                if ref:
                    letters = ref.rstrip(DIGITS)
                    index = columns.get(letters)
                    if index is None:
                        index = columns[letters] = column_index_from_string(letters) - 1
                    if index > len(values):
                        values.extend([None] * (index - len(values)))
                kind = cell.get("t")
                if kind == "inlineStr":
                    inline = cell.find(INLINE)
                    values.append(_rich_text(inline) if inline is not None else None)
                    continue
                text = cell.findtext(VALUE)
                if text is None or text == "":
                    values.append(None)
                elif kind == "s":
                    values.append(strings[int(text)])
                elif kind == "str" or kind == "e":
                    values.append(text)
                elif kind == "b":
                    values.append(text in ("1", "true"))
                elif kind == "d":
                    values.append(from_ISO8601(text))
                else:
                    number = _number(text)
                    style = cell.get("s")
                    if style and int(style) in dates:
                        number = self._date(number, int(style))
                    values.append(number)
            yield rowno, tuple(values)
