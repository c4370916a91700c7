"""Person page and the person, membership and position forms: scoping, audit, malformed input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Membership, Person, Position
from liuhao.orgs.tests.factories import MembershipFactory, PersonFactory, PositionFactory


@pytest.fixture
def li(tree):
    """A teacher of the college's first branch, full member, secretary until 2023 then committee member."""
    person = PersonFactory(unit=tree.branch, name="李四", number="T1000001")
    MembershipFactory(
        person=person, org=tree.other_branch, ended_on=dt.date(2020, 1, 1), end_reason="transferred"
    )
    MembershipFactory(person=person, org=tree.branch, joined_org_on=dt.date(2020, 1, 2))
    PositionFactory(
        person=person,
        org=tree.branch,
        kind="secretary",
        started_on=dt.date(2020, 1, 1),
        ended_on=dt.date(2023, 1, 1),
    )
    PositionFactory(person=person, org=tree.branch, kind="committee_member", duty="propaganda")
    return person


def _errors(response) -> str:
    """The form's error summary (each field named in Chinese); the request must have been refused."""
    assert response.status_code == 400, response.status_code
    html = response.content.decode()
    assert 'class="form-errors"' in html
    return html.split('class="form-errors"')[1].split("</div>")[0]


def test_person_page_shows_memberships_and_positions(client, tree, actors, li):
    client.force_login(actors.org_secretary)
    response = client.get(reverse("orgs:person-detail", args=[li.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "李四" in html and "T1000001" in html
    assert "计算机学院研究生第一党支部" in html and "已转出/终止 2020-01-01" in html
    assert "宣传委员" in html and "已离任" in html
    assert reverse("orgs:person-edit", args=[li.pk]) in html
    assert response.context["can_edit"]


def test_person_page_is_scoped(client, tree, actors, li):
    url = reverse("orgs:person-detail", args=[li.pk])
    for role in ("outsider", "party_member"):
        client.force_login(getattr(actors, role))
        assert client.get(url).status_code == 404, role
    stranger = PersonFactory(unit=tree.other_univ_branch, name="外校人员")
    for role in ("org_secretary", "university_admin", "committee_member", "reviewer"):
        client.force_login(getattr(actors, role))
        assert client.get(reverse("orgs:person-detail", args=[stranger.pk])).status_code == 404, (
            role
        )
    client.force_login(actors.reviewer)
    page = client.get(url)
    assert page.status_code == 200 and not page.context["can_edit"]
    assert reverse("orgs:person-edit", args=[li.pk]) not in page.content.decode()


def test_party_member_sees_own_page_but_cannot_edit(client, tree, actors):
    me = Person.objects.get(user=actors.party_member)
    client.force_login(actors.party_member)
    page = client.get(reverse("orgs:person-detail", args=[me.pk]))
    assert page.status_code == 200 and "党员甲" in page.content.decode()
    assert reverse("orgs:person-edit", args=[me.pk]) not in page.content.decode()
    membership = Membership.objects.get(person=me)
    for url in (
        reverse("orgs:person-edit", args=[me.pk]),
        reverse("orgs:membership-create", args=[me.pk]),
        reverse("orgs:position-create", args=[me.pk]),
        reverse("orgs:membership-edit", args=[membership.pk]),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "改名"}).status_code == 403, url
    me.refresh_from_db()
    assert me.name == "党员甲"


@pytest.mark.parametrize(
    "name", ["person-detail", "person-edit", "membership-create", "position-create"]
)
def test_person_views_answer_404_outside_scope(client, tree, actors, name):
    stranger = PersonFactory(unit=tree.other_college, name="外院人员")
    client.force_login(actors.org_secretary)
    assert client.get(reverse(f"orgs:{name}", args=[stranger.pk])).status_code == 404
    assert client.get(reverse(f"orgs:{name}", args=[987654])).status_code == 404


def test_membership_and_position_edit_answer_404_outside_scope(client, tree, actors):
    stranger = PersonFactory(unit=tree.other_univ_branch)
    membership = MembershipFactory(person=stranger, org=tree.other_univ_branch)
    position = PositionFactory(person=stranger, org=tree.other_univ_branch)
    client.force_login(actors.university_admin)
    assert client.get(reverse("orgs:membership-edit", args=[membership.pk])).status_code == 404
    assert client.get(reverse("orgs:position-edit", args=[position.pk])).status_code == 404
    assert (
        client.post(
            reverse("orgs:position-edit", args=[position.pk]), {"action": "delete"}
        ).status_code
        == 404
    )
    assert Position.objects.filter(pk=position.pk).exists()


PERSON = {
    "number": "S2025009",
    "name": "周五",
    "category": "student",
    "gender": "female",
    "birth_date": "2004-05-06",
}


def test_create_person_in_branch(client, tree, actors):
    client.force_login(actors.committee_member)
    url = reverse("orgs:person-create", args=[tree.branch.pk])
    assert client.get(url).context["form"].initial["unit"] == tree.branch.pk
    response = client.post(url, {**PERSON, "unit": str(tree.branch.pk)})
    person = Person.objects.get(number="S2025009")
    assert response.status_code == 302 and response["Location"] == reverse(
        "orgs:person-detail", args=[person.pk]
    )
    assert person.university == tree.university and person.unit == tree.branch
    assert person.name_initials == "zw"
    assert AuditEvent.objects.filter(
        verb="create", target_type="orgs.person", target_id=person.pk
    ).exists()


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"birth_date": "2004-02-30"}, "出生日期"),
        ({"birth_date": "2999-01-01"}, "出生日期"),  # in the future: refused by the model rule
        ({"category": "alien"}, "人员类别"),
        ({"gender": "x"}, "性别"),
        ({"number": ""}, "工号/学号"),
        ({"name": "   "}, "姓名"),
        ({"unit": "abc"}, "所在单位"),
        ({"young_teacher": "on"}, "青年教师"),  # a student cannot be a young teacher
        ({"number": "T1000001"}, "工号/学号"),  # duplicate within the university
    ],
)
def test_create_person_refuses_bad_input(client, tree, actors, li, changes, label):
    client.force_login(actors.university_admin)
    before = Person.objects.count()
    html = _errors(
        client.post(reverse("orgs:person-create", args=[tree.branch.pk]), {**PERSON, **changes})
    )
    assert label in html
    assert Person.objects.count() == before


