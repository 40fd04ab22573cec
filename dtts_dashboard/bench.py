"""The benchmark: every speed goal of the project, measured side by side in one run.

    python -m dtts_dashboard.bench            # province, national and commune scale
    python -m dtts_dashboard.bench --quick    # province scale only (under a minute)
    python -m dtts_dashboard.bench --load     # viewer sessions at once on app servers (load.py)

Prints a table and writes it as JSON (``--out``, default bench-out/bench.json). Timings are
medians of a few repeats; nothing here is asserted as a test.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import io
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from .campaign import load_campaign
from .synth import campaign_toml, progress_frame, schedule_frame, synthetic_campaign, to_csv_bytes, to_xlsx_bytes

SCALES = {"province": (10, 30), "national": (700, 60), "commune": (10_000, 60)}
PAGES = [
    "app.py",
    "pages/1_timeline.py",
    "pages/2_unit.py",
    "pages/3_upload.py",
    "pages/4_history.py",
    "pages/5_export.py",
]
GOALS = {
    "read_ratio": ("read + validate / pandas.read_csv", "<= 2.0"),
    "as_of_ms": ("as-of query, ms", "< 200 at 600,000 reports"),
    "warm_ms": ("warm page rerun, ms", "<= 150 province, <= 600 at 10,000 units"),
    "plotly_bytes": ("Plotly data per page", "<= 1 MB"),
    "peak_mb": ("peak memory, MB", "< 1024 at 10,000 units"),
    "hostile_mb": ("checking a hostile file, MB above idle", "< 300, refused"),
}


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    """Median wall time in ms over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM where Linux has it: ru_maxrss would carry
    the parent's peak into a child started with fork and exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_read(folder: Path, campaign, rows: int | None = None) -> dict:
    """Read and validate the progress CSV against pandas.read_csv on the same file."""
    from .validate import check_file

    path = folder / "progress.csv"
    data = path.read_bytes()
    if rows is not None:
        lines = data.split(b"\n")
        data = b"\n".join(lines[: rows + 1]) + b"\n"
        path = folder / f"progress-{rows}.csv"
        path.write_bytes(data)
    # Side by side: one warm-up each, then the two alternate, so that the machine's drift
    # (other guests on a VM, caches) falls on both alike; the ratio is of the medians.
    read = lambda: pd.read_csv(path)  # noqa: E731
    ours = lambda: check_file(path.read_bytes(), path.name, campaign)  # noqa: E731
    frame, checked = read(), ours()
    pandas_times, our_times = [], []
    for _ in range(15):
        pandas_times.append(timed(read, repeat=1)[0])
        our_times.append(timed(ours, repeat=1)[0])
    pandas_ms, ours_ms = statistics.median(pandas_times), statistics.median(our_times)
    return {
        "rows": len(frame),
        "pandas_ms": round(pandas_ms, 1),
        "ours_ms": round(ours_ms, 1),
        "ratio": round(ours_ms / pandas_ms, 2),
        "valid_rows": checked.rows,
    }


def bench_xlsx(folder: Path, campaign) -> dict:
    from .validate import check_file

    path = folder / "progress.xlsx"
    ms, checked = timed(lambda: check_file(path.read_bytes(), path.name, campaign), repeat=1)
    return {"rows": checked.rows, "ms": round(ms, 1)}


