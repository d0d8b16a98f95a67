"""Framsyn: strategic foresight for Nordic regions and municipalities.

The domain package. Everything here works without Streamlit (only `foresight.ui` imports it),
so the CLI, the benchmark and the tests use the same functions as the pages.
"""

__version__ = "0.1.0"
