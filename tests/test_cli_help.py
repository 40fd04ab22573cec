"""Every command and option of the command line has help, and the exit codes say apart a
refusal (1) from a command that could not run (2), as the CONTRACT and ``--help`` say."""

import argparse
import io
import json
import sqlite3

import pytest

from dtts_dashboard import cli

from .conftest import DATA


def commands() -> dict[str, argparse.ArgumentParser]:
    """Every command's parser, walked from the top parser (as sqlite-utils'
    ``test_commands_have_help`` walks its commands)."""
    parser = cli.build_parser()
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def choices_help(parser: argparse.ArgumentParser) -> dict[str, str]:
    """The one-line help each command is listed with in the top parser's help."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {choice.dest: choice.help for choice in action._choices_actions}
    return {}


def test_the_walk_finds_every_command():
    assert {"check", "import", "history", "restore", "export", "report", "summary", "followups", "answer",
            "add-editor"} <= set(commands())  # fmt: skip


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_command_has_help(name):
    assert (choices_help(cli.build_parser()).get(name) or "").strip(), name


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_argument_and_option_has_help(name):
    lacking = [
        action.option_strings[0] if action.option_strings else action.dest
        for action in commands()[name]._actions
        if not (action.help or "").strip() or action.help == argparse.SUPPRESS
    ]
    assert lacking == [], f"{name}: {lacking}"


def test_the_walk_catches_an_option_without_help(monkeypatch):
    real = cli.build_parser

    def with_bare_option():
        parser = real()
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        sub.choices["history"].add_argument("--bare")
        return parser

    monkeypatch.setattr(cli, "build_parser", with_bare_option)
    with pytest.raises(AssertionError, match="--bare"):
        test_every_argument_and_option_has_help("history")


def test_help_lists_the_exit_codes_and_the_settings(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert "1  refused" in out and "2  could not run" in out
    assert "DTTS_DB" in out and "DTTS_MAX_UPLOAD_MB" in out


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("DTTS_DB", str(tmp_path / "store.sqlite"))
    monkeypatch.setenv("DTTS_EDITORS", str(tmp_path / "editors.json"))
    return tmp_path


def test_a_missing_file_could_not_run_a_refused_file_is_refused(env, capsys):
    for command in ("check", "import"):
        assert cli.main([command, str(env / "no-such-file.csv")]) == cli.EXIT_USAGE
        assert "no-such-file.csv" in capsys.readouterr().err
    assert cli.main(["check", str(DATA / "refused_several_problems.xlsx"), "--json"]) == cli.EXIT_REFUSED
    assert json.loads(capsys.readouterr().out)["errors"]
    assert cli.main(["import", str(DATA / "refused_several_problems.xlsx")]) == cli.EXIT_REFUSED
    assert "errors" in capsys.readouterr().out
    assert cli.main(["history", "--json"]) == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out)["versions"] == []  # nothing stored


def test_a_bad_option_could_not_run(env, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["summary", "--as-of", "30/5/2024"])
    assert stopped.value.code == cli.EXIT_USAGE and "yyyy-mm-dd" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        cli.main(["no-such-command"])
    assert stopped.value.code == cli.EXIT_USAGE


def test_an_unknown_version_is_refused_a_store_from_the_future_could_not_run(env, capsys):
    assert cli.main(["restore", "42"]) == cli.EXIT_REFUSED
    con = sqlite3.connect(env / "store.sqlite")
    con.execute("PRAGMA user_version = 999")
    con.close()
    assert cli.main(["history"]) == cli.EXIT_USAGE
    assert "999" in capsys.readouterr().err


def test_an_unreadable_campaign_could_not_run(env, monkeypatch, capsys):
    monkeypatch.setenv("DTTS_CAMPAIGN", str(env / "no-campaign.toml"))
    assert cli.main(["check", str(DATA / "utf8_bom_comma.csv")]) == cli.EXIT_USAGE
    assert "no-campaign.toml" in capsys.readouterr().err


def test_a_short_password_is_refused_an_unreadable_accounts_file_could_not_run(env, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert cli.main(["add-editor", "Lan", "--password-stdin"]) == cli.EXIT_REFUSED
    (env / "editors.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-dai\n"))
    assert cli.main(["add-editor", "Lan", "--password-stdin"]) == cli.EXIT_USAGE
    assert "editors.json" in capsys.readouterr().err
