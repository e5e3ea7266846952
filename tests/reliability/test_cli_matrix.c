/* Every command-line flag with bad values: each must end with exit status 2 and one line on stderr
 * naming the flag and the allowed range, with no output file touched, for
 * `backprop-lab --headless --steps 3 --csv rows.csv --save new.ini BAD...`. Every case is checked
 * in-process through the parser the program runs (cli_parse, then cli_session); the first case of
 * each flag and kind also runs the built program, for its exit status, its one line and the files. */
#include <check.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/cli.h"
#include "runexe.h"

static const char *exe;
static char top[256];

typedef struct {
    const char *flag;
    const char *valid; /* a value the program accepts */
    double lo, hi;     /* the allowed range the message must show */
    int zero_ok, whole;
    const char *below, *above; /* just outside the range (NULL: "0" or "-1" is already below) */
} num_flag;

static const num_flag nums[] = {
    {"--hidden", "8", 1, 256, 0, 1, NULL, "257"},
    {"--tokens", "17", 2, 4096, 0, 1, "1", "4097"},
    {"--gain", "2", 0.1, 1000, 0, 0, "0.05", "1001"},
    {"--lr", "0.1", 1e-6, 100, 0, 0, "1e-7", "101"},
    {"--seed", "5", 0, 18446744073709551615.0, 1, 1, NULL, "18446744073709551616"},
    {"--speed", "60", 0.1, 1e9, 1, 0, "0.05", "2e9"},
    {"--steps", "3", 0, 1e12, 1, 1, NULL, "1000000000001"},
    {"--every", "2", 1, 1e12, 0, 1, NULL, "1000000000001"},
    {"--scale", "2", 0.5, 4, 0, 0, "0.25", "5"},
};
#define N_NUMS (int)(sizeof nums / sizeof nums[0])

/* Wrong for every numeric flag; NULL stands for the value missing (the flag last on the line). */
static const char *const always_bad[] = {
    NULL, "", "abc", "3x", "-1", "nan", "NaN", "inf", "-inf", "1e400", "99999999999999999999999", " 5", "5 ",
    "0x", "--lr",
};
#define N_ALWAYS (int)(sizeof always_bad / sizeof always_bad[0])

/* A bad case: extra arguments after the template, and what the one stderr line must hold. */
typedef struct {
    const char *args[8]; /* NULL-terminated */
    const char *names[3]; /* substrings the message must contain (flags, allowed values) */
    double lo, hi;        /* the range the message must show, when has_range */
    int has_range;
    int headless; /* 0: the template without --headless, --steps, --csv (window flags) */
    int launch;   /* also through the built program */
} bad_case;

#define MAX_CASES 512
static bad_case cases[MAX_CASES];
static int n_cases;

static bad_case *add_case(void)
{
    if (n_cases == MAX_CASES) {
        fprintf(stderr, "more than %d cases\n", MAX_CASES);
        exit(2);
    }
    bad_case *c = &cases[n_cases++];
    memset(c, 0, sizeof *c);
    c->headless = 1;
    return c;
}

