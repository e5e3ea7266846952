/* window: the interactive app (SDL window, render loop, widgets) around a trainer thread.
 * Main thread only.
 * Invariants: rendering and text happen on the main thread; the loop reads only snapshots. */
#ifndef APP_WINDOW_H
#define APP_WINDOW_H

#include "app/cli.h"
#include "session/session.h"

/* Opens the window and runs until the user quits; returns the process exit status
 * (1 with a message on stderr suggesting --headless when there is no display). */
int app_window_run(const cli_options *o, const session *s);

#endif
