"""Streamlit glue, the one module of the package that imports streamlit: page set-up, the
shared sidebar (language, navigation, filters kept in the URL), cached loaders, and small
renderers the pages share."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pandas as pd
import streamlit as st

from . import quickedit, tables
from .campaign import Campaign, campaign_path, load_campaign
from .i18n import LANGS, TEXTS, fmt_date, t
from .links import LANG_NAMES, as_of_bounds, canonical_params, link_params, query, widget_values
from .metrics import default_as_of
from .permissions import Account, may
from .problems import InputError
from .store import KEYED, Store, StoreError, StoreFault, db_path, sha256
from .tables import member_caption
from .text import md_escape
from .validate import check_file

PAGES = (
    ("app.py", "nav_overview", ":material/dashboard:"),
    ("pages/1_timeline.py", "nav_timeline", ":material/timeline:"),
    ("pages/2_unit.py", "nav_unit", ":material/location_city:"),
    ("pages/3_upload.py", "nav_upload", ":material/upload_file:"),
    ("pages/6_edit.py", "nav_edit", ":material/edit_note:"),
    ("pages/8_findings.py", "nav_findings", ":material/assignment_turned_in:"),
    ("pages/4_history.py", "nav_history", ":material/history:"),
    ("pages/5_export.py", "nav_export", ":material/download:"),
    ("pages/7_followups.py", "nav_followups", ":material/fact_check:"),
)


_LOG = logging.getLogger("dtts_dashboard")
EDITING_PAGES = ("nav_upload", "nav_history", "nav_edit", "nav_findings")  # where a read-only store is said to be one


def stop_for_fault(fault: StoreFault, lang: str) -> NoReturn:
    """Say in words what failed in the store and which setting to check (the cause, with its
    path, goes to the server's log only), and end the page."""
    _LOG.error("store fault (%s): %s", fault.code, fault)
    st.error(t(f"store_{fault.code}", lang), icon=":material/database:")
    st.stop()


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


@dataclass
class Context:
    """What a page needs, decided once by ``setup``."""

    lang: str
    campaign: Campaign
    store: GuardedStore  # a Store's methods, faults shown as messages
    reports: pd.DataFrame
    schedule: pd.DataFrame
    units: list[str] | None  # None: every unit
    items: list[str]
    as_of: dt.date
    version: int | None  # viewing the data as it stood after this version; None: now
    sample: bool
    findings: pd.DataFrame = None  # what the inspections found (store.findings)
    handling: pd.DataFrame = None  # the committee's handling of follow-up items (store.handling)
    store_latest: int = 0
    source: tuple = ()  # the store's path and the campaign file's identity
    member: str | None = None  # the "followed by" filter: the units shown are the ones this member follows

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

    def shared(self, fn, *args):
        """As ``compute``, but one result per data version and arguments for every session,
        not a copy per call: for what a new session would otherwise rebuild (a page's figures
        and tables). Only small arguments (and the stand-ins) in ``args``; the result is read,
        never changed."""
        return _shared(f"{fn.__module__}.{fn.__qualname__}", self.data_key, _freeze(args), fn, self)


def _freeze(args: tuple) -> tuple:
    return tuple(tuple(a) if isinstance(a, list) else a for a in args)


@st.cache_data(show_spinner=False, max_entries=256)
def _compute(name: str, data_key: tuple, args: tuple, _fn, _ctx: Context):
    return _call(_fn, args, _ctx)


@st.cache_resource(show_spinner=False, max_entries=32)
def _shared(name: str, data_key: tuple, args: tuple, _fn, _ctx: Context):
    return _call(_fn, args, _ctx)


def _call(fn, args: tuple, ctx: Context):
    stand_ins = {
        REPORTS: ctx.reports,
        SCHEDULE: ctx.schedule,
        FINDINGS: ctx.findings,
        HANDLING: ctx.handling,
        CAMPAIGN: ctx.campaign,
    }
    real = [stand_ins.get(a, a) if isinstance(a, str) else (list(a) if isinstance(a, tuple) else a) for a in args]
    return fn(*real)


# --- the browser's side of the websocket (for the benchmark's load mode, load.py) ---------


def browser_rerun_message(query_string: str = "") -> bytes:
    """The BackMsg a browser sends once its websocket to ``/_stcore/stream`` is open: run the
    entry page (no page hash) with the address's query string and the browser's context (for
    the benchmark's load mode, which opens sessions as a browser does)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query_string
    state.page_script_hash = ""
    state.page_name = ""
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
    return ServerMessage(kind == "delta", exception, finished)


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
    """Call after a write: every session reads the new data on its next rerun."""
    st.cache_data.clear()
    _shared.clear()


# --- the shared page set-up --------------------------------------------------------------


SHARED = "_shared"  # the shared widgets' last values, carried by the navigation links


def _keep(key: str, value) -> None:
    st.session_state.setdefault(SHARED, {})[key] = value


def _read_address(page_key: str, campaign: Campaign) -> list[str]:
    """Make the address the form the bound widgets read (``lang=en`` -> ``English``, a unit
    typed without diacritics -> its name, an item by key or in the other language -> its
    label, ``as_of=5/6/2024`` -> ``2024-06-05``). The widgets read the address only as a page
    opens: on arrival the page is opened again with the corrected address, the widgets'
    values set through the session state as on a page switch; on a rerun of the page (after
    a language switch, the items' labels change) the session state alone does it. Returns
    the values that could not be read (kept across that reopening, said once)."""
    raw = {key: st.query_params.get_all(key) for key in st.query_params}
    wanted, unread = canonical_params(raw, campaign)
    if wanted == raw:
        return st.session_state.pop("_link_unread", [])
    # On a rerun of this page (the language switched, say) its widgets are bound to the
    # address already: they take their values from the session state and write it back.
    rerun = st.session_state.get("_last_page") == page_key
    if not rerun:
        st.session_state["_link_unread"] = unread  # said after the reopening
    _reopen(page_key, widget_values(wanted, campaign), None if rerun else query(wanted))
    return unread


def _restore_after_page_switch(page_key: str, campaign: Campaign | None) -> None:
    """On arriving at another page, give the shared widgets the values they had, and put
    them back in the address.

    Values that came from a link rather than a click are not carried by Streamlit's page
    switch: the new page's address lacks them and the widgets would fall back to their
    defaults. They are set through the session state (which wins over a missing URL
    parameter), and the page is opened again with them in its address, so that a link
    copied from it still opens the same view."""
    last = st.session_state.get("_last_page")
    st.session_state["_last_page"] = page_key
    if last is None or last == page_key:
        return
    missing = {k: v for k, v in st.session_state.get(SHARED, {}).items() if k not in st.query_params and v}
    if not missing or (set(missing) == {"lang"} and missing["lang"] == "vi"):
        return
    _reopen(page_key, missing, _link_params(campaign) if campaign is not None else None)


def _page_file(page_key: str) -> str:
    return next(path for path, key, _ in PAGES if key == page_key)


def _language() -> str:
    with st.sidebar:
        lang = st.segmented_control(
            "Ngôn ngữ / Language",
            LANGS,
            default="vi",
            key="lang",
            format_func=LANG_NAMES.get,
            bind="query-params",
            persist_state="session",
            label_visibility="collapsed",
        )
    lang = lang if lang in LANGS else "vi"
    _keep("lang", lang)
    return lang


def _link_params(campaign: Campaign) -> dict:
    """The view's filters as the URL parameters the bound widgets read (for the navigation
    links, and for putting them back in the address after a page switch)."""
    return query(link_params(st.session_state.get(SHARED, {}), campaign))


def _reopen(page_key: str, values: dict, params: dict | None) -> None:
    """Give the shared widgets ``values`` through the session state and, given ``params``,
    open the page again with them as its address (bound widgets read the address only as a
    page opens). ``switch_page`` ends the run."""
    for key, value in values.items():
        st.session_state[key] = value
    if params is not None:
        st.switch_page(_page_file(page_key), query_params=params)


def _navigation(place, lang: str, params: dict) -> None:
    with place:
        st.markdown(f"### {t('app_title', lang)}")
        for path, key, icon in PAGES:
            st.page_link(path, label=t(key, lang), icon=icon, query_params=params or None)


def _version_param() -> int | None:
    raw = st.query_params.get("version")
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def picked_as_of(campaign: Campaign) -> dt.date | None:
    """The as-of date someone picked (in the sidebar on another page, or in the address),
    for a page set up without the filters; None while the view follows the latest report."""
    picked = st.session_state.get(SHARED, {}).get("as_of")
    if isinstance(picked, dt.date):
        return picked
    wanted, _ = canonical_params({"as_of": st.query_params.get_all("as_of")}, campaign)
    return widget_values(wanted, campaign).get("as_of")


def setup(page_key: str, filters: bool = True) -> Context:
    """Set the page up: config, language, navigation, shared filters, data. Call it first."""
    st.set_page_config(page_title="DTTS · " + t(page_key, "vi"), page_icon=":material/groups:", layout="wide")
    campaign, problem = None, None
    try:
        campaign = load_campaign()
    except ValueError as exc:
        problem = exc  # said once the language is known
    unread = _read_address(page_key, campaign) if campaign is not None else []
    _restore_after_page_switch(page_key, campaign)
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
        reports, schedule, findings, handling = (
            _data(what, key, latest, version, store) for what in ("reports", "schedule", "findings", "handling")
        )
        sample = _sample(key, latest, version, store)
    except StoreFault as fault:
        stop_for_fault(fault, lang)
    except (OSError, StoreError, ValueError, sqlite3.Error) as exc:
        _LOG.error("store %s: %s", db_path(), exc)
        st.error(t("store_error", lang))
        st.stop()
    _keep("version", version)  # a past version's view follows the user from page to page
    as_of = default_as_of(reports, campaign, findings)  # findings later than any report: in view
    if not sample:
        campaign = campaign.for_real_data()
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
    guarded = GuardedStore(store, lang)
    return Context(
        lang,
        campaign,
        guarded,
        reports,
        schedule,
        units,
        items,
        as_of,
        version,
        sample,
        findings,
        handling,
        latest,
        key,
        member,
    )


def _member_filter(lang: str, campaign: Campaign) -> str | None:
    """The "units followed by" filter, when the campaign lists steering-committee members."""
    if not campaign.members:
        _keep("member", None)
        return None
    member = st.selectbox(
        t("filter_member", lang),
        [m.name for m in campaign.members],
        index=None,
        key="member",
        placeholder=t("filter_member_all", lang),
        bind="query-params",
        persist_state="session",
    )
    _keep("member", member)
    chosen = campaign.member(member)
    if chosen is not None:
        st.caption(member_caption(chosen, lang))
    return member


def _filters(
    lang: str, campaign: Campaign, default_date: dt.date
) -> tuple[list[str] | None, list[str], str | None, dt.date]:
    with st.sidebar:
        st.markdown(f"**{t('filters', lang)}**")
        units = st.multiselect(
            t("filter_units", lang),
            campaign.unit_names,
            default=[],
            key="units",
            placeholder=t("filter_units_all", lang),
            bind="query-params",
            persist_state="session",
            select_all=False,
        )
        _keep("units", units)
        member = _member_filter(lang, campaign)
        labels = {i.key: i.label(lang) for i in campaign.items}
        items = st.multiselect(
            t("filter_items", lang),
            campaign.item_keys,
            default=[],
            key="items",
            format_func=labels.get,
            placeholder=t("filter_items_all", lang),
            bind="query-params",
            persist_state="session",
            select_all=False,
        )
        _keep("items", items)
        low, high = as_of_bounds(campaign)
        default_date = min(max(default_date, low), high)
        # Until someone picks a date, the view follows the latest report date, also when a
        # new upload moves it: a date still equal to the previous default moves along.
        previous = st.session_state.get("_as_of_default")
        if previous is not None and previous != default_date and st.session_state.get("as_of") == previous:
            st.session_state["as_of"] = default_date
        elif "as_of" in st.session_state:
            # Set, not left to the widget: a page's widget otherwise comes back with the value
            # it had when that page was last open (a date since moved by an upload or by
            # leaving a past version's view), which differs from the view the user has now.
            st.session_state["as_of"] = st.session_state["as_of"]
        st.session_state["_as_of_default"] = default_date
        as_of = st.date_input(
            t("filter_as_of", lang),
            value=default_date,
            min_value=low,
            max_value=high,
            key="as_of",
            format="DD/MM/YYYY",
            help=t("filter_as_of_help", lang),
            bind="query-params",
            persist_state="session",
        )
        _keep("as_of", as_of if as_of != default_date else None)  # a date picked, not the default
        st.caption(t("share_hint", lang))
    if not isinstance(as_of, dt.date):
        as_of = default_date
    return campaign.units_in_view(units or None, member), (items or campaign.item_keys), member, as_of


STYLE = (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")
# Streamlit's own English accessible names (1.67 has no parameter for them) -> our text's key;
# a name "Help for X" is matched by its start, and keeps its X.
A11Y_NAMES = {
    "Skip to main content": "a11y_skip",
    "Help for ": "a11y_help_for",
    "Upload ": "a11y_upload",
    "Remove ": "a11y_remove",
    "Clear value": "a11y_clear_value",
    "Clear all": "a11y_clear_all",
    "Choose date": "a11y_choose_date",
    "Previous month": "a11y_previous_month",
    "Next month": "a11y_next_month",
    "Selected values": "a11y_selected_values",
    "Sidebar": "a11y_sidebar",
    "Main menu": "a11y_main_menu",
    "App pages": "a11y_app_pages",
    "file upload": "a11y_file_upload",
    "Running...": "a11y_running",
    "Collapse sidebar": "a11y_collapse_sidebar",
    "Expand sidebar": "a11y_expand_sidebar",
    "Open": "a11y_open",
    "Close": "a11y_close",
    "day, ": "a11y_day",
    "month, ": "a11y_month",
    "year, ": "a11y_year",
    "Link to heading": "a11y_heading_link",
    "progress": "a11y_progress",
    "Show/hide columns": "a11y_columns",
    "Download as CSV": "a11y_download_csv",
    "Search": "a11y_search",
    "Fullscreen": "a11y_fullscreen",
    "Dismiss": "a11y_dismiss",
}
_LANGUAGE_SCRIPT = (Path(__file__).with_name("language.js")).read_text(encoding="utf-8")


def language_texts(lang: str) -> dict:
    """What the page-language script needs: the language code for ``<html lang>``, and each of
    Streamlit's English names as [Vietnamese, English, wanted] (a switch back finds them in
    either); a name ending in a space is matched by its start."""
    names = [[t(key, other).replace("{}", "") for other in (*LANGS, lang)] for key in A11Y_NAMES.values()]
    return {"lang": lang, "names": names}


def style(lang: str) -> None:
    """The style sheet, and a small script of our own constant texts that sets the page's
    language (``<html lang>``) and puts Streamlit's English accessible names in the page's
    language (Streamlit 1.67 sets ``lang="en"`` and has no option)."""
    st.html(f"<style>{STYLE}</style>")
    data = json.dumps(language_texts(lang), ensure_ascii=True).replace("</", "<\\/")
    with st.sidebar.container(key="page-language"):  # hidden by the style sheet
        st.iframe(f"<script>{_LANGUAGE_SCRIPT.replace('__TEXTS__', data)}</script>", height=1)


def footer(ctx: Context) -> None:
    c = ctx.campaign
    plan = c.plan_vi if ctx.lang == "vi" else c.plan_en
    st.caption(t("footer", ctx.lang, plan=plan, start=fmt_date(c.inspection_start), end=fmt_date(c.inspection_end)))


# Two buttons only (save as a picture, reset the zoom): the mode bar stays in the strip the
# figures keep free for it at their top right (charts.MODEBAR_STRIP), over no text.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtons": [["toImage", "resetScale2d"]]}


# On a touch screen the mode bar's buttons would be too small to tap (under 44 px): not shown.
TOUCH_CSS = '@media (pointer: coarse) { [data-testid="stPlotlyChart"] .modebar-container { display: none; } }'


def plotly(fig) -> None:
    st.html(f"<style>{TOUCH_CSS}</style>")
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG)


# --- editors -------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _throttle():
    from .auth import Throttle

    return Throttle()


def account_gate(ctx: Context) -> Account | None:
    """The logged-in editor's account (its name, and its unit for a unit's office), or None
    after showing how to log in (or how to make an account). What the account may do is
    ``permissions.may``'s to say."""
    from .auth import AuthError, Busy, account, editors_configured, login

    if ctx.store.read_only:  # nobody can save: said at the top of the page
        return None
    editor = st.session_state.get("editor")
    try:  # read anew on every run: a reset account has its new unit at once
        found = account(editor) if editor else None
    except AuthError:  # the accounts file cannot be read: nobody is logged in (said below)
        found = None
    if found:
        left, right = st.columns([4, 1])
        name = md_escape(found.name)
        left.markdown(
            ctx.t("logged_in_as_unit", name=name, unit=found.unit)
            if found.is_unit
            else ctx.t("logged_in_as", name=name)
        )
        if right.button(ctx.t("logout"), key="logout"):
            del st.session_state["editor"]
            st.rerun()
        return found
    if not editors_configured():
        st.warning(ctx.t("no_editors"))
        st.code("python -m dtts_dashboard add-editor TÊN --password-stdin", language="bash")
        return None
    with st.form("login", enter_to_submit=True):
        st.markdown(f"**{ctx.t('login_title')}**")
        name = st.text_input(ctx.t("login_name"), key="login_name", autocomplete="username")
        password = st.text_input(
            ctx.t("login_password"), type="password", key="login_password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(ctx.t("login_button"), type="primary")
    if submitted:
        try:  # the client's address: its own allowance of wrong tries (None when local)
            editor, wait = login(_throttle(), name, password, client=st.context.ip_address)
        except Busy:
            st.error(ctx.t("login_busy"))
            return None
        if wait:
            st.error(ctx.t("login_wait", seconds=wait))
        elif editor:
            st.session_state["editor"] = editor  # the account's name, however it was typed
            st.rerun()
        else:
            st.error(ctx.t("login_wrong"))
    return None


def editor_gate(ctx: Context, action: str | None = None) -> str | None:
    """The logged-in editor's name when the account may do ``action`` (a ``permissions``
    action code; None: any of the province's actions), or None after showing how to log in,
    or, to a unit's account, a plain message saying the province does this (nothing else is
    shown, so nothing can be changed). A page for entering findings gates with
    ``editor_gate(ctx, "findings")``."""
    found = account_gate(ctx)
    if found is None:
        return None
    if may(found, action) if action else not found.is_unit:
        return found.name
    key = f"province_only_{action}" if action and f"province_only_{action}" in TEXTS else "province_only"
    st.info(ctx.t(key, unit=found.unit), icon=":material/lock:")
    return None


def flash(message: str | None = None) -> None:
    """Show (and forget) a message kept across one rerun, or keep ``message`` for the next."""
    if message is not None:
        st.session_state["_flash"] = message
    elif "_flash" in st.session_state:
        st.success(st.session_state.pop("_flash"))


# --- downloads made on click -------------------------------------------------------------

_LOG = logging.getLogger(__name__)
START_WAIT, MAKE_WAIT = 5.0, 300.0  # seconds: the file is asked for right after the click


class Download:
    """One download button whose file is made when it is clicked (Streamlit runs the maker in
    a thread of its own, outside the page run). If making it fails, the cause is kept, so that
    the rerun the click starts says so in words: no silent empty button."""

    def __init__(self) -> None:
        self.started, self.finished = threading.Event(), threading.Event()
        self.failure: str | None = None

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
                self.failure = type(exc).__name__
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
        st.error(t("download_failed", lang, name=file_name, kind=job.failure), icon=":material/error:")
        job.failure = None
    st.download_button(label, job.make(maker), file_name, mime, key=key, on_click=job.settle, **kwargs)


# --- measuring (for the benchmark) ------------------------------------------------------


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


def _css_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def uploader_texts(ctx: Context, limit_mb: int) -> None:
    """Streamlit's file uploader (1.67) has no parameters for its own texts, which are
    English ("Upload", "200MB per file"). A style sheet shows the page's language and our
    size limit in their place; the uploader itself is unchanged."""
    button = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
    line = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    css = (
        f"{button}, {line} {{ font-size: 0; }}"
        f"{button}::after {{ content: {_css_text(ctx.t('uploader_button'))}; font-size: 0.875rem; }}"
        f"{line}::after {{ content: {_css_text(ctx.t('uploader_limit', limit=limit_mb))}; font-size: 0.875rem; }}"
    )
    st.html(f"<style>{css}</style>")


# --- forms saved as one-row files (quick edit, inspection findings) ------------------------

FORM_WIDTH = 760  # px: one column to read down, on a laptop too (a phone's narrower screen takes it whole)


def form_keys(prefix: str, loaded: tuple, values: dict) -> dict[str, str]:
    """The form's widget keys (``prefix`` + field), given ``values`` whenever ``loaded`` (the
    unit, the date, the data) changes: after a save the form shows what was saved."""
    keys = {name: f"{prefix}{name}" for name in values}
    marker = f"_{prefix}loaded"
    if st.session_state.get(marker) != loaded or any(key not in st.session_state for key in keys.values()):
        for name, key in keys.items():
            st.session_state[key] = values[name]
        st.session_state[marker] = loaded
    return keys


def _form_problems(ctx: Context, found) -> None:
    """A form has no rows to number: each problem by the field it is in."""
    st.table(tables.problems_table(found, ctx.lang).drop(columns=ctx.t("col_row")), hide_index=True)


def form_preview_and_save(
    ctx: Context,
    kind: str,
    prefix: str,
    words: str,
    editor: str,
    unit: str,
    date: dt.date,
    values: dict,
    origin_unit: str | None = None,
) -> None:
    """A form (``quickedit``) as the one-row file of ``kind`` it amounts to: checked exactly as
    an upload, its change previewed (the edited cells), saved as a version by ``editor``.
    ``prefix`` keys the form's widgets and state; ``words`` names its texts (``{words}_save``…)."""

    def w(name: str, **params) -> str:
        return ctx.t(f"{words}_{name}", **params)

    campaign = ctx.campaign
    data = quickedit.one_row_csv(campaign, unit, date, values, kind)
    filename = quickedit.file_name(unit, date, kind)
    try:
        checked = check_file(data, filename, campaign, kind)
    except InputError as refused:
        st.error(w("refused", count=len(refused.problems)), icon=":material/block:")
        _form_problems(ctx, refused.problems)
        return
    change = ctx.store.preview(checked)
    warnings = [*checked.warnings, *change.warnings]
    if warnings:
        st.warning(ctx.t("warnings_summary", count=len(warnings)))
        _form_problems(ctx, warnings)

    st.header(ctx.t("preview_title"))
    shown = tables.change_tables(change, campaign, ctx.lang)
    table = KEYED[kind][0]  # "reports" or "findings": the context's frame and the store's method alike
    current = getattr(ctx, table) if ctx.version is None else getattr(ctx.store, table)()
    cells = quickedit.edited_cells(current, checked.records, campaign, kind)
    previous = quickedit.prefill(current, campaign, unit, date, kind).source_date
    same = w("saved_same") if previous else w("empty_form")  # when no cell differs
    if change.sample_set_aside:  # saving sets the sample aside: never mixed with real data
        st.info(ctx.t("preview_sample_aside"), icon=":material/science:")
    if change.is_empty:
        st.info(w("nothing"))
    elif not change.new.empty:
        st.markdown(f"**{w('new')}**: {md_escape(unit)}, {fmt_date(date)}")
        st.markdown(f"**{w('compare', date=fmt_date(previous)) if previous else w('compare_none')}**")
        if cells.empty:
            st.caption(same)
        else:
            shown_cells = tables.cells_table(cells, campaign, ctx.lang, kind)
            if not previous:  # nothing to compare with: no empty "old" column on a phone's narrow screen
                shown_cells = shown_cells.drop(columns=ctx.t("col_old"))
            st.table(shown_cells, hide_index=True)
        with st.expander(w("whole_report")):
            st.table(tables.record_table(shown["new"], ctx.lang), hide_index=True)
    else:
        st.markdown(f"**{ctx.t('preview_changed')}**: {md_escape(unit)}, {fmt_date(date)}")
        narrow = [ctx.t("col_column"), ctx.t("col_old"), ctx.t("col_new")]  # the unit and date are said above
        st.table(shown["changed"][narrow], hide_index=True)

    if "_flash" in st.session_state:  # after a save: said here, beside the button pressed (a phone's top is far)
        flash()
        st.page_link(
            "app.py",
            label=ctx.t("form_to_overview"),
            icon=":material/dashboard:",
            query_params=_link_params(ctx.campaign) or None,
        )
    # What is saved is what the preview showed: a click that comes with a change to the form
    # (a text typed and the button pressed at once) shows the new preview and saves nothing.
    digest, previewed = sha256(data), st.session_state.get(f"_{prefix}previewed")
    st.session_state[f"_{prefix}previewed"] = digest
    if not st.button(w("save"), type="primary", disabled=change.is_empty, key=f"{prefix}save", width="stretch"):
        return
    if previewed != digest:
        st.warning(w("stale"))
        return
    with st.spinner(ctx.t("saving")):
        version = ctx.store.import_checked(checked, data, filename, author=editor, origin_unit=origin_unit)
    data_changed()
    summary = tables.cells_summary(cells, campaign, ctx.lang, kind=kind) or same
    saved = "saved_new" if not change.new.empty else "saved_changed"
    aside = ctx.t("saved_sample_aside") if change.sample_set_aside else ""
    flash(w(saved, number=version.number, unit=md_escape(unit), date=fmt_date(date), cells=summary) + aside)
    st.rerun()
