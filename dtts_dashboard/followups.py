"""Follow-up items: every difficulty, proposal and inspection recommendation, followed to an answer.

Items are derived from the data, never typed in: each distinct text a unit raised, in its
progress reports (difficulties, proposals) or in what an inspection recommended, is one
item. The same text raised again is the same item, after the Vietnamese folding of
``text.tone_key`` (case, spacing, NFC/NFD, tone-mark placement) and with a trailing full
stop or semicolon ignored; a changed text is a new item, and the earlier one stays until
handled. "Không", "Không có" and the like (``text.is_nothing``) are not items.

The committee's handling of an item (status, who handles it, the answer, its date and the
answering document's number) is stored by the store as versions; ``items`` joins the two.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .text import is_nothing, tone_key

SOURCES = ("difficulty", "proposal", "recommendation")
STATUSES = ("open", "in_hand", "answered", "no_action")
CLOSED = ("answered", "no_action")
HANDLING_COLUMNS = ("item_id", "status", "owner", "response", "response_date", "response_ref")
# An item as the contract's ``followups --json`` gives it; the tables add its age and came-back flag.
CONTRACT_KEYS = [
    "id",
    "unit",
    "source",
    "text",
    "first_raised",
    "last_raised",
    "status",
    "owner",
    "response",
    "response_date",
    "response_ref",
]
ITEM_COLUMNS = [*CONTRACT_KEYS, "age_days", "came_back"]


def item_key(text: str) -> str:
    """What two raisings of one item share: the folded text without a final full stop."""
    return tone_key(text).strip().rstrip(".;。").strip()


def item_id(unit: str, source: str, text: str) -> str:
    """A stable, short identifier of an item (the same whatever spelling raised it)."""
    return _digest(unit, source, item_key(text))


def _digest(unit: str, source: str, key: str) -> str:
    return hashlib.sha1(f"{unit}\x1f{source}\x1f{key}".encode()).hexdigest()[:10]


@dataclass(frozen=True)
class _Raisings:
    """Every raising as numbers: per raising, the codes of its unit, source (``SOURCES``), date
    and text in the lists of distinct values (dates sorted), and the code of its item in ``ids``."""

    unit: np.ndarray
    units: list[str]
    source: np.ndarray
    date: np.ndarray
    dates: list[str]
    text: np.ndarray
    texts: list[str]
    item: np.ndarray
    ids: list[str]

    def column(self, codes: np.ndarray, values: list, rows=slice(None)) -> np.ndarray:
        return np.asarray(values, dtype=object)[codes[rows]]


def _distinct(parts: list[tuple[np.ndarray, list]]) -> tuple[np.ndarray, list]:
    """Codes into each part's own distinct values -> codes into the values of all parts."""
    seen: dict = {}
    codes = [np.array([seen.setdefault(v, len(seen)) for v in values], dtype="int64")[c] for c, values in parts]
    return (np.concatenate(codes) if codes else np.array([], dtype="int64")), list(seen)


