/* scene_semicircle: the lecture's Example #2 as a scene: tokens on the unit semicircle, targets on the
 * parabola, the random start and the hand-built step solution. Immutable; any thread.
 * Invariants: builds exactly task.h's tokens and preset.h's weights (one code path for each). */
#include "data/scene.h"

#include <math.h>
#include <stdio.h>

#include "data/preset.h"

enum { P_THETA_MIN, P_THETA_MAX, P_JITTER, P_NOISE };

static data_spec to_data_spec(const scene_spec *s)
{
    data_spec d = {
        .n = s->n,
        .theta_min = s->v[P_THETA_MIN],
        .theta_max = s->v[P_THETA_MAX],
        .radius_jitter = s->v[P_JITTER],
        .noise = s->v[P_NOISE],
        .seed = s->seed,
    };
    return d;
}

static int check(const scene_spec *s, char *msg, int msglen)
{
    data_spec d = to_data_spec(s);
    return data_spec_check(&d, msg, msglen);
}

static void build(const scene_spec *s, scene_task *t)
{
    data_spec d = to_data_spec(s);
    data_semicircle_make(&d, t->t, t->x, t->y);
}

static int init_start(nn_net *net, nn_rng *r, const scene_task *t)
{
    (void)t;
    data_init_lecture_start(net, r);
    return 0;
}

static int init_solution(nn_net *net, nn_rng *r, const scene_task *t)
{
    (void)r;
    return data_solution_from(net, t->t, t->y, t->n);
}

static void draw_unit(nn_rng *r, double *w1, double *b1) { data_draw_unit(r, w1, b1); }

/* jitter and noise are the only draws from the seed */
static int seeded(const scene_spec *s) { return s->v[P_JITTER] > 0 || s->v[P_NOISE] > 0; }

static void probe(const scene_spec *s, double u, double *x)
{
    (void)s;
    x[0] = cos(u);
    x[1] = sin(u);
}

static void probe_range(const scene_spec *s, double *lo, double *hi)
{
    *lo = s->v[P_THETA_MIN];
    *hi = s->v[P_THETA_MAX];
}

/* y depends on x only through θ, so E[y | x] = (θ(x), θ(x)²) whatever the radius jitter and the noise;
 * θ(x) is the angle of x taken in the turn centred on the arc, which is one-to-one for arcs up to 2π. */
static void mmse(const scene_spec *s, const double *x, double *y)
{
    double c = 0.5 * (s->v[P_THETA_MIN] + s->v[P_THETA_MAX]);
    double th = atan2(x[1], x[0]);
    th += 2.0 * M_PI * floor((c - th) / (2.0 * M_PI) + 0.5); /* the turn [c − π, c + π) */
    y[0] = th;
    y[1] = th * th;
}

static void circle_at(double u, double *pt)
{
    pt[0] = cos(u);
    pt[1] = sin(u);
}

static void parabola_at(double u, double *pt)
{
    (void)u;
    pt[1] = pt[0] * pt[0];
}

const scene_desc scene_semicircle = {
    .name = "semicircle",
    .title = "semicircle \xe2\x86\x92 parabola",
    .d = 2,
    .k = 2,
    .n_default = 9,
    .n_params = 4,
    .params =
        {
            {.key = "theta_min", .what = "\xce\xb8_min", .lo = -DATA_THETA_LIMIT, .hi = DATA_THETA_LIMIT, .def = -M_PI / 2},
            {.key = "theta_max", .what = "\xce\xb8_max", .lo = -DATA_THETA_LIMIT, .hi = DATA_THETA_LIMIT, .def = M_PI / 2},
            {.key = "radius_jitter", .what = "radius jitter a", .lo = 0.0, .hi = DATA_MAX_JITTER},
            {.key = "noise", .what = "target noise", .lo = 0.0, .hi = DATA_MAX_NOISE},
        },
    .check = check,
    .build = build,
    .n_presets = 2,
    .presets =
        {
            {.name = "lecture-start", .hidden = 5, .act = NN_ACT_LOGISTIC, .init = init_start},
            {.name = "lecture-solution", .hidden = 0, .fallback_hidden = 8, .act = NN_ACT_STEP, .init = init_solution},
        },
    .probe_what = "\xce\xb8",
    .probe = probe,
    .probe_range = probe_range,
    .n_guides = 2,
    .guides =
        {
            {.what = "unit semicircle", .kind = SCENE_GUIDE_PATH, .plane = SCENE_PLANE_INPUT, .at = circle_at},
            {.what = "parabola y\xe2\x82\x81 = y\xe2\x82\x80\xc2\xb2", .kind = SCENE_GUIDE_GRAPH,
             .plane = SCENE_PLANE_OUTPUT, .at = parabola_at},
        },
    .mmse = mmse,
    .draw_unit = draw_unit,
    .seeded = seeded,
};
