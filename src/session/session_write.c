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

static int token_moved(const session *s, const data_task *built, int i)
{
    return memcmp(s->x + i * DATA_D, built->x + i * DATA_D, DATA_D * sizeof(double)) != 0 ||
           memcmp(s->y + i * DATA_K, built->y + i * DATA_K, DATA_K * sizeof(double)) != 0;
}

/* built: the tokens the spec makes (only read when s->has_tokens). */
static int format_with(const session *s, const data_task *built, char *buf, int buflen)
{
    out_buf o = {buf, buflen, 0, 0};
    int n_hid = s->hidden;
    put(&o, "; backprop-lab session; units are numbered 1..N as in the lecture\n");
    put(&o, "[network]\nhidden = %d\nactivation = %s\ngain = %.17g\n", n_hid, nn_act_name(s->act), s->gain);
    put(&o, "[task]\ntokens = %d\ntheta_min = %.17g\ntheta_max = %.17g\nradius_jitter = %.17g\n", s->task.n,
        s->task.theta_min, s->task.theta_max, s->task.radius_jitter);
    put(&o, "noise = %.17g\nseed = %llu\n", s->task.noise, (unsigned long long)s->task.seed);
    put(&o, "[train]\npreset = %s\noptimizer = %s\nlearning_rate = %.17g\nstep = %lld\n",
        data_preset_name(s->preset), nn_opt_name(s->opt), s->lr, (long long)s->step);
    put(&o, "only_layer = %d ; 0 both layers learn, 1 only W(1), b(1), 2 only W(2), b(2)\n",
        s->freeze.only_layer);
    put(&o, "only_unit = %d ; 0 every unit learns, else only unit k\n", s->freeze.only_unit + 1);
    if (s->has_weights) {
        const double *w1 = s->p;                                  /* (N, D) */
        const double *b1 = w1 + n_hid * DATA_D;                   /* (N) */
        const double *w2 = b1 + n_hid;                            /* (N, K) */
        const double *b2 = w2 + n_hid * DATA_K;                   /* (K) */
        put(&o, "[output]\n");
        put_vec(&o, "b", b2, DATA_K);
        for (int k = 0; k < n_hid; k++) {
            put(&o, "[unit %d]\n", k + 1);
            put_vec(&o, "w1", w1 + k * DATA_D, DATA_D);
            put_vec(&o, "b1", b1 + k, 1);
            put_vec(&o, "w2", w2 + k * DATA_K, DATA_K);
        }
    }
    if (s->has_tokens) {
        for (int i = 0; i < s->task.n; i++) {
            if (!token_moved(s, built, i))
                continue;
            put(&o, "[token %d]\n", i + 1);
            put_vec(&o, "x", s->x + i * DATA_D, DATA_D);
            put_vec(&o, "y", s->y + i * DATA_K, DATA_K);
        }
    }
    return o.overflow ? -1 : o.len;
}

/* An upper bound on format_with's length: each %.17g number takes at most 24 characters. */
static int format_bound(const session *s)
{
    return 4096 + s->hidden * 256 + (s->has_tokens ? s->task.n * 160 : 0);
}

static data_task *built_tokens(const session *s)
{
    if (!s->has_tokens)
        return NULL;
    data_task *t = malloc(sizeof *t);
    if (t)
        data_task_build(t, &s->task);
    return t;
}

int session_format(const session *s, char *buf, int buflen)
{
    data_task *built = built_tokens(s);
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
    data_task *built = built_tokens(s);
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
