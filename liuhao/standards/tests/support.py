"""Helpers for standards tests: a small package over metrics that exist today."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from liuhao.standards.models import StandardVersion

CHECKPOINTS: list[dict[str, Any]] = [
    {
        "code": "T01.1",
        "title": "党务工作力量配备",
        "label": "党务工作力量配备",
        "todo": "配齐党务工作力量",
        "method": "metric",
        "frequency": "standing",
        "metric": "orgs.staffing_ok",
        "rule": {"op": ">=", "target": 1},
        "source": "配齐配强专兼职党务工作力量",
    },
    {
        "code": "T01.2",
        "title": "党支部设置规范",
        "label": "设置规范的党支部比例",
        "todo": "调整党支部设置",
        "method": "metric",
        "frequency": "standing",
        "metric": "orgs.structure_compliance_share",
        "rule": {"op": ">=", "target": 1.0, "partial": 0.8},
        "source": "优化基层党组织设置",
    },
    {
        "code": "T02.1",
        "title": "满意度",
        "label": "满意度",
        "todo": "开展满意度测评",
        "method": "survey",
        "frequency": "year",
        "metric": "survey.satisfaction_rate",
        "rule": {"op": ">=", "target": 0.9},
        "source": "满意度达到90%以上",
    },
    {
        "code": "T02.2",
        "title": "党代表任期制",
        "label": "落实任期制的党代表比例",
        "todo": "登记党代表任期",
        "method": "metric",
        "frequency": "standing",
        "metric": "orgs.representative_term_share",
        "rule": {"op": ">=", "target": 1.0},
        "na_when": {"metric": "orgs.representative_count", "reason": "本组织没有党代表"},
        "source": "党代表任期制落实到位",
    },
]

DOCUMENT: dict[str, Any] = {
    "code": "test-std",
    "version": 1,
    "title": "测试指标体系",
    "effective_from": "2025-09-01",
    "source": "测试",
    "scale": {
        "bands": [
            {"code": "good", "label": "好", "min_score": 90},
            {"code": "poor", "label": "差", "min_score": 0},
        ]
    },
    "dimensions": [
        {
            "code": "D1",
            "title": "班子与队伍",
            "short": "队伍好",
            "criteria": [
                {"code": "T01", "title": "队伍", "weight": 60, "checkpoints": CHECKPOINTS[:2]},
            ],
        },
        {
            "code": "D2",
            "title": "满意与代表",
            "short": "满意",
            "criteria": [
                {"code": "T02", "title": "满意", "weight": 40, "checkpoints": CHECKPOINTS[2:]},
            ],
        },
    ],
}


def make_standard(document: dict[str, Any] | None = None) -> StandardVersion:
    doc = document or DOCUMENT
    raw = json.dumps(doc, sort_keys=True, ensure_ascii=False)
    return StandardVersion.objects.create(
        code=doc["code"],
        version=doc["version"],
        title=doc["title"],
        effective_from=doc["effective_from"],
        source=doc["source"],
        sha256=hashlib.sha256(raw.encode()).hexdigest(),
        document=doc,
    )
