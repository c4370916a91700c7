"""URLs of the service front (服务阵地), mounted at /frontline/. Names are `frontline:<model>-<action>`,
so the scorecard's evidence links resolve `frontline:<model>-detail`."""

from django.urls import path

from liuhao.frontline import views

app_name = "frontline"
urlpatterns = [
    path("orgs/<int:pk>/", views.org_frontline, name="org-frontline"),
    path("public/orgs/<int:pk>/", views.public_page, name="public"),
    path("import/", views.import_start, name="import-start"),
    path("import/template.xlsx", views.import_template, name="import-template"),
    path("import/<str:token>/commit/", views.import_commit, name="import-commit"),
]
for _slug in views.KINDS:
    urlpatterns += [
        path(
            f"orgs/<int:pk>/{_slug}/new/",
            views.record_create,
            {"slug": _slug},
            name=f"{_slug}-create",
        ),
        path(f"{_slug}/<int:pk>/", views.record_detail, {"slug": _slug}, name=f"{_slug}-detail"),
        path(f"{_slug}/<int:pk>/edit/", views.record_edit, {"slug": _slug}, name=f"{_slug}-edit"),
        path(
            f"{_slug}/<int:pk>/delete/",
            views.record_delete_view,
            {"slug": _slug},
            name=f"{_slug}-delete",
        ),
    ]
