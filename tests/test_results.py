"""Results kept per version (``results``): a page's slow computation is stored once and read
back by a new session on any app server, for its own version only; a row can make nothing
but what a result is made of (issue 16, point 6)."""

import functools
import json
import os
import pickle
import zlib

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dtts_dashboard import metrics, overview, results, tables
from dtts_dashboard.store import Store

from .conftest import ROOT

CSV = "Ngày báo cáo,Đơn vị,Dự thảo Kịch bản\r\n20/06/2024,Mai Châu,x\r\n".encode()


def csv(day: int) -> bytes:
    return CSV.replace(b"20/06", f"{day:02}/06".encode())


@pytest.fixture
def keep_all(monkeypatch):
    """Every result kept, however fast it was made (the sample's take milliseconds)."""
    monkeypatch.setattr(results, "MIN_SECONDS", 0.0)


def never():
    raise AssertionError("computed although a result was kept")


def test_a_kept_result_is_read_back_for_its_version_only(any_db, campaign, keep_all):
    store = Store(any_db, campaign)
    store.load_sample_if_empty()
    key = results.key("f", ("<reports>", 3), "campaign", False)
    assert results.kept(store, 1, key, lambda: {"v": 1}) == {"v": 1}
    results.flush()
    assert results.kept(store, 1, key, never) == {"v": 1}  # any new session, any server
    assert Store(any_db, campaign) and results.kept(Store(any_db, campaign), 1, key, never) == {"v": 1}
    assert results.kept(store, 1, results.key("f", ("<reports>", 4), "campaign", False), lambda: 2) == 2  # other args
    store.import_file(CSV, "a.csv", "t")  # version 2: its own results
    assert results.kept(store, 2, key, lambda: {"v": 2}) == {"v": 2}
    results.flush()
    assert results.kept(store, 2, key, never) == {"v": 2} and results.kept(store, 1, key, never) == {"v": 1}


def test_a_result_of_another_store_is_not_taken(tmp_path, campaign, keep_all):
    """A result names its version's creation time and file digest: the same version number in
    another store (or a store restored from a backup) is not its version."""
    import sqlite3

    one, other = Store(tmp_path / "one.sqlite", campaign), Store(tmp_path / "other.sqlite", campaign)
    one.import_file(CSV, "a.csv", "t")
    other.import_file(csv(12), "b.csv", "t")
    key = results.key("f", (), "c", False)
    results.kept(one, 1, key, lambda: "one's")
    results.flush()
    row = sqlite3.connect(tmp_path / "one.sqlite").execute("SELECT * FROM results").fetchone()
    with sqlite3.connect(tmp_path / "other.sqlite") as con:
        con.execute("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?)", row)
    assert results.kept(other, 1, key, lambda: "other's") == "other's"


def test_a_fast_result_is_not_kept(db, campaign):
    store = Store(db, campaign)
    store.load_sample_if_empty()
    assert results.kept(store, 1, results.key("f", (), "c", False), lambda: 1) == 1
    results.flush()
    with store.reading() as con:
        assert con.execute("SELECT count(*) FROM results").fetchone()[0] == 0


class Call:
    def __init__(self, thing):
        self.thing = thing

    def __reduce__(self):
        return (self.thing, ())


class Boom:
    def __reduce__(self):
        return (os.system, ("touch /tmp/dtts-results-boom",))


