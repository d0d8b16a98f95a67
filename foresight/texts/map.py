"""Texts of the map page."""

TEXTS: dict[str, tuple[str, str]] = {}
