"""What the pages show as tables and cards, built as plain data in the chosen language.

Pages hand these to ``st.dataframe`` / ``st.metric``; exports reuse the same frames, so
what is downloaded is what is seen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .campaign import Campaign, Member, Round
from .cards import MAX_CARDS
from .charts import STATUS_FILL, STATUS_SYMBOLS
from .i18n import fmt_date, t
from .metrics import Headline
from .rounds import LATE, MISSING, NOT_EXPECTED, ON_TIME, ROUND_CODES, units_by_status
from .schema import FINDINGS, PROGRESS, STATUS_BY_KEY, assessment_label, columns, records, status_label
from .text import clean, is_nothing, md_escape
from .visits import RECORDED, Visit


def status_cell(status: str | None, lang: str, short: bool = False) -> str:
    symbol = STATUS_SYMBOLS.get(status if isinstance(status, str) else None, "?")
    return f"{symbol} {status_label(status, lang, short)}"


def _edit_words(key: str, value, campaign: Campaign, lang: str, kind: str = PROGRESS) -> str:
    """A form's value in words for its tables (quick edit, findings): a status's or an
    assessment's label, a date as dd/mm/yyyy, "" for none."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if key in campaign.item_keys:
        return assessment_label(value, lang) if kind == FINDINGS else status_label(value, lang)
    if {c.key: c.type for c in columns(campaign, kind)}.get(key) == "date":
        return fmt_date(value)
    return str(value)


def cells_table(cells: pd.DataFrame, campaign: Campaign, lang: str, kind: str = PROGRESS) -> pd.DataFrame:
    """Changed cells of one report or one visit's findings (column, old, new) in words:
    narrow enough for a phone."""
    labels = {c.key: c.label(lang) for c in columns(campaign, kind)}
    return pd.DataFrame(
        {
            t("col_column", lang): cells["column"].map(labels.get).tolist(),
            t("col_old", lang): [
                _edit_words(c, v, campaign, lang, kind) for c, v in zip(cells["column"], cells["old"])
            ],
            t("col_new", lang): [
                _edit_words(c, v, campaign, lang, kind) for c, v in zip(cells["column"], cells["new"])
            ],
        }
    )


