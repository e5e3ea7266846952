/* headless: a run without a window: training steps, a CSV of the loss, the final session, a picture,
 * PNG frames for slides.
 * Main thread only.
 * Invariants: every step goes through train_core_step, the trainer thread's own code path; a recorded
 * run has one frame for step 0 and one per --every K steps (always the last). */
#include "app/headless.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/record.h"
#include "render/offscreen.h"
#include "train/core.h"

/* The CSV goes to stdout, or to a temporary file beside FILE that replaces FILE only when complete,
 * so an existing FILE is never left half-written. */
typedef struct {
    FILE *f;
    const char *path; /* NULL for stdout */
    char *tmp;        /* the temporary file's name */
} csv_out;

static int csv_open(csv_out *c, const char *path)
{
    memset(c, 0, sizeof *c);
    if (strcmp(path, "-") == 0) {
        c->f = stdout;
    } else {
        c->path = path;
        size_t n = strlen(path);
        c->tmp = malloc(n + sizeof ".tmp.XXXXXX");
        if (!c->tmp) {
            fprintf(stderr, "backprop-lab: %s: out of memory\n", path);
            return -1;
        }
        memcpy(c->tmp, path, n);
        memcpy(c->tmp + n, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
        int fd = mkstemp(c->tmp);
        if (fd >= 0 && fchmod(fd, 0644) == 0)
            c->f = fdopen(fd, "w");
        if (!c->f) {
            fprintf(stderr, "backprop-lab: %s: cannot create a temporary file beside it: %s\n", path,
                    strerror(errno));
            if (fd >= 0) {
                close(fd);
                unlink(c->tmp);
            }
            free(c->tmp);
            return -1;
        }
    }
    fputs("step,loss\n", c->f);
    return 0;
}

static void csv_row(csv_out *c, int64_t step, double loss)
{
    fprintf(c->f, "%" PRId64 ",%.17g\n", step, loss);
}

/* Completes the file (or flushes stdout); on failure removes the temporary file. 0 ok. */
static int csv_close(csv_out *c)
{
    if (!c->path) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "backprop-lab: cannot write the CSV to stdout: %s\n", strerror(errno));
            return -1;
        }
        return 0;
    }
    int err = 0;
    errno = 0;
    if (fflush(c->f) != 0 || ferror(c->f) || fsync(fileno(c->f)) != 0)
        err = errno ? errno : EIO;
    if (fclose(c->f) != 0 && !err)
        err = errno;
    if (!err && rename(c->tmp, c->path) != 0)
        err = errno;
    if (err) {
        fprintf(stderr, "backprop-lab: %s: cannot write the CSV: %s\n", c->path, strerror(err));
        unlink(c->tmp);
    }
    free(c->tmp);
    return err ? -1 : 0;
}

/* Gives up a CSV file: the temporary file goes, the target stays as it was. */
static void csv_abort(csv_out *c)
{
    if (!c->path)
        return;
    fclose(c->f);
    unlink(c->tmp);
    free(c->tmp);
}

static double now_sec(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int save_session(const train_core *c, const char *path)
{
    session *s = malloc(sizeof *s);
    if (!s) {
        fprintf(stderr, "backprop-lab: %s: out of memory\n", path);
        return -1;
    }
    char err[512];
    train_core_session(c, s);
    int rc = session_save(path, s, err, (int)sizeof err);
    if (rc)
        fprintf(stderr, "backprop-lab: %s\n", err);
    free(s);
    return rc;
}

static int screenshot(const train_core *c, const cli_options *o, double steps_per_sec)
{
    snap *sn = calloc(1, sizeof *sn);
    if (!sn) {
        fprintf(stderr, "backprop-lab: %s: out of memory\n", o->screenshot);
        return -1;
    }
    train_core_fill(c, sn);
    sn->generation = 1;
    sn->steps_per_sec = steps_per_sec;
    char err[512];
    int rc = view_render_png(sn, o, o->screenshot, err, (int)sizeof err);
    if (rc)
        fprintf(stderr, "backprop-lab: %s\n", err);
    free(sn);
    return rc;
}

int app_headless_run(const cli_options *o, const session *s)
{
    char err[512];
    train_core *c = train_core_create(s, err, (int)sizeof err);
    if (!c) {
        fprintf(stderr, "backprop-lab: %s\n", err);
        return APP_EXIT_FILE;
    }
    csv_out csv;
    if (o->csv && csv_open(&csv, o->csv)) {
        train_core_destroy(c);
        return APP_EXIT_FILE;
    }
    record_headless *rec = NULL;
    if (o->record && !(rec = record_headless_open(o, err, (int)sizeof err))) {
        fprintf(stderr, "backprop-lab: %s\n", err);
        if (o->csv)
            csv_abort(&csv);
        train_core_destroy(c);
        return APP_EXIT_FILE;
    }

    /* Rows and frames for step 0 (before any update), every o->every-th update and the last state. */
    int64_t done = 0, last_row = 0;
    int failed = 0;
    if (o->csv)
        csv_row(&csv, train_core_steps(c), train_core_loss(c));
    if (rec && record_headless_frame(rec, c, 0.0, err, (int)sizeof err) != 0) {
        fprintf(stderr, "backprop-lab: %s\n", err);
        failed = 1;
    }
    int diverged = 0;
    double t0 = now_sec();
    while (done < o->steps && !failed) {
        if (train_core_step(c) == TRAIN_DIVERGED) {
            diverged = 1;
            break;
        }
        done++;
        if (done % o->every == 0 || done == o->steps) {
            if (o->csv)
                csv_row(&csv, train_core_steps(c), train_core_loss(c));
            last_row = done;
            double secs = now_sec() - t0;
            if (rec && record_headless_frame(rec, c, secs > 0 ? (double)done / secs : 0.0, err, (int)sizeof err) != 0) {
                fprintf(stderr, "backprop-lab: %s\n", err);
                failed = 1;
            }
        }
    }
    double secs = now_sec() - t0;
    double rate = secs > 0 ? (double)done / secs : 0.0;
    if (diverged && last_row != done) {
        if (o->csv)
            csv_row(&csv, train_core_steps(c), train_core_loss(c));
        if (rec && !failed && record_headless_frame(rec, c, rate, err, (int)sizeof err) != 0) {
            fprintf(stderr, "backprop-lab: %s\n", err);
            failed = 1;
        }
    }
    if (rec) {
        if (o->stats)
            fprintf(stderr, "backprop-lab: %ld frames in %s\n", record_headless_count(rec), o->record);
        record_headless_close(rec);
    }
    if (diverged)
        fprintf(stderr,
                "backprop-lab: training diverged at step %" PRId64 " with η = %g; kept the weights of step %" PRId64
                " (try a smaller --lr)\n",
                train_core_steps(c) + 1, s->lr, train_core_steps(c));
    if (o->stats)
        fprintf(stderr, "backprop-lab: %" PRId64 " steps in %.3f s, %.0f steps/s\n", done, secs, rate);

    /* a failed frame stopped the run short: its other outputs would describe a run nobody asked for */
    const int stopped = failed;
    if (o->csv) {
        if (stopped)
            csv_abort(&csv);
        else
            failed |= csv_close(&csv) != 0;
    }
    if (o->save && !stopped)
        failed |= save_session(c, o->save) != 0;
    if (o->screenshot && !stopped)
        failed |= screenshot(c, o, rate) != 0;
    train_core_destroy(c);
    return failed ? APP_EXIT_FILE : diverged ? APP_EXIT_DIVERGED : APP_EXIT_OK;
}
