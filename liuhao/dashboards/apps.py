from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "liuhao.dashboards"
    label = "dashboards"
    verbose_name = "首页与报表"