static void build_cases(void)
{
    for (int f = 0; f < N_NUMS; f++) {
        const num_flag *nf = &nums[f];
        const char *extra[N_ALWAYS + 4];
        int n = 0;
        for (int i = 0; i < N_ALWAYS; i++)
            extra[n++] = always_bad[i];
        if (!nf->zero_ok)
            extra[n++] = "0";
        if (nf->below)
            extra[n++] = nf->below;
        if (nf->above)
            extra[n++] = nf->above;
        if (nf->whole)
            extra[n++] = "1.5";
        for (int i = 0; i < n; i++) {
            bad_case *c = add_case();
            c->args[0] = nf->flag;
            c->args[1] = extra[i];
            c->names[0] = nf->flag;
            c->lo = nf->lo;
            c->hi = nf->hi;
            c->has_range = 1;
        }
    }
    /* --size WxH: 320..7680 x 240..4320 */
    static const char *const sizes[] = {NULL, "", "abc", "960", "960x", "x600", "3x3x3", "-960x600", "960x-600",
                                        "100x600", "8000x600", "960x100", "960x9000", "nanxnan", "infx600",
                                        "99999999999999999999x600", "960.5x600", "960 x600"};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        bad_case *c = add_case();
        c->args[0] = "--size";
        c->args[1] = sizes[i];
        c->names[0] = "--size";
        c->lo = 320;
        c->hi = 4320;
        c->has_range = 1;
    }
    /* names: the message lists what is allowed */
    static const struct {
        const char *flag, *bad, *allowed;
    } named[] = {
        {"--preset", "lecture-middle", "lecture-solution"}, {"--preset", "", "lecture-start"},
        {"--preset", NULL, "lecture-start"},                {"--activation", "sigmoid", "tanh"},
        {"--activation", "", "logistic"},                   {"--activation", NULL, "relu"},
        {"--optimizer", "sgd", "adam"},                     {"--optimizer", "LBFGS", "lbfgs"},
        {"--optimizer", NULL, "momentum"},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        bad_case *c = add_case();
        c->args[0] = named[i].flag;
        c->args[1] = named[i].bad;
        c->names[0] = named[i].flag;
        c->names[1] = named[i].allowed;
    }
    /* paths: missing or empty */
    static const char *const paths[] = {"--load", "--csv", "--save", "--screenshot", "--record"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        bad_case *c = add_case();
        c->args[0] = paths[i];
        c->args[1] = "";
        c->names[0] = paths[i];
        c = add_case();
        c->args[0] = paths[i];
        c->names[0] = paths[i];
    }
    /* flags that take no value, given one */
    static const char *const novalue[][2] = {
        {"--headless=yes", "--headless"}, {"--stats=1", "--stats"}, {"--fullscreen=on", "--fullscreen"},
        {"--presenter=1", "--presenter"}};
    for (size_t i = 0; i < sizeof novalue / sizeof novalue[0]; i++) {
        bad_case *c = add_case();
        c->args[0] = novalue[i][0];
        c->names[0] = novalue[i][1];
    }
    /* unknown flags and stray words */
    static const char *const unknown[][2] = {{"--bogus", "--bogus"}, {"-z", "-z"},         {"--hiddenn", "--hiddenn"},
                                             {"--h", "--h"},         {"stray", "stray"},   {"---lr", "---lr"},
                                             {"-", "-"},             {"--lr=", "--lr"}};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        bad_case *c = add_case();
        c->args[0] = unknown[i][0];
        c->names[0] = unknown[i][1];
    }
    /* flags that contradict each other or the session */
    static const struct {
        const char *args[6];
        const char *names[2];
        int headless;
    } contra[] = {
        {{"--preset", "lecture-start", "--load", "five-units.ini"}, {"--preset", "--load"}, 1},
        {{"--csv", "rows.csv"}, {"--csv", "--headless"}, 0},
        {{"--steps", "5"}, {"--steps", "--headless"}, 0},
        {{"--screenshot", "shot.png"}, {"--screenshot", "--headless"}, 0},
        {{"--preset", "lecture-solution", "--tokens", "300"}, {"--tokens", NULL}, 1},
        {{"--preset", "lecture-solution", "--hidden", "5"}, {"--hidden", NULL}, 1},
        {{"--load", "five-units.ini", "--hidden", "7"}, {"--hidden", NULL}, 1},
    };
    for (size_t i = 0; i < sizeof contra / sizeof contra[0]; i++) {
        bad_case *c = add_case();
        memcpy(c->args, contra[i].args, sizeof contra[i].args);
        c->names[0] = contra[i].names[0];
        c->names[1] = contra[i].names[1];
        c->headless = contra[i].headless;
    }
    {
        /* --every thins CSV rows: without --csv it means nothing */
        bad_case *c = add_case();
        c->args[0] = "--every";
        c->args[1] = "2";
        c->names[0] = "--every";
        c->names[1] = "--csv";
        c->headless = 2; /* headless, without the template's --csv */
    }
    /* the program itself for the first case of each flag and kind: main's part (the exit status,
     * the one line, the files) is the same for every value, the parser's part is checked for all */
    for (int i = 0; i < n_cases; i++) {
        const bad_case *p = i ? &cases[i - 1] : NULL;
        cases[i].launch = !p || p->headless != cases[i].headless || !p->args[0] || !cases[i].args[0] ||
                          strcmp(p->args[0], cases[i].args[0]) != 0;
    }
}

