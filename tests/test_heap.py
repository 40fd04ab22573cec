"""The app server's long-lived objects frozen out of the collector's full passes (``heap``):
on a process's first page runs only, from the page's own set-up."""

import os
import subprocess
import sys
import textwrap

from .conftest import ROOT


def child(code: str, tmp_path) -> str:
    env = {**os.environ, "DTTS_DB": str(tmp_path / "store.sqlite"), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_what_the_first_runs_hold_is_frozen_and_nothing_after(tmp_path):
    out = child(
        """
        import gc, weakref
        from dtts_dashboard import heap
        gc.disable()  # no collection but the ones settle makes
        class Node:
            pass
        seen = []
        for _ in range(heap.RUNS + 2):
            garbage = Node()
            garbage.me = garbage  # a cycle that nothing else refers to
            gone = weakref.ref(garbage)
            del garbage
            before = gc.get_freeze_count()
            seen.append((heap.settle(), gc.get_freeze_count() > before, gone() is None))
        # the first run freezes what it finds; later ones collect the garbage first; then nothing
        expected = [(True, True, False)] + [(True, True, True)] * (heap.RUNS - 1) + [(False, False, False)] * 2
        print(seen == expected, heap.RUNS, seen)
        """,
        tmp_path,
    )
    assert out.startswith("True ") and int(out.split()[1]) >= 2, out


def test_a_page_run_freezes_what_the_process_holds(tmp_path):
    out = child(
        """
        import gc
        from streamlit.testing.v1 import AppTest
        assert gc.get_freeze_count() == 0
        at = AppTest.from_file("app.py", default_timeout=120).run()
        assert not at.exception, at.exception
        print(gc.get_freeze_count())
        """,
        tmp_path,
    )
    assert int(out) > 10_000  # the modules' objects, Streamlit's, the campaign's
