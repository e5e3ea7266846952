/* session: a whole session (settings, weights, hand-moved tokens) and its INI file (libinih).
 * Any thread, on a session it owns; file I/O happens only in session_load/session_save.
 * Invariants: a failed load leaves *out untouched; a save writes a temporary file, fsyncs, renames. */
#ifndef SESSION_SESSION_H
#define SESSION_SESSION_H

#include <stdint.h>

#include "data/preset.h"
#include "data/task.h"
#include "nn/nn.h"
#include "nn/opt.h"
#include "train/snapshot.h"

/* The learning rates the command line and the window accept (a file may hold any η in (0, max]). */
#define SESSION_LR_MIN 1e-6
#define SESSION_LR_MAX 100.0
/* Steps a session may have taken: years at millions of steps per second, far from int64 overflow. */
#define SESSION_STEP_MAX 1000000000000000LL

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
    train_freeze freeze;
    int has_weights;
    double p[SNAP_PARAM_MAX]; /* (P) nn.h layout for (2, hidden, 2) */
    int has_tokens;           /* x, y hold every token, some moved by hand */
    double x[DATA_MAX_TOKENS * DATA_D]; /* (n, D) */
    double y[DATA_MAX_TOKENS * DATA_K]; /* (n, K) */
} session;

/* The default: lecture-start, seed 1, η = 0.02, gd, 9 tokens. */
void session_default(session *s);
/* Switches to a preset: its hidden size and activation, weights from the seed (has_weights = 0).
 * lecture-solution takes tokens - 1 units (8 for the lecture's 9) when that is at most NN_MAX_HIDDEN. */
void session_set_preset(session *s, data_preset p);

/* The session a snapshot shows (settings, weights, tokens when moved by hand), for saving from the window. */
void session_from_snap(session *out, const snap *s);

/* 0 ok; -1 with err = "FILE:LINE: what is wrong" and *out unchanged. */
int session_load(const char *path, session *out, char *err, int errlen);
/* Same, from text in memory (name is used in messages). */
int session_parse(const char *text, const char *name, session *out, char *err, int errlen);
/* 0 ok; -1 with err naming the path; an existing file at path is never truncated. */
int session_save(const char *path, const session *s, char *err, int errlen);
/* The text session_save writes; returns its length, or -1 when buf is too small. */
int session_format(const session *s, char *buf, int buflen);

#endif
