/* session_write: a session as INI text (%.17g, so every number reads back bit for bit) and its save.
 * Any thread, on a session it owns; the only file I/O is the one io_save call.
 * Invariants: session_format and session_save write the same text; a failed save changes no file. */
#include "session/session.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session/io.h"

typedef struct {
    char *buf;
    int cap, len;
    int overflow;
} out_buf;

static void put(out_buf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(out_buf *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int room = o->cap - o->len;
    int n = vsnprintf(o->buf + o->len, (size_t)(room > 0 ? room : 0), fmt, ap);
    va_end(ap);
    if (n < 0 || n >= room)
        o->overflow = 1;
    else
        o->len += n;
}

/* key = v0 v1 ... with %.17g, so that strtod gives back the same bits */
static void put_vec(out_buf *o, const char *key, const double *v, int count)
{
    put(o, "%s =", key);
    for (int i = 0; i < count; i++)
        put(o, " %.17g", v[i]);
    put(o, "\n");
}

/* The optimizer's state vectors in the order they are written: v, m, then s1, y1, s2, y2, ... */
typedef struct {
    char key[16];
    const double *vec; /* (P) nn.h layout */
} state_vec;

static int state_vecs(const session *s, state_vec *out)
{
    const session_opt_state *o = &s->opt_state;
    int n = 0;
    if (!s->has_weights || !o->has || o->kind != s->opt)
        return 0;
    if (s->opt == NN_OPT_MOMENTUM || s->opt == NN_OPT_ADAM)
        out[n++] = (state_vec){"v", o->v};
    if (s->opt == NN_OPT_ADAM)
        out[n++] = (state_vec){"m", o->m};
    for (int j = 0; s->opt == NN_OPT_LBFGS && j < o->pairs; j++) {
        out[n] = (state_vec){"", o->s[j]};
        snprintf(out[n++].key, sizeof out[0].key, "s%d", j + 1);
        out[n] = (state_vec){"", o->y[j]};
        snprintf(out[n++].key, sizeof out[0].key, "y%d", j + 1);
    }
    return n;
}

static int token_moved(const session *s, const scene_task *built, int i)
{
    const int D = built->d, K = built->k;
    return memcmp(s->x + i * D, built->x + i * D, (size_t)D * sizeof(double)) != 0 ||
           memcmp(s->y + i * K, built->y + i * K, (size_t)K * sizeof(double)) != 0;
}

/* [task]: the token count, the scene's own keys in its desc's order (a choice by its name), the seed. */
static void put_task(out_buf *o, const session *s, const scene_desc *sc)
{
    scene_spec spec = session_spec(s);
    put(o, "[task]\ntokens = %d\n", spec.n);
    for (int i = 0; i < sc->n_params; i++) {
        const scene_param *p = &sc->params[i];
        if (p->choices)
            put(o, "%s = %s\n", p->key, p->choices[(int)spec.v[i]]);
        else
            put(o, "%s = %.17g\n", p->key, spec.v[i]);
    }
    put(o, "seed = %llu\n", (unsigned long long)spec.seed);
}

/* built: the tokens the spec makes (only read when s->has_tokens). */
static int format_with(const session *s, const scene_task *built, char *buf, int buflen)
{
    out_buf o = {buf, buflen, 0, 0};
    const scene_desc *sc = session_scene(s);
    const int D = sc->d, K = sc->k;
    int n_hid = s->hidden;
    put(&o, "; backprop-lab session; units are numbered 1..N as in the lecture\n");
    put(&o, "[scene]\nname = %s\n", sc->name);
    if (s->has_slice && sc->target) /* only a scene with maps has a strip: other files are as before */
        put(&o, "slice = %.17g %.17g %.17g %.17g ; the maps' slice strip from (x0, y0) to (x1, y1)\n", s->slice[0],
            s->slice[1], s->slice[2], s->slice[3]);
    put(&o, "[network]\nhidden = %d\nactivation = %s\ngain = %.17g\n", n_hid, nn_act_name(s->act), s->gain);
    put_task(&o, s, sc);
    put(&o, "[train]\npreset = %s\noptimizer = %s\nlearning_rate = %.17g\nstep = %lld\n",
        sc->presets[s->preset].name, nn_opt_name(s->opt), s->lr, (long long)s->step);
    if (s->has_rng)
        put(&o, "rng = %llu %llu %llu %llu ; the state that draws units added later\n",
            (unsigned long long)s->rng.s[0], (unsigned long long)s->rng.s[1], (unsigned long long)s->rng.s[2],
            (unsigned long long)s->rng.s[3]);
    put(&o, "only_layer = %d ; 0 both layers learn, 1 only W(1), b(1), 2 only W(2), b(2)\n",
        s->freeze.only_layer);
    put(&o, "only_unit = %d ; 0 every unit learns, else only unit k\n", s->freeze.only_unit + 1);
    if (s->has_ref)
        put(&o, "reference_loss = %.17g ; divergence is a loss over 1e6 x max(this, loss at y = 0)\n",
            s->ref_loss);
    if (s->twin.key != SESSION_TWIN_NONE) {
        char v[40];
        session_twin_format_value(&s->twin, v, (int)sizeof v);
        put(&o, "[twin] ; a second run from the same weights, differing in this one setting\n%s = %s\n",
            session_twin_key_name(s->twin.key), v);
    }
    state_vec st[2 + 2 * NN_LBFGS_HISTORY];
    int n_st = state_vecs(s, st);
    if (s->has_weights && s->opt_state.has && s->opt_state.kind == s->opt) {
        put(&o, "[optimizer] ; its state, so that a resumed run goes on exactly\n");
        put(&o, "t = %lld ; steps since the state started\n", (long long)s->opt_state.t);
        if (s->opt == NN_OPT_LBFGS) {
            put(&o, "pairs = %d ; (s, y) pairs kept, 1 the oldest\n", s->opt_state.pairs);
            for (int j = 0; j < s->opt_state.pairs; j++)
                put(&o, "rho%d = %.17g\n", j + 1, s->opt_state.rho[j]);
        }
    }
    if (s->has_weights) {
        nn_layout lay;
        const nn_shape shape = nn_shape_one(D, n_hid, K);
        nn_layout_of(&shape, &lay);
        put(&o, "[output]\n");
        put_vec(&o, "b", s->p + lay.b[2], K);
        /* each state vector in the weights' layout: its b(2) part here, unit k's part in [unit k] */
        for (int j = 0; j < n_st; j++)
            put_vec(&o, st[j].key, st[j].vec + lay.b[2], K);
        for (int k = 0; k < n_hid; k++) {
            put(&o, "[unit %d]\n", k + 1);
            put_vec(&o, "w1", s->p + lay.w[1] + k * D, D);
            put_vec(&o, "b1", s->p + lay.b[1] + k, 1);
            put_vec(&o, "w2", s->p + lay.w[2] + k * K, K);
            for (int j = 0; j < n_st; j++) {
                const double *v = st[j].vec;
                double unit[2 * NN_MAX_IO + 1]; /* (D + 1 + K) w̄(1)_k, b(1)_k, w(2)_k */
                memcpy(unit, v + lay.w[1] + k * D, (size_t)D * sizeof *unit);
                unit[D] = v[lay.b[1] + (size_t)k];
                memcpy(unit + D + 1, v + lay.w[2] + k * K, (size_t)K * sizeof *unit);
                put_vec(&o, st[j].key, unit, D + 1 + K);
            }
        }
    }
    if (s->has_tokens) {
        for (int i = 0; i < s->task.n; i++) {
            if (!token_moved(s, built, i))
                continue;
            put(&o, "[token %d]\n", i + 1);
            put_vec(&o, "x", s->x + i * D, D);
            put_vec(&o, "y", s->y + i * K, K);
        }
    }
    return o.overflow ? -1 : o.len;
}

/* An upper bound on format_with's length: each %.17g number takes at most 24 characters, so a line of
 * D + 1 + K <= 9 of them at most 240; every unit has up to 3 + 2 + 2 * NN_LBFGS_HISTORY lines. */
static int format_bound(const session *s)
{
    return 4096 + s->hidden * (3 * 128 + (2 + 2 * NN_LBFGS_HISTORY) * 240) + (s->has_tokens ? s->task.n * 240 : 0);
}

static scene_task *built_tokens(const session *s)
{
    if (!s->has_tokens)
        return NULL;
    scene_task *t = malloc(sizeof *t);
    if (t) {
        scene_spec spec = session_spec(s);
        scene_build(session_scene(s), &spec, t);
    }
    return t;
}

int session_format(const session *s, char *buf, int buflen)
{
    scene_task *built = built_tokens(s);
    if (s->has_tokens && !built)
        return -1;
    int len = format_with(s, built, buf, buflen);
    free(built);
    return len;
}


int session_save(const char *path, const session *s, char *err, int errlen)
{
    int cap = format_bound(s);
    char *text = malloc((size_t)cap);
    scene_task *built = built_tokens(s);
    if (!text || (s->has_tokens && !built)) {
        free(text);
        free(built);
        snprintf(err, (size_t)errlen, "%s: cannot save: %s", path, strerror(ENOMEM));
        return -1;
    }
    int len = format_with(s, built, text, cap);
    free(built);
    assert(len >= 0); /* format_bound is an upper bound */
    int rc = io_save(path, text, (size_t)len, err, errlen);
    free(text);
    return rc;
}
