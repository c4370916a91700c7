"""Activity forms on the web: record with "全部出席", per-person statuses, decisions, attachments;
bad input refused naming the field with nothing stored; writers only, scoped (outside → 404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from liuhao.core.models import AuditEvent
from liuhao.ledger.models import Activity, Attachment, Attendance, Decision
from liuhao.ledger.selectors import activity_roster
from liuhao.ledger.tests.factories import ActivityFactory, AttendanceFactory
from liuhao.ledger.tests.views.conftest import PDF, form_errors, ledger_counts


def _post(client, org, data, **extra):
    return client.post(reverse("ledger:activity-create", args=[org.pk]), data, **extra)


def test_create_form_lists_the_roster(client, tree, actors, crew):
    client.force_login(actors.committee_member)
    response = client.get(reverse("ledger:activity-create", args=[tree.branch.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "全部出席并保存" in html
    for person in [crew.secretary, *crew.committee, *crew.members]:
        assert f'name="att_{person.pk}"' in html
    assert f'name="att_{crew.outsider.pk}"' not in html


def test_all_present_in_one_tap_with_one_excused(client, tree, actors, crew, yesterday):
    client.force_login(actors.committee_member)
    excused = crew.members[0]
    response = _post(
        client,
        tree.branch,
        {
            "kind": "themed_party_day",
            "held_on": yesterday.isoformat(),
            "topic": "主题党日：走进社区",
            f"att_{excused.pk}": "excused",
            "all_present": "1",
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ledger:activity-detail", args=[activity.pk])
    statuses = dict(Attendance.objects.values_list("person_id", "status"))
    assert statuses.pop(excused.pk) == "excused"
    expected = {crew.secretary.pk, *(p.pk for p in crew.committee), *(p.pk for p in crew.members)}
    assert expected <= activity_roster(activity)
    assert set(statuses) == activity_roster(activity) - {excused.pk}
    assert set(statuses.values()) == {"present"}
    assert AuditEvent.objects.filter(
        verb="create", target_type="ledger.activity", target_id=activity.pk
    ).exists()
    assert activity.entered_by == actors.committee_member


def test_only_required_fields_record_an_activity(client, tree, actors, crew, yesterday):
    client.force_login(actors.org_secretary)
    response = _post(
        client,
        tree.branch,
        {"kind": "party_lecture", "held_on": yesterday.isoformat(), "topic": "党课"},
    )
    assert response.status_code == 302
    assert Activity.objects.get().place == "" and not Attendance.objects.exists()


def test_decision_and_attachment_with_the_activity(client, tree, actors, crew, yesterday):
    client.force_login(actors.committee_member)
    upload = SimpleUploadedFile("纪要.pdf", PDF, content_type="application/pdf")
    response = _post(
        client,
        tree.branch,
        {
            "kind": "committee_meeting",
            "held_on": yesterday.isoformat(),
            "topic": "支委会",
            "is_decision_meeting": "on",
            "decision_text": "确定发展对象",
            "members_entitled": "3",
            "members_present": "3",
            "attachments": [upload],
            "all_present": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    decision = Decision.objects.get()
    assert (decision.members_entitled, decision.members_present) == (3, 3)
    assert decision.has_quorum
    attachment = Attachment.objects.get()
    assert attachment.original_name == "纪要.pdf" and len(attachment.sha256) == 64
    detail = client.get(response["Location"])
    html = detail.content.decode()
    assert "确定发展对象" in html and "达到法定人数" in html and "纪要.pdf" in html
    download = client.get(reverse("ledger:attachment-download", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"topic": ""}, "主题"),
        ({"kind": ""}, "活动类型"),
        ({"kind": "picnic"}, "活动类型"),
        ({"held_on": "2025-02-30"}, "活动日期"),
        ({"held_on": "FUTURE"}, "活动日期"),
        ({"members_entitled": "0", "decision_text": "x"}, "应到人数"),
        ({"decision_text": "未标记决策会议的决议"}, "决策会议"),
        ({"att_OUTSIDER": "present"}, "出勤人员"),
        ({"att_MEMBER": "maybe"}, "出勤情况"),
        ({"attachments": "NOTPDF"}, "文件"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(
    client, tree, actors, crew, yesterday, changes, label
):
    client.force_login(actors.committee_member)
    data = {
        "kind": "theory_seminar",
        "held_on": yesterday.isoformat(),
        "topic": "学习研讨",
        "all_present": "1",
    }
    for key, value in changes.items():
        if value == "FUTURE":
            value = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
        if value == "NOTPDF":
            value = SimpleUploadedFile("伪装.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
        key = key.replace("OUTSIDER", str(crew.outsider.pk))
        key = key.replace("MEMBER", str(crew.members[0].pk))
        data[key] = value
    before = ledger_counts()
    errors = form_errors(_post(client, tree.branch, data))
    assert label in errors, errors
    assert ledger_counts() == before


def test_edit_prefills_attendance_and_changes_one(client, tree, actors, crew, yesterday):
    activity = ActivityFactory(org=tree.branch, held_on=yesterday, kind="general_meeting")
    for person in crew.members:
        AttendanceFactory(activity=activity, person=person)
    client.force_login(actors.committee_member)
    url = reverse("ledger:activity-edit", args=[activity.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"][f"att_{crew.members[0].pk}"].value() == "present"
    response = client.post(
        url,
        {
            "kind": "general_meeting",
            "held_on": yesterday.isoformat(),
            "topic": "党员大会（更正）",
            f"att_{crew.members[1].pk}": "absent",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.topic == "党员大会（更正）"
    assert Attendance.objects.get(activity=activity, person=crew.members[1]).status == "absent"
    assert AuditEvent.objects.filter(verb="update", target_id=activity.pk).count() == 2


def test_delete_removes_the_activity(client, tree, actors, crew, yesterday):
    activity = ActivityFactory(org=tree.branch, held_on=yesterday)
    client.force_login(actors.committee_member)
    response = client.post(reverse("ledger:activity-delete", args=[activity.pk]))
    assert response.status_code == 302
    assert not Activity.objects.exists()
    assert AuditEvent.objects.filter(verb="delete", target_id=activity.pk).exists()


def test_decision_form_computes_quorum(client, tree, actors, crew, yesterday):
    activity = ActivityFactory(
        org=tree.branch, held_on=yesterday, kind="committee_meeting", is_decision_meeting=True
    )
    AttendanceFactory(activity=activity, person=crew.secretary)
    client.force_login(actors.committee_member)
    url = reverse("ledger:decision-create", args=[activity.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"text": "x", "members_entitled": "2", "members_present": "3"})
    assert "实到人数" in form_errors(bad)
    assert not Decision.objects.exists()
    response = client.post(url, {"text": "研究确定入党积极分子"})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.members_entitled, decision.members_present) == (3, 1)
    assert not decision.has_quorum


WRITERS = ["province_admin", "university_admin", "org_secretary", "committee_member"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        *[(r, 200) for r in WRITERS],
        ("party_member", 403),
        ("reviewer", 403),
        ("outsider", 404),
    ],
)
def test_create_form_by_role(client, tree, actors, role, status):
    client.force_login(getattr(actors, role))
    response = client.get(reverse("ledger:activity-create", args=[tree.branch.pk]))
    assert response.status_code == status


@pytest.mark.parametrize("role", ["university_admin", "org_secretary", "committee_member"])
def test_other_university_is_not_found(client, tree, actors, role):
    client.force_login(getattr(actors, role))
    activity = ActivityFactory(org=tree.other_univ_branch)
    for url in (
        reverse("ledger:activity-create", args=[tree.other_univ_branch.pk]),
        reverse("ledger:activity-detail", args=[activity.pk]),
        reverse("ledger:activity-edit", args=[activity.pk]),
        reverse("ledger:org-ledger", args=[tree.other_univ_branch.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("ledger:activity-delete", args=[activity.pk])).status_code == 404
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_reader_cannot_write(client, tree, actors, crew, yesterday):
    activity = ActivityFactory(org=tree.branch, held_on=yesterday)
    client.force_login(actors.reviewer)
    assert client.get(reverse("ledger:activity-detail", args=[activity.pk])).status_code == 200
    before = ledger_counts()
    assert client.post(reverse("ledger:activity-delete", args=[activity.pk])).status_code == 403
    response = _post(
        client,
        tree.branch,
        {"kind": "other", "held_on": yesterday.isoformat(), "topic": "x"},
    )
    assert response.status_code == 403
    assert ledger_counts() == before


def test_anonymous_is_sent_to_login(client, tree):
    response = client.get(reverse("ledger:org-ledger", args=[tree.branch.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
