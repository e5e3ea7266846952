#!/usr/bin/env bash
# soak.sh EXE SECONDS: runs the window under its own Xvfb for SECONDS while clicking, dragging the
# sliders and tokens and pressing keys at random (seeded), then reports crashes, frame times (from
# the app's --stats lines) and resident memory over time. Exit 0 ok, 1 a failure, 2 cannot run.
#
# Where the controls and planes are comes from tests/reliability/layout-probe of the same build
# (the app's own layout code); SOAK_PROBE=PATH names another. Environment: SOAK_SEED (default 1),
# SOAK_RSS_MARGIN_MB (default 40: allowed rise of the floor of VmRSS from the first to the last
# quarter after the warm-up), SOAK_PEAK_MB (default 600: allowed VmHWM), SOAK_WARMUP (seconds, default SECONDS/4), SOAK_STALL (seconds without
# a --stats line that count as "not responding", default 10), SOAK_JUMP_MB (default 8: a rise
# between two samples that large keeps both memory maps, shown when the memory check fails),
# SOAK_KEEP=1 keeps the working directory (logs, screenshots).
# Needs only Debian's xvfb, xdotool and x11-utils.
set -uo pipefail

usage() { echo "usage: $0 EXE SECONDS" >&2; exit 2; }
[ $# -eq 2 ] || usage
exe=$1
secs=$2
if ! [[ $secs =~ ^[0-9]+$ ]] || [ "$secs" -lt 5 ]; then
  echo "soak: SECONDS must be a whole number >= 5" >&2
  exit 2
fi
[ -x "$exe" ] || { echo "soak: $exe is not an executable (build the app first)" >&2; exit 2; }
for tool in Xvfb xdotool xwininfo; do
  command -v "$tool" >/dev/null || { echo "soak: $tool is missing (apt-get install xvfb xdotool x11-utils)" >&2; exit 2; }
done
exe=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")
probe=${SOAK_PROBE:-$(dirname "$exe")/tests/reliability/layout-probe}
if ! [ -x "$probe" ]; then
  echo "soak: no layout probe at $probe (build it: ninja -C BUILD tests/reliability/layout-probe)" >&2
  exit 2
fi

seed=${SOAK_SEED:-1}
margin_mb=${SOAK_RSS_MARGIN_MB:-40}
peak_mb=${SOAK_PEAK_MB:-600}
warmup=${SOAK_WARMUP:-$((secs / 4))}
stall=${SOAK_STALL:-10}
disk_mb=512 # what the app may write into its working directory (screenshots, sessions, CSV)
RANDOM=$seed

work=$(mktemp -d "${TMPDIR:-/tmp}/bpl-soak.XXXXXX")
xvfb_pid=""
app_pid=""
app_status=""
failures=()

# Only the processes started here are ever signalled, by their pid.
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -KILL "$app_pid" 2>/dev/null
    wait "$app_pid" 2>/dev/null
  fi
  if [ -n "$xvfb_pid" ] && kill -0 "$xvfb_pid" 2>/dev/null; then
    kill -TERM "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
fail() { failures+=("$*"); }
mib() { awk -v k="${1:-0}" 'BEGIN { printf "%.1f", k / 1024 }'; }

# ---- X server: a free display chosen by Xvfb itself; 96 dpi, so that the UI scale is 1 ----
exec 3>"$work/displayfd"
Xvfb -displayfd 3 -screen 0 1600x1000x24 -dpi 96 -nolisten tcp -noreset >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
exec 3>&-
display=""
for _ in $(seq 100); do
  display=$(tr -dc 0-9 <"$work/displayfd")
  [ -n "$display" ] && break
  kill -0 "$xvfb_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$display" ]; then
  echo "soak: Xvfb did not start:" >&2
  cat "$work/xvfb.log" >&2
  exit 2
