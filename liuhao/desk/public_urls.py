"""URLs of the requester's side of the request desk, mounted at /r/ (issue 5 items 1, 4, 8).

The tracking link `/r/t/<token>/` carries the requester's only key; a token of the wrong shape does
not match the pattern and answers the site's ordinary 404, like an unknown one.
"""

from django.urls import path, re_path

from liuhao.desk import public_views as views

app_name = "desk_public"

TOKEN = r"(?P<token>[A-Za-z0-9_-]{16,64})"  # noqa: S105 - a URL pattern, not a secret

urlpatterns = [
    path("", views.request_lookup, name="request-lookup"),
    path("new/", views.request_new, name="request-new"),
    path("new/signed-in/", views.request_new_signed_in, name="request-new-signed-in"),
    re_path(rf"^t/{TOKEN}/$", views.request_track, name="request-track"),
    re_path(rf"^t/{TOKEN}/add/$", views.request_add, name="request-add"),
    re_path(rf"^t/{TOKEN}/confirm/$", views.request_confirm, name="request-confirm"),
    re_path(rf"^t/{TOKEN}/reopen/$", views.request_reopen, name="request-reopen"),
    re_path(rf"^t/{TOKEN}/rate/$", views.request_rate, name="request-rate"),
    re_path(rf"^t/{TOKEN}/files/(?P<pk>[0-9]+)/$", views.request_file, name="request-file"),
]
