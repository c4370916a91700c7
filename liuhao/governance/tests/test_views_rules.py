"""Governance forms against the rules: the configured 分类定级 top-band cap, a 党性分析 edited and
deleted through its detail page (audited), impossible dates refused naming the field, never a 500."""

from __future__ import annotations

from django.urls import reverse

from liuhao.core.models import AuditEvent
from liuhao.governance.models import Election, OrgGrade, OrgGrading, SpiritAnalysis


def test_grading_form_refuses_more_top_bands_than_the_configured_cap(client, tree, actors, capped):
    client.force_login(actors.org_secretary)
    url = reverse("governance:orggrading-create", args=[tree.college.pk])
    data = {"year": "2025", "graded_on": "2025-10-15", f"band_{tree.branch.pk}": "先进"}
    page = client.get(url)
    assert "“先进”不超过1/2" in page.content.decode()
    bad = client.post(url, data | {f"band_{tree.other_branch.pk}": "先进"})
    assert bad.status_code == 400 and "1/2" in bad.content.decode()
    assert not OrgGrading.objects.exists() and not OrgGrade.objects.exists()
    assert client.post(url, data | {f"band_{tree.other_branch.pk}": "一般"}).status_code == 302
    assert OrgGrade.objects.filter(band="先进").count() == 1


def test_spirit_analysis_create_edit_delete(client, tree, actors, crew):
    client.force_login(actors.committee_member)
    url = reverse("governance:spiritanalysis-create", args=[tree.branch.pk])
    data = {"analyzed_on": "2025-01-08", "person": crew.members[0].pk, "summary": "对照党章"}
    outsider = client.post(url, data | {"person": crew.outsider.pk})
    assert outsider.status_code == 400 and "请选择列表中的人员" in outsider.content.decode()
    impossible = client.post(url, data | {"analyzed_on": "2025-02-30"})
    assert impossible.status_code == 400 and "分析日期" in impossible.content.decode()
    assert not SpiritAnalysis.objects.exists()
    assert client.post(url, data).status_code == 302
    analysis = SpiritAnalysis.objects.get()
    detail = reverse("governance:spiritanalysis-detail", args=[analysis.pk])
    assert client.post(detail, data | {"summary": "对照党章查找差距"}).status_code == 302
    analysis.refresh_from_db()
    assert analysis.summary == "对照党章查找差距"
    delete = reverse("governance:spiritanalysis-delete", args=[analysis.pk])
    assert client.post(delete).status_code == 302
    assert not SpiritAnalysis.objects.exists()
    verbs = set(
        AuditEvent.objects.filter(target_id=str(analysis.pk)).values_list("verb", flat=True)
    )
    assert verbs == {"create", "update", "delete"}


def test_election_form_refuses_an_approval_before_the_election(client, tree, actors):
    client.force_login(actors.committee_member)
    url = reverse("governance:election-create", args=[tree.branch.pk])
    data = {
        "elected_on": "2022-06-01",
        "term_years": "3",
        "extended_until": "2025-12-01",
        "extension_approved_on": "2022-01-01",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400 and "延期批准日期不能早于选举日期" in bad.content.decode()
    assert not Election.objects.exists()