static const char *const five_units =
    "[network]\nhidden = 5\nactivation = logistic\n[task]\ntokens = 9\ntheta_min = -1.5707963267948966\n"
    "theta_max = 1.5707963267948966\nradius_jitter = 0\nnoise = 0\nseed = 1\n[train]\noptimizer = gd\n"
    "learning_rate = 0.02\nstep = 0\n[output]\nb = -0.32 1.5\n"
    "[unit 1]\nw1 = 0.5 0\nb1 = 0\nw2 = 0.32 0\n[unit 2]\nw1 = 0.6 0.1\nb1 = 0\nw2 = 0.1 0.2\n"
    "[unit 3]\nw1 = 0.4 -0.2\nb1 = 0\nw2 = -0.3 0.5\n[unit 4]\nw1 = 0.9 0.3\nb1 = 0\nw2 = 0.2 -0.1\n"
    "[unit 5]\nw1 = 0.2 0.8\nb1 = 0\nw2 = 0.4 0.4\n";

/* A case directory: rows.csv (old bytes, old mtime) and five-units.ini. */
static void case_dir(char *dir, size_t len, int index)
{
    char path[600];
    snprintf(dir, len, "%s/case-%03d", top, index);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/rows.csv", dir);
    rel_write(path, "old rows\n", 9);
    struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
    ck_assert_int_eq(utimensat(AT_FDCWD, path, old, 0), 0);
    snprintf(path, sizeof path, "%s/five-units.ini", dir);
    rel_write(path, five_units, strlen(five_units));
    ck_assert_int_eq(utimensat(AT_FDCWD, path, old, 0), 0);
}

/* Does text hold the number v (to 1e-9 relative) anywhere, in any spelling strtod reads? */
static int shows_number(const char *text, double v)
{
    for (const char *p = text; *p; p++) {
        int starts = (*p >= '0' && *p <= '9') || (*p == '-' && p[1] >= '0' && p[1] <= '9');
        /* not inside another number: after a digit, an exponent's e, or a decimal point ("1..256"
         * has two dots: 256 starts a number of its own) */
        int inside = p > text && ((p[-1] >= '0' && p[-1] <= '9') || p[-1] == 'e' || p[-1] == 'E' ||
                                  (p[-1] == '.' && p - 1 > text && p[-2] >= '0' && p[-2] <= '9'));
        if (!starts || inside)
            continue;
        char *end;
        double x = strtod(p, &end);
        if (end > p && fabs(x - v) <= 1e-9 * fabs(v))
            return 1;
    }
    return 0;
}

static void describe(const bad_case *c, char *buf, size_t len)
{
    buf[0] = '\0';
    for (int i = 0; i < 8 && c->args[i]; i++) {
        char q[128];
        snprintf(q, sizeof q, "%s'%s'", i ? " " : "", c->args[i]);
        strncat(buf, q, len - strlen(buf) - 1);
    }
    if (!c->args[1] && c->has_range)
        strncat(buf, " (value missing)", len - strlen(buf) - 1);
}


/* argv: the program, the template for c->headless, then c->args. */
static void make_argv(const bad_case *c, char **argv)
{
    int n = 0;
    argv[n++] = (char *)exe;
    if (c->headless) {
        argv[n++] = "--headless";
        argv[n++] = "--steps";
        argv[n++] = "3";
        if (c->headless == 1) {
            argv[n++] = "--csv";
            argv[n++] = "rows.csv";
        }
        argv[n++] = "--save";
        argv[n++] = "new.ini";
    }
    for (int i = 0; i < 8 && c->args[i]; i++)
        argv[n++] = (char *)c->args[i];
    argv[n] = NULL;
}

static int argc_of(char **argv)
{
    int n = 0;
    while (argv[n])
        n++;
    return n;
}

/* The parser's verdict as main would act on it: 2 for a bad flag (cli_parse -1, cli_session -2),
 * else what cli_session says (0 ok, 1 a file); msg is main's line without its prefix. Runs in the
 * case directory (Check forks each test, so chdir stays in it). */
static int parse_in_process(const char *dir, char **argv, char *msg, size_t len)
{
    ck_assert_int_eq(chdir(dir), 0);
    static cli_options o;
    static session s;
    msg[0] = '\0';
    if (cli_parse(argc_of(argv), argv, &o, msg, (int)len) != 0)
        return 2;
    int rc = cli_session(&o, &s, msg, (int)len);
    return rc == -2 ? 2 : rc != 0 ? 1 : 0;
}

