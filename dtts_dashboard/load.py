"""The benchmark's load mode: N viewer sessions at once against one or more app servers.

    python -m dtts_dashboard.bench --load --sessions 10,50 --servers 1,2

Starts the app servers itself (``streamlit run app.py`` on loopback, all on one store in a
temporary folder: the bundled sample data, or a synthetic store of a benchmark scale), waits
until they answer, then opens the sessions at once over Streamlit's websocket as a browser
does (connect to ``/_stcore/stream``, send a ``rerun_script`` BackMsg) and times each from
connect to the end of its page run (the ``script_finished`` ForwardMsg). Sessions are spread
round-robin over the servers. An exception shown on the page, a run that does not finish
successfully, a closed connection or a timeout counts as an error. Everything started here
is stopped at the end, also on Ctrl-C. Timings are reported, never judged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from . import results
from .campaign import ROOT

_LOG = logging.getLogger(__name__)
HOST = "127.0.0.1"  # loopback only
READY_TIMEOUT = 60.0  # seconds for a server to answer its health check
SESSION_TIMEOUT = 300.0  # seconds for one session's page run


@dataclass
class SessionResult:
    seconds: float | None  # connect to the end of the page run; None when it never ended
    error: str | None = None
    elements: int = 0  # the elements the page sent (a page that showed nothing is seen)
    page: str | None = None  # the page the server ran, by its address's path ("" the overview)


@dataclass
class LoadResult:
    servers: int
    sessions: int
    results: list[SessionResult] = field(default_factory=list)
    cpu_seconds: float | None = None  # the servers' CPU time over the run (Linux), all sessions

    @property
    def timings(self) -> list[float]:
        return [r.seconds for r in self.results if r.seconds is not None and r.error is None]

    @property
    def errors(self) -> list[str]:
        return [r.error for r in self.results if r.error is not None]

    def summary(self) -> dict:
        times = sorted(self.timings)
        return {
            "servers": self.servers,
            "sessions": self.sessions,
            "finished": len(times),
            "median_s": round(statistics.median(times), 3) if times else None,
            "p95_s": round(percentile(times, 95), 3) if times else None,
            "max_s": round(times[-1], 3) if times else None,
            "cpu_per_session_s": round(self.cpu_seconds / self.sessions, 3) if self.cpu_seconds else None,
            "errors": len(self.errors),
            "elements": sorted({r.elements for r in self.results}),
            "error_kinds": sorted(set(self.errors)),
        }


def percentile(values: list[float], pct: float) -> float:
    """The ``pct``-th percentile by the nearest-rank method (of 50 values, the 48th)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def stops_held():
    """Ctrl-C and SIGTERM held back for the block, then given to the handlers they had before
    (``signal.raise_signal``: Ctrl-C's default raises KeyboardInterrupt; SIGTERM's default
    ends the process, so callers that must clean up, as the load mode does, handle it; an
    ignored one stays ignored). The handlers are swapped with both signals blocked in this
    thread, and each swap is completed even when a pending handler raises during it, so
    that neither is left swapped. Only the main thread handles signals; elsewhere the block
    runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    before = {number: signal.getsignal(number) for number in _STOPS}
    _set_handlers(dict.fromkeys(_STOPS, lambda signum, frame: caught.append(signum)))
    try:
        yield
    finally:
        fallback = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL}
        _set_handlers({n: h if h is not None else fallback[n] for n, h in before.items()})  # None: set outside Python
        for number in dict.fromkeys(caught):  # also when the block failed: the stop comes first
            signal.raise_signal(number)


_STOPS = (signal.SIGINT, signal.SIGTERM)


def _set_handlers(handlers: dict) -> None:
    """Each signal's handler set, with the signals blocked in this thread. A handler still
    pending (its signal came to another thread) runs before a handler is set and may raise:
    then the rest are set all the same, and what it raised is raised after."""
    raised = None
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        for number, handler in handlers.items():
            for _ in range(3):  # a pending handler runs once; anything else would raise each time
                try:
                    signal.signal(number, handler)
                    break
                except BaseException as exc:  # noqa: BLE001 (a pending handler's exception: raised below)
                    raised = raised or exc
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    if raised is not None:
        raise raised


class Servers:
    """App servers started as child processes (each in a process group of its own), stopped
    on leaving the ``with`` block whatever happens."""

    def __init__(self, count: int, env: dict, app: Path, base: str = "", log: Path | None = None):
        self.count, self.env, self.app, self.base = count, env, app, base  # base: their baseUrlPath
        self.log = log  # where their output goes (appended); None: nowhere
        self.procs: list[subprocess.Popen] = []
        self.ports: list[int] = []

    def __enter__(self) -> Servers:
        output = open(self.log, "ab") if self.log is not None else subprocess.DEVNULL  # noqa: SIM115 (closed below)
        try:
            for _ in range(self.count):
                port = free_port()
                command = [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    str(self.app),
                    "--server.port",
                    str(port),
                    "--server.address",
                    HOST,
                    "--server.headless",
                    "true",
                    "--browser.gatherUsageStats",
                    "false",
                    "--server.fileWatcherType",
                    "none",
                    "--server.runOnSave",
                    "false",
                ]
                with stops_held():  # a stop between the child's start and its record would leave it running
                    self.procs.append(
                        subprocess.Popen(
                            command,
                            cwd=self.app.parent,
                            env=self.env,
                            stdout=output,
                            stderr=output,
                            start_new_session=True,
                        )
                    )
                self.ports.append(port)
            for proc, port in zip(self.procs, self.ports):
                wait_ready(proc, port, base=self.base)
        except BaseException:
            self.stop()
            raise
        finally:
            if self.log is not None:
                output.close()  # the servers hold their own copies
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def cpu_seconds(self) -> float | None:
        """The servers' CPU time so far (user and system), from /proc; None elsewhere."""
        total = 0.0
        for proc in self.procs:
            try:
                fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                return None
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
        return total

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _prefix(base: str) -> str:
    """A server's ``baseUrlPath`` as the start of its addresses' paths ("" or "/dtts")."""
    return "/" + base.strip("/") if base.strip("/") else ""


