/* test_cli: the command line parser and the session it builds, table-driven.
 * Single-threaded test binary.
 * Invariants: cli_parse is called many times in one process (getopt is reset each time). */
#include "app/cli.h"
#include "app/renderer.h"

#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ARGS 24

/* argv from a NULL-terminated list of words after the program name */
static int parse(const char *const *words, cli_options *o, char *err, int errlen)
{
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = (char *)"backprop-lab";
    for (int i = 0; words[i]; i++) {
        ck_assert_int_lt(argc, MAX_ARGS + 1);
        argv[argc++] = (char *)words[i];
    }
    argv[argc] = NULL;
    return cli_parse(argc, argv, o, err, errlen);
}

static const struct {
    const char *args[8];
    const char *want[3]; /* substrings of the message: the flag, the value, the range */
} bad[] = {
    {{"--hidden"}, {"--hidden needs a value"}},
    {{"--hidden", "abc"}, {"--hidden", "'abc' is not a whole number", "1..256"}},
    {{"--hidden", "3x"}, {"--hidden", "'3x'", "1..256"}},
    {{"--hidden", "3\nx"}, {"--hidden", "'3?x'", "1..256"}}, /* one line, whatever the argument holds */
    {{"--hidden", "-1"}, {"--hidden", "'-1' is out of range", "1..256"}},
    {{"--hidden", "0"}, {"--hidden", "'0' is out of range", "1..256"}},
    {{"--hidden", "257"}, {"--hidden", "'257'", "1..256"}},
    {{"--hidden", ""}, {"--hidden", "''", "1..256"}},
    {{"--hidden", " 5"}, {"--hidden", "' 5'", "1..256"}},
    {{"--hidden", "99999999999999999999999"}, {"--hidden", "out of range", "1..256"}},
    {{"--lr", "nan"}, {"--lr", "'nan' is not a finite number", "1e-06..100"}},
    {{"--lr", "inf"}, {"--lr", "'inf'", "1e-06..100"}},
    {{"--lr", "-0.1"}, {"--lr", "'-0.1' is out of range", "1e-06..100"}},
    {{"--lr", "0"}, {"--lr", "'0' is out of range"}},
    {{"--lr", "1e-7"}, {"--lr", "'1e-7'", "1e-06..100"}},
    {{"--lr", "101"}, {"--lr", "'101'"}},
    {{"--lr", "1e999"}, {"--lr", "'1e999'"}},
    {{"--lr", "0.02x"}, {"--lr", "'0.02x' is not a number"}},
    {{"--lr", ""}, {"--lr", "'' is not a number"}},
    {{"--lr"}, {"--lr needs a value"}},
    {{"--gain", "0.05"}, {"--gain", "'0.05'", "0.1..1000"}},
    {{"--gain", "1001"}, {"--gain", "'1001'", "0.1..1000"}},
    {{"--tokens", "1"}, {"--tokens", "'1'", "2..4096"}},
    {{"--tokens", "4097"}, {"--tokens", "'4097'", "2..4096"}},
    {{"--tokens", "9.5"}, {"--tokens", "'9.5' is not a whole number"}},
    {{"--seed", "-1"}, {"--seed", "'-1' is not a whole number", "0..18446744073709551615"}},
    {{"--seed", "18446744073709551616"}, {"--seed", "out of range", "0..18446744073709551615"}},
    {{"--seed", "1e3"}, {"--seed", "'1e3'"}},
    {{"--seed", ""}, {"--seed", "''"}},
    {{"--speed", "-1"}, {"--speed", "'-1'", "0.1..1e+09"}},
    {{"--speed", "0.05"}, {"--speed", "'0.05'", "0 (unlimited)"}},
    {{"--speed", "2e9"}, {"--speed", "'2e9'"}},
    {{"--speed", "nan"}, {"--speed", "'nan'"}},
    {{"--headless", "--steps", "-1"}, {"--steps", "'-1' is out of range", "0..1000000000000"}},
    {{"--headless", "--steps", "1000000000001"}, {"--steps", "out of range"}},
    {{"--headless", "--steps", "1e3"}, {"--steps", "'1e3' is not a whole number"}},
    {{"--headless", "--csv", "-", "--every", "0"}, {"--every", "'0' is out of range", "1..1000000000000"}},
    {{"--headless", "--csv", "-", "--every", "-3"}, {"--every", "'-3'"}},
    {{"--size", "1280"}, {"--size", "'1280' is not WIDTHxHEIGHT", "320..7680 x 240..4320"}},
    {{"--size", "1280x"}, {"--size", "'1280x'"}},
    {{"--size", "x800"}, {"--size", "'x800'"}},
    {{"--size", "100x800"}, {"--size", "'100x800' is out of range"}},
    {{"--size", "1280x5000"}, {"--size", "'1280x5000' is out of range"}},
    {{"--size", "1280x800x3"}, {"--size", "'1280x800x3'"}},
    {{"--size", "-1280x800"}, {"--size", "'-1280x800'"}},
    {{"--size", "99999999999999999999x800"}, {"--size", "99999999999999999999x800"}},
    {{"--scale", "0"}, {"--scale", "'0' is out of range", "0.5..4"}},
    {{"--scale", "5"}, {"--scale", "'5'"}},
    {{"--scale", "nan"}, {"--scale", "'nan'"}},
    {{"--preset", "foo"}, {"--preset", "'foo'", "lecture-start, lecture-solution"}},
    {{"--activation", "sigmoid"}, {"--activation", "'sigmoid'", "logistic, tanh, relu, step, signum"}},
    {{"--optimizer", "sgd"}, {"--optimizer", "'sgd'", "gd, momentum, adam, lbfgs"}},
    {{"--renderer", "gl"}, {"--renderer", "'gl'", "auto, opengl, software"}},
    {{"--renderer", ""}, {"--renderer", "''", "auto, opengl, software"}},
    {{"--renderer"}, {"--renderer needs a value", "auto, opengl, software"}},
    {{"--load", ""}, {"--load: empty path"}},
    {{"--headless", "--csv", ""}, {"--csv: empty path"}},
    {{"--save", ""}, {"--save: empty path"}},
    {{"--frobnicate"}, {"unknown or ambiguous flag '--frobnicate'"}},
    {{"--s"}, {"unknown or ambiguous flag '--s'"}},
    {{"-x"}, {"unknown flag '-x'"}},
    {{"--headless=yes"}, {"--headless takes no value"}},
    {{"foo"}, {"unexpected argument 'foo'"}},
    {{"--headless", "--", "x"}, {"unexpected argument 'x'"}},
    {{"--preset", "lecture-start", "--load", "s.ini"}, {"--preset and --load contradict"}},
    {{"--csv", "-"}, {"--csv needs --headless"}},
    {{"--steps", "5"}, {"--steps needs --headless"}},
    {{"--every", "2"}, {"--every needs --headless"}},
    {{"--screenshot", "a.png"}, {"--screenshot needs --headless"}},
    {{"--headless", "--every", "2"}, {"--every needs --csv or --record"}},
    {{"--headless", "--load", "s.ini", "--csv", "./s.ini"}, {"--csv", "is the --load file"}},
    {{"--headless", "--load", "s.ini", "--screenshot", "s.ini"}, {"--screenshot", "is the --load file"}},
    {{"--headless", "--csv", "a.out", "--save", "./a.out"}, {"--csv and --save both write"}},
    {{"--headless", "--save", "-", "--screenshot", "-"}, {"--save and --screenshot", "standard output"}},
    {{"--headless", "--record", "-"}, {"--record", "a folder"}},
    {{"--scene", "universal", "--slice", "0,0,1"}, {"--slice", "'0,0,1' is not four numbers", "x0,y0,x1,y1"}},
    {{"--scene", "universal", "--slice", "0,0,1,1,0"}, {"--slice", "'0,0,1,1,0'"}},
    {{"--scene", "universal", "--slice", "0,0,1,x"}, {"--slice", "'0,0,1,x'"}},
    {{"--scene", "universal", "--slice", "0,,1,1"}, {"--slice", "'0,,1,1'"}},
    {{"--scene", "universal", "--slice", "0,0,1, 1"}, {"--slice", "'0,0,1, 1'"}},
    {{"--scene", "universal", "--slice", "0,0,nan,1"}, {"--slice", "'0,0,nan,1'"}},
    {{"--scene", "universal", "--slice", "0,0,1.5,1"}, {"--slice", "1.5 is out of the input square", "-1..1"}},
    {{"--scene", "universal", "--slice", "-inf,0,1,1"}, {"--slice", "-inf", "-1..1"}},
    {{"--scene", "universal", "--slice", "0.5,0.5,0.5,0.5"}, {"--slice", "both ends at one point"}},
    {{"--slice", "0,0,1,1"}, {"--slice needs --scene universal"}},
    {{"--scene", "semicircle", "--slice", "0,0,1,1"}, {"--slice needs --scene universal"}},
    {{"--sweep", "--slice", "0,0,1,1"}, {"--slice does not go with --sweep"}},
};

