"""The UI's side of translation: Qt's locale, the language setting, and `tr`/`trn`.

The catalogues are the package's gettext ones (`vallei_player.i18n`), shared with core and
the CLI. `tr(text, **values)` translates and fills named fields; `trn(singular, plural, n)`
picks the plural form by the catalogue's rule and fills `{n}`. Views build every visible
text in a `retranslate()` method, so switching the language is `set_language(code)`, then
every view calls `retranslate()` again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale

from ... import i18n as _catalogues
from ...i18n import LANGUAGES, N_, language, ngettext, pgettext

__all__ = [
    "LANGUAGES",
    "N_",
    "language",
    "locale",
    "pgettext",
    "resolve",
    "set_language",
    "tr",
    "trn",
]


def system_language() -> str:
    """'nl' when the system locale is Dutch, else English."""
    name = QLocale.system().name()  # e.g. nl_NL, nl_BE, en_GB
    return "nl" if name.lower().startswith("nl") else "en"


def resolve(choice: str) -> str:
    """The language a Settings value ("system", "en", "nl") stands for."""
    return system_language() if choice == "system" else (choice if choice in LANGUAGES else "en")


def set_language(code: str) -> None:
    _catalogues.set_language(code)


def tr(text: str, **values: Any) -> str:
    """`text` in the current language, with {name} fields filled from `values`."""
    out = _catalogues._(text)
    return out.format(**values) if values else out


def trn(singular: str, plural: str, n: int, **values: Any) -> str:
    """The singular or plural form for `n`; `{n}` is filled in."""
    return ngettext(singular, plural, n).format(n=n, **values)


def locale() -> QLocale:
    """The QLocale for dates and numbers in the current language."""
    nl = language() == "nl"
    return QLocale(
        QLocale.Language.Dutch if nl else QLocale.Language.English,
        QLocale.Country.Netherlands if nl else QLocale.Country.UnitedKingdom,
    )
