/* relcheck: what every snapshot must satisfy, and random sessions and commands for the trainer.
 * Any thread, on the objects it passes in (rel_check keeps no state).
 * Invariants: rel_check never modifies the snapshot; random values stay inside the command contract. */
#include "relcheck.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/nn.h"

/* The fast kernel agrees with the scalar oracle to 1e-12; this leaves room for summation order. */
#define REL_TOL 1e-9

static int fail(char *why, int whylen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, (size_t)whylen, fmt, ap);
    va_end(ap);
    return -1;
}

/* Equal, or both NaN, or within tol: the reference and the snapshot may both overflow the same way. */
static int close_to(double a, double b, double tol)
{
    return a == b || (isnan(a) && isnan(b)) || fabs(a - b) <= tol;
}

static double max_abs(const double *v, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            m = fmax(m, fabs(v[i]));
    return m;
}

static int all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

/* Tokens with an excitation within rounding of 0 in some unit (where relu, step and signum have a
 * kink); marks them in tied (n). */
static int mark_ties(const snap *s, unsigned char *tied)
{
    int N = s->hidden, any = 0;
    const double *w1 = s->p, *b1 = s->p + (size_t)N * DATA_D; /* (N, D), (N) */
    for (int i = 0; i < s->n; i++) {
        const double *x = s->x + (size_t)i * DATA_D;
        tied[i] = 0;
        for (int k = 0; k < N && !tied[i]; k++) {
            double e = b1[k], size = fabs(b1[k]);
            for (int j = 0; j < DATA_D; j++) {
                e += w1[k * DATA_D + j] * x[j];
                size += fabs(w1[k * DATA_D + j] * x[j]);
            }
            tied[i] = fabs(e) <= 1e-12 * size;
        }
        any |= tied[i];
    }
    return any;
}

