#!/usr/bin/env bash
# Tries a release build as a participant would, on a bare Debian 12 where no Python was
# installed (too slow for the unit suite; run by hand before a release). As root:
#   bash .ci/package-check.sh deb     dist/vallei-player_<version>_amd64.deb
#   bash .ci/package-check.sh tarball dist/vallei-player-<version>-linux-x86_64.tar.gz
# It installs the package (the .deb with apt, the tarball by unpacking it), then checks:
# --version, validate, the menu entry and .vallei file type, the app opening on a virtual
# screen and installing the demos, a double-clicked pack being imported, a session
# rendering, a PDF report, and times the cold starts. Test tools (Xvfb, xdotool, xdg-utils)
# are installed only after the CLI checks, so those run on the bare system.
# On this project's machines, with two fresh ones (build in one, install in the other):
#   T=../shared/tools/fresh-debian.sh; bash $T reset pkgbuild; bash $T reset pkginstall
#   bash $T run pkgbuild 'bash .ci/package.sh'
#   bash $T get pkgbuild /root/project/dist /tmp/dist; bash $T put pkginstall /tmp/dist /root/dist
#   bash $T run pkginstall 'bash .ci/package-check.sh deb /root/dist/vallei-player_0.1.0_amd64.deb'
# VALLEI_CHECK_DISPLAY picks the Xvfb display (default :99).
set -euo pipefail
kind=${1:?deb or tarball}
package=$(realpath "${2:?the .deb or .tar.gz}")
display=${VALLEI_CHECK_DISPLAY:-:99}
export HOME=${HOME:-/root} LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive
work=$(mktemp -d /tmp/package-check-XXXXXX)
failures=0

say() { printf '\n== %s\n' "$*"; }
check() {  # check "what" command...: prints ok/FAILED, counts failures, never stops the run
  local what=$1; shift
  if "$@" >"$work/out" 2>&1; then echo "ok      $what"; else
    echo "FAILED  $what"; sed 's/^/        /' "$work/out" | tail -n 15; failures=$((failures + 1)); fi
}
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.3f\n", b - a}'; }
seconds() { local t0=$EPOCHREALTIME; "$@" >/dev/null 2>&1; since "$t0"; }
median() { sort -n | awk '{v[NR]=$1} END {printf "%.3f", (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
apt_quiet() { apt-get install -y -qq "$@" >"$work/apt.log" 2>&1 || { tail -n 20 "$work/apt.log"; return 1; }; }

say "Before: python3 is $(command -v python3 || echo 'not installed'); package $(du -h "$package" | cut -f1)"
apt-get update -qq
case $kind in
  deb)
    t0=$EPOCHREALTIME
    apt_quiet "$package"
    echo "apt-get install ./$(basename "$package"): $(since "$t0") s"
    echo "Installed-Size: $(dpkg-query -W -f='${Installed-Size}' vallei-player) KiB;" \
      "with its dependencies the system grew by $(du -sh /usr | cut -f1) in /usr"
    app=$(command -v vallei-player)
    programs=/usr/lib/vallei-player/_internal/vallei_player/bundled/programs
    share=/usr/share ;;
  tarball)
    mkdir -p "$HOME/apps"
    tar -C "$HOME/apps" -xzf "$package"
    folder=$(find "$HOME/apps" -maxdepth 1 -name 'vallei-player-*' -type d | head -n1)
    echo "unpacked: $(du -sh "$folder" | cut -f1) in $folder"
    app=$folder/vallei-player
    programs=$folder/_internal/vallei_player/bundled/programs
    share=$HOME/.local/share ;;
  *) echo "first argument: deb or tarball"; exit 2 ;;
esac
echo "After: python3 is $(command -v python3 || echo 'still not installed'); ffmpeg is $(command -v ffmpeg || echo 'not installed')"

say "Command line, on the system as installed"
export VALLEI_PLAYER_HOME=$work/home
check "vallei-player --version" "$app" --version
"$app" --version
check "validate taster-en" "$app" validate "$programs/taster-en"
session=$("$app" info "$programs/taster-en" --json | grep -A2 '"sessions": \[' \
  | sed -n 's/ *"id": "\([^"]*\)".*/\1/p' | head -n1)
