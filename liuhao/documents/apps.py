from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Word reports from templates an administrator can replace without code (issue 7 item 5)."""

    name = "liuhao.documents"
    label = "documents"
    verbose_name = "报告模板"
