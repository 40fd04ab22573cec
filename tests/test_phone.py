"""Issue 15 without a browser: the overview's cards for a phone, the page's language texts."""

import json

import pytest

from dtts_dashboard import tables, ui_look
from dtts_dashboard.i18n import TEXTS
from dtts_dashboard.text import md_escape

from .test_pages import app  # noqa: F401  (the fixture)


def test_the_overview_has_one_card_per_unit_with_its_statuses_and_reasons(app):  # noqa: F811
    at = app(as_of="2024-06-05").run()
    assert not at.exception
    matrix = at.dataframe[0].value
    facts = ("Ngày Đại hội: ", "Chưa có ngày Đại hội")  # a card's second line begins with one of these
    cards = [
        m.value for m in at.markdown if m.value.startswith("**") and (m.value.split("  \n") + [""])[1].startswith(facts)
    ]
    assert [c.split("**")[1] for c in cards] == list(matrix["Đơn vị"])  # every unit, in the matrix's order
    items = [c for c in matrix.columns if c in ("Văn kiện", "Chương trình", "Kịch bản")]
    for card, (_, row) in zip(cards, matrix.iterrows()):
        for item in items:  # the matrix's symbol and word for each item
            assert f"{item}: {md_escape(row[item])}" in card
    attention = {m.value.split("**")[1]: m.value for m in at.markdown if m.value.startswith("**") and "**: " in m.value}
    assert attention, "the sample has units needing attention on 5/6"
    for card in cards:
        unit = card.split("**")[1]
        assert ("⚠" in card) == (unit in attention)
        if unit in attention:
            for reason in attention[unit].split("**: ", 1)[1].split("; "):
                assert f"⚠ {reason}" in card


def test_cards_keep_to_a_readable_number_of_units(campaign):
    import pandas as pd

    many = pd.DataFrame({"Đơn vị": [f"U{i}" for i in range(tables.MAX_CARDS + 1)]})
    for column in ("Ngày Đại hội", "Đại hội", "Báo cáo ngày", "Số đại biểu"):
        many[column] = ""
    assert tables.unit_cards(many, [], "vi") == []
    assert len(tables.unit_cards(many.head(tables.MAX_CARDS), [], "vi")) == tables.MAX_CARDS


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_language_texts_name_every_streamlit_name_in_both_languages(lang):
    texts = ui_look.language_texts(lang)
    assert texts["lang"] == lang
    assert len(texts["names"]) == len(ui_look.A11Y_NAMES)
    for english, (vi, en, wanted) in zip(ui_look.A11Y_NAMES, texts["names"]):
        assert en == english and vi and vi != en
        assert wanted == (vi if lang == "vi" else en)
        assert english.endswith(" ") == vi.endswith(" ")  # a prefix in one language is one in the other


def test_the_script_gets_our_texts_only_as_data():
    script = ui_look._LANGUAGE_SCRIPT
    assert script.count("__TEXTS__") == 1
    data = json.dumps(ui_look.language_texts("vi"), ensure_ascii=True)
    assert "<" not in data  # nothing that could close the script element
    assert all(key in TEXTS for key in ui_look.A11Y_NAMES.values())
