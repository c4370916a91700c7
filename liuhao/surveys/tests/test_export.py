"""The Excel export of a survey's aggregated results (issue 6 item 6): the page's figures, small
groups hidden alike, open texts in random order only for a large enough survey, never an identity,
and the results page's permissions (role matrix: 404 outside the tree, 403 visible but not allowed)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from liuhao.core.roles import Role
from liuhao.orgs.models import Person
from liuhao.orgs.tests.factories import RoleAssignmentFactory, UserFactory
from liuhao.surveys.models import Question
from liuhao.surveys.selectors import survey_results
from liuhao.surveys.services import survey_answer, survey_close
from liuhao.surveys.tests.support import DAY, opened, sheet, staff

pytestmark = pytest.mark.django_db


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def rows(book, name):
    return [list(r) for r in book[name].iter_rows(values_only=True)]


def closed_survey(tree, actors, levels, texts=None):
    staff(tree.branch, members=len(levels) - 1)  # + the conftest member
    survey, tokens = opened(actors.committee_member, tree.branch)
    for i, (token, level) in enumerate(zip(tokens.values(), levels, strict=True)):
        text = texts[i] if texts else ""
        survey_answer(token=token, answers=sheet(survey, level, text), today=DAY)
    survey_close(actor=actors.committee_member, survey=survey)
    return survey


def test_export_holds_the_page_figures_and_no_identity(client, tree, actors):
    texts = [f"建议{i}" for i in range(6)]
    survey = closed_survey(tree, actors, [1, 2, 3, 1, 2, 4], texts)
    client.force_login(actors.committee_member)
    url = reverse("surveys:survey-export", args=[survey.pk])
    book = workbook(client.get(url))
    assert book.sheetnames == ["概况", "参与情况", "各题结果", "意见建议"]
    head = dict(r[:2] for r in rows(book, "概况"))
    res = survey_results(survey)
    assert head["测评党组织"] == tree.branch.name and head["测评期间"] == "2025-2026-1"
    assert head["测评对象"] == "党员、教职工、学生"
    assert head["总体满意度"] == pytest.approx(res.overall.value)
    assert head["95% 置信区间下限"] == pytest.approx(res.overall.interval[0])
    progress = rows(book, "参与情况")
    assert progress[1][:5] == ["党员", 6, 6, 1.0, 6]
    assert progress[2][5] == "不公布"  # teachers: no respondents
    questions = rows(book, "各题结果")
    assert questions[0][:7] == [
        "序号",
        "题目",
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    first = res.questions[0]
    assert questions[1][2:8] == [*first.counts, 6]
    assert questions[1][8] == pytest.approx(first.rate.value)
    notes = rows(book, "意见建议")[1:]
    assert sorted(r[1] for r in notes) == sorted(texts)
    # nothing anywhere names a person
    names = set(Person.objects.values_list("name", flat=True))
    numbers = set(Person.objects.values_list("number", flat=True))
    cells = {str(c) for name in book.sheetnames for r in rows(book, name) for c in r if c}
    assert not cells & (names | numbers)


def test_small_surveys_export_counts_but_no_rates_and_no_texts(client, tree, actors):
    survey = closed_survey(tree, actors, [1, 1, 1], ["我是张三", "", ""])
    client.force_login(actors.committee_member)
    book = workbook(client.get(reverse("surveys:survey-export", args=[survey.pk])))
    head = dict(r[:2] for r in rows(book, "概况"))
    assert head["有效答卷"] == 3 and head["总体满意度"] == "不公布"
    questions = rows(book, "各题结果")
    assert questions[1][2:8] == ["不公布"] * 6
    notes = rows(book, "意见建议")
    assert "少于 5 份" in notes[1][0] and all("张三" not in str(r) for r in notes)
    assert Question.objects.filter(survey=survey, kind="text").exists()


def test_export_role_matrix(client, tree, actors):
    survey = closed_survey(tree, actors, [1, 1, 1, 1, 1])
    url = reverse("surveys:survey-export", args=[survey.pk])
    assert client.get(url).status_code == 302  # log in first
    sibling = UserFactory(username="sibling")
    RoleAssignmentFactory(user=sibling, role=Role.COMMITTEE_MEMBER, org=tree.other_branch)
    other_univ = UserFactory(username="other-univ")
    RoleAssignmentFactory(user=other_univ, role=Role.UNIVERSITY_ADMIN, org=tree.other_university)
    expected = {
        actors.outsider: 404,
        sibling: 404,
        other_univ: 404,
        actors.party_member: 403,
        actors.committee_member: 200,
        actors.org_secretary: 200,
        actors.reviewer: 200,
        actors.university_admin: 200,
        actors.province_admin: 200,
    }
    got = {}
    for user in expected:
        client.force_login(user)
        got[user] = client.get(url).status_code
    assert got == expected
    client.force_login(actors.committee_member)
    assert client.get(reverse("surveys:survey-export", args=[999999])).status_code == 404
    assert client.post(url).status_code == 405
