"""The campaign: province, inspection period, deadline, units and checklist items, reporting
rounds and steering-committee members, read from data/."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import tomli  # tomllib's own code compiled: 10,000 units' campaign read in 0.08 s, not 0.25 s

from . import settings
from .settings import ROOT
from .text import loose_key, nfc, strip_unit_prefix, tone_key

DATA_DIR = ROOT / "data"


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str


@dataclass(frozen=True)
class Item:
    key: str
    vi: str
    en: str
    draft: bool = False  # a draft the congress needs (văn kiện, chương trình, kịch bản)
    short_vi: str = ""  # for narrow places (the status matrix's headers)
    short_en: str = ""

    def label(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en

    def short(self, lang: str) -> str:
        return (self.short_vi if lang == "vi" else self.short_en) or self.label(lang)


@dataclass(frozen=True)
class Round:
    """A reporting round: every unit is asked for a report by ``due`` (see ``rounds``)."""

    name: str
    due: dt.date
    name_en: str = ""
    illustrative: bool = False  # invented for the sample campaign, said wherever the round shows

    def label(self, lang: str) -> str:
        return (self.name_en if lang == "en" else self.name) or self.name


@dataclass(frozen=True)
class Member:
    """A member of the steering committee and the units the member is assigned to follow
    (Quyết định 78/QĐ-BCĐ of 02/4/2024 assigns members to districts)."""

    name: str
    title: str
    units: tuple[str, ...]  # canonical unit names, in campaign order
    illustrative: bool = False  # invented for the sample campaign, said wherever the member shows


@dataclass(frozen=True)
class UnitMatch:
    """The outcome of looking a typed unit name up: a unit, or why not."""

    unit: str | None
    ambiguous: tuple[str, ...] = ()
    suggestion: str | None = None


@dataclass(frozen=True)
class Campaign:
    province: str
    title_vi: str
    title_en: str
    plan_vi: str
    plan_en: str
    inspection_start: dt.date
    inspection_end: dt.date
    deadline: dt.date
    delegate_cap: int
    units: tuple[Unit, ...]
    items: tuple[Item, ...]
    report: dict = field(default_factory=dict, hash=False, compare=False)
    # Needs attention: drafts unfinished this many days or fewer before the congress (or,
    # without a congress date, the deadline); no new report for more than ``report_days``.
    attention_days: int = 14
    report_days: int = 7
    followup_days: int = 7  # a difficulty or proposal open longer than this needs attention
    # Reporting rounds, by due date (optional: none, and the dashboard shows no rounds).
    rounds: tuple[Round, ...] = ()
    # Steering-committee members (optional: none, and the dashboard has no "followed by" filter).
    members: tuple[Member, ...] = ()
    # Derived lookups (unit index, header tables), built once per campaign: hashing a
    # campaign of 10,000 units on every lookup would cost more than the lookup.
    # Not an init field: a campaign copied with ``dataclasses.replace`` starts a memo of its own.
    memo: dict = field(default_factory=dict, init=False, hash=False, compare=False, repr=False)

    def memoized(self, key, build):
        if key not in self.memo:
            self.memo[key] = build()
        return self.memo[key]

    def for_real_data(self) -> Campaign:
        """The campaign as real data see it: without the rounds and members marked illustrative
        (invented for the sample; a reminder about an invented round must never reach a real
        unit, nor an invented name stand beside its real data)."""
        if not any(r.illustrative for r in self.rounds) and not any(m.illustrative for m in self.members):
            return self
        return self.memoized(
            "for_real_data",
            lambda: replace(
                self,
                rounds=tuple(r for r in self.rounds if not r.illustrative),
                members=tuple(m for m in self.members if not m.illustrative),
            ),
        )

    def member(self, name: str | None) -> Member | None:
        return next((m for m in self.members if m.name == name), None)

    def members_of(self, unit: str) -> list[Member]:
        """The members assigned to follow ``unit``, in the campaign's order."""
        return [m for m in self.members if unit in m.units]

    def units_in_view(self, picked: list[str] | None, member: str | None) -> list[str] | None:
        """The units the filters leave: those picked (None: every unit) that ``member``
        follows (None: any member), in campaign order; None when neither narrows, and an
        empty list when together they leave none."""
        followed = self.member(member)
        if not picked and followed is None:
            return None
        return [u for u in self.unit_names if (not picked or u in picked) and (followed is None or u in followed.units)]

    @property
    def unit_names(self) -> list[str]:
        return [u.name for u in self.units]

    @property
    def item_keys(self) -> list[str]:
        return [i.key for i in self.items]

    @property
    def draft_keys(self) -> list[str]:
        """The items that are drafts for the congress (all items when none is marked)."""
        return [i.key for i in self.items if i.draft] or self.item_keys

    def title(self, lang: str) -> str:
        return self.title_vi if lang == "vi" else self.title_en

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)

    def match_unit(self, typed: str) -> UnitMatch:
        return self.memoized("unit_index", lambda: _UnitIndex(self.units)).match(typed)


