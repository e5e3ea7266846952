/* scene_universal: the lecture's Example #1 as a scene: one output ŷ(x) ≈ f(x) over [−1, 1]², tokens on
 * a G×G grid or at n random points, five targets (a smooth bump, ridge, saddle, product of sines; a disc), and
 * three starts: random, and Nielsen's hand-built tower and bump.
 * Immutable; any thread. Invariants: targets are noise-free f; the tokens' y add seeded noise only. */
#include "data/scene.h"

#include <math.h>
#include <stdio.h>

enum { P_TARGET, P_LAYOUT, P_NOISE };
enum { T_BUMP, T_RIDGE, T_SADDLE, T_SINES, T_DISC };
enum { L_GRID, L_RANDOM };

/* Apart from the weights' stream (the seed itself) and the semicircle's data stream. */
#define UNIVERSAL_SEED_STREAM 0x756e69762d646174u /* "univ-dat" */
#define UNIVERSAL_MAX_NOISE 1.0

static const char *const target_names[] = {"bump", "ridge", "saddle", "sines", "disc", NULL};
static const char *const layout_names[] = {"grid", "random", NULL};

static double target_at(int which, double x0, double x1)
{
    switch (which) {
    case T_BUMP: return exp(-4.0 * (x0 * x0 + x1 * x1));
    case T_RIDGE: return tanh(2.0 * x0 + x1);
    case T_SADDLE: return x0 * x1;
    case T_SINES: return sin(M_PI * x0) * cos(M_PI * x1 / 2.0);
    default: return x0 * x0 + x1 * x1 < 0.25 ? 1.0 : 0.0; /* the disc of radius 1/2 */
    }
}

static void target(const scene_spec *s, const double *x, double *y)
{
    y[0] = target_at((int)s->v[P_TARGET], x[0], x[1]);
}

static int grid_side(int n)
{
    int g = (int)lround(sqrt((double)n));
    return g * g == n ? g : 0;
}

static int check(const scene_spec *s, char *msg, int msglen)
{
    if ((int)s->v[P_LAYOUT] == L_GRID && grid_side(s->n) < 2) {
        snprintf(msg, (size_t)msglen, "tokens = %d: a grid needs G×G tokens, G >= 2 (e.g. 256 = 16×16)", s->n);
        return -1;
    }
    return 0;
}

static void build(const scene_spec *s, scene_task *t)
{
    nn_rng r;
    nn_rng_seed(&r, s->seed ^ UNIVERSAL_SEED_STREAM);
    const int g = grid_side(s->n);
    for (int i = 0; i < s->n; i++) {
        double *x = t->x + 2 * i;
        if ((int)s->v[P_LAYOUT] == L_GRID) {
            /* row-major from the bottom left; both edges of the square are on the grid */
            x[0] = -1.0 + (2.0 * (i % g)) / (g - 1);
            x[1] = -1.0 + (2.0 * (i / g)) / (g - 1);
        } else {
            x[0] = 2.0 * nn_rng_uniform(&r) - 1.0;
            x[1] = 2.0 * nn_rng_uniform(&r) - 1.0;
        }
        target(s, x, t->y + i);
        if (s->v[P_NOISE] > 0.0)
            t->y[i] += s->v[P_NOISE] * nn_rng_normal(&r);
    }
}

/* w̄(1)_k = 2z, b(1)_k = z/2, w(2)_k = z/2, b(2) = 0: planes of every direction, ramps of width about
 * one across the square, small output weights so the first picture is calm. */
static int init_random(nn_net *net, nn_rng *r, const scene_task *t)
{
    (void)t;
    for (int k = 0; k < net->n_hidden; k++) {
        net->w1[2 * k + 0] = 2.0 * nn_rng_normal(r);
        net->w1[2 * k + 1] = 2.0 * nn_rng_normal(r);
        net->b1[k] = 0.5 * nn_rng_normal(r);
    }
    for (int k = 0; k < net->n_hidden; k++)
        net->w2[k] = 0.5 * nn_rng_normal(r);
    net->b2[0] = 0.0;
    return 0;
}

/* The output layer of a construction whose units all share one output weight: w(2)_k = w, b(2) = b with
 * w, b the least-squares fit of w·Σ_k h_k + b to the task's noise-free f over the true error's 64×64 grid
 * (two unknowns, closed form). -1 when Σ h_k does not vary over the grid. */
