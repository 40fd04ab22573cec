"""The `check` command through a real subprocess, as automation calls it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def run(*args, stdin=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "dtts_dashboard", *args],
        cwd=ROOT, capture_output=True, text=True, input=stdin, env={**os.environ, **(env or {})}, timeout=60,
    )  # fmt: skip


def test_check_valid_file_json():
    result = run("check", str(DATA / "utf8_bom_comma.csv"), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["kind"] == "progress" and payload["rows"] == 3
    assert payload["records"][2]["unit"] == "Thành phố Hòa Bình"
    assert payload["records"][0]["script"] is None
    assert payload["warnings"] == []


def test_check_refused_file_json():
    result = run("check", str(DATA / "refused_several_problems.xlsx"), "--json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert [(e["row"], e["column"]) for e in payload["errors"]] == [(3, "unit"), (4, "programme"), (5, "congress_date")]
    assert "Dòng 3" in payload["errors"][0]["message"]
    assert payload["warnings"] == []


@pytest.mark.parametrize("name", ["refused_image.png", "refused_empty.csv", "refused_truncated.xlsx",
                                  "refused_random_bytes.csv"])  # fmt: skip
def test_check_never_a_traceback(name):
    result = run("check", str(DATA / name), "--json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert json.loads(result.stdout)["errors"][0]["row"] is None


def test_check_kind_option_and_human_output():
    result = run("check", str(DATA / "schedule_semicolon.csv"), "--kind", "schedule")
    assert result.returncode == 0
    assert "schedule" in result.stdout and "2" in result.stdout


def test_check_missing_file_is_a_message():
    result = run("check", "/nonexistent/file.csv", "--json")
    assert result.returncode != 0 and "Traceback" not in result.stderr


def test_every_command_has_help():
    result = run("--help")
    assert result.returncode == 0
    for command in ("check", "import", "history", "restore", "export", "report", "add-editor"):
        assert command in result.stdout
        sub = run(command, "--help")
        assert sub.returncode == 0 and "usage" in sub.stdout
