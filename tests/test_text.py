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


def test_text_cell_keeps_line_breaks_and_tidies_each_line():
    from dtts_dashboard.text import text_cell

    typed = "\r\n  - Thiếu   kinh phí \r\n- Thiếu\u00a0xe\r- Chưa có hội trường  \n\n \n"
    assert text_cell(typed) == "- Thiếu kinh phí\n- Thiếu xe\n- Chưa có hội trường"
    assert text_cell(unicodedata.normalize("NFD", "Thuỷ")) == "Thuỷ"


@pytest.mark.parametrize(
    "char",
    [
        "\x00",
        "\x07",
        "\x1b",
        "\x7f",
        "\x85",
        "\x9f",
        "\u200e",
        "\u200f",
        "\u202a",
        "\u202e",
        "\u2066",
        "\u2069",
        "\ufffe",
        "\uffff",
        "\ud800",
    ],
)
def test_text_cell_removes_controls_and_bidi_marks_and_names_them(char):
    from dtts_dashboard.text import text_cell, unsafe_chars

    assert text_cell(f"Thiếu{char} xe") == "Thiếu xe"
    assert unsafe_chars(f"a{char}b{char}") == [f"U+{ord(char):04X}"]


def test_tab_and_line_breaks_are_not_unsafe():
    from dtts_dashboard.text import unsafe_chars

    assert unsafe_chars("a\tb\nc\r\nd\re") == []


@pytest.mark.parametrize(
    "typed",
    [
        "Không",
        "không.",
        "KHÔNG CÓ",
        "Không có",
        "-",
        "—",
        " – ",
        "Chưa có",
        "Không có khó khăn",
        "Không có kiến nghị",
        "Không có khó khăn, vướng mắc.",
        "Khong co",
        "0",
        "N/A",
        "n/a",
        "",
        "...",
        "Không có đề xuất, kiến nghị",
    ],
)
def test_nothing_to_report(typed):
    from dtts_dashboard.text import is_nothing

    assert is_nothing(typed)


@pytest.mark.parametrize("typed", ["Thiếu kinh phí", "Không có kinh phí tổ chức", "Chưa có hội trường", "2 xe"])
def test_something_to_report(typed):
    from dtts_dashboard.text import is_nothing

    assert not is_nothing(typed)


MARKUP = [
    "[Đăng nhập lại](http://evil.example/login)",
    "![x](http://evil.example/pixel.png)",
    "$\\frac{a}{b}$ và $$x^2$$",
    "<a href='http://evil.example'>bấm</a> <img src=x onerror=alert(1)>",
    "<span style='font-size:90px'>TO</span>",
    ":red[đỏ] :material/warning: **đậm** _nghiêng_ `mã` # tiêu đề",
    "dòng 1\n===\n> trích\n1. một\n- gạch",
    "http://evil.example WWW.evil.example thu@evil.example",
]


@pytest.mark.parametrize("typed", MARKUP)
def test_md_escape_leaves_no_markup(typed):
    import re

    from dtts_dashboard.text import md_escape

    out = md_escape(typed)
    unescaped = re.sub(r"\\.", "", out)  # what Markdown would still read as syntax
    assert not re.search(r"[\[\]()!<>$*_`#:=|~+.\-]", unescaped)
    assert not re.search(r"(?i)://|www\.|@\w", out.replace("\\", ""))  # no bare address to link


def test_md_escape_keeps_lines_as_hard_breaks():
    from dtts_dashboard.text import md_escape

    assert md_escape("Dòng một\r\nDòng hai\n\nDòng ba") == "Dòng một  \nDòng hai  \nDòng ba"


def test_html_escape_for_plotly():
    from dtts_dashboard.text import html_escape

    out = html_escape("<a href='http://x'>A & B</a>\n<span style='x'>")
    assert "<a" not in out and "<span" not in out
    assert out == "&lt;a href='http://x'&gt;A &amp; B&lt;/a&gt;<br>&lt;span style='x'&gt;"