fi
export DISPLAY=:$display
unset WAYLAND_DISPLAY
export SDL_VIDEODRIVER=x11
# For a sanitizer build: leaks and races inside system libraries (D-Bus, the GL driver) are not
# the app's.
here=$(cd "$(dirname "$0")" && pwd)
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/lsan.supp:print_suppressions=0"
export TSAN_OPTIONS="${TSAN_OPTIONS:+$TSAN_OPTIONS:}suppressions=$here/tsan.supp:print_suppressions=0"

# ---- the app, in the working directory so that screenshots and saved sessions land there ----
(cd "$work" && exec "$exe" --stats --size 1280x800) >"$work/app.out" 2>"$work/app.err" &
app_pid=$!
t_start=$(now_ms)

alive() { kill -0 "$app_pid" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$app_pid/stat" 2>/dev/null)" != Z ]; }
reap() { # records the exit status once the app has ended
  [ -n "$app_status" ] && return
  wait "$app_pid" 2>/dev/null
  app_status=$?
}
describe_status() {
  if [ "$1" -gt 128 ]; then echo "killed by signal $(($1 - 128)) ($(kill -l $(($1 - 128)) 2>/dev/null))"
  else echo "exit status $1"; fi
}
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$app_pid/status" 2>/dev/null; }

# ---- the window: SDL maps a first window and, when the renderer is attached, may destroy it and
# map another, so an id found at once can vanish before its geometry is read. A window counts as
# found once the same id has been the app's first visible window, and readable, for 3 looks in a
# row 0.1 s apart; if its geometry cannot be read after all, it is looked for again, until 30 s
# have passed since the start (a sanitizer build on a busy machine starts slowly). ----
window_deadline=$((t_start + 30000))
wid=""
find_window() { # sets wid to a settled window, or returns 1 at the deadline or when the app ended
  local cand="" seen=0 first
  wid=""
  while [ "$(now_ms)" -lt "$window_deadline" ]; do
    alive || return 1
    first=$(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null | head -n 1)
    if [ -n "$first" ] && [ "$first" = "$cand" ] && xwininfo -id "$first" 2>/dev/null | grep -q 'Map State: IsViewable'; then
      seen=$((seen + 1))
      if [ "$seen" -ge 3 ]; then
        wid=$cand
        return 0
      fi
    else
      cand=$first
      seen=$([ -n "$first" ] && echo 1 || echo 0)
    fi
    sleep 0.1
  done
  return 1
}

