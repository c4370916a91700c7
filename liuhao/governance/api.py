"""The governance API router (filled below)."""

from ninja import Router

router = Router(tags=["保障激励与考核评议"])