def _raisings(
    reports: pd.DataFrame, findings: pd.DataFrame | None, as_of: dt.date | str, units: list[str] | None
) -> _Raisings:
    """Every raising on or before ``as_of`` (only those of ``units`` when given: each unit's
    items are its own) as numbers: each distinct unit, date and text made a Python object
    once (one per raising took a quarter of a second over 600,000 reports)."""
    day = as_of if isinstance(as_of, str) else as_of.isoformat()
    parts = []
    for frame, date, said_in in (
        (reports, "report_date", (("difficulty", "difficulties"), ("proposal", "proposals"))),
        (findings, "inspection_date", (("recommendation", "recommendations"),)),
    ):
        if frame is None or frame.empty:
            continue
        said_in = [(source, column) for source, column in said_in if column in frame.columns]
        if not said_in:
            continue
        in_view = (frame[date] <= day).to_numpy(dtype=bool, na_value=False)
        if units is not None:
            in_view = in_view & frame["unit"].isin(units).to_numpy(dtype=bool)
        said = [in_view & frame[column].notna().to_numpy(dtype=bool) for _, column in said_in]
        rows = np.logical_or.reduce(said)  # the rows raising anything: their units and dates coded once
        # Codes into each column's distinct values (a missing unit is a value too, never -1).
        unit, unit_values = pd.factorize(frame.loc[rows, "unit"], use_na_sentinel=False)
        when, dates = pd.factorize(frame.loc[rows, date])
        unit_values, dates = unit_values.tolist(), dates.tolist()
        for (source, column), mine in zip(said_in, said):
            text, texts = pd.factorize(frame.loc[mine, column])
            something = np.array([not is_nothing(v) for v in texts.tolist()], dtype=bool)[text]  # each text once
            code = np.full(int(something.sum()), SOURCES.index(source), dtype="int64")
            mine = mine[rows]  # among the rows raising anything
            parts.append(
                (
                    (unit[mine][something], unit_values),
                    (when[mine][something], dates),
                    (text[something], texts.tolist()),
                    code,
                )
            )
    unit, unit_values = _distinct([p[0] for p in parts])
    when, dates = _distinct([p[1] for p in parts])
    text, texts = _distinct([p[2] for p in parts])
    source = np.concatenate([p[3] for p in parts] or [np.zeros(0, dtype="int64")])
    by_day = np.empty(len(dates), dtype="int64")  # the dates' codes in date order
    by_day[np.argsort(np.array(dates, dtype=object))] = np.arange(len(dates))
    # One item per unit, source and folded text: a unit repeats its text report after report.
    folded, keys = pd.factorize(np.array([item_key(v) for v in texts], dtype=object))  # each text folded once
    width = max(len(keys), 1)
    item, distinct = pd.factorize((unit * len(SOURCES) + source) * width + folded[text])
    ids = []
    for number in distinct.tolist():
        (u, s), key = divmod(number // width, len(SOURCES)), number % width
        ids.append(_digest(unit_values[u], SOURCES[s], keys[key]))
    return _Raisings(unit, unit_values, source, by_day[when], sorted(dates), text, texts, item, ids)


def items(
    reports: pd.DataFrame,
    findings: pd.DataFrame | None,
    handling: pd.DataFrame,
    campaign,
    as_of: dt.date,
    units: list[str] | None = None,
) -> pd.DataFrame:
    """One row per item (columns ``ITEM_COLUMNS``), units in campaign order, oldest first; only
    the items of ``units`` when given (a unit's page: the same rows as filtering all items).

    ``handling`` holds the current handling of items (``HANDLING_COLUMNS``); an item without
    any is open. The text shown is the latest raising's; ``age_days`` counts from the first
    raising to ``as_of``; ``came_back`` says that it was raised again after its answer."""
    got = _raisings(reports, findings, as_of, units)
    if not len(got.item):
        return pd.DataFrame(columns=ITEM_COLUMNS)
    # Per item: its first raising (unit and source are the item's own) and its last (the
    # latest text), by date then in the raisings' order; as numbers, the rows not sorted.
    rank = pd.Series(got.date * len(got.item) + np.arange(len(got.item)))
    by_item = rank.groupby(got.item, sort=True)
    came = by_item.min().to_numpy()  # in the items' order in ``ids``
    first, last = came % len(got.item), by_item.max().to_numpy() % len(got.item)
    out = pd.DataFrame(
        {
            "id": np.asarray(got.ids, dtype=object),
            "unit": got.column(got.unit, got.units, first),
            "source": got.column(got.source, list(SOURCES), first),
            "text": got.column(got.text, got.texts, last),
            "first_raised": got.column(got.date, got.dates, first),
            "last_raised": got.column(got.date, got.dates, last),
        },
        dtype=object,  # objects, as the table is returned (not made Arrow text first)
    )
    handled = handling.set_index("item_id") if not handling.empty else pd.DataFrame(columns=HANDLING_COLUMNS[1:])
    for name in HANDLING_COLUMNS[1:]:
        out[name] = out["id"].map(handled[name]) if len(handled) else None
    out["status"] = out["status"].where(out["status"].notna(), "open")
    out = out.astype({"status": object})
    firsts = out["first_raised"].tolist()
    ages = {d: (as_of - dt.date.fromisoformat(d)).days for d in set(firsts)}  # each date once
    out["age_days"] = np.array([ages[d] for d in firsts], dtype="int64")
    out["came_back"] = [
        bool(s in CLOSED and isinstance(r, str) and last > r)
        for s, r, last in zip(out["status"].tolist(), out["response_date"].tolist(), out["last_raised"].tolist())
    ]
    # Units in campaign order (any other after them), then by first raising and source (in
    # ``SOURCES``' order, which is also the alphabet's); ties in the order of first raising.
    order = {u: i for i, u in enumerate(campaign.unit_names)}
    unit_order = np.array([order.get(u, len(order)) for u in got.units], dtype="int64")[got.unit[first]]
    out = out.iloc[np.lexsort((came, got.source[first], got.date[first], unit_order))]
    out = out.astype(object).where(out.notna(), None)
    return out[ITEM_COLUMNS].reset_index(drop=True)


def open_items(table: pd.DataFrame) -> pd.DataFrame:
    """The items not yet closed (open or in hand), and those that came back after an answer."""
    if table.empty:
        return table
    return table[~table["status"].isin(CLOSED) | table["came_back"].astype(bool)]


def per_unit(table: pd.DataFrame) -> pd.DataFrame:
    """Per unit with open items: how many, and the age in days of the oldest."""
    still = open_items(table)
    if still.empty:
        return pd.DataFrame(columns=["unit", "open", "oldest_days"])
    ages = still["age_days"].astype("int64")  # as numbers: max over objects runs in Python per group
    grouped = ages.groupby(still["unit"], sort=False)
    return pd.DataFrame({"open": grouped.size(), "oldest_days": grouped.max()}).reset_index()


def to_json(table: pd.DataFrame) -> list[dict]:
    """The items as the ``followups --json`` command prints them (contract)."""
    return [
        {k: r[k] for k in CONTRACT_KEYS} | {"came_back": bool(r["came_back"])} for r in table.to_dict(orient="records")
    ]
