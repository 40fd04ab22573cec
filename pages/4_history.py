import streamlit as st

from dtts_dashboard.ui import footer, setup

ctx = setup("nav_history")
st.title(ctx.t("nav_history"))
footer(ctx)
