"""URLs of the signed-in survey pages, mounted at /surveys/. Names are `surveys:survey-<action>`.
The answering page lives in public_urls.py (/s/)."""

from django.urls import path

from liuhao.surveys import views

app_name = "surveys"
urlpatterns = [
    path("orgs/<int:pk>/", views.survey_list, name="survey-list"),
    path("<int:pk>/", views.survey_detail, name="survey-detail"),
    path("<int:pk>/export/", views.survey_export, name="survey-export"),
]
