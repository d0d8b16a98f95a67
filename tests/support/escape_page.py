"""A page for the escaper's browser test: every Markdown special character through escape_markdown."""

from __future__ import annotations

import streamlit as st

from foresight.text import MARKDOWN_SPECIAL, escape_markdown

# Each sample must show exactly as written: one per element, so a miss names its culprit.
SAMPLES = [
    MARKDOWN_SPECIAL,
    " ".join(MARKDOWN_SPECIAL),
    "a*b*c _d_ **e** `f` ~~g~~ [h](i) <b>j</b> # k",
    ":material/home: :red[x] :smile: $x$ $$y$$ \\(z\\)",
    "1. one\n- two\n> three\n# four",
    "line one\nline two",
    "a\\*b \\\\ c\\",
    "&amp; &lt; &#42; <!-- x --> =x= ^y^ |a|b|",
    "x\n---\ny",
    "http://example.invalid/*x*",
]

kind = st.query_params.get("kind", "markdown")
for index, sample in enumerate(SAMPLES):
    with st.container(key=f"sample-{index}"):
        if kind == "title":
            st.title(escape_markdown(sample), anchor=False)
        elif kind == "caption":
            st.caption(escape_markdown(sample))
        else:
            st.markdown(escape_markdown(sample))
