"""Vietnamese text normalisation: the one place that decides when two spellings are the same.

Three levels of sameness:
- ``nfc``: Unicode NFC, trimmed, inner spacing collapsed (what we store and show of a name);
- ``tone_key``: lower case, and the tone mark moved off the letter it sits on to the end
  of its syllable, so that the old and new placements (Hoà / Hòa, Thuỷ / Thủy), NFC and NFD
  all give the same key; other marks (â, ơ, đ) still count;
- ``loose_key``: lower case with every mark removed and đ -> d (for "with or without
  diacritics when that is unambiguous").

Free text (next tasks, difficulties, team members...) keeps its line breaks: ``text_cell``
tidies each line instead of collapsing them. ``clean`` removes what must never reach a page,
an export or a report: control characters (other than line break and tab), the
bidirectional overrides, embeddings and isolates that reorder what is shown, and the code
points XML cannot hold. ``md_escape`` and ``html_escape`` make text inert where Streamlit
renders Markdown and Plotly renders HTML; ``is_nothing`` tells "Không", "-" and the like,
which mean nothing to report.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining tone marks: grave, acute, tilde, hook above, dot below.
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)

# Administrative prefixes a clerk may put before a unit name: with their diacritics, or
# typed without any (but "Huyền" is a name, not "huyện").
UNIT_PREFIXES = ("thành phố", "tp.", "tp", "huyện", "h.", "thị xã", "tx.", "tx", "quận", "q.")


# Control characters other than tab and line feed (C0, DEL, C1); the bidirectional marks,
# embeddings, overrides and isolates; lone surrogates and U+FFFE/U+FFFF, which XML refuses.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile("\r\n?|[\u2028\u2029]")
_LINE_SPACE = re.compile(r"[^\S\n]+")


def nfc(value: str) -> str:
    """NFC, trimmed, with runs of white space (including no-break spaces) made one space."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


def clean(value: str) -> str:
    """``value`` without unsafe code points (``UNSAFE``), line breaks made LF; nothing else changed."""
    return UNSAFE.sub("", _NEWLINES.sub("\n", value))


def unsafe_chars(value: str) -> list[str]:
    """The distinct unsafe code points in ``value``, as U+XXXX, in order of appearance."""
    return list(dict.fromkeys(f"U+{ord(ch):04X}" for ch in UNSAFE.findall(_NEWLINES.sub("\n", value))))


def text_cell(value: str) -> str:
    """A free-text cell as stored and shown: cleaned, NFC, line breaks kept (CRLF and CR made
    LF), spaces tidied inside each line, blank lines at the start and end dropped."""
    lines = [_LINE_SPACE.sub(" ", line).strip() for line in unicodedata.normalize("NFC", clean(value)).split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


# What a clerk types to say there is nothing to report, compared on letters and digits alone
# (case, diacritics, spaces and punctuation ignored): "Không", "Không có.", "- ", "N/A"...
_NOTHING_WORDS = """
    0 khong ko k khongco chuaco khongcogi khongcoykien khongcokhokhan khongcovuongmac
    khongcokhokhanvuongmac khongcokhokhanvavuongmac khongcokiennghi khongcodexuat
    khongcodexuatkiennghi khongcokiennghidexuat khongcokhokhankiennghi khongcokhokhandexuat
    khongphatsinh khongphatsinhkhokhan na none nil no nothing
"""
_NOTHING = {"", *_NOTHING_WORDS.split()}


def is_nothing(value) -> bool:
    """Whether a difficulty or proposal cell means "nothing to report" (or is empty)."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    return "".join(ch for ch in loose_key(str(value)) if ch.isalnum()) in _NOTHING


def _syllable_key(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tone = ""
    kept = []
    for ch in decomposed:
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


@lru_cache(maxsize=65536)
def tone_key(value: str) -> str:
    """Key that ignores case, spacing, NFC/NFD and where the tone mark sits."""
    text = nfc(value).lower()
    return _WORD.sub(lambda m: _syllable_key(m.group(0)), text)


@lru_cache(maxsize=65536)
def loose_key(value: str) -> str:
    """Key that ignores case, spacing and every diacritic (đ counts as d)."""
    text = unicodedata.normalize("NFD", nfc(value).lower()).replace("đ", "d")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text)


def compact_key(value: str) -> str:
    """Loose key with every space removed (for short vocabulary words such as statuses)."""
    return loose_key(value).replace(" ", "")


def strip_unit_prefix(value: str) -> str:
    """Remove an administrative prefix (huyện, H., thành phố, TP, TP.) from a unit name."""
    text = nfc(value)
    for prefix in UNIT_PREFIXES:
        head, rest = text[: len(prefix)], text[len(prefix) :]
        same = tone_key(head) == tone_key(prefix) or (head.isascii() and loose_key(head) == loose_key(prefix))
        if same and rest.strip(" .") and (prefix.endswith(".") or rest.startswith(" ")):
            return rest.strip(" .")
    return text


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+\-.!<>|~$:&=^])")


# Streamlit's Markdown makes a link of a bare address (http://, www., name@host) after escapes
# are read: a word joiner (U+2060, invisible) inside it keeps it text.
_BARE_LINK = re.compile(r"(?i)(:(?=//)|\bwww(?=\.)|@)")


def md_escape(value: str) -> str:
    """Text someone typed, made inert for Markdown: no links (bare addresses included), images,
    HTML, emphasis, headings, KaTeX (``$``) or icons (``:name:``); its lines kept as lines (hard
    breaks), blank ones left out."""
    lines = [_MD_SPECIAL.sub(r"\\\1", _BARE_LINK.sub("\\1\u2060", line)) for line in text_cell(str(value)).split("\n")]
    return "  \n".join(line for line in lines if line)


def html_escape(value) -> str:
    """Text someone typed, made inert where Plotly renders its subset of HTML (hover texts,
    labels): ``&``, ``<`` and ``>`` as entities, line breaks as ``<br>``."""
    text = text_cell("" if value is None else str(value))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
