"""Visibility matrix of the ledger selectors (CONVENTIONS B9.3), rosters and permissions."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.core.exceptions import NotFound
from liuhao.ledger.permissions import can_record_ledger
from liuhao.ledger.selectors import (
    activity_get,
    activity_list,
    activity_roster,
    contact_pair_list,
    contact_visit_list,
    plan_get,
    plan_list,
)
from liuhao.ledger.services import attendance_all_present
from liuhao.ledger.tests.factories import (
    ActivityFactory,
    ContactPairFactory,
    ContactVisitFactory,
    PlanDocumentFactory,
)
from liuhao.orgs.tests.factories import OrganizationFactory

ORG_NAMES = ["college", "branch", "other_branch", "other_college", "other_univ_branch"]
# role → orgs of the `tree` fixture whose ledger it may read (the orgs it sees)
EXPECTED = {
    "province_admin": set(ORG_NAMES),
    "university_admin": {"college", "branch", "other_branch", "other_college"},
    "org_secretary": {"college", "branch", "other_branch"},
    "committee_member": {"branch"},
    "party_member": {"branch"},
    "reviewer": {"college", "branch", "other_branch"},
    "outsider": set(),
}
RECORDERS = {"province_admin", "university_admin", "org_secretary", "committee_member"}


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("org_name", ORG_NAMES)
def test_ledger_visibility_matrix(tree, actors, role, org_name):
    actor = getattr(actors, role)
    org = getattr(tree, org_name)
    activity = ActivityFactory(org=org)
    plan = PlanDocumentFactory(org=org)
    visible = org_name in EXPECTED[role]
    assert (activity in activity_list(actor)) is visible
    assert (plan in plan_list(actor)) is visible
    if visible:
        assert activity_get(actor, activity.pk) == activity
        assert plan_get(actor, str(plan.pk)) == plan
    else:
        with pytest.raises(NotFound):
            activity_get(actor, activity.pk)
        with pytest.raises(NotFound):
            plan_get(actor, plan.pk)
    may_record = visible and role in RECORDERS
    if role == "committee_member":
        may_record = org_name == "branch"
    assert can_record_ledger(actor, org) is may_record


def test_bad_ids_answer_404(tree, actors):
    for pk in ("abc", None, 10**30):
        with pytest.raises(NotFound):
            activity_get(actors.province_admin, pk)


def test_activity_list_filters_by_org_subtree_window_and_kind(tree, actors):
    a = ActivityFactory(org=tree.branch, held_on=dt.date(2025, 10, 1))
    b = ActivityFactory(org=tree.college, held_on=dt.date(2025, 10, 2), kind="training")
    ActivityFactory(org=tree.branch, held_on=dt.date(2025, 8, 1))
    actor = actors.university_admin
    assert list(activity_list(actor, tree.college)) == [b]
    window = {"start": dt.date(2025, 9, 1), "end": dt.date(2026, 2, 14)}
    assert list(activity_list(actor, tree.college, subtree=True, **window)) == [b, a]
    assert list(activity_list(actor, tree.college, subtree=True, kinds=["training"])) == [b]


def test_contact_lists_open_on_a_day_and_within_a_window(tree, actors, crew):
    target = crew.members[0]
    open_pair = ContactPairFactory(org=tree.branch, leader=crew.secretary, target=target)
    ContactPairFactory(
        org=tree.branch, leader=crew.secretary, target=target, ended_on=dt.date(2025, 1, 1)
    )
    visit = ContactVisitFactory(org=tree.branch, leader=crew.secretary)
    actor = actors.committee_member
    assert list(contact_pair_list(actor, tree.branch, on=dt.date(2025, 6, 1))) == [open_pair]
    assert list(
        contact_visit_list(actor, tree.branch, start=dt.date(2025, 9, 1), end=dt.date(2025, 12, 31))
    ) == [visit]
    assert list(contact_pair_list(actors.outsider, tree.branch)) == []


def test_roster_of_a_group_is_its_branch_and_of_a_college_its_subtree(tree, actors, crew):
    group = OrganizationFactory(parent=tree.branch, kind="group", branch_type="")
    members = {crew.secretary.pk, *(p.pk for p in crew.committee), *(p.pk for p in crew.members)}
    group_meeting = ActivityFactory(org=group, kind="group_meeting")
    assert members <= activity_roster(group_meeting)
    college_day = ActivityFactory(org=tree.college, kind="party_lecture")
    assert members | {crew.outsider.pk} <= activity_roster(college_day)
    assert attendance_all_present(actor=actors.org_secretary, activity=college_day) >= 8
