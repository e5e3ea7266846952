#!/bin/sh
# --screenshot and --record draw the same picture of the same state: the last recorded frame of a run
# equals its screenshot (controls column included) but for the status line, whose steps per second
# are measured apart. Needs ImageMagick's compare (.ci/packages).
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
echo "ok: the last --record frame is the --screenshot picture, controls included"
