"""Every setting, declared once: its environment variable, default, type and one line of help.

This is the one module that reads the environment (a test holds the rest of the package to
that). ``get(name)`` reads a setting when asked, so a test or the benchmark may point
``DTTS_DB`` elsewhere for the next call; the README's configuration table is checked against
``SETTINGS`` by a test, both ways. A value that cannot be read as its type (a limit that is
not a whole number above 0) is ignored: the default applies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str  # the environment variable
    default: int | str  # an int, or a path (relative: to the project's folder; "~": the user's home)
    type: type  # int (a whole number above 0) or Path
    help: str  # one line, as the README's table says it

    @property
    def shown(self) -> str:
        """The default as the README shows it."""
        return str(self.default)


SETTINGS = (
    Setting("DTTS_DB", "data/dtts.sqlite", Path, "the store: an SQLite file, or a postgresql:// URL"),
    Setting("DTTS_CAMPAIGN", "data/campaign.toml", Path, "the campaign: province, dates, units, items, rounds"),
    Setting("DTTS_EDITORS", "~/.config/dtts-dashboard/editors.json", Path, "editor accounts"),
    Setting(
        "DTTS_RESULTS_KEY",
        "~/.config/dtts-dashboard/results.key",
        Path,
        "the secret that signs the results kept in the store (made when missing; the same on every app server)",
    ),
    Setting("DTTS_LOGIN_HOURS", 12, int, "how long a login lasts, in hours (then the editor logs in again)"),
    Setting("DTTS_MAX_UPLOAD_MB", 20, int, "largest file accepted, in MB (equal to server.maxUploadSize)"),
    Setting("DTTS_MAX_ROWS", 1_000_000, int, "rows a table may have, counting title and header rows"),
    Setting("DTTS_MAX_COLUMNS", 256, int, "columns a table may have (declared or actual)"),
    Setting("DTTS_MAX_CELLS", 8_000_000, int, "rows × columns a table may have"),
    Setting("DTTS_MAX_CELL_CHARS", 32_767, int, "characters in one cell (Excel's own limit)"),
)
BY_NAME = {s.name: s for s in SETTINGS}


def _default(setting: Setting):
    if setting.type is int:
        return setting.default
    if str(setting.default).startswith("~/.config/"):  # the user's configuration folder, as XDG says
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        return base / Path(str(setting.default)).relative_to("~/.config")
    return ROOT / str(setting.default)


def get(name: str):
    """The setting ``name`` as the environment sets it now, else its default (an int, a Path,
    or for a path setting given a URL, the URL as a string)."""
    setting = BY_NAME[name]
    raw = os.environ.get(name, "")
    if not raw.strip():
        return _default(setting)
    if setting.type is int:
        try:
            number = int(raw)
        except ValueError:
            return setting.default
        return number if number > 0 else setting.default
    if "://" in raw:  # a database URL (DTTS_DB=postgresql://...), kept as it is written
        return raw.strip()
    return Path(raw)


def describe() -> str:
    """The settings as the command line's help lists them: name, default, meaning."""
    return "\n".join(f"  {s.name:<20} {s.help} (default: {s.shown})" for s in SETTINGS)
