/* travel: one run with its history: the core, the history that rewinds it exactly, the per-step losses
 * of the branch, the ghost curve; commands, steps and seeks.
 * Owned by one thread (the trainer thread; a test or a bench on main). Invariants: loss[i] is the loss at
 * step loss_first + i * loss_stride of the branch (the newest value at that step); a branch cuts it at the
 * branch point, a reset, preset or load starts it anew (the old one becomes the ghost). */
#include "train/travel.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "train/history.h"

#define BLOCK_OVERHEAD 16 /* malloc's own bytes per block, as history.c counts them */

struct train_travel {
    size_t max_bytes;  /* the bound on travel_bytes() */
    int64_t loss_max;  /* losses kept exactly before thinning */
    train_core *core;
    history *hist;
    double *loss; /* (loss_cap) see the invariants */
    int64_t loss_first, loss_stride, loss_n, loss_cap;
    int64_t good_step;  /* last step of the branch with loss < loss0 before the damage; -1 none */
    int64_t damage_step; /* the branch's first divergence (what broke the units), -1 none: steps after it
                          * are not "before the damage" however low their loss */
    uint64_t export_seq;
    int64_t export_n, export_first, export_stride;
    snap_ghost ghost;
};

/* The history's share of the bound: the rest holds the loss array at its largest and this struct. */
static size_t history_share(size_t max_bytes, int64_t loss_max)
{
    const size_t rest = (size_t)loss_max * sizeof(double) + sizeof(train_travel) + 2 * BLOCK_OVERHEAD;
    return max_bytes > rest ? max_bytes - rest : 0;
}

size_t travel_bytes(const train_travel *t)
{
    return history_bytes(t->hist) + (size_t)t->loss_cap * sizeof(double) + sizeof *t + 2 * BLOCK_OVERHEAD;
}

train_core *travel_core(const train_travel *t) { return t->core; }

/* ---- the branch's losses ---- */

static void loss_restart(train_travel *t)
{
    t->loss_first = train_core_steps(t->core);
    t->loss_stride = 1;
    t->loss_n = 0;
    t->good_step = -1;
    t->damage_step = -1;
}

/* Keeps every other loss: the stride doubles (when the bound is reached, or memory runs out). */
static void loss_thin(train_travel *t)
{
    int64_t o = 0;
    for (int64_t i = 0; i < t->loss_n; i += 2)
        t->loss[o++] = t->loss[i];
    t->loss_n = o;
    t->loss_stride *= 2;
}

/* Notes the loss at step (the newest value there wins). */
static void loss_set(train_travel *t, int64_t step, double loss)
{
    int64_t d = step - t->loss_first;
    if (d < 0 || d % t->loss_stride != 0)
        return;
    int64_t i = d / t->loss_stride;
    if (i < t->loss_n) {
        t->loss[i] = loss;
        return;
    }
    if (i > t->loss_n)
        return; /* a gap: a branch is walked step by step, so never */
    if (t->loss_n == t->loss_cap) {
        int64_t cap = t->loss_cap ? 2 * t->loss_cap : 4096;
        if (cap > t->loss_max && t->loss_cap < t->loss_max)
            cap = t->loss_max;
        double *p = cap <= t->loss_max ? realloc(t->loss, (size_t)cap * sizeof *p) : NULL;
        if (p) {
            t->loss = p;
            t->loss_cap = cap;
        } else {
            loss_thin(t);
            if (d % t->loss_stride != 0)
                return;
        }
    }
    t->loss[t->loss_n++] = loss;
}

/* Forgets the losses after step (and a divergence after it). */
static void loss_cut(train_travel *t, int64_t step)
{
    if (t->damage_step > step)
        t->damage_step = -1;
    int64_t keep = step < t->loss_first ? 0 : (step - t->loss_first) / t->loss_stride + 1;
    if (keep < t->loss_n)
        t->loss_n = keep;
}

/* The last step kept before the damage whose loss is below the reference (searched from the newest). */
static void good_rescan(train_travel *t)
{
    const double ref = train_core_loss0(t->core);
    t->good_step = -1;
    for (int64_t i = t->loss_n - 1; i >= 0; i--)
        if (t->loss[i] < ref && (t->damage_step < 0 || t->loss_first + i * t->loss_stride < t->damage_step)) {
            t->good_step = t->loss_first + i * t->loss_stride;
            return;
        }
}

/* ---- the ghost ---- */

static void ghost_settings(train_travel *t, snap_ghost_kind kind, const train_settings *was)
{
    t->ghost.kind = kind;
    t->ghost.opt = was->opt;
    t->ghost.lr = was->lr;
    t->ghost.hidden = was->hidden;
    t->ghost.act = was->act;
    t->ghost.gain = was->gain;
}

