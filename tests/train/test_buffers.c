/* test_buffers: the triple buffer and the command ring, alone and between two threads.
 * Each two-thread case starts one writer thread and reads on the test's own thread.
 * Invariants: verdicts never depend on timing; every payload field is derived from its sequence number. */
#include "train/ring.h"
#include "train/snapshot.h"
#include "train/triple.h"

#include <check.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PUBLISHES = 1000000, SNAP_PUBLISHES = 3000, COMMANDS = 1000000 };

/* ---- triple buffer, small payload ---- */

typedef struct {
    uint64_t gen;
    uint64_t f[6]; /* f[i] = gen * odd constant + i */
    double d;      /* gen / 2 */
} payload;

static void payload_set(payload *p, uint64_t gen)
{
    p->gen = gen;
    for (int i = 0; i < 6; i++)
        p->f[i] = gen * 0x9E3779B97F4A7C15ull + (uint64_t)i;
    p->d = (double)gen * 0.5;
}

static int payload_whole(const payload *p)
{
    for (int i = 0; i < 6; i++)
        if (p->f[i] != p->gen * 0x9E3779B97F4A7C15ull + (uint64_t)i)
            return 0;
    return p->d == (double)p->gen * 0.5;
}

START_TEST(triple_single_thread)
{
    payload a, b, c;
    payload_set(&a, 0);
    payload_set(&b, 0);
    payload_set(&c, 0);
    train_triple t;
    train_triple_init(&t, &a, &b, &c);
    int fresh = -1;
    const payload *p = train_triple_take(&t, &fresh);
    ck_assert_int_eq(fresh, 0);
    ck_assert(payload_whole(p));

    for (uint64_t g = 1; g <= 2; g++) {
        payload_set(train_triple_back(&t), g);
        train_triple_publish(&t);
    }
    p = train_triple_take(&t, &fresh);
    ck_assert_int_eq(fresh, 1);
    ck_assert_uint_eq(p->gen, 2); /* the newest of two publishes */
    const payload *q = train_triple_take(&t, &fresh);
    ck_assert_int_eq(fresh, 0);
    ck_assert_ptr_eq(p, q);

    /* the writer's slot is never the one the reader holds */
    for (uint64_t g = 3; g < 20; g++) {
        ck_assert_ptr_ne(train_triple_back(&t), q);
        payload_set(train_triple_back(&t), g);
        train_triple_publish(&t);
        if (g % 3 == 0) {
            q = train_triple_take(&t, &fresh);
            ck_assert_int_eq(fresh, 1);
            ck_assert_uint_eq(q->gen, g);
        }
    }
    /* relaxed: one thread here, nothing to order against */
    unsigned mid = atomic_load_explicit(&t.middle, memory_order_relaxed) & ~TRAIN_TRIPLE_DIRTY;
    ck_assert_uint_eq(1u << t.back | 1u << mid | 1u << t.front, 7u); /* a permutation of 0, 1, 2 */
}
END_TEST

static void *payload_writer(void *arg)
{
    train_triple *t = arg;
    for (uint64_t g = 1; g <= PUBLISHES; g++) {
        payload_set(train_triple_back(t), g);
        train_triple_publish(t);
    }
    return NULL;
}

START_TEST(triple_two_threads)
{
    payload slots[3];
    for (int i = 0; i < 3; i++)
        payload_set(&slots[i], 0);
    train_triple t;
    train_triple_init(&t, &slots[0], &slots[1], &slots[2]);
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, payload_writer, &t), 0);

    uint64_t last = 0, takes = 0, fresh_takes = 0;
    int torn = 0, backwards = 0, stale_fresh = 0;
    while (last < PUBLISHES) {
        int fresh;
        const payload *p = train_triple_take(&t, &fresh);
        torn += !payload_whole(p);
        backwards += p->gen < last;
        /* fresh means published after the last take: strictly newer; else the same snapshot */
        stale_fresh += fresh ? p->gen <= last : p->gen != last;
        fresh_takes += fresh != 0;
        last = p->gen;
        takes++;
        if (!fresh)
            sched_yield(); /* let a writer that shares this core go on */
    }
    pthread_join(th, NULL);
    ck_assert_int_eq(torn, 0);
    ck_assert_int_eq(backwards, 0);
    ck_assert_int_eq(stale_fresh, 0);
    ck_assert_uint_eq(last, PUBLISHES);
    ck_assert_uint_ge(fresh_takes, 1);
    ck_assert_uint_ge(takes, fresh_takes);
}
END_TEST

