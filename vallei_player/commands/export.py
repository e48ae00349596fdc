"""`vallei-player export --format pdf|csv|json -o FILE`: the participant's report for their coach.

Only what the participant chooses goes in: one program (`--program`) or every installed
program practised in the period, the period itself (`--since`, `--until`), and free-text
reflections only with `--include-text` (scales and choices are always in). The file is
written atomically at FILE and nowhere else. The PDF is drawn by Qt in a child process
(`python -m vallei_player.ui.report_pdf`, or the frozen app itself: `pdf_child_command`), so
this command itself never loads Qt; the report data goes to it on stdin, never through a
temporary file.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from ..i18n import _, language_from_environment, ngettext


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a date; write it as YYYY-MM-DD").format(text=repr(text))
        ) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", required=True, choices=("pdf", "csv", "json"))
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    parser.add_argument(
        "--program", metavar="ID", help=_("only this program (default: all practised)")
    )
    parser.add_argument(
        "--since", type=_day, metavar="YYYY-MM-DD", help=_("first day (default: the start)")
    )
    parser.add_argument(
        "--until", type=_day, metavar="YYYY-MM-DD", help=_("last day (default: today)")
    )
    parser.add_argument(
        "--include-text",
        action="store_true",
        help=_("include free-text reflections (left out unless you ask)"),
    )


def run(args: argparse.Namespace) -> int:
    from ..core.journal import open_for_cli, utc_now
    from ..core.practice import gather_report, to_json_dict, write_report
    from ..core.problems import UserError
    from ..core.store import check_output_file

    out: Path = check_output_file(args.output, f"report.{args.format}")
    now = utc_now().astimezone()
    until = args.until or now.date()
    if args.since and args.since > until:
        raise UserError(_("--since is after --until; choose a period that runs forwards."))
    with open_for_cli() as journal:
        report = gather_report(
            journal,
            program_id=args.program,
            since=args.since,
            until=until,
            include_text=args.include_text,
            language=report_language(),
            now=now,
        )
    if args.format == "pdf":
        render_pdf(to_json_dict(report), out)
    else:
        write_report(report, out, args.format)
    sessions = sum(len(p.sessions) for p in report.programs)
    programs = len(report.programs)
    what = _("Wrote {path}: {programs}, {sessions}").format(
        path=out,
        programs=ngettext("{n} program", "{n} programs", programs).format(n=programs),
        sessions=ngettext("{n} session", "{n} sessions", sessions).format(n=sessions),
    )
    if not args.include_text:
        what += _("; free-text reflections left out (--include-text)")
    print(what + ".")
    return 0


def report_language() -> str:
    """The language the report's headings are in: the app's, else the system's; en or nl."""
    from .common import settings_for_command

    chosen = settings_for_command().values.language
    if chosen in ("en", "nl"):
        return chosen
    return language_from_environment()  # as the command's own messages: LANGUAGE first


def pdf_child_command() -> list[str]:
    """How to start `ui.report_pdf` in a child process: in a frozen app (PyInstaller sets
    `sys.frozen`) `sys.executable` is the app itself, which takes a hidden first argument."""
    from .. import REPORT_PDF_CHILD

    if getattr(sys, "frozen", False):
        return [sys.executable, REPORT_PDF_CHILD]
    return [sys.executable, "-m", "vallei_player.ui.report_pdf"]


def render_pdf(data: dict[str, object], out: Path) -> None:
    """Draw the PDF in a child process with Qt's offscreen platform; raise UserError on failure."""
    from ..core.problems import UserError

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [*pdf_child_command(), "-", str(out)],
        input=json.dumps(data, ensure_ascii=False).encode("utf-8"),
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = why[-1] if why else _("no reason given")
        raise UserError(
            _(
                "The PDF could not be written ({reason}). "
                "Nothing was written; try --format csv or json."
            ).format(reason=reason)
        )
