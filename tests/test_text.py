import unicodedata

import pytest

from dtts_dashboard.text import loose_key, strip_unit_prefix, tone_key


@pytest.mark.parametrize(
    "a, b",
    [
        ("Hòa Bình", "Hoà Bình"),
        ("Lạc Thủy", "Lạc Thuỷ"),
        ("Yên Thủy", unicodedata.normalize("NFD", "Yên Thuỷ")),
        ("  Đà   Bắc ", "đà bắc"),
        ("Hòa\u00a0Bình", "HÒA BÌNH"),
    ],
)
def test_tone_key_ignores_placement_form_case_and_spacing(a, b):
    assert tone_key(a) == tone_key(b)


@pytest.mark.parametrize("a, b", [("Lạc Sơn", "Lac Son"), ("Đà Bắc", "Da Bac"), ("Hoà", "hoa")])
def test_loose_key_drops_every_mark(a, b):
    assert loose_key(a) == loose_key(b)


def test_tone_key_still_tells_different_words_apart():
    assert tone_key("Lạc Sơn") != tone_key("Lạc Sờn")
    assert tone_key("Đà Bắc") != tone_key("Da Bac")


@pytest.mark.parametrize(
    "typed, bare",
    [
        ("Huyện Đà Bắc", "Đà Bắc"),
        ("H. Cao Phong", "Cao Phong"),
        ("H.Cao Phong", "Cao Phong"),
        ("TP. Hòa Bình", "Hòa Bình"),
        ("TP Hòa Bình", "Hòa Bình"),
        ("thành phố Hoà Bình", "Hoà Bình"),
        ("Hội đồng", "Hội đồng"),
        ("Huyền Sơn", "Huyền Sơn"),
    ],
)
def test_strip_unit_prefix(typed, bare):
    assert strip_unit_prefix(typed) == bare
