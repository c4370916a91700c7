"""Pages of the self-assessment and review (issue 7 items 1, 2, 5, 7): the scope matrix for every
role, refusals re-rendered in Chinese with nothing stored, "我的评审" counts, the Word report."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from liuhao.assessments.models import CheckpointScore, ReviewStep, SelfAssessment, StatusOverride
from liuhao.assessments.reports import radar_png
from liuhao.assessments.services import (
    assessment_start,
    assessment_submit,
    checkpoint_score,
    narrative_save,
)
from liuhao.assessments.tests.conftest import TODAY, YEAR
from liuhao.core.roles import Role
from liuhao.orgs.tests.factories import RoleAssignmentFactory, UserFactory


@pytest.fixture
def submitted(tree, chain):
    a = assessment_start(
        actor=chain.branch_secretary, org=tree.branch, period_code=YEAR, today=TODAY
    )
    narrative_save(
        actor=chain.branch_secretary, assessment=a, criterion_code="C01", text="坚持学习"
    )
    return assessment_submit(actor=chain.branch_secretary, assessment=a)


@pytest.fixture
def everyone(actors, chain, tree):
    other = UserFactory(username="other-univ")
    RoleAssignmentFactory(user=other, role=Role.UNIVERSITY_ADMIN, org=tree.other_university)
    return {
        "province_admin": actors.province_admin,
        "university_admin": actors.university_admin,
        "org_secretary": actors.org_secretary,
        "committee_member": actors.committee_member,
        "party_member": actors.party_member,
        "reviewer": actors.reviewer,
        "outsider": actors.outsider,
        "other_university": other,
        "college_secretary": chain.college_secretary,
    }


VIEW = {
    "province_admin": 200,
    "university_admin": 200,
    "org_secretary": 200,
    "committee_member": 200,
    "party_member": 404,
    "reviewer": 200,
    "outsider": 404,
    "other_university": 404,
    "college_secretary": 200,
}
ACCEPT = {
    "province_admin": 403,
    "university_admin": 403,
    "org_secretary": 403,  # the college's role, but not an office-holder of it
    "committee_member": 403,
    "party_member": 404,
    "reviewer": 403,
    "outsider": 404,
    "other_university": 404,
    "college_secretary": 302,
}


@pytest.mark.parametrize("who", sorted(VIEW))
def test_detail_scope_matrix(client, submitted, everyone, who):
    client.force_login(everyone[who])
    response = client.get(reverse("assessments:assessment-detail", args=[submitted.pk]))
    assert response.status_code == VIEW[who]
    if VIEW[who] == 200:
        body = response.content.decode()
        assert "C16.2" in body and "坚持学习" in body
        assert ("审核通过" in body) == (who == "college_secretary")


@pytest.mark.parametrize("who", sorted(ACCEPT))
def test_accept_scope_matrix(client, submitted, everyone, who):
    client.force_login(everyone[who])
    response = client.post(reverse("assessments:review-accept", args=[submitted.pk]))
    assert response.status_code == ACCEPT[who]
    assert ReviewStep.objects.count() == (1 if ACCEPT[who] == 302 else 0)


def test_refusals_rerender_with_the_field_and_store_nothing(client, submitted, chain):
    client.force_login(chain.college_secretary)
    url = reverse("assessments:checkpoint-score", args=[submitted.pk])
    response = client.post(url, {"checkpoint": "C16.2", "score": "9"})
    assert (
        response.status_code == 400
        and "评分：请填写 0 至 5 之间的分数" in response.content.decode()
    )
    response = client.post(url, {"checkpoint": "C01.1", "score": "4"})
    assert response.status_code == 400 and "不是评审评分项" in response.content.decode()
    response = client.post(
        reverse("assessments:status-override", args=[submitted.pk]),
        {"checkpoint": "C01.1", "new_status": "met", "reason": ""},
    )
    assert response.status_code == 400 and "调整理由" in response.content.decode()
    response = client.post(
        reverse("assessments:review-return", args=[submitted.pk]), {"reason": ""}
    )
    assert response.status_code == 400 and "退回原因" in response.content.decode()
    assert not CheckpointScore.objects.exists() and not StatusOverride.objects.exists()
    assert not ReviewStep.objects.exists()


def test_frozen_assessment_refuses_edits_on_the_page(client, submitted, chain):
    client.force_login(chain.branch_secretary)
    response = client.post(
        reverse("assessments:narrative-save", args=[submitted.pk]),
        {"criterion": "C01", "text": "改写"},
    )
    assert response.status_code == 400 and "已提交，不能修改" in response.content.decode()
    response = client.post(
        reverse("assessments:evidence-add", args=[submitted.pk]),
        {"checkpoint": "C16.2", "title": "x", "url": "https://a.cn", "replaces": "abc"},
    )
    assert response.status_code == 400


def test_my_reviews_counts(client, submitted, chain):
    client.force_login(chain.college_secretary)
    body = client.get(reverse("assessments:my-reviews")).content.decode()
    assert "计算机系教工第一党支部" in body and "待我审核" in body
    client.force_login(chain.university_admin)
    body = client.get(reverse("assessments:my-reviews")).content.decode()
    assert "目前没有等待您审核的自评" in body


def test_start_page_and_bad_year(client, tree, chain):
    client.force_login(chain.branch_secretary)
    url = reverse("assessments:org-assessments", args=[tree.branch.pk])
    assert "开始自评" in client.get(url).content.decode()
    response = client.post(
        reverse("assessments:assessment-start", args=[tree.branch.pk]), {"period": "2024-2025-1"}
    )
    assert response.status_code == 400 and "评估学年" in response.content.decode()
    response = client.post(
        reverse("assessments:assessment-start", args=[tree.branch.pk]), {"period": YEAR}
    )
    assert response.status_code == 302


def test_report_docx_has_radar_checklist_and_gaps(client, submitted, chain):
    submitted.current_level = "college"
    checkpoint_score(
        actor=chain.college_secretary, assessment=submitted, checkpoint_code="C16.2", score="4"
    )
    client.force_login(chain.university_admin)
    response = client.get(reverse("assessments:assessment-report", args=[submitted.pk]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "计算机系教工第一党支部 自评报告" in text and "坚持学习" in text
    assert "C16.2" in cells and "达标" in cells and "差距" in cells
    assert doc.inline_shapes and len(doc.inline_shapes) == 1  # the radar


def test_radar_png_is_a_png():
    data = radar_png([("班子建设好", 0.8), ("队伍建设好", 0.5), ("活动开展好", 1.0)])
    assert data.startswith(b"\x89PNG")


def test_the_default_template_passes_the_upload_check_and_can_be_replaced(
    client, submitted, chain, settings, tmp_path
):
    """Item 5: the shipped template is a valid template of its kind, and a university admin's
    replacement (no code) is what the report is generated from."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from liuhao.assessments.reports import DEFAULT_TEMPLATE, KIND
    from liuhao.documents.registry import template_spec
    from liuhao.documents.rendering import check_template
    from liuhao.documents.services import template_upload
    from liuhao.documents.tests.samples import docx_bytes, docx_text

    settings.MEDIA_ROOT = str(tmp_path)
    check_template(template_spec(KIND), DEFAULT_TEMPLATE.read_bytes())
    template_upload(
        actor=chain.university_admin,
        kind=KIND,
        file=SimpleUploadedFile(
            "mine.docx", docx_bytes("本校自评报告：{{ org_name }}，得分 {{ score }}")
        ),
        university=submitted.university,
    )
    client.force_login(chain.university_admin)
    response = client.get(reverse("assessments:assessment-report", args=[submitted.pk]))
    assert "本校自评报告：计算机系教工第一党支部，得分" in docx_text(response.content)


