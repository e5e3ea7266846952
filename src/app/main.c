/* main: the entry point: command line, session, then the window or the headless run.
 * Main thread only.
 * Invariants: the only place that ends the process; exit status 0 ok, 1 file, 2 usage, 3 diverged. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/headless.h"
#include "app/measure.h"
#include "app/startup.h"
#include "app/window.h"
#include "bpl_config.h"
#include "session/io.h"

int main(int argc, char **argv)
{
    startup_mark("libraries loaded"); /* exec to main: the dynamic linker */
    /* before any thread: the umask new files get, read once */
    io_init();
    /* a write past the file-size limit then fails with EFBIG and is reported, instead of the
     * signal ending the process silently with a temporary file left behind */
    signal(SIGXFSZ, SIG_IGN);
    cli_options o;
    char err[1024];
    if (cli_parse(argc, argv, &o, err, (int)sizeof err) != 0) {
        /* one line, as a script or a log wants it; the hint rides along */
        io_clean(err);
        fprintf(stderr, "backprop-lab: %s; try 'backprop-lab --help'\n", err);
        return APP_EXIT_USAGE;
    }
    if (o.help) {
        cli_usage(stdout, argv[0]);
        return fflush(stdout) == 0 ? APP_EXIT_OK : APP_EXIT_FILE;
    }
    if (o.version) {
        printf("backprop-lab %s\n", BPL_VERSION);
        return fflush(stdout) == 0 ? APP_EXIT_OK : APP_EXIT_FILE;
    }
    if (o.sweep)
        return app_sweep_run(&o);
    session *s = malloc(sizeof *s); /* large (every token and weight): not on the stack */
    if (!s) {
        fprintf(stderr, "backprop-lab: out of memory\n");
        return APP_EXIT_FILE;
    }
    int rc = cli_session(&o, s, err, (int)sizeof err);
    if (rc != 0) {
        io_clean(err);
        fprintf(stderr, "backprop-lab: %s%s\n", err, rc == -2 ? "; try 'backprop-lab --help'" : "");
        free(s);
        return rc == -2 ? APP_EXIT_USAGE : APP_EXIT_FILE;
    }
    /* the window and the pictures start the strip from the session's slice: --slice, else the --load file's */
    o.has_slice = s->has_slice;
    memcpy(o.slice, s->slice, sizeof o.slice);
    startup_mark("session");
    rc = o.headless ? app_headless_run(&o, s) : app_window_run(&o, s);
    free(s);
    return rc;
}
