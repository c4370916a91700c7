"""Web flow: upload → dry-run report → 确认导入 → success; tokens bound to their uploader."""

from __future__ import annotations

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Person
from liuhao.orgs.tests.factories import RoleAssignmentFactory, UserFactory
from liuhao.orgs.tests.imports.conftest import PERSON_HEADER, make_xlsx, stored_counts

START = "/orgs/import/"
ROSTER = make_xlsx({"人员": [PERSON_HEADER, ["T1", "张三", "教师"], ["T2", "李四", "学生"]]})


def upload(client, data, name="roster.xlsx", **extra):
    return client.post(
        reverse("orgs:import-start"), {"file": SimpleUploadedFile(name, data), **extra}
    )


def token_of(response) -> str:
    match = re.search(r"/orgs/import/([A-Za-z0-9_-]+)/commit/", response.content.decode())
    assert match, "the report page offers 确认导入"
    return match.group(1)


def test_urls_are_where_the_url_map_says():
    assert reverse("orgs:import-start") == START
    assert reverse("orgs:import-commit", args=["abc"]) == "/orgs/import/abc/commit/"


def test_start_page_for_university_admin(client, tree, actors):
    client.force_login(actors.university_admin)
    response = client.get(START)
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "下载导入模板" in body
        and 'accept=".xlsx' in body
        and 'type="hidden" name="university"' in body
    )


def test_province_admin_chooses_the_university(client, tree, actors):
    client.force_login(actors.province_admin)
    body = client.get(START).content.decode()
    assert "<select" in body and "江苏理工大学党委" in body
    response = upload(client, ROSTER)
    assert response.status_code == 400 and "请选择要导入的高校" in response.content.decode()
    response = upload(client, ROSTER, university=tree.other_university.pk)
    assert response.status_code == 200 and "确认导入" in response.content.decode()


def test_roles_without_import_get_403(client, tree, actors):
    client.force_login(actors.org_secretary)
    assert client.get(START).status_code == 403
    assert upload(client, ROSTER).status_code == 403


def test_login_required(client, tree):
    response = client.get(START)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_upload_dry_run_then_commit(client, tree, actors, media):
    client.force_login(actors.university_admin)
    before = stored_counts()
    response = upload(client, ROSTER)
    assert response.status_code == 200
    body = response.content.decode()
    assert "检查通过" in body and "确认导入" in body
    assert stored_counts() == before  # the dry run wrote nothing
    token = token_of(response)
    assert (media / "imports" / f"{token}.xlsx").exists()

    response = client.post(reverse("orgs:import-commit", args=[token]), follow=True)
    assert response.status_code == 200
    assert "导入成功" in response.content.decode() and "人员：新增 2" in response.content.decode()
    assert Person.objects.filter(university=tree.university, number__in=["T1", "T2"]).count() == 2
    assert AuditEvent.objects.filter(verb="import", actor=actors.university_admin).count() == 1
    assert not (media / "imports" / f"{token}.xlsx").exists()
    assert not (media / "imports" / f"{token}.json").exists()
    # the token is spent
    assert client.post(reverse("orgs:import-commit", args=[token])).status_code == 404


def test_another_users_token_is_404(client, tree, actors, media):
    client.force_login(actors.university_admin)
    token = token_of(upload(client, ROSTER))
    colleague = UserFactory(username="colleague")
    RoleAssignmentFactory(user=colleague, role="university_admin", org=tree.university)
    client.force_login(colleague)
    before = stored_counts()
    response = client.post(reverse("orgs:import-commit", args=[token]))
    assert response.status_code == 404
    assert stored_counts() == before
    assert (media / "imports" / f"{token}.xlsx").exists()


def test_malformed_or_unknown_tokens_are_404(client, tree, actors, media):
    client.force_login(actors.university_admin)
    for token in ["nope", "../../etc/passwd", "A" * 32]:
        response = client.post(f"/orgs/import/{token}/commit/")
        assert response.status_code == 404


def test_tampered_file_is_404(client, tree, actors, media):
    client.force_login(actors.university_admin)
    token = token_of(upload(client, ROSTER))
    (media / "imports" / f"{token}.xlsx").write_bytes(
        make_xlsx({"人员": [PERSON_HEADER, ["X", "篡改", "教师"]]})
    )
    assert client.post(reverse("orgs:import-commit", args=[token])).status_code == 404
    assert not Person.objects.filter(number="X").exists()


def test_commit_revalidates(client, tree, actors, media):
    client.force_login(actors.university_admin)
    data = make_xlsx({"人员": [PERSON_HEADER, ["T1", "张三", "教师", "", None, "U001-C02"]]})
    token = token_of(upload(client, data))
    tree.other_college.dissolved_on = "2024-01-01"
    tree.other_college.save()
    before = stored_counts()
    response = client.post(reverse("orgs:import-commit", args=[token]))
    assert response.status_code == 400
    assert "已撤销" in response.content.decode() and "未导入任何数据" in response.content.decode()
    assert stored_counts() == before


def test_commit_needs_post(client, tree, actors, media):
    client.force_login(actors.university_admin)
    token = token_of(upload(client, ROSTER))
    assert client.get(reverse("orgs:import-commit", args=[token])).status_code == 405


def test_errors_are_listed_in_a_table(client, tree, actors, media):
    client.force_login(actors.university_admin)
    data = make_xlsx({"人员": [PERSON_HEADER, ["T1", "张三", "教师", "男", "1985.13.01"]]})
    response = upload(client, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<th>工作表</th>" in body and '<th class="num">行</th>' in body and "<th>列</th>" in body
    assert "E（出生日期）" in body and "不存在" in body and "确认导入" not in body
    assert not (media / "imports").exists() or not list((media / "imports").iterdir())


def test_non_excel_upload_gets_a_message(client, tree, actors, media):
    client.force_login(actors.university_admin)
    response = upload(client, b"%PDF-1.4 not a spreadsheet", name="roster.xlsx")
    assert response.status_code == 200
    assert "不是 Excel 工作簿" in response.content.decode()


def test_missing_or_oversized_file(client, tree, actors, settings):
    client.force_login(actors.university_admin)
    response = client.post(START, {})
    assert response.status_code == 400 and "请选择要上传的 .xlsx 文件" in response.content.decode()
    settings.IMPORT_MAX_BYTES = 100
    response = upload(client, ROSTER)
    assert response.status_code == 400 and "文件过大" in response.content.decode()


def test_template_download(client, tree, actors):
    client.force_login(actors.university_admin)
    response = client.get(reverse("orgs:import-template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["说明", "组织", "人员", "党员身份", "职务"]
