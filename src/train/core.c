/* core: one training run without threads: network, task, optimizer, history; commands and steps.
 * Whichever thread owns the core (the trainer thread, or main in headless mode) calls these.
 * Invariants: loss and grad always belong to the current weights; weights are finite unless
 * status is TRAIN_DIVERGED, and even then they are the last finite ones. */
#include "train/core.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/scene.h"
#include "nn/freeze_mask.h"
#include "nn/kernel/kernel.h"
#include "nn/rng.h"
#include "train/curv.h"

/* A step diverges when its loss is not finite or exceeds this many times the reference loss. */
#define DIVERGE_FACTOR 1e6

struct train_core {
    const scene_desc *scene; /* what the tokens are and how presets and grown units are made */
    nn_net *net;      /* (D, hidden, K) of the scene, capacity NN_MAX_HIDDEN */
    scene_task *task; /* heap: about 300 KB */
    nn_opt opt;       /* its kind is the optimizer in force */
    nn_rng rng;       /* seeded with seed at every weight initialisation; draws grown units */

    /* settings */
    int preset; /* an index into the scene's presets */
    double lr;
    double speed;
    train_freeze freeze;
    uint64_t seed; /* for the weights now, for the tokens at their next rebuild */
    int tokens_edited;

    /* state */
    int64_t step;
    int64_t steps_left;
    train_status status;
    train_stop stop; /* why the last step request did not step */
    char reason[128];
    double loss;  /* at net->p */
    double loss0; /* at the last reset or token rebuild, or the session's reference at a load */
    double scale; /* 1/(2n) Σ ||y_i||², the loss of ŷ = 0: a floor for judging divergence */
    double grad[SNAP_PARAM_MAX];       /* (P) ∇L at net->p */
    double prev_p[SNAP_PARAM_MAX];     /* (P) weights before the step under way */
    double prev_grad[SNAP_PARAM_MAX];  /* (P) their gradient */
    unsigned char frozen[SNAP_PARAM_MAX]; /* (P) 1 = does not learn */
    int any_frozen;

    int64_t stop_step; /* with stop: the step it names */
    double stop_lr;    /* with stop: the η in force */
    snap_history hist;
    train_curv curv; /* λ_max while training */
};

typedef struct {
    const nn_net *net;
    const scene_task *task;
} objective_ctx;

static double objective(void *ctx, const double *p, double *g)
{
    const objective_ctx *o = ctx;
    return nn_loss_grad_at(o->net, p, o->task->x, o->task->y, o->task->n, g);
}

static size_t params(const train_core *c) { return nn_params(c->net); }

static void evaluate(train_core *c)
{
    c->loss = nn_loss_grad(c->net, c->task->x, c->task->y, c->task->n, c->grad);
    train_curv_touch(&c->curv); /* every change of weights, tokens or network comes through here */
}

static void update_scale(train_core *c)
{
    int n = c->task->n;
    double s = 0.0;
    for (int i = 0; i < n * c->task->k; i++)
        s += c->task->y[i] * c->task->y[i];
    c->scale = s / (2.0 * n);
}

static void update_mask(train_core *c)
{
    /* a unit beyond the network cannot be the only one to learn: every unit learns again (so the
     * session stays savable and loadable) */
    if (c->freeze.only_unit >= c->net->n_hidden)
        c->freeze.only_unit = -1;
    nn_layout lay;
    nn_net_layout(c->net, &lay);
    /* train_freeze numbers the output layer 2 for one hidden layer, as nn_freeze_mask does */
    nn_freeze_mask(&lay, c->freeze.only_layer, c->freeze.only_unit, c->frozen);
    train_curv_touch(&c->curv); /* λ_max is over the parameters that learn */
    /* the optimizers take the mask whenever a rule is set, even one that freezes nothing (a net of
     * one unit with only_unit = 1): that is how every trajectory so far was computed */
    c->any_frozen = c->freeze.only_layer != 0 || c->freeze.only_unit >= 0;
}

/* ---- loss history ---- */

static void hist_add(train_core *c)
{
    snap_history *h = &c->hist;
    int64_t i = (c->step - h->origin) / h->stride;
    if (i == SNAP_HIST_CAP) {
        for (int j = 0; j < SNAP_HIST_CAP / 2; j++) {
            h->lo[j] = fmin(h->lo[2 * j], h->lo[2 * j + 1]);
            h->hi[j] = fmax(h->hi[2 * j], h->hi[2 * j + 1]);
        }
        h->len = SNAP_HIST_CAP / 2;
        h->stride *= 2;
        i = (c->step - h->origin) / h->stride;
    }
    /* a core rewound to a past step keeps the branch's envelope (train_core_keep_history): the steps it
     * walks again are already in it, with the same losses */
    if (i < h->len - 1)
        return;
    assert(i == h->len || i == h->len - 1);
    if (i == h->len) {
        h->lo[i] = h->hi[i] = c->loss;
        h->len++;
    } else {
        h->lo[i] = fmin(h->lo[i], c->loss);
        h->hi[i] = fmax(h->hi[i], c->loss);
    }
}

