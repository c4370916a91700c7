from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "liuhao.assessments"
    label = "assessments"
    verbose_name = "自评与审核"
