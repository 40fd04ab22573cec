"""How much work any input may cost: the size limits (declared, with their defaults, in ``settings``).

A district's file has tens of rows and a few dozen columns; the limits are far above that
(the benchmark's commune-scale file, 600,000 rows of 12 columns, is read) and far below what
would exhaust the server's memory (a cell in Excel's last column, XFD, must not make rows
16,384 cells wide; a sheet of 1,048,576 rows is refused before it is read). Each limit can be
changed with the environment variable of its name, read when the package is imported.
"""

from __future__ import annotations

from . import settings


def value(env: str) -> int:
    """The limit named ``env`` as the environment sets it now (else its default)."""
    return settings.get(env)


MAX_UPLOAD_MB = value("DTTS_MAX_UPLOAD_MB")
MAX_ROWS = value("DTTS_MAX_ROWS")
MAX_COLUMNS = value("DTTS_MAX_COLUMNS")
MAX_CELLS = value("DTTS_MAX_CELLS")
MAX_CELL_CHARS = value("DTTS_MAX_CELL_CHARS")
