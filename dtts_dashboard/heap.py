"""The app server's long-lived objects kept out of the garbage collector's full passes.

A page run that makes many objects (the overview's first run of a version at commune scale)
sets off a full collection, which walks every object the process holds: the modules of
Streamlit, pandas, Plotly and this package, the campaign's units, Streamlit's own. That
took 0.1 s of such a run here, every time, for objects that live as long as the process.
``gc.freeze`` moves the objects that exist at the start of each of a process's first
``RUNS`` page runs (its imports made, its campaign read) to a generation the collector
never walks; objects made later are collected as before.

What it costs: a reference cycle among the objects frozen is never collected once it
becomes garbage (those of the first runs' sessions, say). That is a bounded amount, made
once per process; freezing at every run would grow it without bound. Objects frozen are
still freed as soon as nothing refers to them (reference counting is not the collector's).
"""

from __future__ import annotations

import gc
import threading

RUNS = 4  # page runs of a process at whose start what it holds is frozen
_left = RUNS
_lock = threading.Lock()


def settle() -> bool:
    """At the start of a page run: freeze what the process holds, on its first ``RUNS``
    runs only; whether this run did."""
    global _left
    with _lock:
        if _left <= 0:
            return False
        _left -= 1
    gc.freeze()
    return True