def test_a_row_that_names_anything_else_makes_nothing(any_db, campaign, keep_all, tmp_path):
    """The database is not a way to run code on an app server: a result's pickle may name only
    what results are made of; a row that names anything else is computed again."""
    marker = "/tmp/dtts-results-boom"
    if os.path.exists(marker):
        os.remove(marker)
    with pytest.raises(pickle.UnpicklingError):
        results.loads(zlib.compress(pickle.dumps(Boom())))
    # of the package itself, only the records a page's result is made of: never a function,
    # another class, or another of its records (they may do anything on being made)
    from dtts_dashboard import campaign as campaign_module
    from dtts_dashboard import load as load_module
    from dtts_dashboard import store as store_module

    for thing in (store_module.open_store, store_module.Store):
        with pytest.raises(pickle.UnpicklingError):
            results.loads(zlib.compress(pickle.dumps(Call(thing))))
    for record in (load_module.SessionResult(1.0), campaign_module.Unit("A", "huyện")):
        with pytest.raises(pickle.UnpicklingError):
            results.loads(zlib.compress(pickle.dumps(record)))
    card = tables.UnitCard("A", "", [], [])  # a record a result is made of
    assert results.loads(zlib.compress(pickle.dumps(card))) == card
    store = Store(any_db, campaign)
    store.load_sample_if_empty()
    key = results.key("f", (), "c", False)
    results.kept(store, 1, key, lambda: 1)
    results.flush()
    with store.writing() as con:
        con.execute("UPDATE results SET data = ?", (zlib.compress(pickle.dumps(Boom())),))
    assert results.kept(store, 1, key, lambda: "computed") == "computed"
    results.flush()  # it was kept again: replaced below
    assert not os.path.exists(marker)
    with store.writing() as con:  # damaged bytes: computed too
        con.execute("UPDATE results SET data = ?", (b"not zlib",))
    assert results.kept(store, 1, key, lambda: "again") == "again"


def test_keys_name_everything_a_result_is_made_of():
    base = results.key("overview", ("<reports>", "vi"), "c1", False)
    assert base == results.key("overview", ("<reports>", "vi"), "c1", False)
    others = {
        results.key("timeline", ("<reports>", "vi"), "c1", False),
        results.key("overview", ("<reports>", "en"), "c1", False),
        results.key("overview", ("<reports>", "vi"), "c2", False),  # an edited campaign
        results.key("overview", ("<reports>", "vi"), "c1", True),  # sample data in view
    }
    assert base not in others and len(others) == 4


def test_old_results_go(any_db, campaign, keep_all, monkeypatch):
    monkeypatch.setattr(results, "KEEP_ROWS", 3)
    store = Store(any_db, campaign)
    for n in range(6):
        store.import_file(csv(10 + n), f"{n}.csv", "t")
        for name in "fg":  # one after the other (each is written in a thread of its own)
            results.kept(store, n + 1, results.key(name, (), "c", False), lambda n=n: n)
            results.flush()
    assert kept_rows(store) == [(5, "f"), (6, "f"), (6, "g")]  # three rows at most, of the newest versions


def kept_rows(store) -> list[tuple[int, str]]:
    names = {results.key(n, (), "c", False): n for n in "fghij"}
    with store.reading() as con:
        rows = con.execute("SELECT version, rkey FROM results").fetchall()
    return sorted((v, names[k]) for v, k in rows)


def test_the_first_views_of_a_version_stay_and_an_old_versions_view_is_not_written(
    any_db, campaign, keep_all, monkeypatch
):
    """Filters chosen later do not push out a version's first views (the defaults: a server's
    warm-up and the first visitors make them); a view of a version older than the newest
    ``KEEP_VERSIONS`` is not written at all (it would go at once)."""
    monkeypatch.setattr(results, "KEEP_ROWS", 3)
    store = Store(any_db, campaign)
    for n in range(6):
        store.import_file(csv(10 + n), f"{n}.csv", "t")
    for name in "fghij":
        results.kept(store, 6, results.key(name, (), "c", False), lambda name=name: name)
        results.flush()
    assert kept_rows(store) == [(6, "f"), (6, "g"), (6, "h")]
    assert results.kept(store, 6, results.key("f", (), "c", False), never) == "f"
    results.kept(store, 2, results.key("j", (), "c", False), lambda: "old")  # newest 4: 3 to 6
    results.kept(store, 3, results.key("j", (), "c", False), lambda: "older kept?")
    results.flush()
    assert kept_rows(store) == [(6, "f"), (6, "g"), (6, "h")]  # version 3's would be the fourth row
    monkeypatch.setattr(results, "KEEP_ROWS", 4)
    results.kept(store, 3, results.key("j", (), "c", False), lambda: "older kept")
    results.flush()
    assert kept_rows(store) == [(3, "j"), (6, "f"), (6, "g"), (6, "h")]
    store.import_file(csv(20), "7.csv", "t")  # version 7: version 3 is no longer among the newest 4
    results.kept(store, 7, results.key("f", (), "c", False), lambda: "7")
    results.flush()
    assert kept_rows(store) == [(6, "f"), (6, "g"), (6, "h"), (7, "f")]


