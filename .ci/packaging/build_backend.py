"""The build backend: setuptools, plus the files a wheel needs that live outside the package.

`pyproject.toml` names this module (`backend-path = [".ci/packaging"]`) so that every wheel,
however it is built (`pip install .`, `pip wheel .`, a wheel from the sdist, the frozen app's
build), carries what the app reads at run time:

- `audio/` and `programs/` (top-level folders of the checkout, where coaches and the sound
  scripts work on them) are copied into the wheel as `vallei_player/bundled/audio` and
  `vallei_player/bundled/programs`, where `core.store.resources` looks first;
- the translation catalogues are compiled (`vallei_player/i18n/*.po` -> `*.mo`, by the same
  code as `.ci/i18n.py compile`), since the `.mo` files are not under version control.

The sdist carries those folders and this backend, so a wheel built from it is complete too.
Editable installs are plain setuptools: a checkout finds `audio/` and `programs/` beside
the package.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

from setuptools import build_meta as _setuptools
from setuptools.command.build_py import build_py as _build_py
from setuptools.command.sdist import sdist as _sdist

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = "bundled"  # vallei_player/bundled/<folder> in a wheel or a frozen app
# Top-level folder -> what of it a participant's app needs (the generators stay in the sdist).
DATA_FOLDERS = ("audio", "programs")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.py", "_build")
# What the sdist needs beyond the package to build a complete wheel again.
SDIST_EXTRA = ("audio", "programs", ".ci/packaging/build_backend.py", ".ci/i18n.py")


def _i18n_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vallei_i18n_tool", ROOT / ".ci" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildPy(_build_py):
    """build_py that also copies the bundled folders and compiles the catalogues."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        package = Path(self.build_lib) / "vallei_player"
        for name in DATA_FOLDERS:
            target = package / BUNDLED / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / name, target, ignore=SKIP)
        _i18n_tool().compile_all(package / "i18n")


class Sdist(_sdist):
    """sdist that also carries the bundled folders and the build backend."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        for name in SDIST_EXTRA:
            source, target = ROOT / name, Path(base_dir) / name
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)


# The PEP 517 hooks are setuptools' own; only the commands above differ.
get_requires_for_build_wheel = _setuptools.get_requires_for_build_wheel
get_requires_for_build_sdist = _setuptools.get_requires_for_build_sdist
get_requires_for_build_editable = _setuptools.get_requires_for_build_editable
prepare_metadata_for_build_wheel = _setuptools.prepare_metadata_for_build_wheel
prepare_metadata_for_build_editable = _setuptools.prepare_metadata_for_build_editable
build_wheel = _setuptools.build_wheel
build_sdist = _setuptools.build_sdist
build_editable = _setuptools.build_editable
