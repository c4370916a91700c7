"""Edit and delete of every achievements record type (Criteria C14.2, C16, C17), by page and by API:
scoped (outside → 404), writers only (403), impossible data refused naming the field with nothing
stored, every change audited; a brand's history stays inside its life; a reviewer withdraws only
their own rating."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from liuhao.achievements.models import (
    Achievement,
    BrandEvent,
    Commitment,
    Output,
    ReviewRating,
    ServiceBrand,
)
from liuhao.achievements.tests.factories import (
    AchievementFactory,
    BrandEventFactory,
    CommitmentFactory,
    OutputFactory,
    ReviewRatingFactory,
    ServiceBrandFactory,
)
from liuhao.api.tests.support import assert_error, send, token_client
from liuhao.core.models import AuditEvent
from liuhao.core.roles import Role
from liuhao.orgs.tests.factories import RoleAssignmentFactory, UserFactory

API = "/api/v1/achievements"


def audit_verbs(record) -> set[str]:
    name = type(record).__name__.lower()
    return set(
        AuditEvent.objects.filter(target_id=str(record.pk), target_type__endswith=name).values_list(
            "verb", flat=True
        )
    )


# ---- pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "make", "back"),
    [
        ("commitment", "commitment", "org-commitments"),
        ("achievement", "achievement", "org-results"),
        ("output", "output", "org-results"),
    ],
)
def test_record_pages_offer_delete_to_recorders(client, tree, actors, member, kind, make, back):
    record = {
        "commitment": lambda: CommitmentFactory(org=tree.branch, person=member),
        "achievement": lambda: AchievementFactory(org=tree.branch),
        "output": lambda: OutputFactory(org=tree.branch),
    }[make]()
    detail = reverse(f"achievements:{kind}-detail", args=[record.pk])
    delete = reverse(f"achievements:{kind}-delete", args=[record.pk])
    client.force_login(actors.reviewer)
    assert "record-delete" not in client.get(detail).content.decode()
    assert client.post(delete).status_code == 403
    client.force_login(actors.outsider)
    assert client.post(delete).status_code == 404
    client.force_login(actors.committee_member)
    assert 'id="record-delete"' in client.get(detail).content.decode()
    assert client.get(delete).status_code == 405
    response = client.post(delete)
    assert response.status_code == 302
    assert response["Location"] == reverse(f"achievements:{back}", args=[tree.branch.pk])
    assert not type(record).objects.exists()
    assert "delete" in audit_verbs(record)


def test_output_edit_refuses_a_future_date(client, tree, actors):
    output = OutputFactory(org=tree.branch, title="调研报告")
    client.force_login(actors.committee_member)
    url = reverse("achievements:output-detail", args=[output.pk])
    data = {"kind": "theory", "title": "调研报告（修订）", "published_on": "2099-01-01"}
    bad = client.post(url, data)
    assert bad.status_code == 400 and "形成日期不能晚于今天" in bad.content.decode()
    output.refresh_from_db()
    assert output.title == "调研报告"
    assert client.post(url, data | {"published_on": "2025-06-01"}).status_code == 302
    output.refresh_from_db()
    assert output.title == "调研报告（修订）" and "update" in audit_verbs(output)


def test_brand_edit_page_keeps_the_history_inside_the_brand_life(client, tree, actors):
    brand = ServiceBrandFactory(org=tree.branch, name="红烛领航", founded_on=dt.date(2023, 5, 4))
    BrandEventFactory(brand=brand, happened_on=dt.date(2024, 1, 10))
    client.force_login(actors.committee_member)
    detail = client.get(reverse("achievements:servicebrand-detail", args=[brand.pk]))
    assert "修改或删除品牌" in detail.content.decode()
    url = reverse("achievements:servicebrand-edit", args=[brand.pk])
    data = {"name": "红烛领航", "founded_on": "2023-05-04"}
    late = client.post(url, data | {"founded_on": "2024-02-01"})
    assert (
        late.status_code == 400 and "创立日期不能晚于品牌历程中最早的日期" in late.content.decode()
    )
    early = client.post(url, data | {"retired_on": "2023-12-31"})
    assert (
        early.status_code == 400
        and "停用日期不能早于品牌历程中最晚的日期" in early.content.decode()
    )
    before = client.post(url, data | {"retired_on": "2023-01-01"})
    assert before.status_code == 400 and "停用日期不能早于" in before.content.decode()
    brand.refresh_from_db()
    assert brand.retired_on is None and brand.founded_on == dt.date(2023, 5, 4)
    assert client.post(url, data | {"name": "红烛领航工作室"}).status_code == 302
    brand.refresh_from_db()
    assert brand.name == "红烛领航工作室"
    client.force_login(actors.reviewer)
    assert client.get(url).status_code == 403


def test_brand_event_page_edit_and_delete(client, tree, actors):
    brand = ServiceBrandFactory(org=tree.branch, founded_on=dt.date(2023, 5, 4))
    event = BrandEventFactory(brand=brand)
    url = reverse("achievements:brandevent-detail", args=[event.pk])
    client.force_login(actors.reviewer)
    page = client.get(url)
    assert page.status_code == 200 and "record-delete" not in page.content.decode()
    assert client.post(url, {"happened_on": "2025-10-01", "summary": "x"}).status_code == 403
    client.force_login(actors.committee_member)
    bad = client.post(url, {"happened_on": "2022-01-01", "summary": "品牌活动"})
    assert bad.status_code == 400 and "日期不能早于品牌创立日期" in bad.content.decode()
    ok = client.post(url, {"happened_on": "2025-10-01", "summary": "品牌活动：义诊"})
    assert ok.status_code == 302
    event.refresh_from_db()
    assert event.summary == "品牌活动：义诊"
    response = client.post(reverse("achievements:brandevent-delete", args=[event.pk]))
    assert response["Location"] == reverse("achievements:servicebrand-detail", args=[brand.pk])
    assert not BrandEvent.objects.exists() and audit_verbs(event) == {"update", "delete"}


def test_brand_delete_takes_its_history_with_audit_rows(client, tree, actors):
    brand = ServiceBrandFactory(org=tree.branch)
    events = [BrandEventFactory(brand=brand, summary=f"活动{n}") for n in range(2)]
    client.force_login(actors.committee_member)
    response = client.post(reverse("achievements:servicebrand-delete", args=[brand.pk]))
    assert response.status_code == 302
    assert not ServiceBrand.objects.exists() and not BrandEvent.objects.exists()
    assert all(audit_verbs(e) == {"delete"} for e in events)
    assert audit_verbs(brand) == {"delete"}


def test_reviewer_withdraws_only_their_own_rating(client, tree, actors):
    own = ReviewRatingFactory(reviewer=actors.reviewer, org=tree.branch)
    other_reviewer = UserFactory(username="reviewer2")
    RoleAssignmentFactory(user=other_reviewer, role=Role.REVIEWER, org=tree.college)
    theirs = ReviewRatingFactory(reviewer=other_reviewer, org=tree.branch, checkpoint_code="C17.2")
    client.force_login(actors.reviewer)
    page = client.get(reverse("achievements:org-results", args=[tree.branch.pk])).content.decode()
    assert page.count("撤回</button>") == 1
    assert (
        client.post(reverse("achievements:reviewrating-delete", args=[theirs.pk])).status_code
        == 403
    )
    assert (
        client.post(reverse("achievements:reviewrating-delete", args=[own.pk])).status_code == 302
    )
    assert list(ReviewRating.objects.all()) == [theirs]
    assert audit_verbs(own) == {"delete"}


# ---- API -----------------------------------------------------------------------------------------


def test_api_output_patch_and_delete(tree, actors):
    output = OutputFactory(org=tree.branch, title="调研报告")
    writer = token_client(actors.committee_member)
    url = f"{API}/outputs/{output.pk}/"
    assert (
        "published_on"
        in assert_error(send(writer, "PATCH", url, {"published_on": None}), 400)["extra"]["fields"]
    )
    assert_error(send(token_client(actors.reviewer), "PATCH", url, {"title": "改"}), 403)
    response = send(writer, "PATCH", url, {"title": "调研报告（终稿）"})
    assert response.status_code == 200 and response.json()["title"] == "调研报告（终稿）"
    assert send(writer, "DELETE", url).status_code == 204
    assert not Output.objects.exists() and audit_verbs(output) == {"update", "delete"}


def test_api_brand_and_event_patch_and_delete(tree, actors):
    brand = ServiceBrandFactory(org=tree.branch, founded_on=dt.date(2023, 5, 4))
    event = BrandEventFactory(brand=brand, happened_on=dt.date(2024, 6, 1))
    writer = token_client(actors.committee_member)
    bad = send(writer, "PATCH", f"{API}/brands/{brand.pk}/", {"retired_on": "2024-01-01"})
    assert "retired_on" in assert_error(bad, 400)["extra"]["fields"]
    ok = send(writer, "PATCH", f"{API}/brands/{brand.pk}/", {"description": "服务师生"})
    assert ok.status_code == 200 and ok.json()["description"] == "服务师生"
    url = f"{API}/brand-events/{event.pk}/"
    assert send(writer, "GET", url).json()["summary"] == event.summary
    bad = send(writer, "PATCH", url, {"happened_on": "2099-01-01"})
    assert "happened_on" in assert_error(bad, 400)["extra"]["fields"]
    assert send(writer, "PATCH", url, {"summary": "获校级表彰"}).status_code == 200
    assert_error(send(token_client(actors.outsider), "DELETE", url), 404)
    assert send(writer, "DELETE", url).status_code == 204
    assert send(writer, "DELETE", f"{API}/brands/{brand.pk}/").status_code == 204
    assert not ServiceBrand.objects.exists()


def test_api_rating_withdraw(tree, actors):
    rating = ReviewRatingFactory(reviewer=actors.reviewer, org=tree.branch)
    url = f"{API}/ratings/{rating.pk}/"
    assert_error(send(token_client(actors.org_secretary), "DELETE", url), 403)
    assert_error(send(token_client(actors.outsider), "DELETE", url), 404)
    assert send(token_client(actors.reviewer), "DELETE", url).status_code == 204
    assert not ReviewRating.objects.exists()


def test_api_commitment_patch_refuses_an_end_before_the_start(tree, actors, member):
    commitment = CommitmentFactory(org=tree.branch, person=member)
    writer = token_client(actors.committee_member)
    url = f"{API}/commitments/{commitment.pk}/"
    bad = send(writer, "PATCH", url, {"fulfilled_on": "2025-01-01"})
    assert "fulfilled_on" in assert_error(bad, 400)["extra"]["fields"]
    commitment.refresh_from_db()
    assert commitment.fulfilled_on is None
    assert Commitment.objects.count() == 1 and Achievement.objects.count() == 0
