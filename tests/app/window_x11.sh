#!/usr/bin/env bash
# window_x11.sh EXE: the window under a real X server and window manager (Xvfb and openbox), driven by keys.
#  0. First: --stats=verbose prints the start-up's stages up to the first frame on screen, and the
#     window is made once (SDL does not re-create it when the OpenGL renderer is attached).
#  1. S saves the picture without the banners on screen ("Loss history … saved", "Screenshot saved"):
#     a PNG taken with two banners showing equals one taken with none, while the screen shows them.
#  2. F makes the window cover the screen, with the picture laid out for the screen's size (a PNG of
#     that size, the controls at the screen's right edge as the screen shows them); F again brings
#     the window back to its size.
#  3. --renderer software names itself in --stats and runs no OpenGL raster thread beside it.
# Exit 0 ok, 1 a failure, 77 (skipped) only when Xvfb is missing. Needs xvfb, openbox, xdotool, x11-utils,
# imagemagick (.ci/packages). Only the processes started here are signalled, by their pid.
set -uo pipefail

exe=${1:?usage: window_x11.sh EXE}
command -v Xvfb >/dev/null || { echo "skipped: Xvfb is missing (apt-get install xvfb)"; exit 77; }
for tool in openbox xdotool xwininfo xprop import compare identify convert; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install openbox xdotool x11-utils imagemagick)"; exit 1; }
done
exe=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")

SW=1024 SH=768 # the screen
WW=800 WH=500  # the window
work=$(mktemp -d "${TMPDIR:-/tmp}/bpl-x11.XXXXXX")
xvfb_pid="" wm_pid="" app_pid=""
cleanup() {
  for p in $app_pid $wm_pid $xvfb_pid; do
    kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  echo "--- app log"; tail -n 20 "$work/app.log"
  exit 1
}

# ---- the X server on a display it picks itself, at 96 dpi (UI scale 1), and the window manager ----
exec 3>"$work/displayfd"
Xvfb -displayfd 3 -screen 0 ${SW}x${SH}x24 -dpi 96 -nolisten tcp -noreset >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
exec 3>&-
display=""
for _ in $(seq 100); do
  display=$(tr -dc 0-9 <"$work/displayfd")
  [ -n "$display" ] && break
  sleep 0.1
done
[ -n "$display" ] || { cat "$work/xvfb.log"; echo "Xvfb did not start"; exit 1; }
export DISPLAY=:$display
unset WAYLAND_DISPLAY
export SDL_VIDEODRIVER=x11
# openbox: a small window manager that reparents the window (title bar, frame) and answers
# fullscreen requests (EWMH) as desktops do
openbox --sm-disable >"$work/wm.log" 2>&1 &
wm_pid=$!
for _ in $(seq 100); do # ready once it names itself on the root window
  xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' && break
  sleep 0.1
done
kill -0 "$wm_pid" 2>/dev/null || { cat "$work/wm.log"; fail "openbox did not start"; }

# ---- the app, paused at step 0, in the working directory where S writes ----
# on OpenGL by name: auto takes the software renderer on a machine without a GPU (the soak runs that)
(cd "$work" && exec "$exe" --size ${WW}x${WH} --scale 1 --stats=verbose --renderer opengl) >"$work/app.log" 2>&1 &
app_pid=$!
wid=""
seen=0 cand=""
for _ in $(seq 300); do # SDL may map a first window and replace it: the same id three looks in a row
  kill -0 "$app_pid" 2>/dev/null || fail "the app ended"
  first=$(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null | head -n 1)
  if [ -n "$first" ] && [ "$first" = "$cand" ]; then
    seen=$((seen + 1))
    [ "$seen" -ge 3 ] && { wid=$first; break; }
  else
    cand=$first seen=0
  fi
  sleep 0.1
done
[ -n "$wid" ] || fail "no window appeared"
geometry() { xwininfo -id "$wid" | awk '/Width:/ {w=$2} /Height:/ {h=$2} END {print w "x" h}'; }
key() { xdotool windowactivate --sync "$wid" >/dev/null 2>&1 || xdotool windowfocus "$wid" 2>/dev/null; xdotool key --window "$wid" --delay 60 "$@"; }
pngs() { ls -1 "$work"/backprop-lab-*.png 2>/dev/null | wc -l; }
newest_png() { ls -1t "$work"/backprop-lab-*.png | head -n 1; }
wait_png() { # waits until there are $1 PNGs
  for _ in $(seq 100); do [ "$(pngs)" -ge "$1" ] && return 0; sleep 0.1; done
  fail "S wrote no PNG (have $(pngs), want $1)"
}
wait_geometry() {
  for _ in $(seq 100); do [ "$(geometry)" = "$1" ] && return 0; sleep 0.1; done
  fail "the window is $(geometry), not $1"
}
# pixels that differ between two pictures over a region (WxH+X+Y)
differ() { compare -metric AE -crop "$3" "$1" "$2" null: 2>&1 | awk '{print int($1)}'; }
sleep 1 # the first frames (fonts, the first snapshot)

