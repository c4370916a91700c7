"""Pages: the 承诺践诺 page and bulk form, records forms, rating form; roles in and out of scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from liuhao.achievements.models import Achievement, Commitment, Output, ReviewRating, ServiceBrand
from liuhao.achievements.tests.factories import (
    AchievementFactory,
    CommitmentFactory,
    OutputFactory,
    ServiceBrandFactory,
)
from liuhao.core.models import AuditEvent

TODAY = timezone.localdate()


def test_commitments_page_and_bulk_entry(client, tree, actors, member):
    client.force_login(actors.committee_member)
    page = client.get(reverse("achievements:org-commitments", args=[tree.branch.pk]))
    assert page.status_code == 200 and "党员甲" in page.content.decode()
    url = reverse("achievements:commitment-bulk", args=[tree.branch.pk])
    assert client.get(url).status_code == 200
    pk = member.pk
    data = {"committed_on": TODAY.isoformat(), "content": "带头做好本职", f"m{pk}": "on"}
    response = client.post(url, {**data, f"l{pk}": "120"})
    assert response.status_code == 400 and "领导点评得分应在" in response.content.decode()
    assert not Commitment.objects.exists()
    response = client.post(url, {**data, f"l{pk}": "95", "evaluated_on": TODAY.isoformat()})
    assert response.status_code == 302
    c = Commitment.objects.get()
    assert c.leader_score == 95 and c.evaluated_on == TODAY
    assert AuditEvent.objects.filter(target_id=str(c.pk), verb="create").exists()
    page = client.get(reverse("achievements:org-commitments", args=[tree.branch.pk]))
    assert "已评议 1 人" in page.content.decode()
    detail = reverse("achievements:commitment-detail", args=[c.pk])
    assert client.get(detail).status_code == 200


def test_single_commitment_refuses_future_dates(client, tree, actors, member):
    client.force_login(actors.org_secretary)
    url = reverse("achievements:commitment-create", args=[tree.branch.pk])
    future = (TODAY + dt.timedelta(days=3)).isoformat()
    response = client.post(url, {"person": member.pk, "committed_on": future, "content": "x"})
    assert response.status_code == 400 and "承诺日期不能晚于今天" in response.content.decode()
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "model"),
    [
        (
            "achievement-create",
            {"category": "talent", "title": "获奖", "achieved_on": "2025-10-01"},
            Achievement,
        ),
        (
            "output-create",
            {"kind": "theory", "title": "论文", "published_on": "2025-10-01"},
            Output,
        ),
        ("brand-create", {"name": "红烛领航", "founded_on": "2024-05-04"}, ServiceBrand),
    ],
)
def test_record_forms(client, tree, actors, name, data, model):
    client.force_login(actors.committee_member)
    url = reverse(f"achievements:{name}", args=[tree.branch.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 302
    assert model.objects.count() == 1
    results = client.get(reverse("achievements:org-results", args=[tree.branch.pk]))
    assert results.status_code == 200


def test_brand_history(client, tree, actors):
    brand = ServiceBrandFactory(org=tree.branch)
    client.force_login(actors.committee_member)
    url = reverse("achievements:servicebrand-detail", args=[brand.pk])
    response = client.post(url, {"happened_on": "2020-01-01", "summary": "活动"})
    assert response.status_code == 400 and "早于品牌创立日期" in response.content.decode()
    assert client.post(url, {"happened_on": "2025-10-01", "summary": "品牌活动"}).status_code == 302
    assert "品牌活动" in client.get(url).content.decode()


def test_roles_in_and_out_of_scope(client, tree, actors, member):
    c = CommitmentFactory(org=tree.branch, person=member)
    a = AchievementFactory(org=tree.branch)
    o = OutputFactory(org=tree.branch)
    pages = [
        reverse("achievements:org-commitments", args=[tree.branch.pk]),
        reverse("achievements:org-results", args=[tree.branch.pk]),
        reverse("achievements:commitment-detail", args=[c.pk]),
        reverse("achievements:achievement-detail", args=[a.pk]),
        reverse("achievements:output-detail", args=[o.pk]),
    ]
    create = reverse("achievements:achievement-create", args=[tree.branch.pk])
    for actor, read, write in (
        (actors.province_admin, 200, 200),
        (actors.university_admin, 200, 200),
        (actors.org_secretary, 200, 200),
        (actors.committee_member, 200, 200),
        (actors.reviewer, 200, 403),
        (actors.outsider, 404, 404),
    ):
        client.force_login(actor)
        assert [client.get(p).status_code for p in pages] == [read] * len(pages), actor
        assert client.get(create).status_code == write, actor
    client.force_login(actors.committee_member)  # the sibling branch: outside the branch's scope
    assert (
        client.get(reverse("achievements:org-results", args=[tree.other_branch.pk])).status_code
        == 404
    )


def test_rating_form_for_reviewers_only(client, tree, actors, standard):
    url = reverse("achievements:rating-create", args=[tree.branch.pk])
    for actor, status in ((actors.org_secretary, 403), (actors.province_admin, 403)):
        client.force_login(actor)
        assert client.get(url).status_code == status
    client.force_login(actors.reviewer)
    assert (
        client.get(reverse("achievements:rating-create", args=[tree.other_college.pk])).status_code
        == 404  # outside the reviewer's college
    )
    assert client.get(url + "?checkpoint=T02.3").status_code == 200
    data = {"checkpoint_code": "T02.3", "period_code": "2025-2026", "score": "9"}
    response = client.post(url, data)
    assert response.status_code == 400 and "评分应在 0 到 5 之间" in response.content.decode()
    assert client.post(url, {**data, "score": "4.5"}).status_code == 302
    assert ReviewRating.objects.get().score == 4.5
