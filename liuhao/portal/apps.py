from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "liuhao.portal"
    label = "portal"
    verbose_name = "公开门户"