int rel_check(const snap *s, rel_scratch *sc, char *why, int whylen)
{
    unsigned char *tied = sc->tied;
    sc->checks++;
    if (s->hidden < 1 || s->hidden > NN_MAX_HIDDEN)
        return fail(why, whylen, "hidden = %d out of range", s->hidden);
    if (s->n < DATA_MIN_TOKENS || s->n > DATA_MAX_TOKENS || s->spec.n != s->n)
        return fail(why, whylen, "n = %d (spec.n = %d) out of range", s->n, s->spec.n);
    if ((unsigned)s->act >= NN_ACT_COUNT || (unsigned)s->opt >= NN_OPT_COUNT ||
        (unsigned)s->preset >= DATA_PRESET_COUNT || (unsigned)s->status > TRAIN_DIVERGED)
        return fail(why, whylen, "enum out of range: act %d opt %d preset %d status %d", (int)s->act,
                    (int)s->opt, (int)s->preset, (int)s->status);
    if (!(s->lr > 0) || !isfinite(s->lr) || !(s->gain > 0) || !isfinite(s->gain) || !(s->speed >= 0))
        return fail(why, whylen, "lr %g, gain %g, speed %g out of range", s->lr, s->gain, s->speed);
    if (s->step < 0 || s->steps_left < 0)
        return fail(why, whylen, "step %" PRId64 ", steps_left %" PRId64, s->step, s->steps_left);
    if (s->freeze.only_layer < 0 || s->freeze.only_layer > 2 || s->freeze.only_unit < -1 ||
        s->freeze.only_unit >= NN_MAX_HIDDEN)
        return fail(why, whylen, "freeze (%d, %d) out of range", s->freeze.only_layer,
                    s->freeze.only_unit);
    if (!memchr(s->reason, '\0', sizeof s->reason))
        return fail(why, whylen, "reason is not a string");

    size_t P = nn_param_count(DATA_D, s->hidden, DATA_K);
    if (!all_finite(s->p, P))
        return fail(why, whylen, "a parameter is not finite (status %d)", (int)s->status);
    size_t n = (size_t)s->n;
    if (!all_finite(s->x, n * DATA_D) || !all_finite(s->y, n * DATA_K) || !all_finite(s->theta, n))
        return fail(why, whylen, "a token is not finite");

    if (s->status == TRAIN_DIVERGED) {
        if (s->stop != TRAIN_STOP_DIVERGED || s->stop_step != s->step + 1)
            return fail(why, whylen, "diverged at step %" PRId64 ", stop %d names step %" PRId64, s->step,
                        (int)s->stop, s->stop_step);
    } else {
        nn_net net;
        snap_net(s, &net);
        if (net.n_hidden != s->hidden || net.act != s->act || memcmp(&net.gain, &s->gain, sizeof net.gain))
            return fail(why, whylen, "snap_net disagrees with the snapshot");
        int kinked = s->act == NN_ACT_RELU || s->act == NN_ACT_STEP || s->act == NN_ACT_SIGNUM;
        int jumps = s->act == NN_ACT_STEP || s->act == NN_ACT_SIGNUM;
        int ties = kinked && mark_ties(s, tied);
        sc->ties += ties;
        double ref = nn_loss_grad_ref(&net, s->x, s->y, s->n, sc->grad);
        /* Relative agreement, plus a floor for losses and gradients near zero (the hand-built
         * solution's loss is ~1e-33): there rounding in ŷ, about 1e-16 of the terms summed into
         * it, is all that is left, and the floors bound what it can do. */
        double xmax = max_abs(s->x, n * DATA_D), ymax = max_abs(s->y, n * DATA_K);
        double yhmax = max_abs(s->yhat, n * DATA_K), wmax = max_abs(s->p, P);
        double e = 1.0 + ymax + yhmax; /* the size of an error ε_i */
        double loss_tol = REL_TOL * fabs(ref) + 1e-13 * e * sqrt(fabs(ref)) + 1e-24 * e * e;
        if (!(ties && jumps) && !close_to(s->loss, ref, loss_tol))
            return fail(why, whylen, "loss %.17g, reference %.17g (N %d, n %d, step %" PRId64 ")", s->loss, ref,
                        s->hidden, s->n, s->step);
        double gmax = 0;
        for (size_t i = 0; i < P; i++)
            if (isfinite(sc->grad[i]))
                gmax = fmax(gmax, fabs(sc->grad[i]));
        double grad_tol =
            REL_TOL * gmax + 1e-13 * e * (1.0 + wmax) * (1.0 + wmax) * (1.0 + xmax) * (1.0 + s->gain);
        for (size_t i = 0; i < P && !ties; i++)
            if (!close_to(s->grad[i], sc->grad[i], grad_tol))
                return fail(why, whylen, "grad[%zu] %.17g, reference %.17g (N %d, n %d)", i, s->grad[i], sc->grad[i],
                            s->hidden, s->n);
        nn_predict(&net, s->x, s->n, sc->yhat);
        /* rounding in e(1) = w̄·x + b is about 1e-16 |w||x|; σ' times the gain and w(2) carry it into ŷ */
        double yhat_round = 1e-13 * (1.0 + wmax) * (1.0 + wmax) * (1.0 + xmax) * (1.0 + s->gain);
        for (size_t i = 0; i < n * DATA_K; i++)
            if (!(jumps && tied[i / DATA_K]) &&
                !close_to(s->yhat[i], sc->yhat[i], REL_TOL * (fabs(sc->yhat[i]) + 1.0) + yhat_round))
                return fail(why, whylen, "yhat[%zu] %.17g, reference %.17g", i, s->yhat[i], sc->yhat[i]);
    }

    const snap_history *h = &s->hist;
    if (h->len < 0 || h->len > SNAP_HIST_CAP || h->stride < 1 || h->origin < 0 || h->n_marks < 0 ||
        h->n_marks > SNAP_MAX_MARKS)
        return fail(why, whylen, "history: len %d, stride %" PRId64 ", marks %d", h->len, h->stride, h->n_marks);
    for (int i = 0; i < h->len; i++)
        if (h->lo[i] > h->hi[i])
            return fail(why, whylen, "history bucket %d: lo %g > hi %g", i, h->lo[i], h->hi[i]);
    for (int i = 0; i < h->n_marks; i++)
        if ((unsigned)h->mark[i].kind >= TRAIN_MARK_COUNT || h->mark[i].step < h->origin)
            return fail(why, whylen, "history mark %d: kind %d at step %" PRId64, i, (int)h->mark[i].kind,
                        h->mark[i].step);
    return 0;
}

int rel_int(nn_rng *r, int lo, int hi)
{
    return lo + (int)(nn_rng_uniform(r) * (double)(hi - lo + 1));
}

double rel_log_uniform(nn_rng *r, double lo, double hi)
{
    return exp(log(lo) + nn_rng_uniform(r) * (log(hi) - log(lo)));
}

int rel_hidden(nn_rng *r)
{
    double u = nn_rng_uniform(r);
    if (u < 0.75)
        return rel_int(r, 1, 8);
    if (u < 0.97)
        return rel_int(r, 9, 64);
    return rel_int(r, 65, NN_MAX_HIDDEN);
}

