"""The downloadable template: four data sheets with Chinese headers, notes and drop-downs."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from liuhao.orgs.imports.columns import SHEETS
from liuhao.orgs.imports.template import build_template
from liuhao.orgs.tests.imports.conftest import dry_run


def test_template_sheets_headers_and_drop_downs():
    workbook = load_workbook(io.BytesIO(build_template()))
    assert workbook.sheetnames == ["说明", "组织", "人员", "党员身份", "职务"]
    people = workbook["人员"]
    headers = [cell.value for cell in people[1]]
    assert headers == [c.header for c in SHEETS[1].columns]
    assert "必填" in people["A1"].comment.text
    assert "2001-09-01" in people["E1"].comment.text
    lists = {
        str(dv.sqref).split(":")[0]: dv.formula1 for dv in people.data_validations.dataValidation
    }
    assert lists["C2"] == '"教师,学生,职工,离退休"'
    assert lists["G2"] == '"是,否"'
    branch_types = {dv.formula1 for dv in workbook["组织"].data_validations.dataValidation}
    assert any("教工党支部" in f for f in branch_types)
    assert people.max_row == 1  # no example rows


def test_empty_template_passes_a_dry_run(tree, actors):
    report = dry_run(actors.university_admin, tree.university, build_template())
    assert report.ok and report.rows == 0 and len(report.sheets) == 4


def test_filled_in_template_imports(tree, actors):
    workbook = load_workbook(io.BytesIO(build_template()))
    workbook["组织"].append(["U001-C01-B05", "软件工程党支部", "党支部", "U001-C01", "教工党支部"])
    workbook["人员"].append(
        ["T5", "钱五", "教师", "男", dt.datetime(1980, 1, 2), "U001-C01-B05", "否", "是", "否"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = dry_run(actors.university_admin, tree.university, buffer.getvalue())
    assert report.ok, [str(i) for i in report.issues.items]
    assert report.summary_text().startswith("组织：新增 1，更新 0，未变 0；人员：新增 1")