def test_a_read_only_store_keeps_nothing(db, campaign, keep_all):
    Store(db, campaign).load_sample_if_empty()
    store = Store(db, campaign, read_only=True)
    assert results.kept(store, 1, results.key("f", (), "c", False), lambda: 5) == 5
    results.flush()
    with Store(db, campaign).reading() as con:
        assert con.execute("SELECT count(*) FROM results").fetchone()[0] == 0


def session(page: str = "app.py", **params) -> AppTest:
    st.cache_data.clear()
    st.cache_resource.clear()  # a new process's caches: only the store remembers
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if page != "app.py":
        at.switch_page(page)
    at.query_params.update(params)
    return at.run()


@pytest.mark.parametrize("page", ["app.py", "pages/1_timeline.py", "pages/5_export.py"])
def test_a_new_process_shows_a_kept_page_without_reading_the_data(any_db, keep_all, monkeypatch, page):
    first = session(page)
    assert not first.exception
    results.flush()

    def unread(*args, **kwargs):
        raise AssertionError("the data were read")

    for what in ("reports", "schedule", "handling"):
        monkeypatch.setattr(Store, what, unread)
    monkeypatch.setattr(overview, "overview", functools.wraps(overview.overview)(unread))  # its name: its key
    again = session(page)
    assert not again.exception, again.exception
    assert [m.value for m in again.metric] == [m.value for m in first.metric]
    # the same figures (a figure read back writes its keys in another order)
    assert [json.loads(e.proto.spec) for e in again.get("plotly_chart")] == [
        json.loads(e.proto.spec) for e in first.get("plotly_chart")
    ]
    assert [d.value.to_dict() for d in again.dataframe] == [d.value.to_dict() for d in first.dataframe]
    assert [m.value for m in again.markdown] == [m.value for m in first.markdown]


def test_what_every_page_asks_first_is_kept_however_fast(any_db, campaign, monkeypatch):
    """The default date and whether any report is in view take milliseconds once the reports
    are read, and reading 600,000 of them 0.1-0.3 s: kept whatever it took, so a page whose
    own results are kept reads no table."""
    monkeypatch.setattr(results, "MIN_SECONDS", 1e9)  # nothing else kept for the time it took
    first = session()
    assert not first.exception
    results.flush()
    with Store(any_db, campaign).reading() as con:
        assert con.execute("SELECT count(*) FROM results").fetchone()[0] == 1

    def unread(*args, **kwargs):
        raise AssertionError("made again although kept")

    monkeypatch.setattr(metrics, "data_facts", functools.wraps(metrics.data_facts)(unread))  # its name: its key
    again = session()  # the overview made again (not kept), its date read back
    assert not again.exception, again.exception
    assert [m.value for m in again.metric] == [m.value for m in first.metric]


def test_a_new_version_is_shown_not_the_kept_result(any_db, campaign, keep_all):
    before = session()
    results.flush()
    assert {m.label: m.value for m in before.metric}["Đơn vị đã báo cáo"] == "10/10"  # the sample
    Store(any_db, campaign).import_file(CSV, "a.csv", "t")  # real data set the sample aside
    after = session()
    assert not after.exception
    assert {m.label: m.value for m in after.metric}["Đơn vị đã báo cáo"] != "10/10"
    assert after.dataframe[0].value.set_index("Đơn vị").loc["Mai Châu", "Báo cáo ngày"] == "20/06/2024"


