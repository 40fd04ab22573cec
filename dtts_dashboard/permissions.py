"""Who may do what: the one rule of editor rights, for the pages and the store.

An editor account belongs either to the province (the steering committee's office: every
right) or to one unit's office (``Account.unit``): a district office sends its own unit's
progress reports, by Upload or Quick edit, and nothing else. It does not replace the
province's inspection schedule, record inspection findings, answer follow-up items, restore
a version or remove the sample data: those stay with the province.

A unit account's file is checked row by row against its unit (``refusals``): a row of
another unit is refused, naming the row, as any other problem of a file is. Rules return
codes (``Problem``); ``i18n.PROBLEMS`` turns them into words.
"""

from __future__ import annotations

from dataclasses import dataclass

from .problems import Problem
from .schema import FINDINGS, PROGRESS, SCHEDULE

# What an editor may be asked to do (the pages' buttons and forms):
UPLOAD = "upload"  # a progress file on the Upload page
QUICK_EDIT = "quick_edit"  # a report through the Quick edit form
RESTORE = "restore"  # make a past version current again (History)
REMOVE_SAMPLE = "remove_sample"  # set the illustrative data aside (Upload)
ANSWER = "answer"  # record the handling of a follow-up item (Follow-ups)
FINDINGS_ENTRY = "findings"  # inspection findings: a findings file, or the findings form
SCHEDULE_UPLOAD = "schedule"  # replace the inspection schedule with a schedule file
ACTIONS = (UPLOAD, QUICK_EDIT, RESTORE, REMOVE_SAMPLE, ANSWER, FINDINGS_ENTRY, SCHEDULE_UPLOAD)
UNIT_ACTIONS = frozenset({UPLOAD, QUICK_EDIT})  # all a unit's office may do: its own reports
# The action a file of each kind asks for (a schedule or findings file is the province's).
KIND_ACTION = {PROGRESS: UPLOAD, SCHEDULE: SCHEDULE_UPLOAD, FINDINGS: FINDINGS_ENTRY}


@dataclass(frozen=True)
class Account:
    """A logged-in editor: the account's own name, and its unit (None: the province)."""

    name: str
    unit: str | None = None

    @property
    def is_unit(self) -> bool:
        return self.unit is not None


def may(account: Account | None, action: str) -> bool:
    """Whether ``account`` may do ``action`` (one of ``ACTIONS``); nobody logged in may not."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}: {', '.join(ACTIONS)}")
    if account is None:
        return False
    return not account.is_unit or action in UNIT_ACTIONS


def refusals(account: Account | None, kind: str, records) -> list[Problem]:
    """Why ``account`` may not save a valid file of ``kind`` whose records are ``records``
    (``Checked.records``: a ``row`` and a ``unit`` column): a file of a kind it may not send,
    and each row of another unit than its own, by its row as the spreadsheet numbers it.
    Empty: it may (always for a province account)."""
    if account is None or not account.is_unit:
        return []
    if not may(account, KIND_ACTION.get(kind, kind)):
        return [Problem(f"unit_account_{kind}", params=(("unit", account.unit),))]
    return [
        Problem("other_unit", int(row), "unit", str(unit), "Đơn vị", params=(("unit", account.unit),))
        for row, unit in zip(records["row"], records["unit"])
        if unit != account.unit
    ]
