"""Excel export of the filtered org queue (issue 5 item 7): reference, dates, status, due dates,
within SLA, escalation and rating; no identity of anonymous requesters; the queue's filters and
scope apply (Criteria C07.3, C18.2)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from liuhao.desk.services import (
    request_transition,
    requester_confirm,
    requester_rate,
)

pytestmark = pytest.mark.django_db


def sheet_rows(response: Any) -> tuple[list[list[Any]], dict[str, Any]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = [list(r) for r in book["诉求"].iter_rows(values_only=True)]
    notes = {str(r[0]): r[1] for r in book["说明"].iter_rows(values_only=True)}
    return rows, notes


def test_export_has_the_queue_with_dates_sla_and_rating(client, tree, actors, desk):
    handler = actors.org_secretary
    request_transition(actor=handler, request=desk.fresh, action="accept")
    request_transition(actor=handler, request=desk.fresh, action="resolve", text="已增加座位")
    requester_confirm(request=desk.fresh)
    requester_rate(request=desk.fresh, rating=5, comment="满意")
    client.force_login(handler)
    rows, notes = sheet_rows(client.get(reverse("desk:request-export", args=[tree.college.pk])))
    header, data = rows[0], rows[1:]
    assert header[:3] == ["诉求编号", "标题", "类别"] and "按时办结" in header and "评价" in header
    by_title = {r[1]: dict(zip(header, r, strict=True)) for r in data}
    assert set(by_title) == {"图书馆座位不够", "实验室空调坏了", "奖学金评定有疑问", "食堂价格偏高"}
    done = by_title["图书馆座位不够"]
    assert done["诉求编号"] == desk.fresh.reference and done["状态"] == "已关闭"
    assert done["按时办结"] == "是" and done["评价"] == 5 and done["评价意见"] == "满意"
    assert done["诉求人"] == "王同学" and done["联系方式"] == "13800000000"
    assert done["办结时限"].date() == desk.fresh.resolution_due
    assert done["提交时间"].date() == timezone.localdate()
    anonymous = by_title["食堂价格偏高"]
    assert anonymous["诉求人"] == "匿名" and anonymous["联系方式"] in (None, "")
    assert by_title["实验室空调坏了"]["超期情况"] == "已超期"
    assert by_title["奖学金评定有疑问"]["超期情况"] == "临期"
    assert notes["诉求条数"] == 4 and notes["筛选条件"] == "无（全部诉求）"


def test_export_applies_the_filters(client, tree, actors, desk):
    client.force_login(actors.org_secretary)
    url = reverse("desk:request-export", args=[tree.college.pk])
    rows, notes = sheet_rows(client.get(url + "?category=campus_service&page=3"))
    assert [r[1] for r in rows[1:]] == ["食堂价格偏高"]
    assert notes["筛选条件"] == "后勤保障"
    rows, notes = sheet_rows(client.get(url + "?near_breach=on&priority=urgent"))
    assert [r[1] for r in rows[1:]] == ["奖学金评定有疑问"]


@pytest.mark.parametrize(
    ("role", "status"),
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
def test_export_role_matrix(client, tree, actors, desk, role, status):
    client.force_login(getattr(actors, role))
    response = client.get(reverse("desk:request-export", args=[tree.branch.pk]))
    assert response.status_code == status
    other = client.get(reverse("desk:request-export", args=[tree.other_univ_branch.pk]))
    assert other.status_code == (200 if role == "province_admin" else 404)
    if status == 200:
        rows, _ = sheet_rows(response)
        assert "外校的诉求" not in [r[1] for r in rows]
