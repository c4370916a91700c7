from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from liuhao.api.main import api

urlpatterns = [
    path("", include("liuhao.dashboards.urls")),
    path("accounts/", include("liuhao.accounts.urls")),
    path("orgs/", include("liuhao.orgs.urls")),
    path("assessment/", include("liuhao.standards.urls")),
    path("ledger/", include("liuhao.ledger.urls")),
    path("development/", include("liuhao.development.urls")),
    path("governance/", include("liuhao.governance.urls")),
    path("frontline/", include("liuhao.frontline.urls")),
    path("achievements/", include("liuhao.achievements.urls")),
    path("r/", include("liuhao.desk.public_urls")),
    path("s/", include("liuhao.surveys.public_urls")),
    path("surveys/", include("liuhao.surveys.urls")),
    path("p/sites/", include("liuhao.sites.public_urls")),
    path("p/", include("liuhao.portal.urls")),
    path("sites/", include("liuhao.sites.urls")),
    path("desk/", include("liuhao.desk.urls")),
    path("self-assessment/", include("liuhao.assessments.urls")),
    path("notifications/", include("liuhao.notifications.urls")),
    path("documents/", include("liuhao.documents.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.LIUHAO_BENCH:
    # Benchmark-only (bench/desk_submit.py): absent unless LIUHAO_BENCH=1 (config/settings/base.py).
    urlpatterns.append(path("bench/", include("liuhao.bench.urls")))
