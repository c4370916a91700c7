"""The surveys' seed generator (registered with the org seed's registry on import)."""

from liuhao.surveys.seeding import generator  # noqa: F401
