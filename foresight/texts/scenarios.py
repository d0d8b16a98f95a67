"""Texts of the scenarios page."""

TEXTS: dict[str, tuple[str, str]] = {}
