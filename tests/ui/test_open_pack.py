"""`vallei-player PACK.vallei`, what a double-click on a pack a coach sent runs (issue 15,
item 2): the app opens and the Library's normal import takes the pack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_views import _second_pack


@pytest.mark.parametrize(
    ("args", "pack"),
    [
        (["/home/me/Downloads/course.vallei"], "/home/me/Downloads/course.vallei"),
        (["Course.VALLEI"], "Course.VALLEI"),
        ([], None),
        (["validate", "course.vallei"], None),
        (["course.vallei", "--json"], None),
        (["--version"], None),
        (["programs"], None),
    ],
)
def test_only_a_lone_pack_path_opens_the_app_on_it(args: list[str], pack: str | None) -> None:
    from vallei_player.__main__ import pack_to_open

    found = pack_to_open(args)
    assert (found, pack) == (None, None) or found == Path(pack or "").absolute()


def test_the_command_line_hands_the_pack_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    import vallei_player.ui.app as app_module
    from vallei_player.__main__ import main

    seen: list[Any] = []
    monkeypatch.setattr(
        app_module,
        "run_app",
        lambda argv, open_pack=None, background=False: seen.append(open_pack) or 0,
    )
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert main(["/tmp/x/course.vallei"]) == 0
    assert seen == [Path("/tmp/x/course.vallei")]


def test_a_pack_opened_from_outside_is_imported_and_shown_in_the_library(
    make_app: Any, tmp_path: Path
) -> None:
    from vallei_player.ui.app import import_pack

    app = make_app()
    import_pack(app.window, _second_pack(tmp_path))
    assert app.window.current_view() == "library"
    library = app.view("library")
    titles = [library.list.item(i).text() for i in range(library.list.count())]
    assert titles == ["Second course", "Tiny course"]
    assert "“Second course” was imported." in app.window.banner.text.text()


def test_on_the_welcome_screen_the_pack_is_imported_behind_it(
    make_app: Any, tmp_path: Path
) -> None:
    from vallei_player.ui.app import import_pack

    app = make_app(welcome_done=False)
    assert app.window.current_view() == "welcome"
    import_pack(app.window, _second_pack(tmp_path))
    assert app.window.current_view() == "welcome"
    assert "org.example.second-course" in [p.id for p in app.context.installed]
