"""Package-shipped static files (ADR 0008): plotly.min.js is served from the installed package."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.test import override_settings

from liuhao.core.staticfiles import PackageFileFinder


def test_plotly_is_found_inside_the_installed_package():
    path = finders.find("vendor/plotly/plotly.min.js")
    assert path and path.replace("\\", "/").endswith("plotly/package_data/plotly.min.js")


def test_finder_lists_only_the_configured_file():
    listed = [(name, storage.prefix) for name, storage in PackageFileFinder().list([])]
    assert listed == [("plotly.min.js", "vendor/plotly")]
    assert PackageFileFinder().find("vendor/plotly/other.js") is None
    assert PackageFileFinder().check() == []


@override_settings(VENDOR_STATIC_FILES={"vendor/x.js": ("plotly", "package_data/missing.js")})
def test_a_missing_package_file_is_a_system_check_error():
    errors = PackageFileFinder().check()
    assert [e.id for e in errors] == ["liuhao.E001"]
