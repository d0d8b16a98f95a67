"""A bare Streamlit page: a title, a line of text and the stock file uploader the Data page uses.

The baseline of axe-core violations that Streamlit itself brings, measured in the same run as our
pages. The uploader is here because its drop zone's markup (role="presentation" with a label) is
Streamlit's own and has no setting; everything else on our pages must add nothing to this.
"""

import streamlit as st

st.set_page_config(page_title="Bare", layout="wide")
st.title("Bare page")
st.write("Streamlit and nothing else.")
st.file_uploader("A file", type=["csv"])
