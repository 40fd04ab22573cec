"""Vietnamese text normalisation: the one place that decides when two spellings are the same.

Three levels of sameness:
- ``nfc``: Unicode NFC, trimmed, inner spacing collapsed (what we store and show);
- ``tone_key``: lower case, and the tone mark moved off the letter it sits on to the end
  of its syllable, so that the old and new placements (Hoà / Hòa, Thuỷ / Thủy), NFC and NFD
  all give the same key; other marks (â, ơ, đ) still count;
- ``loose_key``: lower case with every mark removed and đ -> d (for "with or without
  diacritics when that is unambiguous").
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


def nfc(value: str) -> str:
    """NFC, trimmed, with runs of white space (including no-break spaces) made one space."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


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


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+\-.!<>|~$:])")


def md_escape(value: str) -> str:
    """Text someone typed, made inert for Markdown (no links, images, HTML or emphasis)."""
    return _MD_SPECIAL.sub(r"\\\1", nfc(value))
