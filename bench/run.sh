#!/bin/sh
# bench/run.sh [BUILD_DIR] [-- bench/train options]: builds the benchmarks with -Dbuildtype=release
# (default BUILD_DIR: build-release beside this repository's meson.build) and prints the tables:
# the training kernel on every path this CPU runs, for (D, K) = (2, 2) and (2, 1), the scalar
# oracle and numpy (Debian's python3-numpy) timed in the same run, the trainer's throughput with
# and without a reader, the window's frame time off-screen on SDL's software renderer (no
# display needed), the lecture's extra quantities (λ_max, a loss-landscape slice, the true error,
# Barron's sweep), and going back to a random step of a long run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build="$src/build-release"
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    build=$1
    shift
fi
[ "${1:-}" = "--" ] && shift
python=${PYTHON:-/usr/bin/python3}

if [ -f "$build/build.ninja" ]; then
    meson configure "$build" -Dbuildtype=release >/dev/null
else
    meson setup "$build" "$src" -Dbuildtype=release >/dev/null
fi
ninja -C "$build" bench/train bench/trainer bench/render bench/lesson bench/history >/dev/null

# One core per figure: no BLAS or OpenMP threads in the peer either.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
peer=$(mktemp)
trap 'rm -f "$peer"' EXIT INT TERM
if "$python" -c 'import numpy' 2>/dev/null; then
    peer_line=$("$python" "$here/peers/numpy_ref.py" --out "$peer" | sed -n 1p)
    "$build/bench/train" --numpy "$peer" "$@"
    echo
    echo "numpy rows: $peer_line."
else
    echo "($python has no numpy: install python3-numpy for the numpy column)"
    "$build/bench/train" "$@"
fi
echo
"$build/bench/trainer"
echo
"$build/bench/render"
echo
"$build/bench/lesson"
echo
"$build/bench/history" 9 5 1000000 50 gd 64
"$build/bench/history" 256 64 1000000 20 adam 64
