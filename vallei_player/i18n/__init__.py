"""Translations for every layer: stdlib gettext over the catalogues in this folder.

Source strings are English and are the message ids; `nl.po` (under version control) holds
the Dutch, compiled to `nl.mo` by `.ci/i18n.py compile` (set-up, tests and packaging run
it). Core, engine, commands and the UI all call the same functions, so a Dutch user sees
Dutch validation errors as well as Dutch buttons. Fields are named and filled after
translation: `_("The file {name} is missing.").format(name=...)`, so a translator can move
them. Plural forms come from the catalogue's own rule (`ngettext`), contexts disambiguate
short words (`pgettext("button", "Open")`).

The CLI takes its language from LANGUAGE / LC_ALL / LC_MESSAGES / LANG; the app from its
language setting (`set_language`). This module imports nothing from the rest of the package.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

LANGUAGES = ("en", "nl")
DOMAIN = "vallei_player"
CATALOGUES = Path(__file__).resolve().parent

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def catalogue(code: str) -> gettext.NullTranslations:
    """The compiled catalogue for `code`; English (the source strings) when there is none."""
    if code == "en":
        return gettext.NullTranslations()
    try:
        with (CATALOGUES / f"{code}.mo").open("rb") as f:
            return gettext.GNUTranslations(f)
    except OSError:
        # A source checkout that was never set up: English rather than no program at all.
        return gettext.NullTranslations()


def set_language(code: str) -> None:
    """Translate from now on into `code` ("en" or "nl"; anything else means English)."""
    global _translation, _language
    _language = code if code in LANGUAGES else "en"
    _translation = catalogue(_language)


def language() -> str:
    return _language


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """The language the environment asks for, as gettext reads it: "nl" or "en"."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        # LANGUAGE may list several ("nl:en"); the first we have wins, C/POSIX mean English.
        for choice in value.split(":"):
            code = choice.split("_")[0].split(".")[0].split("@")[0].lower()
            if code in LANGUAGES:
                return code
            if code in ("c", "posix"):
                return "en"
        if name != "LANGUAGE":
            return "en"
    return "en"


def _(message: str) -> str:
    """`message` in the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` that fits `n`, by the language's own plural rule."""
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` as meant in `context` (the same English word can need two Dutch ones)."""
    return _translation.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _translation.npgettext(context, singular, plural, n)


def N_(message: str) -> str:
    """Marks `message` for the catalogue where it is defined; translate it where it is shown."""
    return message


set_language(language_from_environment())

__all__ = [
    "LANGUAGES",
    "N_",
    "_",
    "catalogue",
    "language",
    "language_from_environment",
    "ngettext",
    "npgettext",
    "pgettext",
    "set_language",
]
