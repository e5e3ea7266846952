/* test_exe: the built program, run as a user would: exit statuses, stdout/stderr, files it writes.
 * Single-threaded test binary; argv[1] is the path of backprop-lab (meson passes it).
 * Invariants: every case works in its own fresh directory; the exit status is the verdict. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpl_config.h"

#define MAX_ARGS 24

extern char **environ;
static const char *exe;
static char dir[256], out_path[300], err_path[300];
static char *out_text, *err_text;

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/bpl-exe-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
    snprintf(out_path, sizeof out_path, "%s/stdout", dir);
    snprintf(err_path, sizeof err_path, "%s/stderr", dir);
    out_text = err_text = NULL;
}

static void teardown(void)
{
    free(out_text);
    free(err_text);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Runs the program with the words after its name; stdout and stderr land in out_text, err_text.
 * Returns the exit status (or 128 + signal). */
static int run(const char *const *words)
{
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = (char *)exe;
    for (int i = 0; words[i]; i++) {
        ck_assert_int_lt(argc, MAX_ARGS + 1);
        argv[argc++] = (char *)words[i];
    }
    argv[argc] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    int rc = posix_spawn(&pid, exe, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    ck_assert_msg(rc == 0, "spawn %s: %s", exe, strerror(rc));
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    free(out_text);
    free(err_text);
    out_text = slurp(out_path);
    err_text = slurp(err_path);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void path_in(char *buf, size_t len, const char *name) { snprintf(buf, len, "%s/%s", dir, name); }

static int count_lines(const char *t)
{
    int n = 0;
    for (; *t; t++)
        n += *t == '\n';
    return n;
}

/* Bad flags: exit 2, a message naming the flag, the hint, and neither output file created. */
static const struct {
    const char *args[4];
    const char *want;
} bad_tail[] = {
    {{"--lr", "nan"}, "--lr: 'nan'"},
    {{"--lr", "3x"}, "--lr: '3x'"},
    {{"--hidden", "0"}, "--hidden: '0'"},
    {{"--hidden", "-5"}, "--hidden: '-5'"},
    {{"--steps", "1e99"}, "--steps: '1e99'"},
    {{"--tokens", "inf"}, "--tokens: 'inf'"},
    {{"--every", "0"}, "--every: '0'"},
    {{"--seed", "-1"}, "--seed: '-1'"},
    {{"--frobnicate"}, "'--frobnicate'"},
    {{"--preset", "nope"}, "--preset: unknown 'nope'"},
    {{"--gain"}, "--gain needs a value"},
    {{"--size", "10x10"}, "--size: '10x10'"},
    {{"--preset", "lecture-start", "--load", "x.ini"}, "--preset and --load"},
    {{"--preset", "lecture-solution", "--hidden", "5"}, "--hidden 5: lecture-solution"},
    {{"--report", "nope"}, "--report: unknown 'nope'"},
    {{"--restarts", "0"}, "--restarts: '0'"},
    {{"--target", "cube"}, "--target: unknown 'cube'"},
    {{"--sweep-n", "1,x"}, "--sweep-n: '1,x'"},
    {{"--target", "disc"}, "--target needs --sweep or --scene universal"},
    {{"--scene", "torus"}, "--scene: unknown 'torus'"},
    {{"--scene", "universal", "--preset", "lecture-start"}, "--preset: unknown 'lecture-start' (allowed random-start, tower, bump)"},
    {{"--scene", "universal", "--tokens", "250"}, "--tokens: tokens = 250: a grid needs G×G tokens"},
    {{"--sweep"}, "--save does not go with --sweep"},
};

START_TEST(bad_flags_exit_2)
{
    char csv[300], save[300];
    path_in(csv, sizeof csv, "out.csv");
    path_in(save, sizeof save, "out.ini");
    const char *words[MAX_ARGS] = {"--headless", "--steps", "3", "--csv", csv, "--save", save};
    int n = 7;
    for (int j = 0; j < 4 && bad_tail[_i].args[j]; j++)
        words[n++] = bad_tail[_i].args[j];
    words[n] = NULL;
    ck_assert_int_eq(run(words), 2);
    ck_assert_msg(strncmp(err_text, "backprop-lab: ", 14) == 0 && strstr(err_text, bad_tail[_i].want), "%s",
                  err_text);
    ck_assert_msg(strstr(err_text, "; try 'backprop-lab --help'\n") != NULL, "%s", err_text);
    ck_assert_int_eq(count_lines(err_text), 1);
    ck_assert_str_eq(out_text, "");
    ck_assert(!exists(csv) && !exists(save));
}
END_TEST

START_TEST(contradiction_without_headless)
{
    const char *a[] = {"--csv", "-", NULL};
    ck_assert_int_eq(run(a), 2);
    ck_assert_ptr_nonnull(strstr(err_text, "--csv needs --headless"));
}
END_TEST

START_TEST(help_and_version)
{
    const char *a[] = {"--help", NULL};
    ck_assert_int_eq(run(a), 0);
    ck_assert_ptr_nonnull(strstr(out_text, "--headless"));
    ck_assert_ptr_nonnull(strstr(out_text, "--screenshot FILE"));
    ck_assert_str_eq(err_text, "");
    const char *b[] = {"--version", NULL};
    ck_assert_int_eq(run(b), 0);
    ck_assert_str_eq(out_text, "backprop-lab " BPL_VERSION "\n");
}
END_TEST

START_TEST(csv_to_stdout)
{
    const char *a[] = {"--headless", "--steps", "5", "--csv", "-", NULL};
    ck_assert_int_eq(run(a), 0);
    ck_assert_int_eq(count_lines(out_text), 7);
    ck_assert(strncmp(out_text, "step,loss\n", 10) == 0);
    const char *p = out_text + 10;
    double prev = 1e300;
    for (int step = 0; step <= 5; step++) {
        long long s;
        double loss;
        int used;
        ck_assert_int_eq(sscanf(p, "%lld,%lf\n%n", &s, &loss, &used), 2);
        ck_assert_int_eq(s, step);
        ck_assert(loss > 0 && loss < prev); /* gd at η = 0.02 from the lecture's start descends */
        prev = loss;
        p += used;
    }
    ck_assert_str_eq(err_text, "");
}
END_TEST

START_TEST(csv_every_k_and_last)
{
    char csv[300];
    path_in(csv, sizeof csv, "loss.csv");
    const char *a[] = {"--headless", "--steps", "10", "--every", "3", "--csv", csv, NULL};
    ck_assert_int_eq(run(a), 0);
    char *t = slurp(csv);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(count_lines(t), 6);
    long long want[] = {0, 3, 6, 9, 10};
    const char *p = strchr(t, '\n') + 1;
    for (int i = 0; i < 5; i++) {
        ck_assert_int_eq(atoll(p), want[i]);
        p = strchr(p, '\n') + 1;
    }
    free(t);
}
END_TEST

/* The rows for steps 10..15 of one run of 15 steps. */
static char *rows_from(const char *csv, int first_step)
{
    char key[32];
    snprintf(key, sizeof key, "\n%d,", first_step);
    const char *p = strstr(csv, key);
    ck_assert_ptr_nonnull(p);
    return strdup(p + 1);
}

START_TEST(save_then_load_continues_exactly)
{
    char ini[300];
    path_in(ini, sizeof ini, "run.ini");
    const char *opts[] = {"--optimizer", "gd", "--lr", "0.05", "--seed", "7", "--activation", "tanh"};
    const char *a[] = {"--headless", "--steps", "10", "--save", ini, opts[0], opts[1], opts[2], opts[3],
                       opts[4], opts[5], opts[6], opts[7], NULL};
    ck_assert_int_eq(run(a), 0);
    ck_assert(exists(ini));
    const char *b[] = {"--headless", "--load", ini, "--steps", "5", "--csv", "-", NULL};
    ck_assert_msg(run(b) == 0, "%s", err_text);
    char *resumed = rows_from(out_text, 10);
    const char *c[] = {"--headless", "--steps", "15", "--csv", "-", opts[0], opts[1], opts[2], opts[3],
                       opts[4], opts[5], opts[6], opts[7], NULL};
    ck_assert_int_eq(run(c), 0);
    char *straight = rows_from(out_text, 10);
    ck_assert_int_eq(count_lines(resumed), 6);
    ck_assert_str_eq(resumed, straight);
    free(resumed);
    free(straight);
}
END_TEST

START_TEST(bad_session_file_exit_1)
{
    char ini[300], csv[300];
    path_in(ini, sizeof ini, "bad.ini");
    path_in(csv, sizeof csv, "out.csv");
    FILE *f = fopen(ini, "w");
    fputs("[network]\nhidden = 5\nactivation = logistic\n[task]\ntokens = nine\n", f);
    fclose(f);
    const char *a[] = {"--headless", "--load", ini, "--steps", "3", "--csv", csv, NULL};
    ck_assert_int_eq(run(a), 1);
    char want[400];
    snprintf(want, sizeof want, "backprop-lab: %s:5: tokens: 'nine' is not a whole number", ini);
    ck_assert_msg(strstr(err_text, want) != NULL, "%s", err_text);
    ck_assert(!exists(csv));
    const char *b[] = {"--headless", "--load", dir, NULL};
    ck_assert_int_eq(run(b), 1);
    ck_assert_ptr_nonnull(strstr(err_text, "is a directory"));
}
END_TEST

START_TEST(unwritable_outputs_exit_1)
{
    char csv[300], ini[300];
    path_in(csv, sizeof csv, "missing/out.csv");
    const char *a[] = {"--headless", "--steps", "3", "--csv", csv, NULL};
    ck_assert_int_eq(run(a), 1);
    ck_assert_msg(strstr(err_text, csv) != NULL, "%s", err_text);
    path_in(ini, sizeof ini, "missing/out.ini");
    const char *b[] = {"--headless", "--steps", "3", "--save", ini, NULL};
    ck_assert_int_eq(run(b), 1);
    ck_assert_msg(strstr(err_text, ini) != NULL, "%s", err_text);
}
END_TEST

START_TEST(divergence_exit_3)
{
    char ini[300];
    path_in(ini, sizeof ini, "after.ini");
    const char *a[] = {"--headless", "--lr", "100", "--steps", "1000", "--csv", "-", "--save", ini, NULL};
    ck_assert_int_eq(run(a), 3);
    ck_assert_msg(strstr(err_text, "diverged at step") != NULL, "%s", err_text);
    ck_assert(count_lines(out_text) >= 2 && count_lines(out_text) < 1002);
    ck_assert(exists(ini)); /* the last finite state is still saved */
    const char *b[] = {"--headless", "--load", ini, "--steps", "0", NULL};
    ck_assert_int_eq(run(b), 0);
}
END_TEST

START_TEST(screenshot_png)
{
    char png[300];
    path_in(png, sizeof png, "view.png");
    const char *a[] = {"--headless", "--steps", "20", "--screenshot", png, "--size", "640x400", NULL};
    ck_assert_msg(run(a) == 0, "%s", err_text);
    FILE *f = fopen(png, "rb");
    ck_assert_ptr_nonnull(f);
    unsigned char magic[8];
    ck_assert_uint_eq(fread(magic, 1, 8, f), 8);
    fclose(f);
    ck_assert_mem_eq(magic, "\x89PNG\r\n\x1a\n", 8);
    path_in(png, sizeof png, "missing/view.png");
    ck_assert_int_eq(run(a), 1);
    ck_assert_msg(strstr(err_text, png) != NULL, "%s", err_text);
}
END_TEST

/* --landscape renders the landscape page headless: a PNG, bigger than a page of the same size drawn as a
 * note would be (the heatmap's colours), written through io (a missing folder fails naming the file). */
START_TEST(landscape_png)
{
    char png[300], blank[300];
    path_in(png, sizeof png, "land.png");
    path_in(blank, sizeof blank, "note.png");
    const char *a[] = {"--steps", "50", "--landscape", png, "--size", "640x400", NULL};
    ck_assert_msg(run(a) == 0, "%s", err_text);
    FILE *f = fopen(png, "rb");
    ck_assert_ptr_nonnull(f);
    unsigned char magic[8];
    ck_assert_uint_eq(fread(magic, 1, 8, f), 8);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    ck_assert_mem_eq(magic, "\x89PNG\r\n\x1a\n", 8);
    const char *b[] = {"--headless", "--steps", "50", "--view", "sweep", "--screenshot", blank, "--size", "640x400", NULL};
    ck_assert_msg(run(b) == 0, "%s", err_text);
    f = fopen(blank, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long bsize = ftell(f);
    fclose(f);
    ck_assert_msg(size > bsize + 20000, "landscape %ld bytes, a page note %ld", size, bsize);
    path_in(png, sizeof png, "missing/land.png");
    ck_assert_int_eq(run(a), 1);
    ck_assert_msg(strstr(err_text, png) != NULL, "%s", err_text);
}
END_TEST

/* The value after "NAME " on a line of t, or NAN when no line starts with it. */
static double value_of(const char *t, const char *name)
{
    size_t n = strlen(name);
    for (const char *line = t; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (strncmp(line, name, n) == 0 && line[n] == ' ')
            return strtod(line + n + 1, NULL);
    return NAN;
}

START_TEST(report_stability_lines)
{
    const char *a[] = {"--report", "stability", NULL};
    ck_assert_msg(run(a) == 0, "%s", err_text);
    ck_assert_int_eq(count_lines(out_text), 2);
    ck_assert(strncmp(out_text, "lambda_max ", 11) == 0);
    double lam = value_of(out_text, "lambda_max"), eta_lam = value_of(out_text, "eta_lambda_max");
    /* the lecture's start: λ_max ≈ 2.516, and η = 0.02 */
    ck_assert_msg(fabs(lam - 2.5164458721727) < 1e-9, "%s", out_text);
    ck_assert(fabs(eta_lam - 0.02 * lam) <= 1e-15 * lam);
    /* after steps, at another η, the report comes after the CSV's rows */
    const char *b[] = {"--headless", "--lr", "0.5", "--steps", "4", "--csv", "-", "--report", "stability", NULL};
    ck_assert_msg(run(b) == 0, "%s", err_text);
    ck_assert_int_eq(count_lines(out_text), 1 + 5 + 2);
    ck_assert(strstr(out_text, "4,") < strstr(out_text, "lambda_max"));
    lam = value_of(out_text, "lambda_max");
    ck_assert(lam > 0 && fabs(value_of(out_text, "eta_lambda_max") - 0.5 * lam) <= 1e-15 * lam);
}
END_TEST

START_TEST(sweep_csv_reproducible)
{
    char a_csv[300], b_csv[300], c_csv[300];
    path_in(a_csv, sizeof a_csv, "a.csv");
    path_in(b_csv, sizeof b_csv, "b.csv");
    path_in(c_csv, sizeof c_csv, "c.csv");
    const char *a[] = {"--sweep", "--sweep-n", "1,2,4", "--restarts", "2", "--csv", a_csv, NULL};
    ck_assert_msg(run(a) == 0, "%s", err_text);
    double slope = value_of(out_text, "slope");
    ck_assert_msg(slope < -0.5, "%s", out_text);
    ck_assert_int_eq(count_lines(out_text), 1);
    const char *b[] = {"--sweep", "--sweep-n", "1,2,4", "--restarts", "2", "--csv", b_csv, NULL};
    ck_assert_msg(run(b) == 0, "%s", err_text);
    ck_assert(value_of(out_text, "slope") == slope);
    char *ta = slurp(a_csv), *tb = slurp(b_csv);
    ck_assert_ptr_nonnull(ta);
    ck_assert_str_eq(ta, tb); /* the same seed, the same bytes */
    ck_assert(strncmp(ta, "N,restart,steps,train_loss,true_error\n", 38) == 0);
    ck_assert_int_eq(count_lines(ta), 1 + 3 * 2);
    ck_assert(strstr(ta, "\n4,2,") != NULL);
    const char *c[] = {"--sweep", "--sweep-n", "1,2,4", "--restarts", "2", "--seed", "2", "--csv", c_csv, NULL};
    ck_assert_msg(run(c) == 0, "%s", err_text);
    char *tc = slurp(c_csv);
    ck_assert_str_ne(ta, tc); /* another seed, other starts */
    free(ta);
    free(tb);
    free(tc);
    /* a grid needs a square number of tokens: refused before any file is written */
    char d_csv[300];
    path_in(d_csv, sizeof d_csv, "d.csv");
    const char *d[] = {"--sweep", "--tokens", "250", "--csv", d_csv, NULL};
    ck_assert_int_eq(run(d), 2);
    ck_assert_msg(strstr(err_text, "tokens = 250") != NULL, "%s", err_text);
    ck_assert(!exists(d_csv));
}
END_TEST

/* The universal scene headless: it trains, saves [scene] and its keys, resumes exactly, and the window
 * says it does not draw it yet. */
START_TEST(universal_scene_headless)
{
    char one[300], half[300], rest[300], all[300];
    path_in(one, sizeof one, "u.ini");
    path_in(half, sizeof half, "half.ini");
    path_in(rest, sizeof rest, "rest.ini");
    path_in(all, sizeof all, "all.ini");
    const char *a[] = {"--scene", "universal", "--target", "disc", "--headless", "--steps", "400", "--every", "400",
                       "--csv", "-", "--save", one, NULL};
    ck_assert_msg(run(a) == 0, "%s", err_text);
    double first = strtod(strchr(out_text, '\n') + 3, NULL), last = strtod(strrchr(out_text, ',') + 1, NULL);
    ck_assert_msg(last < first, "%s", out_text);
    char *text = slurp(one);
    ck_assert(strstr(text, "[scene]\nname = universal\n") && strstr(text, "target = disc\n") &&
              strstr(text, "preset = random-start\n"));
    free(text);
    /* 200 + save + load + 200 gives the same file as 400 in one go, for adam */
    const char *b[] = {"--scene", "universal", "--optimizer", "adam", "--lr", "0.01", "--headless", "--steps", "200",
                       "--save", half, NULL};
    ck_assert_msg(run(b) == 0, "%s", err_text);
    const char *c[] = {"--load", half, "--headless", "--steps", "200", "--save", rest, NULL};
    ck_assert_msg(run(c) == 0, "%s", err_text);
    const char *d[] = {"--scene", "universal", "--optimizer", "adam", "--lr", "0.01", "--headless", "--steps", "400",
                       "--save", all, NULL};
    ck_assert_msg(run(d) == 0, "%s", err_text);
    char *tr = slurp(rest), *ta = slurp(all);
    ck_assert_str_eq(tr, ta);
    free(tr);
    free(ta);
    /* the file's scene wins; a --scene that contradicts it is refused */
    const char *e[] = {"--load", one, "--scene", "semicircle", "--headless", NULL};
    ck_assert_int_eq(run(e), 2);
    ck_assert_msg(strstr(err_text, "holds the scene universal"), "%s", err_text);
    /* the window takes it (its train page is the maps): with no video driver to be had, it gets as far
     * as opening a window, past where it used to refuse the scene */
    const char *f[] = {"--scene", "universal", NULL};
    const char *drv = getenv("SDL_VIDEODRIVER");
    char *saved = drv ? strdup(drv) : NULL;
    setenv("SDL_VIDEODRIVER", "no-such-driver", 1);
    ck_assert_int_eq(run(f), 1);
    ck_assert_msg(strstr(err_text, "cannot open a window") && !strstr(err_text, "draws the semicircle"), "%s",
                  err_text);
    if (saved)
        setenv("SDL_VIDEODRIVER", saved, 1);
    else
        unsetenv("SDL_VIDEODRIVER");
    free(saved);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PATH-OF-backprop-lab\n", argv[0]);
        return EXIT_FAILURE;
    }
    exe = argv[1];
    Suite *s = suite_create("exe");
    TCase *tc = tcase_create("exe");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, bad_flags_exit_2, 0, (int)(sizeof bad_tail / sizeof bad_tail[0]));
    tcase_add_test(tc, contradiction_without_headless);
    tcase_add_test(tc, help_and_version);
    tcase_add_test(tc, csv_to_stdout);
    tcase_add_test(tc, csv_every_k_and_last);
    tcase_add_test(tc, save_then_load_continues_exactly);
    tcase_add_test(tc, bad_session_file_exit_1);
    tcase_add_test(tc, unwritable_outputs_exit_1);
    tcase_add_test(tc, divergence_exit_3);
    tcase_add_test(tc, screenshot_png);
    tcase_add_test(tc, report_stability_lines);
    tcase_add_test(tc, sweep_csv_reproducible);
    tcase_add_test(tc, universal_scene_headless);
    tcase_add_test(tc, landscape_png);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
