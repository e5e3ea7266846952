/* twin: the one setting a twin run differs in (η, optimizer, activation, N, gain or freeze), as the
 * command line's --twin KEY=VALUE and a session file's [twin] section spell it. Pure, any thread.
 * Invariants: a parsed setting's value lies in the range the same setting's own flag accepts. */
#ifndef SESSION_TWIN_H
#define SESSION_TWIN_H

#include "nn/freeze.h"

typedef enum {
    SESSION_TWIN_NONE, /* no twin */
    SESSION_TWIN_LR,     /* a: η, as --lr */
    SESSION_TWIN_OPT,    /* i: nn_opt_kind, as --optimizer */
    SESSION_TWIN_ACT,    /* i: nn_act, as --activation */
    SESSION_TWIN_HIDDEN, /* i: N, as --hidden */
    SESSION_TWIN_GAIN,   /* a: gain, as --gain */
    SESSION_TWIN_FREEZE, /* freeze: all, layer1, layer2 or unitK */
    SESSION_TWIN_COUNT
} session_twin_key;

typedef struct {
    session_twin_key key;
    double a;
    int i;
    nn_freeze freeze;
} session_twin;

/* The keys' names (lr, opt, act, hidden, gain, freeze) and what each accepts, for messages and help. */
#define SESSION_TWIN_KEYS "lr, opt, act, hidden, gain, freeze"
const char *session_twin_key_name(session_twin_key key);
const char *session_twin_allowed(session_twin_key key);
/* The key a name stands for; SESSION_TWIN_NONE when it is none of them. */
session_twin_key session_twin_key_of(const char *name);
/* VALUE for key into *out. 0 ok; -1 with why = what is wrong and what is allowed (no flag or line:
 * the caller prefixes its own). */
int session_twin_parse_value(session_twin_key key, const char *value, session_twin *out, char *why, int len);
/* "KEY=VALUE" as --twin gives it; the same messages, naming the key. */
int session_twin_parse(const char *kv, session_twin *out, char *why, int len);
/* The value as session_twin_parse_value reads it back exactly ("0.050000000000000003", "adam", "unit2"). */
void session_twin_format_value(const session_twin *t, char *buf, int len);
/* Setting `key` at a run's own values (opt: nn_opt_kind, act: nn_act): how the base run of a twin is named
 * ("gd" against "Adam", "η = 0.02" against "η = 0.08"). */
session_twin session_twin_at(session_twin_key key, double lr, double gain, int opt, int act, int hidden,
                             nn_freeze freeze);
/* How a label names the run with this setting: "η = 0.05", "Adam", "tanh", "N = 8", "gain 2",
 * "learn layer 1", "learn unit 2" (the loss plot's legend and the status line). */
void session_twin_label(const session_twin *t, char *buf, int len);

#endif
