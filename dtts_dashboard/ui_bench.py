"""Measuring (for the benchmark, not used by the pages): a page run through Streamlit's
AppTest, cold or warm, and the browser's side of the websocket for the load mode (``load``)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import streamlit as st


@dataclass
class PageRun:
    """One page run through AppTest: what the benchmark reads off it."""

    app: object
    plotly_bytes: int
    errors: list[str]


@functools.cache
def components():
    """The installed packages' Streamlit components, found once per process as a server finds
    them once as it starts (AppTest looks for them again in every new AppTest: 0.1 s here)."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    return manager


def run_page(page: str, previous: PageRun | None = None) -> PageRun:
    """Run ``page`` through AppTest: cold (caches emptied, a new session) or, given the
    previous run, warm (a rerun of the same session)."""
    from streamlit.testing.v1 import AppTest

    from .campaign import ROOT

    if previous is None:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at._bidi_component_manager = components()  # noqa: SLF001 (the server's, not one per session)
        if page != "app.py":  # the page alone, as a visitor arriving by a link to it
            at.switch_page(page)
        at.run()
    else:
        at = previous.app.run()
    plotly = sum(len(e.proto.spec) for e in at.get("plotly_chart"))
    return PageRun(at, plotly, [str(e.value)[:200] for e in at.exception])


# --- the browser's side of the websocket (for the benchmark's load mode, load.py) ---------


def browser_rerun_message(query_string: str = "", page_name: str = "") -> bytes:
    """The BackMsg a browser sends once its websocket to ``/_stcore/stream`` is open: run the
    page the address names (``page_name``, its path as in ``/timeline``; "" the entry page)
    with its query string and the browser's context (for the benchmark's load mode and the
    warm-up, which open sessions as a browser does)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query_string
    state.page_script_hash = ""
    state.page_name = page_name
    state.is_auto_rerun = False
    info = state.context_info
    info.timezone, info.timezone_offset, info.locale = "Asia/Ho_Chi_Minh", -420, "vi-VN"
    info.url, info.is_embedded, info.color_scheme = "http://127.0.0.1/", False, "light"
    return msg.SerializeToString()


@dataclass
class ServerMessage:
    """What the load mode reads off one ForwardMsg."""

    is_element: bool  # a delta: something put on the page
    exception: str | None  # the type of an exception shown on the page
    finished: str | None  # the end of a page run: its status's name (FINISHED_SUCCESSFULLY...)
    page: str | None = None  # the page run, by its address's path ("" the entry page), when a run starts


def read_server_message(data: bytes) -> ServerMessage:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.ParseFromString(data)
    kind = msg.WhichOneof("type")
    exception = None
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        element = msg.delta.new_element
        if element.WhichOneof("type") == "exception":
            exception = element.exception.type or "unknown"
    finished = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished) if kind == "script_finished" else None
    page = None
    if kind == "new_session":
        run = msg.new_session
        page = next((p.url_pathname for p in run.app_pages if p.page_script_hash == run.page_script_hash), None)
    return ServerMessage(kind == "delta", exception, finished, page)
