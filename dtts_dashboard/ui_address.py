"""Streamlit glue for the pages and the shared filters kept in the address: the list of
pages, the sidebar's language and filters (bound to the URL), their values carried from page
to page, and the address read and corrected as a page opens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import streamlit as st

from .campaign import Campaign
from .i18n import LANGS, t
from .links import LANG_NAMES, as_of_bounds, canonical_params, link_params, query, widget_values
from .tables import member_caption

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


@dataclass
class _Remembered:
    """All that the shared filters remember of a session's previous run, in one place.
    Streamlit keeps a widget's value from page to page, but not a value that came from the
    address (a shared link): at a page switch those are given back from ``shared``."""

    shared: dict = field(
        default_factory=dict
    )  # the widgets' last values (a date only if picked) and the version viewed
    last_page: str | None = None  # the page of the previous run: another page now is a page switch
    unread: list[str] = field(default_factory=list)  # a link's values that named nothing, said once it reopened
    as_of_default: dt.date | None = None  # the previous run's default date: a date left at it moves along


def _remembered() -> _Remembered:
    return st.session_state.setdefault("_address", _Remembered())


def _keep(key: str, value) -> None:
    _remembered().shared[key] = value


def arrive(page_key: str, campaign: Campaign | None) -> list[str]:
    """What a page does with the address before any widget: read it (a corrected address
    reopens the page), then, after a page switch, give the shared widgets their values back.
    Returns a link's values that named nothing (to be said on the page)."""
    unread = _read_address(page_key, campaign) if campaign is not None else []
    _restore_after_page_switch(page_key, campaign)
    return unread


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
        unread, _remembered().unread = _remembered().unread, []
        return unread
    # On a rerun of this page (the language switched, say) its widgets are bound to the
    # address already: they take their values from the session state and write it back.
    rerun = _remembered().last_page == page_key
    if not rerun:
        _remembered().unread = unread  # said after the reopening
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
    remembered = _remembered()
    last, remembered.last_page = remembered.last_page, page_key
    if last is None or last == page_key:
        return
    missing = {k: v for k, v in remembered.shared.items() if k not in st.query_params and v}
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
    return query(link_params(_remembered().shared, campaign))


def _reopen(page_key: str, values: dict, params: dict | None) -> None:
    """Give the shared widgets ``values`` through the session state and, given ``params``,
    open the page again with them as its address (bound widgets read the address only as a
    page opens). ``switch_page`` ends the run."""
    for key, value in values.items():
        st.session_state[key] = value
    if params is not None:
        st.switch_page(_page_file(page_key), query_params=params)


def _version_param() -> int | None:
    raw = st.query_params.get("version")
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def picked_as_of(campaign: Campaign) -> dt.date | None:
    """The as-of date someone picked (in the sidebar on another page, or in the address),
    for a page set up without the filters; None while the view follows the latest report."""
    picked = _remembered().shared.get("as_of")
    if isinstance(picked, dt.date):
        return picked
    wanted, _ = canonical_params({"as_of": st.query_params.get_all("as_of")}, campaign)
    return widget_values(wanted, campaign).get("as_of")


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
        previous = _remembered().as_of_default
        if previous is not None and previous != default_date and st.session_state.get("as_of") == previous:
            st.session_state["as_of"] = default_date
        elif "as_of" in st.session_state:
            # Set, not left to the widget: a page's widget otherwise comes back with the value
            # it had when that page was last open (a date since moved by an upload or by
            # leaving a past version's view), which differs from the view the user has now.
            st.session_state["as_of"] = st.session_state["as_of"]
        _remembered().as_of_default = default_date
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
