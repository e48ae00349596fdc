"""`vallei-player passphrase set|change|remove`: encrypt the journal, change or remove its key.

The same rules and words as the app's Settings (core.journal.passphrases). The current
passphrase comes from VALLEI_PLAYER_PASSPHRASE or a hidden prompt, the new one from
VALLEI_PLAYER_NEW_PASSPHRASE or a hidden prompt asked twice; `remove` asks to confirm when
run in a terminal. The switch itself is crash-safe: killed at any moment, the journal opens
with the old or the new passphrase and holds everything.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..core.problems import UserError
from ..i18n import _, pgettext

ACTIONS = ("set", "change", "remove")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=ACTIONS,
        metavar="set|change|remove",
        help=_(
            "set: encrypt the journal with a new passphrase; change: replace the passphrase; "
            "remove: store the journal unencrypted again"
        ),
    )


def run(args: argparse.Namespace) -> int:
    from ..core.journal import has_passphrase, open_for_cli, passphrases

    encrypted = has_passphrase()
    if args.action == "set" and encrypted:
        raise UserError(
            _(
                "The journal already has a passphrase. To replace it, use "
                "`vallei-player passphrase change`; nothing was changed."
            )
        )
    if args.action in ("change", "remove") and not encrypted:
        raise UserError(
            _(
                "The journal has no passphrase. To encrypt it, use "
                "`vallei-player passphrase set`; nothing was changed."
            )
        )
    if args.action == "remove":
        _confirm_removal()
        new = None
    else:
        new = _new_passphrase()
    with open_for_cli() as journal:
        journal.set_passphrase(new)
    done = {"set": passphrases.ENCRYPTED, "change": passphrases.CHANGED}
    print(_(done.get(args.action, passphrases.REMOVED)))
    return 0


def _new_passphrase() -> str:
    """From VALLEI_PLAYER_NEW_PASSPHRASE, or typed twice (hidden) after the warning."""
    from ..core.journal import ENV_NEW_PASSPHRASE
    from ..core.journal import passphrases as rules

    given = os.environ.get(ENV_NEW_PASSPHRASE)
    if given is not None:
        first = second = given
    elif _terminal():
        import getpass

        print(_(rules.WARNING), file=sys.stderr)
        first = getpass.getpass(_("New passphrase: "))
        second = getpass.getpass(_("Repeat the passphrase: "))
    else:
        raise UserError(
            _(
                "No new passphrase was given. Set VALLEI_PLAYER_NEW_PASSPHRASE, or run the "
                "command in a terminal to be asked for it; nothing was changed."
            )
        )
    problem = rules.problem_with_new(first, second)
    if problem is not None:
        raise UserError(problem + " " + _("Nothing was changed."))
    return first


def _confirm_removal() -> None:
    """On a terminal, the person says yes first; a script (no terminal) has decided already."""
    if not _terminal():
        return
    print(
        _(
            "Without a passphrase your journal is stored unencrypted on this computer: "
            "anyone who can read your files can read it."
        ),
        file=sys.stderr,
    )
    answer = input(_("Remove the passphrase? Type yes to confirm: ")).strip().casefold()
    word = pgettext("the answer that confirms", "yes").casefold()
    accepted = {"yes", "y", word, word[:1]}
    if answer not in accepted:
        raise UserError(_("The passphrase was kept; nothing was changed."))


def _terminal() -> bool:
    return sys.stdin.isatty()
