"""Audio files: what a file is, judged by its content, and its exact length without decoding.

`probe_clip(path) -> ClipInfo` (format, rate, channels, frames); `ProbeError` carries the
sentence for a file that is not usable audio. The engine decodes; this package only looks.
"""

from __future__ import annotations

from .clips import AudioFormat, ClipInfo
from .probe import clear_cache, probe_clip, sniff_format
from .probe_base import ProbeError

__all__ = ["AudioFormat", "ClipInfo", "ProbeError", "clear_cache", "probe_clip", "sniff_format"]
