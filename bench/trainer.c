/* bench/trainer: the training thread's steps per second flat out, with a 60 Hz snapshot reader and with none.
 * Main thread sends commands and reads snapshots; the trainer runs in its own thread (src/train).
 * Invariants: the two cases alternate over one session, so the machine's drift hits both; medians are shown. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "session/session.h"
#include "train/trainer.h"

#define ROUNDS 5
#define ROUND_SECONDS 1.0

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

static int send(train_thread *t, train_cmd_type type, double a)
{
    train_cmd c;
    memset(&c, 0, sizeof c);
    c.type = type;
    c.a = a;
    return train_thread_send(t, &c);
}

/* Step count the trainer has published, waiting for a snapshot newer than the last one read. */
static int64_t fresh_step(train_thread *t, train_status *status)
{
    for (;;) {
        int fresh;
        const snap *s = train_thread_take(t, &fresh);
        if (fresh) {
            *status = s->status;
            return s->step;
        }
        sleep_s(0.0005);
    }
}

/* Steps per second over ROUND_SECONDS; reader: take a snapshot every 1/60 s meanwhile. */
static double round_rate(train_thread *t, int reader, train_status *status)
{
    int64_t s0 = fresh_step(t, status);
    double t0 = now_s(), end = t0 + ROUND_SECONDS;
    if (reader) {
        for (double next = t0 + 1.0 / 60; next < end; next += 1.0 / 60) {
            double wait = next - now_s();
            if (wait > 0)
                sleep_s(wait);
            int fresh;
            train_thread_take(t, &fresh);
        }
    }
    double wait = end - now_s();
    if (wait > 0)
        sleep_s(wait);
    int64_t s1 = fresh_step(t, status);
    return (double)(s1 - s0) / (now_s() - t0);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int bench(int tokens, int hidden)
{
    session *s = malloc(sizeof *s);
    if (!s) {
        fprintf(stderr, "trainer: out of memory\n");
        return -1;
    }
    session_default(s);
    s->hidden = hidden;
    s->task.n = tokens;
    s->speed = 0; /* unlimited */
    char err[256];
    train_thread *t = train_thread_start(s, err, sizeof err);
    free(s);
    if (!t) {
        fprintf(stderr, "trainer: %s\n", err);
        return -1;
    }
    if (send(t, TRAIN_CMD_SET_SPEED, 0) != 0 || send(t, TRAIN_CMD_RUN, 0) != 0) {
        fprintf(stderr, "trainer: command ring full at start\n");
        train_thread_stop(t);
        return -1;
    }
    double none[ROUNDS], with[ROUNDS];
    train_status status = TRAIN_RUNNING;
    sleep_s(0.2); /* warm up */
    for (int r = 0; r < ROUNDS && status == TRAIN_RUNNING; r++) {
        none[r] = round_rate(t, 0, &status);
        with[r] = round_rate(t, 1, &status);
    }
    train_thread_stop(t);
    if (status != TRAIN_RUNNING) {
        fprintf(stderr, "trainer: %d×%d stopped running (status %d): no figure\n", tokens, hidden, (int)status);
        return -1;
    }
    qsort(none, ROUNDS, sizeof none[0], cmp_double);
    qsort(with, ROUNDS, sizeof with[0], cmp_double);
    double a = none[ROUNDS / 2], b = with[ROUNDS / 2];
    printf("| %4d×%-4d | %12.0f | %12.0f | %6.1f%% |\n", tokens, hidden, a, b, 100.0 * b / a);
    return 0;
}

int main(void)
{
    printf("## Trainer thread flat out (lecture-start, gd): steps/s without and with a 60 Hz reader\n\n");
    printf("Wall-clock; median of %d alternating rounds of %.1f s each.\n\n", ROUNDS, ROUND_SECONDS);
    printf("| n×N       | no reader    | 60 Hz reader | ratio   |\n");
    printf("|-----------|--------------|--------------|---------|\n");
    static const int sizes[][2] = {{9, 5}, {256, 64}, {1024, 256}};
    int rc = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        rc |= bench(sizes[i][0], sizes[i][1]) != 0;
    return rc ? 1 : 0;
}
