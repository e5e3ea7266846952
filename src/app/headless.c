/* headless: a run without a window: training steps, a CSV of the loss, the final session, a picture,
 * PNG frames for slides.
 * Main thread only.
 * Invariants: every step goes through train_core_step, the trainer thread's own code path; a recorded
 * run has one frame for step 0 and one per --every K steps (always the last). */
#include "app/headless.h"
#include "app/measure.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/record.h"
#include "app/offscreen.h"
#include "app/slicer.h"
#include "app/sweeper.h"
#include "app/twin.h"
#include "lesson/stability.h"
#include "session/io.h"
#include "train/core.h"

/* Set by SIGINT and SIGTERM; the step loop stops at the next step and the run ends with its outputs
 * given up (the temporary CSV removed, the old files as they were). Only this flag is touched in
 * the handler. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig) { stop_signal = sig; }

/* Installs on_stop for SIGINT and SIGTERM (no SA_RESTART: a blocked write returns EINTR and is
 * retried, and the loop sees the flag); the old actions back on leaving. */
static void catch_stops(int on, struct sigaction old[2])
{
    static const int sigs[2] = {SIGINT, SIGTERM};
    for (int i = 0; i < 2; i++) {
        if (on) {
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_stop;
            sigemptyset(&sa.sa_mask);
            sigaction(sigs[i], &sa, &old[i]);
        } else {
            sigaction(sigs[i], &old[i], NULL);
        }
    }
}

/* The CSV goes through io: to stdout for "-", else to a temporary file beside FILE that replaces
 * FILE only when complete, so an existing FILE is never left half-written. */
static void csv_row(io_out *c, int64_t step, double loss)
{
    io_printf(c, "%" PRId64 ",%.17g\n", step, loss);
}

/* One line on stderr, control characters of file names cleaned. */
static void say(char *err)
{
    io_clean(err);
    fprintf(stderr, "backprop-lab: %s\n", err);
}