def record_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A one-row table (as ``change_tables`` gives a new report) turned on its side: one line
    per column, so that it reads on a phone."""
    return pd.DataFrame(
        {
            t("col_column", lang): list(frame.columns),
            t("col_value", lang): [str(v) for v in frame.iloc[0]] if len(frame) else [""] * len(frame.columns),
        }
    )


def cells_summary(cells: pd.DataFrame, campaign: Campaign, lang: str, width: int = 60, kind: str = PROGRESS) -> str:
    """Changed cells in a line of Markdown, “Dự thảo Kịch bản: Đang thực hiện → Hoàn thành; …”;
    what someone typed is cut to ``width`` characters and escaped, never interpreted."""
    if cells.empty:
        return ""
    none = t("none_reported", lang)
    labels = {c.key: c.label(lang) for c in columns(campaign, kind)}

    def value(key, raw) -> str:
        text = _edit_words(key, raw, campaign, lang, kind)
        if not text:
            return none
        text = " ".join(text.split())  # on one line, whatever lines it was typed on
        return md_escape(text if len(text) <= width else text[: width - 1].rstrip() + "…")

    return "; ".join(
        f"{md_escape(labels[key])}: {value(key, old)} → {value(key, new)}"
        for key, old, new in zip(cells["column"], cells["old"], cells["new"])
    )


def visit_choice(visit, lang: str) -> str:
    """A visit the findings form offers (``quickedit.Visit``), in words: “10/06/2024 · theo
    lịch · đã có kết quả”."""
    notes = [t("fe_visit_planned", lang)] if visit.planned else []
    if visit.recorded:
        notes.append(t("fe_visit_recorded", lang))
    return " · ".join([fmt_date(visit.date), *notes])


def headline_cards(h: Headline, campaign: Campaign, lang: str) -> list[tuple[str, str]]:
    """(label, value) for each headline number."""
    deadline = fmt_date(campaign.deadline)
    if h.days_left >= 0:
        days = (t("kpi_days_left", lang, date=deadline), str(h.days_left))
    else:
        days = (t("kpi_days_past", lang, date=deadline), str(-h.days_left))
    return [
        (t("kpi_reporting", lang), f"{h.reporting}/{h.units}"),
        (t("kpi_held", lang), f"{h.held}/{h.units}"),
        days,
        (t("kpi_all_drafts", lang), f"{h.all_drafts_done}/{h.units}"),
    ]


def item_progress(h: Headline, campaign: Campaign, items: list[str], lang: str) -> list[tuple[str, float]]:
    """(text, fraction) per checklist item: how many units are done."""
    out = []
    for item in campaign.items:
        if item.key in items:
            done = h.done[item.key]
            out.append((f"{item.label(lang)}: {done}/{h.units} {t('kpi_item_done', lang)}", done / max(h.units, 1)))
    return out


def status_matrix(
    state: pd.DataFrame, campaign: Campaign, items: list[str], lang: str, inspection: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Units x items, each cell a symbol and a (short) word, with report date and congress
    columns; item headers are the short labels, so the matrix fits a laptop's width. Where
    the latest inspection (``metrics.inspection_state``) disagrees with the unit's own
    report, the cell adds "⚠" and what the team found."""
    from .metrics import disagreements
    from .schema import assessment_label

    differ = disagreements(state, inspection, campaign) if inspection is not None else {}
    found = {r["unit"]: r for r in records(inspection)} if differ else {}  # one row per unit
    labels = {i.key: i.short(lang) for i in campaign.items}
    frame = pd.DataFrame({t("col_unit", lang): state["unit"]})
    frame[t("col_congress_date", lang)] = state["congress_date"].map(fmt_date)
    frame[t("col_held", lang)] = [
        t("held_yes", lang) if held else (t("held_no", lang) if date else "")
        for held, date in zip(state["held"], state["congress_date"])
    ]
    cells = {s: status_cell(s, lang, short=True) for s in [*STATUS_BY_KEY, None]}  # made once, not per unit
    row = {u: i for i, u in enumerate(state["unit"].tolist())} if differ else {}
    for key in items:
        column = [cells[s] if s in cells else status_cell(s, lang, short=True) for s in state[key].tolist()]
        for unit, keys in differ.items():  # the few cells an inspection disagrees with
            if key in keys:
                column[row[unit]] += f" ⚠ {t('found', lang)}: {assessment_label(found[unit][key], lang)}"
        frame[labels[key]] = column
    frame[t("col_report_date", lang)] = state["report_date"].map(fmt_date)
    frame[t("col_delegates", lang)] = state["delegates"].map(lambda v: "" if v is None else str(v))
    return frame.reset_index(drop=True)


MAX_STYLED_ROWS = 300


def matrix_styler(frame: pd.DataFrame, campaign: Campaign, items: list[str], lang: str):
    """Colour the status cells (the symbol and word stay: colour is never the only cue).
    Past a few hundred units the colours are left out: styling every cell would slow the page."""
    if len(frame) > MAX_STYLED_ROWS:
        return frame
    by_text = {status_cell(k, lang, short=True): STATUS_FILL[k] for k in [*STATUS_BY_KEY, None]}
    labels = [i.short(lang) for i in campaign.items if i.key in items]

    def fill(value: str) -> str:  # a marked cell ("✓ Hoàn thành ⚠ …") takes its status's colour
        return by_text.get(value.split(" ⚠ ")[0], "") if isinstance(value, str) else ""

    return frame.style.map(lambda v: f"background-color: {fill(v)}; color: #111", subset=labels)


def matrix_columns(campaign: Campaign, items: list[str], lang: str) -> dict[str, str]:
    """Short header -> full item label, for the matrix's column tooltips."""
    return {i.short(lang): i.label(lang) for i in campaign.items if i.key in items}


@dataclass(frozen=True)
class UnitCard:
    """One unit of the status matrix as a card, for a phone: the matrix's row read down."""

    unit: str
    facts: str  # congress date, held or not, report date, on one line
    statuses: list[str]  # "Văn kiện: ✓ Hoàn thành" per item, in the matrix's words
    reasons: list[str]  # why it needs attention, in words (none: it does not)


