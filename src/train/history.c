/* history: exact time travel for one training run: keyframes of the whole state, a log of every
 * command that changes the trajectory, replay to any past step, branches and the old branch's ghost.
 * Owned by the thread that owns the core. Invariants: keyframes and log entries are ordered by
 * (pos, log index); every change of N and every load is followed by a barrier keyframe, so a replay
 * never re-runs one (their results depend on state a session does not hold: the core's rng). */
#include "train/history.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What malloc itself keeps per block, counted so that the bound speaks of real memory. */
#define BLOCK_OVERHEAD 16

typedef enum { ENTRY_CMD, ENTRY_DIVERGED } entry_kind;

typedef struct {
    int64_t pos;     /* where it happened */
    int64_t off;     /* pos minus the core's step after it: constant along an epoch */
    entry_kind kind; /* a command, or a step that diverged (weights kept, optimizer state reset) */
    train_cmd cmd;   /* ptr always NULL: loads are never replayed */
} entry;

/* A compact session: the fixed fields as session.h lays them out, then only the arrays in use. */
typedef struct {
    unsigned char shead[offsetof(session, p)];            /* preset .. has_weights */
    unsigned char ohead[offsetof(session_opt_state, v)];  /* has, kind, t */
    int pairs;
    int has_tokens;
    double rho[NN_LBFGS_HISTORY]; /* (pairs) */
    uint64_t seed;                /* the seed in force; task.seed differs while a change waits */
    size_t P, n;
    int has_opt;
    double data[]; /* p (P), then with has_opt v (P), m (P), s (pairs, P), y (pairs, P); then with
                    * has_tokens x (n, D), y (n, K) */
} blob;

typedef struct {
    int64_t pos;
    size_t log; /* entries applied in the state it holds */
    int barrier;
    size_t bytes; /* of its blob */
    blob *b;
} keyframe;

struct history {
    size_t max_bytes;
    size_t blob_bytes; /* Σ keyframe blob sizes, each with BLOCK_OVERHEAD */
    session *scratch;  /* heap: a keyframe is packed from and unpacked into it */
    snap *view;        /* heap: read at a keyframe while a seed change may wait for a token rebuild */
    int seed_pending;

    keyframe *kf; /* (cap_kf) the first n_kf in use */
    size_t n_kf, cap_kf;
    entry *log; /* (cap_log) the first n_log in use */
    size_t n_log, cap_log;
    int64_t base_off; /* the offset (pos - step) before log[0] */
    int64_t stride;   /* regular keyframes at pos % stride == 0 */

    int64_t cur_pos; /* the live core's position and the entries applied to it */
    size_t cur_log;
    int64_t head_pos; /* the end of the recorded branch (its entries: all n_log) */

    uint64_t branches, ghosts; /* how many branches were cut and ghosts kept so far */

    int64_t curve_stride;
    int n_curve, n_ghost;
    history_point curve[HISTORY_CURVE_CAP]; /* (n_curve) */
    history_point ghost[HISTORY_CURVE_CAP]; /* (n_ghost) */
};

