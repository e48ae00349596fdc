"""Write YAML text that reads as if a coach typed it: block scripts, quoted only when needed.

The demo programs are meant to be read and copied by coaches, so `build_basis_nl.py`
writes its `program.yaml` through these helpers instead of `yaml.dump` (which would
reorder keys, fold long lines and drop the comments).
"""

from __future__ import annotations

import json
import re

_PLAIN = re.compile(r"^[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 ,.'’()/?!-]*$")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def scalar(value: str | int | float) -> str:
    """A one-line YAML scalar: plain when that reads back as the same string, else quoted."""
    if isinstance(value, bool):
        raise TypeError("booleans are not used in program files")
    if isinstance(value, int | float):
        return str(value)
    plain_ok = (
        _PLAIN.match(value) is not None
        and value.lower() not in _RESERVED
        and not re.fullmatch(r"[\d.:+-]+", value)
        and not value.endswith(" ")
    )
    return value if plain_ok else json.dumps(value, ensure_ascii=False)


def flow_list(items: list[str]) -> str:
    return "[" + ", ".join(scalar(i) for i in items) + "]"


def block(key: str, text: str, indent: int) -> list[str]:
    """`key: |` followed by the text's lines (paragraphs kept), indented under the key."""
    pad = " " * indent
    lines = [f"{pad}{key}: |"]
    for line in text.strip().splitlines():
        lines.append(f"{pad}  {line.strip()}" if line.strip() else "")
    return lines
