"""Mounted at /bench/ by config/urls.py only when LIUHAO_BENCH=1."""

from django.urls import path

from liuhao.bench import views

app_name = "bench"

urlpatterns = [path("ping/", views.ping, name="ping")]