START_TEST(bad_flag)
{
    cli_options o;
    char err[256] = "";
    ck_assert_msg(parse(bad[_i].args, &o, err, (int)sizeof err) == -1, "case %d accepted", _i);
    ck_assert_ptr_null(strchr(err, '\n')); /* one line */
    for (int j = 0; j < 3 && bad[_i].want[j]; j++)
        ck_assert_msg(strstr(err, bad[_i].want[j]) != NULL, "case %d: '%s' lacks '%s'", _i, err, bad[_i].want[j]);
}
END_TEST

START_TEST(defaults)
{
    cli_options o;
    char err[256];
    const char *none[] = {NULL};
    ck_assert_int_eq(parse(none, &o, err, (int)sizeof err), 0);
    ck_assert(!o.headless && !o.help && !o.version && !o.load && !o.has_preset && !o.has_hidden && !o.has_lr);
    ck_assert_int_eq(o.steps, 0);
    ck_assert_int_eq(o.every, 1);
    ck_assert(o.width == 1280 && o.height == 800 && o.scale == 0.0);
    ck_assert(!o.csv && !o.save && !o.screenshot && !o.record && !o.fullscreen && !o.presenter && !o.stats);
}
END_TEST

/* --slice: the segment's four numbers in order, given to the window and the pictures as the strip's cut. */
START_TEST(slice_flag)
{
    cli_options o;
    char err[256];
    const char *none[] = {"--scene", "universal", NULL};
    ck_assert_int_eq(parse(none, &o, err, (int)sizeof err), 0);
    ck_assert(!o.has_slice);
    const char *args[] = {"--scene", "universal", "--slice", "-0.8,0.25,1,-1", NULL};
    ck_assert_msg(parse(args, &o, err, (int)sizeof err) == 0, "%s", err);
    ck_assert(o.has_slice && o.slice[0] == -0.8 && o.slice[1] == 0.25 && o.slice[2] == 1 && o.slice[3] == -1);
    /* a file's scene is known once read: a semicircle file is refused then, naming the flag */
    const char *load[] = {"--load", "s.ini", "--slice", "0,0,1,1", NULL};
    ck_assert_msg(parse(load, &o, err, (int)sizeof err) == 0, "%s", err);
    session se;
    session_default(&se); /* the semicircle */
    ck_assert_int_eq(cli_session(&(cli_options){.has_slice = 1}, &se, err, (int)sizeof err), -2);
    ck_assert_msg(strstr(err, "--slice") && strstr(err, "semicircle"), "%s", err);
}
END_TEST

