"""URLs of the governance app (保障激励与考核评议), mounted at /governance/.

Detail pages are named `governance:<model>-detail`, so the scorecard's evidence links resolve.
"""

from django.urls import path

from liuhao.governance.views import imports as import_views
from liuhao.governance.views import records

app_name = "governance"
urlpatterns = [
    path("orgs/<int:pk>/", records.org_governance, name="org-governance"),
    path(
        "orgs/<int:pk>/memberevaluation/new/",
        records.evaluation_create,
        name="memberevaluation-create",
    ),
    path("memberevaluation/<int:pk>/", records.evaluation_detail, name="memberevaluation-detail"),
    path("orgs/<int:pk>/orggrading/new/", records.grading_create, name="orggrading-create"),
    path("orggrading/<int:pk>/", records.grading_detail, name="orggrading-detail"),
    path("import/", import_views.import_start, name="import-start"),
    path("import/template.xlsx", import_views.import_template, name="import-template"),
    path("import/<str:token>/commit/", import_views.import_commit, name="import-commit"),
]
for _slug in records.KINDS:
    urlpatterns += [
        path(
            f"orgs/<int:pk>/{_slug}/new/",
            records.record_create,
            {"slug": _slug},
            name=f"{_slug}-create",
        ),
        path(f"{_slug}/<int:pk>/", records.record_detail, {"slug": _slug}, name=f"{_slug}-detail"),
    ]
for _slug in [*records.KINDS, *records.ROUND_MODELS]:
    urlpatterns.append(
        path(
            f"{_slug}/<int:pk>/delete/",
            records.record_delete,
            {"slug": _slug},
            name=f"{_slug}-delete",
        )
    )
