"""The benchmark's load mode: it starts app servers, opens sessions over the websocket as a
browser does, counts what went wrong, and stops what it started (timings are not judged)."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import tomllib

import pytest

from dtts_dashboard import load as load_module
from dtts_dashboard import pgserver
from dtts_dashboard.load import (
    WATCH_SECONDS,
    LoadResult,
    Servers,
    SessionResult,
    Warmer,
    free_port,
    percentile,
    run_load,
    stops_held,
    warm,
)
from dtts_dashboard.store import Store

from .conftest import DATA, ROOT


def _streamlit_servers() -> set[int]:
    """The ids of streamlit servers started from this test process's children."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as fh:
                    args = fh.read().split(b"\0")
            except OSError:
                continue
            if b"streamlit" in args and b"run" in args and b"dtts-load-test" in b" ".join(args):
                found.add(int(entry))
    return found


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_two_sessions_on_the_sample_finish_without_errors(tmp_path, store):
    if store == "postgresql" and pgserver.binaries() is None:
        pytest.skip("PostgreSQL is not installed (./dev test installs Debian's package where it can)")
    out = tmp_path / "load.json"
    servers = "1" if store == "sqlite" else "2"  # on PostgreSQL: two servers share the database
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dtts_dashboard.bench",
            "--load",
            "--servers",
            servers,
            "--sessions",
            "2",
            "--out",
            str(out),
            *(["--postgresql"] if store == "postgresql" else []),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    measured = json.loads(out.read_text(encoding="utf-8"))
    (row,) = measured["load"]
    assert (row["servers"], row["sessions"], row["finished"], row["errors"]) == (int(servers), 2, 2, 0), row
    assert row["median_s"] > 0 and row["p95_s"] >= row["median_s"]
    assert min(row["elements"]) > 20  # the whole overview came, not an empty page
    assert f"| {servers} | 2 | " in result.stdout and "load average" in result.stdout
    assert measured["store"] == {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[store]


def test_the_warm_up_runs_a_servers_overview_once(tmp_path):
    """What ``deploy/``'s unit runs after starting a server: the overview opened once."""
    env = os.environ | {"DTTS_DB": str(tmp_path / "store.sqlite")}
    with Servers(1, env, ROOT / "app.py") as running:
        (port,) = running.ports
        command = [sys.executable, "-m", "dtts_dashboard.load", "--warm", str(port)]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and f"warmed: the overview on port {port} ran in" in done.stdout, done.stderr
        again = warm(port)
        assert again.error is None and again.elements > 20  # the whole overview, not an empty page
    nobody = free_port()
    command = [sys.executable, "-m", "dtts_dashboard.load", "--warm", str(nobody), "--timeout", "1"]
    refused = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and f"not warmed: the app server on port {nobody}" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_after_a_save_a_server_opens_the_pages_whose_results_are_kept(tmp_path):
    """What ``ui.data_changed`` starts on the server that saved: the overview, Timeline and
    Export opened once each, as a visitor would, also under a base path (nginx's location);
    a second save while it works is warmed once more, after it."""
    env = os.environ | {"DTTS_DB": str(tmp_path / "store.sqlite"), "STREAMLIT_SERVER_BASE_URL_PATH": "dtts"}
    with Servers(1, env, ROOT / "app.py", base="/dtts/") as running:
        (port,) = running.ports
        warmer = Warmer()
        warmer.request(port, base="dtts")
        warmer.request(port, base="dtts")  # saved again meanwhile
        warmer.join(600)
    assert [(r.page, r.error) for r in warmer.done] == [("", None), ("timeline", None), ("export", None)]
    assert all(r.elements > 10 for r in warmer.done)  # each page drawn, not an empty one


def _until(state, wanted, seconds: float = 60.0):
    """Wait until ``state()`` is ``wanted`` (a slow machine only makes it later)."""
    deadline = time.monotonic() + seconds
    while (now := state()) != wanted:
        assert time.monotonic() < deadline, now
        time.sleep(0.05)


def test_each_version_is_warmed_first_by_one_app_server_and_by_none_twice(any_db, campaign):
    """Two app servers watching one store (two warmers, no pages to open): the version the
    first saves is warmed by it, and by the second only later, following (when the results
    are kept and its round costs little); a version imported elsewhere is claimed by one,
    which warms it at once, and followed by the other; no version is warmed twice by one."""
    store = Store(any_db, campaign)
    store.load_sample_if_empty()
    first, second = Warmer(pages=()), Warmer(pages=())
    first.watch(store, 1, every=0.05, grace=1.0, follow=2.0)
    second.watch(Store(any_db, campaign), 2, every=0.05, grace=1.0, follow=2.0)
    try:
        time.sleep(0.3)
        store.import_file((DATA / "utf8_bom_comma.csv").read_bytes(), "a.csv", "test")
        first.request(1)  # as ui.data_changed does on the server that saved
        saved = store.latest()
        _until(lambda: (first.rounds, second.rounds), ([(saved, "saved")], [(saved, "followed")]))
        store.import_file((DATA / "schedule_semicolon.csv").read_bytes(), "s.csv", "test")  # the command
        imported = store.latest()
        assert imported == saved + 1

        def whys():
            return sorted(why for number, why in first.rounds + second.rounds if number == imported)

        _until(whys, ["claimed", "followed"])
        first.request(1)  # a version warmed already: nothing more
        time.sleep(3.5)  # the watches' grace and following, were there any
        first.join(60)
        assert len(first.rounds) + len(second.rounds) == 4
    finally:
        first.stop()
        second.stop()


def test_a_version_imported_elsewhere_is_warmed_by_a_running_server(tmp_path):
    """The ``import`` command saves with no app server involved: a running server sees the
    new version within ``WATCH_SECONDS`` and opens its pages, so that its first visitor finds
    their results made."""
    env = os.environ | {"DTTS_DB": str(tmp_path / "store.sqlite")}
    log = tmp_path / "server.log"
    with Servers(1, env, ROOT / "app.py", log=log) as running:
        (port,) = running.ports
        assert warm(port).error is None  # the server's first visitor: it now watches the store
        time.sleep(WATCH_SECONDS + 1)
        assert "warmed after a save" not in log.read_text(encoding="utf-8")  # nothing new, nothing warmed
        command = [sys.executable, "-m", "dtts_dashboard", "import", str(DATA / "utf8_bom_comma.csv")]
        imported = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert imported.returncode == 0, imported.stderr
        for _ in range(240):
            if "warmed after a save" in log.read_text(encoding="utf-8"):
                break
            time.sleep(0.5)
        time.sleep(WATCH_SECONDS + 2)  # a second round, if there were one, would come by now
    text = log.read_text(encoding="utf-8")
    assert f"warmed after a save: /, /timeline, /export on port {port}" in text, text[-2000:]
    assert text.count("warmed after a save") == 1 and "Traceback" not in text
    assert "warming /" not in text  # every page opened and ran to its end


def test_an_exception_on_the_page_is_an_error(tmp_path):
    app = tmp_path / "dtts-load-test" / "app.py"
    app.parent.mkdir()
    app.write_text('import streamlit as st\nst.write("hello")\nraise RuntimeError("broken page")\n')
    env = os.environ | {"DTTS_DB": str(tmp_path / "store.sqlite")}
    load = run_load(1, 2, env, app=app, warm_up=False)
    assert load.errors == ["exception: RuntimeError"] * 2
    assert load.summary()["finished"] == 0 and load.summary()["errors"] == 2
    assert not _streamlit_servers()  # stopped at the end


def test_servers_are_stopped_when_the_run_is_interrupted(tmp_path, monkeypatch):
    app = tmp_path / "dtts-load-test" / "app.py"
    app.parent.mkdir()
    app.write_text('import streamlit as st\nst.write("hello")\n')

    def interrupted(*args):
        assert len(_streamlit_servers()) == 2  # both running when the Ctrl-C comes
        raise KeyboardInterrupt

    monkeypatch.setattr("dtts_dashboard.load._all_at_once", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_load(2, 4, os.environ | {"DTTS_DB": str(tmp_path / "store.sqlite")}, app=app)
    assert not _streamlit_servers()


def test_summary_counts_errors_apart_from_timings():
    load = LoadResult(
        2,
        4,
        [
            SessionResult(1.0),
            SessionResult(3.0),
            SessionResult(2.0, "exception: KeyError"),
            SessionResult(None, "timeout"),
        ],
    )
    summary = load.summary()
    assert summary["finished"] == 2 and summary["median_s"] == 2.0 and summary["max_s"] == 3.0
    assert summary["errors"] == 2 and summary["error_kinds"] == ["exception: KeyError", "timeout"]


def test_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(1, 51)]
    assert percentile(values, 95) == 48.0 and percentile(values, 50) == 25.0 and percentile([7.0], 95) == 7.0


def test_the_server_forces_no_collection_after_each_run():
    """A full garbage collection after every page run was three quarters of a new session's
    CPU (the load mode's figure): the served configuration turns it off."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_while_a_server_starts_waits_until_it_is_recorded(stop):
    """CI once saw a server left running: the stop came after the child started and before
    its Popen was recorded, so the stop that followed did not know it. Held, the stop reaches
    the handler it had before once the block is done, and both handlers are as they were."""
    handlers = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        recorded = []
        with pytest.raises(KeyboardInterrupt), stops_held():
            os.kill(os.getpid(), stop)
            time.sleep(0.05)  # the handler runs here, in the block
            recorded.append("child")
        assert recorded == ["child"]
        assert signal.getsignal(signal.SIGINT) is handlers[0] and signal.getsignal(signal.SIGTERM) is _interrupt
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # ignored before: ignored after
        with stops_held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, handlers[0])
        signal.signal(signal.SIGTERM, handlers[1])


def test_a_handler_raising_while_handlers_are_set_leaves_none_half_set(monkeypatch):
    """A stop that came to another thread runs its handler before ``signal.signal`` sets the
    next one, and may raise there: the handlers are all set all the same, then it is raised."""
    real, before = signal.signal, (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    calls = []

    def pending_then_set(number, handler):
        calls.append(number)
        if len(calls) == 1:
            raise KeyboardInterrupt  # the pending handler's, before this handler was set
        return real(number, handler)

    monkeypatch.setattr(signal, "signal", pending_then_set)
    try:
        with pytest.raises(KeyboardInterrupt):
            load_module._set_handlers({signal.SIGINT: signal.SIG_IGN, signal.SIGTERM: _interrupt})
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN and signal.getsignal(signal.SIGTERM) is _interrupt
    finally:
        monkeypatch.undo()
        real(signal.SIGINT, before[0])
        real(signal.SIGTERM, before[1])


def test_servers_are_started_with_stops_held(tmp_path, monkeypatch):
    """The hold is what keeps a stop from losing a server just started (see above)."""
    held = []

    @contextlib.contextmanager
    def watched():
        held.append(True)
        yield

    monkeypatch.setattr(load_module, "stops_held", watched)
    with Servers(2, os.environ | {"DTTS_DB": str(tmp_path / "store.sqlite")}, ROOT / "app.py"):
        assert held == [True, True]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_a_kill_stops_the_servers(tmp_path, stop):
    app = tmp_path / "dtts-load-test" / "app.py"
    app.parent.mkdir()
    app.write_text("import time\nimport streamlit as st\ntime.sleep(60)\nst.write('late')\n")
    bench = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dtts_dashboard.bench",
            "--load",
            "--servers",
            "2",
            "--sessions",
            "2",
            "--app",
            str(app),
            "--out",
            str(tmp_path / "load.json"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):  # both servers up (the sessions then wait on the slow page)
            if len(_streamlit_servers()) == 2:
                break
            time.sleep(0.1)
        assert len(_streamlit_servers()) == 2
        bench.send_signal(stop)
        bench.wait(timeout=30)
    finally:
        if bench.poll() is None:
            bench.kill()
    assert not _streamlit_servers()
