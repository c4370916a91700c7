"""C06.1 through the engine (golden case): a run over the real metric gives met, in progress or
unmet from the cases, and not applicable to an org that admitted nobody (na_when)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from liuhao.development.tests.test_metrics import admitted_case
from liuhao.standards.models import OrgResult
from liuhao.standards.services.runs import assessment_run
from liuhao.standards.tests.support import DOCUMENT, make_standard

pytestmark = pytest.mark.django_db

C061 = {
    "code": "C06.1",
    "title": "发展党员程序规范",
    "label": "发展党员中程序合规的比例",
    "todo": "按《发展党员工作细则》补齐培养期、培训、入党介绍人和表决等程序",
    "method": "metric",
    "frequency": "year",
    "metric": "ledger.development_compliance_rate",
    "rule": {"op": ">=", "target": 1.0, "partial": 0.9},
    "applies_to": {"levels": ["college_committee", "general_branch", "branch"]},
    "na_when": {"metric": "ledger.development_admitted_count", "reason": "近一年未接收预备党员"},
    "source": "提高发展党员质量",
}


def test_c061_in_a_run(tree, dev, actors):
    doc = copy.deepcopy(DOCUMENT)
    doc["code"] = "dev-std"
    doc["dimensions"][1]["criteria"][0]["checkpoints"].append(C061)
    standard = make_standard(doc)
    admitted_case(tree, dev, actors.university_admin)
    admitted_case(tree, dev, actors.university_admin, training_days=1, training_hours=8)
    run = assessment_run(standard=standard, period_code="2024-2025-2", today=dt.date(2025, 9, 30))
    results = {
        r.org_id: {c["code"]: c for c in r.checkpoint_list()}
        for r in OrgResult.objects.filter(run=run)
    }
    branch = results[tree.branch.pk]["C06.1"]
    assert branch["status"] == "unmet" and branch["value"] == 0.5
    assert branch["records"] == "development.developmentcase" and len(branch["evidence"]) == 2
    other = results[tree.other_branch.pk]["C06.1"]
    assert other["status"] == "not_applicable" and "近一年未接收预备党员" in other["explanation"]
    assert results[tree.university.pk]["C06.1"]["status"] == "not_applicable"  # level
