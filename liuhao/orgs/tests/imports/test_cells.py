"""Cell parsers: dates in the accepted forms, 是/否, choices by label or code, integers, text."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.orgs.choices import BranchType, MembershipStage
from liuhao.orgs.imports.cells import (
    bool_parser,
    choice_parser,
    date_parser,
    int_parser,
    text_parser,
)
from liuhao.orgs.imports.errors import CellError


@pytest.mark.parametrize(
    "raw",
    [
        dt.datetime(2001, 9, 1),
        dt.date(2001, 9, 1),
        "2001-09-01",
        "2001/09/01",
        "2001.09.01",
        "2001-9-1",
        " 2001/9/01 ",
    ],
)
def test_date_accepts_excel_dates_and_three_text_forms(raw):
    assert date_parser(required=False)(raw) == dt.date(2001, 9, 1)


@pytest.mark.parametrize(
    "raw", ["01/09/2001", "2001年9月1日", "20010901", "2001-09/01", 37135, 1.5, "明天"]
)
def test_date_rejects_anything_else_with_the_expected_form(raw):
    with pytest.raises(CellError) as exc:
        date_parser(required=False)(raw)
    assert "日期格式不正确" in exc.value.message and "2001-09-01" in exc.value.message


def test_date_rejects_impossible_days():
    with pytest.raises(CellError) as exc:
        date_parser(required=False)("2001-02-30")
    assert "不存在" in exc.value.message


def test_date_empty_is_none_unless_required():
    assert date_parser(required=False)(None) is None
    assert date_parser(required=False)("  ") is None
    with pytest.raises(CellError, match="必须填写"):
        date_parser(required=True)(None)


def test_bool_is_shi_or_fou():
    parse = bool_parser()
    assert parse("是") is True and parse("否") is False and parse(None) is False
    assert parse(True) is True and parse(" 是 ") is True
    with pytest.raises(CellError, match=r"是.*否"):
        parse("yes")


def test_choice_accepts_chinese_label_and_code_value():
    parse = choice_parser(BranchType, required=True)
    assert parse("教工党支部") == "teacher"
    assert parse("teacher") == "teacher"
    with pytest.raises(CellError) as exc:
        parse("教师党支部")
    assert "不是可选值" in exc.value.message and "教工党支部" in exc.value.message


def test_choice_required_and_optional():
    assert choice_parser(MembershipStage, required=False)(None) == ""
    with pytest.raises(CellError, match="必须填写"):
        choice_parser(MembershipStage, required=True)("")


def test_text_strips_and_drops_excel_float_suffix():
    parse = text_parser(max_length=8, required=True)
    assert parse("  T001 ") == "T001"
    assert parse(2021001.0) == "2021001"
    assert parse(2021001) == "2021001"
    with pytest.raises(CellError, match="长度不能超过 8 个字符"):
        parse("123456789")
    with pytest.raises(CellError, match="必须填写"):
        parse("   ")
    with pytest.raises(CellError, match="不应是日期"):
        parse(dt.datetime(2020, 1, 1))


def test_int_bounds_and_forms():
    parse = int_parser(0, 10, required=False)
    assert parse(3) == 3 and parse(3.0) == 3 and parse("4") == 4 and parse(None) is None
    with pytest.raises(CellError, match="整数"):
        parse("三")
    with pytest.raises(CellError, match="0 到 10"):
        parse(11)
