"""Pinyin keys for searching names by full pinyin and by initials (org browser, person search)."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=20_000)
def _char_pinyin(char: str) -> tuple[str, str]:
    full = lazy_pinyin(char, style=Style.NORMAL, errors="default")
    syllable = "".join(full).lower()
    return syllable, syllable[:1]


def pinyin_keys(text: str) -> tuple[str, str]:
    """Return (full pinyin without spaces, initials), lower-case; non-Chinese characters pass through.

    Characters are converted one by one with a cache, so seeding a million names stays fast. Heteronyms
    take pypinyin's default reading, which is what people type for names in nearly every case.
    """
    full: list[str] = []
    initials: list[str] = []
    for char in text:
        if char.isspace():
            continue
        syllable, initial = _char_pinyin(char)
        full.append(syllable)
        initials.append(initial)
    return "".join(full)[:400], "".join(initials)[:100]
