/* Property test of train_thread at full speed: 10^4 random commands from this thread while a
 * reader thread takes every snapshot it can and checks it (relcheck); nothing sent is lost. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "relcheck.h"
#include "train/trainer.h"

#define N_COMMANDS 10000
#define FINAL_LR 0.0123456789 /* the last command's value, so the reader can tell it arrived */

typedef struct {
    train_thread *t;
    atomic_int stop; /* main -> reader: relaxed is enough, nothing else is published through it */
    atomic_int done; /* reader -> main: 1 the final command is visible, 2 a fault (release: fault is set) */
    atomic_long fresh; /* reader -> main: fresh snapshots checked so far; relaxed, a count only */
    long taken;
    char fault[512]; /* written by the reader only, read by main after the join */
} reader_ctx;

static void *reader(void *arg)
{
    reader_ctx *rc = arg;
    rel_scratch *sc = calloc(1, sizeof *sc);
    if (!sc) {
        strcpy(rc->fault, "out of memory");
        atomic_store_explicit(&rc->done, 2, memory_order_release);
        return NULL;
    }
    uint64_t last_gen = 0;
    while (!atomic_load_explicit(&rc->stop, memory_order_relaxed)) {
        int fresh = 0;
        const snap *s = train_thread_take(rc->t, &fresh);
        rc->taken++;
        if (!fresh) {
            if (s->generation != last_gen && last_gen != 0) {
                snprintf(rc->fault, sizeof rc->fault, "stale take changed generation %llu -> %llu",
                         (unsigned long long)last_gen, (unsigned long long)s->generation);
                break;
            }
            /* two cores may serve three threads here: sleep rather than spin, the trainer needs one */
            nanosleep(&(struct timespec){0, 100000}, NULL);
            continue;
        }
        atomic_fetch_add_explicit(&rc->fresh, 1, memory_order_relaxed);
        if (s->generation <= last_gen) {
            snprintf(rc->fault, sizeof rc->fault, "generation went from %llu to %llu",
                     (unsigned long long)last_gen, (unsigned long long)s->generation);
            break;
        }
        last_gen = s->generation;
        char why[400];
        if (rel_check(s, sc, why, (int)sizeof why) != 0) {
            snprintf(rc->fault, sizeof rc->fault, "snapshot %llu: %s", (unsigned long long)s->generation, why);
            break;
        }
        if (s->lr == FINAL_LR && s->status != TRAIN_RUNNING)
            atomic_store_explicit(&rc->done, 1, memory_order_relaxed);
    }
    if (rc->fault[0])
        atomic_store_explicit(&rc->done, 2, memory_order_release);
    free(sc);
    return NULL;
}

static void send_all(train_thread *t, const train_cmd *c, long *full)
{
    while (train_thread_send(t, c) != 0) {
        ++*full;
        nanosleep(&(struct timespec){0, 100000}, NULL);
    }
}

START_TEST(test_thread_random_commands)
{
    char err[256];
    session *start = malloc(sizeof *start);
    ck_assert(start);
    session_default(start);
    reader_ctx rc = {.t = train_thread_start(start, err, (int)sizeof err)};
    ck_assert_msg(rc.t != NULL, "%s", err);
    atomic_init(&rc.stop, 0);
    atomic_init(&rc.done, 0);
    atomic_init(&rc.fresh, 0);
    /* pthreads, not C11 threads: ThreadSanitizer does not see glibc's thrd_create */
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, reader, &rc), 0);

    nn_rng r;
    nn_rng_seed(&r, 0x7ead0007u);
    rel_shape shape = {start->task.n, start->hidden};
    long full = 0;
    train_cmd c = {.type = TRAIN_CMD_SET_SPEED, .a = 0.0};
    send_all(rc.t, &c, &full);
    c = (train_cmd){.type = TRAIN_CMD_RUN};
    send_all(rc.t, &c, &full);
    for (long i = 0; i < N_COMMANDS;) {
        /* a burst of commands, then up to a millisecond for a snapshot to show them: without the
         * pause the whole sequence would drain in a few batches and be seen in a few snapshots */
        for (int k = rel_int(&r, 1, 8); k > 0 && i < N_COMMANDS; k--, i++) {
            rel_command(&r, &shape, &c);
            if (c.type == TRAIN_CMD_LOAD && !c.ptr)
                ck_abort_msg("out of memory");
            /* full speed most of the time */
            if (c.type == TRAIN_CMD_SET_SPEED && nn_rng_uniform(&r) < 0.8)
                c.a = 0.0;
            if (c.type == TRAIN_CMD_SET_LR && c.a == FINAL_LR)
                c.a = 0.5;
            send_all(rc.t, &c, &full);
        }
        long seen = atomic_load_explicit(&rc.fresh, memory_order_relaxed);
        struct timespec tick = {0, 50000};
        for (int w = 0; w < 20 && atomic_load_explicit(&rc.fresh, memory_order_relaxed) == seen; w++)
            nanosleep(&tick, NULL);
    }
    c = (train_cmd){.type = TRAIN_CMD_SET_LR, .a = FINAL_LR};
    send_all(rc.t, &c, &full);
    c = (train_cmd){.type = TRAIN_CMD_PAUSE};
    send_all(rc.t, &c, &full);

    /* nothing lost: the last commands show up in a snapshot (within 60 s, however slow the build) */
    struct timespec pause = {0, 1000000};
    for (int ms = 0; ms < 60000 && !atomic_load_explicit(&rc.done, memory_order_acquire); ms++)
        nanosleep(&pause, NULL);
    atomic_store_explicit(&rc.stop, 1, memory_order_relaxed);
    pthread_join(th, NULL);
    train_thread_stop(rc.t);
    ck_assert_msg(rc.fault[0] == '\0', "%s", rc.fault);
    ck_assert_msg(atomic_load_explicit(&rc.done, memory_order_relaxed) == 1,
                  "the final commands never showed in a snapshot");
    long fresh = atomic_load_explicit(&rc.fresh, memory_order_relaxed);
    ck_assert_msg(fresh > 200, "the reader saw only %ld fresh snapshots", fresh);
    fprintf(stderr, "%d commands (ring full %ld times), %ld fresh snapshots checked, %ld takes\n", N_COMMANDS, full,
            fresh, rc.taken);
    free(start);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("thread-property");
    TCase *tc = tcase_create("random-commands");
    tcase_set_timeout(tc, 0); /* meson's timeout (scaled for sanitizers) governs */
    tcase_add_test(tc, test_thread_random_commands);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