# ---- where things are: the window (GX GY GW GH) and, from the probe, its layout at scale 1 ----
sliders=()  # "x y w h" of slider tracks (train tab, then lecture tab)
controls=() # "x y w h" of buttons, toggles and choosers (both tabs)
avoid=()    # "x y w h" of controls that must never be clicked (recording writes a PNG per frame)
probed=""
read_layout() {
  sliders=() controls=() avoid=()
  local mode kind x y w h vis av name train
  train=$("$probe" "$GW" "$GH" 1 0) || return 1
  for mode in 0 2; do # the train tab, the lecture tab (UI_LAYOUT_LECTURE)
    while read -r kind _ name x y w h vis av; do
      case $kind in
        widget)
          [ "$vis" = 1 ] || continue
          if [ "$av" = 1 ]; then avoid+=("$x $y $w $h")
          elif [ "$name" = slider ]; then sliders+=("$x $y $w $h")
          else controls+=("$x $y $w $h"); fi ;;
      esac
    done < <(if [ $mode = 0 ]; then echo "$train"; else "$probe" "$GW" "$GH" 1 "$mode"; fi |
      awk '$1 == "widget" { print $1, $2, $3, $4, $5, $6, $7, $8, $9 }')
  done
  # plot areas of the planes (default view): screen rect and world range
  read -r IN_X IN_Y IN_W IN_H IN_X0 IN_X1 IN_Y0 IN_Y1 < <(awk '$1 == "xform" && $2 == "input" { $1 = $2 = ""; print }' <<<"$train")
  read -r OUT_X OUT_Y OUT_W OUT_H OUT_X0 OUT_X1 OUT_Y0 OUT_Y1 < <(awk '$1 == "xform" && $2 == "output" { $1 = $2 = ""; print }' <<<"$train")
  read -r BARS_X BARS_Y BARS_W BARS_H < <(awk '$1 == "panel" && $2 == "bars" { print $3, $4, $5, $6 }' <<<"$train")
  read -r LOSS_X LOSS_Y LOSS_W LOSS_H < <(awk '$1 == "panel" && $2 == "loss" { print $3, $4, $5, $6 }' <<<"$train")
  [ ${#sliders[@]} -gt 0 ] && [ ${#controls[@]} -gt 0 ] && [ -n "${IN_W:-}" ] && [ -n "${OUT_W:-}" ]
}
geometry() {
  local out
  out=$(xwininfo -id "$wid" 2>/dev/null) || return 1
  GX=$(sed -n 's/.*Absolute upper-left X: *//p' <<<"$out")
  GY=$(sed -n 's/.*Absolute upper-left Y: *//p' <<<"$out")
  GW=$(sed -n 's/^ *Width: *//p' <<<"$out")
  GH=$(sed -n 's/^ *Height: *//p' <<<"$out")
  [[ $GX =~ ^-?[0-9]+$ && $GY =~ ^-?[0-9]+$ && $GW =~ ^[0-9]+$ && $GH =~ ^[0-9]+$ ]] || return 1
  if [ "$probed" != "${GW}x$GH" ]; then
    read_layout || return 1
    probed=${GW}x$GH
  fi
  xdotool windowfocus "$wid" 2>/dev/null
  return 0
}
window_tries=0
while :; do
  window_tries=$((window_tries + 1))
  if ! find_window; then
    if ! alive; then
      reap
      echo "soak: the app ended before its window appeared ($(describe_status "$app_status"))" >&2
    elif [ "$window_tries" -eq 1 ]; then
      echo "soak: no window appeared within 30 s" >&2
    else
      echo "soak: cannot read the window's geometry or layout ($probe) within 30 s, $window_tries tries" >&2
    fi
    tail -n 20 "$work/app.err" >&2
    exit 1
  fi
  geometry && break
  sleep 0.2 # the window settled and then went, or the probe failed: look again
done
[ "$window_tries" -gt 1 ] && echo "soak: the window was found on try $window_tries"

# R: a random whole number in 0..N-1. Never in a subshell: the seeded sequence lives in this shell.
rnd() { R=$((RANDOM % $1)); }
# X Y relative to the window -> AX AY on the screen
at() { AX=$((GX + $1)); AY=$((GY + $2)); }
# PX PY: a random point inside the rectangle "x y w h"
point_in() {
  local x y w h
  read -r x y w h <<<"$1"
  rnd "$((w > 0 ? w : 1))"; PX=$((x + R))
  rnd "$((h > 0 ? h : 1))"; PY=$((y + R))
}
forbidden() { # X Y: inside a control that must not be clicked
  local r x y w h
  for r in "${avoid[@]}"; do
    read -r x y w h <<<"$r"
    ((x <= $1 && $1 < x + w && y <= $2 && $2 < y + h)) && return 0
  done
  return 1
}
# PX PY: the screen point of world (wx, wy) in plane "in" or "out" (default view)
world() {
  local r
  if [ "$1" = in ]; then r="$IN_X $IN_Y $IN_W $IN_H $IN_X0 $IN_X1 $IN_Y0 $IN_Y1"
  else r="$OUT_X $OUT_Y $OUT_W $OUT_H $OUT_X0 $OUT_X1 $OUT_Y0 $OUT_Y1"; fi
  read -r PX PY < <(awk -v x="$2" -v y="$3" -v r="$r" 'BEGIN { split(r, v, " ")
    printf "%d %d\n", v[1] + (x - v[5]) / (v[6] - v[5]) * v[3], v[2] + (v[8] - y) / (v[8] - v[7]) * v[4] }')
}
# THETA: a token's angle, on the lecture's grid of 9 most of the time (that is where tokens are)
theta() {
  rnd 10
  if [ "$R" -lt 7 ]; then rnd 9; THETA=$(awk -v i="$R" 'BEGIN { printf "%.6f", -1.5707963 + i * 0.39269908 }')
  else rnd 3142; THETA=$(awk -v i="$R" 'BEGIN { printf "%.6f", -1.5707963 + i / 1000 }'); fi
}

declare -A count=()
n_shots=0 n_saves=0 n_full=0
trace() { echo "$(($(now_ms) - t_start)) $*" >>"$work/actions.log"; }
key() {
  trace "rss $(rss_kb) before key $1"
  xdotool keydown "$1" sleep 0.04 keyup "$1" 2>/dev/null
  count[key]=$((${count[key]:-0} + 1))
}
drag() { # x1 y1 x2 y2 button steps
  local steps=$6 i args=() ax ay bx by
  trace "rss $(rss_kb) before drag $*"
  at "$3" "$4"; bx=$AX; by=$AY
  at "$1" "$2"; ax=$AX; ay=$AY
  args=(mousemove "$ax" "$ay" sleep 0.03 mousedown "$5" sleep 0.03)
  for ((i = 1; i <= steps; i++)); do
    args+=(mousemove $((ax + (bx - ax) * i / steps)) $((ay + (by - ay) * i / steps)) sleep 0.02)
  done
  args+=(mouseup "$5")
  xdotool "${args[@]}" 2>/dev/null
}
click() { # x y button [repeat]
  trace "rss $(rss_kb) before click $*"
  at "$1" "$2"
  xdotool mousemove "$AX" "$AY" sleep 0.03 click --repeat "${4:-1}" --delay 80 "$3" 2>/dev/null
}

# Keys a teacher presses. Quitting (Esc, Q) and recording (Ctrl+R) are never pressed;
# fullscreen, screenshots and saves (which write files) are rationed.
keys=(space space Right n r plus minus bracketleft bracketright 1 2 3 4 h h F5 F5 ctrl+e p p shift+p u
      comma period d Tab Tab Left Left shift+Left b g i i)
action() {
  local x y w h x2 y2 n
  rnd 100
  if [ "$R" -lt 30 ]; then
    rnd ${#keys[@]}
    key "${keys[$R]}"
  elif [ "$R" -lt 31 ]; then
    if [ $n_full -lt 4 ]; then key f; n_full=$((n_full + 1)); sleep 0.3; geometry; fi
  elif [ "$R" -lt 32 ]; then
    if [ $n_shots -lt 3 ]; then key s; n_shots=$((n_shots + 1)); fi
  elif [ "$R" -lt 33 ]; then
    if [ $n_saves -lt 3 ]; then key ctrl+s; n_saves=$((n_saves + 1)); fi
  elif [ "$R" -lt 58 ]; then # a slider, from one place on its track to another
    rnd ${#sliders[@]}
    read -r x y w h <<<"${sliders[$R]}"
    y=$((y + h / 2))
    rnd "$w"; n=$((x + R))
    rnd "$w"; x2=$((x + R))
    forbidden "$n" "$y" && return
    rnd 10
    drag "$n" "$y" "$x2" "$y" 1 $((3 + R))
    count[slider]=$((${count[slider]:-0} + 1))
  elif [ "$R" -lt 68 ]; then # buttons, toggles, choosers (a chooser's list closes at the next click)
    rnd ${#controls[@]}
    point_in "${controls[$R]}"
    forbidden "$PX" "$PY" && return
    click "$PX" "$PY" 1
    count[control]=$((${count[control]:-0} + 1))
  elif [ "$R" -lt 76 ]; then # a token of the input plane, dragged a little
    theta
    world in "$(awk -v t="$THETA" 'BEGIN { print cos(t) }')" "$(awk -v t="$THETA" 'BEGIN { print sin(t) }')"
    rnd 60; x2=$((PX + R - 30))
    rnd 60; y2=$((PY + R - 30))
    drag "$PX" "$PY" "$x2" "$y2" 1 5
    count[token]=$((${count[token]:-0} + 1))
  elif [ "$R" -lt 80 ]; then # a target of the output plane, dragged a little
    theta
    world out "$THETA" "$(awk -v t="$THETA" 'BEGIN { print t * t }')"
    rnd 60; x2=$((PX + R - 30))
    rnd 60; y2=$((PY + R - 30))
    drag "$PX" "$PY" "$x2" "$y2" 1 5
    count[token]=$((${count[token]:-0} + 1))
  elif [ "$R" -lt 86 ]; then # in a plane: click, double-click (resets the view)
    rnd 2
    if [ "$R" = 0 ]; then point_in "$IN_X $IN_Y $IN_W $IN_H"; else point_in "$OUT_X $OUT_Y $OUT_W $OUT_H"; fi
    rnd 2
    click "$PX" "$PY" 1 $((1 + R))
    count[click]=$((${count[click]:-0} + 1))
  elif [ "$R" -lt 89 ]; then # the scrub bar: click or drag along the loss plot (rewinds, exactly)
    point_in "$LOSS_X $LOSS_Y $LOSS_W $LOSS_H"
    rnd "$LOSS_W"; x2=$((LOSS_X + R))
    rnd 3
    drag "$PX" "$PY" "$x2" "$PY" 1 $((1 + 4 * R))
    count[scrub]=$((${count[scrub]:-0} + 1))
  elif [ "$R" -lt 92 ]; then # pan a plane
    rnd 2
    if [ "$R" = 0 ]; then point_in "$IN_X $IN_Y $IN_W $IN_H"; else point_in "$OUT_X $OUT_Y $OUT_W $OUT_H"; fi
    rnd 80; x2=$((PX + R - 40))
    rnd 80; y2=$((PY + R - 40))
    drag "$PX" "$PY" "$x2" "$y2" 3 4
    count[pan]=$((${count[pan]:-0} + 1))
  elif [ "$R" -lt 97 ]; then # zoom a plane
    rnd 2
    if [ "$R" = 0 ]; then point_in "$IN_X $IN_Y $IN_W $IN_H"; else point_in "$OUT_X $OUT_Y $OUT_W $OUT_H"; fi
    at "$PX" "$PY"
    rnd 3; n=$((1 + R))
    rnd 2
    trace "wheel $PX $PY $((4 + R)) x$n"
    xdotool mousemove "$AX" "$AY" click --repeat "$n" --delay 30 $((4 + R)) 2>/dev/null
    count[wheel]=$((${count[wheel]:-0} + 1))
  else # hover or click the bars
    point_in "$BARS_X $BARS_Y $BARS_W $BARS_H"
    rnd 2
    if [ "$R" = 0 ]; then
      at "$PX" "$PY"
      trace "hover $PX $PY"
      xdotool mousemove "$AX" "$AY" 2>/dev/null
    else
      click "$PX" "$PY" 1
    fi
    count[bars]=$((${count[bars]:-0} + 1))
  fi
  count[all]=$((${count[all]:-0} + 1))
}

# The warm-up first takes the app through its extremes once: largest task and network, every
# chooser, presenter mode, help, the plane views. Caches and buffers that grow to a high-water mark
# get there now, so that what grows after the warm-up is a leak rather than a first use.
warm_up() {
  local r x y w h
  for r in "${sliders[@]:0:4}"; do # the train tab's sliders to the top of their range
    read -r x y w h <<<"$r"
    drag $((x + w / 2)) $((y + h / 2)) $((x + w + 20)) $((y + h / 2)) 1 6
  done
  key space; sleep 2; key space # train the largest network for a while
  # its thin w̄ arrows at the deepest zoom, far from the origin (they start 10^7 px off screen)
  at $((IN_X + 3)) $((IN_Y + 3))
  trace "wheel $((IN_X + 3)) $((IN_Y + 3)) 4 x50"
  xdotool mousemove "$AX" "$AY" click --repeat 50 --delay 20 4 2>/dev/null
  sleep 1
  click $((IN_X + 3)) $((IN_Y + 3)) 1 2 # double-click: the view back
  for r in "${controls[@]}"; do # every control of the train tab and the lecture tab, twice
    point_in "$r"
    forbidden "$PX" "$PY" && continue
    click "$PX" "$PY" 1
    sleep 0.1
    click "$PX" "$PY" 1
  done
  for x in "${keys[@]}" p p p s ctrl+s; do key "$x"; done # every key once (screenshot and save too)
  # the biggest pictures: fullscreen, with the help and in presenter mode, each with a screenshot
  key f; sleep 0.5; geometry
  for x in h s h F5 h s h F5; do key "$x"; sleep 0.2; done
  key f; sleep 0.5; geometry
  n_shots=3 n_saves=1 n_full=2
  drag $((IN_X + IN_W / 2)) $((IN_Y + IN_H / 2)) $((IN_X + IN_W / 2 + 40)) $((IN_Y + IN_H / 2 + 30)) 3 4
  at $((IN_X + IN_W / 2)) $((IN_Y + IN_H / 2))
  xdotool mousemove "$AX" "$AY" click --repeat 3 --delay 30 4 2>/dev/null
  click $((IN_X + IN_W / 2)) $((IN_Y + IN_H / 2)) 1 2 # double-click: the view back
  for r in "${sliders[@]:0:4}"; do # to the bottom, then the middle
    read -r x y w h <<<"$r"
    drag $((x + w + 20)) $((y + h / 2)) $((x - 20)) $((y + h / 2)) 1 6
    drag $((x - 20)) $((y + h / 2)) $((x + w / 2)) $((y + h / 2)) 1 4
  done
  key space
}
warm_up
warm_done=$((($(now_ms) - t_start) / 1000))
[ "$warmup" -lt "$warm_done" ] && warmup=$warm_done

stats_lines() { grep -c '^steps/s' "$work/app.out" 2>/dev/null; }
samples=() # "elapsed_s rss_kb stats_line"
jumps=()   # "elapsed_s rss_kb_before rss_kb_after" of each jump of at least jump_mb between samples
jump_mb=${SOAK_JUMP_MB:-8}
last_lines=0
last_progress=$(now_ms)
next_sample=0
deadline=$((t_start + secs * 1000))
while :; do
  t=$(now_ms)
  [ "$t" -ge "$deadline" ] && break
  if ! alive; then
    reap
    fail "the app ended after $(((t - t_start) / 1000)) s: $(describe_status "$app_status")"
    break
  fi
  if [ "$t" -ge "$next_sample" ]; then
    next_sample=$((t + 3000))
    el=$(((t - t_start) / 1000))
    kb=$(rss_kb)
    samples+=("$el ${kb:-0} $(grep '^steps/s' "$work/app.out" | tail -n 1)")
    # Where a jump of resident memory landed: the mappings before and after it.
    if [ -n "${prev_kb:-}" ] && [ $((${kb:-0} - prev_kb)) -ge $((jump_mb * 1024)) ] && [ -f "$work/smaps.prev" ]; then
      mv "$work/smaps.prev" "$work/smaps-$el-before"
      cp "/proc/$app_pid/smaps" "$work/smaps-$el-after" 2>/dev/null
      jumps+=("$el $prev_kb ${kb:-0}")
    fi
    cp "/proc/$app_pid/smaps" "$work/smaps.prev" 2>/dev/null
    prev_kb=${kb:-0}
    n=$(stats_lines)
    if [ "${n:-0}" -gt "$last_lines" ]; then
      last_lines=$n
      last_progress=$t
    elif [ $((t - last_progress)) -gt $((stall * 1000)) ]; then
      fail "not responding: no --stats line for $(((t - last_progress) / 1000)) s"
      break
    fi
    if ! xwininfo -id "$wid" >/dev/null 2>&1; then
      fail "the window disappeared"
      break
    fi
    used=$(du -sm "$work" | cut -f1)
    if [ "$used" -gt "$disk_mb" ]; then
      fail "the app wrote ${used} MB into its working directory"
      break
    fi
    geometry >/dev/null
  fi
  action
done

# ---- the end: the app must quit cleanly on SIGTERM (SDL turns it into a quit event) ----
end_kb=""
peak_kb=""
if [ ${#failures[@]} -eq 0 ]; then
  end_kb=$(rss_kb)
  peak_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$app_pid/status" 2>/dev/null)
  samples+=("$((($(now_ms) - t_start) / 1000)) ${end_kb:-0} $(grep '^steps/s' "$work/app.out" | tail -n 1)")
  kill -TERM "$app_pid" 2>/dev/null
  for _ in $(seq 100); do alive || break; sleep 0.1; done
  if alive; then
    fail "did not quit within 10 s of SIGTERM"
  else
    reap
    [ "$app_status" -eq 0 ] || fail "quit with $(describe_status "$app_status")"
  fi
fi
if grep -q -E 'ERROR: (Address|Leak|Thread)Sanitizer|runtime error:|WARNING: ThreadSanitizer' "$work/app.err"; then
  fail "a sanitizer reported (see $work/app.err)"
fi

# ---- report ----
echo "soak: $(basename "$exe") for ${secs} s on Xvfb $DISPLAY, seed $seed, ${count[all]:-0} actions" \
  "(keys ${count[key]:-0}, slider drags ${count[slider]:-0}, control clicks ${count[control]:-0}, scrubs ${count[scrub]:-0}," \
  "token drags ${count[token]:-0}, plane clicks ${count[click]:-0}, pans ${count[pan]:-0}," \
  "wheels ${count[wheel]:-0}, bars ${count[bars]:-0})"
printf '  %7s %9s %10s %6s %8s %8s %12s\n' time_s rss_MiB steps/s fps p50_ms p99_ms step
n=${#samples[@]}
stride=$(((n + 19) / 20))
[ "$stride" -lt 1 ] && stride=1
for ((i = 0; i < n; i++)); do
  ((i % stride == 0 || i == n - 1)) || continue
  read -r el kb _ sps _ fps _ _ p50 _ _ p99 _ _ step _ <<<"${samples[$i]}"
  printf '  %7s %9s %10s %6s %8s %8s %12s\n' "$el" "$(mib "$kb")" "${sps:--}" "${fps:--}" "${p50:--}" \
    "${p99:--}" "${step:--}"
done
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }
n_stats=$(stats_lines)
if [ "${n_stats:-0}" -gt 0 ]; then
  printf 'frame time over %s stats lines: p50 %s ms (median), p99 %s ms (median), %s ms (worst)\n' "$n_stats" \
    "$(awk '/^steps\/s/ { print $7 }' "$work/app.out" | median)" \
    "$(awk '/^steps\/s/ { print $10 }' "$work/app.out" | median)" \
    "$(awk '/^steps\/s/ { print $10 }' "$work/app.out" | sort -g | tail -n 1)"
  n_gb=$(grep -c 'give-back' "$work/app.out")
  if [ "$n_gb" -gt 0 ]; then
    printf 'freed heap pages given back %s times: %s ms (median), %s ms (worst)\n' "$n_gb" \
      "$(sed -n 's/.*give-back \([0-9.]*\) ms.*/\1/p' "$work/app.out" | median)" \
      "$(sed -n 's/.*give-back \([0-9.]*\) ms.*/\1/p' "$work/app.out" | sort -g | tail -n 1)"
  fi
else
  fail "the app printed no --stats line"
fi
# smaps_growth BEFORE AFTER: the mappings whose resident size grew most, "KiB start name"
smaps_growth() {
  awk '/^[0-9a-f]+-[0-9a-f]+ / { split($1, r, "-"); key = r[1] " " ($6 == "" ? "[anon]" : $6); next }
       /^Rss:/ { if (FNR == NR) before[key] = $2; else after[key] = $2 }
       END { for (k in after) if (after[k] - before[k] >= 1024) printf "%d %s\n", after[k] - before[k], k }' \
    "$1" "$2" | sort -rn | head -n 5
}
# Resident memory saws up and down: the app hands freed heap pages back every few seconds, and
# in between, labels and driver buffers come and go. The floor of a stretch (its lowest value) is
# what stays allocated, and a leak raises it. The check compares the floors of the first and the
# last quarter after the warm-up, from the RSS read before every action.
# window T0 T1 (ms): "floor_kb mean_kb count" of the RSS readings in [T0, T1)
window() {
  awk -v t0="$1" -v t1="$2" '$2 == "rss" && $3 ~ /^[0-9]+$/ && $1 >= t0 && $1 < t1 {
      if (!n || $3 < lo) lo = $3; sum += $3; n++ }
    END { if (n) printf "%d %d %d\n", lo, sum / n, n; else print "0 0 0" }' "$work/actions.log"
}
quarter_ms=$(((secs - warmup) * 1000 / 4))
read -r floor_a mean_a n_a < <(window $((warmup * 1000)) $((warmup * 1000 + quarter_ms)))
read -r floor_b mean_b n_b < <(window $((secs * 1000 - quarter_ms)) $((secs * 1000 + 1)))
if [ -n "$end_kb" ] && [ "$n_a" -gt 0 ] && [ "$n_b" -gt 0 ]; then
  growth_kb=$((floor_b - floor_a))
  printf 'memory after the warm-up (%s s), first quarter: floor %s MiB, mean %s MiB; last quarter: floor %s MiB, mean %s MiB\n' \
    "$warmup" "$(mib "$floor_a")" "$(mib "$mean_a")" "$(mib "$floor_b")" "$(mib "$mean_b")"
  printf 'memory: floor %+.1f MiB (allowed %s MiB); %s MiB at the end, peak %s MiB\n' \
    "$(mib "$growth_kb")" "$margin_mb" "$(mib "$end_kb")" "$(mib "$peak_kb")"
  [ "${peak_kb:-0}" -le $((peak_mb * 1024)) ] ||
    fail "resident memory peaked at $((peak_kb / 1024)) MiB (allowed $peak_mb MiB)"
  if [ "$growth_kb" -gt $((margin_mb * 1024)) ]; then
    fail "the floor of resident memory rose by $((growth_kb / 1024)) MiB (allowed $margin_mb MiB)"
    # where it went: the largest jumps between two samples, with the mappings and actions behind them
    mapfile -t jumps < <(printf '%s\n' "${jumps[@]}" | awk 'NF == 3 { print $3 - $2, $0 }' | sort -rn | head -n 3 | cut -d' ' -f2-)
    for j in "${jumps[@]}"; do
      read -r el b a <<<"$j"
      printf 'jump at %s s: %s -> %s MiB, in these mappings (KiB, start, name):\n' "$el" "$(mib "$b")" "$(mib "$a")"
      smaps_growth "$work/smaps-$el-before" "$work/smaps-$el-after" | sed 's/^/  +/'
      grep -E "^[0-9]+ " "$work/actions.log" | awk -v t=$(((el - 3) * 1000)) -v u=$((el * 1000)) '$1 >= t && $1 <= u' |
        sed 's/^/  action /' | tail -n 12
    done
  fi
elif [ ${#failures[@]} -eq 0 ]; then
  fail "no memory reading in the first or the last quarter after the warm-up"
fi

if [ ${#failures[@]} -eq 0 ]; then
  echo "soak: ok"
  if [ "${SOAK_KEEP:-0}" = 1 ]; then echo "soak: logs kept in $work"; else rm -rf "$work"; fi
  exit 0
fi
for f in "${failures[@]}"; do echo "soak: FAIL: $f"; done
echo "soak: logs in $work; the last lines of the app's stderr:"
tail -n 20 "$work/app.err"
exit 1
