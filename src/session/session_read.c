/* session_read: INI text (libinih) into a session, every key range-checked, every error with its line.
 * Any thread, on a session it owns; the only file I/O is the one io_read_file call.
 * Invariants: a failed parse or load leaves *out untouched; errors read "FILE:LINE: what is wrong". */
#include "session/session.h"

#include <assert.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session/io.h"
#include "session/text.h"

/* inih's line buffer holds INI_MAX_LINE bytes including '\r', '\n' and the NUL; longer lines would
 * be split silently, so they are rejected before parsing. */
#define SESSION_LINE_MAX (INI_MAX_LINE - 3)
#define SESSION_FILE_MAX (16 << 20)
#define UTF8_BOM "\xef\xbb\xbf"

/* SEC_NETWORK..SEC_FIXED_LAST are sections given once; unit and token sections are numbered. */
enum { SEC_NETWORK, SEC_TASK, SEC_TRAIN, SEC_OUTPUT, SEC_OPTIMIZER, SEC_SCENE, SEC_TWIN, SEC_UNIT, SEC_TOKEN,
       SEC_COUNT };
#define SEC_FIXED_LAST SEC_TWIN
#define MAX_KEYS (6 + SCENE_MAX_PARAMS) /* [task] of a scene other than the semicircle: see task_key */

static const char *const sec_names[SEC_COUNT] = {"network", "task",  "train", "output",
                                                 "optimizer", "scene", "twin", "unit", "token"};
/* [task]'s keys are the semicircle's; another scene's are tokens (0), seed (K_SEED) and its own
 * parameters from K_PARAM on (task_key). */
static const char *const sec_keys[SEC_COUNT][MAX_KEYS] = {
    {"hidden", "activation", "gain"},
    {"tokens", "theta_min", "theta_max", "radius_jitter", "noise", "seed"},
    {"preset", "optimizer", "learning_rate", "step", "only_layer", "only_unit", "reference_loss", "rng"},
    {"b"},
    {"t", "pairs", "rho1", "rho2", "rho3", "rho4", "rho5", "rho6", "rho7", "rho8", "rho9", "rho10"},
    {"name", "slice"},
    {"lr", "opt", "act", "hidden", "gain", "freeze"}, /* session_twin_key - 1: one of them */
    {"w1", "b1", "w2"},
    {"x", "y"},
};
/* bit j: sec_keys[sec][j] must be given ([task] of another scene: task_required) */
static const unsigned sec_required[SEC_COUNT] = {0x3, 0x3f, 0xe, 0x1, 0x1, 0x1, 0x0, 0x7, 0x3};

enum { K_HIDDEN = 0, K_ACT, K_GAIN };
enum { K_TOKENS = 0, K_TMIN, K_TMAX, K_JITTER, K_NOISE, K_SEED, K_PARAM };
enum { K_PRESET = 0, K_OPT, K_LR, K_STEP, K_LAYER, K_UNIT, K_REF, K_RNG };
enum { K_T = 0, K_PAIRS, K_RHO1 };
enum { K_NAME = 0, K_SLICE };

/* Optimizer state vectors, given per section beside the weights: [output] holds their b(2) part (K
 * numbers), [unit k] unit k's part (D + 1 + K numbers: its w̄(1), b(1), w(2), as the weights are
 * written). Index: v, m, then s1..s10, then y1..y10. */
#define N_STATE (2 + 2 * NN_LBFGS_HISTORY)
#define UNIT_STATE (2 * NN_MAX_IO + 1) /* room for D + 1 + K */
enum { ST_V = 0, ST_M, ST_S1, ST_Y1 = ST_S1 + NN_LBFGS_HISTORY };

typedef struct {
    const char *name; /* the file, for messages */
    const char *text;
    size_t len, pos;
    int line; /* lines handed to inih so far: inih numbers lines the same way */

    int hdr_line, hdr_seq; /* newest "[...]" line the reader passed on, and how many so far */
    int open_seq;          /* the header whose section the handler has opened */
    int sec, idx;          /* the open section and its 0-based index (unit, token) */

    int err_line;     /* smallest line with an error, 0 = none */
    int handler_line; /* the line on which on_key rejected a key, 0 = none */
    char err[4352]; /* "FILE:LINE: reason": room for a PATH_MAX name and the reason */

    session *s;
    const scene_desc *sc; /* [scene] name, else the semicircle */
    /* line of each section header and key, 0 = not given; unit and token sections by index */
    int fixed_line[SEC_FIXED_LAST + 1];
    int fixed_key[SEC_FIXED_LAST + 1][MAX_KEYS];
    int unit_line[NN_MAX_HIDDEN];
    int unit_key[NN_MAX_HIDDEN][3];
    int token_line[DATA_MAX_TOKENS];
    int token_key[DATA_MAX_TOKENS][2];
    double w1[NN_MAX_HIDDEN * NN_MAX_IO], b1[NN_MAX_HIDDEN], w2[NN_MAX_HIDDEN * NN_MAX_IO], b2[NN_MAX_IO];
    int only_unit_file; /* as written: 0 every unit, else 1-based */
    /* optimizer state as written, by section; lines 0 = not given */
    double st_unit[N_STATE][NN_MAX_HIDDEN][UNIT_STATE]; /* (N_STATE, units, D + 1 + K) */
    double st_out[N_STATE][NN_MAX_IO];                  /* (N_STATE, K) */
    int st_unit_line[NN_MAX_HIDDEN][N_STATE];
    int st_out_line[N_STATE];
} parser;

