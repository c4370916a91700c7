from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """In-app notifications and the "what waits for me" registry (issue 7 item 6)."""

    name = "liuhao.notifications"
    label = "notifications"
    verbose_name = "通知与待办"

    def ready(self) -> None:
        # Deployment check: e-mail links need SITE_URL once SMTP is configured.
        from liuhao.notifications import checks  # noqa: F401
