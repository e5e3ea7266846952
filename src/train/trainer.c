/* trainer: the training thread around a train_core, fed by the command ring, publishing snapshots.
 * train_thread_start/send/take/stop: the main thread only; thread_main runs on the trainer thread,
 * which touches only the core, the ring's consumer side and the triple buffer's writer side.
 * Invariants: the trainer never waits for the reader; it sleeps when there is nothing to do; it publishes λ_max
 * of the first weights before it handles any command. */
#include "train/trainer.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "train/core.h"
#include "train/ring.h"
#include "train/travel.h"
#include "train/triple.h"

/* Publishes per second at least, while running fast: the screen is never a frame behind. */
#define PUBLISH_HZ 240.0
/* A fast batch and the publish after it take this long together: 25% above the minimum rate. */
#define PERIOD (1.0 / (1.25 * PUBLISH_HZ))
/* Steps per second are measured over windows at least this long. */
#define RATE_WINDOW 0.5
/* A paced run that falls further behind its schedule than this starts a new one rather than
 * catching up in a burst. */
#define MAX_LAG 0.1

struct train_thread {
    train_ring ring;   /* main -> trainer */
    train_triple tri;  /* trainer -> main */
    snap *slot[3];     /* the triple buffer's slots */
    pthread_mutex_t mu; /* guards woken alone: commands travel through the ring, not under it */
    pthread_cond_t cv;
    int woken;          /* a command was sent since the trainer last woke */
    pthread_t th;
    train_travel *run;     /* the core and its history: the trainer thread's alone once it runs */
    uint64_t generation;   /* trainer thread */
    double steps_per_sec;  /* trainer thread */
    /* λ_max of the first weights not computed yet: set by start before pthread_create, which orders the write
     * before the thread's first read, then the trainer thread's alone (the main thread never reads it) */
    int curv_pending;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Sleeps until a command is sent or, when deadline >= 0, the monotonic clock reaches it. */
static void wait_for_command(train_thread *t, double deadline)
{
    struct timespec ts;
    if (deadline >= 0) {
        double sec = floor(deadline);
        ts.tv_sec = (time_t)sec;
        ts.tv_nsec = (long)((deadline - sec) * 1e9);
        if (ts.tv_nsec > 999999999L)
            ts.tv_nsec = 999999999L;
    }
    pthread_mutex_lock(&t->mu);
    while (!t->woken) {
        if (deadline < 0)
            pthread_cond_wait(&t->cv, &t->mu);
        else if (pthread_cond_timedwait(&t->cv, &t->mu, &ts) == ETIMEDOUT)
            break;
    }
    t->woken = 0;
    pthread_mutex_unlock(&t->mu);
}

/* Returns how long filling and publishing took, in seconds. */
static double publish(train_thread *t)
{
    double start = now_s();
    snap *s = train_triple_back(&t->tri);
    travel_fill(t->run, s);
    s->curv.pending = t->curv_pending;
    s->generation = ++t->generation;
    s->steps_per_sec = t->steps_per_sec;
    train_triple_publish(&t->tri);
    return now_s() - start;
}

static void *thread_main(void *arg)
{
    train_thread *t = arg;
    /* On two cores an unlimited run would compete with the render loop for every frame: yield to
     * it. On Linux the nice value belongs to the calling thread alone; failure only costs smoothness. */
    (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
    /* pacing: step i (from 0) of a schedule is due at t0 + i / speed */
    int pacing = 0;
    double t0 = 0, pace_speed = 0;
    int64_t done = 0;        /* steps run since t0 */
    double step_cost = 0;    /* seconds per step in the last fast batch; 0 = not measured yet */
    double publish_cost = 0; /* seconds the last publish took (ŷ for every token, copies) */
    double curv_cost = 0;    /* seconds the last λ_max between paced steps took */
    double win_t0 = 0;       /* steps-per-second window */
    int64_t win_steps = 0;

    /* λ_max of the first weights, which the start left out so that the first picture need not wait for
     * it (at 1024 tokens × 64 units hundreds of milliseconds): before any command, so that everything
     * after it (the samples, the warm starts) is what a start that computed it itself gives */
    if (t->curv_pending) {
        train_core_refresh_curv(travel_core(t->run), 1);
        t->curv_pending = 0;
        publish(t);
    }

    for (;;) {
        int changed = 0, quit = 0;
        train_cmd cmd;
        while (!quit && train_ring_pop(&t->ring, &cmd)) {
            changed = 1;
            quit = travel_apply(t->run, &cmd);
        }
        if (quit)
            break;
        /* a seek makes the core anew: take it after the commands */
        const train_core *c = travel_core(t->run);
        /* a command may have changed the problem's size: the old cost per step could make the
         * next batch run for seconds without publishing, so measure it afresh */
        if (changed)
            step_cost = 0;

        if (!train_core_wants_step(c)) {
            if (pacing || t->steps_per_sec != 0) {
                pacing = 0;
                t->steps_per_sec = 0;
                changed = 1;
            }
            /* paused: time is free, so λ_max at these very weights (the meter's value) */
            changed |= train_core_refresh_curv(travel_core(t->run), 1);
            if (changed)
                publish(t);
            wait_for_command(t, -1);
            continue;
        }

        double now = now_s(), speed = train_core_speed(c);
        if (!pacing || speed != pace_speed) {
            pacing = 1;
            t0 = win_t0 = now;
            pace_speed = speed;
            done = win_steps = 0;
        }
        /* stepping slowly (or "step k"): every step is shown */
        int slow = train_core_steps_left(c) > 0 || (speed > 0 && speed <= PUBLISH_HZ);
        double due = HUGE_VAL;
        if (speed > 0) {
            due = floor((now - t0) * speed) + 1 - (double)done;
            /* fast paced runs wake once per publishing period, not once per step */
            double quantum = slow ? 1 : fmax(1, floor(speed * PERIOD));
            if (due < quantum) {
                double wake = t0 + ((double)done + quantum - 1) / speed;
                /* a slow paced run would wait hundreds of steps for its next λ_max: the meter follows
                 * its steps instead, in time the trainer would sleep anyway (when it fits there) */
                if (wake - now > 2 * curv_cost) {
                    double c0 = now_s();
                    if (train_core_refresh_curv(travel_core(t->run), 0)) {
                        curv_cost = now_s() - c0;
                        changed = 1;
                    }
                }
                if (changed)
                    publish(t);
                wait_for_command(t, wake);
                continue;
            }
        }
        double cap = 1;
        if (!slow && step_cost > 0)
            cap = fmax(1, floor((PERIOD - publish_cost) / step_cost));
        int64_t batch = (int64_t)fmin(due, cap);

        int64_t ran = 0;
        /* travel_step may make the core anew too (walking a recorded future past a change of N) */
        while (ran < batch && train_core_wants_step(travel_core(t->run))) {
            travel_step(t->run);
            ran++;
        }
        double after = now_s();
        if (!slow && ran > 0)
            step_cost = (after - now) / (double)ran;
        done += ran;
        win_steps += ran;
        if (after - win_t0 >= RATE_WINDOW) {
            t->steps_per_sec = (double)win_steps / (after - win_t0);
            win_t0 = after;
            win_steps = 0;
        }
        publish_cost = publish(t);
        if (speed > 0 && (after - t0) * speed - (double)done > speed * MAX_LAG + 1) {
            t0 = after;
            done = 0;
        }
    }
    return NULL;
}

static void free_thread(train_thread *t)
{
    for (int i = 0; i < 3; i++)
        free(t->slot[i]);
    travel_destroy(t->run);
    free(t);
}

train_thread *train_thread_start(const session *s, char *err, int errlen)
{
    /* the ring and triple buffer keep their atomics on separate cache lines: 64-byte alignment */
    train_thread *t = aligned_alloc(64, (sizeof(train_thread) + 63) / 64 * 64);
    if (!t) {
        snprintf(err, (size_t)errlen, "out of memory for the training thread");
        return NULL;
    }
    memset(t, 0, sizeof *t);
    t->run = travel_create(s, err, errlen);
    if (!t->run) {
        free(t);
        return NULL;
    }
    /* the first snapshots show the weights without their λ_max (the meter says it is being measured):
     * the thread computes it first and publishes it */
    t->curv_pending = 1;
    for (int i = 0; i < 3; i++) {
        t->slot[i] = calloc(1, sizeof(snap));
        if (!t->slot[i]) {
            snprintf(err, (size_t)errlen, "out of memory for the snapshots");
            free_thread(t);
            return NULL;
        }
        /* the reader may take any slot before the first publish, so each is a whole snapshot */
        travel_fill(t->run, t->slot[i]);
        t->slot[i]->curv.pending = 1;
    }
    train_ring_init(&t->ring);
    train_triple_init(&t->tri, t->slot[0], t->slot[1], t->slot[2]);

    pthread_condattr_t ca;
    int rc = pthread_condattr_init(&ca);
    if (rc == 0) {
        /* deadlines come from CLOCK_MONOTONIC: a wall-clock change must not stall the pacing */
        rc = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        if (rc == 0)
            rc = pthread_cond_init(&t->cv, &ca);
        pthread_condattr_destroy(&ca);
    }
    if (rc != 0) {
        snprintf(err, (size_t)errlen, "cannot create the trainer's condition variable: %s", strerror(rc));
        free_thread(t);
        return NULL;
    }
    rc = pthread_mutex_init(&t->mu, NULL);
    if (rc != 0) {
        snprintf(err, (size_t)errlen, "cannot create the trainer's mutex: %s", strerror(rc));
        pthread_cond_destroy(&t->cv);
        free_thread(t);
        return NULL;
    }
    rc = pthread_create(&t->th, NULL, thread_main, t);
    if (rc != 0) {
        snprintf(err, (size_t)errlen, "cannot start the training thread: %s", strerror(rc));
        pthread_mutex_destroy(&t->mu);
        pthread_cond_destroy(&t->cv);
        free_thread(t);
        return NULL;
    }
    return t;
}

int train_thread_send(train_thread *t, const train_cmd *c)
{
    if (train_ring_push(&t->ring, c) != 0)
        return -1;
    pthread_mutex_lock(&t->mu);
    t->woken = 1;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
    return 0;
}

const snap *train_thread_take(train_thread *t, int *fresh)
{
    return train_triple_take(&t->tri, fresh);
}

void train_thread_stop(train_thread *t)
{
    if (!t)
        return;
    train_cmd quit = {.type = TRAIN_CMD_QUIT};
    /* a full ring drains within one batch (a few milliseconds) */
    while (train_thread_send(t, &quit) != 0)
        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
    pthread_join(t->th, NULL);
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->cv);
    free_thread(t);
}