class _UnitIndex:
    def __init__(self, units: tuple[Unit, ...]):
        self.exact: dict[str, set[str]] = {}
        self.loose: dict[str, set[str]] = {}
        for unit in units:
            for form in (unit.name, strip_unit_prefix(unit.name), f"{unit.kind} {unit.name}"):
                self.exact.setdefault(tone_key(form), set()).add(unit.name)
                self.loose.setdefault(loose_key(form), set()).add(unit.name)
        self.names = {loose_key(strip_unit_prefix(u.name)): u.name for u in units}
        self.canonical = {u.name for u in units}

    def match(self, typed: str) -> UnitMatch:
        if typed in self.canonical:  # the common case: typed exactly as the campaign spells it
            return UnitMatch(typed)
        found = self.exact.get(tone_key(typed))
        if found and len(found) == 1:
            return UnitMatch(next(iter(found)))
        for form in (nfc(typed), strip_unit_prefix(typed)):
            found = self.exact.get(tone_key(form))
            if found and len(found) == 1:
                return UnitMatch(next(iter(found)))
        for form in (nfc(typed), strip_unit_prefix(typed)):
            found = self.loose.get(loose_key(form))
            if found:
                if len(found) == 1:
                    return UnitMatch(next(iter(found)))
                return UnitMatch(None, ambiguous=tuple(sorted(found)))
        close = difflib.get_close_matches(loose_key(strip_unit_prefix(typed)), list(self.names), n=1, cutoff=0.6)
        return UnitMatch(None, suggestion=self.names[close[0]] if close else None)


class CampaignError(ValueError):
    """The campaign file is missing or malformed."""


# The written reports' header and closing (the campaign's [report] table): what a campaign
# leaves out. ``place`` defaults to the province, ``subject`` and ``findings_subject`` to the title.
REPORT_DEFAULTS = {
    "parent_body": "",
    "issuing_body": "",
    "issuer_in_text": "cơ quan thường trực",
    "number_line": "Số:      /BC",
    "signer_title": "TRƯỞNG BAN",
    "signer_name": "",  # the name under the signature
    "inspection_team": "Đoàn kiểm tra",
    "recipients": [],
}


def _report(raw: dict, province: str, title: str) -> dict:
    info = {"place": province, "subject": title, "findings_subject": title, **REPORT_DEFAULTS}
    for key, value in raw.items():
        info[key] = [nfc(str(v)) for v in value] if isinstance(value, list) else nfc(str(value))
    if isinstance(info["recipients"], str):  # one recipient written without brackets
        info["recipients"] = [info["recipients"]]
    return info