def bench_store(folder: Path, campaign, location: Path | str | None = None) -> dict:
    """Import the progress file into a new store (``location``: an SQLite file by default, or
    a PostgreSQL URL), and read it back: from SQL, from its snapshot, as of a date."""
    from . import snapshot
    from .store import Store

    store = Store(location or folder / "store.sqlite", campaign)
    data = (folder / "progress.csv").read_bytes()
    start = time.perf_counter()
    version = store.import_file(data, "progress.csv", "bench")
    import_ms = (time.perf_counter() - start) * 1000
    snapshot.flush()  # the version's snapshot, made from the change after the commit
    landed_ms = (time.perf_counter() - start) * 1000
    store.settle()  # and its rows, owed to the table until written after the commit
    settled_ms = (time.perf_counter() - start) * 1000
    again = (folder / "progress_changed.csv").read_bytes()  # the same rows, 1 in 100 changed
    again_ms, changed = timed(lambda: store.import_file(again, "progress_changed.csv", "bench"), repeat=1)
    snapshot.flush()
    store.import_file((folder / "schedule.csv").read_bytes(), "schedule.csv", "bench")

    def from_sql():
        with store._read() as con:
            return store._sql_frame(con, "reports", None)

    load_ms, reports = timed(from_sql, repeat=1)  # what a version without a snapshot costs
    snapshot_ms, _ = timed(store.reports, repeat=3)  # the import's (the schedule left the reports)
    day = sorted(reports["report_date"].unique())[len(reports["report_date"].unique()) // 2]
    as_of_ms, view = timed(lambda: store.as_of_sql(day), repeat=5)
    from .store import latest_reports

    frame_ms, _ = timed(lambda: latest_reports(reports, day), repeat=5)
    return {
        "reports": len(reports),
        "import_ms": round(import_ms, 1),
        "import_snapshot_ms": round(landed_ms, 1),
        "import_rows_written_ms": round(settled_ms, 1),
        "import_again_ms": round(again_ms, 1),
        "import_again_changed": changed.changed,
        "import_rows": version.rows,
        "load_reports_ms": round(load_ms, 1),
        "load_reports_snapshot_ms": round(snapshot_ms, 1),
        "as_of_sql_ms": round(as_of_ms, 1),
        "as_of_frame_ms": round(frame_ms, 1),
        "units_in_view": len(view),
    }


def bench_pages(folder: Path) -> dict:
    """Each page through AppTest, in a process of its own (so that its peak memory is the
    dashboard's, not the benchmark's): its first run in a new session as the version's first
    visitor (nothing kept) on a server that has served every page before, the same once its
    results are kept (``results``: any later new session, on any server), a warm rerun; and,
    in new processes, the overview as each one's first page (a server just started), its
    results kept. Each first run is measured ``FIRST_VISITS`` times: the figure is their median."""
    import subprocess

    measured, starts = {}, []
    for flag in ("--pages-of", *["--first-page-of"] * FIRST_VISITS):
        result = subprocess.run(
            [sys.executable, "-m", "dtts_dashboard.bench", flag, str(folder)],
            capture_output=True,
            text=True,
            env=os.environ.copy(),
            timeout=3600,
        )
        if result.returncode != 0:
            return {"error": result.stderr[-2000:]}
        got = json.loads(result.stdout.strip().splitlines()[-1])
        if flag == "--first-page-of":
            starts.append(got)
        else:
            measured |= got
    measured["new_process_runs_ms"] = [s["new_process_ms"] for s in starts]
    measured["new_process_ms"] = statistics.median(measured["new_process_runs_ms"])
    measured["new_process_errors"] = [e for s in starts for e in s["new_process_errors"]]
    return measured


FIRST_VISITS = 3  # first-visitor runs per page: their median is the figure (one swings by ±15 % here)


def _pages_here(folder: Path) -> dict:
    from . import results
    from .store import Store, db_path
    from .ui_bench import run_page

    def forget() -> None:  # the version's first visitor: nothing kept
        results.flush()
        with Store(str(db_path()), load_campaign()).writing() as con:
            con.execute("DELETE FROM results")

    for page in PAGES:  # the process has served each page, as a running server has: the imports made
        run_page(page)
    out = {}
    for page in PAGES:
        firsts = []
        for _ in range(FIRST_VISITS):
            forget()
            start = time.perf_counter()
            at = run_page(page)
            firsts.append(round((time.perf_counter() - start) * 1000, 1))
        warm, at = timed(lambda at=at, page=page: run_page(page, at), repeat=3)
        out[page] = {
            "first_ms": statistics.median(firsts),
            "first_runs_ms": firsts,
            "warm_ms": round(warm, 1),
            "plotly_bytes": at.plotly_bytes,
            "errors": at.errors,
        }
    forget()
    for page in PAGES:  # each page's results kept, as its first visitor keeps them
        run_page(page)
    results.flush()
    for page in PAGES:  # a new session of each page, its results kept
        start = time.perf_counter()
        at = run_page(page)
        out[page]["cold_ms"] = round((time.perf_counter() - start) * 1000, 1)
        out[page]["errors"] += at.errors
    return {"pages": out, "peak_mb": round(peak_mb(), 1)}


def _first_page_here() -> dict:
    from .ui_bench import components, run_page

    components()  # what a server does as it starts, before any visitor
    start = time.perf_counter()
    at = run_page(PAGES[0])
    return {"new_process_ms": round((time.perf_counter() - start) * 1000, 1), "new_process_errors": at.errors}


def bench_hostile(root: Path) -> dict:
    """Each hostile file of issue 18 checked in a child process: its problem and how far the
    child's peak memory rose above idle (the reader before it took 0.8-4.3 GB)."""
    from .hostile import check_in_child, hostile_files

    folder = root / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    files = hostile_files()
    out = {"make_ms": round((time.perf_counter() - start) * 1000), "files": {}}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out["files"][name] = check_in_child(folder / name)
    return out


def _hostile_table(hostile: dict) -> str:
    lines = [
        f"Hostile files (made in {hostile['make_ms'] / 1000:.1f} s), each checked in a child process:",
        "| file | size | refused as | peak MB above idle |",
        "|---|---|---|---|",
    ]
    for name, r in hostile["files"].items():
        lines.append(f"| {name} | {r['bytes'] / 1024:,.0f} KB | {r['code']} | {r['above_idle_mb']:.0f} |")
    return "\n".join(lines)


def run_scale(name: str, units: int, dates: int, root: Path, pages: bool = True, pg=None) -> dict:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    campaign = synthetic_campaign(units, load_campaign())
    (folder / "campaign.toml").write_text(campaign_toml(campaign), encoding="utf-8")
    progress = progress_frame(campaign, dates)
    (folder / "progress.csv").write_bytes(to_csv_bytes(progress))
    (folder / "schedule.csv").write_bytes(to_csv_bytes(schedule_frame(campaign)))
    if len(progress) <= 50_000:
        (folder / "progress.xlsx").write_bytes(to_xlsx_bytes(progress))
    changed = progress.copy()
    changed.iloc[::100, -3] = "Hoàn thiện dự thảo, gửi Ban Chỉ đạo"  # the next tasks of 1 row in 100
    (folder / "progress_changed.csv").write_bytes(to_csv_bytes(changed))
    reports = len(progress)
    del changed, progress  # 600,000 rows each: not kept through the measurements
    os.environ["DTTS_CAMPAIGN"] = str(folder / "campaign.toml")
    os.environ["DTTS_DB"] = str(folder / "store.sqlite")
    result = {"units": units, "report_dates": dates, "reports": reports}
    result["read_csv"] = bench_read(folder, campaign)
    if reports >= 100_000:
        result["read_csv_100k"] = bench_read(folder, campaign, rows=100_000)
    if (folder / "progress.xlsx").exists():
        result["read_xlsx"] = bench_xlsx(folder, campaign)
    result["store"] = bench_store(folder, campaign)
    if pages:
        measured = bench_pages(folder)
        result["pages"] = measured.get("pages", {})
        result["app_peak_mb"] = measured.get("peak_mb")
        result["new_process_ms"] = measured.get("new_process_ms")
        result["new_process_runs_ms"] = measured.get("new_process_runs_ms")
        result["new_process_errors"] = measured.get("new_process_errors")
        result["pages_error"] = measured.get("error")
    if pg is not None:  # the same on PostgreSQL (a throw-away server: pgserver)
        url = pg.url(pg.new_database())
        result["pg_store"] = bench_store(folder, campaign, url)
        if pages:
            os.environ["DTTS_DB"] = url
            measured = bench_pages(folder)
            result["pg_pages"] = measured.get("pages", {})
            result["pg_new_process_ms"] = measured.get("new_process_ms")
            result["pg_new_process_runs_ms"] = measured.get("new_process_runs_ms")
            result["pg_new_process_errors"] = measured.get("new_process_errors")
            result["pg_pages_error"] = measured.get("error")
            os.environ["DTTS_DB"] = str(folder / "store.sqlite")
    result["peak_mb"] = round(peak_mb(), 1)
    return result


def _table(results: dict) -> str:
    lines = [
        "| scale | reports | read+validate / read_csv | import | as-of (SQL / frame) | "
        "warm rerun max (page) | cold max: kept / first visitor / new process | Plotly max | peak MB (dashboard / benchmark) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results["scales"].items():
        read = r.get("read_csv_100k", r["read_csv"])
        pages = r.get("pages", {})
        warm = max(pages.items(), key=lambda kv: kv[1]["warm_ms"]) if pages else ("-", {"warm_ms": 0})
        cold = _cold(pages, r.get("new_process_ms"))
        plotly = max((p["plotly_bytes"] for p in pages.values()), default=0)
        s = r["store"]
        lines.append(
            f"| {name} ({r['units']}×{r['report_dates']}) | {r['reports']:,} | {read['ratio']}× "
            f"({read['ours_ms']:.0f} / {read['pandas_ms']:.0f} ms, {read['rows']:,} rows) | "
            f"{s['import_ms']:.0f} ms | {s['as_of_sql_ms']:.0f} / {s['as_of_frame_ms']:.0f} ms | "
            f"{warm[1]['warm_ms']:.0f} ms ({Path(warm[0]).stem}) | {cold} | {plotly / 1024:.0f} KB | {r.get('app_peak_mb') or 0:.0f} / {r['peak_mb']:.0f} |"
        )
    return "\n".join(lines)


def _cold(pages: dict, new_process_ms: float | None) -> str:
    """The pages' slowest cold runs: with their results kept, as the version's first visitor,
    and the overview as a new process's first page."""
    kept = max((p.get("cold_ms", 0) for p in pages.values()), default=0)
    first = max((p.get("first_ms", 0) for p in pages.values()), default=0)
    return f"{kept:.0f} / {first:.0f} / {new_process_ms or 0:.0f} ms"


def _pg_table(results: dict) -> str:
    """SQLite beside PostgreSQL: import, the reports' load (SQL / snapshot), cold and warm pages."""
    lines = [
        "| scale | import (SQLite / PostgreSQL) | its snapshot in (SQLite / PostgreSQL) | its rows written"
        " (SQLite / PostgreSQL) | again, 1 row in 100 changed"
        " (SQLite / PostgreSQL) | reports from SQL (SQLite / PostgreSQL) | from the snapshot (SQLite / PostgreSQL) |"
        " cold max: kept / first visitor / new process (SQLite · PostgreSQL) | warm max (SQLite / PostgreSQL) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results["scales"].items():
        if "pg_store" not in r:
            continue
        a, b = r["store"], r["pg_store"]
        pages = (r.get("pages", {}), r.get("pg_pages", {}))
        cold = [_cold(pages[0], r.get("new_process_ms")), _cold(pages[1], r.get("pg_new_process_ms"))]
        warm = [max((p["warm_ms"] for p in each.values()), default=0) for each in pages]
        lines.append(
            f"| {name} | {a['import_ms']:.0f} / {b['import_ms']:.0f} ms | {a.get('import_snapshot_ms', 0):.0f} / "
            f"{b.get('import_snapshot_ms', 0):.0f} ms | {a.get('import_rows_written_ms', 0):.0f} / "
            f"{b.get('import_rows_written_ms', 0):.0f} ms | {a.get('import_again_ms', 0):.0f} / "
            f"{b.get('import_again_ms', 0):.0f} ms | {a['load_reports_ms']:.0f} / "
            f"{b['load_reports_ms']:.0f} ms | {a['load_reports_snapshot_ms']:.0f} / {b['load_reports_snapshot_ms']:.0f}"
            f" ms | {cold[0]} · {cold[1]} | {warm[0]:.0f} / {warm[1]:.0f} ms |"
        )
    return "\n".join(lines) if len(lines) > 2 else "(PostgreSQL not measured: " + results.get("pg_note", "") + ")"


def _counts(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        raise SystemExit(f"expected whole numbers above 0 separated by commas, got {text!r}")
    return counts


def _load_main(args) -> int:
    from .load import load_table, main_load

    scale = SCALES.get(args.data)
    app = Path(args.app).resolve() if args.app else None
    results = {
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "data": args.data,
    }
    results["store"] = "PostgreSQL" if args.postgresql else "SQLite"
    results |= main_load(_counts(args.servers), _counts(args.sessions), scale, app, args.postgresql)
    out = Path(args.out or "bench-out/load.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"Machine: {results['machine']}; {results['when']}; data: {args.data}; store: {results['store']}")
    print(f"Load: {results['uptime']}")
    print(load_table(results["load"]))
    print(f"JSON: {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dtts_dashboard.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="province scale only")
    parser.add_argument("--scales", nargs="*", choices=list(SCALES), help="the scales to run")
    parser.add_argument("--no-pages", action="store_true", help="skip the AppTest page runs")
    parser.add_argument(
        "--no-postgresql", action="store_true", help="SQLite only (default: PostgreSQL too, where it is installed)"
    )
    parser.add_argument("--out", help="the JSON file (default bench-out/bench.json, bench-out/load.json)")
    parser.add_argument("--pages-of", help=argparse.SUPPRESS)
    parser.add_argument("--first-page-of", help=argparse.SUPPRESS)
    parser.add_argument("--load", action="store_true", help="the load mode: sessions at once on app servers")
    parser.add_argument("--sessions", default="10,50", help="load mode: sessions at once, e.g. 10,50")
    parser.add_argument("--servers", default="1,2", help="load mode: app servers, e.g. 1,2")
    parser.add_argument(
        "--data", default="sample", choices=["sample", *SCALES], help="load mode: the bundled sample or a scale"
    )
    parser.add_argument(
        "--postgresql",
        action="store_true",
        help="load mode: the servers share a PostgreSQL database (a throw-away server)",
    )
    parser.add_argument("--app", help=argparse.SUPPRESS)  # load mode: another page script (tests)
    args = parser.parse_args(argv)
    if args.load:
        return _load_main(args)
    if args.pages_of or args.first_page_of:  # the child processes of bench_pages
        with contextlib.redirect_stderr(io.StringIO()):
            measured = _pages_here(Path(args.pages_of)) if args.pages_of else _first_page_here()
        print(json.dumps(measured))
        return 0
    scales = ["province"] if args.quick else (args.scales or list(SCALES))
    results = {
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"pandas {pd.__version__}",
        "goals": GOALS,
        "scales": {},
    }
    pg = None
    if not args.no_postgresql:
        from .pgserver import Server

        try:
            pg = Server()
        except (RuntimeError, OSError) as exc:
            results["pg_note"] = str(exc)
    with tempfile.TemporaryDirectory(prefix="dtts-bench-") as tmp:
        try:
            for name in scales:
                units, dates = SCALES[name]
                print(f"… {name}: {units} units × {dates} report dates", file=sys.stderr, flush=True)
                with contextlib.redirect_stderr(io.StringIO()):
                    results["scales"][name] = run_scale(name, units, dates, Path(tmp), not args.no_pages, pg)
        finally:
            if pg is not None:
                pg.stop()
        print("… hostile files", file=sys.stderr, flush=True)
        results["hostile"] = bench_hostile(Path(tmp))
    out = Path(args.out or "bench-out/bench.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"Machine: {results['machine']}; {results['when']}")
    print(_table(results))
    print(_pg_table(results))
    print(_hostile_table(results["hostile"]))
    for name, r in results["scales"].items():
        for page, p in r.get("pages", {}).items():
            print(
                f"  {name:9} {page:22} cold {p['cold_ms']:6.0f} ms (first visitor {p['first_ms']:6.0f} ms)"
                f"  warm {p['warm_ms']:5.0f} ms  "
                f"plotly {p['plotly_bytes'] / 1024:7.0f} KB" + (f"  ERRORS {p['errors']}" if p["errors"] else "")
            )
    for name, r in results["scales"].items():
        for key in ("pages_error", "pg_pages_error"):
            if r.get(key):
                print(f"  {name}: the page runs failed ({key}): {r[key]}")
    print(f"JSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