static int fit_shared_output(nn_net *net, const scene_task *t)
{
    const int g = SCENE_TRUE_ERROR_GRID, N = net->n_hidden;
    double sp = 0, sf = 0, spp = 0, spf = 0;
    for (int i = 0; i < g; i++) {
        for (int j = 0; j < g; j++) {
            const double x0 = -1.0 + (j + 0.5) * (2.0 / g), x1 = -1.0 + (i + 0.5) * (2.0 / g);
            double phi = 0;
            for (int k = 0; k < N; k++)
                phi += nn_act_f(net->act, net->gain, net->b1[k] + net->w1[2 * k] * x0 + net->w1[2 * k + 1] * x1);
            const double f = target_at((int)t->spec.v[P_TARGET], x0, x1);
            sp += phi, sf += f, spp += phi * phi, spf += phi * f;
        }
    }
    const double n = (double)g * g, var = spp - sp * sp / n;
    if (!(var > 1e-12 * n))
        return -1;
    const double w = (spf - sp * sf / n) / var;
    for (int k = 0; k < N; k++)
        net->w2[k] = w;
    net->b2[0] = (sf - w * sp) / n;
    return 0;
}

/* Nielsen's tower: four steep tanh units on two pairs of parallel lines, x0 = ±1/2 and x1 = ±1/2, each
 * facing the square between them, so that Σ h_k is 4 on the square |x0|, |x1| < 1/2, 2 on the four
 * ridges where only one of the pairs is "on", 0 outside; then one shared w(2) and a bias b(2). */
#define TOWER_STEEP 12.0 /* the ramps |e_k| < 1 are 1/6 wide: steep, yet drawn by the 64×64 maps */
#define TOWER_HALF 0.5
static int init_tower(nn_net *net, nn_rng *r, const scene_task *t)
{
    (void)r;
    if (net->n_hidden != 4)
        return -1;
    static const double dir[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    for (int k = 0; k < 4; k++) {
        net->w1[2 * k] = TOWER_STEEP * dir[k][0];
        net->w1[2 * k + 1] = TOWER_STEEP * dir[k][1];
        net->b1[k] = TOWER_STEEP * TOWER_HALF; /* e_k = s (1/2 ± x): 0 on the line, > 0 towards the square */
    }
    return fit_shared_output(net, t);
}

/* Nielsen's bump: K units at equal angles θ_k = 2πk/K around the bump's centre (the origin), unit k
 * "on" inside the line at distance r0 across u_k = (cos θ_k, sin θ_k): e_k = s (r0 − u_k·x). Σ h_k is K
 * near the centre and falls off all around; one shared w(2) and b(2) fit its height and its tail. s and
 * r0 are the values that fit the Gaussian bump best on a grid search (s in steps of 1/4, r0 of 1/10). */
#define BUMP_UNITS 8
#define BUMP_STEEP 4.25
#define BUMP_R0 0.3
static int init_bump(nn_net *net, nn_rng *r, const scene_task *t)
{
    (void)r;
    const int K = net->n_hidden;
    if (K < 3)
        return -1;
    for (int k = 0; k < K; k++) {
        const double th = 2.0 * M_PI * k / K;
        net->w1[2 * k] = -BUMP_STEEP * cos(th);
        net->w1[2 * k + 1] = -BUMP_STEEP * sin(th);
        net->b1[k] = BUMP_STEEP * BUMP_R0;
    }
    return fit_shared_output(net, t);
}

/* A grown unit as the random start draws one: w̄(1) = 2z, b(1) = z/2. */
static void draw_unit(nn_rng *r, double *w1, double *b1)
{
    w1[0] = 2.0 * nn_rng_normal(r);
    w1[1] = 2.0 * nn_rng_normal(r);
    *b1 = 0.5 * nn_rng_normal(r);
}

/* random points and the noise draw from the seed; a grid without noise does not */
static int seeded(const scene_spec *s) { return (int)s->v[P_LAYOUT] == L_RANDOM || s->v[P_NOISE] > 0; }

const scene_desc scene_universal = {
    .name = "universal",
    .title = "universal approximator: \xc5\xb7(x) \xe2\x89\x88 f(x)",
    .d = 2,
    .k = 1,
    .n_default = 256,
    .n_min = 4,
    .n_params = 3,
    .params =
        {
            {.key = "target", .what = "target f", .choices = target_names},
            {.key = "layout", .what = "token layout", .choices = layout_names},
            {.key = "noise", .what = "target noise", .lo = 0.0, .hi = UNIVERSAL_MAX_NOISE},
        },
    .check = check,
    .build = build,
    .n_presets = 3,
    .presets = {{.name = "random-start", .hidden = 6, .act = NN_ACT_TANH, .init = init_random},
                {.name = "tower", .hidden = 4, .act = NN_ACT_TANH, .init = init_tower},
                {.name = "bump", .hidden = BUMP_UNITS, .act = NN_ACT_TANH, .init = init_bump}},
    .target = target,
    .box_lo = -1.0,
    .box_hi = 1.0,
    .mmse = target, /* the noise has mean 0 */
    .draw_unit = draw_unit,
    .seeded = seeded,
};
