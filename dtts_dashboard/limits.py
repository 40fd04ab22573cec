"""How much work any input may cost: the size limits, declared once with their defaults.

A district's file has tens of rows and a few dozen columns; the limits are far above that
(the benchmark's commune-scale file, 600,000 rows of 12 columns, is read) and far below what
would exhaust the server's memory (a cell in Excel's last column, XFD, must not make rows
16,384 cells wide; a sheet of 1,048,576 rows is refused before it is read). Each limit can be
changed with the environment variable of its name, read when the package is imported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    env: str
    default: int
    help: str


LIMITS = (
    Limit("DTTS_MAX_UPLOAD_MB", 20, "largest file accepted, in MB (equal to server.maxUploadSize)"),
    Limit("DTTS_MAX_ROWS", 1_000_000, "rows a table may have, counting title and header rows"),
    Limit("DTTS_MAX_COLUMNS", 256, "columns a table may have (declared or actual)"),
    Limit("DTTS_MAX_CELLS", 8_000_000, "rows × columns a table may have"),
    Limit("DTTS_MAX_CELL_CHARS", 32_767, "characters in one cell (Excel's own limit)"),
)


def value(env: str) -> int:
    """The limit named ``env`` as the environment sets it now (else its default)."""
    limit = next(item for item in LIMITS if item.env == env)
    try:
        value = int(os.environ.get(env, "") or limit.default)
    except ValueError:
        return limit.default
    return value if value > 0 else limit.default


MAX_UPLOAD_MB = value("DTTS_MAX_UPLOAD_MB")
MAX_ROWS = value("DTTS_MAX_ROWS")
MAX_COLUMNS = value("DTTS_MAX_COLUMNS")
MAX_CELLS = value("DTTS_MAX_CELLS")
MAX_CELL_CHARS = value("DTTS_MAX_CELL_CHARS")
