/* slicer: the landscape page's background thread: a job (the weights, tokens, axes and recent trajectory,
 * copied from a snapshot on the main thread) in, a slice of L over the plane out, so a 65×65 slice never
 * holds up a frame. slicer_start/post/take/stop: the main thread; slicer_compute: any thread (headless too).
 * Invariants: the thread touches only its own copies; job and result travel under one mutex, no atomics. */
#ifndef APP_SLICER_H
#define APP_SLICER_H

#include <stdint.h>

#include "render/view_slice.h"
#include "train/snapshot.h"

/* The recent trajectory: the weights of the snapshots seen, oldest first, one network's P. */
typedef struct {
    int P;              /* of the points kept; a snapshot of another P starts afresh */
    int m;              /* (m) points, at most VIEW_SLICE_TRAJ */
    int64_t last_step;  /* the newest point's step; a snapshot at an earlier one starts afresh */
    int64_t gap;        /* steps at least between two points */
    double pts[VIEW_SLICE_TRAJ * SNAP_PARAM_MAX]; /* (m, P) */
} slicer_traj;

void slicer_traj_clear(slicer_traj *t);
/* Keeps s's weights when its step is at least gap past the newest point (a reset, a load, going back or
 * a change of N starts the trajectory afresh). */
void slicer_traj_add(slicer_traj *t, const snap *s);
/* A whole run of `steps` steps as one trajectory (headless, where no snapshot stream exists): 1 when the
 * weights after `step` are kept: step 0, every stride-th step and the last, at most VIEW_SLICE_TRAJ points. */
int slicer_traj_due(int64_t step, int64_t steps);

typedef struct {
    view_axes axes;
    int wi, wj;    /* with VIEW_AXES_WEIGHTS */
    double zoom;   /* × the axes' own range (1: as chosen for them) */
    int64_t step;
    int d, hidden, k;
    nn_act act;
    double gain;
    int n;
    double x[DATA_MAX_TOKENS * NN_MAX_IO]; /* (n, D) */
    double y[DATA_MAX_TOKENS * NN_MAX_IO]; /* (n, K) */
    double p[SNAP_PARAM_MAX];              /* (P) the centre */
    unsigned char frozen[SNAP_PARAM_MAX];  /* (P) */
    int m;
    double traj[VIEW_SLICE_TRAJ * SNAP_PARAM_MAX]; /* (m, P) */
} slicer_job;

typedef struct {
    view_slice view;
    double u[SNAP_PARAM_MAX], v[SNAP_PARAM_MAX], center[SNAP_PARAM_MAX]; /* (P) the plane: center + α u + β v */
} slicer_result;

/* The job for snapshot s and trajectory t (its points of s's P only). */
void slicer_job_of(slicer_job *j, const snap *s, const slicer_traj *t, view_axes axes, int wi, int wj, double zoom);
/* The slice itself: 0 ok (r->view.valid); -1 with r->view.note saying why (out of memory, no plane). */
int slicer_compute(const slicer_job *j, slicer_result *r);

typedef struct slicer slicer;

/* NULL with err filled when the thread cannot start. */
slicer *slicer_start(char *err, int errlen);
/* Hands the job over (copied; a job still waiting is replaced). */
void slicer_post(slicer *sl, const slicer_job *j);
/* 1 when a job is waiting or being computed. */
int slicer_busy(slicer *sl);
/* Copies the newest result into out when there is one not taken yet: 1, else 0. */
int slicer_take(slicer *sl, slicer_result *out);
void slicer_stop(slicer *sl);

#endif
