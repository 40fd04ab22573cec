"""The benchmark runs and writes what the README's table is made of (timings are not judged)."""

import json
import statistics
import subprocess
import sys

from .conftest import ROOT


def test_quick_benchmark_writes_its_table(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, "-m", "dtts_dashboard.bench", "--quick", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "| province (10×30) | 300 |" in result.stdout
    scale = json.loads(out.read_text(encoding="utf-8"))["scales"]["province"]
    assert scale["read_csv"]["rows"] == 300 and scale["read_csv"]["ratio"] > 0
    assert scale["store"]["reports"] == 300 and scale["store"]["units_in_view"] == 10
    assert scale["store"]["import_again_changed"] == 3  # the file again, 1 row in 100 changed
    assert set(scale["pages"]) == {"app.py", "pages/1_timeline.py", "pages/2_unit.py", "pages/3_upload.py",
                                   "pages/4_history.py", "pages/5_export.py"}  # fmt: skip
    assert all(not page["errors"] for page in scale["pages"].values())
    firsts = [page["first_runs_ms"] for page in scale["pages"].values()]  # the first visitor: a median of 3
    assert all(len(runs) == 3 and statistics.median(runs) > 0 for runs in firsts)
    assert [page["first_ms"] for page in scale["pages"].values()] == [statistics.median(runs) for runs in firsts]
    assert len(scale["new_process_runs_ms"]) == 3 and scale["new_process_ms"] == statistics.median(
        scale["new_process_runs_ms"]
    )
    assert scale["new_process_errors"] == []
    assert scale["pages"]["pages/1_timeline.py"]["plotly_bytes"] > 0
    assert scale["app_peak_mb"] > 0
    hostile = json.loads(out.read_text(encoding="utf-8"))["hostile"]["files"]
    assert set(hostile) == {"xfd_cells.xlsx", "xfd_cells_undeclared.xlsx", "rows_1048576.xlsx", "columns_100000.csv"}
    assert all(r["code"] and r["above_idle_mb"] < 300 for r in hostile.values()), hostile
    assert "| rows_1048576.xlsx |" in result.stdout
    if "pg_store" in scale:  # PostgreSQL installed: the same scale on it, its pages without errors
        assert scale["pg_store"]["reports"] == 300 and scale["pg_store"]["units_in_view"] == 10
        assert scale["pg_store"]["import_again_changed"] == 3
        assert set(scale["pg_pages"]) == set(scale["pages"])
        assert all(not page["errors"] for page in scale["pg_pages"].values())
        assert "| province | " in result.stdout
