"""A wheel or sdist is what an installer and the frozen app are made from: it must carry the
demo programmes, the bundled sounds and the compiled Dutch catalogue (issue 15, item 1), and
the installed package must find them there.

The build runs the project's own backend (setuptools plus `.ci/packaging/build_backend.py`)
in a copy of the checkout, without network: sdist first, then the wheel from that sdist, so
both are shown complete.
"""

from __future__ import annotations

import gettext
import io
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from locations import PROGRAMS, REPO

# What the build reads: the package, the metadata and the folders that are bundled.
SOURCES = ("pyproject.toml", "README.md", "vallei_player", "audio", "programs", ".ci")


def _files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def _build(hook: str, source: Path, out: Path) -> Path:
    code = (
        "import sys; sys.path.insert(0, '.ci/packaging'); import build_backend; "
        f"print(build_backend.{hook}({str(out)!r}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=source, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return out / done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    pytest.importorskip("babel")
    import setuptools

    if int(setuptools.__version__.split(".")[0]) < 77:
        pytest.skip("setuptools >= 77 builds this project; the test venv has an older one")
    tmp = tmp_path_factory.mktemp("package")
    checkout = tmp / "checkout"
    checkout.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", "*.egg-info", ".venv*", "build", "dist")
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, checkout / name, ignore=ignore)
        else:
            shutil.copy2(source, checkout / name)
    sdist = _build("build_sdist", checkout, tmp)
    unpacked = tmp / "from-sdist"
    with tarfile.open(sdist) as tar:
        # Debian 12's Python 3.11.2 predates extraction filters (3.11.4); the sdist is our own.
        if hasattr(tarfile, "data_filter"):
            tar.extractall(unpacked, filter="data")
        else:
            tar.extractall(unpacked)
    (top,) = unpacked.iterdir()
    wheel = _build("build_wheel", top, tmp)
    return sdist, wheel


def _expected_bundle() -> set[str]:
    """Every demo programme with all its files, and the bundled sounds (not their generator)."""
    programs = {
        f"programs/{folder.name}/{name}"
        for folder in PROGRAMS.iterdir()
        if (folder / "program.yaml").is_file()
        for name in _files(folder)
    }
    sounds = {f"audio/{name}" for name in _files(REPO / "audio") if not name.endswith(".py")}
    assert len(programs) > 10 and "audio/bell.flac" in sounds
    return programs | sounds


def test_the_sdist_carries_what_a_complete_wheel_is_built_from(built: tuple[Path, Path]) -> None:
    sdist, _ = built
    with tarfile.open(sdist) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    missing = _expected_bundle() - names
    assert missing == set()
    assert {".ci/packaging/build_backend.py", ".ci/i18n.py", "vallei_player/i18n/nl.po"} <= names


def test_the_wheel_carries_programs_sounds_and_the_compiled_catalogue(
    built: tuple[Path, Path],
) -> None:
    _, wheel = built
    with zipfile.ZipFile(wheel) as whl:
        names = set(whl.namelist())
        catalogue = gettext.GNUTranslations(io.BytesIO(whl.read("vallei_player/i18n/nl.mo")))
    bundled = {f"vallei_player/bundled/{name}" for name in _expected_bundle()}
    assert bundled - names == set()
    assert not [n for n in names if n.startswith("vallei_player/bundled/programs/_build")]
    # A string the app shows, in the Dutch of nl.po.
    assert catalogue.gettext("Choose at least one day.") == "Kies minstens één dag."


def test_an_installed_wheel_finds_its_own_programs_and_sounds(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    _, wheel = built
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as whl:
        whl.extractall(site)
    code = (
        "from vallei_player.core.store import bundled_programs_dir, builtin_bell; "
        "print(bundled_programs_dir()); print(builtin_bell())"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    programs, bell = (Path(line) for line in done.stdout.split())
    assert programs == site / "vallei_player" / "bundled" / "programs"
    assert (programs / "taster-en" / "program.yaml").is_file()
    assert bell == site / "vallei_player" / "bundled" / "audio" / "bell.flac" and bell.is_file()
