#!/bin/sh
# Headless recording: --record DIR writes frame-00000.png for step 0 and one frame per step after it,
# each a PNG of the requested size; a second run into the same folder continues the numbering.
exe=$1
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
if ! "$exe" --headless --steps 3 --record "$dir/frames" --size 640x400 >"$dir/out" 2>&1; then
    echo "the recording run failed:"; cat "$dir/out"; exit 1
fi
for k in 0 1 2 3; do
    f="$dir/frames/frame-0000$k.png"
    [ -s "$f" ] || { echo "missing $f"; ls "$dir/frames"; exit 1; }
    case $(od -An -c -N4 "$f" | tr -d ' ') in
    *PNG*) ;;
    *) echo "$f is not a PNG"; exit 1 ;;
    esac
done
[ ! -e "$dir/frames/frame-00004.png" ] || { echo "one frame too many"; exit 1; }
"$exe" --headless --steps 1 --record "$dir/frames" --size 640x400 >"$dir/out" 2>&1 || { cat "$dir/out"; exit 1; }
[ -s "$dir/frames/frame-00005.png" ] || { echo "the second run did not continue the numbering"; ls "$dir/frames"; exit 1; }
# a folder that cannot be made is an error that names it, exit status 1
out=$("$exe" --headless --steps 1 --record /proc/no/such/dir 2>&1)
rc=$?
[ "$rc" -eq 1 ] || { echo "bad folder: exit status $rc, expected 1"; exit 1; }
case $out in *"/proc/no/such/dir"*) ;; *) echo "the message does not name the folder: $out"; exit 1 ;; esac
echo "ok: headless --record writes one frame per step"
