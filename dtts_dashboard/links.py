"""The view's address: what a shared or hand-typed link may say, read as the sidebar writes it.

The sidebar's widgets keep the view in the address, each as the text it shows:
``?lang=English&units=Đà+Bắc&items=Draft+script&member=Trần+Thị+B&as_of=2024-06-05``.
People shorten and
retype links (``lang=en``, ``units=Da+Bac``, ``items=script``, ``as_of=5/6/2024``), and a
link made in one language may be opened with another in its address. ``canonical_params``
turns any of these into the widgets' own form, and says which values it could not read,
so that a link never silently shows another view than the one it was sent for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .campaign import Campaign
from .text import loose_key

LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}
_LANG_WORDS = {
    "vi": ("vi", "vn", "vie", "tieng viet", "vietnamese"),
    "en": ("en", "eng", "english", "tieng anh", "anh"),
}


def language_of(value: str) -> str | None:
    """The language code a typed value names (a code, the switch's label, with or without
    diacritics), or None."""
    key = loose_key(value)
    for code, words in _LANG_WORDS.items():
        if key in words or key == loose_key(LANG_NAMES[code]):
            return code
    return None


def item_key(campaign: Campaign, value: str) -> str | None:
    """The item a typed value names: its key, or its label in either language."""
    key = loose_key(value)
    for item in campaign.items:
        if key in (item.key, loose_key(item.vi), loose_key(item.en)):
            return item.key
    return None


def member_name(campaign: Campaign, value: str) -> str | None:
    """The steering-committee member a typed value names (case, spacing and diacritics
    ignored), or None."""
    key = loose_key(value)
    return next((m.name for m in campaign.members if loose_key(m.name) == key), None)


AS_OF_MARGIN = dt.timedelta(days=120)


def as_of_bounds(campaign: Campaign) -> tuple[dt.date, dt.date]:
    """The dates the as-of filter offers: four months either side of the campaign."""
    return campaign.inspection_start - AS_OF_MARGIN, campaign.deadline + AS_OF_MARGIN


def _date(value: str) -> dt.date | None:
    from .validate import parse_date  # dates are read as in a file: ISO or day first

    return parse_date(value.strip())


def canonical_params(params: Mapping[str, list[str]], campaign: Campaign) -> tuple[dict[str, list[str]], list[str]]:
    """The view's parameters as the widgets write them, and the values that name nothing.

    ``params`` maps each parameter to its values (a parameter may repeat). Parameters this
    module does not own are returned as they are."""
    out = {key: list(values) for key, values in params.items()}
    unread: list[str] = []
    lang = "vi"
    if out.get("lang"):
        found = language_of(out["lang"][-1])
        if found is None:
            unread.append(out["lang"][-1])
        else:
            lang = found
        out["lang"] = [LANG_NAMES[lang]]
    if "units" in out:
        units = []
        for value in out["units"]:
            match = campaign.match_unit(value)
            if match.unit is None:
                unread.append(value)
            elif match.unit not in units:
                units.append(match.unit)
        out["units"] = units
    if "items" in out:
        keys = []
        for value in out["items"]:
            key = item_key(campaign, value)
            if key is None:
                unread.append(value)
            elif key not in keys:
                keys.append(key)
        out["items"] = [campaign.item(k).label(lang) for k in keys]
    if out.get("member"):
        name = member_name(campaign, out["member"][-1])
        if name is None:
            unread.append(out["member"][-1])
        out["member"] = [name] if name else []
    if out.get("as_of"):
        date = _date(out["as_of"][-1])
        low, high = as_of_bounds(campaign)
        if date is None or not low <= date <= high:
            unread.append(out["as_of"][-1])
            out["as_of"] = []
        else:
            out["as_of"] = [date.isoformat()]
    return {key: values for key, values in out.items() if values}, unread


MULTI = ("units", "items")  # the parameters that may repeat


def widget_values(params: Mapping[str, list[str]], campaign: Campaign) -> dict:
    """The sidebar widgets' values for canonical parameters: language code, unit names,
    item keys, date. ``link_params`` is the way back."""
    values: dict = {}
    if params.get("lang"):
        values["lang"] = language_of(params["lang"][0])
    if "units" in params:
        values["units"] = list(params["units"])
    if "items" in params:
        values["items"] = [item_key(campaign, v) for v in params["items"]]
    if params.get("member"):
        values["member"] = params["member"][0]
    if params.get("as_of"):
        values["as_of"] = dt.date.fromisoformat(params["as_of"][0])
    return values


def link_params(values: Mapping, campaign: Campaign) -> dict[str, list[str]]:
    """The sidebar widgets' values as the address holds them (what ``widget_values`` reads
    back); defaults are left out: Vietnamese, every unit, every item, the latest date."""
    lang = values.get("lang") or "vi"
    params: dict[str, list[str]] = {}
    if lang != "vi":
        params["lang"] = [LANG_NAMES[lang]]
    if values.get("units"):
        params["units"] = list(values["units"])
    if values.get("items"):
        labels = {i.key: i.label(lang) for i in campaign.items}
        params["items"] = [labels[k] for k in values["items"] if k in labels]
    if values.get("member"):
        params["member"] = [values["member"]]
    if values.get("as_of"):
        params["as_of"] = [values["as_of"].isoformat()]
    if values.get("version"):
        params["version"] = [str(values["version"])]
    return params


def query(params: Mapping[str, list[str]]) -> dict[str, str | list[str]]:
    """Parameters in the form Streamlit's links take: a list only where one may repeat."""
    return {key: values if key in MULTI else values[0] for key, values in params.items()}