int rel_tokens(nn_rng *r)
{
    double u = nn_rng_uniform(r);
    if (u < 0.85)
        return rel_int(r, DATA_MIN_TOKENS, 32);
    if (u < 0.99)
        return rel_int(r, 33, 256);
    return rel_int(r, 257, DATA_MAX_TOKENS);
}

double rel_coord(nn_rng *r)
{
    double u = nn_rng_uniform(r);
    if (u < 0.9)
        return 4.0 * nn_rng_uniform(r) - 2.0;
    double far = rel_log_uniform(r, 10.0, 1e6);
    return u < 0.95 ? far : -far;
}

session *rel_session(nn_rng *r)
{
    session *s = malloc(sizeof *s);
    if (!s)
        return NULL;
    session_default(s);
    session_set_preset(s, (data_preset)rel_int(r, 0, DATA_PRESET_COUNT - 1));
    s->hidden = rel_hidden(r);
    s->act = (nn_act)rel_int(r, 0, NN_ACT_COUNT - 1);
    s->gain = rel_log_uniform(r, 0.5, 100.0);
    s->opt = (nn_opt_kind)rel_int(r, 0, NN_OPT_COUNT - 1);
    s->lr = rel_log_uniform(r, 1e-6, 100.0);
    s->step = rel_int(r, 0, 1000000);
    s->task.n = rel_tokens(r);
    s->task.theta_min = -DATA_THETA_LIMIT * nn_rng_uniform(r);
    s->task.theta_max = s->task.theta_min + 0.01 + (DATA_THETA_LIMIT - s->task.theta_min - 0.01) * nn_rng_uniform(r);
    s->task.radius_jitter = nn_rng_uniform(r) < 0.5 ? 0.0 : DATA_MAX_JITTER * nn_rng_uniform(r);
    s->task.noise = nn_rng_uniform(r) < 0.5 ? 0.0 : nn_rng_uniform(r);
    s->task.seed = nn_rng_u64(r);
    s->freeze.only_layer = rel_int(r, 0, 2);
    s->freeze.only_unit = nn_rng_uniform(r) < 0.7 ? -1 : rel_int(r, 0, s->hidden - 1);
    s->has_weights = nn_rng_uniform(r) < 0.5;
    if (s->has_weights) {
        double scale = rel_log_uniform(r, 0.1, 10.0);
        size_t P = nn_param_count(DATA_D, s->hidden, DATA_K);
        for (size_t i = 0; i < P; i++)
            s->p[i] = scale * nn_rng_normal(r);
    }
    s->has_tokens = nn_rng_uniform(r) < 0.25;
    if (s->has_tokens)
        for (int i = 0; i < s->task.n; i++) {
            for (int j = 0; j < DATA_D; j++)
                s->x[i * DATA_D + j] = rel_coord(r);
            for (int j = 0; j < DATA_K; j++)
                s->y[i * DATA_K + j] = rel_coord(r);
        }
    return s;
}

/* Relative frequencies of the commands; moves and steps dominate, as in a class. */
static const int cmd_weight[TRAIN_CMD_COUNT] = {
    [TRAIN_CMD_RUN] = 6,         [TRAIN_CMD_PAUSE] = 6,       [TRAIN_CMD_STEP] = 8,
    [TRAIN_CMD_SET_LR] = 8,      [TRAIN_CMD_SET_HIDDEN] = 6,  [TRAIN_CMD_SET_ACT] = 5,
    [TRAIN_CMD_SET_GAIN] = 4,    [TRAIN_CMD_SET_OPT] = 5,     [TRAIN_CMD_SET_SPEED] = 2,
    [TRAIN_CMD_RESET] = 4,       [TRAIN_CMD_PRESET] = 3,      [TRAIN_CMD_LOAD] = 2,
    [TRAIN_CMD_SET_TOKENS] = 4,  [TRAIN_CMD_MOVE_INPUT] = 8,  [TRAIN_CMD_MOVE_TARGET] = 8,
    [TRAIN_CMD_SET_FREEZE] = 3,  [TRAIN_CMD_SET_SEED] = 2,    [TRAIN_CMD_QUIT] = 0,
    [TRAIN_CMD_SET_PARAM] = 4,   [TRAIN_CMD_SET_PARAMS] = 3,
    [TRAIN_CMD_SET_SCENE_PARAM] = 3,
};

/* Above this many (token x unit) pairs the next command shrinks the problem: a step there costs
 * tens of microseconds, and the test must stay fast under sanitizers. */
#define REL_PAIR_BUDGET 2048

