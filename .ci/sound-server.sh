# Sourced by test.sh: start a PulseAudio server with its silent, real-time-paced sink when
# none is running, and keep the sink awake (a new stream stalls 1-2 s on a suspended sink).
if command -v pulseaudio >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ] && [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    export XDG_RUNTIME_DIR="$(mktemp -d)"
  fi
  if ! pactl info >/dev/null 2>&1; then
    pulseaudio -D --exit-idle-time=-1 >/dev/null 2>&1 || true
    for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  if ! pgrep -f "pacat --latency-msec=20 /dev/zero" >/dev/null 2>&1; then
    (pacat --latency-msec=20 /dev/zero >/dev/null 2>&1 &)
  fi
fi
