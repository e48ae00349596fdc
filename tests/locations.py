"""Paths the tests share.

A plain module: several conftest.py files would shadow each other as `conftest`.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROGRAMS = REPO / "programs"
DATA = Path(__file__).resolve().parent / "data"
