"""The app server's long-lived objects kept out of the garbage collector's full passes.

A page run that makes many objects (the overview's first run of a version at commune scale)
sets off a full collection, which walks every object the process holds: the modules of
Streamlit, pandas, Plotly and this package, the campaign's units, Streamlit's own. That
took 0.1 s of such a run here, every time, for objects that mostly live as long as the
process. ``gc.freeze`` moves every object the process holds at the start of each of its
first ``RUNS`` page runs to a generation the collector never walks; objects made later are
collected as before, and a full pass then takes milliseconds.

What is frozen is everything held at those moments, not only what lives long. Garbage is
collected first, from the second run on (at the first, the process holds little besides
its imports, and collecting them took 0.07 s to free a few objects), so what can never be
freed is what was in use then and later becomes a reference cycle's garbage: the objects of
sessions running at those moments (a reviewer measured 2,200 objects, 150 KB, after three
runs of the sample overview; at commune scale a page's messages can hold about 1 MB). That is
bounded and made once per process; freezing at every run would not be bounded. Objects
frozen are still freed as soon as nothing refers to them (reference counting is not the
collector's).
"""

from __future__ import annotations

import gc
import threading

RUNS = 4  # page runs of a process at whose start what it holds is frozen
_done = 0
_lock = threading.Lock()


def settle() -> bool:
    """At the start of a page run: freeze what the process holds, on its first ``RUNS``
    runs only (garbage collected first, from the second on); whether this run did."""
    global _done
    with _lock:
        if _done >= RUNS:
            return False
        _done += 1
        first = _done == 1
    if not first:
        gc.collect()
    gc.freeze()
    return True