def _date(raw, name: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError as exc:
        raise CampaignError(f"{name}: expected a date yyyy-mm-dd, got {raw!r}") from exc


def _rounds(raw: list) -> tuple[Round, ...]:
    rounds = []
    for index, r in enumerate(raw, 1):
        if "name" not in r or "due" not in r:
            raise CampaignError(f"round {index} needs a name and a due date")
        rounds.append(
            Round(
                nfc(r["name"]),
                _date(r["due"], f"round {index} due"),
                nfc(r.get("name_en", "")),
                bool(r.get("illustrative", False)),
            )
        )
    rounds.sort(key=lambda r: r.due)
    if len({r.due for r in rounds}) != len(rounds):
        raise CampaignError("two reporting rounds share a due date")
    return tuple(rounds)


def _table_lines(source: str | None, name: str) -> list[int]:
    """The line (1-based) of each ``[[name]]`` header of a TOML text, in order."""
    if source is None:
        return []
    header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
    return [n for n, line in enumerate(source.splitlines(), 1) if header.match(line)]


def _key_line(source: str | None, start: int | None, key: str) -> int | None:
    """The line of ``key = ...`` in the table whose header is on line ``start``; the header's
    line when the key is not there."""
    if source is None or start is None:
        return start
    lines = source.splitlines()
    for n in range(start, len(lines)):  # lines[start] is the line after the header
        if lines[n].lstrip().startswith("["):
            break
        if re.match(rf"^\s*{re.escape(key)}\s*=", lines[n]):
            return n + 1
    return start


def _where(line: int | None) -> str:
    return f"line {line}: " if line else ""


def _members(raw: list, campaign: Campaign, source: str | None) -> tuple[Member, ...]:
    """The ``[[members]]`` tables, each unit matched to the campaign's; a problem is refused
    with the line it is on and what to write instead."""
    if not isinstance(raw, list):
        raise CampaignError("members must be [[members]] tables, each with name, title and units")
    headers = _table_lines(source, "members")
    members: list[Member] = []
    for index, m in enumerate(raw):
        start = headers[index] if index < len(headers) else None
        where = _where(start) + f"[[members]] number {index + 1}: "
        if not isinstance(m, dict):
            raise CampaignError(where + "write each member as a [[members]] table with name, title and units")
        name = nfc(str(m.get("name", ""))).strip()
        if not name:
            raise CampaignError(where + 'it has no name; add a line name = "…" (the member\'s full name)')
        where = _where(_key_line(source, start, "units")) + f"member “{name}”: "
        units = m.get("units")
        if isinstance(units, str):
            units = [units]
        if not isinstance(units, list) or not units:
            raise CampaignError(where + 'add the units the member follows, units = ["Đà Bắc", "Mai Châu"]')
        canonical = []
        for typed in units:
            match = campaign.match_unit(nfc(str(typed)))
            if match.unit is None:
                hint = (
                    f"it could be {' or '.join(match.ambiguous)}"
                    if match.ambiguous
                    else (f"did you mean “{match.suggestion}”?" if match.suggestion else "")
                )
                known = ", ".join(campaign.unit_names)
                raise CampaignError(
                    where + f"“{typed}” is not a unit of the campaign{'; ' + hint if hint else ''}; "
                    f"write it as one of the [[units]]: {known}"
                )
            canonical.append(match.unit)
        if any(existing.name == name for existing in members):
            raise CampaignError(_where(start) + f"two members are named “{name}”; give each member once")
        order = [u for u in campaign.unit_names if u in canonical]
        members.append(Member(name, nfc(str(m.get("title", ""))).strip(), tuple(order), bool(m.get("illustrative"))))
    return tuple(members)


def parse_campaign(data: dict, source: str | None = None) -> Campaign:
    """The campaign from a parsed TOML file; ``source``, the file's text, lets a problem name
    its line."""
    try:
        units = tuple(Unit(nfc(u["name"]), nfc(u.get("kind", "huyện"))) for u in data["units"])
        items = tuple(
            Item(
                i["key"],
                nfc(i["vi"]),
                nfc(i.get("en", i["vi"])),
                bool(i.get("draft", False)),
                nfc(i.get("short_vi", "")),
                nfc(i.get("short_en", "")),
            )
            for i in data["items"]
        )
        campaign = Campaign(
            province=nfc(data["province"]),
            title_vi=nfc(data["title_vi"]),
            title_en=nfc(data.get("title_en", data["title_vi"])),
            plan_vi=nfc(data.get("plan_vi", "")),
            plan_en=nfc(data.get("plan_en", data.get("plan_vi", ""))),
            inspection_start=_date(data["inspection_start"], "inspection_start"),
            inspection_end=_date(data["inspection_end"], "inspection_end"),
            deadline=_date(data["deadline"], "deadline"),
            delegate_cap=int(data.get("delegate_cap", 150)),
            units=units,
            items=items,
            report=_report(data.get("report", {}), nfc(data["province"]), nfc(data["title_vi"])),
            attention_days=int(data.get("attention_days", 14)),
            report_days=int(data.get("report_days", 7)),
            followup_days=int(data.get("followup_days", 7)),
            rounds=_rounds(data.get("rounds", [])),
        )
    except KeyError as exc:
        raise CampaignError(f"campaign file lacks {exc}") from exc
    if not units or not items:
        raise CampaignError("campaign file needs at least one unit and one item")
    if len({u.name for u in units}) != len(units):
        raise CampaignError("two units share a name")
    if data.get("members"):
        campaign = replace(campaign, members=_members(data["members"], campaign, source))
    return campaign


def campaign_path() -> Path:
    return settings.get("DTTS_CAMPAIGN")


@lru_cache(maxsize=8)
def _load(path: str, mtime: int, size: int) -> Campaign:
    with open(path, "rb") as fh:
        raw = fh.read()
    text = raw.decode("utf-8")
    return parse_campaign(tomli.loads(text), text)


def load_campaign(path: Path | str | None = None) -> Campaign:
    """The campaign from ``path``, or from ``DTTS_CAMPAIGN``, or from data/campaign.toml."""
    path = Path(path) if path else campaign_path()
    try:
        info = path.stat()
        return _load(str(path), info.st_mtime_ns, info.st_size)
    except OSError as exc:
        raise CampaignError(f"cannot read campaign file {path}: {exc}") from exc
    except (tomli.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CampaignError(f"campaign file {path} is not valid TOML: {exc}") from exc
    except CampaignError as exc:
        raise CampaignError(f"{path}, {exc}" if str(exc).startswith("line ") else str(exc)) from exc
