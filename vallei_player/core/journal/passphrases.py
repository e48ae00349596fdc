"""The rules for a new passphrase and what is said about it: one place for the app's Settings
and for `vallei-player passphrase`, so both ask the same and answer in the same words."""

from __future__ import annotations

from ...i18n import N_, _
from .crypto import normalise

MIN_LENGTH = 6

WARNING = N_(
    "Your journal will be encrypted with this passphrase. Without the passphrase the data "
    "cannot be recovered: not by you, not by us, not by anyone. Write it down somewhere safe."
)
ENCRYPTED = N_("Your journal is now encrypted.")
CHANGED = N_("The passphrase was changed.")
REMOVED = N_("The passphrase was removed; the journal is no longer encrypted.")


def problem_with_new(first: str, second: str) -> str | None:
    """Why this new passphrase (typed twice) cannot be used, or None when it can.

    Compared as normalised (NFC), like the key made from it: the same visible passphrase
    typed through two input methods is the same passphrase.
    """
    first, second = normalise(first), normalise(second)
    if len(first) < MIN_LENGTH:
        return _("Use at least {n} characters.").format(n=MIN_LENGTH)
    if "\0" in first:
        return _("A passphrase cannot hold the null character.")
    if first != second:
        return _("The two passphrases are not the same.")
    return None
