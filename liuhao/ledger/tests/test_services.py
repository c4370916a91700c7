"""Ledger services: audited writes, bad input refused with the field named and nothing stored,
and scope (an actor outside the org is refused)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from liuhao.core.exceptions import NotFound, NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.ledger.models import Activity, Attendance, ContactPair, ContactVisit, Decision
from liuhao.ledger.selectors import activity_get, activity_list
from liuhao.ledger.services import (
    activity_delete,
    activity_record,
    activity_update,
    attendance_all_present,
    attendance_set,
    contact_pair_create,
    contact_pair_end,
    contact_visit_record,
    decision_record,
)
from liuhao.ledger.tests.factories import ActivityFactory

DAY = dt.date(2025, 10, 15)


def seminar(actor: Any, org: Any, **over: Any) -> Activity:
    data = {"kind": "theory_seminar", "held_on": DAY, "topic": "学习党的二十届四中全会精神"}
    data.update(over)
    return activity_record(actor=actor, org=org, data=data)


def test_activity_record_sets_entry_time_and_audits(tree, actors):
    before = timezone.now()
    activity = seminar(actors.committee_member, tree.branch)
    assert activity.university_id == tree.university.pk
    assert activity.entered_by == actors.committee_member
    assert before <= activity.entered_at <= timezone.now()
    event = AuditEvent.objects.get(target_type="ledger.activity", target_id=activity.pk)
    assert event.verb == "create" and event.org_id == tree.branch.pk
    assert event.changes["kind"] == "theory_seminar"


def test_activity_in_the_future_is_refused_naming_the_date(tree, actors):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        seminar(actors.committee_member, tree.branch, held_on=tomorrow)
    assert "活动日期" in exc.value.message
    assert exc.value.extra["fields"] == {"held_on": [exc.value.message]}
    assert not Activity.objects.exists() and not AuditEvent.objects.exists()


def test_activity_required_fields_named_in_chinese(tree, actors):
    with pytest.raises(ValidationFailed) as exc:
        activity_record(actor=actors.committee_member, org=tree.branch, data={"kind": "other"})
    assert "活动日期" in exc.value.message and "主题" in exc.value.message
    assert set(exc.value.extra["fields"]) == {"held_on", "topic"}


def test_only_meetings_that_decide_may_be_decision_meetings(tree, actors):
    with pytest.raises(ValidationFailed) as exc:
        seminar(actors.committee_member, tree.branch, is_decision_meeting=True)
    assert "决策会议" in exc.value.message
    assert not Activity.objects.exists()


@pytest.mark.parametrize("role", ["party_member", "reviewer", "outsider"])
def test_roles_without_the_capability_may_not_record(tree, actors, role):
    with pytest.raises(NotPermitted):
        seminar(getattr(actors, role), tree.branch)
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    "role", ["committee_member", "org_secretary", "university_admin", "province_admin"]
)
def test_secretaries_committee_members_and_admins_may_record(tree, actors, role):
    assert seminar(getattr(actors, role), tree.branch).pk


def test_actor_outside_the_org_is_refused_and_cannot_see_it(tree, actors):
    with pytest.raises(NotPermitted):
        seminar(actors.committee_member, tree.other_branch)  # sibling of the actor's branch
    other = seminar(actors.org_secretary, tree.other_branch)
    with pytest.raises(NotFound):
        activity_get(actors.committee_member, other.pk)
    with pytest.raises(NotPermitted):
        activity_update(actor=actors.committee_member, activity=other, data={"topic": "改"})
    with pytest.raises(NotPermitted):
        activity_delete(actor=actors.committee_member, activity=other)
    assert list(activity_list(actors.committee_member)) == []
    assert list(activity_list(actors.org_secretary, tree.college, subtree=True)) == [other]


def test_activity_update_audits_the_change_and_refuses_a_future_date(tree, actors):
    activity = seminar(actors.committee_member, tree.branch)
    activity_update(actor=actors.committee_member, activity=activity, data={"topic": "新主题"})
    event = AuditEvent.objects.get(verb="update", target_id=activity.pk)
    assert event.changes == {"topic": ["学习党的二十届四中全会精神", "新主题"]}
    with pytest.raises(ValidationFailed):
        activity_update(
            actor=actors.committee_member,
            activity=activity,
            data={"held_on": timezone.localdate() + dt.timedelta(days=3)},
        )
    activity.refresh_from_db()
    assert activity.held_on == DAY


def test_activity_delete_removes_attendance_and_audits(tree, actors, crew):
    activity = seminar(actors.committee_member, tree.branch)
    attendance_all_present(actor=actors.committee_member, activity=activity)
    activity_delete(actor=actors.committee_member, activity=activity)
    assert not Activity.objects.exists() and not Attendance.objects.exists()
    event = AuditEvent.objects.get(verb="delete", target_type="ledger.activity")
    assert event.changes["attendance"] == 8  # 7 of the crew and 党员甲 of the actors fixture


def test_all_present_marks_the_roster_in_one_insert(
    tree, actors, crew, django_assert_max_num_queries
):
    activity = ActivityFactory(org=tree.branch, kind="org_life_meeting")
    with django_assert_max_num_queries(12):
        added = attendance_all_present(actor=actors.committee_member, activity=activity)
    roster = {crew.secretary.pk, *(p.pk for p in crew.committee), *(p.pk for p in crew.members)}
    marked = set(Attendance.objects.filter(activity=activity).values_list("person_id", flat=True))
    assert roster <= marked and crew.outsider.pk not in marked and added == len(marked)
    assert set(Attendance.objects.values_list("status", flat=True)) == {"present"}
    assert attendance_all_present(actor=actors.committee_member, activity=activity) == 0


def test_all_present_at_a_committee_meeting_marks_the_committee(tree, actors, crew):
    activity = ActivityFactory(org=tree.branch, kind="committee_meeting")
    assert attendance_all_present(actor=actors.committee_member, activity=activity) == 3


def test_attendance_set_updates_statuses_and_audits(tree, actors, crew):
    activity = ActivityFactory(org=tree.branch, kind="org_life_meeting")
    attendance_all_present(actor=actors.committee_member, activity=activity)
    counts = attendance_set(
        actor=actors.committee_member,
        activity=activity,
        statuses={crew.members[0].pk: "excused", str(crew.members[1].pk): "absent"},
    )
    assert counts == {"present": 6, "excused": 1, "absent": 1}
    event = AuditEvent.objects.filter(verb="update", target_id=activity.pk).latest("id")
    assert event.changes["attendance"][str(crew.members[0].pk)] == ["present", "excused"]


def test_attendance_of_a_person_outside_the_org_is_refused_by_name(tree, actors, crew):
    activity = ActivityFactory(org=tree.branch, kind="org_life_meeting")
    with pytest.raises(ValidationFailed) as exc:
        attendance_set(
            actor=actors.committee_member,
            activity=activity,
            statuses={crew.members[0].pk: "present", crew.outsider.pk: "present"},
        )
    assert exc.value.message == "出勤人员“张三”不是本组织党员"
    assert exc.value.extra["fields"] == {"attendance": ["出勤人员“张三”不是本组织党员"]}
    assert not Attendance.objects.exists() and not AuditEvent.objects.exists()


def test_attendance_with_an_unknown_status_is_refused(tree, actors, crew):
    activity = ActivityFactory(org=tree.branch, kind="org_life_meeting")
    with pytest.raises(ValidationFailed) as exc:
        attendance_set(
            actor=actors.committee_member, activity=activity, statuses={crew.secretary.pk: "late"}
        )
    assert "出勤情况" in exc.value.message and "status" in exc.value.extra["fields"]
    assert not Attendance.objects.exists()


def test_decision_counts_the_committee_from_attendance(tree, actors, crew):
    meeting = ActivityFactory(org=tree.branch, kind="committee_meeting", is_decision_meeting=True)
    attendance_set(
        actor=actors.committee_member,
        activity=meeting,
        statuses={crew.secretary.pk: "present", crew.committee[0].pk: "present"},
    )
    decision = decision_record(
        actor=actors.committee_member, activity=meeting, data={"text": "同意接收预备党员"}
    )
    assert (decision.members_entitled, decision.members_present) == (3, 2)
    assert decision.has_quorum
    event = AuditEvent.objects.get(target_type="ledger.decision")
    assert event.changes["activity"] == meeting.pk


def test_decision_without_quorum_is_stored_but_flagged(tree, actors, crew):
    meeting = ActivityFactory(org=tree.branch, kind="committee_meeting", is_decision_meeting=True)
    decision = decision_record(
        actor=actors.committee_member,
        activity=meeting,
        data={"text": "表决", "members_entitled": 4, "members_present": 2},
    )
    assert not decision.has_quorum  # 2 is not more than half of 4


def test_decision_refused_at_a_meeting_that_does_not_decide(tree, actors, crew):
    meeting = ActivityFactory(org=tree.branch, kind="committee_meeting")
    with pytest.raises(ValidationFailed) as exc:
        decision_record(actor=actors.committee_member, activity=meeting, data={"text": "x"})
    assert "决策会议" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        decision_record(
            actor=actors.committee_member,
            activity=ActivityFactory(
                org=tree.branch, kind="committee_meeting", is_decision_meeting=True
            ),
            data={"text": "x", "members_entitled": 3, "members_present": 4},
        )
    assert "实到人数" in exc.value.message
    assert not Decision.objects.exists()


def test_contact_pair_create_end_and_end_before_start_refused(tree, actors, crew):
    pair = contact_pair_create(
        actor=actors.committee_member,
        org=tree.branch,
        data={
            "leader": crew.secretary,
            "target": crew.members[0],
            "started_on": dt.date(2024, 9, 1),
        },
    )
    assert AuditEvent.objects.filter(target_type="ledger.contactpair", verb="create").exists()
    with pytest.raises(ValidationFailed) as exc:
        contact_pair_end(actor=actors.committee_member, pair=pair, on=dt.date(2024, 8, 1))
    assert "结对结束日期不能早于开始日期" in exc.value.message
    assert "ended_on" in exc.value.extra["fields"]
    pair.refresh_from_db()
    assert pair.ended_on is None
    contact_pair_end(actor=actors.committee_member, pair=pair, on=dt.date(2025, 8, 1))
    assert ContactPair.objects.get().ended_on == dt.date(2025, 8, 1)


def test_contact_pair_leader_must_be_in_the_leadership(tree, actors, crew):
    with pytest.raises(ValidationFailed) as exc:
        contact_pair_create(
            actor=actors.committee_member,
            org=tree.branch,
            data={"leader": crew.members[0], "target": crew.members[1], "started_on": DAY},
        )
    assert "班子成员" in exc.value.message and "leader" in exc.value.extra["fields"]
    assert not ContactPair.objects.exists()


def test_contact_visit_recorded_and_future_refused(tree, actors, crew):
    visit = contact_visit_record(
        actor=actors.committee_member,
        org=tree.branch,
        data={"leader": crew.committee[0], "visited_on": DAY, "topic": "走访学生宿舍"},
    )
    assert visit.entered_by == actors.committee_member
    with pytest.raises(ValidationFailed) as exc:
        contact_visit_record(
            actor=actors.committee_member,
            org=tree.branch,
            data={
                "leader": crew.committee[0],
                "visited_on": timezone.localdate() + dt.timedelta(days=2),
                "topic": "未来",
            },
        )
    assert "走访日期" in exc.value.message and "visited_on" in exc.value.extra["fields"]
    assert ContactVisit.objects.count() == 1
