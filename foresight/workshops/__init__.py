"""Workshops: the day a group met and what it produced (`workshops`), what moved between two
workshops or dates (`comparison`), and the take-home report (`report`)."""