def test_a_view_of_now_made_after_a_newer_version_is_not_kept_for_the_older(db, campaign, keep_all):
    """A page's data of "now" are read when first asked for: if a version was saved since the
    page's run began, what it made is not version ``number``'s and is not kept under it."""
    store = Store(db, campaign)
    store.import_file(csv(20), "a.csv", "t")
    key = results.key("f", (), "c", False)

    def make_after_a_save():
        store.import_file(csv(25), "b.csv", "t")  # another server saves version 2 meanwhile
        return "version 2's data"

    assert results.kept(store, 1, key, make_after_a_save, lambda: store.latest() == 1) == "version 2's data"
    results.flush()
    assert results.kept(store, 1, key, lambda: "version 1's data") == "version 1's data"


def test_an_arrow_array_pointing_outside_its_buffers_is_refused(db, campaign, keep_all):
    """Arrow arrays are rebuilt from their pickled buffers as given: offsets past the end of the
    text would be read (a crash, or memory outside the row) by the first page to use them."""
    import struct

    frame = pd.DataFrame({"unit": pd.Series(["ab", "cd"], dtype="str")})
    raw = pickle.dumps(frame, protocol=5)
    offsets = struct.pack("<3q", 0, 2, 4)
    assert raw.count(offsets) == 1  # the column's offsets, as pyarrow pickles them
    crafted = zlib.compress(raw.replace(offsets, struct.pack("<3q", 0, 2, 1 << 40)))
    assert results.loads(zlib.compress(raw)).equals(frame)
    with pytest.raises(pickle.UnpicklingError, match="Arrow"):
        results.loads(crafted)
    store = Store(db, campaign)
    store.load_sample_if_empty()
    key = results.key("f", (), "c", False)
    results.kept(store, 1, key, lambda: frame)
    results.flush()
    with store.writing() as con:
        con.execute("UPDATE results SET data = ?", (crafted,))
    assert results.kept(store, 1, key, lambda: "computed") == "computed"


def test_an_inflating_row_is_refused():
    with pytest.raises(pickle.UnpicklingError):
        results.loads(zlib.compress(b"\0" * (results.MAX_BYTES + 1)))


def reported(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}["Đơn vị đã báo cáo"]


@pytest.mark.parametrize("first", ["now", "version 2"])
def test_an_older_versions_view_and_the_view_of_now_are_kept_apart(any_db, campaign, keep_all, first):
    """``?version=N`` shows version N's data from its own result, whichever view was made and
    kept first; the view of now shows the newest version's (both real data: the same key)."""
    store = Store(any_db, campaign)
    store.load_sample_if_empty()
    older = store.import_file(CSV, "a.csv", "t").number  # real data, the sample aside
    store.import_file(CSV.replace("Mai Châu".encode(), "Đà Bắc".encode()), "b.csv", "t")
    views = {"now": {}, "version 2": {"version": str(older)}}
    order = [first, *(v for v in views if v != first)]
    shown = {}
    for _ in range(2):  # made, then read back in new processes
        for view in order:
            at = session(**views[view])
            assert not at.exception, at.exception
            shown.setdefault(view, set()).add(reported(at))
            results.flush()
    assert shown == {"version 2": {"1/10"}, "now": {"2/10"}}


def test_an_edited_campaign_is_computed_again(tmp_path, monkeypatch, keep_all, db):
    """The same version under an edited campaign file (a deadline moved) is another result: a
    server started on the new file does not show what the old file made."""
    path = tmp_path / "campaign.toml"
    text = (ROOT / "data" / "campaign.toml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DTTS_CAMPAIGN", str(path))
    before = session()
    results.flush()
    assert "Ngày đến hạn 30/06/2024" in {m.label for m in before.metric}
    path.write_text(text.replace("deadline = 2024-06-30", "deadline = 2024-07-15"), encoding="utf-8")
    after = session()
    assert not after.exception, after.exception
    labels = {m.label for m in after.metric}
    assert "Ngày đến hạn 15/07/2024" in labels and "Ngày đến hạn 30/06/2024" not in labels


