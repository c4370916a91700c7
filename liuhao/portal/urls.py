"""URLs of the public portal (公开门户), mounted at /p/; no log-in needed."""

from django.urls import path

from liuhao.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.university_list, name="university-list"),
    path("universities/<int:pk>/", views.org_list, name="org-list"),
    path("orgs/<int:pk>/", views.org_detail, name="org-detail"),
]
