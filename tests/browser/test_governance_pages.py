"""Browser: on a phone-sized page a committee member records funding and an election, sees the
term reminder, grades the branch's members in one 民主评议 form (the 1/3 cap refused, then
saved), and a college secretary bands the sub-orgs in one 分类定级 form; the Excel import (经费,
评议, 述职, 党性分析) with dry run then commit (criteria C08, C09)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from liuhao.governance.models import (
    Funding,
    LeaderReport,
    MemberGrade,
    OrgGrade,
    SpiritAnalysis,
)
from liuhao.governance.models.support import add_months
from liuhao.ledger.tests.conftest import crew  # noqa: F401 - the fixture
from liuhao.orgs.tests.imports.conftest import make_xlsx
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_funding_and_election_with_the_term_reminder(page, login, tree, actors, crew):  # noqa: F811
    login(actors.committee_member)
    page.goto(f"/governance/orgs/{tree.branch.pk}/")
    assert "未登记换届选举" in page.locator("#gov-term").inner_text()
    page.get_by_role("link", name="登记经费").click()
    assert fits_the_phone(page)
    page.fill("input[name=allocated_on]", "2025-10-01")
    page.fill("input[name=amount]", "-5")
    page.select_option("select[name=source]", label="党费下拨")
    page.get_by_role("button", name="保存").click()
    assert "金额不能为负数" in page.content()
    assert not Funding.objects.exists()
    page.fill("input[name=amount]", "5000")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "5000" in page.locator("#gov-funding").inner_text()

    elected = add_months(timezone.localdate(), -33)  # a 3-year term ending in about 3 months
    page.get_by_role("link", name="登记换届选举").click()
    page.fill("input[name=elected_on]", elected.isoformat())
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "即将届满" in page.locator("#gov-term").inner_text()
    assert fits_the_phone(page)


def test_evaluation_round_with_the_cap(page, login, tree, actors, crew):  # noqa: F811
    login(actors.committee_member)
    page.goto(f"/governance/orgs/{tree.branch.pk}/")
    page.get_by_role("link", name="民主评议党员").click()
    assert fits_the_phone(page)
    page.fill("input[name=decided_on]", timezone.localdate().isoformat())
    people = [crew.secretary, *crew.committee, *crew.members]
    for person in people[:4]:
        page.select_option(f"select[name=grade_{person.pk}]", "优秀")
    page.click("#fill-all")
    page.get_by_role("button", name="保存").click()
    assert "1/3" in page.locator(".form-errors").inner_text()
    assert not MemberGrade.objects.exists()
    for person in people[2:4]:
        page.select_option(f"select[name=grade_{person.pk}]", "合格")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert MemberGrade.objects.filter(grade="优秀").count() == 2
    assert "民主评议党员" in page.locator("#gov-evaluations").inner_text()


def test_grading_of_sub_orgs(page, login, tree, actors):
    login(actors.org_secretary)
    page.goto(f"/governance/orgs/{tree.college.pk}/")
    page.get_by_role("link", name="分类定级").click()
    page.fill("input[name=graded_on]", timezone.localdate().isoformat())
    page.select_option(f"select[name=band_{tree.branch.pk}]", "先进")
    page.click("#fill-all")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert OrgGrade.objects.count() == 2
    assert "先进 1" in page.locator("#gov-gradings").inner_text()


def test_governance_import_dry_run_then_commit(page, login, tree, actors, crew):  # noqa: F811
    data = make_xlsx(
        {
            "经费": [["组织代码", "拨付日期", "金额（元）", "经费来源"], [tree.branch.code, "2025-10-01", "3000", "党费下拨"]],
            "评议": [
                ["党支部代码", "年度", "组织评定日期", "工号/学号", "评定等次"],
                [tree.branch.code, 2025, "2025-10-15", crew.members[0].number, "合格"],
            ],
            "述职": [
                ["组织代码", "述职日期", "述职人工号/学号", "应参加评议党员数", "参加评议人数", "评价“好”人数"],
                [tree.branch.code, "2025-01-10", crew.secretary.number, 7, 6, 6],
            ],
            "党性分析": [
                ["组织代码", "分析日期", "工号/学号", "分析要点"],
                [tree.branch.code, "2025-01-08", crew.members[1].number, "对照党章查找差距"],
            ],
        }
    )  # fmt: skip
    login(actors.committee_member)
    page.goto(f"/governance/orgs/{tree.branch.pk}/")
    page.get_by_role("link", name="从 Excel 导入").click()
    page.set_input_files(
        "input[type=file]", files=[{"name": "导入.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_load_state("networkidle")
    assert "检查通过" in page.locator("#import-summary").inner_text()
    assert fits_the_phone(page)
    assert not Funding.objects.exists()
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state("networkidle")
    assert "导入成功" in page.locator(".messages").inner_text()
    assert Funding.objects.get().amount == 3000
    assert MemberGrade.objects.get().person == crew.members[0]
    assert LeaderReport.objects.get().ratings == {"好": 6}
    assert SpiritAnalysis.objects.get().person == crew.members[1]
