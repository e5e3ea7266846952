/* measure: the headless measurements: Barron's sweep (--sweep) and the stability report (--report stability).
 * Main thread only; results go to stdout and to --csv through the one atomic-file helper.
 * Invariants: the same flags give the same bytes; nothing is written when a flag does not fit. */
#ifndef APP_MEASURE_H
#define APP_MEASURE_H

#include <stdio.h>

#include "app/cli.h"
#include "train/core.h"

/* Runs the sweep the options ask for; returns an exit status (APP_EXIT_*), with a message on stderr
 * for anything but success. */
int app_sweep_run(const cli_options *o);
/* Prints "lambda_max X" and "eta_lambda_max X" (%.17g) for the core's current weights to out.
 * 0 ok; -1 when memory runs out. */
int app_report_stability(const train_core *c, FILE *out);

#endif
