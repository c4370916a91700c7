"""The managing pages (/surveys/): 新建测评 from a template, editing a draft and its questions,
deleting, opening with the one-time sheet of links and QR codes, the 未提交名单 with reminders, and
closing; every role in and out of scope; bad input refused naming the field with nothing stored
(issue 6 items 1, 2, 6)."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.urls import reverse

from liuhao.core.models import AuditEvent
from liuhao.governance.tests.factories import LeaderReportFactory
from liuhao.orgs.tests.factories import PersonFactory
from liuhao.surveys.models import Invitation, Question, Survey
from liuhao.surveys.services import survey_answer, survey_create, token_hash
from liuhao.surveys.tests.support import CLOSES, OPENS, opened, sheet, staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2025-11-10 10:00 +0800", tick=False):
        yield


def body(response: Any) -> str:
    """The page of a plain or a streamed response (the sheet is streamed)."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def create_data(**over: Any) -> dict[str, Any]:
    return {
        "template": "satisfaction",
        "title": "",
        "period": "2025-2026-1",
        "opens_on": "2025-11-10",
        "closes_on": "2025-11-30",
        **over,
    }


def draft(actor: Any, org: Any, template: str = "satisfaction") -> Survey:
    return survey_create(
        actor=actor,
        org=org,
        template=template,
        period="2025-2026-1",
        opens_on=OPENS,
        closes_on=CLOSES,
    )


def edit_data(survey: Survey, **over: Any) -> dict[str, Any]:
    """The edit form as the page posts it: the settings and every question row, plus a blank
    new row."""
    questions = list(Question.objects.filter(survey=survey).order_by("order"))
    data: dict[str, Any] = {
        "title": survey.title,
        "period": survey.period,
        "opens_on": survey.opens_on.isoformat(),
        "closes_on": survey.closes_on.isoformat(),
        "audiences": survey.audiences,
        "q-TOTAL_FORMS": str(len(questions) + 1),
        "q-INITIAL_FORMS": str(len(questions)),
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "50",
    }
    for i, q in enumerate(questions):
        data[f"q-{i}-order"] = str(q.order)
        data[f"q-{i}-text"] = q.text
        data[f"q-{i}-kind"] = q.kind
        if q.required:
            data[f"q-{i}-required"] = "on"
    n = len(questions)
    data.update({f"q-{n}-order": "", f"q-{n}-text": "", f"q-{n}-kind": "likert"})
    data[f"q-{n}-required"] = "on"
    data.update(over)
    return data


def test_the_list_offers_new_and_the_create_page_makes_a_draft(client, tree, actors):
    client.force_login(actors.committee_member)
    listing = client.get(reverse("surveys:survey-list", args=[tree.branch.pk])).content.decode()
    url = reverse("surveys:survey-create", args=[tree.branch.pk])
    assert url in listing and "新建测评" in listing
    page = client.get(url).content.decode()
    for text in (
        "党组织满意度测评",
        "党员对班子的评价",
        "书记述职评议",
        "2025-2026-1",
        "2025-2026",
    ):
        assert text in page
    response = client.post(url, create_data(audiences=["members", "students"]))
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:survey-manage", args=[survey.pk])
    assert survey.status == "draft" and survey.audiences == ["members", "students"]
    assert (
        survey.title == "党组织满意度测评" and Question.objects.filter(survey=survey).count() == 5
    )
    assert AuditEvent.objects.filter(verb="create", target_id=str(survey.pk)).exists()
    manage = client.get(response["Location"]).content.decode()
    assert "发布并生成测评码" in manage and "只显示这一次" in manage


def test_audiences_default_to_the_templates(client, tree, actors):
    client.force_login(actors.committee_member)
    url = reverse("surveys:survey-create", args=[tree.branch.pk])
    client.post(url, create_data(template="leadership", include_subtree="on"))
    survey = Survey.objects.get()
    assert survey.audiences == ["members"] and survey.include_subtree


@pytest.mark.parametrize(
    ("over", "label"),
    [
        ({"closes_on": "2025-11-01"}, "截止日期"),
        ({"period": "2025-26"}, "测评期间"),
        ({"period": "2025-2027"}, "测评期间"),
        ({"period": ""}, "测评期间"),
        ({"template": "nope"}, "测评模板"),
        ({"title": "长" * 101}, "标题"),
        ({"opens_on": "2025/11/01"}, "开始日期"),
        ({"audiences": ["nobody"]}, "测评对象"),
        ({"leader_report": "999999"}, "关联述职记录"),
    ],
)
def test_bad_create_input_is_named_and_nothing_is_stored(client, tree, actors, over, label):
    client.force_login(actors.committee_member)
    response = client.post(
        reverse("surveys:survey-create", args=[tree.branch.pk]), create_data(**over)
    )
    assert response.status_code == 400
    assert f"{label}：" in response.content.decode()
    assert not Survey.objects.exists() and not AuditEvent.objects.exists()


