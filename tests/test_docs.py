"""The README documents every page and command; every page is in the navigation."""

import re

from dtts_dashboard.cli import build_parser
from dtts_dashboard.ui_address import PAGES

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_page_file_is_in_the_navigation_and_the_readme():
    files = {"app.py", *(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))}
    assert files == {path for path, _, _ in PAGES}
    for path in files:
        assert f"`{path}`" in README, path


def test_every_command_is_in_the_readme():
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert re.search(rf"python -m dtts_dashboard {name}\b", README), name


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    assert "./dev start" in README and "./dev test" in README
    assert (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1] == "./dev test"


def test_every_text_has_both_languages():
    from dtts_dashboard.i18n import PROBLEMS, TEXTS

    for key, (vi, en) in {**TEXTS, **PROBLEMS}.items():
        assert vi.strip() and en.strip(), key
        assert sorted(re.findall(r"\{(\w+)\}", vi)) == sorted(re.findall(r"\{(\w+)\}", en)), key
