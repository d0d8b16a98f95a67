"""A bare Streamlit page (a title and a line of text): the baseline of axe-core violations that
Streamlit itself brings, measured in the same run as our pages."""

import streamlit as st

st.set_page_config(page_title="Bare", layout="wide")
st.title("Bare page")
st.write("Streamlit and nothing else.")
