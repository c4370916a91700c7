"""Service-record, task and disclosure forms (Criteria C06.3, C07.1, C07.2), the overdue list and the
structure compliance report: create and edit, bad input refused naming the field with nothing
stored, writers only, scoped (outside → 404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from liuhao.core.models import AuditEvent
from liuhao.ledger.models import Attachment, Disclosure, ServiceRecord, Task
from liuhao.ledger.tests.factories import DisclosureFactory, ServiceRecordFactory, TaskFactory
from liuhao.ledger.tests.views.conftest import PDF, form_errors


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (ServiceRecord, Task, Disclosure, Attachment, AuditEvent)
    )


def test_service_records_for_several_members_in_one_submission(
    client, tree, actors, crew, yesterday
):
    client.force_login(actors.committee_member)
    url = reverse("ledger:servicerecord-create", args=[tree.branch.pk])
    page = client.get(url)
    assert page.status_code == 200
    offered = {p.pk for p in page.context["form"].fields["persons"].queryset}
    assert crew.members[0].pk in offered and crew.outsider.pk not in offered
    data = {
        "persons": [crew.members[0].pk, crew.members[1].pk],
        "served_on": yesterday.isoformat(),
        "kind": "volunteer",
        "hours": "2.5",
        "description": "社区志愿服务",
    }
    assert client.post(url, data).status_code == 302
    records = list(ServiceRecord.objects.order_by("pk"))
    assert [r.person_id for r in records] == [crew.members[0].pk, crew.members[1].pk]
    assert all(r.entered_at and r.served_on == yesterday for r in records)
    assert AuditEvent.objects.filter(verb="create", target_id=records[0].pk).exists()
    edit = reverse("ledger:servicerecord-edit", args=[records[0].pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**data, "hours": "3"})
    assert response.status_code == 302
    records[0].refresh_from_db()
    assert str(records[0].hours) == "3.0"
    assert (
        client.get(reverse("ledger:servicerecord-detail", args=[records[0].pk])).status_code == 200
    )


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"persons": []}, "党员"),
        ({"persons": ["OUTSIDER"]}, "党员"),
        ({"served_on": "2999-01-01"}, "服务日期"),
        ({"hours": "30"}, "时长"),
        ({"kind": "nap"}, "服务类型"),
    ],
)
def test_service_record_bad_input(client, tree, actors, crew, yesterday, changes, label):
    client.force_login(actors.org_secretary)
    data = {
        "persons": [crew.members[0].pk],
        "served_on": yesterday.isoformat(),
        "kind": "volunteer",
        "hours": "2",
        **changes,
    }
    data["persons"] = [crew.outsider.pk if p == "OUTSIDER" else p for p in data["persons"]]
    before = counts()
    url = reverse("ledger:servicerecord-create", args=[tree.branch.pk])
    assert label in form_errors(client.post(url, data))
    assert counts() == before


def test_service_record_refused_for_a_member_of_another_branch_by_the_service(tree, actors, crew):
    from liuhao.core.exceptions import ValidationFailed
    from liuhao.ledger.services import service_records_create

    with pytest.raises(ValidationFailed) as exc:
        service_records_create(
            actor=actors.org_secretary,
            org=tree.branch,
            persons=[crew.outsider],
            data={"served_on": dt.date(2025, 10, 1), "kind": "volunteer", "hours": 1},
        )
    assert "persons" in exc.value.extra["fields"]
    assert not ServiceRecord.objects.exists()


def test_task_create_complete_with_evidence_and_overdue_list(client, tree, actors, crew, yesterday):
    client.force_login(actors.committee_member)
    url = reverse("ledger:task-create", args=[tree.branch.pk])
    assert client.get(url).status_code == 200
    assigned = yesterday - dt.timedelta(days=20)
    data = {
        "title": "整理组织生活会材料",
        "owner": crew.secretary.pk,
        "steps": "收集材料\n整理归档",
        "assigned_on": assigned.isoformat(),
        "due_on": (yesterday - dt.timedelta(days=5)).isoformat(),
    }
    assert client.post(url, data).status_code == 302
    task = Task.objects.get()
    assert task.step_list == ["收集材料", "整理归档"]
    overdue = client.get(reverse("ledger:overdue-tasks", args=[tree.branch.pk]))
    assert overdue.status_code == 200 and "整理组织生活会材料" in overdue.content.decode()
    edit = reverse("ledger:task-edit", args=[task.pk])
    upload = SimpleUploadedFile("材料.pdf", PDF, content_type="application/pdf")
    response = client.post(
        edit, {**data, "completed_on": yesterday.isoformat(), "attachments": [upload]}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.completed_on == yesterday and not task.on_time
    attachment = Attachment.objects.get()
    assert attachment.task == task and len(attachment.sha256) == 64
    detail = client.get(reverse("ledger:task-detail", args=[task.pk])).content.decode()
    assert "逾期完成" in detail and "材料.pdf" in detail
    assert AuditEvent.objects.filter(verb="update", target_id=task.pk).exists()


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"due_on": "2025-08-01"}, "完成时限"),
        ({"owner": ""}, "责任人"),
        ({"title": ""}, "任务名称"),
        ({"completed_on": "2999-01-01"}, "完成日期"),
    ],
)
def test_task_bad_input(client, tree, actors, crew, changes, label):
    client.force_login(actors.org_secretary)
    data = {
        "title": "任务",
        "owner": crew.secretary.pk,
        "assigned_on": "2025-09-01",
        "due_on": "2025-09-30",
        **changes,
    }
    before = counts()
    errors = form_errors(client.post(reverse("ledger:task-create", args=[tree.branch.pk]), data))
    assert label in errors, errors
    assert counts() == before


def test_disclosure_create_and_edit(client, tree, actors, yesterday):
    client.force_login(actors.committee_member)
    url = reverse("ledger:disclosure-create", args=[tree.branch.pk])
    assert client.get(url).status_code == 200
    data = {"title": "党费收缴情况公示", "published_on": yesterday.isoformat(), "scope": "internal"}
    assert client.post(url, data).status_code == 302
    item = Disclosure.objects.get()
    assert item.scope == "internal"
    edit = reverse("ledger:disclosure-edit", args=[item.pk])
    assert client.post(edit, {**data, "scope": "public"}).status_code == 302
    item.refresh_from_db()
    assert item.scope == "public"
    page = client.get(reverse("ledger:org-ledger", args=[tree.branch.pk])).content.decode()
    assert "党费收缴情况公示" in page
    before = counts()
    errors = form_errors(client.post(url, {**data, "published_on": "2999-01-01"}))
    assert "公开日期" in errors and counts() == before


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("province_admin", 200),
        ("university_admin", 200),
        ("org_secretary", 200),
        ("committee_member", 200),
        ("party_member", 403),
        ("reviewer", 403),
        ("outsider", 404),
    ],
)
def test_work_forms_for_every_role(client, tree, actors, actor, status):
    client.force_login(getattr(actors, actor))
    for name in ("servicerecord-create", "task-create", "disclosure-create"):
        assert client.get(reverse(f"ledger:{name}", args=[tree.branch.pk])).status_code == status


def test_records_outside_scope_answer_404(client, tree, actors, crew):
    record = ServiceRecordFactory(org=tree.other_branch, person=crew.outsider)
    task = TaskFactory(org=tree.other_branch, owner=crew.outsider)
    item = DisclosureFactory(org=tree.other_branch)
    client.force_login(actors.committee_member)  # the branch only, not its sibling
    for url in (
        reverse("ledger:servicerecord-detail", args=[record.pk]),
        reverse("ledger:servicerecord-edit", args=[record.pk]),
        reverse("ledger:task-detail", args=[task.pk]),
        reverse("ledger:task-edit", args=[task.pk]),
        reverse("ledger:disclosure-detail", args=[item.pk]),
        reverse("ledger:disclosure-edit", args=[item.pk]),
        reverse("ledger:overdue-tasks", args=[tree.other_branch.pk]),
        reverse("ledger:structure-report", args=[tree.other_branch.pk]),
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(actors.org_secretary)
    assert client.get(reverse("ledger:task-detail", args=[task.pk])).status_code == 200


def test_structure_report_and_export(client, tree, actors, crew):
    client.force_login(actors.org_secretary)
    page = client.get(reverse("ledger:structure-report", args=[tree.college.pk]))
    assert page.status_code == 200
    report = page.context["report"]
    rows = {b.id: b for b in report.branches}
    branch = rows[tree.branch.pk]
    assert (branch.full, branch.committee, branch.secretary) == (8, 3, True)
    assert branch.compliant
    other = rows[tree.other_branch.pk]
    assert "正式党员不足 3 名" in other.problems and "未配备书记" in other.problems
    export = client.get(reverse("ledger:structure-export", args=[tree.college.pk]))
    assert export.status_code == 200
    import io

    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["概况", "党支部"]
    names = [row[0] for row in book["党支部"].iter_rows(min_row=2, values_only=True)]
    assert tree.branch.name in names
