"""Command line: ``python -m dtts_dashboard COMMAND``. Never a traceback, whatever the input.

Exit codes (the contract's): 0 done; 1 refused (an invalid file, an unknown version or
follow-up item, a password too short: the request was understood and turned down, nothing
stored); 2 could not run (no such file, a bad option, an unreadable campaign or accounts
file, a store that cannot be opened or written, a fault of the program).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import sys
from pathlib import Path

from .campaign import CampaignError, load_campaign
from .i18n import both
from .problems import InputError, Problem
from .report import KINDS as REPORT_KINDS
from .schema import FINDINGS, KINDS

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
EXIT_CODES = (
    (EXIT_OK, "done"),
    (
        EXIT_REFUSED,
        "refused: an invalid file, an unknown version or item, a password too short, a copy into a store that has"
        " versions (nothing stored)",
    ),
    (EXIT_USAGE, "could not run: no such file, a bad option, an unreadable campaign or store"),
)


class CannotRun(Exception):
    """The command could not run (exit 2): its message says why."""


def _print_json(payload: dict) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=None) + "\n")


def _refusal(exc: InputError, as_json: bool) -> int:
    if as_json:
        _print_json({"errors": [p.to_json() for p in exc.problems], "warnings": [p.to_json() for p in exc.warnings]})
    else:
        print(both("cli_refused", count=len(exc.problems)))
        for problem in exc.problems:
            print(f"  - {problem.message('vi')}")
        _print_warnings(exc.warnings)
    return EXIT_REFUSED


def _print_warnings(warnings: list[Problem]) -> None:
    for problem in warnings:
        print(f"  ! {problem.message('vi')}")


def _read_input(path: str) -> tuple[bytes, str]:
    try:
        return Path(path).read_bytes(), Path(path).name
    except OSError as exc:
        raise CannotRun(both("cli_cannot_read", path=path, error=exc.strerror)) from exc


def cmd_check(args) -> int:
    from .validate import check_file

    data, name = _read_input(args.file)
    campaign = load_campaign()
    try:
        checked = check_file(data, name, campaign, args.kind)
    except InputError as exc:
        return _refusal(exc, args.json)
    if checked.kind == FINDINGS:  # a visit the schedule does not have: said, as the upload page says it
        from .store import open_store, store_exists, unplanned_visits

        if store_exists():
            checked.warnings += unplanned_visits(checked.records, open_store(campaign).schedule_to_compare())
    if args.json:
        records = checked.plain().drop(columns=["row"]).to_dict(orient="records")
        _print_json(
            {
                "kind": checked.kind,
                "rows": checked.rows,
                "records": records,
                "warnings": [p.to_json() for p in checked.warnings],
            }
        )
    else:
        print(both("cli_valid", kind=checked.kind, rows=checked.rows))
        _print_warnings(checked.warnings)
    return EXIT_OK


def cmd_import(args) -> int:
    from . import snapshot
    from .store import open_store, settling_done

    data, name = _read_input(args.file)
    store = open_store()
    try:
        version = store.import_file(data, name, author=args.by, kind=args.kind)
    except InputError as exc:
        return _refusal(exc, True)
    print(version.number, flush=True)
    snapshot.flush()  # the version's snapshot, made from the change, lands before the command ends,
    settling_done()  # and so do its rows (a large file's are written after the version commits),
    store.settle()  # by this command if that failed (then it says why)
    return EXIT_OK


def cmd_history(args) -> int:
    from .store import open_store

    versions = open_store().history()
    if args.json:
        _print_json({"versions": [v.to_json() for v in versions]})
    else:
        for v in versions:
            origin = f"unit:{v.origin_unit}" if v.origin_unit else "province"
            print(f"{v.number:>5}  {v.created_at}  {v.author:<16} {v.kind:<9} {v.rows:>7}  {origin:<20} {v.filename}")
    return EXIT_OK


def cmd_restore(args) -> int:
    from .store import StoreError, open_store

    try:
        version = open_store().restore(args.number, author=args.by)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    print(version.number)
    return EXIT_OK


def cmd_copy_store(args) -> int:
    from .copying import TargetNotEmpty, copy_store
    from .engines import shown_location
    from .store import Store, db_path, store_exists

    if not store_exists():
        raise CannotRun(both("cli_copy_no_source", store=shown_location(db_path())))
    campaign = load_campaign()
    source, target = Store(db_path(), campaign), Store(args.to, campaign)
    shown = shown_location(args.to)
    try:
        copied = copy_store(source, target)
    except TargetNotEmpty as exc:
        print(both("cli_copy_target_not_empty", store=shown, count=exc.versions), file=sys.stderr)
        return EXIT_REFUSED
    tables = ", ".join(f"{table} {count}" for table, count in copied.rows.items() if table != "versions")
    print(both("cli_copy_done", store=shown, count=copied.versions, tables=tables))
    return EXIT_OK


def _write_file(write, args) -> int:
    """Run a command that writes --out: print the path, or the reason on stderr (exit 2)."""
    try:
        write(args)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(both("cli_cannot_write", path=args.out, error=exc.strerror), file=sys.stderr)
        return EXIT_USAGE
    print(args.out)
    return EXIT_OK


def cmd_export(args) -> int:
    from .exporting import export_to_path

    return _write_file(lambda a: export_to_path(Path(a.out), as_of=a.as_of, units=a.units), args)


def cmd_report(args) -> int:
    from .report import write_report

    return _write_file(lambda a: write_report(Path(a.out), as_of=a.as_of, kind=a.kind), args)


def cmd_summary(args) -> int:
    from .metrics import default_as_of
    from .store import open_store
    from .summary import summary

    campaign = load_campaign()
    store = open_store(campaign)
    units = None
    if args.units:
        matched = [campaign.match_unit(u).unit for u in args.units]
        unknown = [u for u, m in zip(args.units, matched) if m is None]
        if unknown:
            print(f"{both('export_unknown_units')}: {', '.join(unknown)}", file=sys.stderr)
            return EXIT_USAGE
        units = matched
    reports = store.reports()
    if not store.sample_in_view():
        campaign = campaign.for_real_data()
    findings = store.findings()
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else default_as_of(reports, campaign, findings)
    result = summary(reports, store.schedule(), campaign, as_of, units, findings=findings, handling=store.handling())
    if args.json:
        _print_json(result)
        return EXIT_OK
    print(f"{both('cli_as_of')} {as_of.isoformat()}" + (f" ({both('cli_sample')})" if result["sample"] else ""))
    for unit in result["units"]:
        statuses = ", ".join(f"{k}={v or '-'}" for k, v in unit["statuses"].items())
        print(f"{unit['unit']}: {statuses}")
        for reason in unit["attention"]:
            print(f"  ! {reason['text']} [{reason['code']}]")
    for round_ in result["rounds"]:
        counts = collections.Counter(round_["units"].values())
        counted = ", ".join(f"{k}={v}" for k, v in counts.items())
        print(f"{both('cli_round')} “{round_['name']}” ({round_['due']}): {counted}")
    return EXIT_OK


def cmd_followups(args) -> int:
    from . import followups
    from .metrics import default_as_of
    from .store import open_store

    campaign = load_campaign()
    store = open_store(campaign)
    reports = store.reports()
    findings = store.findings()
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else default_as_of(reports, campaign, findings)
    table = followups.items(reports, findings, store.handling(), campaign, as_of)
    if args.json:
        _print_json({"as_of": as_of.isoformat(), "items": followups.to_json(table)})
        return EXIT_OK
    for r in table.to_dict(orient="records"):
        back = f" ({both('cli_raised_again')})" if r["came_back"] else ""
        print(f"{r['id']}  {r['status']:<9} {r['unit']:<20} {r['source']:<14} {r['first_raised']}  {r['text']}{back}")
    return EXIT_OK


def cmd_answer(args) -> int:
    from . import followups
    from .metrics import default_as_of
    from .store import StoreError, open_store

    campaign = load_campaign()
    store = open_store(campaign)
    reports, findings = store.reports(), store.findings()
    # the items `followups` lists (a recommendation of findings later than every report included)
    table = followups.items(reports, findings, store.handling(), campaign, default_as_of(reports, campaign, findings))
    match = table[table["id"] == args.id]
    if match.empty:
        print(both("cli_no_item", id=args.id), file=sys.stderr)
        return EXIT_REFUSED
    try:
        version = store.answer(
            args.id,
            match.iloc[0]["unit"],
            args.status,
            args.by,
            owner=args.owner,
            response=args.response,
            response_date=args.date,
            ref=args.ref,
        )
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    print(version.number)
    return EXIT_OK


def cmd_add_editor(args) -> int:
    from .auth import AuthError, add_editor

    if not args.password_stdin:
        print(both("cli_password_stdin"), file=sys.stderr)
        return EXIT_USAGE
    unit = None
    if args.unit is not None:  # an account of a unit's office: the unit must be one of the campaign's
        match = load_campaign().match_unit(args.unit)
        if match.unit is None:
            named = match.ambiguous or ((match.suggestion,) if match.suggestion else ())
            hint = f" {both('cli_did_you_mean')}: {', '.join(named)}?" if named else ""
            print(both("cli_no_unit", unit=args.unit) + hint, file=sys.stderr)
            return EXIT_REFUSED
        unit = match.unit
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        path = add_editor(args.name, password, unit=unit)
    except AuthError as exc:  # a name, password or unit refused; with a cause: the accounts file unreadable
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE if exc.__cause__ is not None else EXIT_REFUSED
    saved = both("cli_editor_saved_unit", name=args.name, unit=unit, path=path) if unit else None
    print(saved or both("cli_editor_saved", name=args.name, path=path))
    from . import logins
    from .store import open_store, store_exists

    if store_exists():  # a reset ends the editor's logins on every server
        ended = logins.end_all(open_store(), args.name)
        if ended:
            print(both("cli_logins_ended", count=ended))
    return EXIT_OK


def _date_arg(text: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected yyyy-mm-dd, got {text!r}") from exc


def _epilog() -> str:
    from . import settings

    codes = "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES)
    return f"exit codes:\n{codes}\n\nsettings (environment variables):\n{settings.describe()}"


KIND_HELP = "the file's kind (default: told by its headers)"
AS_OF_HELP = "the date viewed, yyyy-mm-dd (default: the latest report date)"
JSON_HELP = "print one JSON object"
BY_HELP = "editor name recorded with the version"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dtts_dashboard",
        description="Theo dõi chuẩn bị Đại hội DTTS cấp huyện / follow the district congresses' preparation.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", help="one of the commands below")
    sub.required = True

    p = sub.add_parser("check", help="read and validate a file; store nothing")
    p.add_argument("file", help="the file to check (.csv or .xlsx)")
    p.add_argument("--kind", choices=KINDS, help=KIND_HELP)
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("import", help="store a valid file as a new version")
    p.add_argument("file", help="the file to store (.csv or .xlsx)")
    p.add_argument("--kind", choices=KINDS, help=KIND_HELP)
    p.add_argument("--by", default="cli", help=BY_HELP + " (default: cli)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("history", help="list the versions, oldest first")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("restore", help="make a new version whose content equals version N")
    p.add_argument("number", type=int, help="the version N to restore, as `history` lists it")
    p.add_argument("--by", default="cli", help=BY_HELP + " (default: cli)")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser(
        "copy-store", help="copy every version of the store (DTTS_DB) into an empty store: SQLite or PostgreSQL"
    )
    p.add_argument(
        "--to",
        required=True,
        metavar="TARGET",
        help="the store to copy into, which must have no version: an SQLite file's path or a postgresql:// URL",
    )
    p.set_defaults(func=cmd_copy_store)

    p = sub.add_parser("export", help="export the data as the dashboard shows it (.xlsx or .csv)")
    p.add_argument("--out", required=True, help="the file to write; its ending (.xlsx or .csv) chooses the format")
    p.add_argument("--as-of", type=_date_arg, help=AS_OF_HELP)
    p.add_argument("--units", nargs="*", help="only these units (default: every unit)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("report", help="write the consolidated report (.docx): of progress, or of inspection findings")
    p.add_argument("--out", required=True, help="the .docx file to write")
    p.add_argument("--as-of", type=_date_arg, help=AS_OF_HELP)
    p.add_argument(
        "--kind",
        choices=REPORT_KINDS,
        default="progress",
        help="progress: the units' progress as they report it (the default); findings: the inspection results",
    )
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("summary", help="what the overview shows: statuses, congress, reasons for attention")
    p.add_argument("--as-of", type=_date_arg, help=AS_OF_HELP)
    p.add_argument("--units", nargs="*", help="only these units (default: every unit)")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("followups", help="every difficulty, proposal and recommendation, with its handling")
    p.add_argument("--as-of", type=_date_arg, help=AS_OF_HELP)
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_followups)

    p = sub.add_parser("answer", help="record the committee's handling of a follow-up item, as a new version")
    p.add_argument("id", help="the item's id, as `followups` lists it")
    p.add_argument(
        "--status",
        required=True,
        choices=("open", "in_hand", "answered", "no_action"),
        help="open, in_hand (being handled), answered, or no_action (nothing to do)",
    )
    p.add_argument("--owner", help="who handles it (Ban Dân tộc, Sở Tài chính, ...)")
    p.add_argument("--response", help="the answer given")
    p.add_argument("--ref", help="the number of the answering document (số công văn)")
    p.add_argument("--date", type=_date_arg, help="the answer's date, yyyy-mm-dd")
    p.add_argument("--by", required=True, help=BY_HELP)
    p.set_defaults(func=cmd_answer)

    p = sub.add_parser("add-editor", help="create or reset an editor account")
    p.add_argument("name", help="the editor's login name (1-64 characters)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.add_argument(
        "--unit",
        help="the unit whose office the account belongs to: it sends that unit's reports only (default: the province)",
    )
    p.set_defaults(func=cmd_add_editor)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CannotRun as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except CampaignError as exc:
        print(f"{both('cli_campaign_error')}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard: a message, never a traceback
        from .store import FAULT_CODES, StoreError, StoreFault

        if isinstance(exc, StoreFault):  # the store failed: its path, SQLite's words, what to do
            print(f"{both('cli_store_fault')} ({exc.code}): {exc}", file=sys.stderr)
            print(both(f"cli_store_{exc.code if exc.code in FAULT_CODES else 'io'}"), file=sys.stderr)
            return EXIT_USAGE
        if isinstance(exc, StoreError):  # a store this program cannot use (one from a newer version)
            print(f"{both('cli_store_error')}: {exc}", file=sys.stderr)
            return EXIT_USAGE
        print(f"{both('cli_unexpected')}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_USAGE
