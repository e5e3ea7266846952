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

/* inih's line buffer holds INI_MAX_LINE bytes including '\r', '\n' and the NUL; longer lines would
 * be split silently, so they are rejected before parsing. */
#define SESSION_LINE_MAX (INI_MAX_LINE - 3)
#define SESSION_FILE_MAX (16 << 20)
#define SESSION_GAIN_MIN 0.1
#define SESSION_GAIN_MAX 1000.0

enum { SEC_NETWORK, SEC_TASK, SEC_TRAIN, SEC_OUTPUT, SEC_UNIT, SEC_TOKEN, SEC_COUNT };
#define MAX_KEYS 6

static const char *const sec_names[SEC_COUNT] = {"network", "task", "train", "output", "unit", "token"};
static const char *const sec_keys[SEC_COUNT][MAX_KEYS] = {
    {"hidden", "activation", "gain"},
    {"tokens", "theta_min", "theta_max", "radius_jitter", "noise", "seed"},
    {"preset", "optimizer", "learning_rate", "step", "only_layer", "only_unit"},
    {"b"},
    {"w1", "b1", "w2"},
    {"x", "y"},
};
/* bit j: sec_keys[sec][j] must be given */
static const unsigned sec_required[SEC_COUNT] = {0x3, 0x3f, 0xe, 0x1, 0x7, 0x3};

