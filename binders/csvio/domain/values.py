"""The value tables: every format's words for condition, finish and language, mapped to ours.

One table each, shared by every format (docs/imports.md prints them). A key is looked up after
``folded``: case folded, every run of punctuation or spaces one space ("Near_Mint" → "near mint",
"Good (Lightly Played)" → "good lightly played").
"""

import re

from binders.domain.cards import MAX_QUANTITY, MIN_QUANTITY, Condition, Finish


def folded(text: str) -> str:
    return re.sub(r"[\W_]+", " ", (text or "").casefold()).strip()


# Condition: mint and near_mint → NM; excellent and light_played → LP; good and played → MP;
# poor → HP (no format we read says "poor" for damaged); damaged → DMG.
CONDITIONS: dict[str, Condition] = {
    **dict.fromkeys(
        ["mint", "m", "near mint", "nearmint", "near mint mint", "nm", "nm m", "nm mint", "new"], Condition.NM
    ),
    **dict.fromkeys(
        [
            "excellent", "ex", "light played", "lightly played", "lightlyplayed", "lp", "sp",
            "slightly played", "good lightly played",
        ],
        Condition.LP,
    ),
    **dict.fromkeys(
        ["good", "gd", "played", "pl", "moderately played", "moderatelyplayed", "mp"], Condition.MP
    ),
    **dict.fromkeys(["poor", "pr", "heavily played", "heavilyplayed", "hp", "heavy played"], Condition.HP),
    **dict.fromkeys(["damaged", "dmg", "d", "dm"], Condition.DMG),
}  # fmt: skip

# Finish: from a Foil, Printing or Finish column (or the end of TCGplayer's Condition).
FINISHES: dict[str, Finish] = {
    **dict.fromkeys(["", "normal", "nonfoil", "non foil", "no", "n", "false", "0", "regular"], Finish.NONFOIL),
    **dict.fromkeys(["foil", "yes", "y", "true", "1", "foiled", "traditional foil"], Finish.FOIL),
    **dict.fromkeys(["etched", "etched foil", "foil etched", "etch"], Finish.ETCHED),
}

# Language: Scryfall's codes, and the names and other codes the exports write.
LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "ja": "Japanese",
    "ko": "Korean",
    "ru": "Russian",
    "zhs": "Chinese Simplified",
    "zht": "Chinese Traditional",
    "he": "Hebrew",
    "la": "Latin",
    "grc": "Ancient Greek",
    "ar": "Arabic",
    "sa": "Sanskrit",
    "ph": "Phyrexian",
    "qya": "Quenya",
}
LANGUAGES: dict[str, str] = {
    **{code: code for code in LANGUAGE_NAMES},
    **{folded(name): code for code, name in LANGUAGE_NAMES.items()},
    "": "en",
    "jp": "ja",
    "kr": "ko",
    "sp": "es",
    "cn": "zhs",
    "zh": "zhs",
    "zh cn": "zhs",
    "zh hans": "zhs",
    "chinese": "zhs",
    "simplified chinese": "zhs",
    "s chinese": "zhs",
    "tw": "zht",
    "zh tw": "zht",
    "zh hant": "zht",
    "traditional chinese": "zht",
    "t chinese": "zht",
    "pt br": "pt",
    "portuguese brazil": "pt",
    "brazilian portuguese": "pt",
    "portuguese brazilian": "pt",
}


def condition_of(text: str) -> Condition | None:
    """Our grade for a condition word; an empty cell is near mint (the exports' default); None: unknown."""
    key = folded(text)
    return Condition.NM if not key else CONDITIONS.get(key)


def finish_of(text: str) -> Finish | None:
    return FINISHES.get(folded(text))


def language_of(text: str) -> str | None:
    return LANGUAGES.get(folded(text))


def quantity_of(text: str) -> int | None:
    """A count of copies from MIN_QUANTITY to MAX_QUANTITY written as digits ("3", " 03 "); else None."""
    text = (text or "").strip()
    if not re.fullmatch(r"[0-9]{1,6}", text):
        return None
    quantity = int(text)
    return quantity if MIN_QUANTITY <= quantity <= MAX_QUANTITY else None
