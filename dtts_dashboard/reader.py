"""Read the bytes of an uploaded file into a table of cells, whatever Excel made of it.

``read_table(data, filename, header_score)`` takes bytes and a file name (never a Streamlit
object) and returns the data rows as a DataFrame whose columns are the header texts as
found in the file and whose index is the row number as the spreadsheet numbers it, plus
what was detected. A file that is not a table raises ``NotATable``; one larger than the
limits in ``limits`` (rows, columns, cells, characters in a cell) raises ``TooLarge``, before
the work it would cost is done: CSV rows and columns are counted in the bytes, an XLSX sheet's
declared size is read first and its rows are streamed, never padded to the sheet's width.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import limits
from .problems import NotATable, TooLarge
from .text import clean

HEADER_SCAN_ROWS = 30
# The csv module refuses a cell over 128 KB by default (a process-wide setting). An upload
# is capped far below this, so any cell of a file that is let in is read, wherever it is.
CSV_FIELD_LIMIT = 1 << 30
csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
HEAD_BYTES = 256 * 1024
MAX_XLSX_ENTRIES = 2000
MAX_XLSX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_XLSX_RATIO = 200
MAX_XLSX_SHARED_STRINGS = 32 * 1024 * 1024  # uncompressed: every string of it is held at once

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters other than tab, CR, LF
_MAGIC = {
    b"\x89PNG": "image",
    b"\xff\xd8\xff": "image",
    b"GIF8": "image",
    b"%PDF": "pdf",
    b"\xd0\xcf\x11\xe0": "xls",
    b"PK\x03\x04": "zip",
    b"PK\x05\x06": "zip",
}


@dataclass(frozen=True)
class Detected:
    format: str  # "csv" or "xlsx"
    header_row: int  # as the spreadsheet numbers it
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


HeaderScore = Callable[[str], bool]


def _magic(data: bytes) -> str | None:
    for magic, name in _MAGIC.items():
        if data.startswith(magic):
            return name
    return None


def read_table(data: bytes, filename: str, is_header: HeaderScore) -> tuple[pd.DataFrame, Detected]:
    blank = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
    if not data or (not data[:4096].strip(blank) and not data.strip(blank)):
        raise NotATable("empty")
    kind = _magic(data)
    if kind == "zip":
        return _read_xlsx(data, is_header)
    if kind == "xls":
        raise NotATable("xls")
    if kind in ("image", "pdf"):
        raise NotATable("binary", detail=kind)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise NotATable("broken_xlsx")
    return _read_csv(data, is_header)


# --- CSV -------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (BOM or not), UTF-16, else Windows-1258."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    head = data[:4000]
    if head.count(b"\x00") > len(head) // 4:
        # UTF-16 without a BOM: the zero bytes sit on the high side of ASCII characters.
        encoding = "utf-16-le" if head[1::2].count(b"\x00") > head[0::2].count(b"\x00") else "utf-16-be"
        return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1258"), "cp1258"


def _utf8_head(data: bytes) -> str | None:
    """The first part of ``data`` as UTF-8 text, or None if it is not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        return decoder.decode(data[:HEAD_BYTES], final=len(data) <= HEAD_BYTES)
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:8000]
    controls = len(_CONTROLS.findall(sample))
    return controls > max(2, len(sample) // 100) or "\ufffd" in sample[:200]


def _header_index(rows: list[list[str]], is_header: HeaderScore) -> tuple[int, int]:
    """(index of the best header row among the first rows, how many cells it recognises)."""
    best, best_score = -1, 0
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = sum(1 for cell in row if isinstance(cell, str) and cell.strip() and is_header(cell))
        if score > best_score:
            best, best_score = index, score
    return best, best_score


def _two_row_header(rows: list[list], index: int, is_header: HeaderScore) -> tuple[list[str], int]:
    """The header cells and the index of the last header row.

    Vietnamese report tables often have a two-row header: "Ngày báo cáo" and "Đơn vị" in
    cells merged down over two rows, a group label ("Nội dung kiểm tra") merged across the
    item columns above their own labels. The row next to the best header row fills in the
    columns where that row has no known header."""

    def text(row: list, column: int) -> str:
        value = row[column] if column < len(row) else None
        return value.strip() if isinstance(value, str) else ""

    header = [text(rows[index], c) for c in range(len(rows[index]))]
    last = index
    for other in (index + 1, index - 1):
        if not 0 <= other < len(rows):
            continue
        width = max(len(header), len(rows[other]))
        header += [""] * (width - len(header))
        filled = [
            c
            for c in range(width)
            if not (header[c] and is_header(header[c])) and text(rows[other], c) and is_header(text(rows[other], c))
        ]
        for column in filled:
            header[column] = text(rows[other], column)
        if filled and other > index:
            last = other
    return header, last


def _find_header(head: str, is_header: HeaderScore) -> tuple[str, int, list[str]]:
    """(delimiter, physical line the header ends on, header cells), trying ; , and tab."""
    best = None
    for delimiter in (";", ",", "\t"):
        try:
            reader = csv.reader(io.StringIO(head), delimiter=delimiter)
            rows, lines = [], []
            for row in reader:
                rows.append(row)
                lines.append(reader.line_num)
                if len(rows) >= HEADER_SCAN_ROWS:
                    break
        except csv.Error:
            continue
        index, score = _header_index(rows, is_header)
        if index >= 0 and (best is None or score > best[0]):
            header, last = _two_row_header(rows, index, is_header)
            best = (score, delimiter, lines[last], header)
    if best is None:
        raise NotATable("no_header")
    return best[1], best[2], best[3]


def _read_csv(data: bytes, is_header: HeaderScore) -> tuple[pd.DataFrame, Detected]:
    """CSV: the header is found in the first part of the text; the body goes to pandas as
    UTF-8 bytes (the fast path), other encodings being converted to UTF-8 first."""
    encoding, start = None, 0
    if data.startswith(b"\xef\xbb\xbf"):
        body, start, encoding = data, 3, "utf-8-sig"
    elif not data.startswith((b"\xff\xfe", b"\xfe\xff")) and data[:4000].count(b"\x00") <= len(data[:4000]) // 4:
        body, encoding = data, "utf-8"
    head = _utf8_head(body[start : start + HEAD_BYTES]) if encoding else None
    if head is None:  # UTF-16 or Windows-1258: decode once, continue as UTF-8
        try:
            text, encoding = decode(data)
        except (UnicodeDecodeError, ValueError) as exc:
            raise NotATable("binary", detail=str(exc)) from exc
        body, start = unicodedata.normalize("NFC", text).encode("utf-8"), 0
        head = _utf8_head(body) or ""
    if _looks_binary(head):
        raise NotATable("binary", detail="control characters")
    delimiter, header_line, header = _find_header(head, is_header)
    offset = start  # the body is not copied: a large file is only looked at from here on
    for _ in range(header_line):
        offset = body.find(b"\n", offset) + 1
        if offset == 0:
            offset = len(body)
            break
    _check_csv_size(body, offset, delimiter, header_line, len(header))
    try:
        frame = _parse_body(body, offset, delimiter)
    except UnicodeDecodeError:  # not UTF-8 after all, past the part looked at
        converted = unicodedata.normalize("NFC", data.decode("cp1258")).encode("utf-8-sig")
        frame, detected = _read_csv(converted, is_header)
        return frame, Detected("csv", detected.header_row, "cp1258", detected.delimiter)
    except (pd.errors.ParserError, ValueError):
        # Ragged rows: the slower reader copes with any shape.
        rows = _bounded_rows(
            csv.reader(io.StringIO(body[offset:].decode("utf-8", errors="replace")), delimiter=delimiter), header_line
        )
        width = max([len(header), *(len(r) for r in rows)])
        if len(rows) * width > limits.MAX_CELLS:  # the rows are padded to the widest
            raise TooLarge("too_many_cells", limit=limits.MAX_CELLS) from None
        frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    frame.index = range(header_line + 1, header_line + 1 + len(frame))
    return _checked_cells(_with_header(frame, header), header_line), Detected("csv", header_line, encoding, delimiter)


def _check_csv_size(body: bytes, offset: int, delimiter: str, header_line: int, header_width: int) -> None:
    """Refuse a CSV whose rows, columns or cells exceed the limits, counted in its bytes
    (lines and the first data line's delimiters) before any frame is built."""
    end = body.find(b"\n", offset)
    width = max(header_width, body[offset : end + 1 if end >= 0 else len(body)].count(delimiter.encode()) + 1)
    if width > limits.MAX_COLUMNS:
        raise TooLarge("too_many_columns", limit=limits.MAX_COLUMNS, found=width)
    lines = header_line + (body.count(b"\n", offset) or body.count(b"\r", offset))
    if lines > limits.MAX_ROWS:
        raise TooLarge("too_many_rows", limit=limits.MAX_ROWS)
    if lines * width > limits.MAX_CELLS:
        raise TooLarge("too_many_cells", limit=limits.MAX_CELLS)


def _bounded_rows(rows, header_line: int) -> list[list[str]]:
    """The rows of a ragged CSV, refused as soon as one is wider than the limit."""
    out, cells = [], 0
    for number, row in enumerate(rows, start=header_line + 1):
        if len(row) > limits.MAX_COLUMNS:
            raise TooLarge("too_many_columns", row=number, limit=limits.MAX_COLUMNS, found=len(row))
        cells += len(row)
        if cells > limits.MAX_CELLS:
            raise TooLarge("too_many_cells", limit=limits.MAX_CELLS)
        out.append(row)
    return out


def code_dtype(count: int) -> type:
    """The integer type pandas keeps a Categorical's codes in for ``count`` categories, so
    that codes made in it are taken as they are, without a copy."""
    return np.int8 if count < 127 else np.int16 if count < 32767 else np.int32


def _pyarrow_csv(body: bytes, offset: int, delimiter: str) -> pd.DataFrame:
    """pyarrow's reader with every column dictionary-encoded as it is read, so that the
    distinct values of a column (what validation parses) come with the reading. Cells are
    read as bytes and only the distinct values are decoded (a value that is not UTF-8 raises
    UnicodeDecodeError). Each column becomes a pandas Categorical on Arrow's indices, with
    one ``str`` per distinct value as its categories: no cell is converted one by one."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    cell = pa.dictionary(pa.int32(), pa.binary())
    width = body[offset : body.find(b"\n", offset) + 1 or len(body)].count(delimiter.encode()) + 1
    table = pcsv.read_csv(
        pa.BufferReader(pa.py_buffer(body).slice(offset)),
        read_options=pcsv.ReadOptions(autogenerate_column_names=True, block_size=1 << 20),
        # An empty line is an error here, so that the C reader (which keeps it) takes over
        # and row numbers stay those of the file.
        parse_options=pcsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
        convert_options=pcsv.ConvertOptions(
            column_types={f"f{i}": cell for i in range(width)},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    columns = {}
    for position, chunked in enumerate(table.unify_dictionaries().columns):
        if chunked.num_chunks == 0:
            columns[position] = pd.Categorical([])
            continue
        distinct = [value.decode("utf-8") for value in chunked.chunk(0).dictionary.to_pylist()]
        codes = np.concatenate(
            [chunk.indices.to_numpy(zero_copy_only=False) for chunk in chunked.chunks],
            dtype=code_dtype(len(distinct)),
            casting="same_kind",
        )
        dtype = pd.CategoricalDtype(pd.Index(distinct, dtype=object))
        columns[position] = pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
    return pd.DataFrame(columns, copy=False)


def _parse_body(body: bytes, offset: int, delimiter: str) -> pd.DataFrame:
    """The data rows from ``offset`` on, one DataFrame row per line: pyarrow's reader, else
    pandas' C reader."""
    if not body[offset : offset + 65536].strip() and not body[offset:].strip():
        return pd.DataFrame()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _pyarrow_csv(body, offset, delimiter)
        except UnicodeDecodeError:
            raise
        except Exception:  # pyarrow refuses ragged rows, empty lines, odd quoting: the C reader copes
            pass
        return pd.read_csv(
            io.BytesIO(body[offset:]),
            sep=delimiter,
            header=None,
            encoding="utf-8",
            skip_blank_lines=False,
            low_memory=False,
            engine="c",
        )


# --- XLSX ------------------------------------------------------------------------------


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise NotATable("broken_xlsx", detail=str(exc)) from exc
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise NotATable("not_xlsx")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if len(infos) > MAX_XLSX_ENTRIES or total > MAX_XLSX_UNCOMPRESSED or total / packed > MAX_XLSX_RATIO:
        raise NotATable("zip_bomb", detail=f"{len(infos)} entries, {total} bytes uncompressed")
    strings = sum(i.file_size for i in infos if i.filename.lower().endswith("sharedstrings.xml"))
    if strings > MAX_XLSX_SHARED_STRINGS:
        raise NotATable("zip_bomb", detail=f"{strings} bytes of shared strings")


def _check_declared(sheet) -> None:
    """Refuse a sheet whose declared size (``<dimension ref="A1:E1048576">``) exceeds the limits."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if columns > limits.MAX_COLUMNS:
        raise TooLarge("too_many_columns", limit=limits.MAX_COLUMNS, found=columns)
    if rows > limits.MAX_ROWS:
        raise TooLarge("too_many_rows", limit=limits.MAX_ROWS)
    if rows * columns > limits.MAX_CELLS:
        raise TooLarge("too_many_cells", limit=limits.MAX_CELLS)


def _sheet_rows(book, sheet, last_row: int | None = None) -> list[list]:
    """The sheet's rows as lists of values, each as wide as its last cell that holds a value.

    openpyxl's own ``iter_rows`` pads every row to the widest one (a single cell in column
    XFD makes every row 16,384 cells); here only the cells the file holds are placed, and the
    reading stops at a row, a column or a number of cells past the limits."""
    from openpyxl.worksheet._reader import WorkSheetParser

    rows: list = []
    widest = 0
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, parsed in parser.parse():
            number = max(number, len(rows) + 1)  # a row number repeated or going back counts as the next
            if last_row is not None and number > last_row:
                break
            if number > limits.MAX_ROWS:
                raise TooLarge("too_many_rows", limit=limits.MAX_ROWS)
            parser.row_dimensions.clear()  # row heights and styles: not needed, and one per row
            width = max((cell["column"] for cell in parsed if cell["value"] is not None), default=0)
            if width > limits.MAX_COLUMNS:
                raise TooLarge("too_many_columns", row=number, limit=limits.MAX_COLUMNS, found=width)
            widest = max(widest, width)
            if number * widest > limits.MAX_CELLS:  # the frame will be rows × the widest row
                raise TooLarge("too_many_cells", limit=limits.MAX_CELLS)
            if number > len(rows) + 1:
                rows.extend([()] * (number - 1 - len(rows)))  # rows the file leaves out: one shared empty row
            row = [None] * width
            for cell in parsed:
                if cell["value"] is not None:
                    row[cell["column"] - 1] = cell["value"]
            rows.append(row)
    return rows


def _read_xlsx(data: bytes, is_header: HeaderScore) -> tuple[pd.DataFrame, Detected]:
    import openpyxl  # imported here: CSV-only work does not pay for it

    _check_zip(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise NotATable("broken_xlsx", detail=f"{type(exc).__name__}: {exc}") from exc
    try:
        best = None
        visible = [s for s in book.worksheets if getattr(s, "sheet_state", "visible") == "visible"]
        sheets = [s for s in visible if hasattr(s, "_get_source")]  # not a chart sheet
        for sheet in sheets:
            _check_declared(sheet)
        for sheet in sheets:  # the header is looked for in the first rows of each sheet
            rows = _sheet_rows(book, sheet, last_row=HEADER_SCAN_ROWS)
            index, score = _header_index([[c if isinstance(c, str) else "" for c in r] for r in rows], is_header)
            if index >= 0 and (best is None or score > best[0]):
                best = (score, sheet, index)
        if best is not None:
            _, sheet, index = best
            title, rows = sheet.title, _sheet_rows(book, sheet)
    except TooLarge:
        raise
    except Exception as exc:
        raise NotATable("broken_xlsx", detail=f"{type(exc).__name__}: {exc}") from exc
    finally:
        book.close()
    if best is None:
        raise NotATable("no_header")
    header, index = _two_row_header(rows, index, is_header)
    body = rows[index + 1 :]
    width = max([len(header), *(len(r) for r in body)])
    frame = pd.DataFrame(
        [[("" if c is None else c) for c in r] + [""] * (width - len(r)) for r in body],
        columns=range(width),
        dtype=object,
    )
    frame.index = range(index + 2, index + 2 + len(frame))
    return _checked_cells(_with_header(frame, header), index + 1), Detected("xlsx", index + 1, sheet=title)


# --- shared ----------------------------------------------------------------------------


def _checked_cells(frame: pd.DataFrame, header_row: int) -> pd.DataFrame:
    """The frame, unless a header or a cell holds more characters than a cell may (Excel's
    own limit): refused, naming the first such cell. A Categorical column is judged by its
    distinct values."""
    limit = limits.MAX_CELL_CHARS
    for name in frame.columns:
        if len(name) > limit:
            raise TooLarge("cell_too_long", row=header_row, header=name[:40] + "…", limit=limit, length=len(name))
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            long = [code for code, v in enumerate(column.cat.categories) if isinstance(v, str) and len(v) > limit]
            at = np.flatnonzero(np.isin(column.cat.codes.to_numpy(), long)) if long else []
        elif column.dtype == object:
            at = np.flatnonzero(column.map(lambda v: isinstance(v, str) and len(v) > limit).to_numpy(dtype=bool))
        else:
            continue
        if len(at):
            value = column.iloc[at[0]]
            raise TooLarge("cell_too_long", row=int(frame.index[at[0]]), header=name, limit=limit, length=len(value))
    return frame


def _with_header(frame: pd.DataFrame, header: list[str]) -> pd.DataFrame:
    """Name the columns by the header texts (without control or text-direction characters, blank or
    repeated ones made unique); drop blank rows."""
    width = frame.shape[1]
    names, seen = [], {}
    for position in range(max(width, len(header))):
        name = clean(header[position]).strip() if position < len(header) and header[position] else ""
        name = name or f"#{position + 1}"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    if width < len(names):
        for position in range(width, len(names)):
            frame[position] = ""
    frame.columns = names
    if frame.empty:
        return frame
    blank = np.ones(len(frame), dtype=bool)
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        empty = column.isna().to_numpy().copy()
        if empty.all():
            pass
        elif isinstance(column.dtype, pd.CategoricalDtype):
            categories = column.cat.categories
            blank_category = np.append(
                [isinstance(v, str) and not v.strip() for v in categories], True
            )  # the last slot is code -1 (missing)
            empty |= blank_category[column.cat.codes.to_numpy()]
        elif column.dtype == object:
            empty |= column.map(lambda v: isinstance(v, str) and not v.strip()).to_numpy(dtype=bool)
        elif pd.api.types.is_string_dtype(column):
            empty |= column.str.strip().eq("").fillna(False).to_numpy(dtype=bool)
        blank &= empty
        if not blank.any():
            return frame
    return frame.loc[~blank]
