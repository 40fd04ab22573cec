"""Issue 15 in a real Chromium: axe-core on every page (both languages, both widths, logged out
and logged in), the overview at a phone's width, the page's language, touch targets, quick picks
in the unit filter. Phone-sized screenshots of every page go to tests/screenshots/phone-*.png."""

import contextlib
import json
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dtts_dashboard.campaign import load_campaign
from dtts_dashboard.i18n import fmt_date, t
from dtts_dashboard.ui_address import PAGES

from .axe import Unavailable, axe_source
from .test_browser import SHOTS, browser, env, login, no_exception, no_horizontal_scroll, server, settle  # noqa: F401

pytestmark = [pytest.mark.browser]
PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}
SERIOUS = ("serious", "critical")


def address(path: str) -> str:
    return "/" if path == "app.py" else "/" + path.split("/")[-1].split("_", 1)[1].removesuffix(".py")


@pytest.fixture(scope="module")
def axe():
    try:
        return axe_source()
    except Unavailable as exc:
        pytest.skip(str(exc))


def ready(page) -> None:
    """The page has run and drawn its title (the machine may be slow)."""
    page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=60_000)
    settle(page)


def violations(page, axe) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now, one line each."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe)
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['id']} ({v['impact']}): " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
        for v in found
        if v["impact"] in SERIOUS
    ]


def open_sidebar(page) -> None:
    """At a laptop's width, with the sidebar open (a phone's width may have closed it)."""
    page.set_viewport_size(LAPTOP)
    expand = page.locator('[data-testid="stExpandSidebarButton"]')
    page.wait_for_timeout(300)
    if expand.is_visible():
        expand.click()
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]').first.wait_for(timeout=10_000)


def check_language(page, lang: str, page_key: str) -> None:
    page.wait_for_function(f"() => document.documentElement.lang === '{lang}'", timeout=20_000)
    assert page.title() == "DTTS · " + t(page_key, lang)
    english = ["Skip to main content", "Help for ", "Select all", "Clear all", "Choose date", "Main menu"]
    if lang == "vi":  # language.js translates labels as they appear: give it a moment
        untranslated = (
            "(english) => ![...document.querySelectorAll('[aria-label]')]"
            ".some(e => english.some(w => e.getAttribute('aria-label').startsWith(w)))"
        )
        with contextlib.suppress(PlaywrightTimeout):  # still there: said below, with the labels
            page.wait_for_function(untranslated, arg=english, timeout=5_000)
    names = page.evaluate("() => [...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))")
    if lang == "vi":
        assert not [n for n in names if any(n.startswith(e) for e in english)], names


@pytest.mark.parametrize("path, page_key", [(path, key) for path, key, _ in PAGES])
def test_axe_finds_nothing_serious_logged_out(server, browser, axe, path, page_key):  # noqa: F811
    """Both languages at both widths; the Vietnamese phone view is kept as a screenshot."""
    context = browser.new_context(viewport=LAPTOP, locale="vi-VN")
    page = context.new_page()
    found = {}
    for lang, query in (("vi", ""), ("en", "?lang=English")):
        page.set_viewport_size(LAPTOP)
        page.goto(server.url + address(path) + query)
        ready(page)
        no_exception(page)
        check_language(page, lang, page_key)
        for size in (LAPTOP, PHONE):
            page.set_viewport_size(size)
            page.wait_for_timeout(500)
            found[(lang, size["width"])] = violations(page, axe)
            if size is PHONE and lang == "vi":
                assert no_horizontal_scroll(page)
                page.set_viewport_size({"width": 390, "height": 3000})
                page.wait_for_timeout(700)
                page.screenshot(path=str(SHOTS / f"phone-{page_key.removeprefix('nav_')}.png"))
    context.close()
    assert not any(found.values()), json.dumps(found, ensure_ascii=False, indent=1)