static int fail(char *err, int errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, (size_t)errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static size_t fixed_bytes(void)
{
    return sizeof(history) + sizeof(session) + sizeof(snap) + 3 * BLOCK_OVERHEAD;
}

/* dk: D + K of the session's scene (a token's x and y) */
static size_t blob_size(size_t P, int has_opt, int pairs, int has_tokens, size_t n, size_t dk)
{
    size_t count = P + (has_opt ? 2 * P + 2 * (size_t)pairs * P : 0) + (has_tokens ? n * dk : 0);
    return sizeof(blob) + count * sizeof(double) + BLOCK_OVERHEAD;
}

size_t history_min_bytes(void)
{
    /* one keyframe of the largest state, a few entries and keyframe slots */
    return fixed_bytes() +
           blob_size(SESSION_PARAM_MAX, 1, NN_LBFGS_HISTORY, 1, DATA_MAX_TOKENS, SCENE_MAX_DK) + 64 * sizeof(entry) +
           16 * sizeof(keyframe) + 2 * BLOCK_OVERHEAD;
}

size_t history_bytes(const history *h)
{
    return fixed_bytes() + h->blob_bytes + h->cap_kf * sizeof(keyframe) + h->cap_log * sizeof(entry) +
           2 * BLOCK_OVERHEAD;
}

int history_keyframes(const history *h) { return (int)h->n_kf; }
uint64_t history_branches(const history *h) { return h->branches; }
uint64_t history_ghosts(const history *h) { return h->ghosts; }
int64_t history_stride(const history *h) { return h->stride; }
int64_t history_pos(const history *h) { return h->cur_pos; }
int64_t history_head(const history *h) { return h->head_pos; }

static int at_head(const history *h) { return h->cur_pos == h->head_pos && h->cur_log == h->n_log; }

/* The offset pos - step of the state after the first L entries. */
static int64_t offset_at(const history *h, size_t L) { return L > 0 ? h->log[L - 1].off : h->base_off; }

/* (pos, log) order of states along the branch. */
static int state_le(int64_t pa, size_t la, int64_t pb, size_t lb) { return pa < pb || (pa == pb && la <= lb); }

/* ---- keyframes ---- */

static void pack(blob *b, const session *s, uint64_t seed, size_t P, size_t n)
{
    memcpy(b->shead, s, sizeof b->shead);
    memcpy(b->ohead, &s->opt_state, sizeof b->ohead);
    b->has_opt = s->opt_state.has;
    b->pairs = b->has_opt ? s->opt_state.pairs : 0;
    b->has_tokens = s->has_tokens;
    memcpy(b->rho, s->opt_state.rho, sizeof b->rho);
    b->seed = seed;
    b->P = P;
    b->n = n;
    double *d = b->data;
    memcpy(d, s->p, P * sizeof *d);
    d += P;
    if (b->has_opt) {
        memcpy(d, s->opt_state.v, P * sizeof *d);
        memcpy(d + P, s->opt_state.m, P * sizeof *d);
        d += 2 * P;
        for (int j = 0; j < b->pairs; j++, d += 2 * P) {
            memcpy(d, s->opt_state.s[j], P * sizeof *d);
            memcpy(d + P, s->opt_state.y[j], P * sizeof *d);
        }
    }
    if (b->has_tokens) {
        const size_t D = (size_t)session_scene(s)->d, K = (size_t)session_scene(s)->k;
        memcpy(d, s->x, n * D * sizeof *d);
        memcpy(d + n * D, s->y, n * K * sizeof *d);
    }
}

static void unpack(const blob *b, session *s)
{
    memset(s, 0, sizeof *s);
    memcpy(s, b->shead, sizeof b->shead);
    memcpy(&s->opt_state, b->ohead, sizeof b->ohead);
    s->opt_state.pairs = b->pairs;
    memcpy(s->opt_state.rho, b->rho, sizeof b->rho);
    s->has_tokens = b->has_tokens;
    size_t P = b->P, n = b->n;
    const double *d = b->data;
    memcpy(s->p, d, P * sizeof *d);
    d += P;
    if (b->has_opt) {
        memcpy(s->opt_state.v, d, P * sizeof *d);
        memcpy(s->opt_state.m, d + P, P * sizeof *d);
        d += 2 * P;
        for (int j = 0; j < b->pairs; j++, d += 2 * P) {
            memcpy(s->opt_state.s[j], d, P * sizeof *d);
            memcpy(s->opt_state.y[j], d + P, P * sizeof *d);
        }
    }
    if (b->has_tokens) {
        const size_t D = (size_t)session_scene(s)->d, K = (size_t)session_scene(s)->k; /* shead gave the scene */
        memcpy(s->x, d, n * D * sizeof *d);
        memcpy(s->y, d + n * D, n * K * sizeof *d);
    }
}

static int reserve(void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *p = realloc(*arr, n * size);
    if (!p)
        return -1;
    *arr = p;
    *cap = n;
    return 0;
}

/* Gives back array room when at most a quarter of it is used (the bound counts capacity). */
static void shrink(void **arr, size_t *cap, size_t used, size_t size)
{
    if (*cap <= 16 || used > *cap / 4)
        return;
    size_t n = used * 2 > 16 ? used * 2 : 16;
    void *p = realloc(*arr, n * size);
    if (p) {
        *arr = p;
        *cap = n;
    }
}

/* Keyframe of the live core at the cursor (which is at the head). 0, or -1 when memory runs out. */
static int take_keyframe(history *h, const train_core *c, int barrier)
{
    if (h->n_kf > 0) {
        keyframe *last = &h->kf[h->n_kf - 1];
        assert(state_le(last->pos, last->log, h->cur_pos, h->cur_log));
        if (last->pos == h->cur_pos && last->log == h->cur_log) {
            last->barrier |= barrier;
            return 0;
        }
    }
    if (reserve((void **)&h->kf, &h->cap_kf, h->n_kf + 1, sizeof *h->kf) != 0)
        return -1;
    session *s = h->scratch;
    train_core_session(c, s);
    uint64_t seed = s->task.seed;
    if (h->seed_pending) {
        /* the session names the seed in force as the tokens' seed; a keyframe must rebuild the tokens
         * the core has (built with the older seed) and keep the new one waiting, as the core does */
        train_core_fill(c, h->view);
        s->task = h->view->spec;
        s->has_tokens = h->view->tokens_edited;
        seed = h->view->seed;
        h->seed_pending = h->view->spec.seed != h->view->seed;
    }
    const scene_desc *sc = session_scene(s);
    size_t P = nn_param_count(sc->d, s->hidden, sc->k), n = (size_t)s->task.n;
    int has_opt = s->opt_state.has;
    size_t bytes = blob_size(P, has_opt, has_opt ? s->opt_state.pairs : 0, s->has_tokens, n,
                             (size_t)(sc->d + sc->k));
    blob *b = malloc(bytes - BLOCK_OVERHEAD);
    if (!b)
        return -1;
    pack(b, s, seed, P, n);
    h->kf[h->n_kf++] = (keyframe){h->cur_pos, h->cur_log, barrier, bytes, b};
    h->blob_bytes += bytes;
    return 0;
}

static void free_keyframe(history *h, size_t i)
{
    h->blob_bytes -= h->kf[i].bytes;
    free(h->kf[i].b);
}

/* Drops regular keyframes off the doubled stride; 1 when one went, 0 when none is left to thin. */
static int thin(history *h)
{
    int any = 0;
    for (size_t i = 0; i < h->n_kf; i++)
        any |= !h->kf[i].barrier && h->kf[i].pos > 0;
    if (!any)
        return 0;
    size_t before = h->n_kf;
    while (h->n_kf == before) {
        h->stride *= 2;
        size_t o = 0;
        for (size_t i = 0; i < h->n_kf; i++) {
            if (!h->kf[i].barrier && h->kf[i].pos % h->stride != 0)
                free_keyframe(h, i);
            else
                h->kf[o++] = h->kf[i];
        }
        h->n_kf = o;
    }
    shrink((void **)&h->kf, &h->cap_kf, h->n_kf, sizeof *h->kf);
    return 1;
}

/* Forgets the oldest keyframe and the entries only it needed; steps before the new oldest are gone. */
static void drop_front(history *h)
{
    assert(h->n_kf > 1);
    free_keyframe(h, 0);
    memmove(h->kf, h->kf + 1, (h->n_kf - 1) * sizeof *h->kf);
    h->n_kf--;
    size_t k = h->kf[0].log;
    h->base_off = offset_at(h, k);
    memmove(h->log, h->log + k, (h->n_log - k) * sizeof *h->log);
    h->n_log -= k;
    h->cur_log -= k;
    for (size_t i = 0; i < h->n_kf; i++)
        h->kf[i].log -= k;
    shrink((void **)&h->log, &h->cap_log, h->n_log, sizeof *h->log);
    shrink((void **)&h->kf, &h->cap_kf, h->n_kf, sizeof *h->kf);
}

/* Keeps history_bytes() within the bound; the cursor is at the head. First regular keyframes thin
 * (longer replays), then the oldest steps go, last the whole past but the live state. */
static void enforce(history *h, const train_core *c)
{
    assert(at_head(h));
    while (history_bytes(h) > h->max_bytes) {
        size_t was = history_bytes(h);
        if (thin(h))
            continue;
        if (h->n_kf > 1) {
            drop_front(h);
        } else if (h->kf[0].pos != h->cur_pos || h->kf[0].log != h->cur_log) {
            if (take_keyframe(h, c, 1) != 0)
                break;
            drop_front(h);
        }
        if (history_bytes(h) >= was)
            break; /* nothing more can go: history_min_bytes guarantees this is within the bound */
    }
}

/* ---- the loss curve ---- */

static void curve_add(history *h, const train_core *c)
{
    if (h->cur_pos % h->curve_stride != 0)
        return;
    if (h->n_curve == HISTORY_CURVE_CAP) {
        while (h->n_curve > HISTORY_CURVE_CAP / 2) {
            h->curve_stride *= 2;
            int o = 0;
            for (int i = 0; i < h->n_curve; i++)
                if (h->curve[i].pos % h->curve_stride == 0)
                    h->curve[o++] = h->curve[i];
            h->n_curve = o;
        }
        if (h->cur_pos % h->curve_stride != 0)
            return;
    }
    h->curve[h->n_curve++] = (history_point){h->cur_pos, train_core_steps(c), train_core_loss(c)};
}

int history_curve(const history *h, const history_point **pts)
{
    *pts = h->curve;
    return h->n_curve;
}

int history_ghost(const history *h, const history_point **pts)
{
    *pts = h->ghost;
    return h->n_ghost;
}

void history_clear_ghost(history *h) { h->n_ghost = 0; }

/* ---- branches ---- */

void history_branch(history *h)
{
    if (at_head(h))
        return;
    h->branches++;
    int first = 0;
    while (first < h->n_curve && h->curve[first].pos < h->cur_pos)
        first++;
    /* only a future with steps in it is worth a ghost; commands alone at this step leave the last one */
    if (h->head_pos > h->cur_pos && h->n_curve - first > 1) {
        h->n_ghost = h->n_curve - first;
        memcpy(h->ghost, h->curve + first, (size_t)h->n_ghost * sizeof *h->ghost);
        h->ghosts++;
    }
    while (h->n_curve > 0 && h->curve[h->n_curve - 1].pos > h->cur_pos)
        h->n_curve--;
    while (h->n_kf > 0 && !state_le(h->kf[h->n_kf - 1].pos, h->kf[h->n_kf - 1].log, h->cur_pos, h->cur_log))
        free_keyframe(h, --h->n_kf);
    h->n_log = h->cur_log;
    h->head_pos = h->cur_pos;
}

/* ---- recording ---- */

/* Commands that change what the steps do; the rest is run state. */
static int is_history(train_cmd_type t)
{
    return !(t == TRAIN_CMD_RUN || t == TRAIN_CMD_PAUSE || t == TRAIN_CMD_STEP || t == TRAIN_CMD_SET_SPEED ||
             t == TRAIN_CMD_QUIT);
}

/* Commands whose effect is fixed by the session and the command alone (growing N draws from the
 * core's rng; a load carries a whole session). */
/* Commands whose effect the log cannot hold (a new shape, a session, a vector of weights) end in a
 * keyframe instead of being replayed. */
static int replayable(train_cmd_type t)
{
    return t != TRAIN_CMD_SET_HIDDEN && t != TRAIN_CMD_LOAD && t != TRAIN_CMD_SET_PARAMS;
}

static int same_cmd(const train_cmd *a, const train_cmd *b)
{
    return a->type == b->type && a->i == b->i && a->j == b->j && memcmp(&a->a, &b->a, sizeof a->a) == 0 &&
           memcmp(&a->b, &b->b, sizeof a->b) == 0 && a->u == b->u;
}

/* Forgets everything but the live state (when memory for the log ran out). */
static void restart_at(history *h, const train_core *c)
{
    for (size_t i = 0; i < h->n_kf; i++)
        free_keyframe(h, i);
    h->n_kf = 0;
    h->n_log = h->cur_log = 0;
    h->base_off = h->cur_pos - train_core_steps(c);
    h->head_pos = h->cur_pos;
    take_keyframe(h, c, 1); /* on failure seeks say that nothing is kept */
}

int history_next_cmd(const history *h, train_cmd *out)
{
    if (at_head(h) || h->cur_log >= h->n_log)
        return 0;
    const entry *e = &h->log[h->cur_log];
    if (e->pos != h->cur_pos || e->kind != ENTRY_CMD || !replayable(e->cmd.type))
        return 0;
    *out = e->cmd;
    return 1;
}

int history_next_needs_seek(const history *h)
{
    if (at_head(h) || h->cur_log >= h->n_log)
        return 0;
    const entry *e = &h->log[h->cur_log];
    /* a load starts another epoch, which a seek by step cannot reach: it branches */
    return e->pos == h->cur_pos && e->kind == ENTRY_CMD && !replayable(e->cmd.type) && e->cmd.type != TRAIN_CMD_LOAD;
}

int history_apply(history *h, train_core *c, const train_cmd *cmd)
{
    if (!is_history(cmd->type))
        return train_core_apply(c, cmd);
    if (!at_head(h)) {
        const entry *e = h->cur_log < h->n_log ? &h->log[h->cur_log] : NULL;
        if (e && e->pos == h->cur_pos && e->kind == ENTRY_CMD && replayable(cmd->type) && same_cmd(&e->cmd, cmd)) {
            h->cur_log++; /* what happened here before: the recorded future still holds */
            return train_core_apply(c, cmd);
        }
        history_branch(h);
    }
    entry e = {h->cur_pos, 0, ENTRY_CMD, *cmd};
    e.cmd.ptr = NULL; /* a load's session (or a weight vector) is freed by the core; its barrier keyframe holds it */
    int logged = reserve((void **)&h->log, &h->cap_log, h->n_log + 1, sizeof *h->log) == 0;
    int rc = train_core_apply(c, cmd);
    if (!logged) {
        restart_at(h, c);
        return rc;
    }
    e.off = h->cur_pos - train_core_steps(c);
    h->log[h->n_log++] = e;
    h->cur_log = h->n_log;
    if (cmd->type == TRAIN_CMD_SET_SEED)
        h->seed_pending = 1;
    if (!replayable(cmd->type) && take_keyframe(h, c, 1) != 0)
        restart_at(h, c);
    enforce(h, c);
    return rc;
}

void history_after_step(history *h, const train_core *c)
{
    train_stop st = train_core_stop(c);
    if (st == TRAIN_STOP_STEP_CAP)
        return; /* nothing changed */
    if (!at_head(h)) {
        const entry *e = h->cur_log < h->n_log ? &h->log[h->cur_log] : NULL;
        if (e && e->pos == h->cur_pos) {
            if (st == TRAIN_STOP_DIVERGED && e->kind == ENTRY_DIVERGED) {
                h->cur_log++;
                return;
            }
            history_branch(h); /* a recorded command was due here and did not come */
        } else if (st == TRAIN_STOP_DIVERGED) {
            history_branch(h); /* not on record: another path (never, while runs are deterministic) */
        } else {
            h->cur_pos++; /* along the recorded future */
            return;
        }
    }
    if (st == TRAIN_STOP_DIVERGED) {
        if (reserve((void **)&h->log, &h->cap_log, h->n_log + 1, sizeof *h->log) != 0) {
            restart_at(h, c);
            return;
        }
        entry e = {h->cur_pos, offset_at(h, h->n_log), ENTRY_DIVERGED, {0}};
        h->log[h->n_log] = e;
        h->cur_log = ++h->n_log;
        enforce(h, c);
        return;
    }
    h->cur_pos++;
    h->head_pos = h->cur_pos;
    curve_add(h, c);
    if (h->cur_pos % h->stride == 0) {
        if (take_keyframe(h, c, 0) == 0)
            enforce(h, c);
        /* else: the next keyframe is further back; seeks replay longer but stay exact */
    }
}

history *history_create(const train_core *c, size_t max_bytes, char *err, int errlen)
{
    if (max_bytes < history_min_bytes()) {
        fail(err, errlen, "history: a bound of %zu bytes is below the %zu bytes one keyframe of the largest network needs",
             max_bytes, history_min_bytes());
        return NULL;
    }
    history *h = calloc(1, sizeof *h);
    if (!h) {
        fail(err, errlen, "history: out of memory");
        return NULL;
    }
    h->scratch = malloc(sizeof *h->scratch);
    h->view = malloc(sizeof *h->view);
    h->max_bytes = max_bytes;
    h->stride = HISTORY_KEY_EVERY;
    h->curve_stride = 1;
    h->base_off = -train_core_steps(c);
    h->seed_pending = 1; /* unknown until the first keyframe looks */
    if (!h->scratch || !h->view || take_keyframe(h, c, 1) != 0) {
        history_destroy(h);
        fail(err, errlen, "history: out of memory");
        return NULL;
    }
    curve_add(h, c);
    return h;
}

void history_destroy(history *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n_kf; i++)
        free(h->kf[i].b);
    free(h->kf);
    free(h->log);
    free(h->scratch);
    free(h->view);
    free(h);
}

