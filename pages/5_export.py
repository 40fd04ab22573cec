import streamlit as st

from dtts_dashboard.ui import footer, setup

ctx = setup("nav_export")
st.title(ctx.t("nav_export"))
footer(ctx)
