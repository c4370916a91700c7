"""URLs of the achievements app, mounted at /achievements/. Names are `achievements:<entity>-<action>`
(evidence links resolve `achievements:<model>-detail`)."""

from django.urls import path

from liuhao.achievements import import_views, record_views, views

app_name = "achievements"
urlpatterns = [
    path("orgs/<int:pk>/commitments/", views.org_commitments, name="org-commitments"),
    path("orgs/<int:pk>/commitments/new/", views.commitment_create, name="commitment-create"),
    path("orgs/<int:pk>/commitments/bulk/", views.commitment_bulk, name="commitment-bulk"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path("orgs/<int:pk>/", views.org_results, name="org-results"),
    path("orgs/<int:pk>/achievements/new/", views.achievement_create, name="achievement-create"),
    path("achievements/<int:pk>/", views.achievement_detail, name="achievement-detail"),
    path("orgs/<int:pk>/outputs/new/", views.output_create, name="output-create"),
    path("outputs/<int:pk>/", views.output_detail, name="output-detail"),
    path("orgs/<int:pk>/brands/new/", views.brand_create, name="brand-create"),
    path("brands/<int:pk>/", views.brand_detail, name="servicebrand-detail"),
    path("brands/<int:pk>/edit/", record_views.brand_edit, name="servicebrand-edit"),
    path("brand-events/<int:pk>/", record_views.brand_event_detail, name="brandevent-detail"),
    path("orgs/<int:pk>/ratings/new/", views.rating_create, name="rating-create"),
    path("import/", import_views.import_start, name="import-start"),
    path("import/template.xlsx", import_views.import_template, name="import-template"),
    path("import/<str:token>/commit/", import_views.import_commit, name="import-commit"),
]
for _kind, _spec in record_views.DELETABLE.items():
    urlpatterns.append(
        path(
            f"{_spec.path}/<int:pk>/delete/",
            record_views.record_delete,
            {"kind": _kind},
            name=f"{_kind}-delete",
        )
    )
