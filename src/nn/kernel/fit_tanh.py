#!/usr/bin/env python3
"""fit_tanh: derives the constants of fastmath.h (standard library only, exact or 50-digit arithmetic).

tanh r = r + r^3 P(r^2) on |r| <= 1.003 ln(2)/4 (the reduced range, with room for the rounding
of k): P is the minimax polynomial (Remez exchange) for the relative error of the result, whose
weight in s = r^2 is s / (1 + s f(s)) with f(s) = (tanh r - r) / r^3. Also prints ln(2)/2 split
for the Cody-Waite reduction and 2/ln(2). Run: python3 fit_tanh.py [coefficients, default 6]
"""
import math
import sys
from decimal import Decimal, ROUND_FLOOR, getcontext
from fractions import Fraction

getcontext().prec = 50


def bernoulli(nmax):
    b = [Fraction(0)] * (nmax + 1)
    b[0] = Fraction(1)
    for m in range(1, nmax + 1):
        b[m] = -sum(math.comb(m + 1, k) * b[k] for k in range(m)) / Fraction(m + 1)
    return b


def tanh_series(terms):
    """Coefficients a_n of tanh r = sum a_n r^(2n-1), n >= 1, exactly."""
    b = bernoulli(2 * terms + 2)
    return [Fraction(2 ** (2 * n) * (2 ** (2 * n) - 1)) * b[2 * n] / math.factorial(2 * n)
            for n in range(1, terms + 1)]


COEF = [Decimal(c.numerator) / Decimal(c.denominator) for c in tanh_series(40)]


def f(s):
    """(tanh r - r) / r^3 as a function of s = r^2 (the series converges fast for s < 0.04)."""
    acc, p = Decimal(0), Decimal(1)
    for c in COEF[1:]:
        acc += c * p
        p *= s
    return acc


def weight(s):
    return s / (1 + s * f(s))


def solve(a, b):
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b)]
    for i in range(n):
        piv = max(range(i, n), key=lambda r: abs(m[r][i]))
        m[i], m[piv] = m[piv], m[i]
        for r in range(i + 1, n):
            fac = m[r][i] / m[i][i]
            for c in range(i, n + 1):
                m[r][c] -= fac * m[i][c]
    x = [Decimal(0)] * n
    for i in reversed(range(n)):
        x[i] = (m[i][n] - sum(m[i][c] * x[c] for c in range(i + 1, n))) / m[i][i]
    return x


def horner(c, s):
    p = Decimal(0)
    for cj in reversed(c):
        p = p * s + cj
    return p


def remez(ncoef, smax, grid_points=3000, iterations=12):
    grid = [smax * Decimal(i) / grid_points for i in range(1, grid_points + 1)]
    fg = [f(s) for s in grid]
    wg = [weight(s) for s in grid]
    pts = [smax * (1 - Decimal(math.cos(math.pi * (i + 0.5) / (ncoef + 1)))) / 2 for i in range(ncoef + 1)]
    c = []
    for _ in range(iterations):
        rows = [[s ** j for j in range(ncoef)] + [Decimal((-1) ** i) / weight(s)] for i, s in enumerate(pts)]
        c = solve(rows, [f(s) for s in pts])[:ncoef]
        err = [(horner(c, s) - fs) * w for s, fs, w in zip(grid, fg, wg)]
        # alternating local extrema of the weighted error
        ext = [i for i in range(len(grid))
               if (i == 0 or abs(err[i]) >= abs(err[i - 1])) and (i + 1 == len(grid) or abs(err[i]) >= abs(err[i + 1]))]
        alt = []
        for i in ext:
            if alt and (err[alt[-1]] > 0) == (err[i] > 0):
                if abs(err[i]) > abs(err[alt[-1]]):
                    alt[-1] = i
            else:
                alt.append(i)
        while len(alt) > ncoef + 1:
            alt.pop(0 if abs(err[alt[0]]) < abs(err[alt[-1]]) else -1)
        if len(alt) == ncoef + 1:
            pts = [grid[i] for i in alt]
    rounded = [Decimal(float(cj)) for cj in c]
    worst = max(abs((horner(rounded, s) - fs) * w) for s, fs, w in zip(grid, fg, wg))
    return c, worst


def main():
    ncoef = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    half_ln2 = Decimal(2).ln() / 2
    smax = (half_ln2 / 2 * Decimal("1.003")) ** 2
    c, worst = remez(ncoef, smax)
    print(f"P(s), s = r^2, |r| <= {float(smax.sqrt()):.6f}, highest degree first:")
    for cj in reversed(c):
        print(f"  {float(cj).hex()}  ({float(cj)!r})")
    print(f"max relative error of r + r^3 P(r^2) with double coefficients: {float(worst):.3g}")
    hi = (half_ln2 * 2 ** 41).to_integral_value(rounding=ROUND_FLOOR) / Decimal(2 ** 41)
    print(f"ln(2)/2 = L_HI + L_LO: L_HI = {float(hi).hex()} (40 bits), L_LO = {float(half_ln2 - hi).hex()}")
    print(f"2/ln(2) = {float(1 / half_ln2).hex()}")


if __name__ == "__main__":
    main()
