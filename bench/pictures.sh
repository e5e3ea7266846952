#!/usr/bin/env bash
# bench/pictures.sh OLD_BINARY NEW_BINARY [OUT_DIR]: every view rendered off-screen by two builds
# of backprop-lab and compared pixel by pixel, so that a change meant to make frames cheaper is seen
# not to change the picture. Pages train, lecture, diagram, nonlinearities, ledger, landscape, surface
# and sweep of both scenes (semicircle, universal), after 200 steps; then the semicircle's train page
# at 1024 tokens × 64 tanh units, in presenter mode, at 960x600 and 1920x1080. The bottom 6 % (the
# status line, whose measured steps/s differs from run to run) is left out of those; two pictures at
# step 0 (steps/s 0) are compared whole. One table row each: the pixels that differ at all, and those
# that differ by more than 32 levels of 255 in a channel.
# Exit status 1 when any picture differs (0 when all are identical). Needs ImageMagick's compare.
# Slow (about a second per picture and build): a bench script, never part of the test suite.
set -eu
if [ $# -lt 2 ]; then
    echo "usage: bench/pictures.sh OLD_BINARY NEW_BINARY [OUT_DIR]" >&2
    exit 2
fi
old=$1
new=$2
out=${3:-}
command -v compare >/dev/null || { echo "pictures.sh: needs ImageMagick's compare (Debian: imagemagick)" >&2; exit 1; }
for bin in "$old" "$new"; do
    [ -x "$bin" ] || { echo "pictures.sh: $bin: not an executable" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -n "$out" ] && mkdir -p "$out"

# case NAME STEPS ARGS...: one picture from each build, compared (after STEPS > 0 without the status line)
differ=0
case_() {
    local name=$1 steps=$2
    shift 2
    local a="$tmp/$name.old.png" b="$tmp/$name.new.png"
    "$old" --headless --steps "$steps" "$@" --screenshot "$a" >/dev/null
    "$new" --headless --steps "$steps" "$@" --screenshot "$b" >/dev/null
    local w h size
    w=$(identify -format '%w' "$a")
    h=$(identify -format '%h' "$a")
    size="${w}x$h"
    [ "$steps" -gt 0 ] && h=$((h - h * 6 / 100))
    # compare prints the count on stderr and exits 1 when the pictures differ
    local any big
    any=$(compare -metric AE "$a[${w}x$h+0+0]" "$b[${w}x$h+0+0]" null: 2>&1 || true)
    big=$(compare -metric AE -fuzz 12.55% "$a[${w}x$h+0+0]" "$b[${w}x$h+0+0]" null: 2>&1 || true)
    printf '| %-32s | %-9s | %8s | %8s |\n' "$name" "$size" "$any" "$big"
    if [ "$any" != 0 ]; then
        differ=1
        [ -n "$out" ] && cp "$a" "$b" "$out/" && compare "$a" "$b" "$out/$name.diff.png" 2>/dev/null || true
    fi
}

echo "| picture                          | size      | differ   | by > 32  |"
echo "|----------------------------------|-----------|----------|----------|"
for scene in semicircle universal; do
    for view in train lecture diagram nonlinearities ledger landscape surface sweep; do
        case_ "$scene-$view" 200 --scene "$scene" --view "$view"
    done
done
case_ semicircle-1024x64-tanh 200 --tokens 1024 --hidden 64 --activation tanh
case_ semicircle-1024x64-lecture 200 --tokens 1024 --hidden 64 --activation tanh --view lecture
case_ semicircle-presenter 200 --presenter
case_ universal-presenter 200 --scene universal --presenter
case_ semicircle-960x600 200 --size 960x600
case_ semicircle-1920x1080 200 --size 1920x1080
case_ universal-1920x1080 200 --scene universal --size 1920x1080
case_ semicircle-step0 0
case_ universal-step0 0 --scene universal
exit "$differ"
