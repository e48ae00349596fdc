#!/usr/bin/env bash
# Sets up Vallei Player on Debian/Ubuntu: the system packages it needs (through apt, as root
# or with sudo) and a Python virtual environment in .venv with the app installed in it.
# Safe to run again: it installs only what is missing.
#   bash .ci/setup.sh          # to run the app
#   bash .ci/setup.sh --test   # also the test tools
set -euo pipefail
cd "$(dirname "$0")/.."

with_test=0
[ "${1:-}" = "--test" ] && with_test=1

# Playback (portaudio, ffmpeg), Qt on X11, fonts; and for tests a paced sound server,
# a virtual screen and tools to look at screenshots, PDFs and sound.
packages=(python3 python3-venv python3-pip libportaudio2 ffmpeg
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libx11-xcb1 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libdbus-1-3 fonts-dejavu-core
  xvfb xauth)
if [ "$with_test" = 1 ]; then
  # What the tests and tests/perf run: the paced sound server and its tools (pulseaudio,
  # pactl, pacat, parec), ALSA's route to it, a tray on Xvfb (trayer), PDF text (pdftotext),
  # zip checks (unzip; zip re-zips packs as coaches do); the real sounds some tests play
  # (alsa-utils, sound-theme-freedesktop; Dutch speech and music for the loudness tests:
  # fillets-ng-data-nl, asterisk-moh-opsound-wav).
  # For looking at the app and remaking the demo voices: xdotool, xprop (x11-utils),
  # import (imagemagick), espeak-ng, sox. A private session bus for the media-control and
  # notification tests (dbus-daemon, gdbus from libglib2.0-bin); desktop-file-validate; the
  # accessibility bus and the screen readers' Python library for the AT-SPI test
  # (at-spi2-core, python3-pyatspi).
  # The reference encoders tests/perf/lengths_table.py measures beside ffmpeg's (their MP3,
  # FLAC, Vorbis and Opus headers differ): lame, flac, oggenc (vorbis-tools), opusenc.
  packages+=(dbus-daemon libglib2.0-bin desktop-file-utils at-spi2-core python3-pyatspi pulseaudio pulseaudio-utils libasound2-plugins
    alsa-utils unzip zip xdotool imagemagick poppler-utils espeak-ng sox trayer
    sound-theme-freedesktop x11-utils fillets-ng-data-nl asterisk-moh-opsound-wav
    lame flac vorbis-tools opus-tools)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then apt_get=(apt-get);
  elif command -v sudo >/dev/null; then apt_get=(sudo apt-get);
  else
    echo "Please install these packages (as root): apt-get install ${missing[*]}" >&2
    exit 1
  fi
  "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}"
fi

py=python3
# Prefer a Python that is 3.11 or newer; Debian 12's own python3 is 3.11.
"$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed." >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
# The app is installed once (per version of pyproject.toml); the extras (Babel for the
# catalogues, the test tools) are added on top when first wanted, so start.sh after test.sh
# or the other way round installs nothing again.
extras=(i18n)
[ "$with_test" = 1 ] && extras+=(test)
key=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$key" ]; then
  rm -f .venv/.installed-*
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[$(IFS=,; echo "${extras[*]}")]"
  touch "$key"
  for e in "${extras[@]}"; do touch "$key-$e"; done
fi
for e in "${extras[@]}"; do
  [ -f "$key-$e" ] && continue
  # Only the extra's own requirements: the app itself is already installed.
  .venv/bin/python -c 'import sys, tomllib
print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"][sys.argv[1]]))' "$e" \
    > .venv/requirements-extra.txt
  .venv/bin/python -m pip install -q -r .venv/requirements-extra.txt
  rm -f .venv/requirements-extra.txt
  touch "$key-$e"
done
# The Dutch catalogue: vallei_player/i18n/nl.po -> nl.mo (quick; only rewritten when changed).
.venv/bin/python .ci/i18n.py compile