def unit_cards(matrix: pd.DataFrame, reasons: list[tuple[str, list[str]]], lang: str) -> list[UnitCard]:
    """The status matrix (``status_matrix``) row by row as cards, each with its unit's
    needs-attention reasons (``attention_list``): the same words as the matrix, narrow
    enough for a 390 px screen. Empty past ``MAX_CARDS`` units."""
    if len(matrix) > MAX_CARDS:
        return []
    unit, date, held = t("col_unit", lang), t("col_congress_date", lang), t("col_held", lang)
    report, delegates = t("col_report_date", lang), t("col_delegates", lang)
    items = [c for c in matrix.columns if c not in (unit, date, held, report, delegates)]
    why = dict(reasons)
    cards = []
    for row in records(matrix):
        facts = [f"{date}: {row[date]}" if row[date] else t("card_no_congress_date", lang)]
        if row[held]:
            facts.append(row[held])
        facts.append(f"{report}: {row[report]}" if row[report] else t("card_no_report", lang))
        cards.append(
            UnitCard(
                md_escape(row[unit]),
                " · ".join(facts),  # our words and dates only
                [f"{md_escape(c)}: {md_escape(row[c])}" for c in items],
                why.get(row[unit], []),
            )
        )
    return cards


def attention_reasons(attention: pd.DataFrame, campaign: Campaign, lang: str) -> dict[str, list[tuple[str, str]]]:
    """unit -> [(code, reason sentence)], units in campaign order."""
    labels = {i.key: i.label(lang) for i in campaign.items}

    def sentence(code: str, given: dict) -> str:
        detail = dict(given)
        if "items" in detail:
            detail["items"] = ", ".join(labels[k] for k in detail["items"])
        if "date" in detail:
            detail["date"] = fmt_date(detail["date"])
        if "round" in detail:
            detail["round"] = round_label(campaign.rounds[detail["round"]], lang)
        return t(f"reason_{code}", lang, **detail)

    out: dict[str, list[tuple[str, str]]] = {}
    if attention.empty:
        return out
    said: dict[tuple, str] = {}  # thousands of units share a few sentences (the same days, date, items)
    columns = (attention[name].tolist() for name in ("unit", "code", "detail"))  # not cell by cell
    for unit, code, given in zip(*columns):
        given = given if isinstance(given, dict) else {}
        # each value with its type: 151 and 151.0 are equal, and not written alike
        key = (code, *((k, type(v), tuple(v) if isinstance(v, list) else v) for k, v in given.items()))
        try:
            if key not in said:
                said[key] = sentence(code, given)
            text = said[key]
        except TypeError:  # a value that cannot be a key (none of needs_attention's): worded on its own
            text = sentence(code, given)
        out.setdefault(unit, []).append((code, text))
    return out


def attention_list(attention: pd.DataFrame, campaign: Campaign, lang: str) -> list[tuple[str, list[str]]]:
    """(unit, [reason sentences]) in campaign order."""
    return [
        (unit, [text for _, text in reasons]) for unit, reasons in attention_reasons(attention, campaign, lang).items()
    ]


def attention_table(listed: list[tuple[str, list[str]]], lang: str) -> pd.DataFrame | None:
    """``attention_list`` as one table (unit, its reasons), for a list past ``MAX_CARDS``
    units: every unit is still there, in one element a page sends at once (a paragraph each
    is thousands of elements at commune scale). None for a shorter list."""
    if len(listed) <= MAX_CARDS:
        return None
    return pd.DataFrame(
        {t("col_unit", lang): [unit for unit, _ in listed], t("col_reasons", lang): ["; ".join(r) for _, r in listed]}
    )


# --- reporting rounds ----------------------------------------------------------------


def round_label(round_: Round, lang: str) -> str:
    """A round's name in ``lang``, marked "(minh họa)" when the campaign says it is invented."""
    return round_.label(lang) + (t("round_illustrative", lang) if round_.illustrative else "")


@dataclass(frozen=True)
class RoundCard:
    """The overview's card for one round, in words."""

    title: str
    due: str  # when it is due, seen from the date viewed
    metrics: list[
        tuple[str, str, str | None]
    ]  # (label, value, help): on time of expected, late, not sent, not expected
    lines: list[str]  # the units of each status
    reminder: str | None  # to the units that have not sent; None when every unit expected has


