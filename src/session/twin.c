/* twin: the one setting a twin run differs in, read from "KEY=VALUE" or a [twin] line and written back.
 * Pure, any thread: no I/O, no state.
 * Invariants: format then parse gives the same setting bit for bit (%.17g); ranges are ranges.h's. */
#include "session/twin.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/nn.h"
#include "nn/opt.h"
#include "session/ranges.h"

static const char *const names[SESSION_TWIN_COUNT] = {"", "lr", "opt", "act", "hidden", "gain", "freeze"};
/* as the flags of the same settings say it (--lr, --optimizer, ...) */
static const char *const allowed[SESSION_TWIN_COUNT] = {
    "", "1e-06..100", "gd, momentum, adam, lbfgs", "logistic, tanh, relu, step, signum", "1..256", "0.1..1000",
    "all, layer1, layer2, unit1..unit256"};

const char *session_twin_key_name(session_twin_key key) { return names[key]; }
const char *session_twin_allowed(session_twin_key key) { return allowed[key]; }

session_twin_key session_twin_key_of(const char *name)
{
    for (int k = SESSION_TWIN_LR; k < SESSION_TWIN_COUNT; k++)
        if (strcmp(name, names[k]) == 0)
            return (session_twin_key)k;
    return SESSION_TWIN_NONE;
}

/* A finite number in range id, nothing before or after it. */
static int get_real(const char *v, range_id id, double *out)
{
    char *end;
    if (!v[0] || isspace((unsigned char)v[0]))
        return -1;
    double x = strtod(v, &end);
    if (*end || !range_ok(id, x))
        return -1;
    *out = x;
    return 0;
}

/* Decimal digits only, in [lo, hi]. */
static int get_int(const char *v, int lo, int hi, int *out)
{
    if (!isdigit((unsigned char)v[0]))
        return -1;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (*end || errno || x < lo || x > hi)
        return -1;
    *out = (int)x;
    return 0;
}

int session_twin_parse_value(session_twin_key key, const char *value, session_twin *out, char *why, int len)
{
    session_twin t = {.key = key, .freeze = {0, -1}};
    int bad = 0;
    switch (key) {
    case SESSION_TWIN_LR: bad = get_real(value, RANGE_LR, &t.a); break;
    case SESSION_TWIN_GAIN: bad = get_real(value, RANGE_GAIN, &t.a); break;
    case SESSION_TWIN_HIDDEN: bad = get_int(value, RANGE_HIDDEN_MIN, RANGE_HIDDEN_MAX, &t.i); break;
    case SESSION_TWIN_OPT: {
        nn_opt_kind k;
        bad = nn_opt_parse(value, &k);
        t.i = (int)k;
        break;
    }
    case SESSION_TWIN_ACT: {
        nn_act a;
        bad = nn_act_parse(value, &a);
        t.i = (int)a;
        break;
    }
    case SESSION_TWIN_FREEZE:
        if (strcmp(value, "all") == 0)
            t.freeze.only_layer = 0;
        else if (strcmp(value, "layer1") == 0 || strcmp(value, "layer2") == 0)
            t.freeze.only_layer = value[5] - '0';
        else if (strncmp(value, "unit", 4) == 0 && get_int(value + 4, 1, NN_MAX_HIDDEN, &t.freeze.only_unit) == 0)
            t.freeze.only_unit -= 1; /* the file's and the label's units count from 1 */
        else
            bad = 1;
        break;
    default: snprintf(why, (size_t)len, "no setting"); return -1;
    }
    if (bad) {
        snprintf(why, (size_t)len, "%s: '%s' is not allowed (allowed %s)", names[key], value, allowed[key]);
        return -1;
    }
    *out = t;
    return 0;
}

int session_twin_parse(const char *kv, session_twin *out, char *why, int len)
{
    const char *eq = strchr(kv, '=');
    char key[16];
    size_t kl = eq ? (size_t)(eq - kv) : 0;
    if (!eq || kl == 0 || kl >= sizeof key) {
        snprintf(why, (size_t)len, "'%s' is not KEY=VALUE (KEY one of %s)", kv, SESSION_TWIN_KEYS);
        return -1;
    }
    memcpy(key, kv, kl);
    key[kl] = '\0';
    session_twin_key k = session_twin_key_of(key);
    if (k == SESSION_TWIN_NONE) {
        snprintf(why, (size_t)len, "unknown setting '%s' (allowed %s)", key, SESSION_TWIN_KEYS);
        return -1;
    }
    return session_twin_parse_value(k, eq + 1, out, why, len);
}

void session_twin_format_value(const session_twin *t, char *buf, int len)
{
    const size_t n = (size_t)len;
    switch (t->key) {
    case SESSION_TWIN_LR:
    case SESSION_TWIN_GAIN: snprintf(buf, n, "%.17g", t->a); return;
    case SESSION_TWIN_HIDDEN: snprintf(buf, n, "%d", t->i); return;
    case SESSION_TWIN_OPT: snprintf(buf, n, "%s", nn_opt_name((nn_opt_kind)t->i)); return;
    case SESSION_TWIN_ACT: snprintf(buf, n, "%s", nn_act_name((nn_act)t->i)); return;
    case SESSION_TWIN_FREEZE:
        if (t->freeze.only_unit >= 0)
            snprintf(buf, n, "unit%d", t->freeze.only_unit + 1);
        else if (t->freeze.only_layer > 0)
            snprintf(buf, n, "layer%d", t->freeze.only_layer);
        else
            snprintf(buf, n, "all");
        return;
    default: snprintf(buf, n, "%s", ""); return;
    }
}

session_twin session_twin_at(session_twin_key key, double lr, double gain, int opt, int act, int hidden,
                             nn_freeze freeze)
{
    session_twin t = {.key = key, .a = key == SESSION_TWIN_LR ? lr : gain,
                      .i = key == SESSION_TWIN_OPT ? opt : key == SESSION_TWIN_ACT ? act : hidden, .freeze = freeze};
    return t;
}

void session_twin_label(const session_twin *t, char *buf, int len)
{
    const size_t n = (size_t)len;
    switch (t->key) {
    case SESSION_TWIN_LR: snprintf(buf, n, "\xce\xb7 = %.3g", t->a); return;
    case SESSION_TWIN_GAIN: snprintf(buf, n, "gain %.3g", t->a); return;
    case SESSION_TWIN_HIDDEN: snprintf(buf, n, "N = %d", t->i); return;
    case SESSION_TWIN_OPT: {
        static const char *const shown[NN_OPT_COUNT] = {"gd", "momentum", "Adam", "L-BFGS"};
        snprintf(buf, n, "%s", t->i >= 0 && t->i < NN_OPT_COUNT ? shown[t->i] : "?");
        return;
    }
    case SESSION_TWIN_ACT: snprintf(buf, n, "%s", nn_act_name((nn_act)t->i)); return;
    case SESSION_TWIN_FREEZE:
        if (t->freeze.only_unit >= 0)
            snprintf(buf, n, "learn unit %d", t->freeze.only_unit + 1);
        else if (t->freeze.only_layer > 0)
            snprintf(buf, n, "learn layer %d", t->freeze.only_layer);
        else
            snprintf(buf, n, "all learn");
        return;
    default: snprintf(buf, n, "%s", ""); return;
    }
}