# ---- 0. the start-up's stages ----
for _ in $(seq 100); do grep -q '^  first frame presented' "$work/app.log" && break; sleep 0.1; done
if grep -q 'window made anew' "$work/app.log"; then
  fail "SDL re-created the window when the renderer was attached"
fi
for stage in 'libraries loaded' video window renderer fonts trainer 'first frame drawn' 'first frame presented'; do
  grep -q "^  $stage  " "$work/app.log" || fail "--stats=verbose names no start-up stage '$stage'"
done
echo "ok: the start-up's stages are printed; the window was made once"

# ---- 1. S without banners ----
key s
wait_png 1
ref=$(newest_png)
key ctrl+e s # the issue's case: the loss history's banner, then S while it (and S's own) shows
wait_png 2
shot=$(newest_png)
import -window "$wid" "$work/screen.png" 2>/dev/null || fail "cannot read the screen"
[ "$(identify -format %wx%h "$shot")" = "${WW}x${WH}" ] || fail "S wrote $(identify -format %wx%h "$shot"), not ${WW}x${WH}"
body="${WW}x$((WH - 48))+0+0" # all but the status line, whose frame rate changes
on_screen=$(differ "$ref" "$work/screen.png" "$body")
[ "$on_screen" -gt 200 ] || fail "no banner on screen to leave out ($on_screen pixels differ)"
in_png=$(differ "$ref" "$shot" "$body")
[ "$in_png" -eq 0 ] || fail "the PNG saved with banners on screen differs from one without in $in_png pixels"
echo "ok: S leaves out the banners ($on_screen pixels of them on screen, 0 in the PNG)"

# ---- 2. fullscreen and back ----
key f
wait_geometry "${SW}x${SH}"
sleep 0.5 # the frame for the new size
key s
wait_png 3
full=$(newest_png)
[ "$(identify -format %wx%h "$full")" = "${SW}x${SH}" ] || fail "fullscreen PNG is $(identify -format %wx%h "$full")"
import -window root "$work/root.png" 2>/dev/null || fail "cannot read the screen"
# the controls' column at the screen's right edge: the screen shows what the app laid out for it
controls="260x300+$((SW - 260))+0"
off=$(differ "$full" "$work/root.png" "$controls")
[ "$off" -eq 0 ] || fail "fullscreen: the screen's top right differs from the app's picture in $off pixels"
# and that picture is not the small one's: the window's own top right has moved
moved=$(convert "$ref" -crop "260x300+$((WW - 260))+0" +repage "$work/a.png" && convert "$full" -crop "$controls" +repage "$work/b.png" && compare -metric AE "$work/a.png" "$work/b.png" null: 2>&1 | awk '{print int($1)}')
echo "ok: F covers the ${SW}x${SH} screen, laid out for it (controls column ${moved} px unlike the window's at scale $(identify -format %w "$full")/$WW)"
key f
wait_geometry "${WW}x${WH}"
sleep 0.5
key s
wait_png 4
back=$(newest_png)
[ "$(identify -format %wx%h "$back")" = "${WW}x${WH}" ] || fail "after F again the PNG is $(identify -format %wx%h "$back")"
again=$(differ "$ref" "$back" "$body")
[ "$again" -eq 0 ] || fail "after F again the picture differs from the first in $again pixels"
echo "ok: F again returns to ${WW}x${WH}, the same picture"
kill -0 "$app_pid" 2>/dev/null || fail "the app ended"

# ---- 3. --renderer software presents the frame itself, with no OpenGL behind it ----
# (SDL would otherwise keep the window's surface in an OpenGL texture: on Mesa's llvmpipe, its two
# raster threads drew every frame a second time)
kill -TERM "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
(cd "$work" && exec "$exe" --size ${WW}x${WH} --scale 1 --renderer software --stats) >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 100); do grep -q '^first frame' "$work/app.log" && break; sleep 0.1; done
grep -q '^first frame' "$work/app.log" || fail "--renderer software: no frame presented"
grep -q '^renderer software (--renderer software)' "$work/app.log" || fail "--stats does not name the renderer"
gl=$(cat /proc/"$app_pid"/task/*/comm 2>/dev/null | grep -c -i -E 'llvmpipe|softpipe')
[ "$gl" -eq 0 ] || fail "--renderer software: $gl OpenGL raster threads run beside it"
echo "ok: --renderer software presents without OpenGL raster threads"
exit 0
