"""What the overview shows, as one plain object (the ``summary --json`` command).

Built by the same functions as the overview page (``metrics`` for the numbers and the
reasons, ``tables`` for their words), so the command and the page cannot disagree."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from .campaign import Campaign
from .metrics import attention, headline, unit_state
from .rounds import current_round
from .tables import attention_reasons


def summary(
    reports: pd.DataFrame,
    schedule: pd.DataFrame,
    campaign: Campaign,
    as_of: dt.date,
    units: list[str] | None = None,
    lang: str = "vi",
    findings: pd.DataFrame | None = None,
    handling: pd.DataFrame | None = None,
) -> dict:
    """The overview as of ``as_of`` for ``units`` (None: every unit), per the contract."""
    state = unit_state(reports, campaign, as_of, units)
    looked = attention(state, reports, schedule, findings, handling, campaign, as_of)
    reasons = attention_reasons(looked.reasons, campaign, lang)
    found = looked.inspection.set_index("unit")
    rows = []
    for r in state.to_dict(orient="records"):
        rows.append(
            {
                "unit": r["unit"],
                "statuses": {key: r[key] for key in campaign.item_keys},
                "congress_date": r["congress_date"],
                "congress_held": bool(r["held"]),
                "last_report_date": r["report_date"],
                "delegates": None if r["delegates"] is None else int(r["delegates"]),
                "findings": {key: found.loc[r["unit"], key] for key in campaign.item_keys},
                "inspection_date": found.loc[r["unit"], "inspection_date"],
                "attention": [{"code": code, "text": text} for code, text in reasons.get(r["unit"], [])],
            }
        )
    numbers = dataclasses.asdict(headline(state, campaign, as_of))
    sample = bool(state["sample"].any())
    rounds = rounds_summary(looked.rounds, campaign, as_of)
    return {"as_of": as_of.isoformat(), "sample": sample, "units": rows, "headline": numbers, "rounds": rounds}


def rounds_summary(by_round: pd.DataFrame, campaign: Campaign, as_of: dt.date) -> list[dict]:
    """The rounds opened by ``as_of``, each with every unit's status code."""
    current = current_round(campaign, as_of)
    out = []
    for index, part in by_round.groupby("round", sort=True):
        round_ = campaign.rounds[int(index)]
        out.append(
            {
                "name": round_.name,
                "name_en": round_.label("en"),
                "due": round_.due.isoformat(),
                "illustrative": round_.illustrative,
                "current": int(index) == current,
                "units": dict(zip(part["unit"], part["status"])),
            }
        )
    return out
