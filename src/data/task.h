/* task: the semicircle -> parabola data set: n tokens x_i = r_i (cos θ_i, sin θ_i), y_i = (θ_i, θ_i²).
 * Any thread, on a task it owns; data_task_build allocates nothing (arrays sized DATA_MAX_TOKENS).
 * Invariants: 2 <= n <= DATA_MAX_TOKENS; x, y, theta hold n valid rows after data_task_build. */
#ifndef DATA_TASK_H
#define DATA_TASK_H

#include <stdint.h>

#define DATA_MAX_TOKENS 4096
#define DATA_MIN_TOKENS 2
#define DATA_THETA_LIMIT 6.283185307179586 /* 2π: |θ_min|, |θ_max| <= 2π */
#define DATA_MAX_JITTER 0.9
#define DATA_MAX_NOISE 10.0
/* Jitter and noise draw from nn_rng_seed(seed ^ DATA_SEED_STREAM), a stream apart from the
 * weight initialisation, which seeds with the seed itself. */
#define DATA_SEED_STREAM 0x7461736b2d646174u /* "task-dat" */
#define DATA_D 2
#define DATA_K 2

typedef struct {
    int n;
    double theta_min, theta_max;
    double radius_jitter; /* a: r_i uniform in [1-a, 1+a] */
    double noise;         /* std. dev. of Gaussian noise added to each target coordinate */
    uint64_t seed;        /* for jitter and noise only */
} data_spec;

typedef struct {
    data_spec spec;
    double theta[DATA_MAX_TOKENS];      /* (n) */
    double x[DATA_MAX_TOKENS * DATA_D]; /* (n, D) */
    double y[DATA_MAX_TOKENS * DATA_K]; /* (n, K) */
} data_task;

/* The lecture's figure: 9 tokens over [-π/2, π/2], no jitter, no noise, seed 1. */
data_spec data_spec_default(void);
/* 0 ok; -1 with msg filled when the spec is out of range (names the field). */
int data_spec_check(const data_spec *s, char *msg, int msglen);
/* Fills theta, x, y from the spec (spec must pass data_spec_check). θ_i = θ_min + iΔ/(n-1) with
 * Δ = θ_max - θ_min (θ_{n-1} = θ_max exactly); per token, r_i = 1 + a(2u - 1) when a > 0, then
 * two normals for the target noise when noise > 0. */
void data_task_build(data_task *t, const data_spec *s);
/* The same tokens into plain arrays: theta (n), x (n, 2), y (n, 2); s must pass data_spec_check.
 * The one place the semicircle's tokens are made (data_task_build and the scene call it). */
void data_semicircle_make(const data_spec *s, double *theta, double *x, double *y);

#endif
