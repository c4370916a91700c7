from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "liuhao.desk"
    label = "desk"
    verbose_name = "诉求受理"