static void fail(parser *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(parser *c, int line, const char *fmt, ...)
{
    if (c->err_line && c->err_line <= line)
        return;
    c->err_line = line;
    /* the reason first: a long file name may truncate the message, never overrun it */
    char why[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    /* names and values may hold control characters (a CR inside a value, an ESC in a file name):
     * they are shown escaped, so the message stays one line that cannot drive the terminal */
    char raw[sizeof c->err];
    snprintf(raw, sizeof raw, "%s:%d: %s", c->name, line, why);
    text_escape(c->err, sizeof c->err, raw);
}

static int *section_line(parser *c, int sec, int idx)
{
    if (sec == SEC_UNIT)
        return &c->unit_line[idx];
    if (sec == SEC_TOKEN)
        return &c->token_line[idx];
    return &c->fixed_line[sec];
}

static int *key_lines(parser *c, int sec, int idx)
{
    if (sec == SEC_UNIT)
        return c->unit_key[idx];
    if (sec == SEC_TOKEN)
        return c->token_key[idx];
    return c->fixed_key[sec];
}

/* "[unit 3]" for messages */
static void section_label(int sec, int idx, char *buf, size_t len)
{
    if (sec == SEC_UNIT || sec == SEC_TOKEN)
        snprintf(buf, len, "[%s %d]", sec_names[sec], idx + 1);
    else
        snprintf(buf, len, "[%s]", sec_names[sec]);
}

/* The section a header names: fixed ones by name, "unit K" (1..256) and "token I" (1..4096). */
static int open_section(parser *c, const char *name, int line)
{
    for (int sec = 0; sec <= SEC_FIXED_LAST; sec++) {
        if (strcmp(name, sec_names[sec]) == 0) {
            c->sec = sec;
            c->idx = 0;
            goto found;
        }
    }
    for (int sec = SEC_UNIT; sec <= SEC_TOKEN; sec++) {
        size_t nl = strlen(sec_names[sec]);
        if (strncmp(name, sec_names[sec], nl) != 0 || name[nl] != ' ')
            continue;
        const char *num = name + nl + 1;
        int max = sec == SEC_UNIT ? NN_MAX_HIDDEN : DATA_MAX_TOKENS;
        char *end;
        errno = 0;
        long v = num[0] >= '1' && num[0] <= '9' ? strtol(num, &end, 10) : 0;
        if (v == 0 || *end || errno) {
            fail(c, line, "section [%s]: '%s' is not a number from 1", name, num);
            return -1;
        }
        if (v > max) {
            fail(c, line, "section [%s]: %s number %ld is out of range (allowed 1..%d)", name, sec_names[sec], v,
                 max);
            return -1;
        }
        c->sec = sec;
        c->idx = (int)v - 1;
        goto found;
    }
    fail(c, line, "unknown section [%s] (expected scene, network, task, train, output, optimizer, twin, "
         "unit K, token I)", name);
    return -1;
found:
    /* the scene decides which [task] keys, presets and vector lengths the rest of the file has */
    if (c->sec == SEC_SCENE && c->hdr_seq != 1) {
        fail(c, line, "[scene] must come before every other section");
        return -1;
    }
    int *sl = section_line(c, c->sec, c->idx);
    if (*sl) {
        char label[32];
        section_label(c->sec, c->idx, label, sizeof label);
        fail(c, line, "duplicate section %s (first at line %d)", label, *sl);
        return -1;
    }
    *sl = line;
    return 0;
}

/* Copies the next whitespace-separated word of *s into w; 0 when there is none. */
static int next_word(const char **s, char *w, size_t wlen)
{
    const char *p = *s;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = 0;
    while (p[n] && p[n] != ' ' && p[n] != '\t')
        n++;
    *s = p + n;
    if (n == 0)
        return 0;
    if (n >= wlen)
        n = wlen - 1;
    memcpy(w, p, n);
    w[n] = '\0';
    return 1;
}

/* Exactly `count` finite numbers in [lo, hi] (lo excluded when lo_open). */
static int parse_reals(parser *c, const char *what, const char *value, double *out, int count, double lo,
                       double hi, int lo_open)
{
    char w[INI_MAX_LINE];
    const char *p = value;
    int words = 0;
    while (next_word(&p, w, sizeof w))
        words++;
    if (words > count) {
        /* "gain = = 1": the first word is no number, so the value as a whole is not one */
        p = value;
        next_word(&p, w, sizeof w);
        char *end;
        (void)strtod(w, &end);
        if (end == w || *end) {
            if (count == 1)
                fail(c, c->line, "%s: '%s' is not a number", what, value);
            else
                fail(c, c->line, "%s: '%s' is not %d numbers", what, value, count);
            return -1;
        }
    }
    if (count == 1 && words > 1) {
        p = value;
        next_word(&p, w, sizeof w);
        fail(c, c->line, "%s: trailing garbage '%s' after the number", what, p + strspn(p, " \t"));
        return -1;
    }
    if (words != count) {
        if (words == 0)
            fail(c, c->line, "%s: missing value", what);
        else
            fail(c, c->line, "%s: expected %d number%s, found %d", what, count, count == 1 ? "" : "s", words);
        return -1;
    }
    p = value;
    for (int i = 0; i < count; i++) {
        next_word(&p, w, sizeof w);
        char *end;
        double v = strtod(w, &end); /* errno is not consulted: subnormals set ERANGE yet are exact */
        if (end == w || *end) {
            fail(c, c->line, "%s: '%s' is not a number", what, w);
            return -1;
        }
        if (!isfinite(v)) {
            fail(c, c->line, "%s: '%s' is not finite", what, w);
            return -1;
        }
        if (v < lo || v > hi || (lo_open && v == lo)) {
            fail(c, c->line, lo_open ? "%s = %s is out of range (allowed > %g and <= %g)"
                                     : "%s = %s is out of range (allowed %g..%g)", what, w, lo, hi);
            return -1;
        }
        out[i] = v;
    }
    return 0;
}

/* One word only: the value itself, or an error for nothing / trailing garbage. kind names what the
 * value should be ("a whole number"), for a value that starts with a second '='. */
static int one_word(parser *c, const char *what, const char *value, const char *kind, char *w, size_t wlen)
{
    const char *p = value;
    if (!next_word(&p, w, wlen)) {
        fail(c, c->line, "%s: missing value", what);
        return -1;
    }
    p += strspn(p, " \t");
    if (*p && w[0] == '=') {
        fail(c, c->line, "%s: '%s' is not %s", what, value, kind);
        return -1;
    }
    if (*p) {
        fail(c, c->line, "%s: trailing garbage '%s' after '%s'", what, p, w);
        return -1;
    }
    return 0;
}

static int parse_int(parser *c, const char *what, const char *value, long long lo, long long hi, long long *out)
{
    char w[INI_MAX_LINE];
    if (one_word(c, what, value, "a whole number", w, sizeof w))
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(w, &end, 10);
    if (end == w || *end || !(w[0] == '-' || (w[0] >= '0' && w[0] <= '9'))) {
        fail(c, c->line, "%s: '%s' is not a whole number", what, w);
        return -1;
    }
    if (errno == ERANGE || v < lo || v > hi) {
        fail(c, c->line, "%s = %s is out of range (allowed %lld..%lld)", what, w, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_u64(parser *c, const char *what, const char *value, uint64_t *out)
{
    char w[INI_MAX_LINE];
    if (one_word(c, what, value, "a whole number", w, sizeof w))
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(w, &end, 10);
    /* strtoull would accept "-1" as 2^64 - 1: only digits */
    if (end == w || *end || !(w[0] >= '0' && w[0] <= '9')) {
        fail(c, c->line, "%s: '%s' is not a whole number from 0", what, w);
        return -1;
    }
    if (errno == ERANGE) {
        fail(c, c->line, "%s = %s is out of range (allowed 0..%llu)", what, w, (unsigned long long)UINT64_MAX);
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

static int parse_name(parser *c, const char *what, const char *value, int (*parse)(const char *, int *),
                      const char *allowed, int *out)
{
    char w[INI_MAX_LINE];
    if (one_word(c, what, value, "a name", w, sizeof w))
        return -1;
    if (parse(w, out)) {
        fail(c, c->line, "%s: unknown '%s' (allowed %s)", what, w, allowed);
        return -1;
    }
    return 0;
}

static int act_parse(const char *s, int *out)
{
    nn_act a;
    if (nn_act_parse(s, &a))
        return -1;
    *out = (int)a;
    return 0;
}

static int opt_parse(const char *s, int *out)
{
    nn_opt_kind k;
    if (nn_opt_parse(s, &k))
        return -1;
    *out = (int)k;
    return 0;
}

/* "a, b, c": the names of a NULL-ended list, for messages */
static void join_names(const char *const *names, int count, char *buf, size_t len)
{
    buf[0] = '\0';
    for (int i = 0; i < count && names[i]; i++) {
        size_t at = strlen(buf);
        snprintf(buf + at, len - at, "%s%s", i ? ", " : "", names[i]);
    }
}

static int parse_preset(parser *c, const char *what, const char *value, int *out)
{
    char w[INI_MAX_LINE];
    if (one_word(c, what, value, "a name", w, sizeof w))
        return -1;
    int p = scene_preset_find(c->sc, w);
    if (p < 0) {
        const char *names[SCENE_MAX_PRESETS + 1] = {0};
        for (int i = 0; i < c->sc->n_presets; i++)
            names[i] = c->sc->presets[i].name;
        char allowed[256];
        join_names(names, c->sc->n_presets, allowed, sizeof allowed);
        fail(c, c->line, "%s: unknown '%s' (allowed %s)", what, w, allowed);
        return -1;
    }
    *out = p;
    return 0;
}

static int parse_scene(parser *c, const char *what, const char *value)
{
    char w[INI_MAX_LINE];
    if (one_word(c, what, value, "a name", w, sizeof w))
        return -1;
    const scene_desc *sc = scene_find(w);
    if (!sc) {
        const char *names[8] = {0};
        int n = scene_count() < 7 ? scene_count() : 7;
        for (int i = 0; i < n; i++)
            names[i] = scene_at(i)->name;
        char allowed[256];
        join_names(names, n, allowed, sizeof allowed);
        fail(c, c->line, "%s: unknown scene '%s' (allowed %s)", what, w, allowed);
        return -1;
    }
    c->sc = sc;
    c->s->scene = sc;
    return 0;
}

/* The four words of the rng's state: whole numbers 0..2^64 - 1, not all 0 (xoshiro's one dead state). */
static int parse_rng(parser *c, const char *what, const char *value, nn_rng *out)
{
    char w[INI_MAX_LINE];
    const char *p = value;
    nn_rng r;
    int words = 0;
    while (next_word(&p, w, sizeof w)) {
        if (words == 4) {
            fail(c, c->line, "%s: expected 4 whole numbers, found more", what);
            return -1;
        }
        char *end;
        errno = 0;
        unsigned long long v = strtoull(w, &end, 10);
        if (end == w || *end || !(w[0] >= '0' && w[0] <= '9') || errno == ERANGE) {
            fail(c, c->line, "%s: '%s' is not a whole number 0..%llu", what, w, (unsigned long long)UINT64_MAX);
            return -1;
        }
        r.s[words++] = (uint64_t)v;
    }
    if (words != 4) {
        fail(c, c->line, "%s: expected 4 whole numbers, found %d", what, words);
        return -1;
    }
    if (!nn_rng_seeded(&r)) {
        fail(c, c->line, "%s: all four words are 0, which is no state of the generator", what);
        return -1;
    }
    *out = r;
    return 0;
}

static int is_semicircle(const parser *c) { return c->sc == &scene_semicircle; }

/* [scene] slice: the strip's segment as --slice gives it, four numbers in the input square, the ends apart
 * (whether the scene has maps is known once the section is read: finish checks it). */
static int parse_slice(parser *c, const char *what, const char *value)
{
    double v[4];
    if (strchr(value, ',')) {
        fail(c, c->line, "%s: '%s': the file takes x0 y0 x1 y1 apart by spaces (--slice takes commas)", what,
             value);
        return -1;
    }
    if (parse_reals(c, what, value, v, 4, -1.0, 1.0, 0))
        return -1;
    if (!session_slice_ok(v)) { /* each number is in range: what is left is the ends apart */
        fail(c, c->line, "%s: '%s' has both ends at one point (a segment needs two)", what, value);
        return -1;
    }
    c->s->has_slice = 1;
    memcpy(c->s->slice, v, sizeof v);
    return 0;
}

/* Index of a [task] key of a scene other than the semicircle (-1: none of its keys). */
static int task_key(const parser *c, const char *name)
{
    if (strcmp(name, "tokens") == 0)
        return K_TOKENS;
    if (strcmp(name, "seed") == 0)
        return K_SEED;
    int i = scene_param_index(c->sc, name);
    return i < 0 ? -1 : K_PARAM + i;
}

static unsigned task_required(const parser *c)
{
    if (is_semicircle(c))
        return sec_required[SEC_TASK];
    return (1u << K_TOKENS) | (1u << K_SEED) | (((1u << c->sc->n_params) - 1u) << K_PARAM);
}

/* The name of [task] key j of the scene being read. */
static const char *task_key_name(const parser *c, int j)
{
    if (is_semicircle(c) || j == K_TOKENS || j == K_SEED)
        return sec_keys[SEC_TASK][j];
    return c->sc->params[j - K_PARAM].key;
}

/* A parameter of a scene other than the semicircle: a name among its choices or a number in its range. */
static int parse_param(parser *c, const char *what, const char *value, int i)
{
    const scene_param *p = &c->sc->params[i];
    if (!p->choices)
        return parse_reals(c, what, value, &c->s->params[i], 1, p->lo, p->hi, 0);
    char w[INI_MAX_LINE];
    if (one_word(c, what, value, "a name", w, sizeof w))
        return -1;
    int k = scene_choice_find(p, w);
    if (k < 0) {
        char allowed[256];
        join_names(p->choices, scene_choice_count(p), allowed, sizeof allowed);
        fail(c, c->line, "%s: unknown '%s' (allowed %s)", what, w, allowed);
        return -1;
    }
    c->s->params[i] = k;
    return 0;
}

/* One number in the range table's entry id. */
static int parse_range(parser *c, const char *what, const char *value, double *out, range_id id)
{
    return parse_reals(c, what, value, out, 1, range_table[id].lo, range_table[id].hi, 0);
}

/* Index of an optimizer state key ("v", "m", "s1".."s10", "y1".."y10"), or -1. */
static int state_key(const char *name)
{
    if (strcmp(name, "v") == 0)
        return ST_V;
    if (strcmp(name, "m") == 0)
        return ST_M;
    if ((name[0] == 's' || name[0] == 'y') && name[1] >= '1' && name[1] <= '9') {
        int j = name[1] - '0';
        if (name[2] == '0' && name[3] == '\0' && j == 1)
            j = 10;
        else if (name[2] != '\0')
            return -1;
        return (name[0] == 's' ? ST_S1 : ST_Y1) + j - 1;
    }
    return -1;
}

static void state_name(int st, char *buf, size_t len)
{
    if (st == ST_V || st == ST_M)
        snprintf(buf, len, "%s", st == ST_V ? "v" : "m");
    else
        snprintf(buf, len, "%c%d", st < ST_Y1 ? 's' : 'y', (st < ST_Y1 ? st - ST_S1 : st - ST_Y1) % 100 + 1);
}

/* A state key in [output] or [unit k]: its numbers, kept until finish() knows the optimizer. */
static int set_state_key(parser *c, int st, const char *what, const char *v)
{
    int *line = c->sec == SEC_OUTPUT ? &c->st_out_line[st] : &c->st_unit_line[c->idx][st];
    if (*line) {
        char label[32], name[16];
        section_label(c->sec, c->idx, label, sizeof label);
        state_name(st, name, sizeof name);
        fail(c, c->line, "duplicate key '%s' in %s (first at line %d)", name, label, *line);
        return -1;
    }
    *line = c->line;
    if (c->sec == SEC_OUTPUT)
        return parse_reals(c, what, v, c->st_out[st], c->sc->k, -HUGE_VAL, HUGE_VAL, 0);
    return parse_reals(c, what, v, c->st_unit[st][c->idx], c->sc->d + 1 + c->sc->k, -HUGE_VAL, HUGE_VAL, 0);
}

static int set_key(parser *c, int key, const char *what, const char *v)
{
    session *s = c->s;
    const int D = c->sc->d, K = c->sc->k;
    long long i;
    int e;
    switch (c->sec) {
    case SEC_NETWORK:
        if (key == K_HIDDEN) {
            if (parse_int(c, what, v, RANGE_HIDDEN_MIN, RANGE_HIDDEN_MAX, &i))
                return -1;
            s->hidden = (int)i;
        } else if (key == K_ACT) {
            if (parse_name(c, what, v, act_parse, "logistic, tanh, relu, step, signum", &e))
                return -1;
            s->act = (nn_act)e;
        } else {
            return parse_reals(c, what, v, &s->gain, 1, range_table[RANGE_GAIN].lo, range_table[RANGE_GAIN].hi, 0);
        }
        return 0;
    case SEC_SCENE:
        return key == K_NAME ? parse_scene(c, what, v) : parse_slice(c, what, v);
    case SEC_TWIN: {
        /* one setting: a twin differs from its run in exactly one */
        const int *kl = c->fixed_key[SEC_TWIN];
        for (int j = 0; j < SESSION_TWIN_COUNT - 1; j++) {
            if (j != key && kl[j]) {
                fail(c, c->line, "[twin] holds one setting, and '%s' is given at line %d", sec_keys[SEC_TWIN][j],
                     kl[j]);
                return -1;
            }
        }
        char why[200];
        if (session_twin_parse_value((session_twin_key)(key + 1), v, &s->twin, why, (int)sizeof why) != 0) {
            fail(c, c->line, "[twin] %s", why);
            return -1;
        }
        return 0;
    }
    case SEC_TASK:
        if (key >= K_PARAM)
            return parse_param(c, what, v, key - K_PARAM);
        switch (key) {
        case K_TOKENS:
            if (parse_int(c, what, v, scene_n_min(c->sc), scene_n_max(c->sc), &i))
                return -1;
            s->task.n = (int)i;
            return 0;
        case K_TMIN:
            return parse_range(c, what, v, &s->task.theta_min, RANGE_THETA);
        case K_TMAX:
            return parse_range(c, what, v, &s->task.theta_max, RANGE_THETA);
        case K_JITTER:
            return parse_range(c, what, v, &s->task.radius_jitter, RANGE_JITTER);
        case K_NOISE:
            return parse_range(c, what, v, &s->task.noise, RANGE_NOISE);
        default:
            return parse_u64(c, what, v, &s->task.seed);
        }
    case SEC_TRAIN:
        switch (key) {
        case K_PRESET:
            return parse_preset(c, what, v, &s->preset);
        case K_RNG:
            s->has_rng = 1;
            return parse_rng(c, what, v, &s->rng);
        case K_OPT:
            if (parse_name(c, what, v, opt_parse, "gd, momentum, adam, lbfgs", &e))
                return -1;
            s->opt = (nn_opt_kind)e;
            return 0;
        case K_LR:
            return parse_range(c, what, v, &s->lr, RANGE_LR);
        case K_STEP:
            if (parse_int(c, what, v, 0, RANGE_STEP_MAX, &i))
                return -1;
            s->step = (int64_t)i;
            return 0;
        case K_REF:
            s->has_ref = 1;
            return parse_reals(c, what, v, &s->ref_loss, 1, 0.0, HUGE_VAL, 0);
        case K_LAYER:
            if (parse_int(c, what, v, 0, 2, &i))
                return -1;
            s->freeze.only_layer = (int)i;
            return 0;
        default:
            if (parse_int(c, what, v, 0, NN_MAX_HIDDEN, &i))
                return -1;
            c->only_unit_file = (int)i;
            return 0;
        }
    case SEC_OPTIMIZER:
        if (key == K_T) {
            if (parse_int(c, what, v, 0, RANGE_STEP_MAX, &i))
                return -1;
            s->opt_state.t = (int64_t)i;
            return 0;
        }
        if (key == K_PAIRS) {
            if (parse_int(c, what, v, 0, NN_LBFGS_HISTORY, &i))
                return -1;
            s->opt_state.pairs = (int)i;
            return 0;
        }
        /* 1 / s'y of a stored pair: positive, since a pair is stored only when s'y > 0 */
        return parse_reals(c, what, v, &s->opt_state.rho[key - K_RHO1], 1, 0.0, HUGE_VAL, 1);
    case SEC_OUTPUT:
        return parse_reals(c, what, v, c->b2, K, -HUGE_VAL, HUGE_VAL, 0);
    case SEC_UNIT:
        if (key == 0)
            return parse_reals(c, what, v, c->w1 + c->idx * D, D, -HUGE_VAL, HUGE_VAL, 0);
        if (key == 1)
            return parse_reals(c, what, v, c->b1 + c->idx, 1, -HUGE_VAL, HUGE_VAL, 0);
        return parse_reals(c, what, v, c->w2 + c->idx * K, K, -HUGE_VAL, HUGE_VAL, 0);
    default:
        if (key == 0)
            return parse_reals(c, what, v, s->x + c->idx * D, D, -HUGE_VAL, HUGE_VAL, 0);
        return parse_reals(c, what, v, s->y + c->idx * K, K, -HUGE_VAL, HUGE_VAL, 0);
    }
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    parser *c = user;
    if (c->err_line)
        return 0;
    if (c->hdr_seq == 0) {
        fail(c, c->line, "key '%s' before any [section]", name);
        return 0;
    }
    if (c->open_seq != c->hdr_seq) {
        c->open_seq = c->hdr_seq;
        if (open_section(c, section, c->hdr_line))
            return 0;
    }
    char label[32], what[64];
    section_label(c->sec, c->idx, label, sizeof label);
    int key = -1;
    if (c->sec == SEC_TASK && !is_semicircle(c)) {
        key = task_key(c, name);
    } else {
        for (int j = 0; j < MAX_KEYS && sec_keys[c->sec][j]; j++)
            if (strcmp(name, sec_keys[c->sec][j]) == 0)
                key = j;
    }
    if (key < 0 && c->sec == SEC_TASK) {
        /* a key of another scene's [task]: the file mixes two scenes */
        for (int i = 0; i < scene_count(); i++) {
            const scene_desc *o = scene_at(i);
            if (o != c->sc && scene_param_index(o, name) >= 0) {
                fail(c, c->line, "key '%s' in [task] belongs to scene %s, not to scene %s", name, o->name,
                     c->sc->name);
                return 0;
            }
        }
    }
    int st = key < 0 && (c->sec == SEC_OUTPUT || c->sec == SEC_UNIT) ? state_key(name) : -1;
    if (st >= 0) {
        if (c->sec == SEC_UNIT)
            snprintf(what, sizeof what, "%s in %s", name, label);
        else
            snprintf(what, sizeof what, "%s", name);
        return set_state_key(c, st, what, value) == 0;
    }
    if (key < 0) {
        fail(c, c->line, "unknown key '%s' in %s", name, label);
        return 0;
    }
    int *kl = key_lines(c, c->sec, c->idx);
    if (kl[key]) {
        fail(c, c->line, "duplicate key '%s' in %s (first at line %d)", name, label, kl[key]);
        return 0;
    }
    kl[key] = c->line;
    if (c->sec == SEC_UNIT || c->sec == SEC_TOKEN)
        snprintf(what, sizeof what, "%s in %s", name, label);
    else
        snprintf(what, sizeof what, "%s", name);
    return set_key(c, key, what, value) == 0;
}

/* inih counts a rejected key as an error on its line, like a line it cannot parse. */
static int on_key_checked(void *user, const char *section, const char *name, const char *value)
{
    parser *c = user;
    int ok = on_key(user, section, name, value);
    if (!ok && !c->handler_line)
        c->handler_line = c->line;
    return ok;
}

/* A section header whose section never received a key (inih reports no empty sections). */
static void check_empty_section(parser *c)
{
    if (c->hdr_seq > 0 && c->open_seq != c->hdr_seq)
        fail(c, c->hdr_line, "empty section (every section needs its keys)");
}

/* inih's fgets-style reader, one line at a time from the text. Leading blanks are dropped, so an
 * indented line is an ordinary line rather than a continuation of the previous value. */
static char *read_line(char *str, int num, void *stream)
{
    parser *c = stream;
    if (c->err_line)
        return NULL; /* later errors cannot be on an earlier line */
    if (c->pos >= c->len) {
        check_empty_section(c);
        return NULL;
    }
    const char *p = c->text + c->pos;
    const char *nl = memchr(p, '\n', c->len - c->pos);
    size_t n = nl ? (size_t)(nl - p) + 1 : c->len - c->pos;
    c->pos += n;
    c->line++;
    if (c->line == 1 && n >= 3 && memcmp(p, UTF8_BOM, 3) == 0) { /* UTF-8 byte order mark */
        p += 3;
        n -= 3;
    }
    while (n > 0 && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    assert(n < (size_t)num); /* lines over SESSION_LINE_MAX were rejected before parsing */
    (void)num;                /* read by the assert alone: a release build drops it */
    memcpy(str, p, n);
    str[n] = '\0';
    if (str[0] == '[') {
        /* inih ignores what follows the ']': "[output] junk" would pass for [output] */
        const char *close = strchr(str, ']');
        if (close) {
            const char *rest = close + 1 + strspn(close + 1, " \t\r\n");
            if (*rest && *rest != ';') {
                size_t n_rest = strcspn(rest, "\r\n");
                fail(c, c->line, "'%.*s' after the section header %.*s (only a ';' comment may follow)",
                     (int)n_rest, rest, (int)(close + 1 - str), str);
                return NULL;
            }
        }
        check_empty_section(c);
        c->hdr_line = c->line;
        c->hdr_seq++;
    }
    return str;
}

/* Binary data and lines longer than inih's buffer, before inih sees them. */
static int prescan(parser *c)
{
    int line = 1;
    /* a leading byte order mark is no part of the first line (read_line drops it) */
    size_t start = c->len >= 3 && memcmp(c->text, UTF8_BOM, 3) == 0 ? 3 : 0;
    for (size_t i = start; i <= c->len; i++) {
        unsigned char ch = i < c->len ? (unsigned char)c->text[i] : '\n';
        if (ch == '\n') {
            size_t n = i - start;
            if (n > 0 && c->text[i - 1] == '\r')
                n--;
            if (n > SESSION_LINE_MAX) {
                fail(c, line, "line is %zu characters long, over the parser's limit of %d", n, SESSION_LINE_MAX);
                return -1;
            }
            line++;
            start = i + 1;
        } else if ((ch < 0x20 && ch != '\t' && ch != '\r') || ch == 0x7f) {
            fail(c, line, "binary data (byte 0x%02x), not a session file", ch);
            return -1;
        }
    }
    return 0;
}

static int first_missing_key(const parser *c, int sec, const int *kl)
{
    unsigned req = sec == SEC_TASK ? task_required(c) : sec_required[sec];
    for (int j = 0; j < MAX_KEYS; j++)
        if ((req >> j & 1u) && !kl[j])
            return j;
    return -1;
}

/* Whether the optimizer keeps state vector st with that many pairs. */
static int state_kept(nn_opt_kind opt, int st, int pairs)
{
    switch (opt) {
    case NN_OPT_MOMENTUM: return st == ST_V;
    case NN_OPT_ADAM: return st == ST_V || st == ST_M;
    case NN_OPT_LBFGS: return st >= ST_S1 && (st < ST_Y1 ? st - ST_S1 : st - ST_Y1) < pairs;
    default: return 0;
    }
}

/* The optimizer state (after the weights were checked and laid out): every vector the optimizer keeps
 * for every section, none it does not keep; then laid out in nn.h's order into s->opt_state. */
static int finish_state(parser *c)
{
    session *s = c->s;
    session_opt_state *o = &s->opt_state;
    int opt_line = c->fixed_line[SEC_OPTIMIZER];
    const char *name = nn_opt_name(s->opt);
    char label[32], key[16];
    if (opt_line && !s->has_weights) {
        fail(c, opt_line, "[optimizer] needs the weights too ([output] and [unit 1]..[unit %d])", s->hidden);
        return -1;
    }
    const int *ok = c->fixed_key[SEC_OPTIMIZER];
    int pairs = s->opt == NN_OPT_LBFGS ? o->pairs : 0;
    if (opt_line && s->opt == NN_OPT_LBFGS && !ok[K_PAIRS])
        fail(c, opt_line, "[optimizer] has no 'pairs' (lbfgs keeps pairs)");
    if (ok[K_PAIRS] && s->opt != NN_OPT_LBFGS)
        fail(c, ok[K_PAIRS], "pairs: %s keeps no L-BFGS pairs", name);
    for (int j = 0; j < NN_LBFGS_HISTORY; j++) {
        int line = ok[K_RHO1 + j];
        if (j < pairs && !line)
            fail(c, opt_line, "[optimizer] has no 'rho%d' (pairs = %d)", j + 1, pairs);
        else if (line && s->opt != NN_OPT_LBFGS)
            fail(c, line, "rho%d: %s keeps no L-BFGS pairs", j + 1, name);
        else if (line && j >= pairs)
            fail(c, line, "rho%d is beyond pairs = %d", j + 1, pairs);
    }
    for (int u = -1; u < s->hidden; u++) {
        const int *lines = u < 0 ? c->st_out_line : c->st_unit_line[u];
        int sec_line = u < 0 ? c->fixed_line[SEC_OUTPUT] : c->unit_line[u];
        section_label(u < 0 ? SEC_OUTPUT : SEC_UNIT, u < 0 ? 0 : u, label, sizeof label);
        for (int st = 0; st < N_STATE; st++) {
            state_name(st, key, sizeof key);
            int kept = state_kept(s->opt, st, pairs);
            if (lines[st] && !opt_line)
                fail(c, lines[st], "'%s' in %s needs an [optimizer] section", key, label);
            else if (opt_line && kept && !lines[st])
                fail(c, sec_line, "%s has no '%s' (%s keeps it)", label, key, name);
            else if (lines[st] && !kept && s->opt == NN_OPT_LBFGS && st >= ST_S1)
                fail(c, lines[st], "'%s' in %s is beyond pairs = %d", key, label, pairs);
            else if (lines[st] && !kept)
                fail(c, lines[st], "'%s' in %s: %s keeps no %s", key, label, name, key);
        }
    }
    if (c->err_line)
        return -1;
    o->has = opt_line != 0;
    if (!o->has) {
        memset(o, 0, sizeof *o); /* t, pairs, rho possibly set by keys of a section now ignored */
        return 0;
    }
    o->pairs = pairs;
    o->kind = s->opt;
    int nh = s->hidden, D = c->sc->d, K = c->sc->k;
    nn_layout lay;
    const nn_shape shape = nn_shape_one(D, nh, K);
    nn_layout_of(&shape, &lay);
    for (int st = 0; st < N_STATE; st++) {
        if (!state_kept(s->opt, st, pairs))
            continue;
        double *dst = st == ST_V ? o->v : st == ST_M ? o->m : st < ST_Y1 ? o->s[st - ST_S1] : o->y[st - ST_Y1];
        double *w1 = dst + lay.w[1], *b1 = dst + lay.b[1], *w2 = dst + lay.w[2], *b2 = dst + lay.b[2];
        for (int k = 0; k < nh; k++) {
            const double *u = c->st_unit[st][k]; /* w̄(1)_k, b(1)_k, w(2)_k as the weights are written */
            memcpy(w1 + k * D, u, (size_t)D * sizeof *u);
            b1[k] = u[D];
            memcpy(w2 + k * K, u + D + 1, (size_t)K * sizeof *u);
        }
        memcpy(b2, c->st_out[st], (size_t)K * sizeof *b2);
    }
    return 0;
}

/* Cross-checks once every line is read; fills c->s->p and the tokens. */
static int finish(parser *c)
{
    session *s = c->s;
    char label[32];
    for (int sec = SEC_NETWORK; sec <= SEC_TRAIN; sec++) {
        if (!c->fixed_line[sec]) {
            fail(c, c->line, "end of file: no [%s] section", sec_names[sec]);
            return -1;
        }
    }
    for (int sec = SEC_NETWORK; sec <= SEC_FIXED_LAST; sec++) {
        int j = c->fixed_line[sec] ? first_missing_key(c, sec, c->fixed_key[sec]) : -1;
        if (j >= 0) {
            fail(c, c->fixed_line[sec], "[%s] has no '%s'", sec_names[sec],
                 sec == SEC_TASK ? task_key_name(c, j) : sec_keys[sec][j]);
            return -1;
        }
    }
    for (int k = 0; k < NN_MAX_HIDDEN; k++) {
        int j = c->unit_line[k] ? first_missing_key(c, SEC_UNIT, c->unit_key[k]) : -1;
        if (j >= 0) {
            fail(c, c->unit_line[k], "[unit %d] has no '%s'", k + 1, sec_keys[SEC_UNIT][j]);
            return -1;
        }
    }
    for (int i = 0; i < DATA_MAX_TOKENS; i++) {
        int j = c->token_line[i] ? first_missing_key(c, SEC_TOKEN, c->token_key[i]) : -1;
        if (j >= 0) {
            fail(c, c->token_line[i], "[token %d] has no '%s'", i + 1, sec_keys[SEC_TOKEN][j]);
            return -1;
        }
    }

    const int slice_line = c->fixed_key[SEC_SCENE][K_SLICE];
    if (slice_line && !c->sc->target) {
        fail(c, slice_line, "slice: the scene %s has no maps to slice (the universal scene has)", c->sc->name);
        return -1;
    }

    int hidden_line = c->fixed_key[SEC_NETWORK][K_HIDDEN];
    if (is_semicircle(c) && !(s->task.theta_min < s->task.theta_max)) {
        fail(c, c->fixed_key[SEC_TASK][K_TMAX], "theta_max = %.17g must be greater than theta_min = %.17g",
             s->task.theta_max, s->task.theta_min);
        return -1;
    }
    if (!is_semicircle(c)) {
        /* rules across keys (a grid needs G×G tokens): reported at the token count */
        char msg[160];
        scene_spec spec = session_spec(s);
        if (scene_check(c->sc, &spec, msg, (int)sizeof msg) != 0) {
            fail(c, c->fixed_key[SEC_TASK][K_TOKENS], "%s", msg);
            return -1;
        }
    }
    const int D = c->sc->d, K = c->sc->k;
    if (c->only_unit_file > s->hidden) {
        fail(c, c->fixed_key[SEC_TRAIN][K_UNIT], "only_unit = %d is beyond hidden = %d (allowed 0..%d)",
             c->only_unit_file, s->hidden, s->hidden);
        return -1;
    }
    s->freeze.only_unit = c->only_unit_file - 1;
    if (s->twin.key == SESSION_TWIN_FREEZE && s->twin.freeze.only_unit >= s->hidden) {
        fail(c, c->fixed_key[SEC_TWIN][SESSION_TWIN_FREEZE - 1], "[twin] freeze = unit%d is beyond hidden = %d"
             " (allowed all, layer1, layer2, unit1..unit%d)", s->twin.freeze.only_unit + 1, s->hidden, s->hidden);
        return -1;
    }

    int n_units = 0;
    for (int k = 0; k < NN_MAX_HIDDEN; k++) {
        if (!c->unit_line[k])
            continue;
        if (k >= s->hidden) {
            fail(c, c->unit_line[k], "[unit %d] is beyond hidden = %d", k + 1, s->hidden);
            return -1;
        }
        n_units++;
    }
    if (n_units > 0 && n_units < s->hidden) {
        for (int k = 0; k < s->hidden; k++) {
            if (!c->unit_line[k]) {
                fail(c, hidden_line, "hidden = %d but [unit %d] is missing (give every unit or none)", s->hidden,
                     k + 1);
                return -1;
            }
        }
    }
    if (n_units > 0 && !c->fixed_line[SEC_OUTPUT]) {
        fail(c, c->unit_line[0], "[unit] sections need an [output] section with b(2)");
        return -1;
    }
    if (n_units == 0 && c->fixed_line[SEC_OUTPUT]) {
        fail(c, c->fixed_line[SEC_OUTPUT], "[output] needs the [unit 1]..[unit %d] sections too", s->hidden);
        return -1;
    }
    if (n_units == 0 && c->sc->presets[s->preset].hidden == 0 && s->hidden != s->task.n - 1) {
        fail(c, hidden_line, "hidden = %d, but preset %s without [unit] sections needs "
             "hidden = tokens - 1 = %d", s->hidden, c->sc->presets[s->preset].name, s->task.n - 1);
        return -1;
    }
    s->has_weights = n_units > 0;
    memset(s->p, 0, sizeof s->p);
    if (s->has_weights) {
        int nh = s->hidden;
        nn_layout lay;
        const nn_shape shape = nn_shape_one(D, nh, K);
        nn_layout_of(&shape, &lay);
        memcpy(s->p + lay.w[1], c->w1, (size_t)nh * (size_t)D * sizeof *s->p);
        memcpy(s->p + lay.b[1], c->b1, (size_t)nh * sizeof *s->p);
        memcpy(s->p + lay.w[2], c->w2, (size_t)nh * (size_t)K * sizeof *s->p);
        memcpy(s->p + lay.b[2], c->b2, (size_t)K * sizeof *s->p);
    }

    if (finish_state(c) != 0)
        return -1;

    s->has_tokens = 0;
    for (int i = 0; i < DATA_MAX_TOKENS; i++) {
        if (!c->token_line[i])
            continue;
        if (i >= s->task.n) {
            section_label(SEC_TOKEN, i, label, sizeof label);
            fail(c, c->token_line[i], "%s is beyond tokens = %d", label, s->task.n);
            return -1;
        }
        s->has_tokens = 1;
    }
    if (s->has_tokens) {
        scene_task *t = malloc(sizeof *t);
        if (!t) {
            fail(c, c->line, "out of memory");
            return -1;
        }
        scene_spec spec = session_spec(s);
        scene_build(c->sc, &spec, t);
        for (int i = 0; i < s->task.n; i++) {
            if (c->token_line[i])
                continue;
            memcpy(s->x + i * D, t->x + i * D, (size_t)D * sizeof(double));
            memcpy(s->y + i * K, t->y + i * K, (size_t)K * sizeof(double));
        }
        free(t);
    }
    return 0;
}

static int parse_text(const char *text, size_t len, const char *name, session *out, char *err, int errlen)
{
    parser *c = calloc(1, sizeof *c);
    session *tmp = malloc(sizeof *tmp);
    if (!c || !tmp) {
        free(c);
        free(tmp);
        snprintf(err, (size_t)errlen, "%s: out of memory", name);
        return -1;
    }
    session_default(tmp);
    tmp->speed = out->speed; /* not in the file: the loaded session keeps the room's speed */
    c->name = name;
    c->text = text;
    c->len = len;
    c->s = tmp;
    c->sc = &scene_semicircle; /* a file without [scene] (every 0.1 file) is the semicircle */

    int rc = -1;
    if (len == 0) {
        fail(c, 1, "empty file");
    } else if (prescan(c) == 0) {
        int r = ini_parse_stream(read_line, c, on_key_checked, c);
        /* inih reports the first line it could not parse or on_key rejected; when it is not the
         * line on_key rejected, it is a syntax error (which wins over a later-found error on the
         * same line, such as a malformed header's section counted as empty) */
        if (r > 0 && r != c->handler_line && (!c->err_line || r <= c->err_line)) {
            c->err_line = 0;
            fail(c, r, "expected '[section]', 'key = value' or a ';' comment");
        } else if (r < 0 && !c->err_line) {
            fail(c, c->line, "the parser ran out of memory");
        } else if (!c->err_line) {
            rc = finish(c);
        }
    }
    if (rc == 0) {
        *out = *tmp;
    } else {
        snprintf(err, (size_t)errlen, "%s", c->err);
    }
    free(c);
    free(tmp);
    return rc;
}

int session_parse(const char *text, const char *name, session *out, char *err, int errlen)
{
    return parse_text(text, strlen(text), name, out, err, errlen);
}


int session_load(const char *path, session *out, char *err, int errlen)
{
    char *text;
    size_t len;
    if (io_read_file(path, SESSION_FILE_MAX, &text, &len, err, errlen) != 0)
        return -1;
    int rc = parse_text(text, len, path, out, err, errlen);
    free(text);
    return rc;
}
