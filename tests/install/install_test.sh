#!/usr/bin/env bash
# Installs the build into a temporary DESTDIR with `meson install`, checks that every file a desktop
# and a user need is in place, and runs the installed binary headless from there.
# Usage: install_test.sh MESON BUILD_DIR PREFIX BINDIR DATADIR MANDIR VERSION
set -euo pipefail
meson=$1 build=$2 prefix=$3 bindir=$4 datadir=$5 mandir=$6 version=$7

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bpl-install-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/root
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# Where meson puts an install directory under DESTDIR: relative ones hang off the prefix.
under() { case $1 in /*) echo "$dest$1" ;; *) echo "$dest$prefix/$1" ;; esac; }
bin=$(under "$bindir")/backprop-lab
share=$(under "$datadir")
data=$share/backprop-lab
man=$(under "$mandir")/man1/backprop-lab.1

# --no-rebuild: `meson test` has built everything, and a nested ninja would wait on its lock.
if ! "$meson" install -C "$build" --no-rebuild --destdir "$dest" >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"
  echo "FAIL: meson install"
  exit 1
fi

for f in "$bin" "$man" "$share/applications/backprop-lab.desktop" \
         "$share/icons/hicolor/scalable/apps/backprop-lab.svg" \
         "$data/presets/lecture-start.ini" "$data/presets/lecture-solution.ini" \
         "$data/fonts/DejaVuSans.ttf" "$data/fonts/DejaVuSans-Bold.ttf" "$data/fonts/DejaVuSansMono.ttf" \
         "$data/fonts/LICENSE-DejaVu.txt"; do
  [ -s "$f" ] || fail "not installed (or empty): ${f#"$dest"}"
done
[ -x "$bin" ] || fail "not executable: ${bin#"$dest"}"

# Each PNG icon is the size its folder says: width and height are bytes 16..23 of a PNG (IHDR).
for size in 16 32 48 64 128 256; do
  png=$share/icons/hicolor/${size}x${size}/apps/backprop-lab.png
  if [ ! -s "$png" ]; then fail "not installed: ${png#"$dest"}"; continue; fi
  read -r w h < <(od -An -tu1 -j16 -N8 "$png" |
    awk '{ print $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }')
  [ "$w" = "$size" ] && [ "$h" = "$size" ] || fail "${size}x${size} icon is ${w}x${h}"
done

# The desktop file starts the installed program with the installed icon.
desktop=$share/applications/backprop-lab.desktop
grep -qx 'Exec=backprop-lab' "$desktop" || fail "desktop file: Exec is not backprop-lab"
grep -qx 'Icon=backprop-lab' "$desktop" || fail "desktop file: Icon is not backprop-lab"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" || fail "desktop-file-validate"
fi

# The man page: filled in, clean for groff, and in step with --help both ways.
grep -q '@[A-Z]*@' "$man" && fail "man page has an unfilled @VARIABLE@"
grep -q "^\.TH .*\"backprop-lab $version\"" "$man" || fail "man page does not carry version $version"
if command -v groff >/dev/null; then
  warn=$(groff -man -ww -z -Tutf8 "$man" 2>&1) || true
  [ -z "$warn" ] || fail "groff warns about the man page: $warn"
fi

out=$tmp/out
# A DESTDIR install lives under $dest, while the binary looks in $prefix: point it there.
run() { BPL_ASSETS=$data "$bin" "$@" >"$out" 2>"$tmp/err"; }

run --version || fail "--version exits $?"
[ "$(cat "$out")" = "backprop-lab $version" ] || fail "--version prints '$(cat "$out")', not 'backprop-lab $version'"

run --help || fail "--help exits $?"
help_flags=$(grep -o -- '--[a-z][a-z-]*' "$out" | sort -u)
man_flags=$(grep -o -- '\\-\\-[a-z][a-z]*\(\\-[a-z][a-z]*\)*' "$man" | sed 's/\\-/-/g' | sort -u)
[ -n "$help_flags" ] || fail "--help lists no flags"
for f in $help_flags; do
  grep -qx -- "$f" <<<"$man_flags" || fail "man page lacks $f"
done
for f in $man_flags; do
  grep -qx -- "$f" <<<"$help_flags" || fail "man page has $f, --help does not"
done

# Headless from the installed tree: the header, step 0 and one row per update.
if run --headless --steps 3 --csv -; then
  rows=$(wc -l <"$out")
  [ "$(head -n1 "$out")" = "step,loss" ] || fail "CSV header is '$(head -n1 "$out")'"
  [ "$rows" -eq 5 ] || fail "--steps 3 --csv - wrote $rows lines, not 5"
  awk -F, 'NR > 1 && !($2 > 0 && $2 < 100) { bad = 1 } END { exit bad }' "$out" || fail "a loss row is not a loss"
  cp "$out" "$tmp/builtin.csv"
else
  fail "headless run exits $?: $(cat "$tmp/err")"
fi

# The installed presets: lecture-start.ini is the built-in start, lecture-solution.ini has no error.
if run --headless --load "$data/presets/lecture-start.ini" --steps 3 --csv -; then
  cmp -s "$out" "$tmp/builtin.csv" || fail "presets/lecture-start.ini trains differently from the built-in start"
else
  fail "--load presets/lecture-start.ini exits $?: $(cat "$tmp/err")"
fi
if run --headless --load "$data/presets/lecture-solution.ini" --csv -; then
  awk -F, 'NR == 2 { ok = ($2 < 1e-20) } END { exit !ok }' "$out" ||
    fail "presets/lecture-solution.ini: loss $(sed -n 2p "$out") is not below 1e-20"
else
  fail "--load presets/lecture-solution.ini exits $?: $(cat "$tmp/err")"
fi

if [ "$fails" -eq 0 ]; then
  echo "installed into $dest$prefix and ran from there: ok"
  exit 0
fi
echo "$fails failed"
exit 1
