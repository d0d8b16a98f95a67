"""Figures without Streamlit: plain plotly and pydeck objects for trends, the map and the vote."""
