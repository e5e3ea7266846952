/* test_resume: headless runs split by --save and --load, through the built program, against the
 * unbroken run: the same session file byte for byte, the same divergence step, the step limit refused.
 * Single-threaded test binary; it spawns the program given as its argument.
 * Invariants: every case works in its own fresh directory; no case depends on how fast a run is. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *exe;
static char dir[256], err_path[300];

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/bpl-resume-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
    snprintf(err_path, sizeof err_path, "%s/stderr", dir);
}

static void teardown(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void path_in(char *buf, size_t len, const char *name) { snprintf(buf, len, "%s/%s", dir, name); }

/* The whole file in a malloc'd NUL-terminated buffer, or NULL when it cannot be read. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    ck_assert_ptr_nonnull(buf);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Runs the program with the NULL-terminated words (stdout to /dev/null, stderr to err_path);
 * returns the exit status, or 128 + the signal. */
static int run(const char *const *words)
{
    char *argv[32];
    int argc = 0;
    argv[argc++] = (char *)exe;
    for (int i = 0; words[i]; i++) {
        ck_assert_int_lt(argc, 31);
        argv[argc++] = (char *)words[i];
    }
    argv[argc] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    int rc = posix_spawn(&pid, exe, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    ck_assert_msg(rc == 0, "spawn %s: %s", exe, strerror(rc));
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void assert_same_file(const char *a, const char *b, const char *what)
{
    char *ta = slurp(a), *tb = slurp(b);
    ck_assert_msg(ta && tb, "%s: a file is missing", what);
    ck_assert_msg(strcmp(ta, tb) == 0, "%s: the resumed session differs from the unbroken one:\n%s\n----\n%s", what,
                  ta, tb);
    free(ta);
    free(tb);
}

static const char *const opts[] = {"gd", "momentum", "adam", "lbfgs"};
static const char *const acts[] = {"logistic", "tanh", "relu", "step", "signum"};

/* --steps 2K --save whole.ini against --steps K --save half.ini, then --load half.ini --steps K:
 * the two final files are the same bytes (weights, optimizer state, step, reference). */
START_TEST(split_headless_run_equals_unbroken_run)
{
    const char *opt = opts[_i / 5], *act = acts[_i % 5];
    char whole[300], half[300], resumed[300], what[64];
    path_in(whole, sizeof whole, "whole.ini");
    path_in(half, sizeof half, "half.ini");
    path_in(resumed, sizeof resumed, "resumed.ini");
    snprintf(what, sizeof what, "%s %s", opt, act);
    const char *a[] = {"--headless", "--optimizer", opt, "--activation", act, "--lr", "0.01", "--steps", "30",
                       "--save", whole, NULL};
    ck_assert_int_eq(run(a), 0);
    const char *b[] = {"--headless", "--optimizer", opt, "--activation", act, "--lr", "0.01", "--steps", "15",
                       "--save", half, NULL};
    ck_assert_int_eq(run(b), 0);
    const char *c[] = {"--headless", "--load", half, "--steps", "15", "--save", resumed, NULL};
    ck_assert_int_eq(run(c), 0);
    assert_same_file(whole, resumed, what);
}
END_TEST

/* A run with --lr 10 diverges at the same step whether or not it was saved and resumed on the way. */
START_TEST(resumed_run_diverges_at_the_same_step)
{
    char whole[300], half[300], resumed[300];
    path_in(whole, sizeof whole, "whole.ini");
    path_in(half, sizeof half, "half.ini");
    path_in(resumed, sizeof resumed, "resumed.ini");
    const char *a[] = {"--headless", "--lr", "10", "--steps", "100", "--save", whole, NULL};
    ck_assert_int_eq(run(a), 3);
    char *msg_whole = slurp(err_path);
    const char *b[] = {"--headless", "--lr", "10", "--steps", "2", "--save", half, NULL};
    ck_assert_int_eq(run(b), 0);
    const char *c[] = {"--headless", "--load", half, "--steps", "98", "--save", resumed, NULL};
    ck_assert_int_eq(run(c), 3);
    char *msg_resumed = slurp(err_path);
    ck_assert_ptr_nonnull(strstr(msg_whole, "diverged at step"));
    ck_assert_str_eq(msg_whole, msg_resumed);
    assert_same_file(whole, resumed, "lr 10");
    free(msg_whole);
    free(msg_resumed);
}
END_TEST

/* A session two steps short of the step counter's limit: --steps 5 is refused (status 2, the limit
 * named, no output touched); --steps 2 runs. */
START_TEST(step_limit_is_refused_not_silent)
{
    char start[300], cap[300], csv[300];
    path_in(start, sizeof start, "start.ini");
    path_in(cap, sizeof cap, "cap.ini");
    path_in(csv, sizeof csv, "cap.csv");
    const char *a[] = {"--headless", "--save", start, NULL};
    ck_assert_int_eq(run(a), 0);
    char *text = slurp(start);
    ck_assert_ptr_nonnull(text);
    char *at = strstr(text, "\nstep = 0\n");
    ck_assert_ptr_nonnull(at);
    FILE *f = fopen(cap, "wb");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "%.*s\nstep = 999999999999998\n%s", (int)(at - text), text, at + strlen("\nstep = 0\n"));
    ck_assert_int_eq(fclose(f), 0);
    free(text);
    const char *b[] = {"--headless", "--load", cap, "--steps", "5", "--csv", csv, NULL};
    ck_assert_int_eq(run(b), 2);
    char *msg = slurp(err_path);
    ck_assert_msg(strstr(msg, "--steps 5") && strstr(msg, "1000000000000000") && strstr(msg, "0..2"), "%s", msg);
    free(msg);
    struct stat st;
    ck_assert_int_ne(stat(csv, &st), 0);
    const char *c[] = {"--headless", "--load", cap, "--steps", "2", "--csv", csv, NULL};
    ck_assert_int_eq(run(c), 0);
    char *rows = slurp(csv);
    ck_assert_msg(strstr(rows, "\n1000000000000000,") != NULL, "%s", rows);
    free(rows);
}
END_TEST

/* The universal scene through the program: a file naming it, run whole and split by --save/--load, ends
 * in the same bytes for every optimizer (the saved [scene], [task] keys, weights, state, rng). */
START_TEST(universal_split_run_equals_unbroken_run)
{
    const char *opt = opts[_i];
    char start[300], whole[300], half[300], resumed[300];
    path_in(start, sizeof start, "start.ini");
    path_in(whole, sizeof whole, "whole.ini");
    path_in(half, sizeof half, "half.ini");
    path_in(resumed, sizeof resumed, "resumed.ini");
    FILE *f = fopen(start, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "[scene]\nname = universal\n[network]\nhidden = 6\nactivation = tanh\n[task]\ntokens = 64\n"
               "target = disc\nlayout = random\nnoise = 0.1\nseed = 5\n[train]\npreset = random-start\n"
               "optimizer = %s\nlearning_rate = 0.05\nstep = 0\n", opt);
    ck_assert_int_eq(fclose(f), 0);
    const char *a[] = {"--headless", "--load", start, "--steps", "30", "--save", whole, NULL};
    ck_assert_int_eq(run(a), 0);
    const char *b[] = {"--headless", "--load", start, "--steps", "15", "--save", half, NULL};
    ck_assert_int_eq(run(b), 0);
    const char *c[] = {"--headless", "--load", half, "--steps", "15", "--save", resumed, NULL};
    ck_assert_int_eq(run(c), 0);
    assert_same_file(whole, resumed, opt);
    char *text = slurp(whole);
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(strstr(text, "[scene]\nname = universal\n"));
    ck_assert_ptr_nonnull(strstr(text, "target = disc\nlayout = random\nnoise = 0.10000000000000001\n"));
    ck_assert_ptr_nonnull(strstr(text, "step = 30\n"));
    free(text);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PROGRAM\n", argv[0]);
        return EXIT_FAILURE;
    }
    exe = argv[1];
    Suite *s = suite_create("resume");
    TCase *tc = tcase_create("resume");
    tcase_set_timeout(tc, 0); /* meson's (scaled) timeout governs */
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, split_headless_run_equals_unbroken_run, 0, 20);
    tcase_add_test(tc, resumed_run_diverges_at_the_same_step);
    tcase_add_test(tc, step_limit_is_refused_not_silent);
    tcase_add_loop_test(tc, universal_split_run_equals_unbroken_run, 0, 4);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
