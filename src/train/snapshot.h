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

/* What a loss-plot marker records: which setting changed (a code, the renderer puts it into words). */
typedef enum {
    TRAIN_MARK_LR,          /* a: the new η */
    TRAIN_MARK_HIDDEN,      /* i: the new N, j: the N just before it */
    TRAIN_MARK_ACT,         /* i: the new nn_act */
    TRAIN_MARK_GAIN,        /* a: the new gain */
    TRAIN_MARK_OPT,         /* i: the new nn_opt_kind */
    TRAIN_MARK_RESET,       /* weights drawn afresh */
    TRAIN_MARK_PRESET,      /* i: an index into the snapshot's scene's presets */
    TRAIN_MARK_LOAD,        /* a session was loaded */
    TRAIN_MARK_TOKENS,      /* i: the new token count */
    TRAIN_MARK_MOVE_INPUT,  /* i: the token whose x moved */
    TRAIN_MARK_MOVE_TARGET, /* i: the token whose y moved */
    TRAIN_MARK_FREEZE,      /* i, j: the new freeze rule's only_layer and only_unit */
    TRAIN_MARK_PARAM,       /* i: the parameter set by hand (nn_layout_of order), a: its value */
    TRAIN_MARK_SCENE,       /* i: the scene parameter set (scene_desc.params), a: its value */
    TRAIN_MARK_PARAMS,      /* every weight set at once (e.g. a point picked on the loss landscape) */
    TRAIN_MARK_COUNT
} train_mark_kind;

/* A setting change at a step: codes and numbers only, so every reader words it alike. */
typedef struct {
    int64_t step;
    train_mark_kind kind;
    int i, j;
    double a;
} snap_mark;

/* Min/max envelope of the loss over every step: bucket i covers steps
 * [origin + i*stride, origin + (i+1)*stride); when all buckets are used, pairs merge and stride doubles. */
typedef struct {
    int len;
    int64_t stride;
    int64_t origin;           /* the step the history starts at (0, or the step of the last load) */
    double lo[SNAP_HIST_CAP]; /* (len) */
    double hi[SNAP_HIST_CAP]; /* (len) */
    int n_marks;              /* the newest SNAP_MAX_MARKS are kept */
    snap_mark mark[SNAP_MAX_MARKS]; /* (n_marks) oldest first */
} snap_history;

#define SNAP_GHOST_CAP 1024 /* points of the ghost curve */

/* What the faint ghost curve on the loss plot is. */
typedef enum {
    SNAP_GHOST_NONE,
    SNAP_GHOST_BRANCH, /* the future a change at a past step cut off */
    SNAP_GHOST_RUN     /* the run before the last reset, preset or load */
} snap_ghost_kind;

typedef struct {
    snap_ghost_kind kind;
    int n;
    int64_t step[SNAP_GHOST_CAP]; /* (n) ascending, the core's step numbers */
    double loss[SNAP_GHOST_CAP];  /* (n) the loss at that step, exactly */
    /* the settings it ran with when it was left, for its label */
    nn_opt_kind opt;
    double lr;
    int hidden;
    nn_act act;
    double gain;
} snap_ghost;

/* The run's history as the loss plot and the rewind keys need it (a bare core: first = last = step). */
typedef struct {
    int64_t first, last; /* the steps a seek reaches: this run's recorded branch; last is its newest step,
                          * later than step after a rewind */
    int64_t good_step;   /* the last step of the branch whose loss was below loss0, before its first
                          * divergence (after one, saturated units can sit at a lower flat loss); -1 none */
    /* the last TRAIN_CMD_EXPORT_LOSS answered: its sequence number (1, 2, ...), and what it wrote into
     * the lent array: n losses of steps first, first + stride, ... (stride 1 unless the bound forced
     * sampling) */
    uint64_t export_seq;
    int64_t export_n, export_first, export_stride;
    snap_ghost ghost;
} snap_travel;

#define SNAP_CURV_CAP 256 /* λ_max samples; every other one is dropped when full */

/* λ_max of ∇²L (over the parameters that learn) as the trainer keeps it while training (train/curv.h):
 * the newest value with the step whose weights it belongs to, and its samples over steps. */
typedef struct {
    double lambda_max;  /* NAN before the first */
    int64_t at;         /* the step of lambda_max; -1 before the first */
    int pending;        /* 1: the trainer's start is computing λ_max of these weights now (the meter says so) */
    int len;            /* (len) samples, oldest first */
    int64_t step[SNAP_CURV_CAP];
    double lam[SNAP_CURV_CAP];
    double lr[SNAP_CURV_CAP]; /* η in force then: the edge-of-stability plot draws 2/η beside λ_max */
} snap_curv;

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
    int64_t stop_step; /* with stop: the step that diverged (step + 1), or the step counter's limit */
    double stop_lr;    /* with stop: the η it was asked to step with */
    /* The trainer's refusal of a load ("not loaded: FILE:LINE: ..."): a file's error text, data
     * to show as it is, not words of the trainer's own; else empty. A stop is stop, stop_step and
     * stop_lr, which the view and headless runs put into words. */
    char reason[128];
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
    snap_travel travel;
    snap_curv curv;
} snap;

/* A network view of a snapshot's weights: points into s->p, so s must outlive it. */
void snap_net(const snap *s, nn_net *out);

/* The session a snapshot shows (settings, weights, optimizer state, the reference loss, tokens when
 * moved by hand), for saving from the window. */
void snap_to_session(const snap *s, session *out);
/* The same, under the name it had in session.h (kept for its callers). */
void session_from_snap(session *out, const snap *s);

#endif
