"""URLs of the self-assessment and review pages under /self-assessment/ (issue 7 items 1, 2, 5, 7)."""

from django.urls import path

from liuhao.assessments import views

app_name = "assessments"
urlpatterns = [
    path("reviews/", views.my_reviews, name="my-reviews"),
    path("orgs/<int:pk>/", views.org_assessments, name="org-assessments"),
    path("orgs/<int:pk>/start/", views.assessment_start, name="assessment-start"),
    path("<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("<int:pk>/narrative/", views.narrative_save, name="narrative-save"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence-add"),
    path("<int:pk>/submit/", views.assessment_submit, name="assessment-submit"),
    path("<int:pk>/accept/", views.review_accept, name="review-accept"),
    path("<int:pk>/return/", views.review_return, name="review-return"),
    path("<int:pk>/score/", views.checkpoint_score, name="checkpoint-score"),
    path("<int:pk>/override/", views.status_override, name="status-override"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("<int:pk>/report.docx", views.assessment_report, name="assessment-report"),
]
