"""Streamlit glue: the page set-up every page calls first (config, language, navigation,
filters, the data as a ``Context``), the cached loaders, and a message kept across a rerun.
The rest of the glue, by concern: ``ui_address`` (the pages, the shared filters and the
address), ``ui_look`` (style sheet, page language, charts, the uploader's texts),
``ui_login`` (login and the editor gate), ``ui_forms`` (forms previewed and saved),
``ui_downloads`` (files made on click); ``ui_bench`` runs pages for the benchmark."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from . import heap, load, metrics, results
from .campaign import Campaign, campaign_path, load_campaign
from .engines import database_errors, shown_location
from .i18n import t
from .store import Store, StoreError, StoreFault, db_path
from .text import md_escape
from .ui_address import PAGES, _filters, _keep, _language, _link_params, _page_file, _version_param, arrive
from .ui_look import style

_LOG = logging.getLogger("dtts_dashboard")
if not _LOG.handlers:  # the server's log says what the dashboard did (a warm-up after a save), not only its warnings
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _LOG.addHandler(_handler)
    _LOG.setLevel(logging.INFO)
EDITING_PAGES = ("nav_upload", "nav_history", "nav_edit", "nav_findings")  # where a read-only store is said to be one


class StoreTrouble(Exception):
    """The store's trouble met outside a page run (a download's file is made in a thread of
    its own when clicked): ``key`` names its message, which the download's button says."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _outside_a_page_run(key: str, exc: BaseException) -> None:
    """Raise ``StoreTrouble`` when there is no page run to end (Streamlit's messages and
    ``st.stop`` do nothing there: the caller would carry on)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        raise StoreTrouble(key) from exc


def stop_for_fault(fault: StoreFault, lang: str) -> NoReturn:
    """Say in words what failed in the store and which setting to check (the cause, with its
    path, goes to the server's log only), and end the page."""
    _LOG.error("store fault (%s): %s", fault.code, fault)
    _outside_a_page_run(f"store_{fault.code}", fault)
    st.error(t(f"store_{fault.code}", lang), icon=":material/database:")
    st.stop()
    raise fault  # not reached: st.stop ends the run


def stop_for_store_trouble(exc: Exception, lang: str) -> NoReturn:
    """End the page with a plain message when ``exc`` is the store's (a fault, a store that
    cannot be opened or read); raise it again otherwise."""
    if isinstance(exc, StoreFault):
        stop_for_fault(exc, lang)
    if not isinstance(exc, (OSError, StoreError, ValueError, *database_errors())):
        raise exc
    _LOG.error("store %s: %s", shown_location(db_path()), exc)  # never a database password
    _outside_a_page_run("store_error", exc)
    st.error(t("store_error", lang))
    st.stop()
    raise exc  # not reached: st.stop ends the run


class GuardedStore:
    """The store as pages use it: a fault of the store (a full disk on saving, a damaged
    part found while reading) ends the page with a plain message instead of an exception."""

    def __init__(self, store: Store, lang: str):
        self._store, self._lang = store, lang

    def __getattr__(self, name: str):
        value = getattr(self._store, name)
        if not callable(value):
            return value

        def guarded(*args, **kwargs):
            try:
                return value(*args, **kwargs)
            except StoreFault as fault:
                stop_for_fault(fault, self._lang)

        return guarded


# Stand-ins for the data in ``Context.compute`` arguments (the frames are not hashed).
REPORTS, SCHEDULE, FINDINGS, HANDLING, CAMPAIGN = "<reports>", "<schedule>", "<findings>", "<handling>", "<campaign>"
_STANDS_FOR = {
    REPORTS: "reports",
    SCHEDULE: "schedule",
    FINDINGS: "findings",
    HANDLING: "handling",
    CAMPAIGN: "campaign",
}


class Frames:
    """A version's four tables, each read from the store (or the process's shared copy) the
    first time a page asks for it: a page whose results are kept (``results``) reads none."""

    def __init__(self, store: Store, source: tuple, latest: int, version: int | None, lang: str):
        self._args, self._store, self._lang, self._got = (source, latest, version), store, lang, {}

    def get(self, what: str) -> pd.DataFrame:
        if what not in self._got:
            try:
                self._got[what] = _data(what, *self._args, self._store)
            except Exception as exc:  # noqa: BLE001 (those of the store said in words, the rest raised)
                stop_for_store_trouble(exc, self._lang)
        return self._got[what]


@dataclass
class Context:
    """What a page needs, decided once by ``setup``."""

    lang: str
    campaign: Campaign
    store: GuardedStore  # a Store's methods, faults shown as messages
    frames: Frames  # the data, read when first asked for (``reports``, ``schedule``...)
    units: list[str] | None  # None: every unit
    items: list[str]
    as_of: dt.date
    version: int | None  # viewing the data as it stood after this version; None: now
    sample: bool
    has_reports: bool = False  # any progress report in view (without reading them)
    store_latest: int = 0
    source: tuple = ()  # the store's path and the campaign file's identity
    member: str | None = None  # the "followed by" filter: the units shown are the ones this member follows

    @property
    def reports(self) -> pd.DataFrame:
        return self.frames.get("reports")

    @property
    def schedule(self) -> pd.DataFrame:
        return self.frames.get("schedule")

    @property
    def findings(self) -> pd.DataFrame:
        """What the inspections found (``Store.findings``)."""
        return self.frames.get("findings")

    @property
    def handling(self) -> pd.DataFrame:
        """The committee's handling of follow-up items (``Store.handling``)."""
        return self.frames.get("handling")

    def t(self, key: str, **params) -> str:
        return t(key, self.lang, **params)

    @property
    def unit_names(self) -> list[str]:
        return self.units if self.units else self.campaign.unit_names

    @property
    def data_key(self) -> tuple:
        """What the page's data depend on: the store, its newest version, the version viewed
        and the campaign file (an edited campaign is a new key)."""
        return (self.source, self.store_latest, self.version)

    def compute(self, fn, *args):
        """``fn(*args)``, cached per data version: REPORTS, SCHEDULE and CAMPAIGN in ``args``
        stand for this page's data, so only the small arguments are hashed."""
        return _compute(f"{fn.__module__}.{fn.__qualname__}", self.data_key, _freeze(args), fn, self)

    def shared(self, fn, *args, always: bool = False):
        """As ``compute``, but one result per data version and arguments for every session,
        not a copy per call: for what a new session would otherwise rebuild (a page's figures
        and tables). Only small arguments (and the stand-ins) in ``args``; the result is read,
        never changed. ``always``: kept in the store however fast it was made (what every page
        asks first, so that a page whose own results are kept reads no table at all)."""
        return _shared(f"{fn.__module__}.{fn.__qualname__}", self.data_key, _freeze(args), fn, self, always)


def _freeze(args: tuple) -> tuple:
    return tuple(tuple(a) if isinstance(a, list) else a for a in args)


@st.cache_data(show_spinner=False, max_entries=256)
def _compute(name: str, data_key: tuple, args: tuple, _fn, _ctx: Context):
    return _call(_fn, args, _ctx)


@st.cache_resource(show_spinner=False, max_entries=32)
def _shared(name: str, data_key: tuple, args: tuple, _fn, _ctx: Context, always: bool = False):
    """Once per process, then from the result kept in the store for this version (any app
    server may have made it), else computed (and kept when it was slow to make)."""
    rkey = results.key(name, args, _campaign_digest(_ctx.source[1]), _ctx.sample)
    number = _ctx.version or _ctx.store_latest
    store = _ctx.store._store
    # The view of "now" is read when first asked for: it is version ``number``'s only if no
    # version was saved meanwhile (else the newer data would be kept under ``number``).
    still = (lambda: True) if _ctx.version is not None else (lambda: store.latest() == number)
    return results.kept(store, number, rkey, lambda: _call(_fn, args, _ctx), still, 0.0 if always else None)


@st.cache_data(show_spinner=False, max_entries=4)
def _campaign_digest(campaign: tuple) -> str:
    """The campaign file's content (``campaign_key`` is its identity on this server only)."""
    return hashlib.sha256(Path(campaign[0]).read_bytes()).hexdigest()


def _call(fn, args: tuple, ctx: Context):
    real = [  # each table read only when ``args`` name it
        getattr(ctx, _STANDS_FOR[a])
        if isinstance(a, str) and a in _STANDS_FOR
        else (list(a) if isinstance(a, tuple) else a)
        for a in args
    ]
    return fn(*real)


# --- cached loaders ------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=4)
def _store(path: str, campaign: tuple) -> Store:
    store = Store(path, load_campaign(campaign[0]))
    store.load_sample_if_empty()
    return store


def campaign_key() -> tuple:
    """The campaign file's identity (path, modification time, size): part of every cache
    key, so that an edited campaign reaches open sessions on their next rerun."""
    path = campaign_path()
    info = path.stat()
    return (str(path), info.st_mtime_ns, info.st_size)


def get_store() -> Store:
    return _store(str(db_path()), campaign_key())


# The data of a version are shared by every session, not copied per rerun: pages and the
# package only read them (filters make new frames), so one copy serves all.
@st.cache_resource(show_spinner=False, max_entries=16)
def _data(what: str, source: tuple, latest: int, version: int | None, _store: Store) -> pd.DataFrame:
    """One of the store's tables as it stood after ``version``: "reports", "schedule",
    "findings" or "handling" (the store's method of that name)."""
    return getattr(_store, what)(version)


@st.cache_data(show_spinner=False, max_entries=16)
def _sample(source: tuple, latest: int, version: int | None, _store: Store) -> bool:
    return _store.sample_in_view(version)


def data_changed() -> None:
    """Call after a write: every session reads the new data on its next rerun, and this app
    server opens the new version's pages whose results are kept (``load.Warmer``), so that
    they are made before the committee's members follow the link."""
    st.cache_data.clear()
    _shared.clear()
    served = this_server()
    if served is not None:
        _WARMER.request(*served)


_WARMER = load.Warmer()


def this_server() -> tuple[int, str, str] | None:
    """How this app server is reached from itself (port, address, base path), or None when
    the page is not run by a server (``AppTest``, which has no browser's address)."""
    if st.context.url is None:
        return None
    address = st.get_option("server.address") or ""
    host = address if address not in ("", "0.0.0.0", "::", "localhost") else load.HOST
    return int(st.get_option("server.port")), host, st.get_option("server.baseUrlPath") or ""


def _navigation(place, lang: str, params: dict) -> None:
    with place:
        st.markdown(f"### {t('app_title', lang)}")
        for path, key, icon in PAGES:
            st.page_link(path, label=t(key, lang), icon=icon, query_params=params or None)


def setup(page_key: str, filters: bool = True) -> Context:
    """Set the page up: config, language, navigation, shared filters, data. Call it first."""
    heap.settle()  # the process's first runs: what it holds then is left out of full collections
    st.set_page_config(page_title="DTTS · " + t(page_key, "vi"), page_icon=":material/groups:", layout="wide")
    campaign, problem = None, None
    try:
        campaign = load_campaign()
    except ValueError as exc:
        problem = exc  # said once the language is known
    unread = arrive(page_key, campaign)
    lang = _language()
    st.set_page_config(page_title="DTTS · " + t(page_key, lang))  # the tab's title in the page's language
    style(lang)
    navigation = st.sidebar.container()  # filled once the filters are known
    if problem is not None:
        _LOG.error("campaign file: %s", problem)
        st.error(t("campaign_error", lang))
        st.stop()
    try:
        store = get_store()
        latest = store.latest()
        version = _version_param()
        if version is not None and not 1 <= version <= latest:
            version = None
        key = (str(store.path), campaign_key())
        served = this_server()
        if served is not None:  # versions saved elsewhere (another server, ``import``) warmed too
            _WARMER.watch(store, *served)
        sample = _sample(key, latest, version, store)
        if not sample:
            campaign = campaign.for_real_data()
        guarded = GuardedStore(store, lang)
        ctx = Context(
            lang, campaign, guarded, Frames(store, key, latest, version, lang), None, [], None, version, sample
        )
        ctx.store_latest, ctx.source = latest, key
    except Exception as exc:  # noqa: BLE001 (those of the store said in words, the rest raised)
        stop_for_store_trouble(exc, lang)
    # Findings later than any report: in view. The data are read here only when not kept (kept
    # however fast: reading 600,000 reports for two facts took 0.1-0.3 s), and a store's
    # trouble reading them is said by ``Frames``.
    ctx.as_of, ctx.has_reports = ctx.shared(metrics.data_facts, REPORTS, FINDINGS, CAMPAIGN, always=True)
    _keep("version", version)  # a past version's view follows the user from page to page
    as_of = ctx.as_of
    units, items, member = None, campaign.item_keys, None
    if filters:
        units, items, member, as_of = _filters(lang, campaign, as_of)
    _navigation(navigation, lang, _link_params(campaign))
    if unread:
        values = ", ".join(f"“{md_escape(v)}”" for v in unread)  # typed by anyone: never Markdown
        st.warning(t("link_unread", lang, values=values), icon=":material/link_off:")
    if sample:
        st.info(t("sample_banner", lang), icon=":material/science:")
    if store.read_only and page_key in EDITING_PAGES:
        st.warning(t("store_read_only", lang), icon=":material/edit_off:")
    if version is not None:
        st.warning(t("viewing_version", lang, number=version), icon=":material/history:")
        current = {k: v for k, v in _link_params(campaign).items() if k != "version"}
        st.page_link(
            _page_file(page_key),
            label=t("back_to_current", lang),
            icon=":material/update:",
            query_params=current or None,
        )
    if units == []:  # the units picked and the member's units have none in common
        st.warning(t("filter_member_none", lang, member=md_escape(member or "")), icon=":material/filter_alt_off:")
        st.stop()
    ctx.units, ctx.items, ctx.as_of, ctx.member = units, items, as_of, member
    return ctx


def flash(message: str | None = None) -> None:
    """Show (and forget) a message kept across one rerun, or keep ``message`` for the next."""
    if message is not None:
        st.session_state["_flash"] = message
    elif "_flash" in st.session_state:
        st.success(st.session_state.pop("_flash"))