def test_the_same_file_as_the_same_version_number_of_another_store_is_not_its_version(tmp_path, campaign, keep_all):
    """Version 2 is the same file in both stores (the same digest), after other data: the
    version's creation time tells them apart."""
    import sqlite3

    one, other = Store(tmp_path / "one.sqlite", campaign), Store(tmp_path / "other.sqlite", campaign)
    one.import_file(CSV, "a.csv", "t")
    other.import_file(csv(12), "b.csv", "t")
    for store in (one, other):
        store.import_file(csv(25), "same.csv", "t")
    with sqlite3.connect(tmp_path / "other.sqlite") as con:  # saved at another moment
        con.execute("UPDATE versions SET created_at = '2024-06-01T00:00:00Z' WHERE number = 2")
    key = results.key("f", (), "c", False)
    results.kept(one, 2, key, lambda: "one's")
    results.flush()
    row = sqlite3.connect(tmp_path / "one.sqlite").execute("SELECT * FROM results").fetchone()
    with sqlite3.connect(tmp_path / "other.sqlite") as con:
        assert con.execute("SELECT sha256 FROM versions WHERE number = 2").fetchone()[0] == row[3]
        con.execute("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?)", row)
    assert results.kept(other, 2, key, lambda: "other's") == "other's"


def test_a_row_not_signed_by_this_servers_key_is_not_unpickled(db, campaign, keep_all, tmp_path, monkeypatch):
    """Whoever can write the database cannot make an app server unpickle their bytes: a kept
    row is signed by a key outside the database (``DTTS_RESULTS_KEY``); a row forged without
    it, or signed by another key, is computed again."""
    store = Store(db, campaign)
    store.load_sample_if_empty()
    key = results.key("f", (), "c", False)
    results.kept(store, 1, key, lambda: "made here")
    results.flush()
    assert results.kept(store, 1, key, never) == "made here"
    with store.reading() as con:
        created_at, digest = con.execute("SELECT created_at, sha256 FROM results").fetchone()
    payload = results.dumps("forged")
    other = results._signature(b"another server's key 0123456789", 1, key, (created_at, digest), payload)
    for forged in (b"\0" * 32 + payload, other + payload):
        with store.writing() as con:
            con.execute("UPDATE results SET data = ?", (forged,))
        assert results.kept(store, 1, key, lambda: "computed") == "computed"
        results.flush()
    # a server given another key file reads none of this one's results, and keeps its own
    monkeypatch.setenv("DTTS_RESULTS_KEY", str(tmp_path / "other.key"))
    assert results.kept(store, 1, key, lambda: "other server") == "other server"


def test_the_key_is_made_once_for_this_user_alone_and_without_one_nothing_is_kept(
    db, campaign, keep_all, tmp_path, monkeypatch
):
    path = tmp_path / "config" / "results.key"
    monkeypatch.setenv("DTTS_RESULTS_KEY", str(path))
    first = results.secret()
    assert first is not None and len(first) == 32 and path.stat().st_mode & 0o777 == 0o600
    assert results.secret() == first  # read back, not made again
    store = Store(db, campaign)
    store.load_sample_if_empty()
    monkeypatch.setenv("DTTS_RESULTS_KEY", str(tmp_path / "a-file" / "results.key"))
    (tmp_path / "a-file").write_text("not a folder")
    assert results.secret() is None
    key = results.key("f", (), "c", False)
    assert results.kept(store, 1, key, lambda: 1) == 1
    results.flush()
    with store.reading() as con:
        assert con.execute("SELECT count(*) FROM results").fetchone()[0] == 0


def test_an_arrow_array_of_the_wrong_shape_is_refused_before_it_is_built(tmp_path):
    """pyarrow rebuilds an array from its pickled parts as given: a string array with one buffer
    instead of three crashed the process before any check could run (in a child process here)."""
    import subprocess
    import sys

    code = (
        "import io, pickle, zlib, pyarrow.lib as lib\n"
        "from dtts_dashboard import results\n"
        "class R:\n"
        "    def __reduce__(self):\n"
        "        return (lib._restore_array, ((lib.type_for_alias('string'), 2, 0, 0, [None], [], None),))\n"
        "try:\n"
        "    results.loads(zlib.compress(pickle.dumps(R())))\n"
        "except pickle.UnpicklingError as exc:\n"
        "    print('refused:', exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "refused: an Arrow array of another shape" in done.stdout, (
        done.returncode,
        done.stderr,
    )
