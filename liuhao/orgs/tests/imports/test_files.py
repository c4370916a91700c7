"""Malformed files change nothing and get a clear Chinese message (issue 2, item 8)."""

from __future__ import annotations

import io
import zipfile

from liuhao.orgs.imports.xlsx import XlsxBook
from liuhao.orgs.tests.imports.conftest import (
    ORG_HEADER,
    PERSON_HEADER,
    dry_run,
    make_xlsx,
    rejected,
)


def test_empty_file(tree, actors):
    [message] = rejected(actors.university_admin, tree.university, b"")
    assert "文件为空" in message


def test_file_over_the_size_limit(tree, actors, settings):
    settings.IMPORT_MAX_BYTES = 1000
    data = make_xlsx({"人员": [PERSON_HEADER]})
    [message] = rejected(actors.university_admin, tree.university, data)
    assert "文件过大" in message and "上限" in message


def test_file_over_the_size_limit_on_disk_is_not_read(tree, actors, settings, tmp_path):
    settings.IMPORT_MAX_BYTES = 10
    path = tmp_path / "big.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"0" * 100)
    report = dry_run(actors.university_admin, tree.university, path)
    assert "文件过大" in str(report.issues.items[0])


def test_non_excel_file_renamed_xlsx(tree, actors):
    data = "工号,姓名\nT1,张三\n".encode()
    [message] = rejected(actors.university_admin, tree.university, data)
    assert "不是 Excel 工作簿" in message and "扩展名" in message


def test_password_protected_or_legacy_xls(tree, actors):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    [message] = rejected(actors.university_admin, tree.university, ole)
    assert "密码" in message and ".xlsx" in message


def test_truncated_zip(tree, actors):
    data = make_xlsx({"人员": [PERSON_HEADER, ["T1", "张三", "教师"]]})
    [message] = rejected(actors.university_admin, tree.university, data[: len(data) // 2])
    assert "损坏" in message


def test_zip_that_is_not_a_workbook(tree, actors):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    [message] = rejected(actors.university_admin, tree.university, buffer.getvalue())
    assert "不是 Excel 工作簿" in message


def test_encrypted_zip_member(tree, actors):
    data = bytearray(make_xlsx({"人员": [PERSON_HEADER]}))
    # set the "encrypted" general-purpose flag on the first local and central headers
    data[6] |= 0x1
    central = data.rfind(b"PK\x01\x02")
    first_central = data.find(b"PK\x01\x02")
    assert central >= first_central > 0
    data[first_central + 8] |= 0x1
    [message] = rejected(actors.university_admin, tree.university, bytes(data))
    assert "密码" in message or "损坏" in message


def test_damaged_sheet_xml(tree, actors):
    data = make_xlsx({"人员": [PERSON_HEADER, ["T1", "张三", "教师"]]})
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                content = content.replace(b"</sheetData>", b"<row><c></sheetData>")
            target.writestr(info, content)
    messages = rejected(actors.university_admin, tree.university, buffer.getvalue())
    assert any("损坏" in m for m in messages)


def test_unknown_sheet_name(tree, actors):
    data = make_xlsx({"Sheet1": [PERSON_HEADER], "人员": [PERSON_HEADER, ["T1", "张三", "教师"]]})
    [message] = rejected(actors.university_admin, tree.university, data)
    assert "无法识别的工作表“Sheet1”" in message and "组织、人员、党员身份、职务" in message


def test_guide_sheet_is_ignored(tree, actors):
    data = make_xlsx({"说明": [["随便写点什么"]], "人员": [PERSON_HEADER, ["T1", "张三", "教师"]]})
    report = dry_run(actors.university_admin, tree.university, data)
    assert report.ok and report.sheets[0].created == 1


def test_no_data_sheet(tree, actors):
    data = make_xlsx({"说明": [["只有说明"]]})
    [message] = rejected(actors.university_admin, tree.university, data)
    assert "没有可导入的工作表" in message


def test_missing_mandatory_column(tree, actors):
    data = make_xlsx({"人员": [["工号/学号", "姓名"], ["T1", "张三"]]})
    [message] = rejected(actors.university_admin, tree.university, data)
    assert message == "人员 第 1 行（人员类别）：缺少必需的列“人员类别”"


def test_unknown_and_duplicate_columns(tree, actors):
    data = make_xlsx({"人员": [[*PERSON_HEADER, "身份证号", "姓名"], ["T1", "张三", "教师"]]})
    messages = rejected(actors.university_admin, tree.university, data)
    assert "人员 第 1 行 G 列（身份证号）：无法识别的列“身份证号”" in messages[0]
    assert "人员 第 1 行 H 列（姓名）：列“姓名”重复出现" in messages[1]


def test_header_with_star_and_spaces_is_accepted(tree, actors):
    data = make_xlsx({"人员": [["工号/学号*", " 姓 名 ", "人员类别＊"], ["T1", "张三", "教师"]]})
    assert dry_run(actors.university_admin, tree.university, data).ok


def test_empty_header_row(tree, actors):
    data = make_xlsx({"组织": [[None, None], ["U001-C01-B09", "某支部"]]})
    [message] = rejected(actors.university_admin, tree.university, data)
    assert "组织 第 1 行" in message and "表头" in message


def test_data_under_a_blank_header_is_reported(tree, actors):
    data = make_xlsx(
        {"人员": [[*PERSON_HEADER, None], ["T1", "张三", "教师", None, None, None, "多余"]]}
    )
    [message] = rejected(actors.university_admin, tree.university, data)
    assert message.startswith("人员 第 2 行 G 列") and "没有表头" in message


def test_structural_problems_stop_before_row_checks(tree, actors):
    data = make_xlsx(
        {"组织": [["组织代码"]], "人员": [PERSON_HEADER, ["T1", "张三", "不存在的类别"]]}
    )
    messages = rejected(actors.university_admin, tree.university, data)
    assert all("第 1 行" in m for m in messages)


def test_blank_rows_are_skipped_and_row_numbers_kept(tree, actors):
    data = make_xlsx(
        {
            "人员": [
                PERSON_HEADER,
                ["T1", "张三", "教师"],
                [None, "  ", None],
                [],
                ["T2", "李四", "老师"],
            ]
        }
    )
    [message] = rejected(actors.university_admin, tree.university, data)
    assert message.startswith("人员 第 5 行 C 列（人员类别）：“老师”不是可选值")


def test_reader_handles_shared_strings_rich_text_and_gaps():
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><r><t>富</t></r>'
        "<r><t>文本</t></r><rPh><t>fu</t></rPh></is></c></row>"
        '<row r="4"><c r="B4" t="b"><v>1</v></c><c r="C4" t="str"><f>A1</f><v>公式值</v></c>'
        '<c r="D4"><v>12.5</v></c><c r="E4" t="e"><v>#N/A</v></c></row>'
        "</sheetData></worksheet>"
    )
    strings = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>共享&amp;字符串</t></si></sst>"
    )
    base = io.BytesIO(make_xlsx({"人员": [["x"]]}))
    buffer = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                content = sheet.encode()
            if info.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            target.writestr(info, content)
        target.writestr("xl/sharedStrings.xml", strings)
    book = XlsxBook(buffer.getvalue())
    rows = list(book.rows("人员"))
    book.close()
    assert rows == [
        (1, ("共享&字符串", None, "富文本")),
        (4, (None, True, "公式值", 12.5, "#N/A")),
    ]


def test_org_sheet_header_only_is_fine(tree, actors):
    report = dry_run(actors.university_admin, tree.university, make_xlsx({"组织": [ORG_HEADER]}))
    assert report.ok and report.rows == 0
