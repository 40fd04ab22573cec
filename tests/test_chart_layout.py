"""Every chart of every page, in a real Chromium at a phone's width (390 px) and a laptop's
(1366 px): no two texts overlap, no text covers a marker, no text is cut at the chart's edge,
and Plotly's mode bar covers no text. The texts are measured where the browser drew them."""

from pathlib import Path

import pytest

from dtts_dashboard.campaign import load_campaign
from dtts_dashboard.store import Store

from .conftest import ROOT
from .test_browser import CHROMIUM, SHOTS, Server, browser, settle  # noqa: F401 (browser: a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (./dev test installs it)"),
]

# Findings of four visits: all met, one item needing work, one failing, and one visit with
# nothing assessed; the other visits of the schedule have none recorded.
FINDINGS = (
    "Đơn vị,Ngày kiểm tra,Triển khai văn bản chỉ đạo,Chỉ đạo tổ chức Đại hội,Dự thảo Văn kiện,"
    "Dự thảo Chương trình,Dự thảo Kịch bản,Kiến nghị của đoàn\n"
    "Kim Bôi,30/05/2024,Đạt,Đạt,Đạt,Đạt,Đạt,\n"
    "Lạc Thủy,31/05/2024,Đạt,Đạt,Cần hoàn thiện,Đạt,Đạt,Bổ sung số liệu vào dự thảo văn kiện\n"
    "Yên Thủy,31/05/2024,Đạt,Chưa đạt,Cần hoàn thiện,Đạt,,Kiện toàn tiểu ban tổ chức\n"
    "Cao Phong,03/06/2024,,,,,,\n"
)

MEASURE = """(chart) => {
  const box = (r) => ({l: r.left, t: r.top, r: r.right, b: r.bottom});
  const shown = (el) => {
    for (let a = el; a && a !== chart; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
    }
    return true;
  };
  const svg = box(chart.querySelector('svg.main-svg').getBoundingClientRect());
  const texts = [];
  for (const el of chart.querySelectorAll('svg.main-svg text')) {
    const words = el.textContent.trim();
    const r = el.getBoundingClientRect();
    if (!words || r.width < 1 || r.height < 1 || el.closest('.hoverlayer') || !shown(el)) continue;
    const group = el.closest('.annotation, .legend, .xtick, .ytick, .g-xtitle, .g-ytitle, .textpoint, .point');
    texts.push({words, where: group ? group.getAttribute('class').split(' ')[0] : el.getAttribute('class'), ...box(r)});
  }
  const markers = [...chart.querySelectorAll('path.point')].filter(shown).map((p) => {
    const r = p.getBoundingClientRect();
    return {name: p.closest('.trace') ? 'marker' : 'point', ...box(r)};
  }).filter((m) => m.r - m.l >= 1);
  const bar = chart.querySelector('.modebar');
  const modebar = bar && shown(bar.parentElement) ? box(bar.getBoundingClientRect()) : null;
  return {svg, texts, markers, modebar};
}"""


def overlap(a: dict, b: dict, slack: float = 1.0) -> bool:
    return min(a["r"], b["r"]) - max(a["l"], b["l"]) > slack and min(a["b"], b["b"]) - max(a["t"], b["t"]) > slack


def problems(drawn: dict) -> list[str]:
    """Every collision and every cut text of one chart, in words naming the texts."""
    found = []
    texts, svg = drawn["texts"], drawn["svg"]
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if overlap(a, b):
                found.append(f"“{a['words']}” ({a['where']}) overlaps “{b['words']}” ({b['where']})")
        for marker in drawn["markers"]:
            if overlap(a, marker):
                found.append(
                    f"“{a['words']}” ({a['where']}) covers a marker at x={marker['l']:.0f}, y={marker['t']:.0f}"
                )
        if a["l"] < svg["l"] - 1 or a["r"] > svg["r"] + 1 or a["t"] < svg["t"] - 1 or a["b"] > svg["b"] + 1:
            found.append(f"“{a['words']}” ({a['where']}) is cut at the chart's edge")
        if drawn["modebar"] and overlap(a, drawn["modebar"], 0):
            found.append(f"the mode bar covers “{a['words']}” ({a['where']})")
    return found


def test_problems_are_found():
    """The measure can fail: two texts on each other, a cut one and one under the mode bar."""
    svg = {"l": 0, "t": 0, "r": 300, "b": 200}
    drawn = {
        "svg": svg,
        "texts": [
            {"words": "Hạn chót 30/06/2024", "where": "annotation", "l": 200, "t": 10, "r": 310, "b": 24},
            {"words": "Thời gian kiểm tra", "where": "annotation", "l": 190, "t": 12, "r": 280, "b": 26},
        ],
        "markers": [{"l": 250, "t": 15, "r": 263, "b": 28}],
        "modebar": {"l": 240, "t": 0, "r": 300, "b": 14},
    }
    found = problems(drawn)
    assert "“Hạn chót 30/06/2024” (annotation) overlaps “Thời gian kiểm tra” (annotation)" in found
    assert "“Hạn chót 30/06/2024” (annotation) is cut at the chart's edge" in found
    assert any("covers a marker" in p for p in found) and any("mode bar covers" in p for p in found)
    assert problems({**drawn, "texts": drawn["texts"][1:], "markers": [], "modebar": None}) == []


