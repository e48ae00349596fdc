"""The translation catalogues: extract, update, compile and check them (Babel).

    python .ci/i18n.py update    # take new strings from the code into vallei_player/i18n/*.po
    python .ci/i18n.py compile   # *.po -> *.mo next to them (set-up, tests and packages run it)
    python .ci/i18n.py check     # exit 1 listing every string without a translation

The .po files are written sorted by message, without source locations and without line
wrapping, so two branches that each add strings merge without conflicts.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
CATALOGUES = REPO / "vallei_player" / "i18n"
LANGUAGES = ("nl",)
# gettext's own names, and the UI's tr()/trn() that translate and fill fields in one call.
KEYWORDS = {**DEFAULT_KEYWORDS, "tr": None, "trn": (1, 2)}
STABLE_DATE = datetime(2026, 1, 1, tzinfo=UTC)
HEADER_COMMENT = "# Vallei Player: translations of the user interface and every message.\n#"
HEADER = {
    "project": "vallei-player",
    "copyright_holder": "Vallei Player",
    "msgid_bugs_address": "",
}


def template() -> Catalog:
    """Every translatable string in the package, as the source code has it now."""
    catalog = Catalog(**HEADER)  # type: ignore[arg-type]
    found = extract_from_dir(
        str(REPO / "vallei_player"),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for _filename, lineno, message, comments, context in found:
        catalog.add(message, None, [], auto_comments=comments, context=context)
        del lineno
    return catalog


def po_path(code: str) -> Path:
    return CATALOGUES / f"{code}.po"


def read(code: str) -> Catalog:
    path = po_path(code)
    if not path.exists():
        return Catalog(locale=code, **HEADER)  # type: ignore[arg-type]
    with path.open("rb") as f:
        return read_po(f, locale=code)


def write(catalog: Catalog, code: str) -> None:
    # A header that does not change with every update: branches must not conflict on dates.
    catalog.creation_date = catalog.revision_date = STABLE_DATE
    catalog.version = "1"
    catalog.last_translator = "Vallei Player"
    catalog.language_team = "Dutch" if code == "nl" else code
    catalog.fuzzy = False
    catalog.header_comment = HEADER_COMMENT
    out = io.BytesIO()
    write_po(
        out,
        catalog,
        width=0,
        no_location=True,
        sort_output=True,
        ignore_obsolete=True,
        include_previous=False,
    )
    po_path(code).write_bytes(out.getvalue())


def update() -> None:
    source = template()
    for code in LANGUAGES:
        catalog = read(code)
        catalog.update(source, no_fuzzy_matching=True, update_header_comment=False)
        write(catalog, code)
        print(f"{po_path(code).relative_to(REPO)}: {len(catalog)} messages")


def compile_all(into: Path = CATALOGUES) -> None:
    """Each catalogue as `<code>.mo` in `into` (beside the .po files; a wheel's build folder)."""
    for code in LANGUAGES:
        catalog = read(code)
        out = io.BytesIO()
        write_mo(out, catalog, use_fuzzy=False)
        target = into / f"{code}.mo"
        if not target.exists() or target.read_bytes() != out.getvalue():
            target.write_bytes(out.getvalue())


def missing(code: str) -> Iterator[str]:
    """Strings in the code with no translation (or a fuzzy one) in `code`'s catalogue."""
    catalog = read(code)
    for message in template():
        if not message.id:
            continue
        entry = catalog.get(message.id, context=message.context)
        strings = entry.string if entry is not None else None
        texts = strings if isinstance(strings, (list, tuple)) else [strings]
        if entry is None or entry.fuzzy or not all(texts):
            shown = message.id if isinstance(message.id, str) else message.id[0]
            yield f"{code}: {shown}"


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        problems = [m for code in LANGUAGES for m in missing(code)]
        for line in problems:
            print(line)
        return 1 if problems else 0
    else:
        print(__doc__.strip())
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
