/* Property test of train_core: 10^5 random commands interleaved with steps, the snapshot checked
 * after every one (relcheck), and each command's visible effect checked against what it asked. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relcheck.h"
#include "train/core.h"

#define N_COMMANDS 100000

/* Check reports every passed ck_assert to its parent process: in loops this hot, only failures. */
#define REQUIRE(cond, ...)                                                                             \
    do {                                                                                               \
        if (!(cond))                                                                                   \
            ck_abort_msg(__VA_ARGS__);                                                                 \
    } while (0)
#define REQUIRE_EQ(a, b)                                                                               \
    REQUIRE((long long)(a) == (long long)(b), "%s == %s failed: %lld != %lld", #a, #b, (long long)(a), (long long)(b))

static int same_doubles(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

/* The weights a TRAIN_CMD_SET_PARAMS carried (the core frees its copy). */
static double sent_p[SCENE_PARAM_MAX];
static int sent_n;

/* The command's own effect, seen in the snapshot after it (before: the one taken just before). */
static void check_applied(const train_cmd *cmd, const session *loaded, const snap *before, const snap *after,
                          long i)
{
    size_t P = nn_param_count(DATA_D, after->hidden, DATA_K);
    int weights_kept = 1;
    switch (cmd->type) {
    case TRAIN_CMD_RUN:
        REQUIRE(after->status == TRAIN_RUNNING, "command %ld: run left status %d", i, (int)after->status);
        break;
    case TRAIN_CMD_PAUSE:
        REQUIRE(after->status != TRAIN_RUNNING, "command %ld: still running after pause", i);
        REQUIRE_EQ(after->steps_left, 0);
        break;
    case TRAIN_CMD_STEP:
        REQUIRE(after->status == TRAIN_RUNNING && after->steps_left >= cmd->i,
                      "command %ld: step %d gave status %d, steps_left %lld", i, cmd->i, (int)after->status,
                      (long long)after->steps_left);
        break;
    case TRAIN_CMD_SET_LR:
        REQUIRE(after->lr == cmd->a, "after->lr == cmd->a");
        break;
    case TRAIN_CMD_SET_HIDDEN: {
        REQUIRE_EQ(after->hidden, cmd->i);
        REQUIRE(after->freeze.only_unit < after->hidden, "command %ld: only_unit %d beyond N = %d", i,
                after->freeze.only_unit, after->hidden);
        weights_kept = 0;
        /* growing adds units with w(2) = 0: every ŷ_i stays */
        if (cmd->i > before->hidden)
            for (int k = 0; k < after->n * DATA_K; k++)
                REQUIRE(fabs(after->yhat[k] - before->yhat[k]) <= 1e-12 * (fabs(before->yhat[k]) + 1.0),
                              "command %ld: growing %d -> %d moved yhat[%d] %.17g -> %.17g", i, before->hidden,
                              cmd->i, k, before->yhat[k], after->yhat[k]);
        break;
    }
    case TRAIN_CMD_SET_ACT:
        REQUIRE_EQ(after->act, cmd->i);
        break;
    case TRAIN_CMD_SET_GAIN:
        REQUIRE(after->gain == cmd->a, "after->gain == cmd->a");
        break;
    case TRAIN_CMD_SET_OPT:
        REQUIRE_EQ(after->opt, cmd->i);
        break;
    case TRAIN_CMD_SET_SPEED:
        REQUIRE(after->speed == cmd->a, "after->speed == cmd->a");
        break;
    case TRAIN_CMD_RESET:
    case TRAIN_CMD_PRESET:
        REQUIRE_EQ(after->step, 0);
        REQUIRE_EQ(after->n, before->n);
        if (cmd->type == TRAIN_CMD_RESET) {
            REQUIRE_EQ(after->hidden, before->hidden);
            REQUIRE_EQ(after->act, before->act);
        } else {
            REQUIRE_EQ(after->preset, cmd->i);
            REQUIRE_EQ(after->act, data_preset_act((data_preset)cmd->i));
        }
        weights_kept = 0;
        break;
    case TRAIN_CMD_LOAD:
        REQUIRE_EQ(after->hidden, loaded->hidden);
        REQUIRE_EQ(after->act, loaded->act);
        REQUIRE_EQ(after->opt, loaded->opt);
        REQUIRE_EQ(after->preset, loaded->preset);
        REQUIRE_EQ(after->n, loaded->task.n);
        REQUIRE_EQ(after->step, loaded->step);
        REQUIRE(after->lr == loaded->lr && after->gain == loaded->gain, "command %ld: lr or gain not loaded", i);
        REQUIRE_EQ(after->freeze.only_layer, loaded->freeze.only_layer);
        REQUIRE_EQ(after->freeze.only_unit, loaded->freeze.only_unit);
        if (loaded->has_weights)
            REQUIRE(same_doubles(after->p, loaded->p, P), "command %ld: loaded weights differ", i);
        if (loaded->has_tokens)
            REQUIRE(same_doubles(after->x, loaded->x, (size_t)after->n * DATA_D) &&
                              same_doubles(after->y, loaded->y, (size_t)after->n * DATA_K),
                          "command %ld: loaded tokens differ", i);
        weights_kept = 0;
        break;
    case TRAIN_CMD_SET_SCENE_PARAM:
        REQUIRE_EQ(after->n, before->n); /* the tokens are rebuilt, not counted anew */
        break;
    case TRAIN_CMD_SET_TOKENS:
        REQUIRE_EQ(after->n, cmd->i);
        REQUIRE_EQ(after->tokens_edited, 0);
        break;
    case TRAIN_CMD_MOVE_INPUT:
    case TRAIN_CMD_MOVE_TARGET: {
        const double *v = cmd->type == TRAIN_CMD_MOVE_INPUT ? after->x : after->y;
        REQUIRE(v[cmd->i * 2] == cmd->a && v[cmd->i * 2 + 1] == cmd->b, "command %ld: token %d not moved", i, cmd->i);
        REQUIRE_EQ(after->tokens_edited, 1);
        REQUIRE_EQ(after->n, before->n);
        break;
    }
    case TRAIN_CMD_SET_FREEZE:
        REQUIRE_EQ(after->freeze.only_layer, cmd->i);
        /* a unit beyond the network cannot be the only one to learn: every unit learns */
        REQUIRE_EQ(after->freeze.only_unit, cmd->j < after->hidden ? cmd->j : -1);
        break;
    case TRAIN_CMD_SET_SEED:
        REQUIRE(after->seed == cmd->u, "after->seed == cmd->u");
        break;
    case TRAIN_CMD_SET_PARAM:
        if (cmd->i >= 0 && (size_t)cmd->i < P) {
            REQUIRE(after->p[cmd->i] == cmd->a, "command %ld: parameter %d not set", i, cmd->i);
            REQUIRE(same_doubles(after->p, before->p, (size_t)cmd->i) &&
                        same_doubles(after->p + cmd->i + 1, before->p + cmd->i + 1, P - (size_t)cmd->i - 1),
                    "command %ld: setting parameter %d moved another", i, cmd->i);
            REQUIRE_EQ(after->step, before->step);
            weights_kept = 0;
        }
        break;
    case TRAIN_CMD_SET_PARAMS: {
        int finite = 1;
        for (int q = 0; q < sent_n; q++)
            finite &= isfinite(sent_p[q]) != 0;
        if ((size_t)sent_n == P && finite) {
            REQUIRE(same_doubles(after->p, sent_p, P), "command %ld: weights not set", i);
            REQUIRE_EQ(after->step, before->step);
            weights_kept = 0;
        }
        break;
    }
    default:
        ck_abort_msg("command %ld: unexpected type %d", i, (int)cmd->type);
    }
    /* commands apply between steps: only those that replace or reshape the weights touch them */
    if (weights_kept) {
        REQUIRE_EQ(after->hidden, before->hidden);
        REQUIRE(same_doubles(after->p, before->p, P), "command %ld (type %d) changed the weights", i,
                      (int)cmd->type);
        REQUIRE_EQ(after->step, before->step);
    }
}

/* One train_core_step's visible effect. */
static void check_step(train_status st, const snap *before, const snap *after, long i)
{
    size_t P = nn_param_count(DATA_D, after->hidden, DATA_K);
    REQUIRE_EQ(after->status, st);
    REQUIRE_EQ(after->hidden, before->hidden);
    REQUIRE_EQ(after->n, before->n);
    if (st == TRAIN_DIVERGED) {
        /* the last finite weights are kept and the step does not count */
        REQUIRE(after->step == before->step, "command %ld: a diverged step counted", i);
        REQUIRE(same_doubles(after->p, before->p, P), "command %ld: diverged but weights changed", i);
        REQUIRE_EQ(after->steps_left, 0);
    } else {
        REQUIRE(after->step == before->step + 1, "command %ld: step %lld -> %lld", i,
                      (long long)before->step, (long long)after->step);
        if (before->steps_left > 0) {
            REQUIRE_EQ(after->steps_left, before->steps_left - 1);
            if (after->steps_left == 0)
                REQUIRE_EQ(after->status, TRAIN_PAUSED);
        }
    }
}

START_TEST(test_random_commands)
{
    char err[256], why[512];
    nn_rng r;
    nn_rng_seed(&r, 0x5eed0007u);
    session *start = malloc(sizeof *start), *loaded = malloc(sizeof *loaded);
    snap *before = malloc(sizeof *before), *after = malloc(sizeof *after);
    rel_scratch *sc = calloc(1, sizeof *sc);
    REQUIRE(start && loaded && before && after && sc, "start && loaded && before && after && sc");
    session_default(start);
    train_core *c = train_core_create(start, err, (int)sizeof err);
    REQUIRE(c != NULL, "%s", err);
    train_core_fill(c, before);
    REQUIRE(rel_check(before, sc, why, (int)sizeof why) == 0, "at start: %s", why);

    rel_shape shape = {before->n, before->hidden};
    long steps = 0, diverged = 0, counts[TRAIN_CMD_COUNT] = {0};
    for (long i = 0; i < N_COMMANDS; i++) {
        train_cmd cmd;
        rel_command(&r, &shape, &cmd);
        if (cmd.type == TRAIN_CMD_LOAD) {
            REQUIRE(cmd.ptr != NULL, "cmd.ptr != NULL");
            memcpy(loaded, cmd.ptr, sizeof *loaded); /* the core frees it */
        }
        if (cmd.type == TRAIN_CMD_SET_PARAMS) {
            const train_params *tp = cmd.ptr;
            REQUIRE(tp != NULL, "cmd.ptr != NULL");
            sent_n = tp->n;
            memcpy(sent_p, tp->p, (size_t)tp->n * sizeof *sent_p);
        }
        counts[cmd.type]++;
        REQUIRE_EQ(train_core_apply(c, &cmd), 0);
        train_core_fill(c, after);
        REQUIRE(rel_check(after, sc, why, (int)sizeof why) == 0, "after command %ld (type %d): %s", i,
                      (int)cmd.type, why);
        REQUIRE(after->n == shape.n, "command %ld: n %d, expected %d", i, after->n, shape.n);
        check_applied(&cmd, loaded, before, after, i);
        snap *t = before;
        before = after;
        after = t;

        /* a few steps when the trainer wants them, and now and then one it did not ask for */
        int k = rel_int(&r, 0, 3);
        for (int j = 0; j < k; j++) {
            if (!train_core_wants_step(c) && nn_rng_uniform(&r) >= 0.2)
                break;
            train_status st = train_core_step(c);
            steps++;
            diverged += st == TRAIN_DIVERGED;
            REQUIRE_EQ(train_core_status(c), st);
            train_core_fill(c, after);
            REQUIRE(rel_check(after, sc, why, (int)sizeof why) == 0, "after a step at command %ld: %s", i,
                          why);
            check_step(st, before, after, i);
            REQUIRE(train_core_steps(c) == after->step, "train_core_steps(c) == after->step");
            t = before;
            before = after;
            after = t;
        }
    }
    /* the sequence really exercised the trainer: every kind of command, steps, divergences */
    for (int t = 0; t < TRAIN_CMD_COUNT; t++)
        if (t != TRAIN_CMD_QUIT && !train_cmd_is_travel((train_cmd_type)t)) /* a core has no history */
            ck_assert_msg(counts[t] > 100, "command type %d sent only %ld times", t, counts[t]);
    ck_assert_msg(steps > N_COMMANDS / 2, "only %ld steps", steps);
    ck_assert_msg(diverged > 0, "no step diverged: large learning rates were not exercised");
    /* excitations exactly on a kink skip some comparisons: they must stay the exception */
    ck_assert_msg(sc->ties * 50 < sc->checks, "%ld of %ld snapshots had ties", sc->ties, sc->checks);

    train_cmd quit = {.type = TRAIN_CMD_QUIT};
    ck_assert_int_eq(train_core_apply(c, &quit), 1);
    train_core_destroy(c);
    free(start);
    free(loaded);
    free(before);
    free(after);
    free(sc);
}
END_TEST

/* The checker itself: a consistent snapshot passes, each kind of damage is caught. */
START_TEST(test_checker_catches_faults)
{
    char err[256], why[512];
    session *start = malloc(sizeof *start);
    snap *good = malloc(sizeof *good), *bad = malloc(sizeof *bad);
    rel_scratch *sc = calloc(1, sizeof *sc);
    ck_assert(start && good && bad && sc);
    session_default(start);
    start->act = NN_ACT_TANH;
    train_core *c = train_core_create(start, err, (int)sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    for (int i = 0; i < 10; i++)
        train_core_step(c);
    train_core_fill(c, good);
    ck_assert_msg(rel_check(good, sc, why, (int)sizeof why) == 0, "%s", why);

    size_t P = nn_param_count(DATA_D, good->hidden, DATA_K);
    for (int fault = 0; fault < 9; fault++) {
        memcpy(bad, good, sizeof *bad);
        switch (fault) {
        case 0: bad->loss *= 1 + 1e-6; break;
        case 1: bad->p[P - 1] = NAN; break;
        case 2: bad->grad[3] += 1e-6 * (fabs(bad->grad[3]) + 1e-3); break;
        case 3: bad->yhat[5] += 1e-6; break;
        case 4: bad->hidden = 0; break;
        case 5: bad->n = 1; break;
        case 6: bad->status = TRAIN_DIVERGED; bad->stop = TRAIN_STOP_DIVERGED; bad->stop_step = 0; break;
        case 7: bad->hist.lo[0] = bad->hist.hi[0] + 1; break;
        case 8: bad->p[0] += 1e-3; break; /* weights that loss, gradient and ŷ do not belong to */
        }
        ck_assert_msg(rel_check(bad, sc, why, (int)sizeof why) != 0, "fault %d not caught", fault);
    }
    memcpy(bad, good, sizeof *bad);
    bad->status = TRAIN_DIVERGED;
    bad->stop = TRAIN_STOP_DIVERGED;
    bad->stop_step = bad->step + 1;
    ck_assert_msg(rel_check(bad, sc, why, (int)sizeof why) == 0, "%s", why);
    train_core_destroy(c);
    free(start);
    free(good);
    free(bad);
    free(sc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("core-property");
    TCase *tc0 = tcase_create("checker");
    tcase_add_test(tc0, test_checker_catches_faults);
    suite_add_tcase(s, tc0);
    TCase *tc = tcase_create("random-commands");
    tcase_set_timeout(tc, 0); /* meson's timeout (scaled for sanitizers) governs */
    tcase_add_test(tc, test_random_commands);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
