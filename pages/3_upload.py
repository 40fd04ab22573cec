import streamlit as st

from dtts_dashboard.ui import footer, setup

ctx = setup("nav_upload")
st.title(ctx.t("nav_upload"))
footer(ctx)
