"""dtts-dashboard: follow how district-level congresses of ethnic minority representatives are prepared."""

__version__ = "0.1.0"
