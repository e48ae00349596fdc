#!/usr/bin/env bash
# Builds the Linux release of Vallei Player from this checkout, into dist/:
#   vallei-player_<version>_amd64.deb             Debian 12 / Ubuntu: apt install ./<file>
#   vallei-player-<version>-linux-x86_64.tar.gz   other x86-64 Linux: unpack, run ./vallei-player
# Both hold the app frozen by PyInstaller (one folder: its own Python, Qt and Python
# libraries, the demo programmes, sounds and translations from the wheel). The .deb takes the
# system libraries, ffmpeg and PortAudio from Debian; the tarball carries them, with a static
# ffmpeg from the imageio-ffmpeg wheel. Why PyInstaller, and the figures: .ci/packaging/README.md.
# Run on Debian 12 as root (or with sudo: build packages come from apt); about 3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/build/package
DIST=$ROOT/dist
PACKAGING=$ROOT/.ci/packaging
DATA=$ROOT/vallei_player/ui/data
PYINSTALLER="pyinstaller==6.22.3"
IMAGEIO_FFMPEG="imageio-ffmpeg==0.8.1"

apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "Installing build packages: ${missing[*]}"
  local apt_get=(apt-get)
  [ "$(id -u)" = 0 ] || apt_get=(sudo apt-get)
  "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}"
}

# What PyInstaller needs (objdump, the shared libpython), what checks the desktop files, and
# the libraries the tarball carries (PortAudio; what Qt's xcb and Wayland plugins link to).
apt_install python3 python3-venv binutils appstream desktop-file-utils ca-certificates \
  libportaudio2 libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libx11-xcb1 \
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 \
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libdbus-1-3 \
  libwayland-client0 libwayland-cursor0 libwayland-egl1 fonts-dejavu-core
py_version=$(/usr/bin/python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
apt_install "libpython$py_version"
version=$(/usr/bin/python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')

echo "== Building the wheel and the build environment"
rm -rf "$WORK"
mkdir -p "$WORK" "$DIST"
/usr/bin/python3 -m venv "$WORK/venv"  # Debian's Python: its libpython is what gets frozen
pip=("$WORK/venv/bin/python" -m pip -q --disable-pip-version-check)
"${pip[@]}" install --upgrade pip
"${pip[@]}" wheel --no-deps -w "$WORK/wheel" .
"${pip[@]}" install "$WORK"/wheel/vallei_player-*.whl "$PYINSTALLER" "$IMAGEIO_FFMPEG"

echo "== Freezing (PyInstaller)"
"$WORK/venv/bin/pyinstaller" --noconfirm --log-level ERROR --distpath "$WORK/freeze" \
  --workpath "$WORK/pyinstaller" "$PACKAGING/vallei-player.spec"
frozen=$WORK/freeze/vallei-player
"$frozen/vallei-player" --version
"$frozen/vallei-player" validate "$frozen/_internal/vallei_player/bundled/programs/taster-en"

echo "== Desktop files"
QT_QPA_PLATFORM=offscreen "$WORK/venv/bin/python" "$PACKAGING/icons.py" \
  "$DATA/vallei-player.svg" "$WORK/icons" >/dev/null
appstreamcli validate --no-net "$DATA/nl.vallei.Player.metainfo.xml"
desktop-file-validate "$DATA/vallei-player.desktop"

# Installs the desktop integration under PREFIX/share (the .deb: /usr; the tarball: ~/.local).
install_desktop_files() {
  local share=$1/share
  install -Dm644 "$DATA/vallei-player.desktop" "$share/applications/vallei-player.desktop"
  install -Dm644 "$DATA/nl.vallei.Player.metainfo.xml" "$share/metainfo/nl.vallei.Player.metainfo.xml"
  install -Dm644 "$DATA/vallei-player-mime.xml" "$share/mime/packages/vallei-player.xml"
  install -Dm644 "$DATA/vallei-player.svg" "$share/icons/hicolor/scalable/apps/vallei-player.svg"
  (cd "$WORK/icons" && find . -name '*.png' -exec install -Dm644 {} "$share/icons/hicolor/{}" \;)
}

echo "== The .deb"
stage=$WORK/deb
mkdir -p "$stage/DEBIAN" "$stage/usr/lib" "$stage/usr/bin"
cp -a "$WORK/freeze/vallei-player-deb" "$stage/usr/lib/vallei-player"
ln -s ../lib/vallei-player/vallei-player "$stage/usr/bin/vallei-player"
install_desktop_files "$stage/usr"
install -Dm644 "$PACKAGING/copyright" "$stage/usr/share/doc/vallei-player/copyright"
# The Debian packages that own the libraries left out of the .deb's folder, plus what the
# app runs or loads by name: ffmpeg (decoding), PortAudio (sounddevice), GL/EGL (Qt; never
# bundled by PyInstaller), a font, and what makes the menu entry and the MIME type known.
libs=()
while read -r lib; do  # by file name: with merged /usr, dpkg may know it as /lib/... or /usr/lib/...
  owner=$(dpkg-query -S "*/$(basename "$(realpath "$lib")")" 2>/dev/null | head -n1 | cut -d: -f1) || true
  [ -n "$owner" ] || { echo "no Debian package owns $lib: it cannot be left out of the .deb" >&2; exit 1; }
  libs+=("$owner")
done < "$WORK/freeze/debian-libs.txt"
depends=$(printf '%s\n' "${libs[@]}" ffmpeg libportaudio2 libegl1 libgl1 fonts-dejavu-core \
  | grep -v '^$' | sort -u | paste -sd, | sed 's/,/, /g')
installed_kib=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@DEPENDS@/$depends/" -e "s/@INSTALLED_SIZE@/$installed_kib/" \
  "$PACKAGING/deb-control" > "$stage/DEBIAN/control"
deb=$DIST/vallei-player_${version}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null

echo "== The tarball"
top=vallei-player-$version
tree=$WORK/tar/$top
mkdir -p "$WORK/tar"
cp -a "$frozen" "$tree"
ffmpeg=$("$WORK/venv/bin/python" -c 'import imageio_ffmpeg; print(imageio_ffmpeg.get_ffmpeg_exe())')
install -Dm755 "$ffmpeg" "$tree/ffmpeg/ffmpeg"
install -Dm644 "$PACKAGING/tarball/ffmpeg-README.txt" "$tree/ffmpeg/README.txt"
install -m755 "$PACKAGING/tarball/install-menu-entry.sh" "$tree/"
install -m644 "$PACKAGING/tarball/README.txt" "$PACKAGING/copyright" "$tree/"
install_desktop_files "$tree/desktop"
tarball=$DIST/vallei-player-$version-linux-x86_64.tar.gz
tar -C "$WORK/tar" --owner=0 --group=0 -czf "$tarball" "$top"

echo "== Done"
ls -l "$deb" "$tarball"
echo "installed size of the .deb: $installed_kib KiB; Depends: $depends"