def test_axe_finds_nothing_serious_logged_in(server, browser, axe):  # noqa: F811
    """An editor, logged in once, moves through every page by the sidebar's links in both
    languages; each page is checked at a laptop's and a phone's width."""
    context = browser.new_context(viewport=LAPTOP, locale="vi-VN")
    page = context.new_page()
    page.goto(server.url + "/upload")
    ready(page)
    login(page)
    found = {}
    for lang in ("vi", "en"):
        if lang == "en":
            open_sidebar(page)
            page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
            page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=20_000)
        for path, key, _ in PAGES:
            open_sidebar(page)
            page.locator('[data-testid="stSidebar"]').get_by_role("link", name=t(key, lang), exact=True).click()
            page.wait_for_url(f"**{address(path)}**", timeout=20_000)
            ready(page)
            no_exception(page)
            for size in (LAPTOP, PHONE):
                page.set_viewport_size(size)
                page.wait_for_timeout(400)
                found[(lang, key, size["width"])] = violations(page, axe)
    context.close()
    assert not any(found.values()), json.dumps({str(k): v for k, v in found.items()}, ensure_ascii=False, indent=1)


def test_the_overview_on_a_phone_shows_cards_not_the_wide_matrix(server, browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server.url + "/?as_of=2024-06-05")
    ready(page)
    cards = page.locator(".st-key-phone-only-cards [data-testid='stVerticalBlockBorderWrapper'], "
                         ".st-key-phone-only-cards [data-testid='stVerticalBlock'] [data-testid='stMarkdown']")  # fmt: skip
    cards.first.wait_for(timeout=20_000)
    # hidden once the page's style sheet is in (it may come after the cards on a busy machine)
    page.locator(".st-key-wide-only-matrix").wait_for(state="hidden", timeout=10_000)
    text = page.locator(".st-key-phone-only-cards").inner_text()
    for unit in ("Thành phố Hòa Bình", "Kim Bôi", "Yên Thủy"):
        assert unit in text
    for item in ("Văn bản chỉ đạo", "Tổ chức Đại hội", "Văn kiện", "Chương trình", "Kịch bản"):
        assert f"{item}: " in text
    assert "⚠" in text  # the needs-attention reasons are in the cards
    assert no_horizontal_scroll(page)
    # every card fits the screen
    widths = page.evaluate("() => [...document.querySelectorAll('.st-key-phone-only-cards [data-testid=\"stMarkdown\"]')]"
                           ".map(e => e.getBoundingClientRect().right)")  # fmt: skip
    assert widths and max(widths) <= 390
    page.set_viewport_size(LAPTOP)
    page.locator(".st-key-wide-only-matrix").wait_for(state="visible", timeout=10_000)
    assert page.locator(".st-key-phone-only-cards").is_hidden()
    context.close()


# What scrolls sideways at a phone's width: the page itself, a data grid whose columns are wider
# than its box (st.dataframe scrolls inside), a table wider than the screen.
SEEN = """const seen = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
const name = e => (e.closest('[class*="st-key-"]') || e).className.toString().match(/st-key-[^ ]*/)?.[0] || e.tagName;
const grids = () => [...document.querySelectorAll('[data-testid="stDataFrame"]')].filter(seen);"""
SIDEWAYS = f"""() => {{ {SEEN}
  const out = [];
  for (const e of [document.documentElement, document.querySelector('[data-testid="stMain"]')])
    if (e.scrollWidth > innerWidth) out.push(`page ${{e.tagName}} ${{e.scrollWidth}} px wide`);
  for (const grid of grids()) {{
    const scroller = grid.querySelector('.dvn-scroller');
    if (!scroller) out.push(`grid in ${{name(grid)}} not drawn`);
    else if (scroller.scrollWidth > scroller.clientWidth + 1)
      out.push(`grid in ${{name(grid)}}: ${{scroller.scrollWidth}} px of columns in ${{scroller.clientWidth}} px`);
  }}
  for (const table of [...document.querySelectorAll('[data-testid="stMain"] table')].filter(seen)) {{
    const box = table.getBoundingClientRect(), wrap = table.parentElement;
    if (box.right > innerWidth || box.left < 0 || wrap.scrollWidth > wrap.clientWidth + 1)
      out.push(`table in ${{name(table)}}: ${{Math.round(box.width)}} px`);
  }}
  return out;
}}"""
GRIDS = f"() => {{ {SEEN} return grids().map(name); }}"