/* ---- seeking ---- */

/* The current epoch: the states (pos, L) whose offset is the cursor's, contiguous around it. */
typedef struct {
    int64_t off;
    size_t lo_log, hi_log; /* entries applied: from lo_log (at least) to hi_log (at most) */
    int64_t lo_pos, hi_pos;
} epoch;

static epoch epoch_of(const history *h)
{
    epoch e;
    e.off = offset_at(h, h->cur_log);
    size_t L = h->cur_log;
    while (L > 0 && offset_at(h, L - 1) == e.off)
        L--;
    e.lo_log = L;
    e.lo_pos = L > 0 ? h->log[L - 1].pos : h->kf[0].pos;
    if (e.lo_pos < h->kf[0].pos)
        e.lo_pos = h->kf[0].pos;
    L = h->cur_log;
    while (L < h->n_log && h->log[L].off == e.off)
        L++;
    e.hi_log = L;
    e.hi_pos = L < h->n_log ? h->log[L].pos : h->head_pos;
    return e;
}

void history_range(const history *h, int64_t *first, int64_t *last)
{
    if (h->n_kf == 0) {
        *first = *last = h->cur_pos - offset_at(h, h->cur_log);
        return;
    }
    epoch e = epoch_of(h);
    *first = e.lo_pos - e.off;
    *last = e.hi_pos - e.off;
}

