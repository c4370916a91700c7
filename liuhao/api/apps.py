from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "liuhao.api"
    label = "api"
    verbose_name = "接口"