/* The whole branch as it stands (before a reset, preset or load ends it). */
static void ghost_from_losses(train_travel *t, const train_settings *was)
{
    if (t->loss_n < 2)
        return; /* a run without a step leaves the last ghost */
    int64_t every = (t->loss_n + SNAP_GHOST_CAP - 1) / SNAP_GHOST_CAP;
    int n = 0;
    for (int64_t i = 0; i < t->loss_n; i += every, n++) {
        t->ghost.step[n] = t->loss_first + i * t->loss_stride;
        t->ghost.loss[n] = t->loss[i];
    }
    t->ghost.n = n;
    ghost_settings(t, SNAP_GHOST_RUN, was);
}

/* The future the last branch cut off, as the history kept it (its epoch only: a later reset would start
 * its steps from 0 again). */
static void ghost_from_history(train_travel *t, const train_settings *was)
{
    const history_point *pts;
    int m = history_ghost(t->hist, &pts);
    if (m < 2)
        return;
    const int64_t off = pts[0].pos - pts[0].step;
    int len = 0;
    while (len < m && pts[len].pos - pts[len].step == off)
        len++;
    int every = (len + SNAP_GHOST_CAP - 1) / SNAP_GHOST_CAP, n = 0;
    for (int i = 0; i < len; i += every, n++) {
        t->ghost.step[n] = pts[i].step;
        t->ghost.loss[n] = pts[i].loss;
    }
    t->ghost.n = n;
    ghost_settings(t, SNAP_GHOST_BRANCH, was);
}

static void ghost_clear(train_travel *t)
{
    t->ghost.kind = SNAP_GHOST_NONE;
    t->ghost.n = 0;
    history_clear_ghost(t->hist);
}

/* ---- seeking ---- */

/* Goes to step (clamped into the run's range), paused. A failure (memory) leaves the core where it was,
 * paused too: going back was asked, so running on would surprise. */
static void seek_to(train_travel *t, int64_t step)
{
    int64_t first, last;
    history_range(t->hist, &first, &last);
    if (step < first)
        step = first;
    if (step > last)
        step = last;
    const train_cmd pause = {.type = TRAIN_CMD_PAUSE};
    train_core *c = NULL;
    char err[160];
    if (history_seek(t->hist, step, &c, err, (int)sizeof err) != 0) {
        train_core_apply(t->core, &pause);
        return;
    }
    train_core_keep_history(c, t->core);
    const train_cmd speed = {.type = TRAIN_CMD_SET_SPEED, .a = train_core_speed(t->core)};
    train_core_apply(c, &speed);
    train_core_destroy(t->core);
    t->core = c;
}

/* Walking a recorded future onto a change of N: the seek to this very step passes it (a replay cannot:
 * the units it grew came from the rng as it was then) and the run goes on as it was going. */
static void pass_barrier(train_travel *t)
{
    const train_core *c = t->core;
    const int64_t left = train_core_steps_left(c);
    const train_status st = train_core_status(c);
    seek_to(t, train_core_steps(c));
    if (left > 0)
        train_core_apply(t->core, &(train_cmd){.type = TRAIN_CMD_STEP, .i = left > INT_MAX ? INT_MAX : (int)left});
    else if (st == TRAIN_RUNNING)
        train_core_apply(t->core, &(train_cmd){.type = TRAIN_CMD_RUN});
}

static void export_losses(train_travel *t, const train_cmd *cmd)
{
    double *dst = cmd->ptr;
    const int64_t cap = (int64_t)cmd->u;
    int64_t every = cap > 0 ? (t->loss_n + cap - 1) / cap : 0, n = 0;
    if (dst && every > 0)
        for (int64_t i = 0; i < t->loss_n; i += every)
            dst[n++] = t->loss[i];
    t->export_n = n;
    t->export_first = t->loss_first;
    t->export_stride = t->loss_stride * (every > 0 ? every : 1);
    t->export_seq++;
}

/* ---- commands and steps ---- */

static int ends_run(train_cmd_type type)
{
    return type == TRAIN_CMD_RESET || type == TRAIN_CMD_PRESET || type == TRAIN_CMD_LOAD;
}

/* Through the history, then what a branch or a new run means for the losses and the ghost. */
static int logged(train_travel *t, const train_cmd *cmd)
{
    train_settings was;
    train_core_settings(t->core, &was);
    const uint64_t branches = history_branches(t->hist), ghosts = history_ghosts(t->hist);
    if (ends_run(cmd->type))
        ghost_from_losses(t, &was); /* the whole branch, its recorded future included */
    int rc = history_apply(t->hist, t->core, cmd);
    const int64_t step = train_core_steps(t->core);
    if (ends_run(cmd->type)) {
        loss_restart(t);
    } else if (history_branches(t->hist) != branches) {
        train_core_cut_history(t->core);
        loss_cut(t, step);
        if (history_ghosts(t->hist) != ghosts)
            ghost_from_history(t, &was);
        good_rescan(t);
    }
    loss_set(t, step, train_core_loss(t->core));
    if (cmd->type == TRAIN_CMD_SET_TOKENS || cmd->type == TRAIN_CMD_LOAD)
        good_rescan(t); /* the reference loss moved */
    return rc;
}

