from __future__ import annotations

from django.db import models


class BenchPing(models.Model):
    """One row per POST to /bench/ping/ (benchmark only): the smallest write through the stack."""

    at = models.DateTimeField()
    # Declared: the type checker runs on the test settings, where this app is not installed.
    objects: models.Manager[BenchPing] = models.Manager()

    class Meta:
        verbose_name = "性能测试写入"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"ping {self.pk}"