def round_card(table: pd.DataFrame, campaign: Campaign, index: int, as_of: dt.date, lang: str) -> RoundCard:
    """Round ``index`` of ``table`` (``rounds.round_table``) as of ``as_of``."""
    round_ = campaign.rounds[index]
    by = units_by_status(table, index)
    expected = len(by[ON_TIME]) + len(by[LATE]) + len(by[MISSING])
    days = (round_.due - as_of).days
    key = "round_due_ahead" if days > 0 else ("round_due_today" if days == 0 else "round_due_past")
    metrics = [(t(f"round_{ON_TIME}", lang), f"{len(by[ON_TIME])}/{expected}", None)]
    metrics += [(t(f"round_{code}", lang), str(len(by[code])), None) for code in (LATE, MISSING)]
    metrics.append((t("round_not_expected", lang), str(len(by[NOT_EXPECTED])), t("round_not_expected_help", lang)))
    lines = [
        t("round_units_list", lang, status=t(f"round_{code}", lang), units=", ".join(by[code]))
        for code in ROUND_CODES
        if by[code]
    ]
    return RoundCard(
        title=t("round_title", lang, round=round_label(round_, lang)),
        due=t(key, lang, date=fmt_date(round_.due), days=abs(days)),
        metrics=metrics,
        lines=lines,
        reminder=reminder_text(round_, by[MISSING], campaign, as_of, lang) if by[MISSING] else None,
    )


def reminder_text(round_: Round, units: list[str], campaign: Campaign, as_of: dt.date, lang: str) -> str:
    """A short, polite reminder to ``units`` to send their report for ``round_``: before its
    due date, by then; after it, soon."""
    key = "reminder_overdue" if round_.due < as_of else "reminder_before"
    words = {"round": round_label(round_, lang), "date": fmt_date(round_.due), "title": campaign.title(lang)}
    return t(key, lang, units=", ".join(units), **words)


def difficulties_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame | None:
    """``metrics.difficulties`` as one table, for more than ``MAX_CARDS`` units (see
    ``attention_table``); None for fewer. Typed text stays plain text in a table cell."""
    if len(frame) <= MAX_CARDS:
        return None
    return pd.DataFrame(
        {
            t("col_unit", lang): frame["unit"],
            t("col_report_date", lang): frame["report_date"].map(fmt_date),
            t("col_difficulties", lang): [_plain_text(v) for v in frame["difficulties"]],
            t("col_proposals", lang): [_plain_text(v) for v in frame["proposals"]],
        }
    )


def difficulties_markdown(frame: pd.DataFrame, lang: str) -> list[str]:
    """One Markdown block per unit; what the units typed is escaped, never interpreted, and its
    lines stay lines."""
    blocks = []
    for r in frame.itertuples():
        lines = [f"**{md_escape(r.unit)}** · {fmt_date(r.report_date)}"]
        if r.difficulties:
            lines.append(f"- {t('col_difficulties', lang)}: {md_escape(r.difficulties)}")
        if r.proposals:
            lines.append(f"- {t('col_proposals', lang)}: {md_escape(r.proposals)}")
        blocks.append("\n".join(lines))
    return blocks


def unit_reports_table(reports: pd.DataFrame, campaign: Campaign, lang: str) -> pd.DataFrame:
    """One unit's reports, newest first, in words."""
    labels = {i.key: i.label(lang) for i in campaign.items}
    frame = pd.DataFrame({t("col_report_date", lang): reports["report_date"].map(fmt_date)})
    for key in campaign.item_keys:
        frame[labels[key]] = reports[key].map(lambda s: status_cell(s, lang))
    frame[t("col_congress_date", lang)] = reports["congress_date"].map(fmt_date)
    frame[t("col_delegates", lang)] = reports["delegates"].map(lambda v: "" if pd.isna(v) else str(v))
    for key in ("next_tasks", "difficulties", "proposals"):
        frame[t(f"col_{key}", lang)] = [_plain_text(v) for v in reports[key]]
    return frame.iloc[::-1].reset_index(drop=True)


def _plain_text(value) -> str:
    """A stored text as shown in a table cell or as plain text: cleaned, "" when missing."""
    return "" if value is None or (isinstance(value, float) and value != value) else clean(str(value))


def unit_texts(state: pd.Series, lang: str) -> list[tuple[str, str]]:
    """(heading, plain text) for a unit's next tasks, difficulties and proposals, line breaks
    kept; "(none)" where there is none, or where a difficulty or proposal says there is nothing
    to report ("Không", "-")."""
    out = []
    for key in ("next_tasks", "difficulties", "proposals"):
        value = _plain_text(state[key])
        if not value.strip() or (key != "next_tasks" and is_nothing(value)):
            value = t("none_reported", lang)
        out.append((t(f"col_{key}", lang), value))
    return out


