from django.apps import AppConfig


class SitesConfig(AppConfig):
    """The demonstration-site cycle (示范点): application, recommendation, expert review, decision,
    public notice, naming and the yearly re-check (issue 7 items 3, 4, 5, 7)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "liuhao.sites"
    verbose_name = "示范点"
