/* test_twin_session: the [twin] section of session files: written, read back, refused with its line.
 * Single-threaded test binary.
 * Invariants: files without [twin] read as before (no twin); every case checks the message's line. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session/session.h"

static session *s, *back;
static char buf[1 << 20], err[4400];

static void setup(void)
{
    s = malloc(sizeof *s);
    back = malloc(sizeof *back);
    session_default(s);
}

static void teardown(void)
{
    free(s);
    free(back);
}

/* The default session's file with extra lines at its end. */
static const char *with_tail(const char *tail)
{
    session *d = malloc(sizeof *d);
    session_default(d);
    int n = session_format(d, buf, (int)sizeof buf);
    free(d);
    ck_assert_int_gt(n, 0);
    snprintf(buf + n, sizeof buf - (size_t)n, "%s", tail);
    return buf;
}

START_TEST(each_setting_round_trips)
{
    static const char *const kv[] = {"lr=0.050000000000000003", "opt=adam", "act=tanh", "hidden=8",
                                     "gain=2.5", "freeze=all", "freeze=layer1", "freeze=layer2", "freeze=unit3"};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
        char why[200];
        ck_assert_msg(session_twin_parse(kv[i], &s->twin, why, (int)sizeof why) == 0, "%s: %s", kv[i], why);
        ck_assert_int_gt(session_format(s, buf, (int)sizeof buf), 0);
        ck_assert_ptr_nonnull(strstr(buf, "[twin]"));
        ck_assert_msg(session_parse(buf, "t.ini", back, err, (int)sizeof err) == 0, "%s: %s", kv[i], err);
        ck_assert_int_eq(back->twin.key, s->twin.key);
        ck_assert(back->twin.a == s->twin.a);
        ck_assert_int_eq(back->twin.i, s->twin.i);
        ck_assert_int_eq(back->twin.freeze.only_layer, s->twin.freeze.only_layer);
        ck_assert_int_eq(back->twin.freeze.only_unit, s->twin.freeze.only_unit);
    }
}
END_TEST

START_TEST(no_twin_no_section)
{
    ck_assert_int_gt(session_format(s, buf, (int)sizeof buf), 0);
    ck_assert_ptr_null(strstr(buf, "[twin]"));
    back->twin.key = SESSION_TWIN_LR; /* overwritten by the load */
    ck_assert_msg(session_parse(buf, "old.ini", back, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_int_eq(back->twin.key, SESSION_TWIN_NONE);
}
END_TEST

/* Bad [twin] sections: refused, with the line at fault, and the session untouched. */
static const struct {
    const char *tail, *want;
    int extra_line; /* the line at fault, counted from the first tail line (1) */
} bad[] = {
    {"[twin]\nlr = 0\n", "[twin] lr: '0' is not allowed (allowed 1e-06..100)", 2},
    {"[twin]\nopt = sgd\n", "[twin] opt: 'sgd' is not allowed", 2},
    {"[twin]\nfreeze = unit9\n", "[twin] freeze = unit9 is beyond hidden = 5", 2},
    {"[twin]\nlr = 0.1\nopt = adam\n", "[twin] holds one setting, and 'lr' is given at line", 3},
    {"[twin]\neta = 0.1\n", "unknown key 'eta' in [twin]", 2},
    {"[twin]\nlr = 0.1\n[twin]\nlr = 0.2\n", "duplicate section [twin]", 3},
    {"[twin]\n", "empty section", 1},
};

START_TEST(bad_twin_refused_with_line)
{
    const char *text = with_tail(bad[_i].tail);
    int head_lines = 0;
    for (const char *p = text; p < strstr(text, "[twin]"); p++)
        head_lines += *p == '\n';
    back->twin.key = SESSION_TWIN_GAIN;
    back->lr = 0.125;
    ck_assert_int_eq(session_parse(text, "t.ini", back, err, (int)sizeof err), -1);
    char line[32];
    snprintf(line, sizeof line, "t.ini:%d: ", head_lines + bad[_i].extra_line);
    ck_assert_msg(strncmp(err, line, strlen(line)) == 0, "case %d: want %s, got %s", _i, line, err);
    ck_assert_msg(strstr(err, bad[_i].want) != NULL, "case %d: got %s", _i, err);
    ck_assert_int_eq(back->twin.key, SESSION_TWIN_GAIN);
    ck_assert(back->lr == 0.125);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("twin_session");
    TCase *tc = tcase_create("twin_session");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, each_setting_round_trips);
    tcase_add_test(tc, no_twin_no_section);
    tcase_add_loop_test(tc, bad_twin_refused_with_line, 0, (int)(sizeof bad / sizeof bad[0]));
    suite_add_tcase(su, tc);
    SRunner *sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
