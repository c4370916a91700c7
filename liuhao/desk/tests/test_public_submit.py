"""The public request form and the signed-in form (issue 5 items 1 and 8; C07.3 诉求收集, C12 网上服务):
named and anonymous submissions, files checked by content, refusals that store nothing and never
500, the rate limit (429), a double submit, CSRF, the signed-in defaults, escaping."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from liuhao.desk.choices import Channel, RequestStatus
from liuhao.desk.models import RequestFile, ServiceRequest, SubmissionCount
from liuhao.desk.sweep import desk_sweep
from liuhao.desk.tests.public_support import form_data, png
from liuhao.orgs.tests.factories import OrganizationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW = reverse("desk_public:request-new")
SIGNED_IN = reverse("desk_public:request-new-signed-in")


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()


def post(client: Any, data: dict[str, Any], url: str = NEW, **extra: Any) -> Any:
    return client.post(url, data, **extra)


def test_form_needs_no_login_lists_universities_then_live_orgs(client, tree):
    OrganizationFactory(
        parent=tree.college,
        kind="branch",
        branch_type="teacher",
        name="已撤销支部",
        code="U001-C01-B09",
        dissolved_on=dt.date(2024, 1, 1),
    )
    first = client.get(NEW)
    html = first.content.decode()
    assert first.status_code == 200
    assert tree.university.name in html and tree.other_university.name in html
    assert 'name="title"' not in html  # the org list comes after the university
    html = client.get(NEW, {"university": tree.university.pk}).content.decode()
    assert tree.branch.name in html and tree.college.name in html
    assert "已撤销支部" not in html and tree.other_univ_branch.name not in html
    assert "学业、就业、生活困难等" in html  # the category hints
    assert "无法联系您" in html  # anonymous requests cannot be contacted
    narrowed = client.get(NEW, {"university": tree.university.pk, "q": "外国语"}).content.decode()
    assert tree.other_college.name in narrowed and tree.branch.name not in narrowed


def test_org_link_pre_fills_the_org_and_a_bad_one_says_so(client, tree):
    html = client.get(NEW, {"org": tree.branch.pk}).content.decode()
    assert f'<option value="{tree.branch.pk}" selected>' in html
    html = client.get(NEW, {"org": "999999"}).content.decode()
    assert "链接中的党组织不存在或已撤销" in html
    assert client.get(NEW, {"org": "abc", "university": "x"}).status_code == 200


def test_named_submission_shows_reference_and_link_once(client, tree):
    response = post(client, form_data(tree.branch, urgent="on", files=[png()]))
    assert response.status_code == 200
    request = ServiceRequest.objects.get()
    html = response.content.decode()
    assert request.reference in html and "只在本页显示这一次" in html
    assert (request.requester_name, request.requester_contact) == ("王同学", "13800000000")
    assert request.priority == "urgent" and request.channel == Channel.PUBLIC_FORM
    assert request.requester_user is None
    assert RequestFile.objects.get().content_type == "image/png"
    token = response.context["token"]
    assert token not in (request.tracking_hash, request.reference)
    link = reverse("desk_public:request-track", args=[token])
    assert link in html and response["Cache-Control"] == "no-store, private"
    page = client.get(link)
    assert page.status_code == 200 and "待受理" in page.content.decode()


def test_anonymous_submission_keeps_no_name_or_contact(client, tree):
    response = post(client, form_data(tree.branch, identity="anonymous"))
    assert response.status_code == 200
    request = ServiceRequest.objects.get()
    assert request.anonymous and (request.requester_name, request.requester_contact) == ("", "")
    assert "匿名诉求" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"identity": "named", "requester_name": ""}, "实名提交请填写姓名"),
        ({"org": "999999"}, "所选党组织不存在或已撤销"),
        ({"org": "not-a-number"}, "所选党组织不存在或已撤销"),
        ({"org": ""}, "请选择党组织"),
        ({"category": "nope"}, "请选择列表中的诉求类别"),
        ({"title": ""}, "请填写标题"),
        ({"title": "长" * 101}, "标题不能超过 100 字"),
        ({"body": "长" * 2001}, "诉求内容不能超过 2000 字"),
        ({"identity": "whoever"}, "请选择实名或匿名"),
        ({"nonce": "!"}, "页面已过期"),
    ],
)
def test_bad_input_is_refused_on_the_form_and_stores_nothing(client, tree, changes, message):
    response = post(client, form_data(tree.branch, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_a_dissolved_org_is_refused(client, tree):
    gone = OrganizationFactory(
        parent=tree.college,
        kind="branch",
        branch_type="teacher",
        name="已撤销支部",
        code="U001-C01-B09",
        dissolved_on=dt.date(2024, 1, 1),
    )
    response = post(client, form_data(gone))
    assert response.status_code == 400 and "所选党组织不存在或已撤销" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_files_are_checked_by_content_and_the_form_names_the_field(client, tree):
    fake = SimpleUploadedFile("照片.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = post(client, form_data(tree.branch, files=[png(), fake]))
    html = response.content.decode()
    assert response.status_code == 400
    assert "附件：" in html and "照片.png" in html and "只接受 PNG、JPEG 图片或 PDF 文件" in html
    assert not ServiceRequest.objects.exists() and not RequestFile.objects.exists()
    many = [png(f"{i}.png") for i in range(4)]
    response = post(client, form_data(tree.branch, files=many))
    assert response.status_code == 400 and "最多上传 3 个文件" in response.content.decode()
    big = SimpleUploadedFile("大.pdf", b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024 + 1))
    response = post(client, form_data(tree.branch, files=[big]))
    assert response.status_code == 400 and "大小超过上限 5 MB" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_a_body_beyond_the_attachment_limits_is_refused_unread(client, tree):
    response = post(client, form_data(tree.branch), CONTENT_LENGTH=str(64 * 1024 * 1024))
    assert response.status_code == 413
    assert "提交内容过大" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_rate_limit_refuses_with_429_and_stores_nothing(client, tree):
    for _ in range(5):
        assert post(client, form_data(tree.branch)).status_code == 200
    refused = post(client, form_data(tree.branch))
    assert refused.status_code == 429
    assert "提交过于频繁" in refused.content.decode() and int(refused["Retry-After"]) > 0
    assert ServiceRequest.objects.count() == 5
    # another client is not affected; refused forms did not count
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert post(other, form_data(tree.branch, title="")).status_code == 400
    assert post(other, form_data(tree.branch)).status_code == 200


def test_rate_limit_window_passes(client, tree, time_machine):
    time_machine.move_to(dt.datetime(2025, 11, 3, 10, 0, tzinfo=dt.UTC), tick=False)
    for _ in range(5):
        post(client, form_data(tree.branch))
    assert post(client, form_data(tree.branch)).status_code == 429
    time_machine.move_to(dt.datetime(2025, 11, 3, 11, 1, tzinfo=dt.UTC), tick=False)
    assert post(client, form_data(tree.branch)).status_code == 200


def test_rate_limit_counts_hold_no_address_and_leave_with_their_window(client, tree, time_machine):
    time_machine.move_to(dt.datetime(2025, 11, 3, 10, 0, tzinfo=dt.UTC), tick=False)
    assert post(client, form_data(tree.branch)).status_code == 200
    (count,) = SubmissionCount.objects.all()
    assert count.n == 1 and "127.0.0.1" not in count.client
    # the first submission of the next window deletes the past window's counts
    time_machine.move_to(dt.datetime(2025, 11, 3, 11, 1, tzinfo=dt.UTC), tick=False)
    assert post(Client(REMOTE_ADDR="10.0.0.9"), form_data(tree.branch)).status_code == 200
    assert list(SubmissionCount.objects.values_list("slot", "n")) == [(count.slot + 1, 1)]
    # and the daily sweep those left when nobody submits
    time_machine.move_to(dt.datetime(2025, 11, 4, 9, 0, tzinfo=dt.UTC), tick=False)
    assert desk_sweep().counts_purged == 1
    assert not SubmissionCount.objects.exists()


def test_double_submit_of_the_same_form_stores_one_request(client, tree):
    data = form_data(tree.branch)
    assert post(client, data).status_code == 200
    again = post(client, data)
    assert again.status_code == 409
    reference = ServiceRequest.objects.get().reference
    assert "请勿重复提交" in again.content.decode() and reference in again.content.decode()
    # a refused form may be corrected and sent again with the same page
    data = form_data(tree.branch, title="")
    assert post(client, data).status_code == 400
    assert post(client, {**data, "title": "补交"}).status_code == 200


def test_csrf_stays_on(tree):
    client = Client(enforce_csrf_checks=True)
    assert client.post(NEW, form_data(tree.branch)).status_code == 403
    assert not ServiceRequest.objects.exists()
    client.get(NEW, {"org": tree.branch.pk})
    token = client.cookies["csrftoken"].value
    response = client.post(NEW, {**form_data(tree.branch), "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and ServiceRequest.objects.count() == 1


def test_signed_in_form_needs_login_and_routes_by_the_requesters_membership(client, tree, actors):
    assert client.get(SIGNED_IN).status_code == 302
    client.force_login(actors.party_member)
    html = client.get(SIGNED_IN).content.decode()
    assert f'<option value="{tree.branch.pk}" selected>' in html
    assert 'value="党员甲"' in html
    response = post(client, form_data(tree.other_branch, requester_name="党员甲"), url=SIGNED_IN)
    assert response.status_code == 200
    request = ServiceRequest.objects.get()
    assert request.org == tree.other_branch  # the requester may change the default
    assert request.channel == Channel.SIGNED_IN and request.requester_user == actors.party_member


def test_signed_in_anonymous_request_does_not_keep_the_account(client, tree, actors):
    client.force_login(actors.party_member)
    post(client, form_data(tree.branch, identity="anonymous"), url=SIGNED_IN)
    request = ServiceRequest.objects.get()
    assert request.anonymous and request.requester_user is None
    assert request.status == RequestStatus.NEW


def test_a_person_without_branch_or_unit_gets_their_university(client, tree):
    user = UserFactory(username="student")
    PersonFactory(university=tree.university, unit=None, user=user, name="李同学")
    client.force_login(user)
    html = client.get(SIGNED_IN).content.decode()
    assert 'name="title"' in html and tree.branch.name in html and 'value="李同学"' in html
    assert f'<option value="{tree.university.pk}" selected>' in html
    assert '<option value="" selected>请选择党组织</option>' in html  # no org chosen for them


def test_a_signed_in_user_without_a_person_record_picks_the_university(client, tree, actors):
    client.force_login(actors.outsider)
    html = client.get(SIGNED_IN).content.decode()
    assert "请选择高校" in html and 'name="title"' not in html


def test_script_in_the_title_is_escaped(client, tree):
    response = post(client, form_data(tree.branch, title="<script>alert(1)</script>"))
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    track = client.get(reverse("desk_public:request-track", args=[response.context["token"]]))
    html = track.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
