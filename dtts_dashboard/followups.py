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
    digest = hashlib.sha1(f"{unit}\x1f{source}\x1f{item_key(text)}".encode()).hexdigest()
    return digest[:10]


def raised(
    reports: pd.DataFrame, findings: pd.DataFrame | None, as_of: dt.date | str, units: list[str] | None = None
) -> pd.DataFrame:
    """Every raising on or before ``as_of``: unit, source, text, date, id (one row each); only
    those of ``units`` when given (each unit's items are its own)."""
    day = as_of if isinstance(as_of, str) else as_of.isoformat()
    if units is not None:
        reports = reports[reports["unit"].isin(units).to_numpy()]
        findings = None if findings is None else findings[findings["unit"].isin(units).to_numpy()]
    parts = []
    for column, source, frame, date in (
        ("difficulties", "difficulty", reports, "report_date"),
        ("proposals", "proposal", reports, "report_date"),
        ("recommendations", "recommendation", findings, "inspection_date"),
    ):
        if frame is None or frame.empty or column not in frame.columns:
            continue
        part = frame.loc[frame[date] <= day, ["unit", date, column]].rename(columns={date: "date", column: "text"})
        part = part[part["text"].notna()]
        nothing = [v for v in part["text"].unique() if is_nothing(v)]  # each distinct text once
        part = part[~part["text"].isin(nothing).to_numpy()]
        parts.append(part.assign(source=source))
    if not parts:
        return pd.DataFrame(columns=["unit", "source", "text", "date", "id"])
    out = pd.concat(parts, ignore_index=True).astype({"text": object, "date": object})
    # item_id once per distinct (unit, source, text): a unit repeats its text report after report
    codes, distinct = pd.factorize(pd.MultiIndex.from_arrays([out["unit"], out["source"], out["text"]]))
    keys = {text: item_key(text) for text in set(out["text"])}  # each text folded once
    ids = [hashlib.sha1(f"{u}\x1f{s}\x1f{keys[x]}".encode()).hexdigest()[:10] for u, s, x in distinct]
    out["id"] = pd.Index(ids, dtype=object).take(codes) if ids else []
    return out


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
    rows = raised(reports, findings, as_of, units)
    if rows.empty:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    rows = rows.sort_values("date", kind="stable")
    # Per item, in the order of first raising: its first raising (unit and source are the
    # item's own), and its last (the latest text); sorted by date, so min and max.
    first = rows.drop_duplicates("id", keep="first")
    last = rows.drop_duplicates("id", keep="last").set_index("id").loc[first["id"]]
    out = pd.DataFrame(
        {
            "id": first["id"].to_numpy(),
            "unit": first["unit"].to_numpy(),
            "source": first["source"].to_numpy(),
            "text": last["text"].to_numpy(),
            "first_raised": first["date"].to_numpy(),
            "last_raised": last["date"].to_numpy(),
        }
    )
    handled = handling.set_index("item_id") if not handling.empty else pd.DataFrame(columns=HANDLING_COLUMNS[1:])
    for name in HANDLING_COLUMNS[1:]:
        out[name] = out["id"].map(handled[name]) if len(handled) else None
    out["status"] = out["status"].where(out["status"].notna(), "open")
    out = out.astype({"status": object})
    out["age_days"] = [(as_of - dt.date.fromisoformat(d)).days for d in out["first_raised"]]
    out["came_back"] = [
        bool(s in CLOSED and isinstance(r, str) and last > r)
        for s, r, last in zip(out["status"], out["response_date"], out["last_raised"])
    ]
    order = {u: i for i, u in enumerate(campaign.unit_names)}
    out["_order"] = out["unit"].map(order)
    out = out.sort_values(["_order", "first_raised", "source"], kind="stable").drop(columns="_order")
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