static double now_sec(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* The core's session, with the start's slice strip: a view setting the core does not keep. */
static int save_session(const train_core *c, const session *start, const char *path)
{
    session *s = malloc(sizeof *s);
    if (!s) {
        fprintf(stderr, "backprop-lab: %s: out of memory\n", path);
        return -1;
    }
    char err[1024];
    train_core_session(c, s);
    s->has_slice = start->has_slice;
    memcpy(s->slice, start->slice, sizeof s->slice);
    int rc = session_save(path, s, err, (int)sizeof err);
    if (rc)
        say(err);
    free(s);
    return rc;
}

/* The sweep page's rows, run here on this thread: the scene's sweep as the window's Start runs it, with
 * --sweep-n and --restarts when given (else N = 1 … 64, 5 restarts). 0 ok (v->usable 0 on a scene without a
 * target: nothing run); -1 with a message. */
static int sweep_page(const snap *sn, const cli_options *o, view_sweep *v)
{
    memset(v, 0, sizeof *v);
    v->max_n = 64;
    v->restarts = o->restarts ? o->restarts : 5;
    v->usable = sn->scene->target != NULL && sn->scene->d == 2;
    if (!v->usable)
        return 0;
    sweep_desc d = sweeper_desc_of(sn);
    sweeper_widths(&d, v->max_n);
    if (o->n_sweep) {
        d.n_sizes = o->n_sweep;
        for (int i = 0; i < o->n_sweep; i++)
            d.sizes[i] = o->sweep_n[i];
    }
    d.restarts = v->restarts;
    char err[256];
    if (sweep_check(&d, err, (int)sizeof err) != 0) {
        fprintf(stderr, "backprop-lab: --view sweep: %s\n", err);
        return -1;
    }
    if (d.n_sizes * d.restarts > VIEW_SWEEP_ROWS) {
        fprintf(stderr, "backprop-lab: --view sweep: %d runs; the page shows at most %d (--restarts up to %d)\n",
                d.n_sizes * d.restarts, VIEW_SWEEP_ROWS, VIEW_SWEEP_MAX_R);
        return -1;
    }
    v->desc = d;
    v->max_n = d.sizes[d.n_sizes - 1]; /* the "N ≤" button lit, when the widths end on one */
    v->total = d.n_sizes * d.restarts;
    const double t0 = now_sec();
    for (int s = 0; s < d.n_sizes; s++)
        for (int r = 0; r < d.restarts; r++) {
            if (sweep_run(&d, s, r, &v->rows[v->done]) != 0) {
                fprintf(stderr, "backprop-lab: --view sweep: out of memory at N = %d\n", d.sizes[s]);
                return -1;
            }
            v->done++;
        }
    v->elapsed = now_sec() - t0;
    v->state = VIEW_SWEEP_DONE;
    return 0;
}

/* A PNG of page `page` at the core's weights into path; the landscape page gets its slice computed here
 * (top two Hessian eigenvectors, with the run's trajectory traj, or none) and λ_max at these very weights. */
static int picture(const train_core *c, const cli_options *o, int page, const char *path, double steps_per_sec,
                   const slicer_traj *traj)
{
    snap *sn = calloc(1, sizeof *sn);
    slicer_job *job = page == VIEW_PAGE_LANDSCAPE ? calloc(1, sizeof *job) : NULL;
    slicer_result *res = page == VIEW_PAGE_LANDSCAPE ? calloc(1, sizeof *res) : NULL;
    if (!sn || (page == VIEW_PAGE_LANDSCAPE && (!job || !res))) {
        fprintf(stderr, "backprop-lab: %s: out of memory\n", path);
        free(sn);
        free(job);
        free(res);
        return -1;
    }
    train_core_fill(c, sn);
    sn->generation = 1;
    sn->steps_per_sec = steps_per_sec;
    if (page == VIEW_PAGE_LANDSCAPE) {
        lesson_stability st;
        if (lesson_stability_of(sn, 1000, 1e-12, &st) == 0 && sn->curv.len < SNAP_CURV_CAP) {
            sn->curv.lambda_max = st.lambda_max;
            sn->curv.at = sn->step;
            if (sn->curv.len == 0 || sn->curv.step[sn->curv.len - 1] < sn->step) {
                sn->curv.step[sn->curv.len] = sn->step;
                sn->curv.lam[sn->curv.len] = st.lambda_max;
                sn->curv.lr[sn->curv.len] = sn->lr;
                sn->curv.len++;
            }
        }
        slicer_job_of(job, sn, traj, VIEW_AXES_HESSIAN, 0, 1, 1.0);
        slicer_compute(job, res);
    }
    view_sweep *sw = page == VIEW_PAGE_SWEEP ? malloc(sizeof *sw) : NULL;
    if (page == VIEW_PAGE_SWEEP && (!sw || sweep_page(sn, o, sw) != 0)) {
        if (!sw)
            fprintf(stderr, "backprop-lab: %s: out of memory\n", path);
        free(sw);
        free(sn);
        free(job);
        free(res);
        return -1;
    }
    char err[1024];
    int rc = sw ? view_render_sweep_png(sn, o, sw, path, err, (int)sizeof err)
                : view_render_page_png(sn, o, page, res ? &res->view : NULL, path, err, (int)sizeof err);
    free(sw);
    if (rc)
        say(err);
    free(sn);
    free(job);
    free(res);
    return rc;
}

/* What a headless run's pictures plot over its steps, read through one scratch snapshot of the core (the run
 * is untouched; the time spent here is left out of its steps per second):
 * - E|ŷ − f|² for the universal maps' loss plot, as the window plots it per snapshot: at step 0, every
 *   stride-th step and the last, stride = ⌈steps / TRUE_ERR_POINTS⌉, the same mean over the same 64×64 grid
 *   (scene_true_error); the screenshot and every recorded frame draw the curve from these points (up to
 *   the frame's step);
 * - the weights for the landscape picture's trajectory, at the steps slicer_traj_due keeps (the whole run in
 *   the points the window keeps of its recent snapshots).
 * A step both want is read once. */
#define TRUE_ERR_POINTS 256
typedef struct {
    int64_t stride;
    int n;
    double *pt;         /* (n, 2) step, value; NULL: a scene without a target, or no picture asked for */
    slicer_traj *traj;  /* NULL: no landscape picture asked for */
    snap *sn;           /* scratch the weights are read through */
    double secs;
} run_samples;

static void samples_close(run_samples *r)
{
    free(r->pt);
    free(r->traj);
    free(r->sn);
}

static void samples_open(run_samples *r, const cli_options *o, const session *s)
{
    memset(r, 0, sizeof *r);
    const int curve = (o->screenshot || o->record) && s->scene && s->scene->target && s->scene->d == 2;
    const int land = o->landscape || (o->screenshot && o->view_page == VIEW_PAGE_LANDSCAPE);
    if (!curve && !land) return;
    r->stride = o->steps > TRUE_ERR_POINTS ? (o->steps + TRUE_ERR_POINTS - 1) / TRUE_ERR_POINTS : 1;
    r->pt = curve ? malloc((TRUE_ERR_POINTS + 2) * 2 * sizeof *r->pt) : NULL;
    r->traj = land ? malloc(sizeof *r->traj) : NULL;
    r->sn = malloc(sizeof *r->sn);
    if ((curve && !r->pt) || (land && !r->traj) || !r->sn) {
        /* the pictures then show the points of the steps drawn alone, and no trajectory, as before */
        samples_close(r);
        memset(r, 0, sizeof *r);
        return;
    }
    if (r->traj) {
        r->traj->gap = 1;
        slicer_traj_clear(r->traj);
    }
}

/* After `done` of `steps` steps; end: the run is over (it diverged or stopped early), only the trajectory
 * still takes the weights where they are (the curve's last point is the last step's). */
static void samples_at(run_samples *r, const train_core *c, int64_t done, int64_t steps, int end)
{
    const int curve = !end && r->pt && r->n < TRUE_ERR_POINTS + 2 && (done % r->stride == 0 || done == steps);
    const int land = r->traj && slicer_traj_due(done, end ? done : steps);
    if (!curve && !land) return;
    const double t0 = now_sec();
    train_core_fill(c, r->sn);
    if (curve) {
        nn_net net;
        snap_net(r->sn, &net);
        r->pt[2 * r->n] = (double)r->sn->step;
        r->pt[2 * r->n + 1] = scene_true_error(r->sn->scene, &r->sn->scene_spec, &net, SCENE_TRUE_ERROR_GRID);
        r->n++;
    }
    if (land) slicer_traj_add(r->traj, r->sn);
    r->secs += now_sec() - t0;
}

static int screenshot(const train_core *c, const cli_options *o, double steps_per_sec, const run_samples *rs)
{
    if (!rs->pt || o->view_page != VIEW_PAGE_TRAIN)
        return picture(c, o, o->view_page, o->screenshot, steps_per_sec, rs->traj);
    snap *sn = calloc(1, sizeof *sn);
    if (!sn) {
        fprintf(stderr, "backprop-lab: %s: out of memory\n", o->screenshot);
        return -1;
    }
    train_core_fill(c, sn);
    sn->generation = 1;
    sn->steps_per_sec = steps_per_sec;
    char err[1024];
    const int rc = view_render_page_png_curve(sn, o, o->view_page, NULL, rs->pt, rs->n, o->screenshot, err,
                                              (int)sizeof err);
    if (rc) say(err);
    free(sn);
    return rc;
}

static int run(const cli_options *o, const session *s)
{
    char err[1024];
    train_core *c = train_core_create(s, err, (int)sizeof err);
    if (!c) {
        say(err);
        return APP_EXIT_FILE;
    }
    io_out *csv = NULL;
    if (o->csv) {
        if (!(csv = io_open(o->csv, err, (int)sizeof err))) {
            say(err);
            train_core_destroy(c);
            return APP_EXIT_FILE;
        }
        io_printf(csv, "step,loss\n");
    }
    record_headless *rec = NULL;
    if (o->record && !(rec = record_headless_open(o, err, (int)sizeof err))) {
        say(err);
        io_abort(csv);
        train_core_destroy(c);
        return APP_EXIT_FILE;
    }

    /* Rows and frames for step 0 (before any update), every o->every-th update and the last state. */
    int64_t done = 0, last_row = 0;
    int failed = 0;
    run_samples rs;
    samples_open(&rs, o, s);
    samples_at(&rs, c, 0, o->steps, 0);
    if (o->csv)
        csv_row(csv, train_core_steps(c), train_core_loss(c));
    if (rec && record_headless_frame(rec, c, 0.0, rs.pt, rs.n, err, (int)sizeof err) != 0) {
        say(err);
        failed = 1;
    }
    int diverged = 0;
    double t0 = now_sec();
    while (done < o->steps && !failed && !stop_signal) {
        if (train_core_step(c) == TRAIN_DIVERGED) {
            diverged = 1;
            break;
        }
        done++;
        samples_at(&rs, c, done, o->steps, 0);
        if (done % o->every == 0 || done == o->steps) {
            if (o->csv)
                csv_row(csv, train_core_steps(c), train_core_loss(c));
            last_row = done;
            double secs = now_sec() - t0 - rs.secs;
            if (rec && record_headless_frame(rec, c, secs > 0 ? (double)done / secs : 0.0, rs.pt, rs.n, err,
                                             (int)sizeof err) != 0) {
                say(err);
                failed = 1;
            }
        }
    }
    samples_at(&rs, c, done, o->steps, 1); /* a run that diverged or stopped early ends its trajectory there */
    double secs = now_sec() - t0 - rs.secs;
    double rate = secs > 0 ? (double)done / secs : 0.0;
    if (diverged && last_row != done) {
        if (o->csv)
            csv_row(csv, train_core_steps(c), train_core_loss(c));
        if (rec && !failed && record_headless_frame(rec, c, rate, rs.pt, rs.n, err, (int)sizeof err) != 0) {
            say(err);
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

    /* a failed frame or a signal stopped the run short: its other outputs would describe a run
     * nobody asked for, so none is written and the old files stay */
    const int interrupted = stop_signal;
    if (interrupted)
        fprintf(stderr, "backprop-lab: stopped by %s at step %" PRId64 "; no CSV file, session or screenshot"
                " written (files already there are as they were)\n",
                interrupted == SIGINT ? "SIGINT" : "SIGTERM", train_core_steps(c));
    const int stopped = failed || interrupted;
    if (o->csv) {
        if (stopped) {
            io_abort(csv);
        } else if (io_commit(csv, err, (int)sizeof err) != 0) {
            say(err);
            failed = 1;
        }
    }
    if (o->save && !stopped)
        failed |= save_session(c, s, o->save) != 0;
    if (o->screenshot && !stopped)
        failed |= screenshot(c, o, rate, &rs) != 0;
    if (o->landscape && !stopped)
        failed |= picture(c, o, VIEW_PAGE_LANDSCAPE, o->landscape, rate, rs.traj) != 0;
    if (o->report_stability && !stopped && app_report_stability(c, stdout) != 0) {
        fprintf(stderr, "backprop-lab: --report stability: out of memory\n");
        failed = 1;
    }
    samples_close(&rs);
    train_core_destroy(c);
    if (interrupted)
        return 128 + interrupted; /* as a shell reports a process ended by the signal */
    return failed ? APP_EXIT_FILE : diverged ? APP_EXIT_DIVERGED : APP_EXIT_OK;
}

int app_headless_run(const cli_options *o, const session *s)
{
    /* caught from before the first output is opened, so a signal never finds a temporary file
     * that nobody will remove */
    struct sigaction old_actions[2];
    stop_signal = 0;
    catch_stops(1, old_actions);
    int rc = s->twin.key != SESSION_TWIN_NONE ? app_twin_run(o, s, &stop_signal) : run(o, s);
    catch_stops(0, old_actions);
    return rc;
}