def markdown_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table with every cell escaped for a renderer that reads Markdown in cells
    (``st.table``): a link, an image or a formula typed in a file shows as typed."""
    return frame.map(lambda v: md_escape(str(v)) if isinstance(v, str) and v else v)


def problems_table(problems, lang: str) -> pd.DataFrame:
    """Every problem of a file: row, column (as headed in the file), value, message."""
    return pd.DataFrame(
        {
            t("col_row", lang): ["" if p.row is None else str(p.row) for p in problems],
            t("col_column", lang): [p.header or p.column or "" for p in problems],
            t("col_value", lang): [p.value or "" for p in problems],
            t("col_message", lang): [
                p.message(lang).split(": ", 1)[-1] if p.row or p.header or p.column else p.message(lang)
                for p in problems
            ],
        }
    )


def change_tables(change, campaign: Campaign, lang: str) -> dict[str, pd.DataFrame]:
    """The upload preview as tables: new rows and changed cells (or dropped visits), in words."""
    from .schema import FINDINGS, SCHEDULE, assessment_label

    labels = {c.key: c.label(lang) for c in columns(campaign, change.kind)}

    def shown(key, value):
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if key in campaign.item_keys:
            return assessment_label(value, lang) if change.kind == FINDINGS else status_label(value, lang)
        if key.endswith("date") or key == "fix_by":
            return fmt_date(value)
        return clean(str(value))  # a stored value may predate the cleaning at the door

    def words(frame: pd.DataFrame) -> pd.DataFrame:
        keys = [k for k in labels if k in frame.columns]
        return pd.DataFrame({labels[k]: [shown(k, v) for v in frame[k]] for k in keys})

    out = {"new": words(change.new)}
    if change.kind == SCHEDULE:
        out["removed"] = words(change.removed)
        return out
    cells = change.changed
    date_key = "report_date" if "report_date" in cells.columns else "inspection_date"
    out["changed"] = pd.DataFrame(
        {
            t("col_unit", lang): cells["unit"],
            labels[date_key]: cells[date_key].map(fmt_date),
            t("col_column", lang): cells["column"].map(labels.get),
            t("col_old", lang): [shown(c, v) for c, v in zip(cells["column"], cells["old"])],
            t("col_new", lang): [shown(c, v) for c, v in zip(cells["column"], cells["new"])],
        }
    )
    return out


# The preview's parts (``change_tables``) and numbers, by the file's kind: each a text key.
_NEW_ROWS = {"progress": "preview_new", "findings": "preview_new_findings", "schedule": "preview_new_visits"}


def preview_counts(change) -> list[tuple[str, int]]:
    """The upload preview's numbers, (text key, count), in the words of the file's kind:
    reports, findings, or a schedule's visits."""
    counts = [(_NEW_ROWS[change.kind], len(change.new))]
    if change.kind == "schedule":
        counts.append(("preview_removed_visits", len(change.removed)))
    else:
        counts.append(("preview_changed", len(change.changed)))
    counts.append(("preview_unchanged", change.unchanged))
    if change.kind == "progress":
        counts.append(("preview_untouched", len(change.untouched_units)))
    return counts


def preview_heading(kind: str, part: str) -> str:
    """The text key heading a part of the preview (``change_tables``' "new", "changed", "removed")."""
    return {"new": _NEW_ROWS[kind], "changed": "preview_changed", "removed": "preview_removed_visits"}[part]


def version_change(version, lang: str) -> str:
    """What a version changed, in words that fit its kind (a schedule speaks of visits, a
    restore of rows brought back and replaced)."""
    from .schema import FINDINGS, SCHEDULE
    from .store import ANSWER, REMOVE_SAMPLE, RESTORE, SAMPLE_SET_ASIDE

    key = {
        SCHEDULE: "change_schedule",
        FINDINGS: "change_findings",
        RESTORE: "change_restore",
        REMOVE_SAMPLE: "change_remove_sample",
        ANSWER: "change_answer",
    }
    text = t(key.get(version.kind, "change_progress"), lang, added=version.added, changed=version.changed)
    if version.note == SAMPLE_SET_ASIDE:
        text += t("change_sample_aside", lang)
    return text


