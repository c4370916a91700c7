from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Tags, Warning, register


class BenchConfig(AppConfig):
    name = "liuhao.bench"
    label = "bench"
    verbose_name = "性能测试"

    def ready(self) -> None:
        register(Tags.security, deploy=True)(bench_installed)


def bench_installed(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The app exists only under LIUHAO_BENCH=1; a deployment with it is a mistake."""
    return [
        Warning(
            "LIUHAO_BENCH is on: /bench/ping/ inserts a row for any anonymous POST.",
            hint="Unset LIUHAO_BENCH (it is meant for bench/desk_submit.py only).",
            id="bench.W001",
        )
    ]