check "render taster-en session $session" "$app" render "$programs/taster-en" --session "$session" -o "$work/session.wav"
check "the render is a WAV of 8 minutes" bash -c "head -c 4 '$work/session.wav' | grep -q RIFF && [ \$(stat -c %s '$work/session.wav') -gt 40000000 ]"
mkdir -p "$work/course"; cp -r "$programs/taster-en/." "$work/course/"
sed -i 's/^id: .*/id: org.example.from-my-coach/' "$work/course/program.yaml"
check "pack a programme" "$app" pack "$work/course" -o "$work/from-my-coach.vallei"
check "validate the pack" "$app" validate "$work/from-my-coach.vallei"
unset VALLEI_PLAYER_HOME

say "Desktop integration"
for f in applications/vallei-player.desktop metainfo/nl.vallei.Player.metainfo.xml \
  mime/packages/vallei-player.xml icons/hicolor/scalable/apps/vallei-player.svg \
  icons/hicolor/48x48/apps/vallei-player.png icons/hicolor/256x256/apps/vallei-player.png; do
  [ "$kind" = deb ] && check "$share/$f installed" test -s "$share/$f"
done
apt_quiet xvfb xauth xdotool x11-utils x11-apps xdg-utils shared-mime-info desktop-file-utils appstream
[ "$kind" = tarball ] && check "install-menu-entry.sh" "$folder/install-menu-entry.sh"
[ "$kind" = tarball ] && apt_quiet libegl1 libgl1 fonts-dejavu-core  # any desktop has these
check "AppStream metainfo valid" appstreamcli validate --no-net "$share/metainfo/nl.vallei.Player.metainfo.xml"
check "desktop file valid" desktop-file-validate "$share/applications/vallei-player.desktop"
check "a .vallei file is application/x-vallei" bash -c \
  "[ \"\$(xdg-mime query filetype '$work/from-my-coach.vallei')\" = application/x-vallei ]"
check "application/x-vallei opens with vallei-player.desktop" bash -c \
  "[ \"\$(xdg-mime query default application/x-vallei)\" = vallei-player.desktop ]"

say "The app on a virtual screen ($display)"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp -noreset >"$work/xvfb.log" 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
export DISPLAY=$display
sleep 1
wait_window() { timeout 60 xdotool search --sync --onlyvisible --class vallei-player >/dev/null; }
close_app() {  # the app's windows carry its pid (_NET_WM_PID); no pkill on a shared machine
  local pid
  for pid in $(xdotool search --class vallei-player getwindowpid %@ 2>/dev/null | sort -u); do
    kill "$pid" 2>/dev/null || true
  done
  sleep 1
}
wait_programs() {  # wait_programs N: until the library lists N programmes (60 s at most)
  for _ in $(seq 120); do
    [ "$("$app" programs --json 2>/dev/null | grep -o '"id"' | wc -l)" -ge "$1" ] && return 0
    sleep 0.5
  done
  return 1
}
"$app" >"$work/app.log" 2>&1 &
check "a window appears" wait_window
check "the demos are installed on first start" wait_programs 3
xwd -root -silent >"$work/first-start.xwd" 2>/dev/null || true
close_app
"$app" programs
xdg-open "$work/from-my-coach.vallei" >"$work/open.log" 2>&1 &
check "double-clicking the pack (xdg-open) opens the app" wait_window
check "... and imports it" wait_programs 4
sleep 2; xwd -root -silent >"$work/after-open.xwd" 2>/dev/null || true
close_app
check "PDF report (the frozen app's child process)" "$app" export --format pdf -o "$work/report.pdf"
check "the report is a PDF" bash -c "head -c 4 '$work/report.pdf' | grep -q %PDF"

say "Cold starts (new processes; medians of 5, the GUI of 3)"
v=$(for _ in 1 2 3 4 5; do seconds "$app" --version; done | median)
c=$(for _ in 1 2 3 4 5; do seconds "$app" validate "$programs/taster-en"; done | median)
g=$(for _ in 1 2 3; do
  t0=$EPOCHREALTIME; "$app" >/dev/null 2>&1 & pid=$!
  wait_window; since "$t0"; kill $pid; wait $pid 2>/dev/null || true
done | median)
echo "--version $v s; validate $c s; to the first window $g s"
echo "screenshots (X window dumps): $work/first-start.xwd $work/after-open.xwd"

say "$([ $failures = 0 ] && echo "All checks passed" || echo "$failures checks FAILED")"
exit $((failures > 0))
