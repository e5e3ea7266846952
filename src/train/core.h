/* core: one training run without threads: network, task, optimizer, history; commands and steps.
 * Whichever thread owns the core (the trainer thread, or main in headless mode) calls these.
 * Invariants: loss and grad always belong to the current weights; weights are finite unless
 * status is TRAIN_DIVERGED, and even then they are the last finite ones. */
#ifndef TRAIN_CORE_H
#define TRAIN_CORE_H

#include "session/session.h"
#include "train/command.h"
#include "train/snapshot.h"

typedef struct train_core train_core;

/* NULL with err filled when the session is out of range or memory runs out. */
train_core *train_core_create(const session *s, char *err, int errlen);
void train_core_destroy(train_core *c);

/* Applies a command between two steps. Returns 1 for TRAIN_CMD_QUIT, else 0. */
int train_core_apply(train_core *c, const train_cmd *cmd);
/* 1 when the run state asks for a step now (running, or a "step k" not yet done). */
int train_core_wants_step(const train_core *c);
/* One optimizer step, then loss and gradient at the new weights; returns the status after it. */
train_status train_core_step(train_core *c);

double train_core_loss(const train_core *c);
int64_t train_core_steps(const train_core *c);
/* Steps of a "step k" command still to run; 0 when none. */
int64_t train_core_steps_left(const train_core *c);
train_status train_core_status(const train_core *c);
/* Why the last train_core_step did not step: TRAIN_STOP_NONE when it stepped, TRAIN_STOP_DIVERGED,
 * or TRAIN_STOP_STEP_CAP when the step counter stands at SESSION_STEP_MAX (nothing changes: a
 * reset or a load with a smaller step goes on). */
train_stop train_core_stop(const train_core *c);
double train_core_speed(const train_core *c);
/* Fills every field of s except generation and steps_per_sec. */
void train_core_fill(const train_core *c, snap *s);
/* λ_max at the weights now when the kept one is older: accurate for a paused run, warm-started between
 * paced steps (see train/curv.h). 1 when it computed, so the caller publishes. */
int train_core_refresh_curv(train_core *c, int accurate);
/* The share of the steps' time the running λ_max may take (TRAIN_CURV_SHARE unless changed; 0: none while
 * running). For bench/, which measures what the schedule costs against a run without it. */
void train_core_curv_share(train_core *c, double share);
/* The session as it stands now (for saving). */
void train_core_session(const train_core *c, session *out);
/* The settings that name a run on the loss plot. */
typedef struct {
    nn_opt_kind opt;
    double lr;
    int hidden;
    nn_act act;
    double gain;
} train_settings;
void train_core_settings(const train_core *c, train_settings *out);
/* The reference loss (at the last reset, token rebuild or load): "below the start" means below it. */
double train_core_loss0(const train_core *c);

/* After a seek: c (a core made at a past step of from's run) takes over from's loss envelope and
 * marks, the branch's recorded future included; the steps c walks again are not added twice. */
void train_core_keep_history(train_core *c, const train_core *from);
/* After a branch at c's step: forgets the envelope from the bucket holding this step on and the marks
 * of later steps, then notes the loss now (a bucket spanning several steps loses its earlier ones). */
void train_core_cut_history(train_core *c);

#endif
