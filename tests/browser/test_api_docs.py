"""Browser: /api/v1/docs renders Swagger UI from our own static files (campus intranets have no CDN)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_swagger_ui_from_local_assets(page, live_server, tree):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto("/api/v1/docs")
    page.locator(".swagger-ui").wait_for()
    page.locator(".swagger-ui .info .title", has_text="六好平台接口").wait_for()
    orgs_list = page.locator(".opblock-get", has_text="党组织列表")
    orgs_list.first.wait_for()
    assert "/orgs/" in orgs_list.first.locator(".opblock-summary-path").inner_text()
    page.wait_for_load_state("networkidle")
    assert hosts == {urlsplit(live_server.url).netloc}, hosts
