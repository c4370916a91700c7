from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "liuhao.core"
    label = "core"
    verbose_name = "基础"