enum { K_HIDDEN = 0, K_ACT, K_GAIN };
enum { K_TOKENS = 0, K_TMIN, K_TMAX, K_JITTER, K_NOISE, K_SEED };
enum { K_PRESET = 0, K_OPT, K_LR, K_STEP, K_LAYER, K_UNIT };

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
    /* line of each section header and key, 0 = not given; unit and token sections by index */
    int fixed_line[SEC_OUTPUT + 1];
    int fixed_key[SEC_OUTPUT + 1][MAX_KEYS];
    int unit_line[NN_MAX_HIDDEN];
    int unit_key[NN_MAX_HIDDEN][3];
    int token_line[DATA_MAX_TOKENS];
    int token_key[DATA_MAX_TOKENS][2];
    double w1[NN_MAX_HIDDEN * DATA_D], b1[NN_MAX_HIDDEN], w2[NN_MAX_HIDDEN * DATA_K], b2[DATA_K];
    int only_unit_file; /* as written: 0 every unit, else 1-based */
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
    snprintf(c->err, sizeof c->err, "%s:%d: %s", c->name, line, why);
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
    for (int sec = 0; sec <= SEC_OUTPUT; sec++) {
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
    fail(c, line, "unknown section [%s] (expected network, task, train, output, unit K, token I)", name);
    return -1;
found:;
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

/* One word only: the value itself, or an error for nothing / trailing garbage. */
static int one_word(parser *c, const char *what, const char *value, char *w, size_t wlen)
{
    const char *p = value;
    if (!next_word(&p, w, wlen)) {
        fail(c, c->line, "%s: missing value", what);
        return -1;
    }
    p += strspn(p, " \t");
    if (*p) {
        fail(c, c->line, "%s: trailing garbage '%s' after '%s'", what, p, w);
        return -1;
    }
    return 0;
}

static int parse_int(parser *c, const char *what, const char *value, long long lo, long long hi, long long *out)
{
    char w[INI_MAX_LINE];
    if (one_word(c, what, value, w, sizeof w))
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
    if (one_word(c, what, value, w, sizeof w))
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
    if (one_word(c, what, value, w, sizeof w))
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

static int preset_parse(const char *s, int *out)
{
    data_preset p;
    if (data_preset_parse(s, &p))
        return -1;
    *out = (int)p;
    return 0;
}

static int set_key(parser *c, int key, const char *what, const char *v)
{
    session *s = c->s;
    long long i;
    int e;
    switch (c->sec) {
    case SEC_NETWORK:
        if (key == K_HIDDEN) {
            if (parse_int(c, what, v, 1, NN_MAX_HIDDEN, &i))
                return -1;
            s->hidden = (int)i;
        } else if (key == K_ACT) {
            if (parse_name(c, what, v, act_parse, "logistic, tanh, relu, step, signum", &e))
                return -1;
            s->act = (nn_act)e;
        } else {
            return parse_reals(c, what, v, &s->gain, 1, SESSION_GAIN_MIN, SESSION_GAIN_MAX, 0);
        }
        return 0;
    case SEC_TASK:
        switch (key) {
        case K_TOKENS:
            if (parse_int(c, what, v, DATA_MIN_TOKENS, DATA_MAX_TOKENS, &i))
                return -1;
            s->task.n = (int)i;
            return 0;
        case K_TMIN:
            return parse_reals(c, what, v, &s->task.theta_min, 1, -DATA_THETA_LIMIT, DATA_THETA_LIMIT, 0);
        case K_TMAX:
            return parse_reals(c, what, v, &s->task.theta_max, 1, -DATA_THETA_LIMIT, DATA_THETA_LIMIT, 0);
        case K_JITTER:
            return parse_reals(c, what, v, &s->task.radius_jitter, 1, 0.0, DATA_MAX_JITTER, 0);
        case K_NOISE:
            return parse_reals(c, what, v, &s->task.noise, 1, 0.0, DATA_MAX_NOISE, 0);
        default:
            return parse_u64(c, what, v, &s->task.seed);
        }
    case SEC_TRAIN:
        switch (key) {
        case K_PRESET:
            if (parse_name(c, what, v, preset_parse, "lecture-start, lecture-solution", &e))
                return -1;
            s->preset = (data_preset)e;
            return 0;
        case K_OPT:
            if (parse_name(c, what, v, opt_parse, "gd, momentum, adam, lbfgs", &e))
                return -1;
            s->opt = (nn_opt_kind)e;
            return 0;
        case K_LR:
            return parse_reals(c, what, v, &s->lr, 1, 0.0, SESSION_LR_MAX, 1);
        case K_STEP:
            if (parse_int(c, what, v, 0, SESSION_STEP_MAX, &i))
                return -1;
            s->step = (int64_t)i;
            return 0;
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
    case SEC_OUTPUT:
        return parse_reals(c, what, v, c->b2, DATA_K, -HUGE_VAL, HUGE_VAL, 0);
    case SEC_UNIT:
        if (key == 0)
            return parse_reals(c, what, v, c->w1 + c->idx * DATA_D, DATA_D, -HUGE_VAL, HUGE_VAL, 0);
        if (key == 1)
            return parse_reals(c, what, v, c->b1 + c->idx, 1, -HUGE_VAL, HUGE_VAL, 0);
        return parse_reals(c, what, v, c->w2 + c->idx * DATA_K, DATA_K, -HUGE_VAL, HUGE_VAL, 0);
    default:
        if (key == 0)
            return parse_reals(c, what, v, s->x + c->idx * DATA_D, DATA_D, -HUGE_VAL, HUGE_VAL, 0);
        return parse_reals(c, what, v, s->y + c->idx * DATA_K, DATA_K, -HUGE_VAL, HUGE_VAL, 0);
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
    for (int j = 0; j < MAX_KEYS && sec_keys[c->sec][j]; j++)
        if (strcmp(name, sec_keys[c->sec][j]) == 0)
            key = j;
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
    if (c->line == 1 && n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) { /* UTF-8 byte order mark */
        p += 3;
        n -= 3;
    }
    while (n > 0 && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    assert(n < (size_t)num); /* lines over SESSION_LINE_MAX were rejected before parsing */
    memcpy(str, p, n);
    str[n] = '\0';
    if (str[0] == '[') {
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
    size_t start = 0;
    for (size_t i = 0; i <= c->len; i++) {
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

static int first_missing_key(int sec, const int *kl)
{
    for (int j = 0; j < MAX_KEYS; j++)
        if ((sec_required[sec] >> j & 1u) && !kl[j])
            return j;
    return -1;
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
    for (int sec = SEC_NETWORK; sec <= SEC_OUTPUT; sec++) {
        int j = c->fixed_line[sec] ? first_missing_key(sec, c->fixed_key[sec]) : -1;
        if (j >= 0) {
            fail(c, c->fixed_line[sec], "[%s] has no '%s'", sec_names[sec], sec_keys[sec][j]);
            return -1;
        }
    }
    for (int k = 0; k < NN_MAX_HIDDEN; k++) {
        int j = c->unit_line[k] ? first_missing_key(SEC_UNIT, c->unit_key[k]) : -1;
        if (j >= 0) {
            fail(c, c->unit_line[k], "[unit %d] has no '%s'", k + 1, sec_keys[SEC_UNIT][j]);
            return -1;
        }
    }
    for (int i = 0; i < DATA_MAX_TOKENS; i++) {
        int j = c->token_line[i] ? first_missing_key(SEC_TOKEN, c->token_key[i]) : -1;
        if (j >= 0) {
            fail(c, c->token_line[i], "[token %d] has no '%s'", i + 1, sec_keys[SEC_TOKEN][j]);
            return -1;
        }
    }

    int hidden_line = c->fixed_key[SEC_NETWORK][K_HIDDEN];
    if (!(s->task.theta_min < s->task.theta_max)) {
        fail(c, c->fixed_key[SEC_TASK][K_TMAX], "theta_max = %.17g must be greater than theta_min = %.17g",
             s->task.theta_max, s->task.theta_min);
        return -1;
    }
    if (c->only_unit_file > s->hidden) {
        fail(c, c->fixed_key[SEC_TRAIN][K_UNIT], "only_unit = %d is beyond hidden = %d (allowed 0..%d)",
             c->only_unit_file, s->hidden, s->hidden);
        return -1;
    }
    s->freeze.only_unit = c->only_unit_file - 1;

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
    if (n_units == 0 && s->preset == DATA_PRESET_LECTURE_SOLUTION && s->hidden != s->task.n - 1) {
        fail(c, hidden_line, "hidden = %d, but preset lecture-solution without [unit] sections needs "
             "hidden = tokens - 1 = %d", s->hidden, s->task.n - 1);
        return -1;
    }
    s->has_weights = n_units > 0;
    memset(s->p, 0, sizeof s->p);
    if (s->has_weights) {
        int nh = s->hidden;
        double *w1 = s->p, *b1 = w1 + nh * DATA_D, *w2 = b1 + nh, *b2 = w2 + nh * DATA_K;
        memcpy(w1, c->w1, (size_t)nh * DATA_D * sizeof *w1);
        memcpy(b1, c->b1, (size_t)nh * sizeof *b1);
        memcpy(w2, c->w2, (size_t)nh * DATA_K * sizeof *w2);
        memcpy(b2, c->b2, DATA_K * sizeof *b2);
    }

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
        data_task *t = malloc(sizeof *t);
        if (!t) {
            fail(c, c->line, "out of memory");
            return -1;
        }
        data_task_build(t, &s->task);
        for (int i = 0; i < s->task.n; i++) {
            if (c->token_line[i])
                continue;
            memcpy(s->x + i * DATA_D, t->x + i * DATA_D, DATA_D * sizeof(double));
            memcpy(s->y + i * DATA_K, t->y + i * DATA_K, DATA_K * sizeof(double));
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
