"""House rules that a change could break without any page noticing: only the glue imports
Streamlit; every text key built at run time exists in both languages; the schema's steps run
statement by statement; rows are read by name; times are Vietnam's by the tz database."""

import ast
import datetime as dt
import re
import sqlite3

import pytest

from dtts_dashboard import followups, i18n, metrics, rounds, store, visits
from dtts_dashboard.i18n import PROBLEMS, TEXTS
from dtts_dashboard.schema import KINDS

from .conftest import ROOT

PACKAGE = ROOT / "dtts_dashboard"
# The Streamlit glue, by concern (the pages import Streamlit too): page set-up and cached data,
# the pages and the address, the look, login, forms, downloads, and the benchmark's page runner.
GLUE = {"ui.py", "ui_address.py", "ui_look.py", "ui_login.py", "ui_forms.py", "ui_downloads.py", "ui_bench.py"}


def imports_streamlit(tree: ast.AST) -> bool:
    """Whether the module imports streamlit anywhere, at the top or inside a function."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "streamlit" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "streamlit":
            return True
        dynamic = isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__" and node.args
        if dynamic and isinstance(node.args[0], ast.Constant) and str(node.args[0].value).startswith("streamlit"):
            return True
    return False


def test_only_the_glue_imports_streamlit():
    modules = list(PACKAGE.rglob("*.py"))
    importers = {
        p.relative_to(PACKAGE).as_posix() for p in modules if imports_streamlit(ast.parse(p.read_text("utf-8")))
    }
    assert importers <= GLUE, f"Streamlit imported outside the glue: {sorted(importers - GLUE)}"
    # The list is exact: a glue module renamed, removed or no longer importing Streamlit is
    # taken off it (and the scan sees an import where there is one).
    assert importers == GLUE, sorted(GLUE - importers)


@pytest.mark.parametrize(
    "source",
    ["import streamlit as st", "def f():\n    from streamlit.testing.v1 import AppTest", "x = __import__('streamlit')"],
)
def test_the_scan_sees_every_way_of_importing(source):
    assert imports_streamlit(ast.parse(source))


# Each text key built at run time, by its pattern: the codes that fill it in.
RUNTIME_KEYS = {
    "reason_{}": metrics.ATTENTION_CODES,
    "round_{}": rounds.ROUND_CODES,
    "source_{}": followups.SOURCES,
    "fstatus_{}": followups.STATUSES,
    "store_{}": store.FAULT_CODES,
    "cli_store_{}": store.FAULT_CODES,  # the command line's advice on each fault
    "kind_{}": (*KINDS, store.RESTORE, store.REMOVE_SAMPLE, store.ANSWER),
    "template_{}_xlsx": KINDS,
    "template_{}_csv": KINDS,
    "template_sheet_{}": KINDS,
    "col_{}": ("next_tasks", "difficulties", "proposals"),
    "followups_sort_{}": ("oldest", "unit"),
    "visit_{}": (visits.NO_FINDINGS, visits.PLANNED),  # tables.visit_state_line: a recorded visit says more
    "chart_visit_{}": metrics.VISIT_OUTCOMES,
}
BUILT = re.compile(r"""\b(?:t|both)\(f["']([a-z_]*)\{[^}]*\}([a-z_]*)["']""")


def built_keys() -> set[str]:
    """The patterns of every text key built with an f-string in the package and the pages."""
    files = [*PACKAGE.glob("*.py"), ROOT / "app.py", *(ROOT / "pages").glob("*.py")]
    return {f"{a}{{}}{b}" for p in files for a, b in BUILT.findall(p.read_text(encoding="utf-8"))}


def test_every_key_built_at_run_time_has_its_codes_listed():
    assert built_keys() - set(RUNTIME_KEYS) == set(), "a new t(f'...') pattern: list its codes in RUNTIME_KEYS"
    assert "reason_{}" in built_keys()  # the scan finds the pattern tables.attention_list uses


@pytest.mark.parametrize("pattern", sorted(RUNTIME_KEYS))
def test_every_key_built_at_run_time_exists_in_both_languages(pattern):
    for code in RUNTIME_KEYS[pattern]:
        key = pattern.format(code)
        assert key in TEXTS, key
        vi, en = TEXTS[key]
        assert vi.strip() and en.strip(), key


VIETNAMESE = re.compile(r"[À-ỹĐđ]")
SAYS_ONLY_THROUGH_I18N = ("cli.py", "auth.py", "exporting.py")  # (schema.py declares the files' own words)


def hard_coded_texts(source: str) -> list[str]:
    """The string constants with Vietnamese letters in ``source``, other than docstrings,
    argparse's help (English for the command line's operator, as argparse's own words are)
    and an example row's cells."""
    tree = ast.parse(source)
    skipped = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skipped.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.keyword) and node.arg in ("help", "description"):
            skipped.update(id(n) for n in ast.walk(node.value))
        if isinstance(node, ast.FunctionDef) and node.name.startswith("_example"):
            skipped.update(id(n) for n in ast.walk(node))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped
        if VIETNAMESE.search(node.value)
    ]


