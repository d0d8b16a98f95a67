"""Texts of the trends page."""

TEXTS: dict[str, tuple[str, str]] = {}