/* ---- triple buffer, real snapshots ---- */

static int snap_hidden(uint64_t g) { return (int)(g % NN_MAX_HIDDEN) + 1; }
static int snap_tokens(uint64_t g) { return (int)(g % 500) + 2; }

static void snap_set(snap *s, uint64_t g)
{
    s->generation = g;
    s->step = (int64_t)g * 3;
    s->loss = (double)g * 0.25;
    s->hidden = snap_hidden(g);
    s->n = snap_tokens(g);
    s->lr = 1.0 / (double)(g + 1);
    snprintf(s->reason, sizeof s->reason, "generation %llu", (unsigned long long)g);
    size_t P = nn_param_count(DATA_D, s->hidden, DATA_K);
    for (size_t i = 0; i < P; i++) {
        s->p[i] = (double)g + (double)i;
        s->grad[i] = (double)g - (double)i;
    }
    for (int i = 0; i < s->n * 2; i++) {
        s->x[i] = (double)g * 2 + i;
        s->y[i] = (double)g * 3 + i;
        s->yhat[i] = (double)g * 5 + i;
    }
    s->hist.len = (int)(g % SNAP_HIST_CAP) + 1;
    for (int i = 0; i < s->hist.len; i++) {
        s->hist.lo[i] = (double)g - i;
        s->hist.hi[i] = (double)g + i;
    }
}

static int snap_whole(const snap *s)
{
    uint64_t g = s->generation;
    char want[128];
    snprintf(want, sizeof want, "generation %llu", (unsigned long long)g);
    if (s->step != (int64_t)g * 3 || s->loss != (double)g * 0.25 || s->hidden != snap_hidden(g) ||
        s->n != snap_tokens(g) || s->lr != 1.0 / (double)(g + 1) || strcmp(s->reason, want) != 0 ||
        s->hist.len != (int)(g % SNAP_HIST_CAP) + 1)
        return 0;
    size_t P = nn_param_count(DATA_D, s->hidden, DATA_K);
    for (size_t i = 0; i < P; i++)
        if (s->p[i] != (double)g + (double)i || s->grad[i] != (double)g - (double)i)
            return 0;
    for (int i = 0; i < s->n * 2; i++)
        if (s->x[i] != (double)g * 2 + i || s->y[i] != (double)g * 3 + i || s->yhat[i] != (double)g * 5 + i)
            return 0;
    for (int i = 0; i < s->hist.len; i++)
        if (s->hist.lo[i] != (double)g - i || s->hist.hi[i] != (double)g + i)
            return 0;
    return 1;
}

static void *snap_writer(void *arg)
{
    train_triple *t = arg;
    for (uint64_t g = 1; g <= SNAP_PUBLISHES; g++) {
        snap_set(train_triple_back(t), g);
        train_triple_publish(t);
    }
    return NULL;
}

START_TEST(triple_real_snapshots)
{
    snap *slots[3];
    for (int i = 0; i < 3; i++) {
        slots[i] = calloc(1, sizeof(snap));
        ck_assert_ptr_nonnull(slots[i]);
        snap_set(slots[i], 0);
    }
    train_triple t;
    train_triple_init(&t, slots[0], slots[1], slots[2]);
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, snap_writer, &t), 0);
    uint64_t last = 0;
    int torn = 0, backwards = 0;
    while (last < SNAP_PUBLISHES) {
        const snap *s = train_triple_take(&t, NULL);
        torn += !snap_whole(s);
        backwards += s->generation < last;
        last = s->generation;
        sched_yield();
    }
    pthread_join(th, NULL);
    ck_assert_int_eq(torn, 0);
    ck_assert_int_eq(backwards, 0);
    for (int i = 0; i < 3; i++)
        free(slots[i]);
}
END_TEST

