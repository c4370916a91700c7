"""The downloadable template: four data sheets with Chinese headers, notes and drop-downs."""

from __future__ import annotations

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
