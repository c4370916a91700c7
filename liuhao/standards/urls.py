"""URLs of the assessment pages under /assessment/ (views in views/scorecard.py, views/tables.py)."""

from django.urls import path

from liuhao.standards.views import scorecard, tables

app_name = "standards"
urlpatterns = [
    path("orgs/<int:pk>/", scorecard.org_scorecard, name="org-scorecard"),
    path(
        "orgs/<int:pk>/scorecard.xlsx", scorecard.org_scorecard_export, name="org-scorecard-export"
    ),
    path("orgs/<int:pk>/recompute/", scorecard.org_recompute, name="org-recompute"),
    path("orgs/<int:pk>/heatmap/", tables.heatmap, name="heatmap"),
    path("orgs/<int:pk>/heatmap.xlsx", tables.heatmap_export, name="heatmap-export"),
    path("orgs/<int:pk>/rankings/", tables.rankings, name="rankings"),
    path("orgs/<int:pk>/rankings.xlsx", tables.rankings_export, name="rankings-export"),
]
