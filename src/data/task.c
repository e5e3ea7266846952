/* task: the semicircle -> parabola data set: n tokens x_i = r_i (cos θ_i, sin θ_i), y_i = (θ_i, θ_i²).
 * Any thread, on a task it owns; data_task_build allocates nothing (arrays sized DATA_MAX_TOKENS).
 * Invariants: 2 <= n <= DATA_MAX_TOKENS; x, y, theta hold n valid rows after data_task_build. */
#include "data/task.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>

#include "nn/rng.h"

data_spec data_spec_default(void)
{
    data_spec s = {
        .n = 9,
        .theta_min = -M_PI / 2,
        .theta_max = M_PI / 2,
        .radius_jitter = 0.0,
        .noise = 0.0,
        .seed = 1,
    };
    return s;
}

static int in_range(double v, double lo, double hi) { return isfinite(v) && v >= lo && v <= hi; }

int data_spec_check(const data_spec *s, char *msg, int msglen)
{
    if (s->n < DATA_MIN_TOKENS || s->n > DATA_MAX_TOKENS) {
        snprintf(msg, (size_t)msglen, "tokens = %d is out of range (allowed %d..%d)", s->n, DATA_MIN_TOKENS,
                 DATA_MAX_TOKENS);
        return -1;
    }
    if (!in_range(s->theta_min, -DATA_THETA_LIMIT, DATA_THETA_LIMIT)) {
        snprintf(msg, (size_t)msglen, "theta_min = %g is out of range (allowed -2π..2π, finite)", s->theta_min);
        return -1;
    }
    if (!in_range(s->theta_max, -DATA_THETA_LIMIT, DATA_THETA_LIMIT)) {
        snprintf(msg, (size_t)msglen, "theta_max = %g is out of range (allowed -2π..2π, finite)", s->theta_max);
        return -1;
    }
    if (!(s->theta_min < s->theta_max)) {
        snprintf(msg, (size_t)msglen, "theta_min = %g must be less than theta_max = %g", s->theta_min,
                 s->theta_max);
        return -1;
    }
    if (!in_range(s->radius_jitter, 0.0, DATA_MAX_JITTER)) {
        snprintf(msg, (size_t)msglen, "radius_jitter = %g is out of range (allowed 0..%g)", s->radius_jitter,
                 DATA_MAX_JITTER);
        return -1;
    }
    if (!in_range(s->noise, 0.0, DATA_MAX_NOISE)) {
        snprintf(msg, (size_t)msglen, "noise = %g is out of range (allowed 0..%g)", s->noise, DATA_MAX_NOISE);
        return -1;
    }
    return 0;
}

void data_task_build(data_task *t, const data_spec *s)
{
    char msg[128];
    int ok = data_spec_check(s, msg, (int)sizeof msg) == 0;
    assert(ok);
    (void)ok;

    t->spec = *s;
    data_semicircle_make(s, t->theta, t->x, t->y);
}

void data_semicircle_make(const data_spec *s, double *theta, double *x, double *y)
{
    int n = s->n;
    double span = s->theta_max - s->theta_min;
    nn_rng r;
    nn_rng_seed(&r, s->seed ^ DATA_SEED_STREAM);
    for (int i = 0; i < n; i++) {
        /* (i·Δ)/(n-1) rather than i·(Δ/(n-1)) or a lerp: for the defaults Δ = π and n-1 = 8, so this
         * is -π/2 + iπ/8 to the last bit, the lecture's tokens exactly. */
        double th = i == n - 1 ? s->theta_max : s->theta_min + ((double)i * span) / (double)(n - 1);
        double rad = 1.0;
        if (s->radius_jitter > 0.0)
            rad = 1.0 + s->radius_jitter * (2.0 * nn_rng_uniform(&r) - 1.0);
        theta[i] = th;
        x[i * DATA_D + 0] = rad * cos(th);
        x[i * DATA_D + 1] = rad * sin(th);
        y[i * DATA_K + 0] = th;
        y[i * DATA_K + 1] = th * th;
        if (s->noise > 0.0) {
            y[i * DATA_K + 0] += s->noise * nn_rng_normal(&r);
            y[i * DATA_K + 1] += s->noise * nn_rng_normal(&r);
        }
    }
}
