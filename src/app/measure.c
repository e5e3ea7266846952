/* measure: --sweep and --report stability (see measure.h).
 * Main thread only; the sweep's runs are sequential and each allocates and frees its own network.
 * Invariants: the CSV is committed whole or not at all; the slope line is the last line on stdout. */
#include "app/measure.h"

#include <inttypes.h>
#include <stdlib.h>

#include "app/headless.h"
#include "data/scene.h"
#include "lesson/stability.h"
#include "session/io.h"
#include "train/sweep.h"

#define REPORT_MAX_ITER 1000
#define REPORT_TOL 1e-12

int app_report_stability(const train_core *c, FILE *out)
{
    snap *s = malloc(sizeof *s); /* every token and weight: not on the stack */
    if (!s)
        return -1;
    train_core_fill(c, s);
    lesson_stability st;
    int rc = lesson_stability_of(s, REPORT_MAX_ITER, REPORT_TOL, &st);
    if (rc == 0)
        fprintf(out, "lambda_max %.17g\neta_lambda_max %.17g\n", st.lambda_max, st.eta_lambda);
    free(s);
    return rc;
}

/* The sweep's description from the flags: the universal scene with --target, --tokens (a square: the
 * grid) and --seed; the widths, restarts, optimizer, η and activation when given. */
static sweep_desc sweep_of(const cli_options *o)
{
    const scene_desc *sc = &scene_universal;
    scene_spec spec = scene_spec_default(sc);
    if (o->has_target)
        spec.v[scene_param_index(sc, "target")] = o->target;
    if (o->has_tokens)
        spec.n = o->tokens;
    if (o->has_seed)
        spec.seed = o->seed;
    sweep_desc d = sweep_default(sc, spec);
    d.seed = spec.seed;
    if (o->n_sweep) {
        d.n_sizes = o->n_sweep;
        for (int i = 0; i < o->n_sweep; i++)
            d.sizes[i] = o->sweep_n[i];
    }
    if (o->restarts)
        d.restarts = o->restarts;
    if (o->has_opt)
        d.opt = o->opt;
    if (o->has_lr)
        d.lr = o->lr;
    if (o->has_act)
        d.act = o->act;
    if (o->has_gain)
        d.gain = o->gain;
    return d;
}

int app_sweep_run(const cli_options *o)
{
    char err[1024];
    sweep_desc d = sweep_of(o);
    if (sweep_check(&d, err, (int)sizeof err) != 0) {
        io_clean(err);
        fprintf(stderr, "backprop-lab: --sweep: %s\n", err);
        return APP_EXIT_USAGE;
    }
    const int n_runs = d.n_sizes * d.restarts;
    sweep_row *rows = malloc((size_t)n_runs * sizeof *rows);
    if (!rows) {
        fprintf(stderr, "backprop-lab: --sweep: out of memory\n");
        return APP_EXIT_FILE;
    }
    io_out *csv = NULL;
    if (o->csv) {
        if (!(csv = io_open(o->csv, err, (int)sizeof err))) {
            fprintf(stderr, "backprop-lab: %s\n", err);
            free(rows);
            return APP_EXIT_FILE;
        }
        io_printf(csv, "N,restart,steps,train_loss,true_error\n");
    }
    int n = 0;
    for (int s = 0; s < d.n_sizes; s++) {
        for (int r = 0; r < d.restarts; r++, n++) {
            if (sweep_run(&d, s, r, &rows[n]) != 0) {
                fprintf(stderr, "backprop-lab: --sweep: out of memory at N = %d\n", d.sizes[s]);
                io_abort(csv);
                free(rows);
                return APP_EXIT_FILE;
            }
            if (csv)
                io_printf(csv, "%d,%d,%" PRId64 ",%.17g,%.17g\n", rows[n].n_hidden, r + 1, rows[n].steps,
                          rows[n].train_loss, rows[n].true_error);
            if (o->stats)
                fprintf(stderr, "backprop-lab: N = %d, restart %d: %" PRId64 " steps, true error %.3g\n",
                        rows[n].n_hidden, r + 1, rows[n].steps, rows[n].true_error);
        }
    }
    if (csv && io_commit(csv, err, (int)sizeof err) != 0) {
        fprintf(stderr, "backprop-lab: %s\n", err);
        free(rows);
        return APP_EXIT_FILE;
    }
    printf("slope %.17g\n", sweep_slope(rows, n));
    free(rows);
    return fflush(stdout) == 0 ? APP_EXIT_OK : APP_EXIT_FILE;
}
