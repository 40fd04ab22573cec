"""Hostile files, small and quick to make, and the peak memory of checking one.

Each is a few KB to a few MB, made in well under a second to a few seconds, and each once
took the server's memory from 250 MB to gigabytes: an XLSX whose rows hold one cell in the
last column (XFD), a sheet of 1,048,576 rows, a CSV of 100,000 columns. The benchmark and
the tests check them in a child process (``python -m dtts_dashboard.hostile FILE``), which
prints the problem code and how far its peak resident memory rose above what it was before
the check began.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import zipfile
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
HEADER = ("Ngày báo cáo", "Đơn vị")


def xlsx_of_sheet(sheet_data: str, dimension: str | None = None) -> bytes:
    """A one-sheet XLSX whose ``<sheetData>`` is ``sheet_data`` (written as it is)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}'
        f"<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def _header_row() -> str:
    cells = "".join(f'<c r="{col}1" t="inlineStr"><is><t>{text}</t></is></c>' for col, text in zip("AB", HEADER))
    return f'<row r="1">{cells}</row>'


def xfd_xlsx(rows: int = 8_000, declared: bool = True) -> bytes:
    """Under the header, ``rows`` rows that each hold one cell, in the last column (XFD).
    8,000 rows make a file of about 40 KB; openpyxl padded each row to 16,384 cells."""
    body = "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(2, rows + 2))
    return xlsx_of_sheet(_header_row() + body, f"A1:XFD{rows + 1}" if declared else None)


def tall_xlsx(rows: int = 1_048_576, declared: bool = True) -> bytes:
    """Excel's largest sheet: ``rows`` rows of two cells, A and E (a few MB)."""
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="E{r}"><v>2</v></c></row>' for r in range(2, rows + 1))
    return xlsx_of_sheet(_header_row() + body, f"A1:E{rows}" if declared else None)


def wide_csv(columns: int = 100_000, rows: int = 5) -> bytes:
    """A CSV of ``columns`` columns under a header that starts as the template's."""
    header = ",".join([*HEADER, *(f"c{i}" for i in range(3, columns + 1))])
    line = ",".join(["30/5/2024", "Cao Phong", *("1" for _ in range(3, columns + 1))])
    return ("\n".join([header, *([line] * rows)]) + "\n").encode("utf-8")


def hostile_files() -> dict[str, bytes]:
    """The files of issue 18's first finding, by file name."""
    return {
        "xfd_cells.xlsx": xfd_xlsx(),
        "xfd_cells_undeclared.xlsx": xfd_xlsx(declared=False),
        "rows_1048576.xlsx": tall_xlsx(),
        "columns_100000.csv": wide_csv(),
    }


# --- measuring, in a child process ----------------------------------------------------


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def check_here(path: Path) -> dict:
    """Check the file at ``path`` in this process: its problem code (None when read) and how
    many MB the peak resident memory rose above the resident memory before the check."""
    from .campaign import load_campaign
    from .problems import InputError
    from .validate import check_file

    campaign = load_campaign()
    data = path.read_bytes()
    import openpyxl  # noqa: F401  (imported before the baseline: part of the idle process)

    before = _status_kb("VmRSS")
    # VmHWM is the peak so far; resetting it (Linux 4.0+) makes it the check's own peak.
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    code = None
    try:
        check_file(data, path.name, campaign)
    except InputError as refused:
        code = refused.problems[0].code
    peak = _status_kb("VmHWM")
    return {
        "file": path.name,
        "bytes": len(data),
        "code": code,
        "above_idle_mb": round(max(0, peak - before) / 1024, 1),
    }


def check_in_child(path: Path, env: dict | None = None) -> dict:
    """``check_here`` in a child process, so that its peak memory is the check's alone."""
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "dtts_dashboard.hostile", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(check_here(Path(sys.argv[1]))))
