"""URLs of the signed-in survey pages, mounted at /surveys/. Names are `surveys:survey-<action>`.
The answering page lives in public_urls.py (/s/)."""

from django.urls import path

from liuhao.surveys import manage_views, views

app_name = "surveys"
urlpatterns = [
    path("orgs/<int:pk>/", views.survey_list, name="survey-list"),
    path("<int:pk>/", views.survey_detail, name="survey-detail"),
    path("orgs/<int:pk>/new/", manage_views.survey_create_view, name="survey-create"),
    path("<int:pk>/manage/", manage_views.survey_manage_view, name="survey-manage"),
    path("<int:pk>/edit/", manage_views.survey_edit_view, name="survey-edit"),
    path("<int:pk>/delete/", manage_views.survey_delete_view, name="survey-delete"),
    path("<int:pk>/open/", manage_views.survey_open_view, name="survey-open"),
    path("<int:pk>/reissue/", manage_views.survey_reissue_view, name="survey-reissue"),
    path("<int:pk>/close/", manage_views.survey_close_view, name="survey-close"),
    path("<int:pk>/export/", views.survey_export, name="survey-export"),
]
