"""notify(), e-mail after commit, mark read (issue 7 item 6)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from liuhao.core.exceptions import NotFound, ValidationFailed
from liuhao.notifications import tasks
from liuhao.notifications.models import Notification
from liuhao.notifications.services import email_enabled, notification_mark_read, notify
from liuhao.orgs.tests.factories import UserFactory

SMTP = {
    "EMAIL_HOST": "smtp.example.edu.cn",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


def test_notify_creates_one_row_per_distinct_active_recipient(db, tree):
    a, b = UserFactory(username="a"), UserFactory(username="b")
    inactive = UserFactory(username="c", is_active=False)
    rows = notify(
        [a, b, a, inactive, None],
        kind="return",
        title="自评被退回",
        body="请补充 C16 的佐证",
        url="/assessment/1/",
        org=tree.branch,
    )
    assert len(rows) == 2
    stored = Notification.objects.order_by("recipient__username")
    assert [n.recipient.username for n in stored] == ["a", "b"]
    assert stored[0].org == tree.branch
    assert stored[0].read_at is None


def test_notify_refuses_an_off_site_link_and_stores_nothing(db):
    user = UserFactory()
    with pytest.raises(ValidationFailed) as exc:
        notify([user], kind="info", title="t", url="https://evil.example.com/")
    assert "链接" in exc.value.message
    with pytest.raises(ValidationFailed):
        notify([user], kind="info", title="t", url="//evil.example.com/")
    with pytest.raises(ValidationFailed, match="标题"):
        notify([user], kind="info", title="  ")
    assert not Notification.objects.exists()


def test_email_is_not_sent_when_smtp_is_not_configured(db):
    user = UserFactory(email="a@example.edu.cn")
    with override_settings(EMAIL_HOST=""):
        assert not email_enabled()
        with transaction.atomic():
            notify([user], kind="info", title="通知")
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


@pytest.mark.django_db(transaction=True)
def test_email_is_sent_after_commit_when_smtp_is_configured():
    user = UserFactory(email="a@example.edu.cn")
    no_mail = UserFactory(username="nomail", email="")
    with override_settings(**SMTP, SITE_URL="https://liuhao.example.edu.cn"):
        assert email_enabled()
        with transaction.atomic():
            notify([user, no_mail], kind="review", title="有新的评审任务", url="/x/")
            assert mail.outbox == []  # not inside the caller's transaction
        assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a@example.edu.cn"]
    assert message.subject == "【六好】有新的评审任务"
    assert "https://liuhao.example.edu.cn/x/" in message.body
    assert Notification.objects.get(recipient=user).emailed_at is not None
    # Idempotent: sending again sends nothing.
    ids = list(Notification.objects.values_list("pk", flat=True))
    with override_settings(**SMTP):
        assert tasks.notification_email_task.call(ids) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_email_is_not_sent_when_the_caller_rolls_back():
    user = UserFactory(email="a@example.edu.cn")
    with override_settings(**SMTP), pytest.raises(RuntimeError), transaction.atomic():
        notify([user], kind="info", title="通知")
        raise RuntimeError("caller fails")
    assert mail.outbox == []
    assert not Notification.objects.exists()


class _BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        raise ConnectionRefusedError("smtp down")

    def __exit__(self, *exc):
        return False


@pytest.mark.django_db(transaction=True)
def test_a_failing_smtp_server_does_not_fail_the_caller(monkeypatch, caplog):
    user = UserFactory(email="a@example.edu.cn")
    monkeypatch.setattr(tasks, "get_connection", lambda **kw: _BrokenBackend())
    with override_settings(**SMTP), transaction.atomic():
        notify([user], kind="info", title="通知")
    row = Notification.objects.get()
    assert row.emailed_at is None  # left for a later retry
    assert "could not be sent" in caplog.text


def test_mark_read_one_and_all_only_the_actors_own(db):
    me, other = UserFactory(username="me"), UserFactory(username="other")
    mine = notify([me], kind="info", title="一")[0]
    notify([me], kind="info", title="二")
    theirs = notify([other], kind="info", title="三")[0]
    with pytest.raises(NotFound):
        notification_mark_read(actor=me, notification_id=theirs.pk)
    assert notification_mark_read(actor=me, notification_id=mine.pk) == 1
    assert notification_mark_read(actor=me) == 1
    assert notification_mark_read(actor=me) == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_notify_writes_many_recipients_with_bulk_inserts(db, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    User.objects.bulk_create([User(username=f"u{i}", password="x") for i in range(300)])
    users = list(User.objects.all())
    # SQLite caps a statement at 999 parameters: Django splits the bulk insert into batches.
    with django_assert_max_num_queries(3) as captured:
        rows = notify(users, kind="deadline", title="申报截止提醒")
    assert len(rows) == 300
    assert all(q["sql"].startswith("INSERT") for q in captured.captured_queries)


def test_notify_each_sends_different_messages_in_one_go(db, tree, django_assert_max_num_queries):
    from liuhao.notifications.services import Message, notify_each

    a, b = UserFactory(username="a"), UserFactory(username="b")
    with django_assert_max_num_queries(1):
        rows = notify_each(
            [
                Message(
                    a,
                    "warning",
                    "示范点复核：预警",
                    body="未达六好",
                    url="/sites/",
                    org=tree.branch,
                ),
                Message(b, "warning", "示范点复核：撤销", url="/sites/"),
                Message(None, "info", "无人接收"),
            ]
        )
    assert sorted(r.title for r in rows) == ["示范点复核：撤销", "示范点复核：预警"]
    with pytest.raises(ValidationFailed, match="链接"):
        notify_each([Message(a, "info", "x", url="http://evil/")])
    assert Notification.objects.count() == 2


def test_deploy_check_warns_when_email_links_would_be_incomplete():
    from liuhao.notifications.checks import email_links_absolute

    with override_settings(**SMTP, SITE_URL=""):
        assert [m.id for m in email_links_absolute()] == ["notifications.W001"]
    with override_settings(**SMTP, SITE_URL="https://liuhao.example.edu.cn"):
        assert email_links_absolute() == []
    with override_settings(EMAIL_HOST=""):
        assert email_links_absolute() == []


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_smtp_server_does_not_fail_the_caller(caplog):
    import socket

    with socket.socket() as probe:  # a free local port: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    user = UserFactory(email="a@example.edu.cn")
    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_TIMEOUT": 2,
    }
    with override_settings(**smtp), transaction.atomic():
        rows = notify([user], kind="return", title="自评被退回")
    assert len(rows) == 1 and Notification.objects.get().emailed_at is None
    assert "could not be sent" in caplog.text
