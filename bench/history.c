/* bench/history: time to reach a random step of a long run by history_seek, and the memory it holds;
 * then the same through the trainer's path (travel_apply of a seek and the snapshot the window gets).
 * Single-threaded program (main thread only).
 * Invariants: seek times are this thread's CPU time; the same seed picks the same steps every run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "session/session.h"
#include "train/core.h"
#include "train/history.h"
#include "train/travel.h"

static double now_s(int clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void usage(void)
{
    fprintf(stderr, "usage: history [TOKENS HIDDEN STEPS SEEKS OPTIMIZER MIB]\n"
                    "  defaults: 9 5 1000000 50 gd 64 (optimizer: gd, momentum, adam, lbfgs)\n");
}

int main(int argc, char **argv)
{
    int tokens = 9, hidden = 5, seeks = 50;
    long long steps = 1000000, mib = 64;
    nn_opt_kind opt = NN_OPT_GD;
    if (argc != 1 && argc != 7) {
        usage();
        return 2;
    }
    if (argc == 7) {
        tokens = atoi(argv[1]);
        hidden = atoi(argv[2]);
        steps = atoll(argv[3]);
        seeks = atoi(argv[4]);
        mib = atoll(argv[6]);
        if (nn_opt_parse(argv[5], &opt) != 0 || steps < 1 || seeks < 1 || seeks > 10000 || mib < 1) {
            usage();
            return 2;
        }
    }
    session *s = malloc(sizeof *s);
    if (!s)
        return 1;
    session_default(s);
    s->task.n = tokens;
    s->hidden = hidden;
    s->opt = opt;
    s->lr = opt == NN_OPT_LBFGS ? 1.0 : opt == NN_OPT_ADAM ? 0.01 : 0.02;
    char err[256];
    train_core *c = train_core_create(s, err, (int)sizeof err);
    if (!c) {
        fprintf(stderr, "history: %s\n", err);
        return 1;
    }
    size_t bound = (size_t)mib << 20;
    history *h = history_create(c, bound, err, (int)sizeof err);
    if (!h) {
        fprintf(stderr, "history: %s\n", err);
        return 1;
    }

    /* the same steps without a history, on a second core: what keeping one costs per step */
    train_core *plain = train_core_create(s, err, (int)sizeof err);
    if (!plain) {
        fprintf(stderr, "history: %s\n", err);
        return 1;
    }
    double t0 = now_s(CLOCK_THREAD_CPUTIME_ID);
    for (long long i = 0; i < steps; i++)
        train_core_step(plain);
    double bare = now_s(CLOCK_THREAD_CPUTIME_ID) - t0;
    train_core_destroy(plain);

    t0 = now_s(CLOCK_THREAD_CPUTIME_ID);
    size_t peak = history_bytes(h);
    for (long long i = 0; i < steps; i++) {
        train_core_step(c);
        history_after_step(h, c);
        if (history_bytes(h) > peak)
            peak = history_bytes(h);
    }
    double run = now_s(CLOCK_THREAD_CPUTIME_ID) - t0;
    printf("%d tokens x %d units, %s, %lld steps: %.3f us/step with history, %.3f without\n", tokens, hidden,
           nn_opt_name(opt), steps, 1e6 * run / (double)steps, 1e6 * bare / (double)steps);
    printf("memory: %zu bytes now, %zu at most, bound %zu; %d keyframes, stride %lld steps\n", history_bytes(h), peak,
           bound, history_keyframes(h), (long long)history_stride(h));

    double *t = malloc((size_t)seeks * sizeof *t);
    if (!t)
        return 1;
    uint64_t rng = 12345;
    int64_t last = train_core_steps(c);
    for (int i = 0; i < seeks; i++) {
        rng = rng * 6364136223846793005u + 1442695040888963407u;
        int64_t step = i == 0 ? last - 1 : (int64_t)((rng >> 11) % (uint64_t)(last + 1)); /* first: one back */
        train_core *r = NULL;
        double a = now_s(CLOCK_THREAD_CPUTIME_ID);
        if (history_seek(h, step, &r, err, (int)sizeof err) != 0) {
            fprintf(stderr, "history: %s\n", err);
            return 1;
        }
        t[i] = now_s(CLOCK_THREAD_CPUTIME_ID) - a;
        if (train_core_steps(r) != step) {
            fprintf(stderr, "history: the seek to %lld gave step %lld\n", (long long)step,
                    (long long)train_core_steps(r));
            return 1;
        }
        if (i == 0)
            printf("one step back from the end: %.2f ms\n", 1e3 * t[0]);
        train_core_destroy(r);
    }
    qsort(t, (size_t)seeks, sizeof *t, cmp_double);
    double sum = 0;
    for (int i = 0; i < seeks; i++)
        sum += t[i];
    printf("seek to a random step (%d seeks): median %.2f ms, mean %.2f ms, max %.2f ms\n", seeks,
           1e3 * t[seeks / 2], 1e3 * sum / seeks, 1e3 * t[seeks - 1]);
    history_destroy(h);
    train_core_destroy(c);

    /* the trainer's path: travel_step for every step, then a seek command and the snapshot filled from
     * it, as the trainer thread does between a key press and the frame that shows the step */
    train_travel *tv = travel_create(s, err, (int)sizeof err);
    snap *sn = malloc(sizeof *sn);
    if (!tv || !sn) {
        fprintf(stderr, "history: %s\n", tv ? "out of memory" : err);
        return 1;
    }
    size_t tpeak = travel_bytes(tv);
    t0 = now_s(CLOCK_THREAD_CPUTIME_ID);
    for (long long i = 0; i < steps; i++) {
        travel_step(tv);
        if (travel_bytes(tv) > tpeak)
            tpeak = travel_bytes(tv);
    }
    run = now_s(CLOCK_THREAD_CPUTIME_ID) - t0;
    printf("trainer path: %.3f us/step; memory %zu bytes at most, bound %zu\n", 1e6 * run / (double)steps, tpeak,
           (size_t)TRAVEL_MAX_BYTES);
    rng = 12345;
    for (int i = 0; i < seeks; i++) {
        rng = rng * 6364136223846793005u + 1442695040888963407u;
        int64_t step = i == 0 ? last - 1 : (int64_t)((rng >> 11) % (uint64_t)(last + 1));
        train_cmd cmd = i == 0 ? (train_cmd){.type = TRAIN_CMD_BACK, .i = 1}
                               : (train_cmd){.type = TRAIN_CMD_SEEK, .u = (uint64_t)step};
        double a = now_s(CLOCK_THREAD_CPUTIME_ID);
        travel_apply(tv, &cmd);
        travel_fill(tv, sn);
        t[i] = now_s(CLOCK_THREAD_CPUTIME_ID) - a;
        if (sn->step != step) {
            fprintf(stderr, "history: the trainer's seek to %lld gave step %lld\n", (long long)step,
                    (long long)sn->step);
            return 1;
        }
        if (i == 0)
            printf("trainer path, one step back (<-) from the end: %.2f ms\n", 1e3 * t[0]);
    }
    qsort(t, (size_t)seeks, sizeof *t, cmp_double);
    sum = 0;
    for (int i = 0; i < seeks; i++)
        sum += t[i];
    printf("trainer path, seek to a random step and publish (%d seeks): median %.2f ms, mean %.2f ms, max %.2f ms\n",
           seeks, 1e3 * t[seeks / 2], 1e3 * sum / seeks, 1e3 * t[seeks - 1]);
    free(t);
    free(sn);
    travel_destroy(tv);
    free(s);
    return 0;
}