/* Starts the history afresh at the current step with the current loss. */
static void hist_restart(train_core *c)
{
    c->hist.len = 0;
    c->hist.stride = 1;
    c->hist.origin = c->step;
    c->hist.n_marks = 0;
    hist_add(c);
    train_curv_clear(&c->curv);
}

/* Marks the current step. A mark of the same kind in the same history bucket is replaced: the plot
 * could not tell them apart, and a dragged slider would otherwise push out every older mark. */
static void mark(train_core *c, train_mark_kind kind, int i, int j, double a)
{
    snap_history *h = &c->hist;
    int at;
    /* a command replayed at a past step (after a rewind) is already marked there */
    for (int k = h->n_marks - 1; k >= 0 && h->mark[k].step >= c->step; k--)
        if (h->mark[k].step == c->step && h->mark[k].kind == kind) {
            h->mark[k] = (snap_mark){.step = c->step, .kind = kind, .i = i, .j = j, .a = a};
            return;
        }
    if (h->n_marks > 0 && h->mark[h->n_marks - 1].kind == kind &&
        (h->mark[h->n_marks - 1].step - h->origin) / h->stride == (c->step - h->origin) / h->stride) {
        at = h->n_marks - 1;
    } else {
        if (h->n_marks == SNAP_MAX_MARKS) {
            memmove(h->mark, h->mark + 1, (SNAP_MAX_MARKS - 1) * sizeof h->mark[0]);
            h->n_marks--;
        }
        at = h->n_marks++;
    }
    h->mark[at] = (snap_mark){.step = c->step, .kind = kind, .i = i, .j = j, .a = a};
}

/* ---- weights ---- */

/* Changes N; grown units get w̄(1), b(1) drawn from the core's rng by the scene (scene_draw_unit: for
 * the semicircle data_draw_unit's draws) and w(2) = 0. */
static void resize_units(train_core *c, int n_new)
{
    int n_old = c->net->n_hidden, d = c->scene->d;
    if (n_new <= n_old) {
        nn_resize(c->net, n_new, NULL, NULL);
        return;
    }
    double w1[NN_MAX_HIDDEN * NN_MAX_IO]; /* (n_new - n_old, D) */
    double b1[NN_MAX_HIDDEN];             /* (n_new - n_old) */
    for (int j = 0; j < n_new - n_old; j++)
        scene_draw_unit(c->scene, &c->rng, w1 + j * d, b1 + j);
    nn_resize(c->net, n_new, w1, b1);
}

/* Weights from (preset, seed) for `hidden` units. A preset with a fixed N draws its net for `hidden`
 * units at once. A preset built for the tokens (hidden = 0 in the scene: n - 1 units) is built for
 * its own N and then resized (extra units drawn from the seeded rng, surplus units dropped); when
 * its N does not fit NN_MAX_HIDDEN it cannot be built and the scene's first preset is used instead. */
static void init_weights(train_core *c, int hidden)
{
    nn_rng_seed(&c->rng, c->seed);
    const scene_preset *p = &c->scene->presets[c->preset];
    int own = scene_preset_hidden(c->scene, c->preset, c->task);
    if (p->hidden == 0 && own > 0) {
        nn_resize(c->net, own, NULL, NULL);
        int rc = p->init(c->net, &c->rng, c->task);
        assert(rc == 0);
        (void)rc;
        resize_units(c, hidden);
    } else {
        if (p->hidden == 0)
            p = &c->scene->presets[0];
        nn_resize(c->net, hidden, NULL, NULL);
        int rc = p->init(c->net, &c->rng, c->task);
        assert(rc == 0);
        (void)rc;
    }
}

/* Rebuilds the tokens from the spec with the current seed, dropping hand edits. */
static void rebuild_task(train_core *c, int n)
{
    scene_spec spec = c->task->spec;
    spec.n = n;
    spec.seed = c->seed;
    scene_build(c->scene, &spec, c->task);
    c->tokens_edited = 0;
    update_scale(c);
}

/* After weights or the task were replaced wholesale: fresh optimizer state, loss, reference loss,
 * history; paused. */
static void restart(train_core *c)
{
    nn_opt_reset(&c->opt, c->opt.kind, params(c));
    update_mask(c);
    evaluate(c);
    c->loss0 = c->loss;
    c->steps_left = 0;
    c->status = TRAIN_PAUSED;
    c->stop = TRAIN_STOP_NONE;
    c->reason[0] = '\0';
    hist_restart(c);
}

