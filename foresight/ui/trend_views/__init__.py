"""Streamlit pieces of the trend explorer, one module per view (state, charts, detail, slides, edit).

The URL is the one source of truth for what the group is looking at (filters, selection, the
opened trend, the card page, the presentation slide), so a link copied from the browser reopens
the same view. User text is shown with Markdown escaped (foresight.text), never as HTML; the only
HTML emitted is a static style block.
"""