@pytest.mark.parametrize(
    "path",
    [
        "/?as_of=2024-06-05",
        "/timeline",
        "/unit?unit=%C4%90%C3%A0+B%E1%BA%AFc",
        "/followups?as_of=2024-06-05",
        "/history",
    ],
    ids=["overview", "timeline", "unit", "followups", "history"],
)
def test_nothing_scrolls_sideways_on_a_phone(server, browser, path):  # noqa: F811
    """At 390 px the page is no wider than the screen and no table scrolls sideways (a wide table
    is read as cards there); the same tables are there as tables at a laptop's width."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server.url + path)
    ready(page)
    page.locator("[data-testid='stMain'] [data-testid='stMarkdown']").last.wait_for(timeout=20_000)
    page.wait_for_timeout(1_000)  # grids draw after the script has run
    found = page.evaluate(SIDEWAYS)
    shown = page.locator("[class*='st-key-phone-only-']:visible").count()
    page.set_viewport_size(LAPTOP)
    page.wait_for_timeout(1_000)
    wide = page.evaluate(GRIDS)
    context.close()
    assert not found, "\n".join(found)
    if any(p in path for p in ("unit", "followups", "history")):  # cards on the phone, tables on a laptop
        assert shown >= 1 and any(w.startswith("st-key-wide-only-") for w in wide), wide


def test_the_page_begins_just_under_the_header_on_a_phone(server, browser):  # noqa: F811
    """At 390 px, the first thing on the page is at most 12 px below the header bar (Streamlit
    left 36 px empty there)."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server.url + "/unit")
    ready(page)
    for _ in range(20):  # the style sheet arrives with the page's run: measured once it is in
        header, first = page.evaluate(
            """() => [document.querySelector('[data-testid="stHeader"]').getBoundingClientRect().bottom,
                      document.querySelector('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]')
                          .getBoundingClientRect().top]"""
        )
        if header > 0 and 0 <= first - header <= 12:
            break
        page.wait_for_timeout(500)
    context.close()
    assert header > 0 and 0 <= first - header <= 12, (header, first)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_mode_bar_speaks_the_page_language_and_its_buttons_are_big_enough(server, browser, lang):  # noqa: F811
    """On a laptop (a mouse), the Unit page's chart: the mode bar's two buttons are named in the
    page's language and are at least 24 px square (WCAG 2.2's minimum for a pointer)."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(server.url + "/unit" + ("?lang=English" if lang == "en" else ""))
    ready(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".main-svg").first.wait_for(timeout=60_000)
    chart.scroll_into_view_if_needed()
    chart.hover()
    chart.locator(".modebar-btn").first.wait_for(timeout=10_000)
    buttons = chart.locator(".modebar-btn").evaluate_all(
        "bs => bs.map(b => [b.getAttribute('data-title'), b.getAttribute('aria-label'), b.offsetWidth, b.offsetHeight])"
    )
    context.close()
    names = [t("plotly_download_png", lang), t("plotly_reset_axes", lang)]
    assert [b[:2] for b in buttons] == [[name, name] for name in names]
    assert all(min(b[2:]) >= 24 for b in buttons), buttons


def test_no_headline_number_has_its_label_cut_on_a_phone(server, browser):  # noqa: F811
    """At 390 px the headline numbers' labels wrap rather than end in "…" (the deadline's did)."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server.url + "/")
    ready(page)
    page.locator('[data-testid="stMetricLabel"]').first.wait_for(timeout=20_000)
    cut = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *')]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
    )
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    context.close()
    deadline = fmt_date(load_campaign().deadline)
    assert any(deadline in label for label in labels), labels  # the whole date, not "30/06/…"
    assert not cut, cut


