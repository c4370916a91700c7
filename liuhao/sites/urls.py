"""URLs of the demonstration-site cycle, mounted at /sites/ (log-in required)."""

from django.urls import path

from liuhao.sites import views

app_name = "sites"
urlpatterns = [
    path("", views.cycle_list, name="cycle-list"),
    path("new/", views.cycle_new, name="cycle-new"),
    path("<int:pk>/", views.cycle_board, name="cycle-board"),
    path("<int:pk>/deadlines/", views.deadlines_update, name="deadlines-update"),
    path("<int:pk>/export/", views.cycle_export, name="cycle-export"),
    path("<int:pk>/apply/", views.application_new, name="application-new"),
    path("<int:pk>/recommend/<int:university_id>/", views.recommend, name="recommend"),
    path("<int:pk>/notice/", views.notice_manage, name="notice"),
    path("<int:pk>/objections/", views.objection_add, name="objection-add"),
    path("<int:pk>/name/", views.cycle_name, name="cycle-name"),
    path("quotas/<int:pk>/", views.quota_update, name="quota-update"),
    path("objections/<int:pk>/", views.objection_update, name="objection-update"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/assign/", views.application_assign, name="application-assign"),
    path("applications/<int:pk>/decide/", views.application_decide_view, name="application-decide"),
    path("applications/<int:pk>/form.docx", views.application_form_docx, name="application-docx"),
    path("reviews/", views.review_list, name="review-list"),
    path("reviews/<int:pk>/", views.assignment_score, name="assignment-score"),
    path("recheck/", views.recheck, name="recheck"),
]
