#!/usr/bin/env bash
# bench/window.sh [BUILD_DIR] [SECONDS]: the real window's frame time and CPU use, beside the
# software renderer's off-screen figures (bench/render), in one run. Builds BUILD_DIR with
# -Dbuildtype=release (default: build-release beside this repository's meson.build), then for each
# scene starts the app on a private Xvfb (1280x800), once with --renderer opengl (Mesa llvmpipe there)
# and once with --renderer software (SDL's software renderer, what auto takes there), presses Space to
# run it at the default 500 steps/s (the paused scene stays paused), skips 3 s of warm-up and reads
# `--stats` for SECONDS (default 10): fps and CPU are the means of the per-second lines (CPU per frame
# weighted by frames: it holds still on a busy machine, where the frame rate and wall-clock times do
# not), p50/p99 those of the last line (the window's last 240 frames). "first frame" is the app's own
# figure: exec to the first presented frame. Needs Xvfb and xdotool.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build="$src/build-release"
if [ $# -gt 0 ]; then
    build=$1
    shift
fi
secs=${1:-10}
warm=3

if [ -f "$build/build.ninja" ]; then
    meson configure "$build" -Dbuildtype=release >/dev/null
else
    meson setup "$build" "$src" -Dbuildtype=release >/dev/null
fi
ninja -C "$build" backprop-lab bench/render >/dev/null
for tool in Xvfb xdotool; do
    command -v "$tool" >/dev/null || { echo "window.sh: needs $tool (Debian: xvfb, xdotool)" >&2; exit 1; }
done

tmp=$(mktemp -d)
xvfb_pid=
app_pid=
finish() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap finish EXIT
trap 'exit 130' INT TERM

# A private X server: it picks a free display itself and writes its number once it accepts clients.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$tmp/display" </dev/null >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do
    grep -q '[0-9]' "$tmp/display" 2>/dev/null && break
    sleep 0.1
done
export DISPLAY=":$(tr -dc 0-9 <"$tmp/display")"
export SDL_VIDEODRIVER=x11

# scene LABEL RUN(0|1) ARGS...: one row of the table
scene() {
    local label=$1 run=$2
    shift 2
    "$build/backprop-lab" --stats "$@" >"$tmp/stats" 2>"$tmp/err" &
    app_pid=$!
    local wid=
    for _ in $(seq 100); do
        wid=$(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null | head -n1) && [ -n "$wid" ] && break
        sleep 0.1
    done
    if [ -z "$wid" ]; then
        echo "window.sh: no window for $label" >&2
        cat "$tmp/err" >&2
        exit 1
    fi
    sleep 1
    # again: SDL may map a first window and replace it when the renderer is made
    wid=$(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null | tail -n1)
    if [ "$run" = 1 ]; then
        # held for a few frames: the app reads key presses as events, and a quick tap is enough,
        # but a press and release inside one frame is not something to rely on
        xdotool windowfocus --sync "$wid" keydown space sleep 0.1 keyup space
    fi
    sleep "$warm"
    local from
    from=$(grep -c '^steps/s' "$tmp/stats" || true)
    sleep "$secs"
    kill "$app_pid" 2>/dev/null
    wait "$app_pid" 2>/dev/null || true
    app_pid=
    # the per-second lines after the warm-up:
    # "steps/s S  fps F  frame p50 A ms  p99 B ms  cpu C % (D ms/frame)  step N"
    awk -v from="$from" -v label="$label" '
        /^first frame/ { first = $3 }
        /^steps\/s/ { n++; if (n <= from) next
            m++; steps += $2; fps += $4; frames += $4; p50 = $7; p99 = $10; cpu += $13
            sub(/^\(/, "", $15); cpu_ms += $15 * $4 }
        END { pad = 26 + gsub(/×/, "×", label) # printf pads bytes; × takes two
              if (!m) { printf "| %-*s | (no stats) |\n", pad, label; exit }
              printf "| %-*s | %7.0f | %5.1f | %6.2f | %6.2f | %5.1f | %12.2f | %8s |\n",
                     pad, label, steps / m, fps / m, p50, p99, cpu / m, frames ? cpu_ms / frames : 0, first }' "$tmp/stats"
}

echo "## The window under Xvfb, 1280x800, $(uname -m), $(nproc) CPUs"
echo
echo "--renderer opengl (Mesa llvmpipe under Xvfb), then --renderer software (rows ', sw'; what auto"
echo "takes here). ${warm} s of warm-up, then ${secs} s of"
echo "--stats: steps/s, fps and app CPU (every thread: main, trainer, renderer) are per-second means"
echo "(CPU ms/frame: the process's CPU time over the frames drawn);"
echo "p50/p99 cover the window's last 240 frames; first frame is exec to the first presented frame."
echo
echo "| scene                      | steps/s | fps   | p50 ms | p99 ms | CPU % | CPU ms/frame | first ms |"
echo "|----------------------------|---------|-------|--------|--------|-------|--------------|----------|"
scene "9×5 running" 1 --renderer opengl
scene "9×5 paused" 0 --renderer opengl
scene "1024×64 tanh running" 1 --renderer opengl --tokens 1024 --hidden 64 --activation tanh
scene "9×5 running, sw" 1 --renderer software
scene "9×5 paused, sw" 0 --renderer software
scene "1024×64 tanh running, sw" 1 --renderer software --tokens 1024 --hidden 64 --activation tanh
echo
"$build/bench/render"