START_TEST(every_flag)
{
    cli_options o;
    char err[256];
    const char *a[] = {"--headless", "--preset", "lecture-solution", "--hidden", "8", "--activation", "tanh",
                       "--gain", "2.5", "--lr", "1e-6", "--optimizer", "lbfgs", NULL};
    ck_assert_msg(parse(a, &o, err, (int)sizeof err) == 0, "%s", err);
    ck_assert(o.headless && o.has_preset && o.preset == DATA_PRESET_LECTURE_SOLUTION);
    ck_assert(o.has_hidden && o.hidden == 8 && o.has_act && o.act == NN_ACT_TANH);
    ck_assert(o.has_gain && o.gain == 2.5 && o.has_lr && o.lr == 1e-6 && o.has_opt && o.opt == NN_OPT_LBFGS);
    const char *b[] = {"--headless", "--tokens", "4096", "--seed", "18446744073709551615", "--speed", "0",
                       "--steps", "1000000000000", "--csv", "-", "--every", "7", NULL};
    ck_assert_msg(parse(b, &o, err, (int)sizeof err) == 0, "%s", err);
    ck_assert(o.has_tokens && o.tokens == 4096 && o.has_seed && o.seed == UINT64_MAX);
    ck_assert(o.has_speed && o.speed == 0.0 && o.steps == 1000000000000LL && o.every == 7);
    ck_assert_str_eq(o.csv, "-");
    const char *c[] = {"--load", "x.ini", "--save", "y.ini", "--size", "7680x240", "--scale", "0.5",
                       "--fullscreen", "--presenter", "--record", "frames", "--stats", NULL};
    ck_assert_msg(parse(c, &o, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_str_eq(o.load, "x.ini");
    ck_assert_str_eq(o.save, "y.ini");
    ck_assert_str_eq(o.record, "frames");
    ck_assert(o.width == 7680 && o.height == 240 && o.scale == 0.5 && o.fullscreen && o.presenter && o.stats);
    ck_assert(!o.headless); /* nothing carries over from the previous parse */
    ck_assert_int_eq(o.renderer, APP_RENDERER_AUTO);
    const char *r[] = {"--renderer", "software", NULL};
    ck_assert_msg(parse(r, &o, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_int_eq(o.renderer, APP_RENDERER_SOFTWARE);
    const char *r2[] = {"--renderer=opengl", NULL};
    ck_assert_msg(parse(r2, &o, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_int_eq(o.renderer, APP_RENDERER_OPENGL);
    const char *d[] = {"--headless", "--screenshot", "v.png", "--speed", "0.1", "--help", "--version", NULL};
    ck_assert_msg(parse(d, &o, err, (int)sizeof err) == 0, "%s", err);
    ck_assert(o.help && o.version && o.speed == 0.1);
    ck_assert_str_eq(o.screenshot, "v.png");
    const char *e[] = {"-h", "-V", "--hid", "3", "--lr", "5", "--lr", "7", NULL}; /* prefixes; last wins */
    ck_assert_msg(parse(e, &o, err, (int)sizeof err) == 0, "%s", err);
    ck_assert(o.help && o.version && o.hidden == 3 && o.lr == 7.0);
}
END_TEST

/* "  -h, --help ..." or "      --lr X ..."; wrapped lines are indented further */
static int flag_head(const char *line)
{
    return strncmp(line, "  -", 3) == 0 || strncmp(line, "      --", 8) == 0;
}

START_TEST(usage_lists_every_flag)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ck_assert_ptr_nonnull(f);
    cli_usage(f, "/usr/bin/backprop-lab");
    fclose(f);
    const char *names[] = {"--headless", "--preset NAME", "--load FILE", "--hidden N", "--activation A",
                           "--gain X", "--lr X", "--optimizer O", "--tokens N", "--seed S", "--speed X",
                           "--steps N", "--csv FILE|-", "--every K", "--save FILE", "--screenshot FILE",
                           "--size WxH", "--scale X", "--fullscreen", "--presenter", "--record DIR",
                           "--stats", "-h, --help", "-V, --version", "Usage: backprop-lab [OPTION]"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        ck_assert_msg(strstr(text, names[i]) != NULL, "usage lacks %s", names[i]);
    /* every flag's entry (its line and the wrapped lines under it) names a default */
    int lines = 0;
    for (char *p = strstr(text, "\n  "); p; p = strstr(p + 1, "\n  ")) {
        if (!flag_head(p + 1))
            continue; /* a wrapped line, part of the entry before */
        char *next = p + 1;
        do
            next = strstr(next + 1, "\n  ");
        while (next && !flag_head(next + 1));
        char entry[1024];
        snprintf(entry, sizeof entry, "%.*s", next ? (int)(next - p) : (int)strlen(p), p + 1);
        lines++;
        if (strstr(entry, "--headless") || strstr(entry, "--help") || strstr(entry, "--version") ||
            strstr(entry, "--load") || strstr(entry, "--csv") || strstr(entry, "--save") ||
            strstr(entry, "--screenshot"))
            continue;
        ck_assert_msg(strstr(entry, "default") != NULL, "no default: %s", entry);
    }
    ck_assert_int_ge(lines, 24);
    free(text);
}
END_TEST

static session *sess;
static void sess_setup(void)
{
    sess = malloc(sizeof *sess);
    ck_assert_ptr_nonnull(sess);
}
static void sess_teardown(void) { free(sess); }

/* parse + cli_session; returns cli_session's status */
static int build(const char *const *words, char *err, int errlen)
{
    cli_options o;
    ck_assert_msg(parse(words, &o, err, errlen) == 0, "%s", err);
    return cli_session(&o, sess, err, errlen);
}

START_TEST(session_defaults_and_overrides)
{
    char err[256];
    const char *none[] = {NULL};
    ck_assert_int_eq(build(none, err, (int)sizeof err), 0);
    ck_assert(sess->preset == DATA_PRESET_LECTURE_START && sess->hidden == 5 && sess->act == NN_ACT_LOGISTIC);
    ck_assert(sess->task.seed == 1 && sess->lr == 0.02 && sess->opt == NN_OPT_GD && sess->task.n == 9);
    ck_assert(!sess->has_weights && sess->gain == 1.0);
    const char *a[] = {"--hidden", "12", "--activation", "relu", "--gain", "3", "--lr", "0.5", "--optimizer",
                       "adam", "--tokens", "100", "--seed", "99", "--speed", "60", NULL};
    ck_assert_msg(build(a, err, (int)sizeof err) == 0, "%s", err);
    ck_assert(sess->hidden == 12 && sess->act == NN_ACT_RELU && sess->gain == 3 && sess->lr == 0.5);
    ck_assert(sess->opt == NN_OPT_ADAM && sess->task.n == 100 && sess->task.seed == 99 && sess->speed == 60);
}
END_TEST

START_TEST(session_solution)
{
    char err[256];
    const char *a[] = {"--preset", "lecture-solution", NULL};
    ck_assert_msg(build(a, err, (int)sizeof err) == 0, "%s", err);
    ck_assert(sess->preset == DATA_PRESET_LECTURE_SOLUTION && sess->hidden == 8 && sess->act == NN_ACT_STEP);
    const char *b[] = {"--preset", "lecture-solution", "--tokens", "12", NULL};
    ck_assert_msg(build(b, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_int_eq(sess->hidden, 11);
    const char *c[] = {"--preset", "lecture-solution", "--tokens", "12", "--hidden", "11", NULL};
    ck_assert_msg(build(c, err, (int)sizeof err) == 0, "%s", err);
    const char *d[] = {"--preset", "lecture-solution", "--hidden", "5", NULL};
    ck_assert_int_eq(build(d, err, (int)sizeof err), -2);
    ck_assert_msg(strstr(err, "--hidden 5") && strstr(err, "tokens - 1 = 8"), "%s", err);
    const char *e[] = {"--preset", "lecture-solution", "--tokens", "300", NULL};
    ck_assert_int_eq(build(e, err, (int)sizeof err), -2);
    ck_assert_msg(strstr(err, "--tokens 300") != NULL, "%s", err);
}
END_TEST

START_TEST(session_from_file)
{
    char dir[] = "/tmp/bpl-cli-XXXXXX", path[64], err[512];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/s.ini", dir);
    session *saved = malloc(sizeof *saved);
    session_default(saved);
    saved->hidden = 3;
    saved->has_weights = 1;
    for (int i = 0; i < 17; i++)
        saved->p[i] = 0.1 * i - 0.7;
    ck_assert_msg(session_save(path, saved, err, (int)sizeof err) == 0, "%s", err);

    const char *a[] = {"--load", path, "--seed", "5", "--tokens", "20", "--lr", "0.1", NULL};
    ck_assert_msg(build(a, err, (int)sizeof err) == 0, "%s", err);
    ck_assert(sess->has_weights && sess->hidden == 3 && sess->task.seed == 5 && sess->task.n == 20);
    ck_assert_mem_eq(sess->p, saved->p, 17 * sizeof(double)); /* the file's weights stay */
    const char *b[] = {"--load", path, "--hidden", "3", NULL};
    ck_assert_msg(build(b, err, (int)sizeof err) == 0, "%s", err);
    const char *c[] = {"--load", path, "--hidden", "4", NULL};
    ck_assert_int_eq(build(c, err, (int)sizeof err), -2);
    ck_assert_msg(strstr(err, "--hidden 4") && strstr(err, path), "%s", err);

    snprintf(path, sizeof path, "%s/missing.ini", dir);
    const char *d[] = {"--load", path, NULL};
    ck_assert_int_eq(build(d, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, path) != NULL, "%s", err);
    snprintf(path, sizeof path, "%s/s.ini", dir);
    unlink(path);
    rmdir(dir);
    free(saved);
}
END_TEST

/* A --load file's slice strip ([scene] slice) is the session's; --slice overrides it; no key, no strip. */
START_TEST(slice_from_file_and_flag)
{
    char dir[] = "/tmp/bpl-cli-XXXXXX", path[64], plain[64], err[512];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/u.ini", dir);
    snprintf(plain, sizeof plain, "%s/p.ini", dir);
    session *saved = malloc(sizeof *saved);
    ck_assert_ptr_nonnull(saved);
    session_default(saved);
    session_set_scene(saved, &scene_universal);
    ck_assert_msg(session_save(plain, saved, err, (int)sizeof err) == 0, "%s", err);
    saved->has_slice = 1;
    memcpy(saved->slice, (double[4]){-0.9, -0.3, 0.9, 0.4}, sizeof saved->slice);
    ck_assert_msg(session_save(path, saved, err, (int)sizeof err) == 0, "%s", err);

    const char *a[] = {"--load", path, NULL};
    ck_assert_msg(build(a, err, (int)sizeof err) == 0, "%s", err);
    ck_assert(sess->has_slice);
    ck_assert_mem_eq(sess->slice, saved->slice, sizeof saved->slice);
    const char *b[] = {"--load", path, "--slice", "0,-1,0,1", NULL};
    ck_assert_msg(build(b, err, (int)sizeof err) == 0, "%s", err);
    ck_assert(sess->has_slice && sess->slice[0] == 0 && sess->slice[1] == -1 && sess->slice[2] == 0 &&
              sess->slice[3] == 1);
    const char *c[] = {"--load", plain, NULL};
    ck_assert_msg(build(c, err, (int)sizeof err) == 0, "%s", err);
    ck_assert(!sess->has_slice);
    const char *d[] = {"--scene", "universal", "--slice", "-0.5,0.5,0.5,-0.5", NULL};
    ck_assert_msg(build(d, err, (int)sizeof err) == 0, "%s", err);
    ck_assert(sess->has_slice && sess->slice[0] == -0.5 && sess->slice[3] == -0.5);
    unlink(path);
    unlink(plain);
    rmdir(dir);
    free(saved);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_add_loop_test(tc, bad_flag, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, every_flag);
    tcase_add_test(tc, usage_lists_every_flag);
    suite_add_tcase(s, tc);
    TCase *ts = tcase_create("session");
    tcase_add_checked_fixture(ts, sess_setup, sess_teardown);
    tcase_add_test(ts, session_defaults_and_overrides);
    tcase_add_test(ts, session_solution);
    tcase_add_test(ts, session_from_file);
    tcase_add_test(ts, slice_flag);
    tcase_add_test(ts, slice_from_file_and_flag);
    suite_add_tcase(s, ts);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
