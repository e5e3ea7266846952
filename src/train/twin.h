/* twin: the command that turns a run into its twin (the same weights, one setting changed).
 * Pure, any thread: builds a command; the caller sends or applies it before the twin's first step.
 * Invariants: no command (0) when the run already has the twin's value, so an equal twin is the same run. */
#ifndef TRAIN_TWIN_H
#define TRAIN_TWIN_H

#include "session/session.h"
#include "train/command.h"

/* The command for t against a run with base's settings; returns 0 when base already has t's value
 * (then nothing is to be sent: a change of optimizer would start its state afresh). */
int train_twin_cmd(const session_twin *t, const session *base, train_cmd *out);

#endif