TARGETS = "a, button, input, [role='combobox'], [role='option'], [role='radio'], [role='checkbox'], summary"


def test_touch_targets_are_at_least_44_px(server, browser):  # noqa: F811
    """At a phone's width, with the sidebar open and the unit list open: every visible target
    in the sidebar and the page is at least 44 px high."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server.url + "/unit")
    ready(page)
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    box.click()
    page.get_by_role("option").first.wait_for(timeout=10_000)
    small = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].filter(e => {
            const r = e.getBoundingClientRect();
            if (r.width <= 1 || r.height <= 1 || getComputedStyle(e).visibility === 'hidden') return false;
            if (e.closest('.modebar')) return false;
            if (getComputedStyle(e).clipPath !== 'none' || e.closest('[style*="clip"]')) return false;  // for screen readers only  // Plotly's mode bar: the charts' matter (README)
            return r.height < 44;
        }).map(e => (e.getAttribute('aria-label') || e.textContent || e.tagName).trim().slice(0, 40) + ' ' +
                    (e.getAttribute('data-testid') || e.tagName) + ' ' +
                    Math.round(e.getBoundingClientRect().height))""",
        TARGETS,
    )
    context.close()
    assert not small, "\n".join(small)


def test_three_quick_picks_in_the_unit_filter_are_never_lost(server, browser):  # noqa: F811
    """Three units tapped in the open list about 0.3 s apart, twenty times over (each on a
    freshly opened page, where a pick was once lost): all three end in the filter and the address.
    Taps, as a finger makes them (touch events): a scripted mouse click (Playwright's ``click``
    jumps onto the option and presses at once) in a freshly opened list was lost 1-2 times in 20,
    see the README."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    wanted = ["Kim Bôi", "Lạc Sơn", "Cao Phong"]
    lost = []
    for attempt in range(20):
        page.goto(server.url + "/timeline")
        ready(page)
        expand = page.locator('[data-testid="stExpandSidebarButton"]')
        if expand.is_visible():  # the sidebar may open as it was left
            expand.click()
        page.wait_for_timeout(800)  # the sidebar slides in
        box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
        box.click()
        for unit in wanted:
            page.get_by_role("option", name=unit).tap()
            try:  # as a person does: the chip shows, then the next pick
                box.get_by_text(unit, exact=True).wait_for(timeout=5_000)
            except PlaywrightTimeout:
                lost.append((attempt, f"the tap on {unit} did not take"))
            page.wait_for_timeout(300)
        page.keyboard.press("Escape")
        settle(page)
        chips = box.inner_text()
        units = parse_qs(urlparse(page.url).query).get("units", [])
        if sorted(units) != sorted(wanted) or not all(u in chips for u in wanted):
            lost.append((attempt, units))
    context.close()
    assert not lost, lost


def test_the_language_switch_and_the_filters_by_keyboard(server, browser):  # noqa: F811
    """The language switch is one Tab stop (a radio group: Streamlit 1.67's segmented control
    moves between its buttons with the arrow keys, as WAI-ARIA's pattern has it); the arrow
    reaches "English", Enter switches, and the focus shows as an outline all along."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(server.url + "/")
    ready(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("radio", name="Tiếng Việt").focus()

    def focused() -> list[str]:
        return page.evaluate(
            "() => [document.activeElement.textContent, getComputedStyle(document.activeElement).outlineWidth]"
        )

    assert focused() == ["Tiếng Việt", "3px"]
    page.keyboard.press("ArrowRight")
    assert focused() == ["English", "3px"]
    page.keyboard.press("Tab")  # out of the switch, on to the navigation
    assert focused()[0].endswith(t("nav_overview", "vi")) and focused()[1] == "3px"
    sidebar.get_by_role("radio", name="Tiếng Việt").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=t("overview_title", "en")).wait_for(timeout=20_000)
    page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=20_000)
    assert page.title() == "DTTS · " + t("nav_overview", "en")
    context.close()
