/* snapshot: what the trainer publishes and the render loop draws from: plain data, no pointers into
 * trainer memory (scene points at an immutable static description). Written only by the trainer (into
 * its back slot), read only by the render loop (its front slot). Invariants: sized at compile time for
 * N <= NN_MAX_HIDDEN, n <= DATA_MAX_TOKENS, D, K <= NN_MAX_IO; rows past hidden / n are unspecified and
 * never read; p, grad, frozen, yhat and loss all belong to the same weights. */
#ifndef TRAIN_SNAPSHOT_H
#define TRAIN_SNAPSHOT_H

#include <stdint.h>

#include "data/preset.h"
#include "data/scene.h"
#include "data/task.h"
#include "nn/freeze.h"
#include "nn/nn.h"
#include "nn/opt.h"
#include "session/session.h"

#define SNAP_PARAM_MAX SESSION_PARAM_MAX
#define SNAP_HIST_CAP 1024 /* loss-history buckets; halved by merging pairs when full */
#define SNAP_MAX_MARKS 64

typedef enum { TRAIN_PAUSED, TRAIN_RUNNING, TRAIN_DIVERGED } train_status;
/* Why the trainer stopped without stepping (a code: the caller puts it into words). */
typedef enum { TRAIN_STOP_NONE, TRAIN_STOP_DIVERGED, TRAIN_STOP_STEP_CAP } train_stop;

/* Which parameters learn: the rule is nn_freeze's (nn/freeze.h); the trainer's name for it. */
typedef nn_freeze train_freeze;

/* Min/max envelope of the loss over every step: bucket i covers steps
 * [origin + i*stride, origin + (i+1)*stride); when all buckets are used, pairs merge and stride doubles. */
typedef struct {
    int len;
    int64_t stride;
    int64_t origin;           /* the step the history starts at (0, or the step of the last load) */
    double lo[SNAP_HIST_CAP]; /* (len) */
    double hi[SNAP_HIST_CAP]; /* (len) */
    int n_marks;              /* the newest SNAP_MAX_MARKS are kept */
    int64_t mark_step[SNAP_MAX_MARKS];
    char mark_label[SNAP_MAX_MARKS][24]; /* what changed, e.g. "η=0.05" */
} snap_history;

typedef struct {
    uint64_t generation; /* 1 for the first publish, +1 each publish */
    int64_t step;        /* updates applied since the start */
    double loss;         /* at p */
    double loss0;        /* at the start (or last reset/load/token rebuild): divergence is judged
                          * against it, floored by the loss of ŷ = 0 */
    double steps_per_sec;

    /* the scene: its description (static, immutable), its D and K, and the spec its tokens came from */
    const scene_desc *scene;
    int d, k;
    scene_spec scene_spec;

    /* hyper-parameters in force */
    int preset; /* an index into scene's presets (the semicircle: data_preset's values) */
    int hidden;
    nn_act act;
    double gain;
    nn_opt_kind opt;
    double lr;
    double speed; /* target steps per second; 0 = unlimited */
    train_freeze freeze;
    uint64_t seed;

    train_status status;
    train_stop stop;  /* why the last step request did not step, TRAIN_STOP_NONE when it stepped */
    char reason[128]; /* why diverged (step, η) or stopped at the step limit, or empty */
    int64_t steps_left; /* of a "step k" command still to run; 0 when none */

    /* network: nn_layout_of for (D, hidden, K) */
    double p[SNAP_PARAM_MAX];    /* (P) */
    double grad[SNAP_PARAM_MAX]; /* (P) ∇L at p: the next gd step is p - lr*grad */
    unsigned char frozen[SNAP_PARAM_MAX]; /* (P) 1 = does not learn: the mask the trainer steps with
                                           * (nn_freeze_mask of freeze), so readers need not derive it */
    nn_rng rng; /* the trainer's rng, which draws units added later (saved with the session) */
    session_opt_state opt_state; /* the optimizer's state at p (has = 1 but for gd), for saving:
                                  * only its first P entries and its pairs are filled */

    /* tokens */
    data_spec spec; /* n and seed of every scene; θ_min..noise meaningful for the semicircle only */
    int n;
    int tokens_edited;                  /* some token moved by hand */
    double theta[DATA_MAX_TOKENS];      /* (n) each token's coordinate t on the scene's probe path
                                         * (θ for the semicircle; 0 when the scene has none) */
    double x[DATA_MAX_TOKENS * NN_MAX_IO];    /* (n, D) packed with d */
    double y[DATA_MAX_TOKENS * NN_MAX_IO];    /* (n, K) packed with k */
    double yhat[DATA_MAX_TOKENS * NN_MAX_IO]; /* (n, K) at p, packed with k */

    snap_history hist;
} snap;

/* A network view of a snapshot's weights: points into s->p, so s must outlive it. */
void snap_net(const snap *s, nn_net *out);

/* The session a snapshot shows (settings, weights, optimizer state, the reference loss, tokens when
 * moved by hand), for saving from the window. */
void snap_to_session(const snap *s, session *out);
/* The same, under the name it had in session.h (kept for its callers). */
void session_from_snap(session *out, const snap *s);

#endif
