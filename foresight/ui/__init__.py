"""The Streamlit side: cached resources, session/URL state, shared widgets, custom components.

The only package code that imports Streamlit; pages call these helpers and `foresight` functions.
"""
