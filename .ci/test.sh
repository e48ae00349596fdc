#!/usr/bin/env bash
# Sets up everything, test tools included, and runs the whole test suite (lint and types too).
# A paced PulseAudio null sink is started for the tests that use a real sound device, and
# stopped again at the end if this script started it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh --test
source .ci/sound-server.sh
trap stop_sound_server EXIT
.venv/bin/python -m pytest -p no:cacheprovider -n 2 "$@"
