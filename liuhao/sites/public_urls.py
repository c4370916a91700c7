"""Public URLs of the demonstration sites, mounted at /p/sites/ (no log-in)."""

from django.urls import path

from liuhao.sites import public_views

app_name = "sites_public"
urlpatterns = [
    path("", public_views.site_list, name="site-list"),
    path("notices/<int:pk>/", public_views.notice_detail, name="notice-detail"),
]
