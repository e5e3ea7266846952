#!/bin/sh
# --screenshot and --record draw the same picture of the same state: the last recorded frame of a run
# equals its screenshot (controls column included, and the universal maps' E|ŷ − f|² curve) but for the
# status line, whose steps per second are measured apart. Needs ImageMagick's compare (.ci/packages).
exe=$1
command -v compare >/dev/null || { echo "compare is missing (apt-get install imagemagick)"; exit 1; }
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
for size in 640x400 1280x720; do
    rm -rf "$dir/frames"
    if ! "$exe" --headless --steps 12 --every 4 --record "$dir/frames" --screenshot "$dir/shot.png" --size $size \
        >"$dir/out" 2>&1; then
        echo "the run failed:"; cat "$dir/out"; exit 1
    fi
    last="$dir/frames/frame-00003.png"
    [ -s "$last" ] || { echo "missing $last"; ls "$dir/frames"; exit 1; }
    w=${size%x*} h=${size#*x}
    body="${w}x$((h * 92 / 100))+0+0" # all but the status line at the bottom
    n=$(compare -metric AE -crop "$body" "$last" "$dir/shot.png" null: 2>&1)
    [ "$n" = 0 ] || { echo "$size: the last frame and the screenshot differ in $n pixels"; exit 1; }
    # and the controls are there: the column's top right is not the background alone
    cw=$((w / 4))
    colours=$(convert "$last" -crop "${cw}x$((h / 2))+$((w - cw))+0" +repage -unique-colors -format %w info:)
    [ "$colours" -gt 20 ] || { echo "$size: the recorded frame's control column is empty ($colours colours)"; exit 1; }
done
# the universal maps' loss plot: every frame draws E|ŷ − f|² from the run's points (step 0, every
# ⌈steps/256⌉-th, the last), as the screenshot does, not a straight line through the frames' few steps
rm -rf "$dir/frames"
if ! "$exe" --headless --scene universal --steps 60 --every 30 --record "$dir/frames" --screenshot "$dir/shot.png" \
    --size 960x600 >"$dir/out" 2>&1; then
    echo "the universal run failed:"; cat "$dir/out"; exit 1
fi
last="$dir/frames/frame-00002.png"
[ -s "$last" ] || { echo "missing $last"; ls "$dir/frames"; exit 1; }
n=$(compare -metric AE -crop "960x$((600 * 92 / 100))+0+0" "$last" "$dir/shot.png" null: 2>&1)
[ "$n" = 0 ] || { echo "universal: the last frame and the screenshot differ in $n pixels (the E|ŷ − f|² curve?)"; exit 1; }
echo "ok: the last --record frame is the --screenshot picture, controls and the universal curve included"