def followups_table(items: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The follow-up items in words, as the Follow-ups page lists them."""
    return pd.DataFrame(
        {
            t("col_unit", lang): items["unit"],
            t("col_source", lang): [t(f"source_{s}", lang) for s in items["source"]],
            t("col_text", lang): items["text"],
            t("col_first_raised", lang): items["first_raised"].map(fmt_date),
            t("col_last_raised", lang): items["last_raised"].map(fmt_date),
            t("col_age", lang): items["age_days"].astype("int64") if len(items) else [],
            t("col_status", lang): [t(f"fstatus_{s}", lang) for s in items["status"]],
            t("followups_owner", lang): items["owner"].fillna(""),
            t("followups_response", lang): items["response"].fillna(""),
            t("followups_response_date", lang): items["response_date"].map(fmt_date),
            t("followups_ref", lang): items["response_ref"].fillna(""),
            t("col_came_back", lang): ["↻" if back else "" for back in items["came_back"]],
        }
    ).reset_index(drop=True)


def waiting_table(waiting: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per unit: follow-up items waiting for an answer, and the oldest's age in days."""
    return pd.DataFrame(
        {
            t("col_unit", lang): waiting["unit"],
            t("followups_open_col", lang): waiting["open"].astype("int64"),
            t("followups_oldest_col", lang): waiting["oldest_days"].astype("int64"),
        }
    )


# --- a unit's inspection visits and the committee members following it (unitpage) ---------


def member_caption(member: Member, lang: str) -> str:
    """Markdown under the "followed by" filter: the member's title and units, marked when
    the assignment is illustrative."""
    text = t("member_follows", lang, title=member.title or member.name, units=", ".join(member.units))
    return md_escape(text + (t("member_illustrative", lang) if member.illustrative else ""))


def unit_members_line(campaign: Campaign, unit: str, lang: str) -> str | None:
    """Markdown naming the members who follow ``unit`` (None when the campaign lists no members)."""
    if not campaign.members:
        return None
    members = campaign.members_of(unit)
    if not members:
        return t("unit_members_none", lang)
    names = "; ".join(f"**{md_escape(m.name)}**" + (f" ({md_escape(m.title)})" if m.title else "") for m in members)
    marked = " " + md_escape(t("member_illustrative", lang)) if any(m.illustrative for m in members) else ""
    return t("unit_members", lang, members=names) + marked


def visit_heading(visit: Visit, lang: str) -> str:
    """Markdown: the visit's date, then its team and venue as typed (escaped), one per line."""
    lines = [f"**{t('visit_heading', lang, date=fmt_date(visit.date))}**"]
    for key, param, value in (
        ("visit_lead", "lead", visit.lead),
        ("visit_team", "members", visit.members),
        ("visit_venue", "venue", visit.venue),
    ):
        text = " ".join(_plain_text(value).split())  # on one line, whatever lines it was typed on
        if text:
            lines.append(t(key, lang, **{param: md_escape(text)}))
    return "  \n".join(lines)


def visit_state_line(visit: Visit, lang: str) -> str:
    """What the visit's state says: planned, past without findings, or which self-report its
    findings are compared with (and whether the visit was in the schedule)."""
    if visit.state != RECORDED:
        return t(f"visit_{visit.state}", lang)
    text = (
        t("visit_self_report", lang, date=fmt_date(visit.report_date))
        if visit.report_date
        else t("visit_no_self_report", lang)
    )
    return text if visit.scheduled else f"{t('visit_unscheduled', lang)} {text}"


def visit_items_table(visit: Visit, campaign: Campaign, lang: str) -> pd.DataFrame:
    """Per item: the team's assessment beside the unit's own status, and where they differ
    "⚠" with the word (never colour alone)."""
    from .schema import assessment_label

    return pd.DataFrame(
        {
            t("visit_col_item", lang): [campaign.item(i.key).label(lang) for i in visit.items],
            t("visit_col_team_found", lang): [assessment_label(i.assessment, lang) for i in visit.items],
            t("visit_col_unit_says", lang): [status_cell(i.status, lang) for i in visit.items],
            t("visit_col_compare", lang): [
                t("visit_differs", lang)
                if i.disagrees
                else (t("visit_agrees", lang) if i.status is not None and i.assessment is not None else "")
                for i in visit.items
            ],
        }
    )


def visit_texts(visit: Visit, campaign: Campaign, lang: str) -> list[tuple[str, str]]:
    """(heading, plain text) for the team's remarks, recommendations and act-by date, line
    breaks kept; "(none)" where there is none ("Không" included)."""
    from .schema import FINDINGS

    labels = {c.key: c.label(lang) for c in columns(campaign, FINDINGS)}
    out = []
    for key in ("remarks", "recommendations"):
        value = _plain_text(getattr(visit, key))
        out.append((labels[key], t("none_reported", lang) if not value.strip() or is_nothing(value) else value))
    out.append((labels["fix_by"], fmt_date(visit.fix_by) or t("none_reported", lang)))
    return out
