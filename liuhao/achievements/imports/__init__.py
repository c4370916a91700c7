"""Excel (.xlsx) import of commitments (C14.2), achievements (C16.1), outputs, service brands and
their history (C17.1): a template, a dry run, an all-or-nothing commit, problems named by sheet, row
and column in Chinese. Built on the roster import's reader, cell parsers and report."""

from __future__ import annotations

from liuhao.achievements.imports.service import (
    TEMPLATE_FILENAME,
    achievements_import_workbook,
    build_achievements_template,
)

__all__ = ["TEMPLATE_FILENAME", "achievements_import_workbook", "build_achievements_template"]
