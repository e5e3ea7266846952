/* runexe: runs the built program in a directory and captures its output, for end-to-end tests.
 * The test's main thread only (fork, exec, wait).
 * Invariants: the child gets an alarm, so a hung program ends as a signal, never a hung test. */
#ifndef TESTS_RELIABILITY_RUNEXE_H
#define TESTS_RELIABILITY_RUNEXE_H

#include <stddef.h>
#include <sys/types.h>

#define REL_OUT_MAX 65536

typedef struct {
    int status;               /* as from waitpid */
    char out[REL_OUT_MAX];    /* stdout, NUL-terminated, truncated to fit */
    char err[REL_OUT_MAX];    /* stderr, the same */
} rel_result;

/* Runs argv (argv[0] the program path, NULL-terminated) with cwd as working directory, stdin from
 * /dev/null and no display (DISPLAY, WAYLAND_DISPLAY unset). 0, or -1 when it could not start. */
int rel_run(const char *cwd, char *const argv[], rel_result *res);

/* What rel_run_with changes in the child before it runs the program. */
typedef struct {
    int alarm_seconds;   /* > 0: the program is killed (SIGALRM) after this many seconds, else 60 */
    long long fsize;     /* > 0: RLIMIT_FSIZE in bytes (a full disk, as `ulimit -f`) */
    int set_umask;       /* 1: umask(umask) first */
    mode_t umask;
} rel_opts;
int rel_run_with(const char *cwd, char *const argv[], rel_result *res, const rel_opts *opt);

/* The program under test from a test binary's command line (its one argument), as an absolute
 * path, since the cases run in their own directories; NULL after a message on stderr. */
const char *rel_exe_arg(int argc, char **argv);

/* A readable account of a result for failure messages: "exit 2" or "signal 11". */
const char *rel_status_text(int status);

/* The state of every entry in dir, one "name type size mtime hash" line each, sorted: equal
 * strings mean nothing was created, removed, rewritten or touched. */
void rel_dir_state(const char *dir, char *out, size_t len);

/* Writes len bytes to path (mode 0644), aborting on failure. */
void rel_write(const char *path, const void *data, size_t len);

/* Temporary directory handling for the tests. */
void rel_tmpdir(char *out, size_t len);   /* creates $TMPDIR/bpl-rel-XXXXXX */
void rel_rmtree(const char *dir);         /* removes it and everything below, permissions first */

#endif
