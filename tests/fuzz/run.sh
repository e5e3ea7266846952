#!/usr/bin/env bash
# run.sh BUILD_DIR SECONDS: builds the libFuzzer targets (clang, ASan+UBSan) in BUILD_DIR and runs
# each for SECONDS on a copy of its seed corpus. One line per target; exit 1 on any crash or report.
# Extra libFuzzer flags can be passed in FUZZ_ARGS (e.g. FUZZ_ARGS='-jobs=2 -workers=2').
set -uo pipefail
if [ $# -ne 2 ] || ! [[ $2 =~ ^[0-9]+$ ]] || [ "$2" -lt 1 ]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
dir=$1
secs=$2
targets=(session cli)

# Coverage instrumentation for the whole build (the core library included), not only the targets.
# Instrumented code defeats `#pragma omp simd`; clang's note about it says nothing about this build.
# shellcheck disable=SC2054 # the commas belong to the meson options
opts=(-Dfuzz=true -Dtests=true -Dbench=false -Db_sanitize=address,undefined -Db_lundef=false
      "-Dc_args=['-fsanitize=fuzzer-no-link', '-Wno-pass-failed']")
if [ -f "$dir/build.ninja" ]; then
  # shellcheck disable=SC2016 # $in is ninja's, not the shell's
  if ! grep -q -E '^ command = clang .* -c \$in' "$dir/build.ninja"; then
    echo "fuzz: $dir was configured without clang; remove it or pick another BUILD_DIR" >&2
    exit 1
  fi
  meson configure "$dir" "${opts[@]}" >/dev/null || exit 1
else
  CC=clang meson setup "$dir" "$top" "${opts[@]}" >/dev/null || exit 1
fi
log=$dir/fuzz-build.log
if ! ninja -C "$dir" "${targets[@]/#/tests/fuzz/fuzz_}" >"$log" 2>&1; then
  tail -n 40 "$log"
  echo "fuzz: build failed (log: $log)" >&2
  exit 1
fi
if grep -q 'warning:' "$log"; then
  grep -A4 'warning:' "$log" | head -n 40
  echo "fuzz: the build has warnings" >&2
  exit 1
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# The targets run side by side, one per core: each still gets SECONDS of its own, and the stage
# takes SECONDS instead of SECONDS per target. Their verdicts are read afterwards, in order.
run_one() { # target
  local t=$1 corpus=$dir/fuzz-corpus/$1 art=$dir/fuzz-artifacts/$1 max_len
  rm -f "$dir/fuzz-$t.rc"
  rm -rf "$corpus" "$art"
  mkdir -p "$corpus" "$art"
  cp "$here/corpus/$t/"* "$corpus/"
  case $t in session) max_len=32768 ;; *) max_len=2048 ;; esac
  # shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags
  "$dir/tests/fuzz/fuzz_$t" -max_total_time="$secs" -max_len="$max_len" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -dict="$here/$t.dict" \
    -artifact_prefix="$art/" ${FUZZ_ARGS:-} "$corpus" >"$dir/fuzz-$t.log" 2>&1
  echo $? >"$dir/fuzz-$t.rc"
}
pids=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
done
wait "${pids[@]}"

status=0
for t in "${targets[@]}"; do
  corpus=$dir/fuzz-corpus/$t
  art=$dir/fuzz-artifacts/$t
  out=$dir/fuzz-$t.log
  rc=$(cat "$dir/fuzz-$t.rc" 2>/dev/null || echo 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | awk '{s += $1} END {print s + 0}')
  # with -fork=N the parent prints no final stats: its last "#EXECS: cov: ..." line counts them
  [ "$execs" -gt 0 ] || execs=$(sed -n 's/^#\([0-9]*\):\{0,1\} .*/\1/p' "$out" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$out" | tail -n 1 | tr -dc 0-9)
  if [ "$rc" -eq 0 ] && ! grep -q -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$out"; then
    printf 'fuzz_%-8s ok     %10s execs in %ss, coverage %s, corpus %s files\n' \
      "$t" "$execs" "$secs" "${cov:-?}" "$(find "$corpus" -type f | wc -l)"
  else
    printf 'fuzz_%-8s CRASH  %10s execs (exit %s); inputs kept in %s, log %s\n' "$t" "$execs" "$rc" "$art" "$out"
    grep -m1 -B2 -A25 -E 'ERROR: |runtime error:|deadly signal' "$out" | head -n 40
    status=1
  fi
done
exit $status
