/* session: a whole session (settings, weights, optimizer state, hand-moved tokens) and its INI file
 * (libinih). Any thread, on a session it owns; file I/O happens only in session_load/session_save.
 * Invariants: a failed load leaves *out untouched; a save writes a temporary file, fsyncs, renames. */
#ifndef SESSION_SESSION_H
#define SESSION_SESSION_H

#include <stdint.h>

#include "data/preset.h"
#include "data/scene.h"
#include "data/task.h"
#include "nn/freeze.h"
#include "nn/nn.h"
#include "nn/opt.h"
#include "session/ranges.h"
#include "session/twin.h"

/* The learning rates the command line, the window and session files accept (ranges.h). */
#define SESSION_LR_MIN RANGE_LR_MIN
#define SESSION_LR_MAX RANGE_LR_MAX
/* Steps a session may have taken: years at millions of steps per second, far from int64 overflow. */
#define SESSION_STEP_MAX RANGE_STEP_MAX
/* Parameters of the largest network of any scene (D + K <= SCENE_MAX_DK, N <= NN_MAX_HIDDEN). */
#define SESSION_PARAM_MAX SCENE_PARAM_MAX

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
    /* The scene: its D and K shape the weights, its description makes the tokens. NULL means the
     * semicircle (sessions filled field by field before scenes existed). Static, never owned. */
    const scene_desc *scene;
    /* How the weights are made when none are given: an index into the scene's presets (for the
     * semicircle data_preset's values: 0 lecture-start, 1 lecture-solution). */
    int preset;
    int hidden;
    nn_act act;
    double gain;
    /* task.n and task.seed are every scene's token count and seed; theta_min..noise are the
     * semicircle's own parameters. Any other scene's parameters are in params (session_spec). */
    data_spec task;
    double params[SCENE_MAX_PARAMS]; /* (n_params) a scene other than the semicircle, in its desc's order */
    /* The trainer's rng (draws grown units), so that a resumed run grows the units the unbroken one
     * would. 0: not given (older files): the trainer's rng is left as it is. */
    int has_rng;
    nn_rng rng;
    nn_opt_kind opt;
    double lr;
    int64_t step;
    double speed; /* steps per second, 0 = unlimited (not saved: a property of the room, not the session) */
    nn_freeze freeze;
    int has_ref;     /* 0: none given (older files): divergence is judged against the loss at load */
    double ref_loss; /* the loss divergence is judged against (the loss at the run's start), >= 0 */
    int has_weights;
    double p[SESSION_PARAM_MAX]; /* (P) nn_layout_of for the scene's (D, hidden, K) */
    session_opt_state opt_state; /* only with has_weights */
    int has_tokens;           /* x, y hold every token, some moved by hand */
    double x[DATA_MAX_TOKENS * NN_MAX_IO]; /* (n, D) packed with the scene's D */
    double y[DATA_MAX_TOKENS * NN_MAX_IO]; /* (n, K) packed with the scene's K */
    /* The universal maps' slice strip ([scene] slice, --slice's x0,y0,x1,y1): the segment from a = slice[0..1]
     * to b = slice[2..3] in the input square, each number in [−1, 1], a ≠ b; a view setting the trainer never
     * reads, kept so that a reload shows the same strip. has_slice 0: none (every file without the key, and
     * every scene without a target f). */
    int has_slice;
    double slice[4];
    /* A twin run beside this one: a second network from the same weights differing in this one
     * setting ([twin] in the file); key SESSION_TWIN_NONE: none (every file without [twin]). */
    session_twin twin;
} session;

/* The default: the semicircle, lecture-start, seed 1, η = 0.02, gd, 9 tokens. */
void session_default(session *s);
/* Switches to a preset of the session's scene (an index into its presets): its hidden size and
 * activation, weights from the seed (has_weights = 0). A preset built for the tokens takes tokens - 1
 * units (8 for the lecture's 9) when that is at most NN_MAX_HIDDEN (scene_preset_session_hidden). */
void session_set_preset(session *s, int preset);
/* Switches to a scene: its default spec (the seed kept), its first preset, no weights, no tokens. */
void session_set_scene(session *s, const scene_desc *sc);
/* The session's scene (the semicircle when s->scene is NULL). */
const scene_desc *session_scene(const session *s);
/* 1 when v = (x0, y0, x1, y1) is a slice strip's segment: each number in [−1, 1] (NaN is not), the ends apart.
 * The one rule for --slice, the file's [scene] slice and what the window saves. */
int session_slice_ok(const double v[4]);
/* The scene's spec: task.n, task.seed and the scene's parameters; and the way back. */
scene_spec session_spec(const session *s);
void session_set_spec(session *s, const scene_spec *spec);
/* The data_spec view of a scene's spec: n and seed always, θ_min..noise for the semicircle only. */
void session_spec_to_task(const scene_desc *sc, const scene_spec *spec, data_spec *task);

/* 0 ok; -1 with err = "FILE:LINE: what is wrong" and *out unchanged. */
int session_load(const char *path, session *out, char *err, int errlen);
/* Same, from text in memory (name is used in messages). [scene] name is looked up with scene_find. */
int session_parse(const char *text, const char *name, session *out, char *err, int errlen);
/* 0 ok; -1 with err naming the path; an existing file at path is never truncated. */
int session_save(const char *path, const session *s, char *err, int errlen);
/* The text session_save writes; returns its length, or -1 when buf is too small. */
int session_format(const session *s, char *buf, int buflen);

#endif
