/* twin: two runs from the same weights that differ in one setting (session_twin): the labels that
 * name them, and the headless twin run (--twin KEY=VALUE, or a [twin] file).
 * Main thread only (headless runs); the window's twin trainer is window_twin.c's.
 * Invariants: run b is run a's session with exactly the twin's command (train_twin_cmd) applied, before any step. */
#ifndef APP_TWIN_H
#define APP_TWIN_H

#include <signal.h>

#include "app/cli.h"
#include "session/session.h"

/* The twin's label for the base run: the same setting at base's value ("η = 0.02" against "Adam"
 * is "gd" against "Adam"). */
void app_twin_base_label(const session_twin *t, const session *base, char *buf, int len);

/* The headless twin run: o->steps steps of both runs, the CSV "step,loss_a,loss_b", --save (run a with
 * its [twin] section), --screenshot (run a, run b as its ghost). A run that diverges stops, the other
 * goes on (its cells empty from then on). Returns the exit status as app_headless_run does; *stop is
 * the signal that ends it early (0 none). */
int app_twin_run(const cli_options *o, const session *s, volatile sig_atomic_t *stop);

#endif
