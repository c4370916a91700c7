"""URLs of the answering page (问卷填写), mounted at /s/ (issue 6 items 4, 6, 7).

`/s/<token>/` is the link printed on the invitation sheet; it moves the token into the session and
redirects to `/s/answer/<survey id>/`, so later requests (and the answer's POST) carry no token
(ADR 0014). A token of the wrong shape does not match and answers the site's ordinary 404.
"""

from django.urls import path, re_path

from liuhao.surveys import public_views as views

app_name = "surveys_public"

TOKEN = r"(?P<token>[A-Za-z0-9_-]{16,64})"  # noqa: S105 - a URL pattern, not a secret

urlpatterns = [
    path("answer/<int:survey_id>/", views.survey_answer_view, name="survey-answer"),
    path("done/", views.survey_done, name="survey-done"),
    re_path(rf"^{TOKEN}/$", views.survey_enter, name="survey-enter"),
]
