/* cli: the command line (getopt_long) and the session it asks for.
 * Main thread only, at start-up; no global state (getopt's is reset before each parse).
 * Invariants: every flag is range-checked here; a bad one yields a message naming it and exit 2. */
#ifndef APP_CLI_H
#define APP_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "data/scene.h"
#include "session/session.h"

typedef struct {
    int headless;
    int help, version; /* print and exit 0 */

    /* the session: --load or --preset, then overrides; has_* says a flag was given */
    const char *load;
    const scene_desc *scene; /* --scene, or NULL: the --load file's, else the semicircle */
    int has_preset;     int preset; /* an index into the scene's presets */
    const char *preset_name;
    int has_hidden;     int hidden;
    int has_act;        nn_act act;
    int has_gain;       double gain;
    int has_lr;         double lr;
    int has_opt;        nn_opt_kind opt;
    int has_tokens;     int tokens;
    int has_seed;       uint64_t seed;
    int has_speed;      double speed;
    session_twin twin;  /* --twin KEY=VALUE; key SESSION_TWIN_NONE when not given */

    /* headless run */
    int64_t steps;      /* --steps, default 0 */
    const char *csv;    /* --csv FILE or "-" */
    int64_t every;      /* --every, default 1 */
    const char *save;   /* --save FILE: the final session (headless), Ctrl+S target (window) */

    /* picture */
    const char *screenshot; /* --screenshot FILE.png (headless) */
    const char *landscape;  /* --landscape FILE.png (headless): the landscape page with its slice */
    int width, height;      /* --size WxH, default 1280x800 */
    double scale;           /* --scale: multiplies the scale taken from the display DPI; 0 = 1 */
    int fullscreen;
    int presenter;
    int view_page;          /* --view: a view_page (VIEW_PAGE_TRAIN by default) */
    int view_lecture;       /* --view lecture: the train page with the lecture tab of the controls */
    int has_slice;          /* --slice: the universal maps' slice strip starts with this segment (once
                             * cli_session made the session, main puts its slice here: the --load file's too) */
    double slice[4];        /* its ends a = (x0, x1), b = (x0, x1), each in [−1, 1] */
    const char *record;     /* --record DIR */
    int stats;              /* --stats: 1 steps/s, frame-time percentiles and CPU; 2 (=verbose) also the breakdown */
    int renderer;           /* --renderer: an app_renderer, APP_RENDERER_AUTO (0) by default */

    /* measurements (headless) */
    int report_stability;   /* --report stability: λ_max and η·λ_max after the steps */
    int sweep;              /* --sweep: Barron's sweep on the universal scene instead of a run */
    int n_sweep;            /* --sweep-n: widths given, 0 = the sweep's defaults */
    int sweep_n[16];        /* (n_sweep) */
    int restarts;           /* --restarts, 0 = the sweep's default */
    int has_target;         int target; /* --target: the universal scene's target, by index */
    const char *target_name;
} cli_options;

/* 0 ok; -1 with err = one line naming the flag and the allowed range (exit status 2). */
int cli_parse(int argc, char **argv, cli_options *o, char *err, int errlen);
/* The help text, every flag with its default and range. */
void cli_usage(FILE *f, const char *argv0);
/* The session the options ask for: --load FILE or preset, then each given flag.
 * 0 ok; -1 with err naming the file and line (exit status 1); -2 with err naming a flag that does not
 * fit the session, e.g. --hidden against a file's units (exit status 2). */
int cli_session(const cli_options *o, session *s, char *err, int errlen);

#endif
