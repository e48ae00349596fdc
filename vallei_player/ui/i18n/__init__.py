"""Translating the UI: English source strings, a Dutch catalog, live switching.

The catalog (`nl.json`) maps each English source string to its Dutch text; a plural entry
maps "singular|plural" to a two-item list (Dutch and English share the rule "one" vs
"other"). Views build every visible text in a `retranslate()` method, so switching the
language is: `set_language(code)`, then every view calls `retranslate()` again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale

LANGUAGES = ("en", "nl")
_CATALOG_DIR = Path(__file__).resolve().parent
_catalog: dict[str, Any] = {}
_language = "en"


def system_language() -> str:
    """'nl' when the system locale is Dutch, else English."""
    name = QLocale.system().name()  # e.g. nl_NL, nl_BE, en_GB
    return "nl" if name.lower().startswith("nl") else "en"


def resolve(choice: str) -> str:
    """The language a Settings value ("system", "en", "nl") stands for."""
    return system_language() if choice == "system" else (choice if choice in LANGUAGES else "en")


def set_language(code: str) -> None:
    global _catalog, _language
    _language = code if code in LANGUAGES else "en"
    _catalog = load_catalog(_language) if _language != "en" else {}


def language() -> str:
    return _language


def load_catalog(code: str) -> dict[str, Any]:
    path = _CATALOG_DIR / f"{code}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected an object")
    return data


def N_(text: str) -> str:
    """Marks a source string for the catalog where it is translated later (tables of names)."""
    return text


def tr(text: str, **values: Any) -> str:
    """`text` in the current language, with {name} fields filled from `values`."""
    found = _catalog.get(text)
    out = found if isinstance(found, str) else text
    return out.format(**values) if values else out


def trn(singular: str, plural: str, n: int, **values: Any) -> str:
    """The singular or plural form for `n`; `{n}` is filled in."""
    found = _catalog.get(f"{singular}|{plural}")
    if isinstance(found, list) and len(found) == 2:
        singular, plural = found
    return (singular if n == 1 else plural).format(n=n, **values)


def locale() -> QLocale:
    """The QLocale for dates and numbers in the current language."""
    return QLocale(
        QLocale.Language.Dutch if _language == "nl" else QLocale.Language.English,
        QLocale.Country.Netherlands if _language == "nl" else QLocale.Country.UnitedKingdom,
    )
