"""`vallei-player pack FOLDER -o OUT.vallei`: validate a program and write it as one pack file."""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from ..i18n import _, ngettext


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", type=Path, metavar="FOLDER", help=_("the program folder (or its program.yaml)")
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT.vallei",
        help=_("where to write the pack"),
    )
    parser.add_argument(
        "--include-unused",
        action="store_true",
        help=_("also pack files that no session uses (left out by default, with a warning)"),
    )


def run(args: argparse.Namespace) -> int:
    from ..core.packs import pack_folder
    from ..core.store import check_output_file

    check_output_file(args.output, "program.vallei")
    _refuse_overwriting_the_program(args.folder, args.output)
    written = pack_folder(args.folder, args.output, include_unused=args.include_unused)
    _warn_about_unused(args.folder, written.unused, args.include_unused)
    out = written.path
    digest = hashlib.sha256()
    size = 0
    with out.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    print(_("Wrote {path}").format(path=out))
    print(f"sha256 {digest.hexdigest()}")
    # Translators: "size" lines up under "sha256 " (7 characters) on the line above.
    print(ngettext("size   {n} byte", "size   {n} bytes", size).format(n=size))
    return 0


def _warn_about_unused(given: Path, unused: tuple[str, ...], included: bool) -> None:
    """One warning line per file no session uses: left out, or shipped as asked."""
    from ..core.problems import Location, Problem

    folder = given.parent if given.name == "program.yaml" else given
    for path in unused:
        if included:
            message = _("is not used by any session; packed because of --include-unused")
        else:
            message = _(
                "is not used by any session and was left out of the pack (add "
                "--include-unused to ship it)"
            )
        print(Problem(Location(f"{folder}/{path}"), message, "warning"), file=sys.stderr)


def _refuse_overwriting_the_program(folder: Path, out: Path) -> None:
    """A pack may be written into the program folder, but never over one of its files."""
    from ..core.problems import UserError

    root = folder.parent if folder.name == "program.yaml" else folder
    if not out.exists() or out.suffix.lower() == ".vallei":
        return
    try:
        out.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return
    raise UserError(
        _(
            "{path} is a file of the program itself; write the pack somewhere else, "
            "for example {example}."
        ).format(path=out, example=root.parent / (root.name + ".vallei"))
    )
