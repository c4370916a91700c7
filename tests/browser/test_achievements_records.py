"""Browser, phone-sized: a committee member imports commitments and a brand with its history from
Excel (an error named by sheet, row and column first, then dry run and 确认导入), then corrects the
brand on its edit page, edits an entry of its history and deletes a work result (Criteria C14.2,
C16.1, C17.1)."""

from __future__ import annotations

import pytest

from liuhao.achievements.models import Achievement, BrandEvent, Commitment, ServiceBrand
from liuhao.achievements.tests.conftest import member  # noqa: F401 - the fixture
from liuhao.achievements.tests.factories import AchievementFactory
from liuhao.orgs.tests.imports.conftest import make_xlsx
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def workbook(tree, person, event_day: str) -> bytes:
    code = tree.branch.code
    return make_xlsx(
        {
            "承诺践诺": [
                ["组织代码", "工号/学号", "承诺日期", "承诺事项", "评议日期", "领导点评得分"],
                [code, person.number, "2025-09-20", "带头做好本职", "2025-11-01", 95],
            ],
            "服务品牌": [["组织代码", "品牌名称", "创立日期"], [code, "红烛领航", "2024-05-04"]],
            "品牌历程": [
                ["组织代码", "品牌名称", "日期", "事项"],
                [code, "红烛领航", event_day, "品牌活动"],
            ],
        }
    )


def upload(page, data: bytes) -> None:
    page.set_input_files(
        "input[type=file]", files=[{"name": "成果.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_load_state("networkidle")


def test_import_dry_run_then_commit_then_edit_the_brand(page, login, tree, actors, member):  # noqa: F811
    login(actors.committee_member)
    page.goto(f"/achievements/orgs/{tree.branch.pk}/")
    page.get_by_role("link", name="从 Excel 导入").click()
    assert fits_the_phone(page)

    upload(page, workbook(tree, member, "2024-01-01"))  # before the brand was founded
    error = page.locator("#import-errors tr", has_text="日期不能早于品牌创立日期").inner_text()
    assert "品牌历程" in error and "C（日期）" in error
    assert page.get_by_role("button", name="确认导入").count() == 0
    page.goto("/achievements/import/")
    upload(page, workbook(tree, member, "2025-10-10"))
    assert "检查通过" in page.locator("#import-summary").inner_text()
    assert fits_the_phone(page)
    assert not Commitment.objects.exists() and not ServiceBrand.objects.exists()
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state("networkidle")
    assert "导入成功" in page.locator(".messages").inner_text()
    assert Commitment.objects.get().leader_score == 95
    brand = ServiceBrand.objects.get()
    assert BrandEvent.objects.get().brand == brand

    page.goto(f"/achievements/brands/{brand.pk}/")
    page.get_by_role("link", name="修改或删除品牌").click()
    assert fits_the_phone(page)
    page.fill("input[name=retired_on]", "2025-01-01")  # before the brand's last event
    page.get_by_role("button", name="保存").click()
    assert "停用日期不能早于品牌历程中最晚的日期" in page.content()
    page.fill("input[name=retired_on]", "")
    page.fill("input[name=name]", "红烛领航工作室")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "红烛领航工作室" in page.locator("h1").inner_text()

    page.get_by_role("link", name="品牌活动").click()
    page.fill("input[name=summary]", "品牌活动：社区义诊")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "品牌活动：社区义诊" in page.locator("#brand-events").inner_text()


def test_delete_a_work_result(page, login, tree, actors):
    record = AchievementFactory(org=tree.branch, title="误录的成果")
    login(actors.committee_member)
    page.goto(f"/achievements/orgs/{tree.branch.pk}/")
    page.get_by_role("link", name="误录的成果").click()
    assert fits_the_phone(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="删除").click()
    page.wait_for_load_state("networkidle")
    assert "已删除" in page.locator(".messages").inner_text()
    assert not Achievement.objects.filter(pk=record.pk).exists()
    assert "还没有登记工作成果" in page.locator("#achievements").inner_text()