def test_detail_page_queries_do_not_grow_with_evidence(
    client, tree, chain, django_assert_max_num_queries
):
    from liuhao.assessments.services import evidence_add

    a = assessment_start(
        actor=chain.branch_secretary, org=tree.branch, period_code=YEAR, today=TODAY
    )
    for code in ("C01.1", "C16.2", "C17.2", "C16.2"):
        evidence_add(
            actor=chain.branch_secretary,
            assessment=a,
            checkpoint_code=code,
            title=f"材料 {code}",
            url="https://example.edu.cn/x",
        )
    client.force_login(chain.branch_secretary)
    url = reverse("assessments:assessment-detail", args=[a.pk])
    with django_assert_max_num_queries(16):  # 14 measured, with or without evidence
        assert client.get(url).status_code == 200


def test_evidence_file_download_is_scoped(client, tree, chain, actors, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from liuhao.assessments.services import evidence_add

    settings.MEDIA_ROOT = str(tmp_path)
    a = assessment_start(
        actor=chain.branch_secretary, org=tree.branch, period_code=YEAR, today=TODAY
    )
    item = evidence_add(
        actor=chain.branch_secretary,
        assessment=a,
        checkpoint_code="C16.2",
        title="成果",
        file=SimpleUploadedFile("成果.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    url = reverse("assessments:evidence-download", args=[item.pk])
    client.force_login(chain.university_admin)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(chain.other_university_admin)
    assert client.get(url).status_code == 404
    client.force_login(actors.party_member)
    assert client.get(url).status_code == 404


START = {
    "province_admin": 302,
    "university_admin": 302,
    "org_secretary": 302,  # the college's secretary role covers its branches
    "committee_member": 403,
    "party_member": 403,  # sees the own branch, may not start its assessment
    "reviewer": 403,
    "outsider": 404,
    "other_university": 404,
    "college_secretary": 302,
}


@pytest.mark.parametrize("who", sorted(START))
def test_start_scope_matrix(client, tree, chain, everyone, who):
    client.force_login(everyone[who])
    response = client.post(
        reverse("assessments:assessment-start", args=[tree.branch.pk]), {"period": YEAR}
    )
    assert response.status_code == START[who]
    assert SelfAssessment.objects.count() == (1 if START[who] == 302 else 0)
