/* headless: a run without a window: training steps, a CSV of the loss, the final session, a picture.
 * Main thread only.
 * Invariants: every step goes through train_core_step, the trainer thread's own code path. */
#ifndef APP_HEADLESS_H
#define APP_HEADLESS_H

#include "app/cli.h"
#include "session/session.h"

#define APP_EXIT_OK 0
#define APP_EXIT_FILE 1     /* a file could not be read or written */
#define APP_EXIT_USAGE 2    /* a bad flag or value */
#define APP_EXIT_DIVERGED 3 /* training diverged; outputs hold the last finite state */

/* Runs o->steps steps from s, writing --csv, --save and --screenshot; returns the exit status
 * (APP_EXIT_*), with a message on stderr for anything but APP_EXIT_OK. */
int app_headless_run(const cli_options *o, const session *s);

#endif
