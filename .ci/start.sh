#!/usr/bin/env bash
# Sets up everything (see setup.sh) and opens Vallei Player; the demo programs are
# installed on first start. Without a screen it opens on a virtual one (Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No screen found: opening Vallei Player on a virtual screen (Xvfb). Stop it with Ctrl-C."
  exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/vallei-player "$@"
fi
exec .venv/bin/vallei-player "$@"