def test_create_person_with_out_of_scope_unit_is_refused(client, tree, actors):
    client.force_login(actors.org_secretary)
    before = Person.objects.count()
    html = _errors(
        client.post(
            reverse("orgs:person-create", args=[tree.branch.pk]),
            {**PERSON, "unit": str(tree.other_college.pk)},
        )
    )
    assert "所在单位" in html
    html = _errors(
        client.post(
            reverse("orgs:person-create", args=[tree.branch.pk]),
            {**PERSON, "unit": str(tree.other_univ_branch.pk)},
        )
    )
    assert "所在单位" in html
    assert Person.objects.count() == before


def test_edit_person(client, tree, actors, li):
    client.force_login(actors.org_secretary)
    url = reverse("orgs:person-edit", args=[li.pk])
    assert client.get(url).context["form"].initial["number"] == "T1000001"
    response = client.post(
        url,
        {
            "number": "T1000001",
            "name": "李思",
            "category": "teacher",
            "unit": str(tree.branch.pk),
            "young_teacher": "on",
        },
    )
    assert response.status_code == 302
    li.refresh_from_db()
    assert li.name == "李思" and li.young_teacher and li.name_pinyin == "lisi"
    assert AuditEvent.objects.filter(
        verb="update", target_id=li.pk, target_type="orgs.person"
    ).exists()


def test_create_membership(client, tree, actors):
    person = PersonFactory(unit=tree.branch, name="吴六")
    client.force_login(actors.committee_member)
    url = reverse("orgs:membership-create", args=[person.pk])
    branches = client.get(url).context["form"].fields["org"].queryset
    assert list(branches) == [tree.branch]
    response = client.post(
        url,
        {
            "org": str(tree.branch.pk),
            "stage": "activist",
            "applied_on": "2024-03-01",
            "activist_on": "2024-10-01",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person=person)
    assert membership.stage == "activist" and membership.university == tree.university
    assert AuditEvent.objects.filter(
        verb="create", target_type="orgs.membership", target_id=membership.pk
    ).exists()


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (
            {"stage": "activist", "applied_on": "2024-03-01"},
            "确定积极分子日期",
        ),  # date of the stage missing
        (
            {"stage": "activist", "applied_on": "2024-03-01", "activist_on": "2023-01-01"},
            "确定积极分子日期",
        ),  # before
        (
            {"stage": "applicant", "applied_on": "2024-03-01", "full_on": "2025-01-01"},
            "转为正式党员日期",
        ),  # later stage
        ({"stage": "boss", "applied_on": "2024-03-01"}, "发展阶段"),
        ({"stage": "applicant", "applied_on": "2024-02-31"}, "递交入党申请日期"),
        ({"stage": "applicant", "applied_on": "2024-03-01", "end_reason": "moon"}, "终止原因"),
        (
            {"stage": "applicant", "applied_on": "2024-03-01", "end_reason": "graduated"},
            "转出/终止日期",
        ),
        ({"applied_on": "2024-03-01"}, "发展阶段"),
    ],
)
def test_create_membership_refuses_bad_input(client, tree, actors, data, label):
    person = PersonFactory(unit=tree.branch)
    client.force_login(actors.committee_member)
    html = _errors(
        client.post(
            reverse("orgs:membership-create", args=[person.pk]),
            {"org": str(tree.branch.pk), **data},
        )
    )
    assert label in html
    assert not Membership.objects.filter(person=person).exists()