/* ---- sessions ---- */

static int fail(char *err, int errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, (size_t)errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static int all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

static int check_session(const session *s, char *err, int errlen)
{
    char msg[160];
    const scene_desc *sc = session_scene(s);
    const int D = sc->d, K = sc->k;
    if (sc->d < 1 || sc->k < 1 || sc->d + sc->k > SCENE_MAX_DK || sc->n_presets < 1)
        return fail(err, errlen, "session: scene %s has D = %d, K = %d, %d presets (allowed D, K >= 1, "
                    "D + K <= %d, >= 1 preset)", sc->name, sc->d, sc->k, sc->n_presets, SCENE_MAX_DK);
    if (s->preset < 0 || s->preset >= sc->n_presets)
        return fail(err, errlen, "session: preset %d is unknown", s->preset);
    if (s->hidden < 1 || s->hidden > NN_MAX_HIDDEN)
        return fail(err, errlen, "session: hidden = %d is out of range (allowed 1..%d)", s->hidden, NN_MAX_HIDDEN);
    if ((int)s->act < 0 || s->act >= NN_ACT_COUNT)
        return fail(err, errlen, "session: activation %d is unknown", (int)s->act);
    if (!(isfinite(s->gain) && s->gain > 0))
        return fail(err, errlen, "session: gain = %g must be finite and > 0", s->gain);
    scene_spec spec = session_spec(s);
    if (scene_check(sc, &spec, msg, (int)sizeof msg) != 0)
        return fail(err, errlen, "session: %s", msg);
    if ((int)s->opt < 0 || s->opt >= NN_OPT_COUNT)
        return fail(err, errlen, "session: optimizer %d is unknown", (int)s->opt);
    if (!(isfinite(s->lr) && s->lr > 0))
        return fail(err, errlen, "session: learning_rate = %g must be finite and > 0", s->lr);
    if (s->step < 0 || s->step > SESSION_STEP_MAX)
        return fail(err, errlen, "session: step = %lld is out of range 0..%lld", (long long)s->step,
                    SESSION_STEP_MAX);
    if (!(isfinite(s->speed) && s->speed >= 0))
        return fail(err, errlen, "session: speed = %g must be finite and >= 0", s->speed);
    if (s->freeze.only_layer < 0 || s->freeze.only_layer > 2)
        return fail(err, errlen, "session: freeze layer %d is out of range (allowed 0..2)", s->freeze.only_layer);
    if (s->freeze.only_unit < -1 || s->freeze.only_unit >= NN_MAX_HIDDEN)
        return fail(err, errlen, "session: freeze unit %d is out of range (allowed -1..%d)", s->freeze.only_unit,
                    NN_MAX_HIDDEN - 1);
    size_t P = nn_param_count(D, s->hidden, K);
    if (s->has_weights && !all_finite(s->p, P))
        return fail(err, errlen, "session: a weight is not finite");
    if (s->has_ref && !(isfinite(s->ref_loss) && s->ref_loss >= 0))
        return fail(err, errlen, "session: reference_loss = %g must be finite and >= 0", s->ref_loss);
    const session_opt_state *o = &s->opt_state;
    if (s->has_weights && o->has) {
        if (o->t < 0 || o->t > SESSION_STEP_MAX)
            return fail(err, errlen, "session: optimizer t = %lld is out of range 0..%lld", (long long)o->t,
                        SESSION_STEP_MAX);
        if (o->pairs < 0 || o->pairs > NN_LBFGS_HISTORY)
            return fail(err, errlen, "session: optimizer pairs = %d is out of range 0..%d", o->pairs,
                        NN_LBFGS_HISTORY);
        if (!all_finite(o->v, P) || !all_finite(o->m, P))
            return fail(err, errlen, "session: an optimizer moment is not finite");
        for (int j = 0; j < o->pairs; j++)
            if (!all_finite(o->s[j], P) || !all_finite(o->y[j], P) || !(isfinite(o->rho[j]) && o->rho[j] > 0))
                return fail(err, errlen, "session: L-BFGS pair %d is not finite (or rho <= 0)", j + 1);
    }
    if (s->has_rng && !nn_rng_seeded(&s->rng))
        return fail(err, errlen, "session: the rng state is all 0");
    if (s->has_tokens && (!all_finite(s->x, (size_t)s->task.n * (size_t)D) ||
                          !all_finite(s->y, (size_t)s->task.n * (size_t)K)))
        return fail(err, errlen, "session: a token coordinate is not finite");
    return 0;
}

/* Replaces every setting, the task and the weights with the session's (which passed check_session and
 * has the core's scene). */
static void init_from(train_core *c, const session *s)
{
    assert(session_scene(s) == c->scene);
    c->preset = s->preset;
    c->seed = s->task.seed;
    c->lr = s->lr;
    c->speed = s->speed;
    c->freeze = s->freeze;
    c->net->act = s->act;
    c->net->gain = s->gain;
    c->opt.kind = s->opt;
    c->step = s->step;

    scene_spec spec = session_spec(s);
    scene_build(c->scene, &spec, c->task);
    c->tokens_edited = s->has_tokens;
    if (s->has_tokens) {
        memcpy(c->task->x, s->x, (size_t)s->task.n * (size_t)c->task->d * sizeof *s->x);
        memcpy(c->task->y, s->y, (size_t)s->task.n * (size_t)c->task->k * sizeof *s->y);
    }
    update_scale(c);

    if (s->has_weights) {
        nn_resize(c->net, s->hidden, NULL, NULL);
        memcpy(c->net->p, s->p, params(c) * sizeof *s->p);
    } else {
        init_weights(c, s->hidden);
    }
    /* the rng as the unbroken run left it; a session without one (0.1 files) leaves it as it is */
    if (s->has_rng)
        c->rng = s->rng;
    restart(c);
    /* a resumed run goes on as the unbroken run would: same optimizer state, same divergence limit */
    if (s->has_ref)
        c->loss0 = s->ref_loss;
    if (s->has_weights && s->opt_state.has && s->opt_state.kind == s->opt) {
        session_opt_state *o = (session_opt_state *)&s->opt_state; /* only read through the view */
        nn_opt_state st = {(long)o->t, o->v, o->m, o->pairs, &o->s[0][0], &o->y[0][0], SESSION_PARAM_MAX, o->rho};
        nn_opt_state_set(&c->opt, &st);
    }
}

/* Makes the network and the optimizer for the session's scene when it is not the core's (another D, K):
 * allocates, so only at a load. 0 ok (the core unchanged when the scene is the same); -1 with err and
 * the core unchanged when memory runs out. */
static int switch_scene(train_core *c, const session *s, char *err, int errlen)
{
    const scene_desc *sc = session_scene(s);
    if (sc == c->scene)
        return 0;
    nn_net *net = nn_create(sc->d, s->hidden, sc->k, s->act);
    nn_opt opt;
    if (!net || nn_opt_init(&opt, s->opt, nn_param_count(sc->d, NN_MAX_HIDDEN, sc->k)) != 0) {
        nn_destroy(net);
        return fail(err, errlen, "out of memory for scene %s", sc->name);
    }
    nn_destroy(c->net);
    nn_opt_free(&c->opt);
    c->net = net;
    c->opt = opt;
    c->scene = sc;
    return 0;
}

train_core *train_core_create(const session *s, char *err, int errlen)
{
    if (check_session(s, err, errlen) != 0)
        return NULL;
    train_core *c = calloc(1, sizeof *c);
    if (!c) {
        fail(err, errlen, "out of memory for the trainer");
        return NULL;
    }
    c->scene = session_scene(s);
    c->curv.share = TRAIN_CURV_SHARE;
    c->task = malloc(sizeof *c->task);
    c->net = nn_create(c->scene->d, s->hidden, c->scene->k, s->act);
    int opt_ok = nn_opt_init(&c->opt, s->opt, nn_param_count(c->scene->d, NN_MAX_HIDDEN, c->scene->k)) == 0;
    if (!c->task || !c->net || !opt_ok) {
        if (opt_ok)
            nn_opt_free(&c->opt);
        nn_destroy(c->net);
        free(c->task);
        free(c);
        fail(err, errlen, "out of memory for the trainer");
        return NULL;
    }
    init_from(c, s);
    return c;
}

void train_core_destroy(train_core *c)
{
    if (!c)
        return;
    nn_opt_free(&c->opt);
    nn_destroy(c->net);
    free(c->task);
    free(c);
}

/* The optimizer's state in the session's form; gd keeps none (has = 0, nothing written). */
static void opt_state_out(const train_core *c, session_opt_state *o)
{
    o->has = c->opt.kind != NN_OPT_GD;
    o->kind = c->opt.kind;
    nn_opt_state st = {0, o->v, o->m, 0, &o->s[0][0], &o->y[0][0], SESSION_PARAM_MAX, o->rho};
    nn_opt_state_get(&c->opt, &st);
    o->t = st.t;
    o->pairs = st.pairs;
}

void train_core_session(const train_core *c, session *out)
{
    const scene_task *t = c->task;
    int n = t->n;
    memset(out, 0, sizeof *out);
    out->scene = c->scene;
    out->task = data_spec_default(); /* the semicircle's fields stay valid whatever the scene */
    session_set_spec(out, &t->spec);
    out->task.seed = c->seed;
    /* a core made from weights without an rng never seeded it (0.1's behaviour, kept): all 0 is no
     * generator's state, so none is written and a resumed run starts from the same all-0 state */
    out->has_rng = nn_rng_seeded(&c->rng);
    out->rng = c->rng;
    out->preset = c->preset;
    out->hidden = c->net->n_hidden;
    out->act = c->net->act;
    out->gain = c->net->gain;
    out->opt = c->opt.kind;
    out->lr = c->lr;
    out->step = c->step;
    out->speed = c->speed;
    out->freeze = c->freeze;
    out->has_ref = 1;
    out->ref_loss = c->loss0;
    out->has_weights = 1;
    memcpy(out->p, c->net->p, params(c) * sizeof *out->p);
    opt_state_out(c, &out->opt_state);
    /* Tokens built with an older seed than the one now set are written out too, since the spec's
     * seed alone would rebuild different ones. */
    int seed_stale = t->spec.seed != c->seed && scene_seeded(c->scene, &t->spec);
    out->has_tokens = c->tokens_edited || seed_stale;
    if (out->has_tokens) {
        memcpy(out->x, t->x, (size_t)n * (size_t)t->d * sizeof *out->x);
        memcpy(out->y, t->y, (size_t)n * (size_t)t->k * sizeof *out->y);
    }
}

/* ---- commands ---- */

train_params *train_params_new(const double *p, int n)
{
    assert(n >= 0 && (p || n == 0));
    train_params *tp = malloc(sizeof *tp + (size_t)n * sizeof tp->p[0]);
    if (!tp)
        return NULL;
    tp->n = n;
    if (n > 0)
        memcpy(tp->p, p, (size_t)n * sizeof tp->p[0]);
    return tp;
}

/* Weights set by hand: the loss and gradient are the new weights'; L-BFGS pairs describe a path the
 * weights no longer stand on (momentum and Adam keep their averages, as after a token move). */
static void weights_edited(train_core *c)
{
    if (c->opt.kind == NN_OPT_LBFGS)
        nn_opt_reset(&c->opt, NN_OPT_LBFGS, params(c));
    evaluate(c);
}

int train_core_apply(train_core *c, const train_cmd *cmd)
{
    assert((int)cmd->type >= 0 && cmd->type < TRAIN_CMD_COUNT);
    int n = c->task->n;
    switch (cmd->type) {
    case TRAIN_CMD_RUN:
        c->status = TRAIN_RUNNING;
        c->steps_left = 0;
        c->reason[0] = '\0';
        break;
    case TRAIN_CMD_PAUSE:
        c->steps_left = 0;
        if (c->status == TRAIN_RUNNING)
            c->status = TRAIN_PAUSED;
        break;
    case TRAIN_CMD_STEP:
        assert(cmd->i >= 1);
        c->steps_left += cmd->i;
        c->status = TRAIN_RUNNING;
        c->reason[0] = '\0';
        break;
    case TRAIN_CMD_SET_LR:
        assert(isfinite(cmd->a) && cmd->a > 0);
        if (cmd->a != c->lr) {
            c->lr = cmd->a;
            mark(c, TRAIN_MARK_LR, 0, 0, c->lr);
        }
        break;
    case TRAIN_CMD_SET_HIDDEN: {
        assert(cmd->i >= 1 && cmd->i <= NN_MAX_HIDDEN);
        int n_old = c->net->n_hidden;
        if (cmd->i == n_old)
            break;
        resize_units(c, cmd->i);
        nn_opt_resize(&c->opt, n_old, cmd->i, c->scene->d, c->scene->k);
        update_mask(c);
        evaluate(c);
        mark(c, TRAIN_MARK_HIDDEN, cmd->i, n_old, 0);
        break;
    }
    case TRAIN_CMD_SET_ACT:
        assert(cmd->i >= 0 && cmd->i < NN_ACT_COUNT);
        if ((nn_act)cmd->i == c->net->act)
            break;
        c->net->act = (nn_act)cmd->i;
        evaluate(c);
        mark(c, TRAIN_MARK_ACT, (int)c->net->act, 0, 0);
        break;
    case TRAIN_CMD_SET_GAIN:
        assert(isfinite(cmd->a) && cmd->a > 0);
        if (cmd->a == c->net->gain)
            break;
        c->net->gain = cmd->a;
        evaluate(c);
        mark(c, TRAIN_MARK_GAIN, 0, 0, cmd->a);
        break;
    case TRAIN_CMD_SET_OPT:
        assert(cmd->i >= 0 && cmd->i < NN_OPT_COUNT);
        nn_opt_reset(&c->opt, (nn_opt_kind)cmd->i, params(c));
        mark(c, TRAIN_MARK_OPT, (int)c->opt.kind, 0, 0);
        break;
    case TRAIN_CMD_SET_SPEED:
        assert(isfinite(cmd->a) && cmd->a >= 0);
        c->speed = cmd->a;
        break;
    case TRAIN_CMD_RESET:
    case TRAIN_CMD_PRESET: {
        int hidden = c->net->n_hidden;
        if (cmd->type == TRAIN_CMD_PRESET) {
            /* the window picked the index from a snapshot that may predate a load of another scene */
            if (cmd->i < 0 || cmd->i >= c->scene->n_presets)
                break;
            c->preset = cmd->i;
            hidden = scene_preset_session_hidden(c->scene, c->preset, c->task->n);
            c->net->act = c->scene->presets[c->preset].act;
        }
        /* a new seed reaches generated tokens here; hand-moved ones stay */
        if (!c->tokens_edited && c->task->spec.seed != c->seed)
            rebuild_task(c, n);
        c->step = 0;
        init_weights(c, hidden);
        restart(c);
        if (cmd->type == TRAIN_CMD_PRESET)
            mark(c, TRAIN_MARK_PRESET, c->preset, 0, 0);
        else
            mark(c, TRAIN_MARK_RESET, 0, 0, 0);
        break;
    }
    case TRAIN_CMD_LOAD: {
        session *s = cmd->ptr;
        assert(s);
        char err[sizeof c->reason - sizeof "not loaded: "];
        if (check_session(s, err, (int)sizeof err) == 0 && switch_scene(c, s, err, (int)sizeof err) == 0) {
            init_from(c, s);
            mark(c, TRAIN_MARK_LOAD, 0, 0, 0);
        } else {
            /* the caller's session_load checks the same ranges, so this is a last line of defence;
             * the weights stay the last finite ones, and the reason now tells of the refusal */
            c->status = TRAIN_PAUSED;
            c->steps_left = 0;
            snprintf(c->reason, sizeof c->reason, "not loaded: %s", err);
        }
        free(s);
        break;
    }
    case TRAIN_CMD_SET_TOKENS:
        assert(cmd->i >= DATA_MIN_TOKENS && cmd->i <= DATA_MAX_TOKENS);
        if (cmd->i < scene_n_min(c->scene) || cmd->i > scene_n_max(c->scene))
            break; /* the scene cannot make that many (the window's slider spans every scene) */
        {
            scene_spec spec = c->task->spec;
            char msg[160];
            spec.n = cmd->i;
            spec.seed = c->seed;
            if (scene_check(c->scene, &spec, msg, (int)sizeof msg) != 0)
                break; /* e.g. a grid needs G×G tokens */
        }
        rebuild_task(c, cmd->i);
        evaluate(c);
        c->loss0 = c->loss;
        mark(c, TRAIN_MARK_TOKENS, cmd->i, 0, 0);
        break;
    case TRAIN_CMD_SET_SCENE_PARAM: {
        if (cmd->i < 0 || cmd->i >= c->scene->n_params || !isfinite(cmd->a))
            break;
        scene_spec spec = c->task->spec;
        char msg[160];
        spec.v[cmd->i] = cmd->a;
        spec.seed = c->seed;
        if (scene_check(c->scene, &spec, msg, (int)sizeof msg) != 0)
            break; /* out of its range: the window's slider stays inside it */
        c->task->spec.v[cmd->i] = cmd->a;
        rebuild_task(c, c->task->n);
        evaluate(c);
        c->loss0 = c->loss;
        mark(c, TRAIN_MARK_SCENE, cmd->i, 0, cmd->a);
        break;
    }
    case TRAIN_CMD_MOVE_INPUT:
    case TRAIN_CMD_MOVE_TARGET: {
        assert(isfinite(cmd->a) && isfinite(cmd->b));
        /* the window picked the token from a snapshot that may predate a new token count */
        if (cmd->i < 0 || cmd->i >= n)
            break;
        int input = cmd->type == TRAIN_CMD_MOVE_INPUT;
        int dim = input ? c->task->d : c->task->k;
        double *v = input ? c->task->x + cmd->i * dim : c->task->y + cmd->i * dim;
        /* a and b are the first two coordinates: a scene with one sets only a, further ones stay */
        v[0] = cmd->a;
        if (dim > 1)
            v[1] = cmd->b;
        c->tokens_edited = 1;
        update_scale(c);
        evaluate(c);
        mark(c, input ? TRAIN_MARK_MOVE_INPUT : TRAIN_MARK_MOVE_TARGET, cmd->i, 0, 0);
        break;
    }
    case TRAIN_CMD_SET_FREEZE: {
        assert(cmd->i >= 0 && cmd->i <= 2 && cmd->j >= -1 && cmd->j < NN_MAX_HIDDEN);
        c->freeze.only_layer = cmd->i;
        c->freeze.only_unit = cmd->j;
        update_mask(c);
        /* L-BFGS pairs remember moves of what is now frozen; its direction would move them again */
        if (c->opt.kind == NN_OPT_LBFGS)
            nn_opt_reset(&c->opt, NN_OPT_LBFGS, params(c));
        mark(c, TRAIN_MARK_FREEZE, c->freeze.only_layer, c->freeze.only_unit, 0);
        break;
    }
    case TRAIN_CMD_SET_SEED:
        c->seed = cmd->u;
        break;
    case TRAIN_CMD_SET_PARAM:
        /* the window picked the parameter from a snapshot that may predate a new N */
        if (cmd->i < 0 || (size_t)cmd->i >= params(c) || !isfinite(cmd->a))
            break;
        c->net->p[cmd->i] = cmd->a;
        weights_edited(c);
        mark(c, TRAIN_MARK_PARAM, cmd->i, 0, cmd->a);
        break;
    case TRAIN_CMD_SET_PARAMS: {
        train_params *tp = cmd->ptr;
        int ok = tp && (size_t)tp->n == params(c);
        for (int q = 0; ok && q < tp->n; q++)
            ok = isfinite(tp->p[q]);
        if (ok) {
            memcpy(c->net->p, tp->p, params(c) * sizeof *c->net->p);
            weights_edited(c);
            mark(c, TRAIN_MARK_PARAMS, 0, 0, 0);
        }
        free(tp);
        break;
    }
    case TRAIN_CMD_BACK:
    case TRAIN_CMD_SEEK:
    case TRAIN_CMD_RECOVER:
    case TRAIN_CMD_CLEAR_GHOST:
    case TRAIN_CMD_EXPORT_LOSS:
        break; /* the run's history answers these (travel.c); a core alone has none */
    case TRAIN_CMD_QUIT:
        return 1;
    case TRAIN_CMD_COUNT:
        assert(0);
        break;
    }
    return 0;
}

/* ---- steps ---- */

int train_core_wants_step(const train_core *c) { return c->status == TRAIN_RUNNING; }

train_status train_core_step(train_core *c)
{
    if (c->step >= SESSION_STEP_MAX) { /* the counter stays meaningful and savable */
        c->status = TRAIN_PAUSED;
        c->steps_left = 0;
        c->stop = TRAIN_STOP_STEP_CAP;
        c->stop_step = c->step;
        c->stop_lr = c->lr;
        return c->status;
    }
    c->stop = TRAIN_STOP_NONE;
    size_t P = params(c);
    memcpy(c->prev_p, c->net->p, P * sizeof *c->prev_p);
    memcpy(c->prev_grad, c->grad, P * sizeof *c->prev_grad);
    double prev_loss = c->loss;

    objective_ctx ctx = {c->net, c->task};
    double loss = c->loss;
    if (!nn_opt_step(&c->opt, c->lr, c->net->p, c->grad, &loss, objective, &ctx,
                     c->any_frozen ? c->frozen : NULL))
        loss = nn_loss_grad(c->net, c->task->x, c->task->y, c->task->n, c->grad);

    /* the reference is floored by the task's own scale: a start at loss ≈ 0 (the hand-built
     * solution) must not call every later step a divergence */
    double ref = fmax(c->loss0, c->scale);
    if (!isfinite(loss) || (ref > 0 && loss > DIVERGE_FACTOR * ref) || !all_finite(c->net->p, P) ||
        !all_finite(c->grad, P)) {
        memcpy(c->net->p, c->prev_p, P * sizeof *c->prev_p);
        memcpy(c->grad, c->prev_grad, P * sizeof *c->prev_grad);
        c->loss = prev_loss;
        /* the state that drove the weights away would drive them away again */
        nn_opt_reset(&c->opt, c->opt.kind, P);
        c->status = TRAIN_DIVERGED;
        c->stop = TRAIN_STOP_DIVERGED;
        c->stop_step = c->step + 1;
        c->stop_lr = c->lr;
        c->steps_left = 0;
        return c->status;
    }
    c->loss = loss;
    c->step++;
    hist_add(c);
    train_curv_after_step(&c->curv, c->net, c->task->x, c->task->y, c->task->n, c->any_frozen ? c->frozen : NULL,
                          c->step, c->lr);
    if (c->status == TRAIN_DIVERGED) {
        c->status = TRAIN_PAUSED;
        c->reason[0] = '\0';
    }
    if (c->steps_left > 0 && --c->steps_left == 0)
        c->status = TRAIN_PAUSED;
    return c->status;
}

double train_core_loss(const train_core *c) { return c->loss; }
int64_t train_core_steps(const train_core *c) { return c->step; }
int64_t train_core_steps_left(const train_core *c) { return c->steps_left; }
train_status train_core_status(const train_core *c) { return c->status; }
train_stop train_core_stop(const train_core *c) { return c->stop; }
double train_core_speed(const train_core *c) { return c->speed; }

void train_core_fill(const train_core *c, snap *s)
{
    const scene_task *t = c->task;
    int n = t->n;
    size_t P = params(c);
    s->scene = c->scene;
    s->d = t->d;
    s->k = t->k;
    s->step = c->step;
    s->loss = c->loss;
    s->loss0 = c->loss0;
    s->preset = c->preset;
    s->hidden = c->net->n_hidden;
    s->act = c->net->act;
    s->gain = c->net->gain;
    s->opt = c->opt.kind;
    s->lr = c->lr;
    s->speed = c->speed;
    s->freeze = c->freeze;
    s->seed = c->seed;
    s->status = c->status;
    s->stop = c->stop;
    s->stop_step = c->stop == TRAIN_STOP_NONE ? 0 : c->stop_step;
    s->stop_lr = c->stop == TRAIN_STOP_NONE ? 0 : c->stop_lr;
    memcpy(s->reason, c->reason, sizeof s->reason);
    s->steps_left = c->steps_left;
    memcpy(s->p, c->net->p, P * sizeof *s->p);
    memcpy(s->grad, c->grad, P * sizeof *s->grad);
    memcpy(s->frozen, c->frozen, P * sizeof *s->frozen);
    s->rng = c->rng;
    opt_state_out(c, &s->opt_state); /* P entries and the pairs only: cheap at every publish */

    s->scene_spec = t->spec;
    /* the data_spec view: n and seed for every scene, the θ range only meaningful for the semicircle */
    s->spec = data_spec_default();
    session_spec_to_task(c->scene, &t->spec, &s->spec);
    s->n = n;
    s->tokens_edited = c->tokens_edited;
    memcpy(s->theta, t->t, (size_t)n * sizeof *s->theta);
    memcpy(s->x, t->x, (size_t)n * (size_t)t->d * sizeof *s->x);
    memcpy(s->y, t->y, (size_t)n * (size_t)t->k * sizeof *s->y);
    nn_kernel_predict(nn_kernel_active(), c->net, t->x, n, s->yhat);

    const snap_history *h = &c->hist;
    s->hist.len = h->len;
    s->hist.stride = h->stride;
    s->hist.origin = h->origin;
    memcpy(s->hist.lo, h->lo, (size_t)h->len * sizeof h->lo[0]);
    memcpy(s->hist.hi, h->hi, (size_t)h->len * sizeof h->hi[0]);
    s->hist.n_marks = h->n_marks;
    memcpy(s->hist.mark, h->mark, (size_t)h->n_marks * sizeof h->mark[0]);
    /* a core alone keeps no history to travel in (travel_fill fills these for a trainer's run) */
    s->travel.first = s->travel.last = c->step;
    s->travel.good_step = -1;
    s->travel.export_seq = 0;
    s->travel.export_n = 0;
    s->travel.export_first = c->step;
    s->travel.export_stride = 1;
    s->travel.ghost.kind = SNAP_GHOST_NONE;
    s->travel.ghost.n = 0;

    const snap_curv *k = &c->curv.pub;
    s->curv.lambda_max = k->lambda_max;
    s->curv.at = k->at;
    s->curv.pending = 0; /* only a trainer's start leaves λ_max for later (train/trainer.c) */
    s->curv.len = k->len;
    memcpy(s->curv.step, k->step, (size_t)k->len * sizeof k->step[0]);
    memcpy(s->curv.lam, k->lam, (size_t)k->len * sizeof k->lam[0]);
    memcpy(s->curv.lr, k->lr, (size_t)k->len * sizeof k->lr[0]);
}

void train_core_curv_share(train_core *c, double share) { c->curv.share = share; }

int train_core_refresh_curv(train_core *c, int accurate)
{
    return train_curv_refresh(&c->curv, c->net, c->task->x, c->task->y, c->task->n,
                              c->any_frozen ? c->frozen : NULL, c->step, c->lr, accurate);
}

void train_core_keep_history(train_core *c, const train_core *from)
{
    c->hist = from->hist;
    train_curv_keep(&c->curv, &from->curv, c->step);
}

void train_core_cut_history(train_core *c)
{
    snap_history *h = &c->hist;
    int64_t len = (c->step - h->origin) / h->stride;
    if (len < h->len)
        h->len = (int)len;
    while (h->n_marks > 0 && h->mark[h->n_marks - 1].step > c->step)
        h->n_marks--;
    hist_add(c);
    train_curv_cut(&c->curv, c->step);
}

void train_core_settings(const train_core *c, train_settings *out)
{
    *out = (train_settings){c->opt.kind, c->lr, c->net->n_hidden, c->net->act, c->net->gain};
}

double train_core_loss0(const train_core *c) { return c->loss0; }
