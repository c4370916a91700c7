"""Browser: a committee member records the branch's commitments and 三评 scores in one form on a
phone-sized page and sees them on the 承诺践诺 page; records a work result; a reviewer scores a
review checkpoint (Criteria C14.2, C16, C17; DESIGN §8: fast entry)."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from liuhao.achievements.models import Achievement, Commitment, ReviewRating
from liuhao.achievements.tests.conftest import standard  # noqa: F401 - the fixture
from liuhao.ledger.selectors import member_person_ids
from liuhao.ledger.tests.conftest import crew  # noqa: F401 - the fixture
from tests.browser.phone import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bulk_commitments_in_one_form(page, login, tree, actors, crew):  # noqa: F811
    login(actors.committee_member)
    started = time.monotonic()
    page.goto(f"/achievements/orgs/{tree.branch.pk}/commitments/")
    page.get_by_role("link", name="批量登记承诺与评议").click()
    page.fill("textarea[name=content]", "立足岗位作表率，结对帮扶一名学生")
    first = crew.members[0].pk
    page.fill(f"input[name=l{first}]", "96")
    page.fill(f"input[name=p{first}]", "93")
    page.fill(f"input[name=q{first}]", "90")
    page.fill("input[name=evaluated_on]", page.input_value("input[name=committed_on]"))
    page.get_by_role("button", name="全部保存").click()
    page.wait_for_load_state("networkidle")
    assert time.monotonic() - started < 60
    members = len(member_person_ids(tree.branch, timezone.localdate()))  # all ticked by default
    assert Commitment.objects.count() == members
    assert Commitment.objects.get(person_id=first).leader_score == 96
    summary = page.locator("#commitment-summary").inner_text()
    assert f"已承诺 {members} 人" in summary and "已评议" in summary
    assert fits_the_phone(page)


def test_record_result_and_reviewer_rating(page, login, tree, actors, standard):  # noqa: F811
    login(actors.committee_member)
    page.goto(f"/achievements/orgs/{tree.branch.pk}/")
    page.get_by_role("link", name="登记工作成果").click()
    page.select_option("select[name=category]", label="社会服务")
    page.fill("input[name=title]", "社区义诊服务群众")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "社区义诊服务群众" in page.locator("#achievements").inner_text()
    assert Achievement.objects.get().category == "social_service"
    assert fits_the_phone(page)

    page.context.clear_cookies()
    login(actors.reviewer)
    page.goto(f"/achievements/orgs/{tree.branch.pk}/")
    page.get_by_role("link", name="评审评分").click()
    page.fill("input[name=score]", "4.5")
    page.fill("textarea[name=comment]", "服务成效明显")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "4.5 分" in page.locator("#ratings").inner_text()
    assert ReviewRating.objects.get().score == 4.5
