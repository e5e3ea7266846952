/* session: a whole session (settings, weights, optimizer state, hand-moved tokens) and its INI file
 * (libinih). Any thread, on a session it owns; file I/O happens only in session_load/session_save.
 * Invariants: a failed load leaves *out untouched; a save writes a temporary file, fsyncs, renames. */
#ifndef SESSION_SESSION_H
#define SESSION_SESSION_H

#include <stdint.h>

#include "data/preset.h"
#include "data/task.h"
#include "nn/freeze.h"
#include "nn/nn.h"
#include "nn/opt.h"
#include "session/ranges.h"

/* The learning rates the command line, the window and session files accept (ranges.h). */
#define SESSION_LR_MIN RANGE_LR_MIN
#define SESSION_LR_MAX RANGE_LR_MAX
/* Steps a session may have taken: years at millions of steps per second, far from int64 overflow. */
#define SESSION_STEP_MAX RANGE_STEP_MAX
/* Parameters of the largest network on the task: nn.h's layout for (DATA_D, NN_MAX_HIDDEN, DATA_K). */
#define SESSION_PARAM_MAX NN_PARAM_MAX(DATA_D, DATA_K)

/* The optimizer's state, so that a resumed run takes exactly the steps the unbroken run takes.
 * Every vector follows nn.h's flat layout for (D, hidden, K), as p does; what an optimizer does not
 * keep is 0 (gd: nothing; momentum: v; adam: m, v, t; lbfgs: the pairs, rho, t). */
typedef struct {
    int has;   /* 0: none given (files written before it was saved): the state starts at zero */
    nn_opt_kind kind; /* the optimizer it belongs to: another optimizer in force starts afresh */
    int64_t t; /* steps since the state started (adam's bias correction) */
    double v[SESSION_PARAM_MAX]; /* (P) momentum's velocity, or adam's second moment */
    double m[SESSION_PARAM_MAX]; /* (P) adam's first moment */
    int pairs;                   /* lbfgs: (s, y) pairs kept, 0..NN_LBFGS_HISTORY, oldest first */
    double s[NN_LBFGS_HISTORY][SESSION_PARAM_MAX]; /* (pairs, P) parameter differences */
    double y[NN_LBFGS_HISTORY][SESSION_PARAM_MAX]; /* (pairs, P) gradient differences */
    double rho[NN_LBFGS_HISTORY];                  /* (pairs) 1 / sᵀy of each pair */
} session_opt_state;

typedef struct {
    data_preset preset; /* how the weights are made when none are given */
    int hidden;
    nn_act act;
    double gain;
    data_spec task;
    nn_opt_kind opt;
    double lr;
    int64_t step;
    double speed; /* steps per second, 0 = unlimited (not saved: a property of the room, not the session) */
    nn_freeze freeze;
    int has_ref;     /* 0: none given (older files): divergence is judged against the loss at load */
    double ref_loss; /* the loss divergence is judged against (the loss at the run's start), >= 0 */
    int has_weights;
    double p[SESSION_PARAM_MAX]; /* (P) nn.h layout for (2, hidden, 2) */
    session_opt_state opt_state; /* only with has_weights */
    int has_tokens;           /* x, y hold every token, some moved by hand */
    double x[DATA_MAX_TOKENS * DATA_D]; /* (n, D) */
    double y[DATA_MAX_TOKENS * DATA_K]; /* (n, K) */
} session;

/* The default: lecture-start, seed 1, η = 0.02, gd, 9 tokens. */
void session_default(session *s);
/* Switches to a preset: its hidden size and activation, weights from the seed (has_weights = 0).
 * lecture-solution takes tokens - 1 units (8 for the lecture's 9) when that is at most NN_MAX_HIDDEN. */
void session_set_preset(session *s, data_preset p);

/* 0 ok; -1 with err = "FILE:LINE: what is wrong" and *out unchanged. */
int session_load(const char *path, session *out, char *err, int errlen);
/* Same, from text in memory (name is used in messages). */
int session_parse(const char *text, const char *name, session *out, char *err, int errlen);
/* 0 ok; -1 with err naming the path; an existing file at path is never truncated. */
int session_save(const char *path, const session *s, char *err, int errlen);
/* The text session_save writes; returns its length, or -1 when buf is too small. */
int session_format(const session *s, char *buf, int buflen);

#endif