def test_a_leader_report_of_another_org_is_refused(client, tree, actors):
    reporter = PersonFactory(university=tree.university, unit=tree.branch)
    own = LeaderReportFactory(org=tree.branch, reporter=reporter)
    other = LeaderReportFactory(org=tree.other_branch, reporter=reporter)
    client.force_login(actors.committee_member)
    url = reverse("surveys:survey-create", args=[tree.branch.pk])
    bad = client.post(url, create_data(template="leader_report", leader_report=str(other.pk)))
    assert bad.status_code == 400 and "关联述职记录：" in bad.content.decode()
    wrong_kind = client.post(url, create_data(leader_report=str(own.pk)))
    assert wrong_kind.status_code == 400 and "关联述职记录：" in wrong_kind.content.decode()
    assert not Survey.objects.exists()
    ok = client.post(url, create_data(template="leader_report", leader_report=str(own.pk)))
    assert ok.status_code == 302 and Survey.objects.get().leader_report_id == own.pk


def test_edit_changes_reorders_adds_and_removes_questions(client, tree, actors):
    survey = draft(actors.committee_member, tree.branch)
    client.force_login(actors.committee_member)
    url = reverse("surveys:survey-edit", args=[survey.pk])
    page = client.get(url).content.decode()
    assert "非常满意、满意、基本满意、不满意、非常不满意" in page
    data = edit_data(
        survey,
        **{
            "title": "2025 秋季满意度测评",
            "q-0-text": "您对支部服务的总体评价",
            "q-0-order": "9",  # moves to the end
            "q-1-remove": "on",
            "q-5-text": "您对组织生活是否满意？",
            "q-5-order": "2",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    questions = list(Question.objects.filter(survey=survey).order_by("order"))
    texts = [q.text for q in questions]
    assert len(texts) == 5 and texts[-1] == "您对支部服务的总体评价"
    assert texts[0] == "您对组织生活是否满意？"  # 2 sorts before the kept 3, 4, 5
    assert "您对本党组织班子成员联系服务师生的情况是否满意？" not in texts
    assert all(
        q.levels == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
        for q in questions
        if q.kind == "likert"
    )
    assert Survey.objects.get(pk=survey.pk).title == "2025 秋季满意度测评"


@pytest.mark.parametrize(
    ("over", "text"),
    [
        ({"audiences": []}, "测评对象："),
        ({"closes_on": "2025-10-01"}, "截止日期："),
        ({"period": "秋季"}, "测评期间："),
        ({"q-0-text": "题" * 201}, "题目不能超过 200 字"),
        ({"q-0-text": ""}, "请填写题目，或勾选删除"),
        ({"q-0-kind": "scale"}, "请选择列表中的题型"),
        (
            {f"q-{i}-remove": "on" for i in range(5)},
            "请至少设置一道题目",
        ),
        (
            {f"q-{i}-kind": "text" for i in range(5)},
            "至少需要一道等级评价题",
        ),
        ({"q-TOTAL_FORMS": "x"}, "题目表单数据缺失或被篡改"),
    ],
)
def test_bad_edits_are_named_and_nothing_is_stored(client, tree, actors, over, text):
    survey = draft(actors.committee_member, tree.branch)
    before = list(Question.objects.filter(survey=survey).values_list("text", "kind"))
    client.force_login(actors.committee_member)
    response = client.post(
        reverse("surveys:survey-edit", args=[survey.pk]), edit_data(survey, **over)
    )
    assert response.status_code == 400
    assert text in response.content.decode()
    assert list(Question.objects.filter(survey=survey).values_list("text", "kind")) == before
    assert not AuditEvent.objects.filter(verb="update").exists()


def test_delete_a_draft_after_confirmation(client, tree, actors):
    survey = draft(actors.committee_member, tree.branch)
    client.force_login(actors.committee_member)
    url = reverse("surveys:survey-delete", args=[survey.pk])
    assert "确认删除" in client.get(url).content.decode()
    assert Survey.objects.exists()
    response = client.post(url)
    assert response["Location"] == reverse("surveys:survey-list", args=[tree.branch.pk])
    assert not Survey.objects.exists()


def test_open_shows_the_sheet_once_with_qr_codes_and_stores_only_hashes(client, tree, actors):
    people = staff(tree.branch, members=3)
    survey = draft(actors.committee_member, tree.branch)
    client.force_login(actors.committee_member)
    response = client.post(reverse("surveys:survey-open", args=[survey.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response.streaming  # slip by slip
    html = body(response)
    invitations = list(Invitation.objects.filter(survey=survey))
    assert len(invitations) == 4  # three members and the conftest's party member
    assert html.count("<svg") == 4 and html.count('class="slip"') == 4
    assert "只显示这一次" in html and "@media print" in html and "size: A4" in html
    for person in people:
        assert person.name in html
    links = [part.split("<")[0] for part in html.split("http://testserver/s/")[1:]]
    assert len(links) == 4
    hashes = {token_hash(link.rstrip("/")) for link in links}
    assert hashes == {i.token_hash for i in invitations}
    # the tokens are nowhere else: not in the session, not in the audit, not on the manage page
    manage = client.get(reverse("surveys:survey-manage", args=[survey.pk])).content.decode()
    audit = str(list(AuditEvent.objects.values_list("changes", flat=True)))
    for link in links:
        token = link.rstrip("/")
        assert token not in manage and token not in audit and token not in str(client.session)
    again = client.post(reverse("surveys:survey-open", args=[survey.pk]))
    assert again.status_code == 400 and "只有草稿状态的测评可以发布" in again.content.decode()


def test_open_with_nobody_to_invite_is_refused(client, tree, actors):
    survey = draft(actors.committee_member, tree.branch, template="leadership")
    survey.audiences = ["students"]
    survey.save()
    client.force_login(actors.committee_member)
    response = client.post(reverse("surveys:survey-open", args=[survey.pk]))
    assert response.status_code == 400 and "测评对象中没有可邀请的人员" in response.content.decode()
    assert Survey.objects.get(pk=survey.pk).status == "draft"
    assert not Invitation.objects.exists()


def test_progress_lists_only_who_has_not_answered_and_reminds_them(client, tree, actors):
    people = staff(tree.branch, members=3)
    survey, tokens = opened(actors.committee_member, tree.branch)
    by_person = {i.person_id: i for i in Invitation.objects.filter(survey=survey)}
    answered = by_person[people[0].pk]
    survey_answer(token=tokens[answered.pk], answers=sheet(survey))
    client.force_login(actors.committee_member)
    manage = client.get(reverse("surveys:survey-manage", args=[survey.pk])).content.decode()
    assert "实时参与情况" in manage and "25.0%" in manage
    pending = manage[manage.index('id="survey-pending"') :]
    assert people[0].name not in pending and people[1].name in pending
    assert f'value="{answered.pk}"' not in pending
    url = reverse("surveys:survey-reissue", args=[survey.pk])
    picked = by_person[people[1].pk]
    old_hash = picked.token_hash
    response = client.post(url, {"scope": "picked", "purpose": "remind", "invitation": picked.pk})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"
    html = body(response)
    assert "测评提醒单" in html and html.count("<svg") == 1 and people[1].name in html
    picked.refresh_from_db()
    assert picked.token_hash != old_hash
    everyone = body(client.post(url, {"scope": "all", "purpose": "reissue"}))
    assert "测评码（重新生成）" in everyone and everyone.count("<svg") == 3  # all but the answered


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"scope": "picked"}, "请勾选需要重新生成测评码的人员"),
        ({"scope": "picked", "invitation": "abc"}, "所选人员不在未提交名单中"),
        ({"scope": "everyone"}, "请选择列表中的范围"),
        ({}, "请选择范围"),
    ],
)
def test_bad_reminders_are_named_and_change_nothing(client, tree, actors, data, text):
    staff(tree.branch, members=2)
    survey, _ = opened(actors.committee_member, tree.branch)
    before = set(Invitation.objects.values_list("token_hash", flat=True))
    client.force_login(actors.committee_member)
    response = client.post(reverse("surveys:survey-reissue", args=[survey.pk]), data)
    assert response.status_code == 400 and text in response.content.decode()
    assert set(Invitation.objects.values_list("token_hash", flat=True)) == before


def test_an_answered_or_foreign_invitation_cannot_be_reissued(client, tree, actors):
    staff(tree.branch, members=2)
    staff(tree.other_branch, members=1)
    survey, tokens = opened(actors.committee_member, tree.branch)
    other, _ = opened(actors.org_secretary, tree.other_branch)
    done = next(iter(tokens))
    survey_answer(token=tokens[done], answers=sheet(survey))
    foreign = Invitation.objects.filter(survey=other).first()
    client.force_login(actors.org_secretary)
    url = reverse("surveys:survey-reissue", args=[survey.pk])
    for pk in (done, foreign.pk):
        response = client.post(url, {"scope": "picked", "invitation": pk})
        assert (
            response.status_code == 400 and "所选人员不在未提交名单中" in response.content.decode()
        )


def test_close_early_after_confirmation(client, tree, actors):
    staff(tree.branch, members=5)
    survey, tokens = opened(actors.committee_member, tree.branch)
    for token in list(tokens.values())[:3]:
        survey_answer(token=token, answers=sheet(survey))
    client.force_login(actors.committee_member)
    url = reverse("surveys:survey-close", args=[survey.pk])
    assert "确认结束测评" in client.get(url).content.decode()
    assert Survey.objects.get(pk=survey.pk).status == "open"
    response = client.post(url)
    assert response["Location"] == reverse("surveys:survey-detail", args=[survey.pk])
    assert Survey.objects.get(pk=survey.pk).status == "closed"
    again = client.post(url)
    assert again.status_code == 400 and "只有进行中的测评可以结束" in again.content.decode()
    edit = client.get(reverse("surveys:survey-edit", args=[survey.pk]))
    assert edit.status_code == 302


def pages(survey: Survey, org: Any) -> list[tuple[str, str]]:
    return [
        ("get", reverse("surveys:survey-create", args=[org.pk])),
        ("get", reverse("surveys:survey-manage", args=[survey.pk])),
        ("get", reverse("surveys:survey-edit", args=[survey.pk])),
        ("get", reverse("surveys:survey-delete", args=[survey.pk])),
        ("post", reverse("surveys:survey-open", args=[survey.pk])),
        ("post", reverse("surveys:survey-reissue", args=[survey.pk])),
        ("get", reverse("surveys:survey-close", args=[survey.pk])),
    ]


def test_pages_are_scoped_to_the_orgs_handlers(client, tree, actors):
    staff(tree.branch, members=2)
    survey = draft(actors.committee_member, tree.branch)
    urls = pages(survey, tree.branch)
    assert all(getattr(client, m)(u).status_code == 302 for m, u in urls)  # log in first
    client.force_login(actors.outsider)  # sees nothing
    assert {getattr(client, m)(u).status_code for m, u in urls} == {404}
    for actor in (actors.party_member, actors.reviewer):  # may see the org, may not run surveys
        client.force_login(actor)
        assert {getattr(client, m)(u).status_code for m, u in urls} == {403}
    client.force_login(actors.university_admin)
    foreign = draft(actors.university_admin, tree.university)
    client.force_login(actors.committee_member)  # the branch's committee: not the university's
    assert client.get(reverse("surveys:survey-manage", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("surveys:survey-manage", args=[10**9])).status_code == 404
    for actor in (actors.committee_member, actors.org_secretary, actors.university_admin):
        client.force_login(actor)
        assert client.get(urls[1][1]).status_code == 200
        assert client.get(urls[0][1]).status_code == 200
    assert Survey.objects.get(pk=survey.pk).status == "draft"


def test_another_universitys_handlers_get_404(client, tree, actors):
    from liuhao.core.roles import Role
    from liuhao.orgs.tests.factories import RoleAssignmentFactory, UserFactory

    stranger = UserFactory(username="stranger")
    RoleAssignmentFactory(user=stranger, role=Role.UNIVERSITY_ADMIN, org=tree.other_university)
    survey = draft(actors.committee_member, tree.branch)
    client.force_login(stranger)
    for method, url in pages(survey, tree.branch):
        assert getattr(client, method)(url).status_code == 404
    assert Survey.objects.get(pk=survey.pk).status == "draft"


def test_the_sheet_escapes_names(client, tree, actors):
    person = PersonFactory(university=tree.university, unit=tree.branch, name="<b>王</b>")
    survey = draft(actors.committee_member, tree.branch, template="leadership")
    survey.audiences = ["teachers"]
    survey.save()
    client.force_login(actors.committee_member)
    html = body(client.post(reverse("surveys:survey-open", args=[survey.pk])))
    assert person.name not in html and "&lt;b&gt;王&lt;/b&gt;" in html
