"""Streamlit glue for editors: the login form, the login kept across reloads and app
servers (a cookie checked against the database), and the gate a page that changes data puts
before its controls."""

from __future__ import annotations

import streamlit as st

from .i18n import TEXTS
from .permissions import Account, may
from .store import StoreFault
from .text import md_escape
from .ui import Context, get_store, stop_for_fault


def _throttle():
    """The login throttle, shared by every app server through the store's database."""
    from .logins import SharedThrottle

    return SharedThrottle(get_store())


def _login_cookie(script: str) -> None:
    """Set or clear the login cookie (``logins``) by a small script of the page: Streamlit 1.67
    gives an app no other way to set a cookie. The token is URL-safe base64: nothing to escape."""
    with st.sidebar.container(key="login-cookie"):  # hidden by the style sheet
        st.iframe(f"<script>{script}</script>", height=1)


def _cookie_script(token: str | None) -> str:
    from .logins import COOKIE, login_seconds

    value, age = (token, login_seconds()) if token else ("", 0)
    return (
        'const w = window.parent; w.document.cookie = "' + f"{COOKIE}={value}; Path=/; Max-Age={age}; SameSite=Strict"
        '" + (w.location.protocol === "https:" ? "; Secure" : "");'
    )


def _logged_in_editor(ctx: Context) -> str | None:
    """The editor this tab is logged in as: its own login, checked against the database on
    every run (ended on another tab or server, expired, or the password reset: logged out
    here, said once), else the browser's login cookie from an earlier visit (a reload)."""
    from . import logins

    store = get_store()
    editor, token = st.session_state.get("editor"), st.session_state.get("login_token")
    try:
        if editor and token and logins.editor(store, token) != editor:
            for key in ("editor", "login_token"):
                st.session_state.pop(key, None)
            st.info(ctx.t("login_ended"), icon=":material/logout:")
            _login_cookie(_cookie_script(None))
            return None
        if not editor:
            cookie = st.context.cookies.get(logins.COOKIE)
            editor = logins.editor(store, cookie) if isinstance(cookie, str) else None
            if editor:
                st.session_state["editor"], st.session_state["login_token"] = editor, cookie
    except StoreFault as fault:
        stop_for_fault(fault, ctx.lang)
    if st.session_state.pop("_clear_login_cookie", False):
        _login_cookie(_cookie_script(None))
    elif editor and st.session_state.get("login_token"):
        _login_cookie(_cookie_script(st.session_state["login_token"]))
    return editor


def account_gate(ctx: Context) -> Account | None:
    """The logged-in editor's account (its name, and its unit for a unit's office), or None
    after showing how to log in (or how to make an account). What the account may do is
    ``permissions.may``'s to say. A login lasts across reloads and app servers (``logins``)."""
    from . import logins
    from .auth import AuthError, Busy, account, editors_configured, login

    if ctx.store.read_only:  # nobody can save: said at the top of the page
        return None
    editor = _logged_in_editor(ctx)
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
            try:
                logins.end(get_store(), st.session_state.get("login_token"))  # on every tab and server
            except StoreFault as fault:
                stop_for_fault(fault, ctx.lang)
            for key in ("editor", "login_token"):
                st.session_state.pop(key, None)
            st.session_state["_clear_login_cookie"] = True
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
            token = logins.start(get_store(), editor) if editor and not wait else None
        except Busy:
            st.error(ctx.t("login_busy"))
            return None
        except StoreFault as fault:
            stop_for_fault(fault, ctx.lang)
        if wait:
            st.error(ctx.t("login_wait", seconds=wait))
        elif editor:
            st.session_state["editor"] = editor  # the account's name, however it was typed
            st.session_state["login_token"] = token
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