/* ---- command ring ---- */

static train_cmd numbered(uint64_t seq)
{
    train_cmd c = {.type = (train_cmd_type)(seq % TRAIN_CMD_COUNT),
                   .i = (int)(seq & 0x7fffffff),
                   .j = -(int)(seq % 1000),
                   .a = (double)seq * 0.5,
                   .b = -(double)seq,
                   .u = seq,
                   .ptr = NULL};
    return c;
}

static int is_numbered(const train_cmd *c, uint64_t seq)
{
    train_cmd w = numbered(seq);
    return c->type == w.type && c->i == w.i && c->j == w.j && c->a == w.a && c->b == w.b && c->u == w.u &&
           c->ptr == NULL;
}

START_TEST(ring_full_is_reported)
{
    train_ring *r = aligned_alloc(64, sizeof *r);
    ck_assert_ptr_nonnull(r);
    train_ring_init(r);
    train_cmd c;
    ck_assert_int_eq(train_ring_pop(r, &c), 0);
    for (uint64_t s = 0; s < TRAIN_RING_CAP; s++) {
        train_cmd w = numbered(s);
        ck_assert_int_eq(train_ring_push(r, &w), 0);
    }
    train_cmd extra = numbered(TRAIN_RING_CAP);
    ck_assert_int_eq(train_ring_push(r, &extra), -1);
    ck_assert_int_eq(train_ring_pop(r, &c), 1);
    ck_assert(is_numbered(&c, 0));
    ck_assert_int_eq(train_ring_push(r, &extra), 0); /* room again, and the refused one goes in now */
    ck_assert_int_eq(train_ring_push(r, &extra), -1);
    for (uint64_t s = 1; s <= TRAIN_RING_CAP; s++) {
        ck_assert_int_eq(train_ring_pop(r, &c), 1);
        ck_assert(is_numbered(&c, s));
    }
    ck_assert_int_eq(train_ring_pop(r, &c), 0);
    free(r);
}
END_TEST

typedef struct {
    train_ring *r;
    uint64_t fulls;
} producer;

static void *ring_producer(void *arg)
{
    producer *p = arg;
    for (uint64_t s = 0; s < COMMANDS; s++) {
        train_cmd c = numbered(s);
        while (train_ring_push(p->r, &c) != 0) {
            p->fulls++;
            sched_yield();
        }
    }
    return NULL;
}

START_TEST(ring_two_threads)
{
    train_ring *r = aligned_alloc(64, sizeof *r);
    ck_assert_ptr_nonnull(r);
    train_ring_init(r);
    producer p = {r, 0};
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, ring_producer, &p), 0);
    uint64_t next = 0, wrong = 0;
    while (next < COMMANDS) {
        train_cmd c;
        if (train_ring_pop(r, &c)) {
            wrong += !is_numbered(&c, next);
            next++;
        } else {
            sched_yield(); /* sharing a core with the producer, spinning would stall it */
        }
    }
    pthread_join(th, NULL);
    train_cmd c;
    ck_assert_int_eq(train_ring_pop(r, &c), 0); /* nothing extra */
    ck_assert_uint_eq(wrong, 0);
    ck_assert_uint_eq(next, COMMANDS);
    free(r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("buffers");
    TCase *tc = tcase_create("triple");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, triple_single_thread);
    tcase_add_test(tc, triple_two_threads);
    tcase_add_test(tc, triple_real_snapshots);
    suite_add_tcase(s, tc);
    tc = tcase_create("ring");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, ring_full_is_reported);
    tcase_add_test(tc, ring_two_threads);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