@pytest.mark.parametrize("module", SAYS_ONLY_THROUGH_I18N)
def test_the_messages_of_the_command_line_accounts_and_exports_come_from_i18n(module):
    assert hard_coded_texts((PACKAGE / module).read_text(encoding="utf-8")) == []


def test_the_scan_sees_a_hard_coded_message():
    source = (
        'def f():\n    """Đã lưu."""\n    raise ValueError(f"Không đọc được {x}")\np.add_argument("--a", help="số")'
    )
    assert hard_coded_texts(source) == ["Không đọc được "]


def test_the_command_line_says_both_languages_from_one_key():
    assert i18n.both("cli_refused", count=2) == "Tệp bị từ chối: 2 lỗi / File refused: 2 error(s)"


def problem_codes() -> set[str]:
    """The codes every Problem and TooLarge is made with in the package (as literals)."""
    codes = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node.func, "id", None) if isinstance(node, ast.Call) else None
            if name in ("Problem", "TooLarge") and node.args and isinstance(node.args[0], ast.Constant):
                codes.add(node.args[0].value)
    return codes


def test_every_problem_code_has_a_message_in_both_languages():
    codes = problem_codes()
    assert {"no_rows", "missing_column", "too_many_rows", "unplanned_visit"} <= codes
    for code in codes:
        assert code in PROBLEMS, code
        assert all(text.strip() for text in PROBLEMS[code]), code


def test_both_languages_have_every_key():
    for table in (TEXTS, PROBLEMS):
        for key, texts in table.items():
            assert isinstance(texts, tuple) and len(texts) == 2, key
            assert all(isinstance(text, str) and text.strip() for text in texts), key


def test_a_schema_step_is_a_list_of_single_statements():
    for step in store.MIGRATIONS:
        assert isinstance(step, list) and step
        for statement in step:
            assert sqlite3.complete_statement(statement + ";"), statement


def test_a_step_may_hold_a_trigger_and_a_semicolon_in_a_string(tmp_path, campaign, monkeypatch):
    step = [
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT DEFAULT 'a; b')",
        "CREATE TRIGGER notes_audit AFTER INSERT ON notes BEGIN"
        " UPDATE notes SET text = text || '; seen' WHERE id = new.id; END",
    ]
    steps = [*store.MIGRATIONS, step]
    monkeypatch.setattr(store, "MIGRATIONS", steps)
    monkeypatch.setattr(store, "SCHEMA_VERSION", len(steps))
    store.Store(tmp_path / "s.sqlite", campaign)
    con = sqlite3.connect(tmp_path / "s.sqlite")
    con.execute("INSERT INTO notes (id) VALUES (1)")
    assert con.execute("SELECT text FROM notes").fetchone()[0] == "a; b; seen"
    assert con.execute("PRAGMA user_version").fetchone()[0] == len(steps)


def test_a_version_is_read_by_column_name(tmp_path, campaign, monkeypatch):
    s = store.Store(tmp_path / "s.sqlite", campaign)
    s.import_file((ROOT / "tests" / "data" / "utf8_bom_comma.csv").read_bytes(), "a.csv", "Lan")
    before = s.history()
    reversed_columns = ", ".join(reversed(store.Store._VERSION_COLUMNS.split(", ")))
    monkeypatch.setattr(store.Store, "_VERSION_COLUMNS", reversed_columns)
    assert s.history() == before and before[0].author == "Lan" and before[0].rows == 3


def test_times_are_shown_in_vietnam_time_from_the_tz_database():
    assert i18n.VIETNAM.key == "Asia/Ho_Chi_Minh"
    assert i18n.fmt_time("2024-06-14T17:30:00Z") == "15/06/2024 00:30"
    assert dt.datetime(2024, 1, 1, tzinfo=i18n.VIETNAM).utcoffset() == dt.timedelta(hours=7)
