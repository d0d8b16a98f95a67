"""Texts of the vote page."""

TEXTS: dict[str, tuple[str, str]] = {}
