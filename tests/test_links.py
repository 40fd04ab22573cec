"""Shared and hand-typed links: read the way the sidebar writes them, or said to be unreadable."""

import datetime as dt

import pytest

from dtts_dashboard.links import canonical_params, language_of, link_params, widget_values


@pytest.mark.parametrize("typed, code", [
    ("en", "en"), ("EN", "en"), ("English", "en"), ("tiếng Anh", "en"),
    ("vi", "vi"), ("Tiếng Việt", "vi"), ("tieng viet", "vi"), ("VN", "vi"),
    ("fr", None), ("", None),
])  # fmt: skip
def test_language_of(typed, code):
    assert language_of(typed) == code


def test_a_loose_link_becomes_the_widgets_own(campaign):
    raw = {"lang": ["en"], "units": ["Da Bac", "huyện Mai Châu", "Đà Bắc"], "items": ["script", "Dự thảo Văn kiện"],
           "as_of": ["5/6/2024"], "version": ["3"]}  # fmt: skip
    params, unread = canonical_params(raw, campaign)
    assert params == {"lang": ["English"], "units": ["Đà Bắc", "Mai Châu"], "items": ["Draft script", "Draft documents"],
                      "as_of": ["2024-06-05"], "version": ["3"]}  # fmt: skip
    assert unread == []
    assert canonical_params(params, campaign) == (params, [])  # already canonical: nothing to do
    assert widget_values(params, campaign) == {
        "lang": "en", "units": ["Đà Bắc", "Mai Châu"], "items": ["script", "documents"], "as_of": dt.date(2024, 6, 5)}  # fmt: skip
    # and back: the widgets' values written as the address holds them
    assert link_params(widget_values(params, campaign), campaign) == {k: v for k, v in params.items() if k != "version"}


def test_item_labels_follow_the_links_language(campaign):
    params, _ = canonical_params({"items": ["Draft script"]}, campaign)
    assert params == {"items": ["Dự thảo Kịch bản"]}


def test_what_names_nothing_is_left_out_and_said(campaign):
    raw = {"lang": ["fr"], "units": ["Da Bak", "Cao Phong"], "items": ["budget"], "as_of": ["31/6/2024"]}
    params, unread = canonical_params(raw, campaign)
    assert params == {"lang": ["Tiếng Việt"], "units": ["Cao Phong"]}
    assert unread == ["fr", "Da Bak", "budget", "31/6/2024"]


def test_a_date_outside_the_filters_range_is_not_read(campaign):
    params, unread = canonical_params({"as_of": ["2030-01-01"]}, campaign)
    assert (params, unread) == ({}, ["2030-01-01"])
