/* fastmath: tanh and the logistic function, branch- and table-free so that loops calling them vectorise.
 * Any thread (pure). The includer sets NN_FASTMATH_FMA to 1 when the target has fused multiply-add.
 * Invariants: within 2.5 ulp of the true value over all doubles; NaN in, NaN out; ±0, ±inf give the right limits. */
#ifndef NN_KERNEL_FASTMATH_H
#define NN_KERNEL_FASTMATH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Inlined into every loop that calls them, or the loop cannot vectorise. */
#if defined(__GNUC__)
#define NN_FM_INLINE static inline __attribute__((always_inline))
#else
#define NN_FM_INLINE static inline
#endif

#if defined(NN_FASTMATH_FMA) && NN_FASTMATH_FMA
#define NN_FM_FMA(a, b, c) fma((a), (b), (c))
#else
#define NN_FM_FMA(a, b, c) ((a) * (b) + (c))
#endif

/* Adding 1.5·2^52 rounds a double below 2^51 to an integer held in the low mantissa bits. */
#define NN_FM_SHIFT 0x1.8p52
#define NN_FM_SHIFT_BITS UINT64_C(0x4338000000000000)
#define NN_FM_INV_L 0x1.71547652b82fep+1 /* 2/ln 2 */
/* ln(2)/2 = L_HI + L_LO, L_HI cut to 40 bits so that k·L_HI is exact for |k| < 2^13 without fma. */
#define NN_FM_L_HI 0x1.62e42fefa2000p-2
#define NN_FM_L_LO 0x1.9ef35793c7673p-42

NN_FM_INLINE uint64_t nn_fm_bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

NN_FM_INLINE double nn_fm_from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* 2^(bias - k) where kshift = NN_FM_SHIFT + k, k an integer with bias - k in [-1022, 1023]. */
NN_FM_INLINE double nn_fm_pow2_minus(double kshift, uint64_t bias)
{
    return nn_fm_from_bits((NN_FM_SHIFT_BITS + 1023u + bias - nn_fm_bits(kshift)) << 52);
}

/* tanh r for |r| <= 1.003 ln(2)/4: r + r^3 P(r^2), P the minimax polynomial for the relative
 * error of the result (4.5e-18; fit_tanh.py derives every constant here). */
NN_FM_INLINE double nn_fm_tanh_reduced(double r)
{
    double s = r * r;
    double p = NN_FM_FMA(s, 0x1.c3699a7918f4dp-9, -0x1.223bec01885a4p-7);
    p = NN_FM_FMA(p, s, 0x1.664ec7cfe9b47p-6);
    p = NN_FM_FMA(p, s, -0x1.ba1ba1134a6c1p-5);
    p = NN_FM_FMA(p, s, 0x1.11111110df511p-3);
    p = NN_FM_FMA(p, s, -0x1.55555555554b7p-2);
    return NN_FM_FMA(r * s, p, r);
}

/* With |x| = k ln(2)/2 + r and t = tanh r: e^(2|x|) = 2^k (1+t)/(1-t), so for q = 2^-k
 *   tanh |x| = (t(1+q) - (q-1)) / ((1+q) - t(q-1)),
 * which is t itself for k = 0 (no cancellation near 0) and needs one division. */
NN_FM_INLINE double nn_fast_tanh(double x)
{
    /* Past 20, tanh rounds to 1; clamping keeps 2^-k a normal number. NaN fails the test and
     * passes through (one clamp on |x| vectorises to a compare and a blend). */
    double a = fabs(x);
    a = a > 20.0 ? 20.0 : a;
    double kshift = NN_FM_FMA(a, NN_FM_INV_L, NN_FM_SHIFT);
    double k = kshift - NN_FM_SHIFT;
    double r = NN_FM_FMA(-k, NN_FM_L_HI, a);
    r = NN_FM_FMA(-k, NN_FM_L_LO, r);
    double t = nn_fm_tanh_reduced(r);
    double q = nn_fm_pow2_minus(kshift, 0);
    double qp = 1.0 + q, qm = q - 1.0; /* exact while k <= 52 */
    /* tanh is odd; copying the sign also gives tanh(-0) = -0. */
    return copysign(NN_FM_FMA(t, qp, -qm) / NN_FM_FMA(-t, qm, qp), x);
}

/* With a = |x|, a/2 = m ln(2)/2 + r and t = tanh r: e^-a = q (1-t)/(1+t), q = 2^-m, so with
 *   w = e^-a/(1+e^-a) = q(1-t) / ((1+t) + q(1-t)):   σ(x) = 1 - w for x >= 0,  σ(x) = w for x < 0.
 * For x >= 0, w <= 1/2 and its few roundings are damped in 1 - w. The numerator is formed with
 * 2^600 q and w scaled back after the division, so results down in the subnormal range round
 * once, and no select precedes the division (GCC would duplicate it into both arms). */
NN_FM_INLINE double nn_fast_logistic(double x)
{
    double a = fabs(x);
    a = a > 746.0 ? 746.0 : a; /* e^-746 rounds to 0; NaN passes through */
    double z = 0.5 * a;
    double mshift = NN_FM_FMA(z, NN_FM_INV_L, NN_FM_SHIFT);
    double m = mshift - NN_FM_SHIFT;
    double r = NN_FM_FMA(-m, NN_FM_L_HI, z);
    r = NN_FM_FMA(-m, NN_FM_L_LO, r);
    double t = nn_fm_tanh_reduced(r);
    /* Past m = 60, q(1-t) < 2^-59 is lost beside 1+t anyway; capping m keeps q a normal number. */
    double mden = mshift > NN_FM_SHIFT + 60.0 ? NN_FM_SHIFT + 60.0 : mshift;
    double q = nn_fm_pow2_minus(mden, 0);
    double qs = nn_fm_pow2_minus(mshift, 600); /* 2^(600-m), normal for every m <= 1076 */
    double w = NN_FM_FMA(-qs, t, qs) / NN_FM_FMA(t, 1.0 - q, 1.0 + q) * 0x1p-600;
    return x >= 0.0 ? 1.0 - w : w;
}

/* Derivatives from the value, as the kernel's backward pass uses them. */
NN_FM_INLINE double nn_fast_dtanh(double h)
{
#if defined(NN_FASTMATH_FMA) && NN_FASTMATH_FMA
    return fma(-h, h, 1.0); /* one rounding: as exact as (1-h)(1+h) near |h| = 1 */
#else
    return (1.0 - h) * (1.0 + h);
#endif
}

NN_FM_INLINE double nn_fast_dlogistic(double h)
{
#if defined(NN_FASTMATH_FMA) && NN_FASTMATH_FMA
    return fma(-h, h, h);
#else
    return h * (1.0 - h);
#endif
}

#endif
