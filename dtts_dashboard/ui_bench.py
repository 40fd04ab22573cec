"""Measuring (for the benchmark, not used by the pages): a page run through Streamlit's
AppTest, cold or warm."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st


@dataclass
class PageRun:
    """One page run through AppTest: what the benchmark reads off it."""

    app: object
    plotly_bytes: int
    errors: list[str]


def run_page(page: str, previous: PageRun | None = None) -> PageRun:
    """Run ``page`` through AppTest: cold (caches emptied, a new session) or, given the
    previous run, warm (a rerun of the same session)."""
    from streamlit.testing.v1 import AppTest

    from .campaign import ROOT

    if previous is None:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600).run()
        if page != "app.py":
            at.switch_page(page).run()
    else:
        at = previous.app.run()
    plotly = sum(len(e.proto.spec) for e in at.get("plotly_chart"))
    return PageRun(at, plotly, [str(e.value)[:200] for e in at.exception])