START_TEST(test_bad_flag)
{
    const bad_case *c = &cases[_i];
    char dir[512], before[8192], after[8192], what[512];
    describe(c, what, sizeof what);
    case_dir(dir, sizeof dir, _i);
    rel_dir_state(dir, before, sizeof before);
    char *argv[32];
    make_argv(c, argv);
    char msg[1024];
    int code = parse_in_process(dir, argv, msg, sizeof msg);
    ck_assert_msg(code == 2, "%s: the parser gives exit %d: %s", what, code, msg);
    ck_assert_msg(msg[0] && !strchr(msg, '\n'), "%s: the message is not one line: \"%s\"", what, msg);
    for (int i = 0; i < 3 && c->names[i]; i++)
        ck_assert_msg(strstr(msg, c->names[i]) != NULL, "%s: the message does not name %s: %s", what, c->names[i],
                      msg);
    if (c->has_range)
        ck_assert_msg(shows_number(msg, c->lo) && shows_number(msg, c->hi),
                      "%s: the message does not show the range %g..%g: %s", what, c->lo, c->hi, msg);
    if (!c->launch)
        return;
    static rel_result r;
    ck_assert_int_eq(rel_run(dir, argv, &r), 0);
    ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 2, "%s: %s, stderr: %s", what,
                  rel_status_text(r.status), r.err);
    size_t len = strlen(r.err);
    ck_assert_msg(len > 1 && r.err[len - 1] == '\n' && strchr(r.err, '\n') == r.err + len - 1,
                  "%s: stderr is not one line: \"%s\"", what, r.err);
    for (int i = 0; i < 3 && c->names[i]; i++)
        ck_assert_msg(strstr(r.err, c->names[i]) != NULL, "%s: the message does not name %s: %s", what, c->names[i],
                      r.err);
    if (c->has_range)
        ck_assert_msg(shows_number(r.err, c->lo) && shows_number(r.err, c->hi),
                      "%s: the message does not show the range %g..%g: %s", what, c->lo, c->hi, r.err);
    rel_dir_state(dir, after, sizeof after);
    ck_assert_msg(strcmp(before, after) == 0, "%s: files touched.\nbefore:\n%safter:\n%s", what, before, after);
}
END_TEST

/* Each flag of the matrix exists and takes its valid value, so a rejection above is about the
 * value, not an unknown flag; the template writes its outputs, so "untouched" above means something. */
START_TEST(test_valid_value)
{
    char dir[512], path[700];
    case_dir(dir, sizeof dir, 900 + _i);
    bad_case c = {.headless = 1};
    if (_i < N_NUMS) {
        c.args[0] = nums[_i].flag;
        c.args[1] = nums[_i].valid;
    } else {
        c.args[0] = "--size";
        c.args[1] = "960x600";
    }
    char *argv[32];
    make_argv(&c, argv);
    char msg[1024];
    int code = parse_in_process(dir, argv, msg, sizeof msg);
    ck_assert_msg(code == 0, "%s %s: the parser gives exit %d: %s", c.args[0], c.args[1], code, msg);
    if (_i != 0 && _i != N_NUMS)
        return; /* the program itself for the first flag and for --size */
    static rel_result r;
    ck_assert_int_eq(rel_run(dir, argv, &r), 0);
    ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s %s: %s, stderr: %s", c.args[0], c.args[1],
                  rel_status_text(r.status), r.err);
    snprintf(path, sizeof path, "%s/new.ini", dir);
    ck_assert_msg(access(path, F_OK) == 0, "%s %s: no new.ini", c.args[0], c.args[1]);
    struct stat st;
    snprintf(path, sizeof path, "%s/rows.csv", dir);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_msg(st.st_size > 9, "%s %s: rows.csv not rewritten", c.args[0], c.args[1]);
}
END_TEST

int main(int argc, char **argv)
{
    exe = rel_exe_arg(argc, argv);
    if (!exe)
        return 2;
    build_cases();
    Suite *s = suite_create("cli-matrix");
    TCase *tc = tcase_create("flags");
    tcase_set_timeout(tc, 0); /* meson's timeout (scaled for sanitizers) governs */
    tcase_add_loop_test(tc, test_valid_value, 0, N_NUMS + 1);
    tcase_add_loop_test(tc, test_bad_flag, 0, n_cases);
    suite_add_tcase(s, tc);
    /* one directory for every case, removed here in the parent whatever the cases did */
    rel_tmpdir(top, sizeof top);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    rel_rmtree(top);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
