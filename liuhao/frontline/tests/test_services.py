"""Service-front writes: permission, audit, and bad input refused with a Chinese message naming the
field, nothing stored (Criteria C05, C10, C11, C12.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.frontline.models import MemberAffair, News, Proposal, Reception, VanguardPost, Venue
from liuhao.frontline.services import record_delete, record_save, vanguard_post_save

DAY = dt.date(2025, 10, 15)


def refused(field: str, fn: Any, **kwargs: Any) -> str:
    with pytest.raises(ValidationFailed) as exc:
        fn(**kwargs)
    assert field in exc.value.extra["fields"], exc.value.extra
    return exc.value.message


def test_venue_create_update_delete_is_audited(tree, actors):
    actor = actors.org_secretary
    venue = record_save(
        actor=actor,
        model=Venue,
        org=tree.college,
        data={"kind": "studio", "name": "党代表工作室", "opened_on": DAY, "equipment": "桌椅"},
    )
    assert venue.university_id == tree.university.pk and venue.entered_by == actor
    record_save(actor=actor, model=Venue, record=venue, data={"name": "党代表之家"})
    record_delete(actor=actor, record=venue)
    verbs = list(
        AuditEvent.objects.filter(target_type="frontline.venue").values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["create", "delete", "update"]


def test_end_before_start_is_refused(tree, actors):
    message = refused(
        "closed_on",
        record_save,
        actor=actors.org_secretary,
        model=Venue,
        org=tree.college,
        data={
            "kind": "activity_room",
            "name": "活动室",
            "opened_on": DAY,
            "closed_on": DAY - dt.timedelta(days=1),
        },
    )
    assert "停用日期" in message
    assert not Venue.objects.exists()


def test_reception_needs_a_representative_of_the_org(tree, actors, rep, crew):
    actor = actors.org_secretary
    data = {"representative": crew.members[0], "held_on": DAY, "visitor_count": 2}
    message = refused(
        "representative", record_save, actor=actor, model=Reception, org=tree.college, data=data
    )
    assert "不是" in message and "党代表" in message
    refused(
        "visitor_count",
        record_save,
        actor=actor,
        model=Reception,
        org=tree.college,
        data={"representative": rep, "held_on": DAY, "visitor_count": -1},
    )
    future = timezone.localdate() + dt.timedelta(days=3)
    refused(
        "held_on",
        record_save,
        actor=actor,
        model=Reception,
        org=tree.college,
        data={"representative": rep, "held_on": future, "visitor_count": 4},
    )
    assert not Reception.objects.exists()
    # a duty on the roster: a future date without visitors
    duty = record_save(
        actor=actor,
        model=Reception,
        org=tree.college,
        data={"representative": rep, "held_on": future, "visitor_count": 0},
    )
    assert duty.pk


def test_proposal_reply_and_dates(tree, actors, rep):
    actor = actors.org_secretary
    base = {
        "representative": rep,
        "kind": "proposal",
        "title": "关于图书馆开放时间的提案",
        "submitted_on": DAY,
    }
    refused(
        "reply",
        record_save,
        actor=actor,
        model=Proposal,
        org=tree.college,
        data={**base, "status": "replied", "replied_on": DAY},
    )
    refused(
        "replied_on",
        record_save,
        actor=actor,
        model=Proposal,
        org=tree.college,
        data={**base, "status": "replied", "reply": "已采纳", "replied_on": DAY - dt.timedelta(1)},
    )
    refused(
        "submitted_on",
        record_save,
        actor=actor,
        model=Proposal,
        org=tree.college,
        data={**base, "submitted_on": timezone.localdate() + dt.timedelta(days=1)},
    )
    assert not Proposal.objects.exists()
    proposal = record_save(actor=actor, model=Proposal, org=tree.college, data=base)
    record_save(
        actor=actor,
        model=Proposal,
        record=proposal,
        data={"status": "replied", "reply": "已采纳", "replied_on": DAY},
    )
    proposal.refresh_from_db()
    assert proposal.status == "replied"


def test_member_affair_completion_before_receipt(tree, actors, crew):
    refused(
        "completed_on",
        record_save,
        actor=actors.committee_member,
        model=MemberAffair,
        org=tree.branch,
        data={
            "kind": "transfer",
            "person": crew.members[0],
            "received_on": DAY,
            "completed_on": DAY - dt.timedelta(1),
        },
    )
    assert not MemberAffair.objects.exists()


def test_vanguard_post_members_belong_to_the_org(tree, actors, crew):
    actor = actors.committee_member
    data = {"kind": "post", "name": "实验室安全先锋岗", "set_up_on": DAY}
    message = refused(
        "members",
        vanguard_post_save,
        actor=actor,
        org=tree.branch,
        data=data,
        members=[crew.members[0], crew.outsider],
    )
    assert "张三" in message
    assert not VanguardPost.objects.exists()
    post = vanguard_post_save(actor=actor, org=tree.branch, data=data, members=crew.members[:2])
    assert set(post.members.all()) == set(crew.members[:2])


def test_news_in_the_future_is_refused(tree, actors):
    refused(
        "published_on",
        record_save,
        actor=actors.committee_member,
        model=News,
        org=tree.branch,
        data={
            "kind": "news",
            "title": "动态",
            "published_on": timezone.localdate() + dt.timedelta(days=1),
        },
    )


def test_out_of_scope_actor_may_not_record(tree, actors):
    with pytest.raises(NotPermitted):
        record_save(
            actor=actors.committee_member,
            model=News,
            org=tree.other_branch,
            data={"kind": "news", "title": "动态", "published_on": DAY},
        )
    assert not News.objects.exists()
