"""Streamlit glue for download buttons whose file is made when clicked."""

from __future__ import annotations

import logging
import threading

import streamlit as st

from .i18n import t
from .ui import Context, StoreTrouble

_LOG = logging.getLogger(__name__)
START_WAIT, MAKE_WAIT = 5.0, 300.0  # seconds: the file is asked for right after the click


class Download:
    """One download button whose file is made when it is clicked (Streamlit runs the maker in
    a thread of its own, outside the page run). If making it fails, the cause is kept, so that
    the rerun the click starts says so in words: no silent empty button. Only what is said is
    kept in the session, not the exception (its traceback holds the maker's data)."""

    def __init__(self) -> None:
        self.started, self.finished = threading.Event(), threading.Event()
        self.failure: tuple[str | None, str] | None = None  # the store's message key (or None), the error's kind

    def make(self, maker):
        """``maker`` wrapped: the same bytes, or the failure kept (logged) and raised again."""

        def run():
            self.finished.clear()
            self.failure = None
            self.started.set()
            try:
                return maker()
            except Exception as exc:
                _LOG.exception("making a download failed")
                self.failure = (exc.key if isinstance(exc, StoreTrouble) else None, type(exc).__name__)
                raise
            finally:
                self.finished.set()

        return run

    def settle(self) -> None:
        """The click's callback, before the rerun: wait for the file to be made, so that the
        rerun knows whether it was."""
        if self.started.wait(START_WAIT):
            self.finished.wait(MAKE_WAIT)
        self.started.clear()


def download_button(ctx: Context, place, label: str, maker, file_name: str, mime: str, key: str, **kwargs) -> None:
    """``place.download_button`` with the file made on click, and a message in words above the
    button when making it failed. Each button is a fragment of its own: the rerun its click
    starts redraws that button alone, so that another button clicked meanwhile keeps its file."""
    with place.container(width="content"):  # side by side in a horizontal row, as wide as the button
        _download_fragment(ctx.lang, label, maker, file_name, mime, key, kwargs)


@st.fragment
def _download_fragment(lang: str, label: str, maker, file_name: str, mime: str, key: str, kwargs: dict) -> None:
    job = st.session_state.setdefault("_downloads", {}).setdefault(key, Download())
    if job.failure:
        store_key, kind = job.failure
        if store_key is not None:  # the store's trouble, in its own words
            st.error(t(store_key, lang), icon=":material/database:")
        else:
            st.error(t("download_failed", lang, name=file_name, kind=kind), icon=":material/error:")
        job.failure = None
    st.download_button(label, job.make(maker), file_name, mime, key=key, on_click=job.settle, **kwargs)
