"""URLs of member development (发展党员), mounted at /development/. Names are
`development:<entity>-<action>`; the case page is `developmentcase-detail` (evidence links)."""

from django.urls import path

from liuhao.development import import_views, views

app_name = "development"
urlpatterns = [
    path("orgs/<int:pk>/", views.org_funnel, name="org-funnel"),
    path("orgs/<int:pk>/cases/new/", views.case_create_view, name="developmentcase-create"),
    path("cases/<int:pk>/", views.case_detail, name="developmentcase-detail"),
    path("cases/<int:pk>/edit/", views.case_edit_view, name="developmentcase-edit"),
    path("cases/<int:pk>/advance/", views.case_advance_view, name="developmentcase-advance"),
    path("cases/<int:pk>/delete/", views.case_delete_view, name="developmentcase-delete"),
    path("documents/<int:pk>/", views.document_download, name="document-download"),
    path("import/", import_views.import_start, name="import-start"),
    path("import/template.xlsx", import_views.import_template, name="import-template"),
    path("import/<str:token>/commit/", import_views.import_commit, name="import-commit"),
]
