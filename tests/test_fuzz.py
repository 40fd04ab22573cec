"""Whatever the bytes, reading gives a result or the package's own error, never anything else."""

import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtts_dashboard.problems import InputError
from dtts_dashboard.validate import Checked, check_file

DATA = Path(__file__).resolve().parent / "data"
GOOD = (DATA / "utf8_semicolon.csv").read_bytes().decode("utf-8")
GOOD_XLSX = (DATA / "title_rows_merged_date_cells.xlsx").read_bytes()
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _outcome(data: bytes, name: str, campaign):
    try:
        return check_file(data, name, campaign)
    except InputError as exc:
        assert exc.problems, "a refusal names at least one problem"
        return exc


@FAST
@given(data=st.binary(max_size=3000), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a"]))
def test_arbitrary_bytes(campaign, data, name):
    assert isinstance(_outcome(data, name, campaign), (Checked, InputError))


@FAST
@given(prefix=st.sampled_from([b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b""]), data=st.binary(max_size=2000))
def test_arbitrary_bytes_behind_a_known_signature(campaign, prefix, data):
    assert isinstance(_outcome(prefix + data, "x.xlsx", campaign), (Checked, InputError))


cell_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@FAST
@given(damage=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 11), cell_text), max_size=6))
def test_valid_file_with_damaged_cells(campaign, damage):
    rows = [line.split(";") for line in GOOD.strip("\r\n").split("\r\n")]
    for r, c, text in damage:
        rows[r][c] = text.replace(";", "").replace('"', "").replace("\r", "").replace("\n", "")
    data = "\r\n".join(";".join(r) for r in rows).encode("utf-8")
    outcome = _outcome(data, "damaged.csv", campaign)
    if isinstance(outcome, InputError):
        for problem in outcome.problems:
            assert problem.message("vi")
            assert problem.row is None or 1 <= problem.row <= 4


@FAST
@given(cut=st.integers(0, len(GOOD_XLSX)), flip=st.integers(0, len(GOOD_XLSX) - 1), byte=st.integers(0, 255))
def test_damaged_xlsx(campaign, cut, flip, byte):
    data = bytearray(GOOD_XLSX)
    data[flip] = byte
    assert isinstance(_outcome(bytes(data[: max(cut, 1)]), "d.xlsx", campaign), (Checked, InputError))
    assert isinstance(_outcome(bytes(data), "d.xlsx", campaign), (Checked, InputError))


def test_zip_bomb_refused_before_opening(campaign):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    outcome = _outcome(buf.getvalue(), "bomb.xlsx", campaign)
    assert isinstance(outcome, InputError) and outcome.problems[0].code == "zip_bomb"
