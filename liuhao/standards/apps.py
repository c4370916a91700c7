from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "liuhao.standards"
    label = "standards"
    verbose_name = "指标体系与评估"

    def ready(self) -> None:
        # Register every metric implementation (CONVENTIONS B4): importing the modules runs the
        # @metric decorators. Apps that own data sources register theirs from their own ready().
        from liuhao.standards import evidence  # noqa: F401 (declares the orgs record types)
        from liuhao.standards.metrics import load_builtin_metrics

        load_builtin_metrics()
