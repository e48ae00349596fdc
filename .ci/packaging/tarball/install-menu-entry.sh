#!/bin/sh
# Puts Vallei Player in your desktop's menu and lets a double-click on a .vallei pack open it:
# copies the menu entry, icons and file type from ./desktop/share into ~/.local/share, with
# the menu entry pointing at this folder. Run it again after moving the folder.
# `./install-menu-entry.sh --remove` takes them out again.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
files="applications/vallei-player.desktop metainfo/nl.vallei.Player.metainfo.xml
mime/packages/vallei-player.xml icons/hicolor/scalable/apps/vallei-player.svg"
for png in "$here"/desktop/share/icons/hicolor/*/apps/vallei-player.png; do
  files="$files ${png#"$here"/desktop/share/}"
done
if [ "${1:-}" = "--remove" ]; then
  for f in $files; do rm -f "$data/$f"; done
  echo "Vallei Player was taken out of the menu."
else
  for f in $files; do
    mkdir -p "$(dirname "$data/$f")"
    cp "$here/desktop/share/$f" "$data/$f"
  done
  # Quoted only where the path needs it: xdg-open without a desktop (its generic mode) runs
  # a quoted Exec path with its quotes and fails ("Permission denied"), seen on a bare Debian.
  exe="$here/vallei-player"
  case "$exe" in *[[:space:]\"\'\\\`\$]*) exe="\"$exe\"" ;; esac
  sed -i "s|^Exec=vallei-player|Exec=$exe|" "$data/applications/vallei-player.desktop"
  echo "Vallei Player is in your menu; a double-click on a .vallei file opens it."
fi
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
