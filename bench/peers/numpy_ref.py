#!/usr/bin/env python3
"""numpy_ref: the step bench/train times (one full-batch gd step: loss, gradient, update; tanh
hidden layer; float64; the lecture's semicircle task), written the usual way with numpy arrays.

Prints a table, and with --out FILE one "n N ns_per_step" line per size for bench/train --numpy.
Times are the CPU time of this thread (as bench/train measures), median of several repetitions.
"""
import argparse
import statistics
import sys
import time

import numpy as np

SIZES = [(9, 5), (64, 16), (256, 64), (1024, 256)]  # n tokens x N hidden units
FLOPS_PER_PAIR = 23.0  # as bench/train counts them (tanh not counted)


def task(n):
    """x_i on the unit semicircle, y_i = (theta_i, theta_i^2), theta over [-pi/2, pi/2]."""
    theta = np.linspace(-np.pi / 2, np.pi / 2, n)
    x = np.stack([np.cos(theta), np.sin(theta)], axis=1)
    y = np.stack([theta, theta * theta], axis=1)
    return x, y


def init(n_hidden, rng):
    """w1 (N, 2) rows w(1)_k, b1 (N), w2 (N, 2) rows w(2)_k, b2 (2), as in nn.h."""
    return [0.5 * rng.standard_normal((n_hidden, 2)), 0.5 * rng.standard_normal(n_hidden),
            0.5 * rng.standard_normal((n_hidden, 2)), 0.5 * rng.standard_normal(2)]


def step(params, x, y, lr):
    """One gd step in place; returns the loss L = 1/(2n) sum ||yhat - y||^2 before it."""
    w1, b1, w2, b2 = params
    n = x.shape[0]
    h = np.tanh(x @ w1.T + b1)          # (n, N)
    err = h @ w2 + b2 - y               # (n, 2)
    loss = float(np.sum(err * err)) / (2 * n)
    eps = err / n                       # dL/dyhat
    delta = (eps @ w2.T) * (1.0 - h * h)  # (n, N)
    w2 -= lr * (h.T @ eps)
    b2 -= lr * eps.sum(axis=0)
    w1 -= lr * (delta.T @ x)
    b1 -= lr * delta.sum(axis=0)
    return loss


def time_size(n, n_hidden, min_time, reps):
    x, y = task(n)
    start = init(n_hidden, np.random.default_rng(1))
    steps = 1
    while True:  # calibrate: one repetition lasts at least min_time
        params = [a.copy() for a in start]
        t0 = time.thread_time_ns()
        for _ in range(steps):
            step(params, x, y, 1e-3)
        if time.thread_time_ns() - t0 >= 0.5 * min_time * 1e9:
            break
        steps *= 2
    steps *= 2
    per = []
    for _ in range(reps):
        params = [a.copy() for a in start]
        t0 = time.thread_time_ns()
        for _ in range(steps):
            step(params, x, y, 1e-3)
        per.append((time.thread_time_ns() - t0) / steps)
    return statistics.median(per)


def blas_name():
    """The BLAS library numpy has loaded (Debian switches libblas.so.3 by alternatives)."""
    try:
        with open("/proc/self/maps", encoding="ascii", errors="replace") as maps:
            libs = {line.split("/")[-1].strip() for line in maps if "blas" in line.split("/")[-1]}
        return ", ".join(sorted(libs)) or "none loaded"
    except OSError:
        return "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min-time", type=float, default=0.2, help="seconds per repetition (default 0.2)")
    ap.add_argument("--reps", type=int, default=7, help="repetitions, the median is kept (default 7)")
    ap.add_argument("--out", help='write "n N ns_per_step" lines here')
    args = ap.parse_args()
    if not (0.001 <= args.min_time <= 60) or not (1 <= args.reps <= 31):
        ap.error("--min-time must be in [0.001, 60] and --reps in [1, 31]")

    rows = [(n, nh, time_size(n, nh, args.min_time, args.reps)) for n, nh in SIZES]
    print(f"numpy {np.__version__} (BLAS: {blas_name()}), float64, one thread")
    print("| n×N       | steps/s      | ns/pair  | GFLOP/s |")
    print("|-----------|--------------|----------|---------|")
    for n, nh, ns in rows:
        print(f"| {f'{n}×{nh}':<9} | {1e9 / ns:12.0f} | {ns / (n * nh):8.3f} | {FLOPS_PER_PAIR * n * nh / ns:7.2f} |")
    if args.out:
        with open(args.out, "w", encoding="ascii") as f:
            for n, nh, ns in rows:
                f.write(f"{n} {nh} {ns:.1f}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