/* Steps c from position *at to pos; every step must step (as it did when recorded). */
static int advance(train_core *c, int64_t *at, int64_t pos, char *err, int errlen)
{
    while (*at < pos) {
        train_core_step(c);
        if (train_core_stop(c) != TRAIN_STOP_NONE)
            return fail(err, errlen, "history: the replay stopped at position %lld where the run stepped",
                        (long long)*at);
        (*at)++;
    }
    return 0;
}

int history_seek(history *h, int64_t step, train_core **out, char *err, int errlen)
{
    *out = NULL;
    if (h->n_kf == 0)
        return fail(err, errlen, "history: nothing is kept (memory ran out)");
    epoch e = epoch_of(h);
    int64_t pos = step + e.off;
    if (pos < e.lo_pos || pos > e.hi_pos)
        return fail(err, errlen, "history: step %lld is outside the steps kept for this run (%lld..%lld)",
                    (long long)step, (long long)(e.lo_pos - e.off), (long long)(e.hi_pos - e.off));
    size_t L = e.lo_log;
    while (L < e.hi_log && h->log[L].pos <= pos)
        L++;
    /* the last keyframe at or before (pos, L) */
    size_t lo = 0, hi = h->n_kf;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (state_le(h->kf[mid].pos, h->kf[mid].log, pos, L))
            lo = mid;
        else
            hi = mid;
    }
    const keyframe *k = &h->kf[lo];
    if (!state_le(k->pos, k->log, pos, L))
        return fail(err, errlen, "history: step %lld is older than the history keeps", (long long)step);

    unpack(k->b, h->scratch);
    train_core *c = train_core_create(h->scratch, err, errlen);
    if (!c)
        return -1;
    if (k->b->seed != h->scratch->task.seed) {
        train_cmd seed = {.type = TRAIN_CMD_SET_SEED, .u = k->b->seed};
        train_core_apply(c, &seed);
    }
    int64_t at = k->pos;
    for (size_t i = k->log; i < L; i++) {
        const entry *en = &h->log[i];
        if (advance(c, &at, en->pos, err, errlen) != 0)
            goto bad;
        if (en->kind == ENTRY_DIVERGED) {
            train_core_step(c);
            if (train_core_stop(c) != TRAIN_STOP_DIVERGED) {
                fail(err, errlen, "history: the replay did not diverge at position %lld where the run did",
                     (long long)at);
                goto bad;
            }
        } else {
            assert(replayable(en->cmd.type)); /* a barrier keyframe follows the others */
            train_core_apply(c, &en->cmd);
        }
    }
    if (advance(c, &at, pos, err, errlen) != 0)
        goto bad;
    train_cmd pause = {.type = TRAIN_CMD_PAUSE};
    train_core_apply(c, &pause);
    h->cur_pos = pos;
    h->cur_log = L;
    *out = c;
    return 0;
bad:
    train_core_destroy(c);
    return -1;
}
