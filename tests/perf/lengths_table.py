"""Table: audio file lengths from mutagen and from `probe_clip` against ffmpeg's decode, per sample.

Run: .venv/bin/python tests/perf/lengths_table.py [--seconds S] [--ffmpeg PATH] [--summary]
     [--keep FOLDER]   (about 1.5 minutes)
Issue 10 item 8: the timeline of a phase without `duration` is its clip's probed length, so
that length must be what ffmpeg decodes, to the sample. This script makes a tone of 2.3456 s
(a whole number of frames or blocks in no codec; --seconds for another) at 8, 22.05, 44.1,
48 and 96 kHz, mono and stereo, encodes it in every kind the player reads (with ffmpeg, and
with the reference encoders lame, flac, oggenc, opusenc and with sox where installed, as
`.ci/setup.sh --test` does: their tags differ from ffmpeg's), plus files cut short, and
prints one row per file:

- ffmpeg: samples decoded at the file's own rate with the engine's flags (the demuxer pinned
  to the content's format, first audio stream, float output; engine/decode.py), downmixed
  to mono so that samples = frames. No `-t` and no resampling: the whole file, as it is.
- mutagen: `round(info.length * info.sample_rate)`, and an exact count where mutagen keeps
  one (FLAC `total_samples`, WAV's `_number_of_samples`; Ogg lengths are granules / rate).
- probe: `probe_clip(path).frames`; a file it refuses as cut short shows where it says the
  audio ends, against where the decode ends.

The last lines say, per kind, whether mutagen and the probe agree to the sample everywhere.
`--ffmpeg` decodes with another ffmpeg (the files are still made with PATH's), for example
the one the Linux tarball carries (imageio-ffmpeg's, 9.0 where Debian 12 has 5.1).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import mutagen

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from vallei_player.core.audiofiles import ProbeError, clear_cache, probe_clip, sniff_format
from vallei_player.engine.decode import DEMUXERS

SECONDS = "2.3456"
ALL_RATES = (8000, 22050, 44100, 48000, 96000)
MP3_RATES = (8000, 22050, 44100, 48000)  # MPEG-1/2/2.5 know no 96 kHz
CHANNELS = (1, 2)
CUT_SHARE = 0.6  # of the bytes, for the files cut short
QUIET = ["ffmpeg", "-nostdin", "-v", "error", "-y"]

Encoder = Callable[[Path, Path, int], list[str]]  # (source wav, output, rate) -> command


def ff(*args: str) -> Encoder:
    return lambda src, out, _rate: [*QUIET, "-i", str(src), *args, str(out)]


def lame(*args: str) -> Encoder:
    # --resample keeps the source's rate: lame otherwise picks a lower one for low bitrates
    return lambda src, out, rate: [
        "lame", "--quiet", *args, "--resample", f"{rate / 1000:g}", str(src), str(out)
    ]  # fmt: skip


def sox(*args: str) -> Encoder:
    return lambda src, out, _rate: ["sox", str(src), *args, str(out)]


def flac(src: Path, out: Path, _rate: int) -> list[str]:
    return ["flac", "--silent", "-f", "-o", str(out), str(src)]


def oggenc(src: Path, out: Path, _rate: int) -> list[str]:
    return ["oggenc", "-Q", "-o", str(out), str(src)]


def opusenc(src: Path, out: Path, _rate: int) -> list[str]:
    return ["opusenc", "--quiet", str(src), str(out)]


@dataclass(frozen=True)
class Kind:
    label: str
    suffix: str
    encode: Encoder
    rates: tuple[int, ...] = ALL_RATES
    tool: str = "ffmpeg"
    cut: bool = False  # keep only CUT_SHARE of the encoded bytes


MP3_VBR = ("-c:a", "libmp3lame", "-q:a", "4")
MP3_CBR = ("-c:a", "libmp3lame", "-b:a", "64k")
NO_XING = ("-write_xing", "0")
KINDS = (
    Kind("wav s16", ".wav", ff("-c:a", "pcm_s16le")),
    Kind("wav s24", ".wav", ff("-c:a", "pcm_s24le")),
    Kind("wav f32", ".wav", ff("-c:a", "pcm_f32le")),
    Kind("wav rf64", ".wav", ff("-c:a", "pcm_s16le", "-rf64", "always")),
    Kind("wav s24 sox", ".wav", sox("-b", "24"), tool="sox"),
    Kind("wav f32 sox", ".wav", sox("-e", "floating-point", "-b", "32"), tool="sox"),
    Kind("flac", ".flac", ff("-c:a", "flac")),
    Kind("flac ref", ".flac", flac, tool="flac"),
    Kind("vorbis", ".ogg", ff("-c:a", "libvorbis")),
    Kind("vorbis oggenc", ".ogg", oggenc, tool="oggenc"),
    # libopus takes 8/12/16/24/48 kHz; ffmpeg resamples other sources to one of those
    Kind("opus", ".opus", ff("-c:a", "libopus")),
    Kind("opus opusenc", ".opus", opusenc, tool="opusenc"),
    Kind("mp3 vbr xing", ".mp3", ff(*MP3_VBR), MP3_RATES),
    Kind("mp3 cbr info", ".mp3", ff(*MP3_CBR), MP3_RATES),
    Kind("mp3 cbr noxing", ".mp3", ff(*MP3_CBR, *NO_XING), MP3_RATES),
    Kind("mp3 vbr noxing", ".mp3", ff(*MP3_VBR, *NO_XING), MP3_RATES),
    Kind("mp3 lame vbr", ".mp3", lame("-V", "4"), MP3_RATES, tool="lame"),
    Kind("mp3 lame cbr", ".mp3", lame("-b", "64"), MP3_RATES, tool="lame"),
    Kind("mp3 lame notag", ".mp3", lame("-b", "64", "-t"), MP3_RATES, tool="lame"),
    Kind("mp3 vbr xing cut", ".mp3", ff(*MP3_VBR), MP3_RATES, cut=True),
    Kind("mp3 cbr noxing cut", ".mp3", ff(*MP3_CBR, *NO_XING), MP3_RATES, cut=True),
    Kind("mp3 lame vbr cut", ".mp3", lame("-V", "4"), MP3_RATES, tool="lame", cut=True),
    Kind("aac m4a", ".m4a", ff("-c:a", "aac")),
    Kind("aac m4a faststart", ".m4a", ff("-c:a", "aac", "-movflags", "+faststart")),
    Kind("alac m4a", ".m4a", ff("-c:a", "alac")),
    Kind("aac mov", ".mov", ff("-c:a", "aac")),
    Kind("alac mov", ".mov", ff("-c:a", "alac")),
    Kind("pcm s16 mov", ".mov", ff("-c:a", "pcm_s16le")),
)


@dataclass
class Row:
    kind: Kind
    channels: int
    rate: int
    source: int  # frames of the tone the file was made from
    out_rate: int  # the rate ffmpeg decodes it at (Opus: always 48 kHz)
    ffmpeg: int
    mutagen: int | None
    mutagen_exact: int | None
    mutagen_note: str
    probe: int | None
    probe_note: str
    wav_tag: str


def run(cmd: list[str]) -> bytes:
    return subprocess.run(cmd, check=True, capture_output=True, timeout=300).stdout


def tone(folder: Path, rate: int, channels: int, seconds: str) -> Path:
    src = folder / f"tone-{seconds}-{rate}-{channels}.wav"
    if not src.exists():
        run([*QUIET, "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate={rate}:duration="
             f"{seconds}", "-ac", str(channels), "-c:a", "pcm_s16le", str(src)])  # fmt: skip
    return src


def decoded(path: Path, ffmpeg: str) -> tuple[int, int]:
    """(rate, samples) of ffmpeg's decode of the first audio stream at the file's own rate."""
    kind = sniff_format(path.read_bytes()[:4096])
    demuxer = {"wav": "wav", "flac": "flac", "ogg": "ogg", "mp3": "mp3", "m4a": "mov"}[kind or ""]
    assert demuxer in DEMUXERS.values()
    url = "file:" + str(path.resolve())
    given = [ffmpeg, "-nostdin", "-hide_banner", "-protocol_whitelist", "file", "-f", demuxer,
             "-i", url]  # fmt: skip
    pcm = run([*given, "-loglevel", "error", "-map", "0:a:0", "-vn", "-sn", "-dn",
               "-f", "f32le", "-acodec", "pcm_f32le", "-ac", "1", "pipe:1"])  # fmt: skip
    # the stream's rate as ffmpeg reports it (Opus: 48 kHz); with no output named it exits 1
    described = subprocess.run(given, capture_output=True, text=True, timeout=60).stderr
    rate = re.search(r"Audio: .*?(\d+) Hz", described)
    assert rate, described
    return int(rate[1]), len(pcm) // 4


def by_mutagen(path: Path, out_rate: int) -> tuple[int | None, int | None, str]:
    """(round(length x rate), exact count or None, note) as mutagen reads the file."""
    try:
        found = mutagen.File(path)
    except Exception as e:  # mutagen raises many kinds; the table shows which
        return None, None, f"error: {type(e).__name__}"
    if found is None:
        return None, None, "not recognised"
    info = found.info
    rate = getattr(info, "sample_rate", 0) or out_rate  # OggOpusInfo has none: 48 kHz
    exact = getattr(info, "total_samples", None)  # FLAC
    if exact is None and hasattr(info, "_number_of_samples"):  # WAV (a float there)
        exact = round(info._number_of_samples)
    return round(info.length * rate), exact, ""


def by_probe(path: Path) -> tuple[int | None, str]:
    clear_cache()
    try:
        info = probe_clip(path)
    except ProbeError as e:
        ends = re.search(r"ends after (\d+[.,]\d) s", str(e))
        return None, (f"refused: ends after {ends[1]} s" if ends else f"refused: {e}")
    return info.frames, ""


def wav_tag(path: Path) -> str:
    """The WAV format tag (1 PCM, 3 float, fffe WAVE_FORMAT_EXTENSIBLE), to label rows."""
    data = path.read_bytes()[:200]
    at = data.find(b"fmt ")
    return f"{int.from_bytes(data[at + 8 : at + 10], 'little'):x}" if at >= 0 else ""


def measure(folder: Path, seconds: str, ffmpeg: str) -> tuple[list[Row], list[str]]:
    rows, skipped = [], []
    sources: dict[Path, int] = {}
    for kind in KINDS:
        if shutil.which(kind.tool) is None:
            skipped.append(f"{kind.label} ({kind.tool} is not installed)")
            continue
        for channels in CHANNELS:
            for rate in kind.rates:
                src = tone(folder, rate, channels, seconds)
                if src not in sources:
                    sources[src] = decoded(src, ffmpeg)[1]
                out = (
                    folder
                    / f"{kind.label.replace(' ', '-')}-{seconds}-{rate}-{channels}{kind.suffix}"
                )
                run(kind.encode(src, out, rate))
                if kind.cut:
                    data = out.read_bytes()
                    out.write_bytes(data[: int(len(data) * CUT_SHARE)])
                out_rate, samples = decoded(out, ffmpeg)
                m_len, m_exact, m_note = by_mutagen(out, out_rate)
                p_len, p_note = by_probe(out)
                tag = wav_tag(out) if kind.suffix == ".wav" else ""
                rows.append(Row(kind, channels, rate, sources[src], out_rate, samples,
                                m_len, m_exact, m_note, p_len, p_note, tag))  # fmt: skip
    return rows, skipped


def diff(value: int | None, truth: int) -> str:
    return "" if value is None else ("=" if value == truth else f"{value - truth:+d}")


def show(value: int | None) -> str:
    return "-" if value is None else str(value)


HEADER = (
    f"{'kind':19} {'ch':>2} {'rate':>5} {'tag':>4} {'source':>6} {'dec.rate':>8} "
    f"{'ffmpeg':>7} {'mutagen':>7} {'Δ':>6} {'exact':>7} {'Δ':>6} {'probe':>7} {'Δ':>6}  note"
)


def line(r: Row) -> str:
    note = "; ".join(n for n in (r.mutagen_note and f"mutagen {r.mutagen_note}", r.probe_note)
                     if n)  # fmt: skip
    return (
        f"{r.kind.label:19} {r.channels:>2} {r.rate:>5} {r.wav_tag:>4} {r.source:>6} "
        f"{r.out_rate:>8} {r.ffmpeg:>7} {show(r.mutagen):>7} {diff(r.mutagen, r.ffmpeg):>6} "
        f"{show(r.mutagen_exact):>7} {diff(r.mutagen_exact, r.ffmpeg):>6} {show(r.probe):>7} "
        f"{diff(r.probe, r.ffmpeg):>6}  {note}"
    )


def mutagen_best(r: Row) -> int | None:
    return r.mutagen_exact if r.mutagen_exact is not None else r.mutagen


def probe_of(r: Row) -> int | None:
    return r.probe


def verdicts(rows: list[Row], value: Callable[[Row], int | None]) -> tuple[list[str], list[str]]:
    """(kinds where `value` equals ffmpeg's count in every row, the others and by how much)."""
    yes, no = [], []
    for label in dict.fromkeys(r.kind.label for r in rows):
        got = [(value(r), r.ffmpeg) for r in rows if r.kind.label == label]
        offs = [v - truth for v, truth in got if v is not None and v != truth]
        unread = sum(v is None for v, _truth in got)
        if not offs and not unread:
            yes.append(label)
            continue
        how = [f"{len(offs)} of {len(got)} off by {min(offs):+d}..{max(offs):+d}"] if offs else []
        how += [f"{unread} of {len(got)} unread"] if unread else []
        no.append(f"{label} ({', '.join(how)})")
    return yes, no


def summary(rows: list[Row]) -> list[str]:
    whole = [r for r in rows if not r.kind.cut]
    kinds = len(dict.fromkeys(r.kind.label for r in whole))
    lines = []
    for name, value in (("mutagen", mutagen_best), ("probe", probe_of)):
        yes, no = verdicts(whole, value)
        lines.append(f"{name} agrees to the sample ({len(yes)} of {kinds} kinds): {', '.join(yes)}")
        lines.append(f"{name} differs: {'; '.join(no) or 'nowhere'}")
    cut = [r for r in rows if r.kind.cut]
    near = sum(r.probe == r.ffmpeg or refused_near(r) for r in cut)
    exact = sum(mutagen_best(r) == r.ffmpeg for r in cut)
    lines.append(
        f"files cut short: the probe counts them exactly or refuses them saying where the "
        f"decode ends (within 0.15 s) in {near} of {len(cut)}; mutagen exact in {exact} of "
        f"{len(cut)}"
    )
    return lines


def refused_near(r: Row) -> bool:
    ends = re.search(r"ends after (\d+)[.,](\d) s", r.probe_note)
    return ends is not None and abs(float(f"{ends[1]}.{ends[2]}") - r.ffmpeg / r.out_rate) <= 0.15


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", default=SECONDS, help=f"the tone's length (default {SECONDS})")
    parser.add_argument(
        "--ffmpeg", default="ffmpeg", help="the ffmpeg whose decode is the truth (default: PATH's)"
    )
    parser.add_argument("--keep", type=Path, help="make the files in this folder and keep them")
    parser.add_argument("--summary", action="store_true", help="print the summary lines only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lengths-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        rows, skipped = measure(folder, args.seconds, args.ffmpeg)
    versions = run([args.ffmpeg, "-version"]).decode().splitlines()[0].split(" Copyright")[0]
    print(f"tone {args.seconds} s; decoded by {versions}; mutagen {mutagen.version_string}")
    if not args.summary:
        print("Δ = value - ffmpeg's decoded samples ('=' when equal); tag = WAV format tag")
        print(HEADER)
        for r in rows:
            print(line(r))
    for s in skipped:
        print(f"skipped: {s}")
    for s in summary(rows):
        print(s)


if __name__ == "__main__":
    main()
