"""URLs of the handler's side of the request desk (诉求办理), mounted at /desk/. Names are
`desk:request-<action>`. The requester's public pages live in public_urls.py."""

from django.urls import path

from liuhao.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.request_todo, name="request-todo"),
    path("overdue/", views.request_overdue, name="request-overdue"),
    path("orgs/<int:pk>/", views.request_list, name="request-list"),
    path("orgs/<int:pk>/export.xlsx", views.request_export, name="request-export"),
    path("orgs/<int:pk>/record/", views.request_record_view, name="request-record"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path(
        "requests/<int:pk>/transition/",
        views.request_transition_view,
        name="request-transition",
    ),
    path("requests/<int:pk>/reply/", views.request_reply_view, name="request-reply"),
    path("requests/<int:pk>/assign/", views.request_assign_view, name="request-assign"),
    path("files/<int:pk>/", views.request_file, name="request-file"),
]