int travel_apply(train_travel *t, const train_cmd *cmd)
{
    const int64_t step = train_core_steps(t->core);
    switch (cmd->type) {
    case TRAIN_CMD_BACK: seek_to(t, step - (cmd->i > 1 ? cmd->i : 1)); return 0;
    case TRAIN_CMD_SEEK: seek_to(t, cmd->u > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)cmd->u); return 0;
    case TRAIN_CMD_RECOVER: {
        int64_t first, last;
        history_range(t->hist, &first, &last);
        seek_to(t, t->good_step >= first ? t->good_step : first);
        return 0;
    }
    case TRAIN_CMD_CLEAR_GHOST: ghost_clear(t); return 0;
    case TRAIN_CMD_EXPORT_LOSS: export_losses(t, cmd); return 0;
    default: return logged(t, cmd);
    }
}

train_status travel_step(train_travel *t)
{
    /* walking a recorded future again: what was done at this step is done again (a different command
     * instead would branch) */
    train_cmd again;
    for (;;) {
        if (history_next_cmd(t->hist, &again))
            logged(t, &again);
        else if (history_next_needs_seek(t->hist))
            pass_barrier(t);
        else
            break;
    }
    const uint64_t branches = history_branches(t->hist), ghosts = history_ghosts(t->hist);
    train_settings was;
    train_core_settings(t->core, &was);
    train_status st = train_core_step(t->core);
    history_after_step(t->hist, t->core);
    const int64_t step = train_core_steps(t->core);
    if (history_branches(t->hist) != branches) {
        /* a recorded change that cannot replay (N, a load) was due here: the run goes its own way */
        train_core_cut_history(t->core);
        loss_cut(t, step);
        if (history_ghosts(t->hist) != ghosts)
            ghost_from_history(t, &was);
        good_rescan(t);
    }
    if (train_core_stop(t->core) == TRAIN_STOP_NONE) {
        const double loss = train_core_loss(t->core);
        loss_set(t, step, loss);
        if (loss < train_core_loss0(t->core) && step > t->good_step && t->damage_step < 0)
            t->good_step = step;
    } else if (train_core_stop(t->core) == TRAIN_STOP_DIVERGED && t->damage_step < 0) {
        t->damage_step = step; /* the weights it left may be saturated: later lows do not count */
    }
    return st;
}

void travel_fill(const train_travel *t, snap *s)
{
    train_core_fill(t->core, s);
    snap_travel *v = &s->travel;
    history_range(t->hist, &v->first, &v->last);
    v->good_step = t->good_step;
    v->export_seq = t->export_seq;
    v->export_n = t->export_n;
    v->export_first = t->export_first;
    v->export_stride = t->export_stride;
    const snap_ghost *g = &t->ghost;
    v->ghost.kind = g->kind;
    v->ghost.n = g->n;
    v->ghost.opt = g->opt;
    v->ghost.lr = g->lr;
    v->ghost.hidden = g->hidden;
    v->ghost.act = g->act;
    v->ghost.gain = g->gain;
    memcpy(v->ghost.step, g->step, (size_t)g->n * sizeof g->step[0]);
    memcpy(v->ghost.loss, g->loss, (size_t)g->n * sizeof g->loss[0]);
}

train_travel *travel_create(const session *s, char *err, int errlen)
{
    return travel_create_bounded(s, TRAVEL_MAX_BYTES, TRAVEL_LOSS_MAX, err, errlen);
}

train_travel *travel_create_bounded(const session *s, size_t max_bytes, int64_t loss_max, char *err, int errlen)
{
    if (loss_max < 2 || history_share(max_bytes, loss_max) < history_min_bytes()) {
        snprintf(err, (size_t)errlen, "history: a bound of %zu bytes with %lld exact losses leaves less than the "
                 "%zu bytes one keyframe of the largest network needs", max_bytes, (long long)loss_max,
                 history_min_bytes());
        return NULL;
    }
    train_travel *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, (size_t)errlen, "out of memory for the trainer");
        return NULL;
    }
    t->max_bytes = max_bytes;
    t->loss_max = loss_max;
    t->core = train_core_create(s, err, errlen);
    if (!t->core) {
        free(t);
        return NULL;
    }
    t->hist = history_create(t->core, history_share(max_bytes, loss_max), err, errlen);
    if (!t->hist) {
        train_core_destroy(t->core);
        free(t);
        return NULL;
    }
    loss_restart(t);
    loss_set(t, train_core_steps(t->core), train_core_loss(t->core));
    return t;
}

void travel_destroy(train_travel *t)
{
    if (!t)
        return;
    history_destroy(t->hist);
    train_core_destroy(t->core);
    free(t->loss);
    free(t);
}