def test_create_membership_refuses_out_of_scope_or_non_branch_org(client, tree, actors):
    person = PersonFactory(unit=tree.branch)
    client.force_login(actors.committee_member)
    url = reverse("orgs:membership-create", args=[person.pk])
    for org in (tree.other_branch, tree.college, tree.other_univ_branch):
        html = _errors(
            client.post(url, {"org": str(org.pk), "stage": "applicant", "applied_on": "2024-03-01"})
        )
        assert "所在党支部" in html
    assert not Membership.objects.filter(person=person).exists()


def test_second_open_membership_is_refused_with_message(client, tree, actors, li):
    client.force_login(actors.university_admin)
    html = _errors(
        client.post(
            reverse("orgs:membership-create", args=[li.pk]),
            {"org": str(tree.branch.pk), "stage": "applicant", "applied_on": "2024-03-01"},
        )
    )
    assert "已有在册的党员身份记录" in html
    assert Membership.objects.filter(person=li).count() == 2


def test_edit_membership_transfer_and_end(client, tree, actors, li):
    membership = Membership.objects.get(person=li, ended_on__isnull=True)
    client.force_login(actors.org_secretary)
    url = reverse("orgs:membership-edit", args=[membership.pk])
    form = client.get(url).context["form"]
    assert form.initial["stage"] == "full"
    data = {
        "org": str(tree.other_branch.pk),
        "stage": "full",
        "applied_on": "2015-03-01",
        "activist_on": "2015-09-01",
        "candidate_on": "2016-09-01",
        "admitted_on": "2016-12-01",
        "full_on": "2017-12-01",
    }
    assert client.post(url, data).status_code == 302
    membership.refresh_from_db()
    assert membership.org == tree.other_branch
    bad = _errors(client.post(url, {**data, "ended_on": "2010-01-01", "end_reason": "graduated"}))
    assert "转出/终止日期" in bad
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_create_position_and_edit_and_delete(client, tree, actors, li):
    client.force_login(actors.org_secretary)
    url = reverse("orgs:position-create", args=[li.pk])
    response = client.post(
        url,
        {
            "org": str(tree.college.pk),
            "kind": "representative",
            "started_on": "2022-06-01",
            "congress_name": "第十五次党代会",
            "congress_term_start": "2022-06-01",
            "congress_term_end": "2027-06-01",
        },
    )
    assert response.status_code == 302
    position = Position.objects.get(person=li, kind="representative")
    edit = reverse("orgs:position-edit", args=[position.pk])
    response = client.post(
        edit,
        {
            "org": str(tree.other_college.pk),  # disabled field: ignored
            "kind": "representative",
            "started_on": "2022-06-01",
            "ended_on": "2024-01-01",
            "congress_name": "第十五次党代会",
            "congress_term_start": "2022-06-01",
        },
    )
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.ended_on == dt.date(2024, 1, 1) and position.org == tree.college
    assert client.post(edit, {"action": "delete"}).status_code == 302
    assert not Position.objects.filter(pk=position.pk).exists()
    assert AuditEvent.objects.filter(
        verb="delete", target_type="orgs.position", target_id=position.pk
    ).exists()


@pytest.mark.parametrize(
    ("data", "label"),
    [
        ({"kind": "committee_member", "started_on": "2024-01-01"}, "委员分工"),
        ({"kind": "secretary", "duty": "propaganda", "started_on": "2024-01-01"}, "委员分工"),
        (
            {"kind": "secretary", "started_on": "2024-01-01", "ended_on": "2023-01-01"},
            "任职结束日期",
        ),
        ({"kind": "representative", "started_on": "2024-01-01"}, "党代会届次"),
        (
            {"kind": "secretary", "started_on": "2024-01-01", "congress_name": "第十五次"},
            "党代会届次",
        ),
        ({"kind": "king", "started_on": "2024-01-01"}, "职务"),
        ({"kind": "secretary", "started_on": ""}, "任职开始日期"),
        ({"kind": "secretary", "started_on": "2024-04-31"}, "任职开始日期"),
        ({"kind": "secretary", "started_on": "2024-01-01", "duty": "chief"}, "委员分工"),
    ],
)
def test_create_position_refuses_bad_input(client, tree, actors, li, data, label):
    client.force_login(actors.org_secretary)
    before = Position.objects.count()
    html = _errors(
        client.post(
            reverse("orgs:position-create", args=[li.pk]), {"org": str(tree.branch.pk), **data}
        )
    )
    assert label in html
    assert Position.objects.count() == before


def test_create_position_in_out_of_scope_org_is_refused(client, tree, actors, li):
    client.force_login(actors.org_secretary)
    before = Position.objects.count()
    for org in (tree.other_college, tree.other_univ_branch, tree.university):
        html = _errors(
            client.post(
                reverse("orgs:position-create", args=[li.pk]),
                {"org": str(org.pk), "kind": "secretary", "started_on": "2024-01-01"},
            )
        )
        assert "任职组织" in html
    assert Position.objects.count() == before