def wait_ready(
    proc: subprocess.Popen | None, port: int, timeout: float = READY_TIMEOUT, host: str = HOST, base: str = ""
) -> None:
    """Return once the app server on ``port`` answers its health check (``proc``: the server,
    when started here: its end is said at once)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the app server on port {port} ended with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://{host}:{port}{_prefix(base)}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the app server on port {port} did not answer within {timeout:.0f} s")


async def one_session(
    port: int,
    query_string: str = "",
    timeout: float = SESSION_TIMEOUT,
    host: str = HOST,
    base: str = "",
    page: str = "",
) -> SessionResult:
    """Open the page (``page``: its address's path, "" the overview) as a browser does and
    time it to the end of its run (``base``: the server's ``baseUrlPath``)."""
    from websockets.asyncio.client import connect

    from .ui_bench import browser_rerun_message, read_server_message

    start = time.perf_counter()
    error, elements, page_run = None, 0, None
    try:
        async with asyncio.timeout(timeout):
            async with connect(
                f"ws://{host}:{port}{_prefix(base)}/_stcore/stream",
                subprotocols=["streamlit"],
                max_size=None,
                compression=None,
            ) as ws:
                await ws.send(browser_rerun_message(query_string, page))
                async for data in ws:
                    msg = read_server_message(data)
                    elements += msg.is_element
                    page_run = msg.page if msg.page is not None else page_run
                    if msg.exception and not error:
                        error = f"exception: {msg.exception}"
                    if msg.finished is None or msg.finished == "FINISHED_EARLY_FOR_RERUN":
                        continue  # not the end, or the page reran itself: its next run is the one seen
                    if msg.finished != "FINISHED_SUCCESSFULLY":
                        error = error or f"finished: {msg.finished}"
                    return SessionResult(time.perf_counter() - start, error, elements, page_run)
                return SessionResult(None, "connection closed before the page ended", elements)
    except TimeoutError:
        return SessionResult(None, "timeout")
    except OSError as exc:
        return SessionResult(None, f"connection: {type(exc).__name__}")
    except Exception as exc:  # a websocket protocol error, say: counted, not fatal
        return SessionResult(None, f"{type(exc).__name__}")


async def _all_at_once(ports: list[int], sessions: int, query_string: str) -> list[SessionResult]:
    return await asyncio.gather(*(one_session(ports[i % len(ports)], query_string) for i in range(sessions)))


def run_load(
    servers: int, sessions: int, env: dict, app: Path | None = None, query_string: str = "", warm_up: bool = True
) -> LoadResult:
    """Start ``servers`` app servers, let each run the page once (the data loaded and the
    shared caches filled, as on a server that has been up a while), then open ``sessions``
    sessions at once, round-robin over the servers."""
    app = app or ROOT / "app.py"
    with Servers(servers, env, app) as running:
        if warm_up:
            asyncio.run(_all_at_once(running.ports, servers, query_string))
        before = running.cpu_seconds()
        results = asyncio.run(_all_at_once(running.ports, sessions, query_string))
        after = running.cpu_seconds()
    cpu = after - before if before is not None and after is not None else None
    return LoadResult(servers, sessions, list(results), cpu)


def load_env(folder: Path, scale: tuple[int, int] | None = None, database: str | None = None) -> dict:
    """The environment of the app servers: a store of their own in ``folder``, or the
    PostgreSQL ``database`` URL (the bundled sample, loaded by the app into an empty store; or
    a synthetic store of ``scale``: units × report dates)."""
    env = os.environ.copy()
    env["DTTS_DB"] = database or str(folder / "store.sqlite")
    if scale is not None:
        from .campaign import load_campaign
        from .store import Store
        from .synth import campaign_toml, progress_frame, schedule_frame, synthetic_campaign, to_csv_bytes

        units, dates = scale
        campaign = synthetic_campaign(units, load_campaign())
        (folder / "campaign.toml").write_text(campaign_toml(campaign), encoding="utf-8")
        store = Store(env["DTTS_DB"], campaign)
        store.import_file(to_csv_bytes(progress_frame(campaign, dates)), "progress.csv", "bench")
        store.import_file(to_csv_bytes(schedule_frame(campaign)), "schedule.csv", "bench")
        env["DTTS_CAMPAIGN"] = str(folder / "campaign.toml")
    return env


def load_table(rows: list[dict]) -> str:
    lines = [
        "| servers | sessions at once | median | p95 | max | server CPU per session | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        keys = ("median_s", "p95_s", "max_s", "cpu_per_session_s")
        seconds = (f"{r[k]:.2f} s" if r[k] is not None else "-" for k in keys)
        errors = str(r["errors"]) + (f" ({', '.join(r['error_kinds'])})" if r["errors"] else "")
        lines.append(f"| {r['servers']} | {r['sessions']} | " + " | ".join(seconds) + f" | {errors} |")
    return "\n".join(lines)


def main_load(
    servers: list[int], sessions: list[int], scale: tuple[int, int] | None, app: Path | None, postgresql: bool = False
) -> dict:
    """Every combination of ``servers`` × ``sessions``, each on freshly started servers, all
    on one store: an SQLite file, or with ``postgresql`` a database on a throw-away server
    (``pgserver``). A SIGTERM ends it as Ctrl-C does: what was started is stopped."""
    signal.signal(signal.SIGTERM, _terminated)
    rows = []
    with tempfile.TemporaryDirectory(prefix="dtts-load-") as tmp, contextlib.ExitStack() as stack:
        database = None
        if postgresql:
            from .pgserver import Server

            try:
                pg = Server()
            except (RuntimeError, OSError) as exc:
                raise SystemExit(f"PostgreSQL: {exc}") from exc
            stack.callback(pg.stop)
            database = pg.url(pg.new_database())
        env = load_env(Path(tmp), scale, database)
        for count in servers:
            for n in sessions:
                print(f"… {count} server(s), {n} session(s) at once", file=sys.stderr, flush=True)
                rows.append(run_load(count, n, env, app).summary())
    return {"load": rows, "uptime": uptime()}


def warm(port: int, timeout: float = READY_TIMEOUT) -> SessionResult:
    """Open the overview of the app server on ``port`` once, as a browser does, as soon as it
    answers: the server makes its imports and reads (or computes, and keeps) the newest
    version's overview before its first visitor does. ``deploy/``'s unit runs it after
    starting each server (``python -m dtts_dashboard.load --warm PORT``)."""
    wait_ready(None, port, timeout)
    return asyncio.run(one_session(port))


# The pages whose results are kept per version (``ui.Context.shared``), by their addresses.
WARMED_PAGES = ("", "timeline", "export")
WATCH_SECONDS = 5.0  # how often an app server looks for a version saved elsewhere
WATCH_GRACE = 1.0  # seconds before it claims one: the server that saved it claims it at once
WATCH_FOLLOW = 15.0  # seconds a server that did not claim a version waits before it warms it too


class Warmer:
    """After a save, an app server opens the new version's pages whose results are kept, once
    each, as a visitor would, in a thread of its own: they are made (and kept in the store, for
    every app server) before the committee's members follow the link. One thread at a time;
    saves made while it works are warmed once more when it is done (their newest version).
    Once watching a store (``watch``), versions saved elsewhere are warmed too: first by the
    one app server that claims each (``results.claim``), the others following later, when
    the results are kept (their rounds then cost little; if the first failed, they make
    them). No server warms a version twice."""

    def __init__(self, pages: tuple[str, ...] = WARMED_PAGES):
        self.pages = pages
        self.done: list[SessionResult] = []  # the latest round's sessions (tests)
        self.rounds: list[tuple[int | None, str]] = []  # each round's version and why: "saved", "claimed", "followed"
        self._lock = threading.Lock()
        self._wanted: tuple | None = None  # (port, host, base, why)
        self._thread: threading.Thread | None = None
        self._store = None  # the store watched, once ``watch`` is called
        self._stopped = threading.Event()
        self._last: int | None = None  # the version this server last warmed

    def watch(
        self,
        store,
        port: int,
        host: str = HOST,
        base: str = "",
        every: float = WATCH_SECONDS,
        grace: float = WATCH_GRACE,
        follow: float = WATCH_FOLLOW,
    ) -> None:
        """Warm also the versions saved elsewhere (by another app server, or the ``import``
        command): every ``every`` seconds the store's newest version number is read; a new
        one is claimed ``grace`` seconds after it is seen (the server that saved it claims it
        at once), and warmed at once if this server claimed it, else ``follow`` seconds later.
        Once per process: a second call does nothing."""
        with self._lock:
            if self._store is not None:
                return
            self._store = store
        target = (port, host, base)
        threading.Thread(
            target=self._watch, args=(target, every, grace, follow), name="dtts-watch", daemon=True
        ).start()

    def stop(self) -> None:
        """End the watch (tests; a server's watch ends with its process)."""
        self._stopped.set()

    def _watch(self, target: tuple, every: float, grace: float, follow: float) -> None:
        store = self._store
        seen, readable = _newest(store), True
        while not self._stopped.wait(every):
            now = _newest(store)
            if now is None and readable:
                _LOG.warning("looking for a new version: the store cannot be read (tried every %.0f s)", every)
            elif now is not None and not readable:
                _LOG.info("looking for a new version: the store can be read again")
            readable = now is not None
            if now is None or now == seen:
                continue
            seen = now
            if self._stopped.wait(grace) or now == self._last:  # this server's own save: warmed already
                continue
            if results.claim(store, now):
                self._ask(target, "claimed")
            else:  # another server warms it first: this one follows, when its results are kept
                _LOG.info("version %s is warmed by another app server first", now)
                if not self._stopped.wait(follow) and now != self._last:
                    self._ask(target, "followed")

    def request(self, port: int, host: str = HOST, base: str = "") -> None:
        """Warm the store's newest version up: this server has just saved it."""
        self._ask((port, host, base), "saved")

    def _ask(self, target: tuple, why: str) -> None:
        with self._lock:
            if self._wanted is not None and self._wanted[3] == "saved":
                why = "saved"
            self._wanted = (*target, why)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="dtts-warm", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                wanted, self._wanted = self._wanted, None
                if wanted is None:
                    self._thread = None
                    return
            port, host, base, why = wanted
            number = _newest(self._store) if self._store is not None else None
            if number is not None:
                if number == self._last:
                    continue  # warmed by this server already (its save, seen by its watch too)
                if why == "saved":
                    results.claim(self._store, number)  # the others follow, not compute it beside
                self._last = number
            start, done = time.perf_counter(), []
            for page in self.pages:
                result = asyncio.run(one_session(port, "", SESSION_TIMEOUT, host, base, page))
                if result.error:
                    _LOG.warning("warming /%s on port %s after a save: %s", page, port, result.error)
                done.append(result)
            self.done = done
            self.rounds.append((number, why))
            _LOG.info(
                "warmed after a save: %s on port %s in %.2f s",
                ", ".join("/" + p for p in self.pages),
                port,
                time.perf_counter() - start,
            )

    def join(self, timeout: float | None = None) -> None:
        """Wait for the warming under way, if any (tests)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)


def _newest(store) -> int | None:
    """The store's newest version number, or None when it cannot be read just now."""
    try:
        return store.latest()
    except Exception as exc:  # noqa: BLE001 (the store's trouble, of whatever engine: tried again later)
        _LOG.debug("looking for a new version: %s", exc)
        return None


def _warm_main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m dtts_dashboard.load", description=warm.__doc__.split(":")[0])
    parser.add_argument("--warm", type=int, required=True, metavar="PORT", help="the app server's port on 127.0.0.1")
    parser.add_argument("--timeout", type=float, default=READY_TIMEOUT, help="seconds to wait for it to answer")
    args = parser.parse_args(argv)
    try:
        result = warm(args.warm, args.timeout)
    except RuntimeError as exc:
        print(f"not warmed: {exc}", file=sys.stderr)
        return 1
    if result.error:
        print(f"not warmed: the overview on port {args.warm}: {result.error}", file=sys.stderr)
        return 1
    print(f"warmed: the overview on port {args.warm} ran in {result.seconds:.2f} s")
    return 0


def _terminated(signum, frame):
    raise KeyboardInterrupt


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except OSError:
        return ""


if __name__ == "__main__":
    sys.exit(_warm_main())
