"""Every setting is declared once in ``settings.SETTINGS``, read there and nowhere else, and
the README's configuration table says the same (both ways)."""

import ast
import re
from pathlib import Path

import pytest

from dtts_dashboard import settings

from .conftest import ROOT

PACKAGE = ROOT / "dtts_dashboard"


def readme_settings() -> dict[str, str]:
    """The README's configuration table: variable -> its default cell."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return {m[1]: m[2].strip() for m in re.finditer(r"^\| `(\w+)` \| ([^|]*) \|", section, re.MULTILINE)}


def test_the_readme_table_and_the_registry_name_the_same_settings():
    documented = readme_settings()
    assert set(documented) == {s.name for s in settings.SETTINGS}


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_the_readme_gives_each_setting_its_default(setting):
    shown = readme_settings()[setting.name]
    assert shown == setting.shown or shown.startswith(f"`{setting.shown}`"), (shown, setting.shown)


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_each_setting_has_one_line_of_help_and_a_typed_default(setting):
    assert setting.help.strip() and "\n" not in setting.help
    assert setting.type in (int, Path)
    assert isinstance(settings.get(setting.name), setting.type)


def test_a_setting_comes_from_the_environment_else_its_default(monkeypatch, tmp_path):
    monkeypatch.delenv("DTTS_DB", raising=False)
    assert settings.get("DTTS_DB") == ROOT / "data" / "dtts.sqlite"
    monkeypatch.setenv("DTTS_DB", str(tmp_path / "x.sqlite"))
    assert settings.get("DTTS_DB") == tmp_path / "x.sqlite"
    monkeypatch.setenv("DTTS_MAX_ROWS", "5000")
    assert settings.get("DTTS_MAX_ROWS") == 5000
    for unreadable in ("lots", "0", "-3", " "):  # not a whole number above 0: the default
        monkeypatch.setenv("DTTS_MAX_ROWS", unreadable)
        assert settings.get("DTTS_MAX_ROWS") == 1_000_000


def test_the_editors_file_defaults_to_the_users_configuration_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("DTTS_EDITORS", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert settings.get("DTTS_EDITORS") == tmp_path / "dtts-dashboard" / "editors.json"


def environment_reads(tree: ast.AST) -> list[int]:
    """Lines that read a variable from the environment (os.environ.get / [...], os.getenv)."""

    def is_environ(node: ast.AST) -> bool:
        return isinstance(node, ast.Attribute) and node.attr == "environ"

    lines = []
    for node in ast.walk(tree):
        getenv = isinstance(node, ast.Attribute) and node.attr == "getenv"
        get = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
        subscript = isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and is_environ(node.value)
        if getenv or subscript or (get and is_environ(node.func.value)):
            lines.append(node.lineno)
    return lines


def test_only_the_settings_module_reads_the_environment():
    files = [*PACKAGE.glob("*.py"), ROOT / "app.py", *(ROOT / "pages").glob("*.py")]
    readers = {
        f"{path.relative_to(ROOT)}:{line}"
        for path in files
        if path.name != "settings.py"
        for line in environment_reads(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert readers == set()


def test_the_environment_check_finds_a_read():
    tree = ast.parse("import os\na = os.environ.get('X')\nb = os.getenv('Y')\nc = os.environ['Z']\n")
    assert sorted(environment_reads(tree)) == [2, 3, 4]