@pytest.fixture(scope="module")
def findings_server(tmp_path_factory):
    """The sample's reports and schedule stored as real data, with findings of four visits."""
    folder = tmp_path_factory.mktemp("charts")
    store = Store(folder / "store.sqlite", load_campaign())
    sample = ROOT / "data" / "sample"
    store.import_file((sample / "progress.csv").read_bytes(), "tien-do.csv", "test")
    store.import_file((sample / "schedule.csv").read_bytes(), "lich.csv", "test")
    store.import_file(FINDINGS.encode(), "ket-qua.csv", "test")
    server = Server({"DTTS_DB": str(folder / "store.sqlite"), "DTTS_EDITORS": str(folder / "editors.json")})
    yield server
    server.stop()


def charts_on(page, count: int = 1) -> list[dict]:
    """Each chart of the page scrolled into view (Plotly draws a chart once it is seen), measured,
    once the page shows (at least) ``count`` charts."""
    charts = page.locator('[data-testid="stPlotlyChart"]')
    charts.nth(count - 1).wait_for(timeout=60_000)
    drawn = []
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        chart.locator(".main-svg").first.wait_for(timeout=60_000)
        page.wait_for_timeout(600)  # a responsive chart settles to its box's width
        drawn.append(chart.locator(".js-plotly-plot").evaluate(MEASURE))
    return drawn


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory):
    """A fresh store: the bundled sample, with its illustrative reporting rounds."""
    folder = tmp_path_factory.mktemp("sample")
    server = Server({"DTTS_DB": str(folder / "store.sqlite"), "DTTS_EDITORS": str(folder / "editors.json")})
    yield server
    server.stop()


# (store, address, name, charts): every page that draws charts, in both languages
PAGES = [
    ("sample", "/?as_of=2024-06-12", "overview", 1),
    ("findings", "/timeline?as_of=2024-06-05", "timeline", 2),  # ten units: no lanes
    ("findings", "/timeline", "timeline-latest", 2),
    ("findings", "/timeline?units=Mai+Ch%C3%A2u&units=T%C3%A2n+L%E1%BA%A1c&lang=English", "timeline-two-units-en", 3),
    ("findings", "/unit?unit=Kim+B%C3%B4i", "unit", 1),
    ("sample", "/?as_of=2024-06-12&lang=English", "overview-en", 1),
]


@pytest.mark.parametrize("width, height", [(390, 844), (1366, 900)], ids=["phone", "laptop"])
@pytest.mark.parametrize("store, path, name, count", PAGES, ids=[p[2] for p in PAGES])
def test_chart_texts_never_collide_nor_get_cut(request, browser, store, path, name, count, width, height):  # noqa: F811
    server = request.getfixturevalue(f"{store}_server")
    phone = width < 500
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
    )
    page = context.new_page()
    try:
        page.goto(server.url + path)
        settle(page)
        drawn = charts_on(page, count)
        charts = page.locator('[data-testid="stPlotlyChart"]')
        page.add_style_tag(content='[data-testid="stHeader"] { display: none; }')  # not over the pictures
        for index in range(charts.count()):  # kept for a person to look at
            charts.nth(index).screenshot(path=str(SHOTS / f"charts-{name}-{width}-{index + 1}.png"))
        found = [f"chart {i + 1}: {p}" for i, chart in enumerate(drawn) for p in problems(chart)]
        assert not found, "\n".join(found)
        assert len(drawn) == count
        assert all(chart["texts"] for chart in drawn)  # something was measured
        # a mouse finds the mode bar (in its strip); a finger gets no buttons too small to tap
        assert all((chart["modebar"] is None) == phone for chart in drawn)
    finally:
        context.close()


def test_phone_timeline_shows_each_visit_outcome(findings_server, browser):  # noqa: F811
    """At 390 px, as of 05/06: the legend names every outcome, and the visits' markers are drawn."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(findings_server.url + "/timeline?as_of=2024-06-05")
        settle(page)
        # the schedule's chart, whose legend names the congresses (the page may still be drawing the others)
        chart = page.locator('[data-testid="stPlotlyChart"]').filter(has_text="Đại hội (dự kiến)").first
        chart.locator(".main-svg").first.wait_for(timeout=60_000)
        legend = chart.locator(".legendtext").all_text_contents()
        assert legend[:5] == [
            "Kiểm tra: có nội dung chưa đạt",
            "Kiểm tra: cần hoàn thiện",
            "Kiểm tra: đạt tất cả",
            "Kiểm tra: chưa có kết quả",
            "Kiểm tra (dự kiến)",
        ]
        assert chart.locator("path.point").count() >= 10 + 1  # ten visits and Kim Bôi's congress at least
    finally:
        context.close()
