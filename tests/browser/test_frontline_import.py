"""Browser: on a phone-sized page a college secretary imports service-front records from .xlsx —
the dry run lists a problem by sheet, row and column and stores nothing; the corrected file passes,
确认导入 writes it; then a news item entered by mistake is deleted through its confirmation page."""

from __future__ import annotations

import pytest

from liuhao.core.models import AuditEvent
from liuhao.frontline.imports.columns import SHEETS
from liuhao.frontline.models import News, Reception, Venue
from liuhao.frontline.tests.conftest import rep  # noqa: F401 - the fixture
from liuhao.ledger.tests.conftest import crew  # noqa: F401 - the fixture
from liuhao.orgs.tests.imports.conftest import make_xlsx
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = {s.name: [c.header for c in s.columns] for s in SHEETS}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def workbook(representative, published_on: str) -> bytes:
    return make_xlsx(
        {
            "活动场所": [
                HEADERS["活动场所"],
                ["U001-C01", "党代表工作室", "党代表工作室", "行政楼", "是", "", "2024-06-01", None],
            ],
            "驻室接待": [
                HEADERS["驻室接待"],
                ["U001-C01", representative.number, "2025-10-15", "党代表工作室", 4, "食堂价格"],
            ],
            "动态通知": [
                HEADERS["动态通知"],
                ["U001-C01-B01", "工作动态", "支部召开组织生活会", published_on, "", ""],
            ],
        }
    )  # fmt: skip


def upload(page, data: bytes) -> None:
    page.goto("/frontline/import/")
    page.set_input_files(
        "input[type=file]", files=[{"name": "服务阵地.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_load_state("networkidle")


def test_import_dry_run_then_commit_then_delete_a_record(page, login, tree, actors, crew, rep):  # noqa: F811
    login(actors.org_secretary)
    page.goto(f"/frontline/orgs/{tree.branch.pk}/")
    page.get_by_role("link", name="从 Excel 导入").click()
    page.wait_for_load_state("networkidle")
    assert "服务阵地台账导入" in page.locator("h1").inner_text()
    assert fits_the_phone(page)

    upload(page, workbook(rep, "2999-01-01"))
    errors = page.locator("#import-errors").inner_text()
    assert "动态通知" in errors and "发布日期不能晚于今天" in errors
    assert fits_the_phone(page)
    assert not Venue.objects.exists() and not News.objects.exists()

    upload(page, workbook(rep, "2025-10-15"))
    assert "检查通过" in page.locator("#import-summary").inner_text()
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state("networkidle")
    assert "服务阵地台账导入成功" in page.locator(".messages").inner_text()
    assert Reception.objects.get().venue == Venue.objects.get()
    assert AuditEvent.objects.filter(verb="create").count() == 3

    news = News.objects.get()
    page.goto(f"/frontline/news/{news.pk}/edit/")
    page.get_by_role("link", name="删除").click()
    page.wait_for_load_state("networkidle")
    assert "确定要删除动态通知" in page.locator("#delete-confirm").inner_text()
    assert fits_the_phone(page)
    page.get_by_role("button", name="确认删除").click()
    page.wait_for_load_state("networkidle")
    assert "已删除动态通知" in page.locator(".messages").inner_text()
    assert not News.objects.exists()
    assert AuditEvent.objects.filter(verb="delete", target_id=news.pk).exists()
