"""Every page works on every valid store: files the validator accepts, whatever optional
columns they leave out and whatever edge values they hold, never make a page crash."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
from pathlib import Path

import streamlit as st
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from dtts_dashboard.campaign import load_campaign
from dtts_dashboard.schema import PROGRESS, SCHEDULE, columns
from dtts_dashboard.store import Store

from .conftest import ROOT

CAMPAIGN = load_campaign(ROOT / "data" / "campaign.toml")
UNITS = CAMPAIGN.unit_names
PAGES = ["app.py", "pages/1_timeline.py", "pages/2_unit.py", "pages/3_upload.py", "pages/4_history.py"]
PAGES.append("pages/5_export.py")
PROGRESS_COLUMNS = columns(CAMPAIGN, PROGRESS)
SCHEDULE_COLUMNS = columns(CAMPAIGN, SCHEDULE)

# Dates near the campaign most of the time, and now and then decades away from it.
near = hs.dates(CAMPAIGN.inspection_start - dt.timedelta(days=60), CAMPAIGN.deadline + dt.timedelta(days=60))
far = hs.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31))
dates = hs.one_of(near, near, near, far)
optional_date = hs.one_of(hs.just(""), dates.map(lambda d: d.strftime("%d/%m/%Y")))
status = hs.sampled_from(["", "", "Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "x", "0"])
text = hs.sampled_from(["", "Không", "-", "Thiếu kinh phí", "Dòng một\nDòng hai", 'Có "ngoặc", dấu phẩy; chấm phẩy'])
delegates = hs.one_of(hs.just(""), hs.integers(0, 400).map(str))
NAN = re.compile(r"\b(nan|None|NaT|<NA>)\b")
CELL = {"status": status, "date": optional_date, "int": delegates, "text": text}


def _csv(headers: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@hs.composite
def progress_file(draw, units: list[str]) -> bytes:
    """Reports of some of ``units`` (at least one row), with a random set of optional columns."""
    optional = [c for c in PROGRESS_COLUMNS if not c.required]
    kept = [c for c in optional if draw(hs.booleans())]
    chosen = draw(hs.lists(hs.sampled_from(units), min_size=1, max_size=len(units), unique=True))
    rows = []
    for unit in chosen:
        for day in draw(hs.lists(dates, min_size=1, max_size=3, unique=True)):
            rows.append([day.strftime("%d/%m/%Y"), unit, *(draw(CELL[c.type]) for c in kept)])
    return _csv(["Ngày báo cáo", "Đơn vị", *(c.vi for c in kept)], rows)


@hs.composite
def schedule_file(draw, units: list[str]) -> bytes:
    optional = [c for c in SCHEDULE_COLUMNS if not c.required]
    kept = [c for c in optional if draw(hs.booleans())]
    chosen = draw(hs.lists(hs.sampled_from(units), min_size=1, max_size=len(units)))
    rows = [[unit, draw(dates).strftime("%d/%m/%Y"), *(draw(text) for _ in kept)] for unit in chosen]
    return _csv(["Đơn vị", "Ngày kiểm tra", *(c.vi for c in kept)], rows)


@hs.composite
def stores(draw):
    """The files of a store (progress files, then maybe a schedule), the unit to open on the
    Unit page and the as-of date to view (None: the default)."""
    units = draw(hs.lists(hs.sampled_from(UNITS), min_size=1, max_size=len(UNITS), unique=True))
    files = [(PROGRESS, draw(progress_file(units))) for _ in range(draw(hs.integers(0, 2)))]
    if not files or draw(hs.booleans()):
        files.append((SCHEDULE, draw(schedule_file(units))))
    unit = draw(hs.sampled_from(UNITS))
    as_of = draw(hs.one_of(hs.none(), near))
    return files, unit, as_of


QUICK = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@QUICK
@given(example=stores())
def test_every_page_works_on_every_valid_store(monkeypatch, example):
    files, unit, as_of = example
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.sqlite"
        monkeypatch.setenv("DTTS_DB", str(path))
        store = Store(path, CAMPAIGN)
        for number, (kind, data) in enumerate(files):
            store.import_file(data, f"file{number}.csv", "test", kind=kind)
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["unit"] = unit
        if as_of is not None:
            at.query_params["as_of"] = as_of.isoformat()
        at.run()
        for lang in ("vi", "en"):
            at.segmented_control(key="lang").set_value(lang).run()
            for page in PAGES:
                at.switch_page(page).run()
                assert not at.exception, (page, lang, [e.stack_trace for e in at.exception])
                assert not at.error, (page, lang, [e.value for e in at.error])
                assert at.title, (page, lang)
                shown = [
                    e.value for kind in ("markdown", "caption", "text", "info", "warning") for e in getattr(at, kind)
                ]
                assert not [line for line in shown if NAN.search(str(line))], (
                    page,
                    lang,
                    "a missing value shown as nan",
                )
