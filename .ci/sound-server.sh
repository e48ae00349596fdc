# Sourced by test.sh: make sure a PulseAudio server with its silent, real-time-paced sink is
# there, and that one stream keeps that sink awake (a new stream stalls 1-2 s on a suspended
# sink). What this starts, `stop_sound_server` stops again.
#
# "Is it there?" is asked of the server itself (pactl), never of the process list: another
# user's or another machine's pacat (a chroot shares /proc) says nothing about our server.
sound_server_started=0
sound_keep_awake_pid=

# True when the server we talk to already has a pacat stream playing into it.
sound_server_kept_awake() {
  pactl list sink-inputs 2>/dev/null | grep -q 'application.process.binary = "pacat"'
}

if command -v pulseaudio >/dev/null 2>&1 && command -v pactl >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ] && [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    XDG_RUNTIME_DIR="$(mktemp -d)"
    export XDG_RUNTIME_DIR
  fi
  if ! pactl info >/dev/null 2>&1; then
    pulseaudio -D --exit-idle-time=-1 >/dev/null 2>&1 && sound_server_started=1
    for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  if pactl info >/dev/null 2>&1 && ! sound_server_kept_awake; then
    pacat --latency-msec=20 /dev/zero >/dev/null 2>&1 &
    sound_keep_awake_pid=$!
  fi
fi

stop_sound_server() {
  if [ -n "$sound_keep_awake_pid" ]; then
    kill "$sound_keep_awake_pid" 2>/dev/null || true
    wait "$sound_keep_awake_pid" 2>/dev/null || true
  fi
  if [ "$sound_server_started" = 1 ]; then
    pulseaudio -k >/dev/null 2>&1 || true
  fi
}