void rel_command(nn_rng *r, rel_shape *shape, train_cmd *out)
{
    memset(out, 0, sizeof *out);
    if ((long)shape->n * shape->hidden > REL_PAIR_BUDGET) {
        if (shape->n > 32) {
            out->type = TRAIN_CMD_SET_TOKENS;
            out->i = shape->n = rel_int(r, DATA_MIN_TOKENS, 32);
        } else {
            out->type = TRAIN_CMD_SET_HIDDEN;
            out->i = shape->hidden = rel_int(r, 1, 8);
        }
        return;
    }
    int total = 0;
    for (int t = 0; t < TRAIN_CMD_COUNT; t++)
        total += cmd_weight[t];
    int pick = rel_int(r, 0, total - 1), t = 0;
    while (pick >= cmd_weight[t])
        pick -= cmd_weight[t++];
    out->type = (train_cmd_type)t;
    switch (out->type) {
    case TRAIN_CMD_STEP:
        out->i = nn_rng_uniform(r) < 0.9 ? rel_int(r, 1, 20) : rel_int(r, 1, 1000000);
        break;
    case TRAIN_CMD_SET_LR:
        out->a = rel_log_uniform(r, 1e-6, 100.0);
        break;
    case TRAIN_CMD_SET_HIDDEN:
        out->i = shape->hidden = rel_hidden(r);
        break;
    case TRAIN_CMD_SET_ACT:
        out->i = rel_int(r, 0, NN_ACT_COUNT - 1);
        break;
    case TRAIN_CMD_SET_GAIN:
        out->a = rel_log_uniform(r, 0.5, 100.0);
        break;
    case TRAIN_CMD_SET_OPT:
        out->i = rel_int(r, 0, NN_OPT_COUNT - 1);
        break;
    case TRAIN_CMD_SET_SPEED:
        out->a = nn_rng_uniform(r) < 0.5 ? 0.0 : rel_log_uniform(r, 1.0, 1e6);
        break;
    case TRAIN_CMD_PRESET:
        out->i = rel_int(r, 0, DATA_PRESET_COUNT - 1);
        /* the hand-built solution may take one unit per gap between tokens */
        if (shape->n - 1 > shape->hidden)
            shape->hidden = shape->n - 1 > NN_MAX_HIDDEN ? NN_MAX_HIDDEN : shape->n - 1;
        break;
    case TRAIN_CMD_LOAD: {
        session *s = rel_session(r);
        out->ptr = s;
        if (s) {
            shape->n = s->task.n;
            shape->hidden = s->hidden;
        }
        break;
    }
    case TRAIN_CMD_SET_TOKENS:
        out->i = shape->n = rel_tokens(r);
        break;
    case TRAIN_CMD_SET_SCENE_PARAM:
        /* one past the semicircle's four parameters, and values past the jitter's 0.9: both refused */
        out->i = rel_int(r, 0, 4);
        out->a = 0.1 * rel_int(r, 0, 12);
        break;
    case TRAIN_CMD_MOVE_INPUT:
    case TRAIN_CMD_MOVE_TARGET:
        out->i = rel_int(r, 0, shape->n - 1);
        out->a = rel_coord(r);
        out->b = rel_coord(r);
        break;
    case TRAIN_CMD_SET_FREEZE:
        out->i = rel_int(r, 0, 2);
        out->j = nn_rng_uniform(r) < 0.6 ? -1 : rel_int(r, 0, shape->hidden - 1);
        break;
    case TRAIN_CMD_SET_SEED:
        out->u = nn_rng_u64(r);
        break;
    case TRAIN_CMD_SET_PARAM: {
        /* now and then an index the network no longer has (N changed since the pick): ignored */
        const int P = shape->hidden * (DATA_D + 1 + DATA_K) + DATA_K;
        out->i = nn_rng_uniform(r) < 0.9 ? rel_int(r, 0, P - 1) : rel_int(r, P, P + 20);
        out->a = nn_rng_uniform(r) < 0.5 ? rel_coord(r) : rel_log_uniform(r, 1e-3, 1e3);
        break;
    }
    case TRAIN_CMD_SET_PARAMS: {
        /* now and then a vector of the wrong length, or with a NaN: ignored */
        double p[SCENE_PARAM_MAX];
        int P = shape->hidden * (DATA_D + 1 + DATA_K) + DATA_K;
        if (nn_rng_uniform(r) < 0.1)
            P = P > 1 ? P - 1 : P + 1;
        for (int q = 0; q < P; q++)
            p[q] = rel_coord(r);
        if (nn_rng_uniform(r) < 0.05)
            p[rel_int(r, 0, P - 1)] = NAN;
        out->ptr = train_params_new(p, P);
        break;
    }
    default:
        break;
    }
}
