"""The one shape every problem with an input file takes, and the package's error types."""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import problem_text


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a file: where, what, and why in both languages."""

    code: str
    row: int | None = None  # as the spreadsheet numbers it
    column: str | None = None  # the column key
    value: str | None = None
    header: str | None = None  # the column's header as typed in the file
    params: tuple[tuple[str, object], ...] = ()

    def message(self, lang: str = "vi") -> str:
        where = ""
        column = self.header or self.column
        if self.row is not None and column:
            where = problem_text("where_row_col", lang, row=self.row, column=column)
        elif self.row is not None:
            where = problem_text("where_row", lang, row=self.row)
        elif column:
            where = problem_text("where_col", lang, column=column)
        params = dict(self.params)
        if self.code == "unknown_unit":
            suggestion = params.get("suggestion")
            params["hint"] = problem_text("unit_hint", lang, name=suggestion) if suggestion else ""
        body = problem_text(self.code, lang, value=self.value, column=column, **params)
        return f"{where}{body}"

    def to_json(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "message": self.message("vi"),
            "message_en": self.message("en"),
        }


class InputError(Exception):
    """Base of the package's errors about an input file."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        super().__init__(problems[0].message("en") if problems else "refused")
        self.problems = problems
        self.warnings = warnings or []


class NotATable(InputError):
    """The bytes are not a table at all (empty, an image, a broken XLSX...)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__([Problem(code, params=(("detail", detail),))])
        self.code = code


class TooLarge(NotATable):
    """The file exceeds a limit of ``limits`` (rows, columns, cells, characters in a cell):
    refused before reading it costs more."""

    def __init__(self, code: str, row: int | None = None, header: str | None = None, **params):
        InputError.__init__(self, [Problem(code, row=row, header=header, params=tuple(params.items()))])
        self.code = code


class FileRefused(InputError):
    """The file is a table but has errors; every one of them is in ``problems``."""
