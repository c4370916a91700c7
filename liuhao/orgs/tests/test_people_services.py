"""Services for persons, memberships and positions: validation in Chinese, scope, audit in-transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Membership, Person, Position
from liuhao.orgs.services.people import (
    membership_create,
    membership_end,
    membership_update,
    person_create,
    person_update,
    position_create,
    position_delete,
    position_update,
)
from liuhao.orgs.tests.factories import PersonFactory


def test_person_create_stores_pinyin_and_audits(tree, actors):
    person = person_create(
        actor=actors.org_secretary,
        university=tree.university,
        data={"number": "20230001", "name": "李明", "category": "student", "unit": tree.college},
    )
    assert (person.name_pinyin, person.name_initials) == ("liming", "lm")
    event = AuditEvent.objects.get(target_type="orgs.person", target_id=person.pk)
    assert event.verb == "create" and event.org_id == tree.college.pk


def test_person_create_rejects_duplicate_number_naming_field(tree, actors):
    PersonFactory(university=tree.university, unit=tree.college, number="T1")
    with pytest.raises(ValidationFailed) as exc:
        person_create(
            actor=actors.university_admin,
            university=tree.university,
            data={"number": "T1", "name": "重号", "category": "teacher"},
        )
    assert "工号/学号" in exc.value.message or "已存在" in exc.value.message
    assert Person.objects.filter(number="T1").count() == 1


def test_person_create_young_teacher_flag_only_for_teachers(tree, actors):
    with pytest.raises(ValidationFailed) as exc:
        person_create(
            actor=actors.university_admin,
            university=tree.university,
            data={"number": "S9", "name": "王五", "category": "student", "young_teacher": True},
        )
    assert "青年教师" in exc.value.message


def test_person_create_outside_scope_refused(tree, actors):
    with pytest.raises(NotPermitted):
        person_create(
            actor=actors.org_secretary,
            university=tree.university,
            data={"number": "X", "name": "越权", "category": "teacher", "unit": tree.other_college},
        )
    assert not Person.objects.filter(number="X").exists()
    assert not AuditEvent.objects.filter(target_type="orgs.person").exists()


def test_person_update_records_before_and_after(tree, actors):
    person = PersonFactory(unit=tree.college, name="赵六")
    person_update(
        actor=actors.org_secretary, person=person, data={"name": "赵六六", "returnee": True}
    )
    event = AuditEvent.objects.get(verb="update", target_id=person.pk)
    assert event.changes["name"] == ["赵六", "赵六六"] and event.changes["returnee"] == [
        False,
        True,
    ]


def _stage_data(**over):
    data = {
        "org": None,
        "stage": "probationary",
        "applied_on": dt.date(2022, 3, 1),
        "activist_on": dt.date(2022, 9, 1),
        "candidate_on": dt.date(2023, 9, 10),
        "admitted_on": dt.date(2023, 12, 1),
    }
    data.update(over)
    return data


def test_membership_create_validates_stage_dates_in_order(tree, actors):
    person = PersonFactory(unit=tree.college)
    with pytest.raises(ValidationFailed) as exc:
        membership_create(
            actor=actors.committee_member,
            person=person,
            data=_stage_data(org=tree.branch, activist_on=dt.date(2021, 1, 1)),
        )
    assert "确定积极分子日期不能早于递交入党申请日期" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        membership_create(
            actor=actors.committee_member,
            person=person,
            data=_stage_data(org=tree.branch, admitted_on=None),
        )
    assert "接收预备党员日期" in exc.value.message
    assert not Membership.objects.filter(person=person).exists()


def test_membership_only_in_branches_and_one_open_per_person(tree, actors):
    person = PersonFactory(unit=tree.college)
    with pytest.raises(ValidationFailed) as exc:
        membership_create(
            actor=actors.university_admin, person=person, data=_stage_data(org=tree.college)
        )
    assert "党支部" in exc.value.message
    membership = membership_create(
        actor=actors.university_admin, person=person, data=_stage_data(org=tree.branch)
    )
    with pytest.raises(ValidationFailed):
        membership_create(
            actor=actors.university_admin, person=person, data=_stage_data(org=tree.other_branch)
        )
    membership_end(
        actor=actors.university_admin,
        membership=membership,
        on=dt.date(2024, 7, 1),
        reason="graduated",
    )
    membership_create(
        actor=actors.university_admin, person=person, data=_stage_data(org=tree.other_branch)
    )
    assert Membership.objects.filter(person=person).count() == 2


def test_membership_promotion_to_full_is_audited(tree, actors):
    person = PersonFactory(unit=tree.college)
    membership = membership_create(
        actor=actors.committee_member, person=person, data=_stage_data(org=tree.branch)
    )
    membership_update(
        actor=actors.committee_member,
        membership=membership,
        data={"stage": "full", "full_on": dt.date(2024, 12, 1)},
    )
    event = AuditEvent.objects.get(verb="update", target_id=membership.pk)
    assert event.changes["stage"] == ["probationary", "full"]


def test_membership_transfer_needs_both_branches_in_scope(tree, actors):
    person = PersonFactory(unit=tree.college)
    membership = membership_create(
        actor=actors.committee_member, person=person, data=_stage_data(org=tree.branch)
    )
    with pytest.raises(NotPermitted):
        membership_update(
            actor=actors.committee_member, membership=membership, data={"org": tree.other_branch}
        )


def test_position_rules_and_leadership_window(tree, actors):
    person = PersonFactory(unit=tree.college)
    with pytest.raises(ValidationFailed) as exc:
        position_create(
            actor=actors.org_secretary,
            person=person,
            data={
                "org": tree.branch,
                "kind": "committee_member",
                "started_on": dt.date(2024, 1, 1),
            },
        )
    assert "分工" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        position_create(
            actor=actors.org_secretary,
            person=person,
            data={"org": tree.branch, "kind": "representative", "started_on": dt.date(2024, 1, 1)},
        )
    assert "党代会届次" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        position_create(
            actor=actors.org_secretary,
            person=person,
            data={
                "org": tree.branch,
                "kind": "secretary",
                "started_on": dt.date(2024, 1, 1),
                "ended_on": dt.date(2023, 1, 1),
            },
        )
    assert "任职结束日期不能早于开始日期" in exc.value.message
    position = position_create(
        actor=actors.org_secretary,
        person=person,
        data={"org": tree.branch, "kind": "secretary", "started_on": dt.date(2024, 1, 1)},
    )
    position_update(
        actor=actors.org_secretary, position=position, data={"ended_on": dt.date(2025, 6, 30)}
    )
    position_delete(actor=actors.org_secretary, position=position)
    assert not Position.objects.filter(pk=position.pk).exists()
    verbs = list(
        AuditEvent.objects.filter(target_type="orgs.position")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["create", "update", "delete"]


def test_party_member_cannot_write(tree, actors):
    person = PersonFactory(unit=tree.college)
    with pytest.raises(NotPermitted):
        position_create(
            actor=actors.party_member,
            person=person,
            data={"org": tree.branch, "kind": "secretary", "started_on": dt.date(2024, 1, 1)},
        )
