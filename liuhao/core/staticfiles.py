"""Serve single files shipped inside installed Python packages as static files (ADR 0008).

`VENDOR_STATIC_FILES` maps a static path to (package, path inside it), e.g.
`"vendor/plotly/plotly.min.js": ("plotly", "package_data/plotly.min.js")`. The finder locates the
package without importing it, so `runserver`, the test live server and `collectstatic` all serve
the exact JavaScript of the pinned Python package: no CDN, no copy in the repository.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage


def _package_file(package: str, relative: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    return path if path.is_file() else None


class PackageFileFinder(BaseFinder):
    """Finds the files listed in settings.VENDOR_STATIC_FILES inside their packages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.files: dict[str, Path] = {}
        for static_path, (package, relative) in getattr(
            settings, "VENDOR_STATIC_FILES", {}
        ).items():
            found = _package_file(package, relative)
            if found is not None:
                self.files[static_path] = found

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return [
            Error(f"VENDOR_STATIC_FILES: {package}/{relative} not found", id="liuhao.E001")
            for path, (package, relative) in getattr(settings, "VENDOR_STATIC_FILES", {}).items()
            if path not in self.files
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        found = self.files.get(path)
        if found is None:
            return [] if find_all or kwargs.get("all") else None
        return [str(found)] if find_all or kwargs.get("all") else str(found)

    def list(self, ignore_patterns: Any) -> Any:
        for static_path, found in self.files.items():
            storage = FileSystemStorage(location=str(found.parent))
            storage.prefix = str(Path(static_path).parent)  # type: ignore[attr-defined]
            yield found.name, storage
