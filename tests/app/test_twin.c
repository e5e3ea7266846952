/* test_twin: the headless twin run (--twin KEY=VALUE, [twin] files) as a user runs it, and its labels.
 * Single-threaded test binary; argv[1] is the path of backprop-lab (meson passes it).
 * Invariants: every case works in its own fresh directory; the exit status is the verdict. */
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

#include "app/twin.h"
#include "session/session.h"
#include "train/twin.h"

#define MAX_ARGS 24
#define MAX_ROWS 64

extern char **environ;
static const char *exe;
static char dir[256], out_path[300], err_path[300];
static char *out_text, *err_text;

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/bpl-twin-XXXXXX", tmp && *tmp ? tmp : "/tmp");
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

/* Runs the program with the words after its name; stdout and stderr land in out_text, err_text. */
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

/* The rows of a twin CSV on stdout, as text: the two loss cells of row i in a[i], b[i]. */
typedef struct {
    int n;
    long long step[MAX_ROWS];
    char a[MAX_ROWS][32], b[MAX_ROWS][32];
} rows;

static void read_rows(const char *text, rows *r)
{
    ck_assert_msg(strncmp(text, "step,loss_a,loss_b\n", 19) == 0, "header: %.40s", text);
    const char *p = text + 19;
    r->n = 0;
    while (*p) {
        ck_assert_int_lt(r->n, MAX_ROWS);
        const char *c1 = strchr(p, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL, *nl = strchr(p, '\n');
        ck_assert(c1 && c2 && nl && c2 < nl);
        r->step[r->n] = atoll(p);
        snprintf(r->a[r->n], sizeof r->a[0], "%.*s", (int)(c2 - c1 - 1), c1 + 1);
        snprintf(r->b[r->n], sizeof r->b[0], "%.*s", (int)(nl - c2 - 1), c2 + 1);
        r->n++;
        p = nl + 1;
    }
}

START_TEST(same_setting_same_columns)
{
    /* the default η is 0.02, adam is given on both sides: each twin is its base run bit for bit */
    const char *cases[][8] = {
        {"--headless", "--steps", "40", "--twin", "lr=0.02", "--csv", "-", NULL},
        {"--headless", "--steps", "40", "--optimizer", "adam", "--twin", "opt=adam", NULL},
        {"--headless", "--steps", "40", "--twin", "freeze=all", "--csv", "-", NULL},
    };
    for (int c = 0; c < 3; c++) {
        const char *a[12];
        int n = 0;
        for (int i = 0; cases[c][i]; i++)
            a[n++] = cases[c][i];
        if (c == 1) {
            a[n++] = "--csv";
            a[n++] = "-";
        }
        a[n] = NULL;
        ck_assert_int_eq(run(a), 0);
        rows r;
        read_rows(out_text, &r);
        ck_assert_int_eq(r.n, 41);
        for (int i = 0; i < r.n; i++) {
            ck_assert_int_eq(r.step[i], i);
            ck_assert_str_eq(r.a[i], r.b[i]); /* %.17g: equal text is equal doubles */
        }
        ck_assert_str_ne(r.a[0], r.a[40]); /* and the runs did train */
    }
}
END_TEST

START_TEST(other_lr_same_start_other_path)
{
    const char *a[] = {"--headless", "--steps", "30", "--every", "10", "--twin", "lr=0.05", "--csv", "-", NULL};
    ck_assert_int_eq(run(a), 0);
    rows r;
    read_rows(out_text, &r);
    ck_assert_int_eq(r.n, 4);
    ck_assert_str_eq(r.a[0], r.b[0]); /* the same weights at step 0 */
    for (int i = 1; i < r.n; i++) {
        ck_assert_int_eq(r.step[i], 10 * i);
        ck_assert_str_ne(r.a[i], r.b[i]);
        ck_assert(strtod(r.b[i], NULL) < strtod(r.a[i], NULL)); /* a larger stable η descends faster here */
    }
    /* run a is the plain run: its column is the single run's loss column */
    const char *single[] = {"--headless", "--steps", "30", "--every", "10", "--csv", "-", NULL};
    char a_col[4][32];
    for (int i = 0; i < 4; i++)
        snprintf(a_col[i], sizeof a_col[i], "%s", r.a[i]);
    ck_assert_int_eq(run(single), 0);
    const char *p = out_text + strlen("step,loss\n");
    for (int i = 0; i < 4; i++) {
        const char *c = strchr(p, ','), *nl = strchr(p, '\n');
        ck_assert(c && nl);
        ck_assert_int_eq((int)(nl - c - 1), (int)strlen(a_col[i]));
        ck_assert(strncmp(c + 1, a_col[i], strlen(a_col[i])) == 0);
        p = nl + 1;
    }
}
END_TEST

START_TEST(diverged_run_stops_alone)
{
    const char *a[] = {"--headless", "--steps", "200", "--every", "50", "--twin", "lr=50", "--csv", "-", NULL};
    ck_assert_int_eq(run(a), 3);
    rows r;
    read_rows(out_text, &r);
    ck_assert_int_eq(r.n, 5);
    ck_assert_str_eq(r.b[r.n - 1], "");  /* b diverged: its cells are empty */
    ck_assert_str_ne(r.a[r.n - 1], "");  /* a went on to the end */
    ck_assert_int_eq(r.step[r.n - 1], 200);
    ck_assert_ptr_nonnull(strstr(err_text, "run b (\xce\xb7 = 50) diverged"));
}
END_TEST

/* Bad keys and values: exit 2, the flag named, nothing written. */
static const struct {
    const char *arg, *want;
} bad[] = {
    {"eta=0.1", "--twin: unknown setting 'eta' (allowed lr, opt, act, hidden, gain, freeze)"},
    {"lr", "--twin: 'lr' is not KEY=VALUE"},
    {"=1", "--twin: '=1' is not KEY=VALUE"},
    {"lr=0", "--twin: lr: '0' is not allowed (allowed 1e-06..100)"},
    {"lr=nan", "--twin: lr: 'nan' is not allowed"},
    {"opt=sgd", "--twin: opt: 'sgd' is not allowed (allowed gd, momentum, adam, lbfgs)"},
    {"act=sigmoid", "--twin: act: 'sigmoid' is not allowed"},
    {"hidden=257", "--twin: hidden: '257' is not allowed (allowed 1..256)"},
    {"gain=0.01", "--twin: gain: '0.01' is not allowed"},
    {"freeze=layer3", "--twin: freeze: 'layer3' is not allowed (allowed all, layer1, layer2, unit1..unit256)"},
    {"freeze=unit9", "--twin freeze=unit9: the run has 5 hidden units"},
};

START_TEST(bad_twin_refused)
{
    char csv[300];
    snprintf(csv, sizeof csv, "%s/out.csv", dir);
    const char *a[] = {"--headless", "--steps", "3", "--twin", bad[_i].arg, "--csv", csv, NULL};
    ck_assert_int_eq(run(a), 2);
    ck_assert_msg(strstr(err_text, bad[_i].want) != NULL, "%s: got %s", bad[_i].arg, err_text);
    ck_assert_int_ne(access(csv, F_OK), 0);
}
END_TEST

/* --screenshot draws run b as a ghost: the picture differs from run a's alone, and only by that. */
START_TEST(screenshot_shows_the_twin)
{
    char one[300], two[300];
    snprintf(one, sizeof one, "%s/one.png", dir);
    snprintf(two, sizeof two, "%s/two.png", dir);
    const char *a[] = {"--headless", "--steps", "20", "--screenshot", one, "--size", "640x400", NULL};
    const char *b[] = {"--headless", "--steps", "20", "--twin", "opt=adam", "--screenshot", two, "--size", "640x400",
                       NULL};
    ck_assert_int_eq(run(a), 0);
    ck_assert_int_eq(run(b), 0);
    char *pa = slurp(one), *pb = slurp(two);
    ck_assert_ptr_nonnull(pa);
    ck_assert_ptr_nonnull(pb);
    ck_assert(strncmp(pb, "\x89PNG", 4) == 0);
    struct stat sa, sb;
    ck_assert_int_eq(stat(one, &sa), 0);
    ck_assert_int_eq(stat(two, &sb), 0);
    ck_assert(sa.st_size > 1000 && sb.st_size > 1000);
    ck_assert(sa.st_size != sb.st_size || memcmp(pa, pb, (size_t)sa.st_size) != 0);
    free(pa);
    free(pb);
}
END_TEST

/* The window draws one run: --twin without --headless is refused before any window opens. */
START_TEST(twin_window_csv_needs_headless)
{
    /* the window takes a twin (run b drawn as a ghost), but its CSV of both losses is headless */
    const char *a[] = {"--twin", "lr=0.5", "--csv", "-", NULL};
    ck_assert_int_eq(run(a), 2);
    ck_assert_ptr_nonnull(strstr(err_text, "--csv needs --headless"));
    ck_assert_ptr_null(strstr(err_text, "--twin"));
}
END_TEST

START_TEST(saved_twin_reopens_as_twin)
{
    char ini[300];
    snprintf(ini, sizeof ini, "%s/twin.ini", dir);
    const char *first[] = {"--headless", "--steps", "20", "--twin", "opt=adam", "--save", ini, "--csv", "-", NULL};
    ck_assert_int_eq(run(first), 0);
    char *text = slurp(ini);
    ck_assert_ptr_nonnull(strstr(text, "[twin]"));
    ck_assert_ptr_nonnull(strstr(text, "\nopt = adam\n"));
    free(text);
    /* reopened: a twin again, both from run a's weights at step 20 */
    const char *again[] = {"--headless", "--load", ini, "--steps", "5", "--csv", "-", NULL};
    ck_assert_int_eq(run(again), 0);
    rows r;
    read_rows(out_text, &r);
    ck_assert_int_eq(r.n, 6);
    ck_assert_int_eq(r.step[0], 20);
    ck_assert_str_eq(r.a[0], r.b[0]);
    ck_assert_str_ne(r.a[5], r.b[5]);
    /* --twin on the command line takes the file's place */
    const char *over[] = {"--headless", "--load", ini, "--steps", "5", "--twin", "lr=0.02", "--csv", "-", NULL};
    ck_assert_int_eq(run(over), 0);
    read_rows(out_text, &r);
    ck_assert_str_eq(r.a[5], r.b[5]);
}
END_TEST

START_TEST(twin_commands_and_labels)
{
    session *s = malloc(sizeof *s);
    session_default(s);
    session_twin t;
    char why[200], buf[64];
    train_cmd c;
    ck_assert_int_eq(session_twin_parse("lr=0.02", &t, why, (int)sizeof why), 0);
    ck_assert_int_eq(train_twin_cmd(&t, s, &c), 0); /* the default η already */
    ck_assert_int_eq(session_twin_parse("lr=0.5", &t, why, (int)sizeof why), 0);
    ck_assert_int_eq(train_twin_cmd(&t, s, &c), 1);
    ck_assert_int_eq(c.type, TRAIN_CMD_SET_LR);
    ck_assert(c.a == 0.5);
    session_twin_label(&t, buf, (int)sizeof buf);
    ck_assert_str_eq(buf, "\xce\xb7 = 0.5");
    app_twin_base_label(&t, s, buf, (int)sizeof buf);
    ck_assert_str_eq(buf, "\xce\xb7 = 0.02");
    ck_assert_int_eq(session_twin_parse("opt=adam", &t, why, (int)sizeof why), 0);
    ck_assert_int_eq(train_twin_cmd(&t, s, &c), 1);
    ck_assert_int_eq(c.type, TRAIN_CMD_SET_OPT);
    ck_assert_int_eq(c.i, NN_OPT_ADAM);
    session_twin_label(&t, buf, (int)sizeof buf);
    ck_assert_str_eq(buf, "Adam");
    app_twin_base_label(&t, s, buf, (int)sizeof buf);
    ck_assert_str_eq(buf, "gd");
    ck_assert_int_eq(session_twin_parse("freeze=unit2", &t, why, (int)sizeof why), 0);
    ck_assert_int_eq(train_twin_cmd(&t, s, &c), 1);
    ck_assert_int_eq(c.type, TRAIN_CMD_SET_FREEZE);
    ck_assert_int_eq(c.i, 0);
    ck_assert_int_eq(c.j, 1);
    session_twin_format_value(&t, buf, (int)sizeof buf);
    ck_assert_str_eq(buf, "unit2");
    ck_assert_int_eq(session_twin_parse("hidden=5", &t, why, (int)sizeof why), 0);
    ck_assert_int_eq(train_twin_cmd(&t, s, &c), 0); /* lecture-start has 5 units */
    free(s);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PATH-OF-backprop-lab\n", argv[0]);
        return EXIT_FAILURE;
    }
    exe = argv[1];
    Suite *s = suite_create("twin");
    TCase *tc = tcase_create("twin");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, same_setting_same_columns);
    tcase_add_test(tc, other_lr_same_start_other_path);
    tcase_add_test(tc, diverged_run_stops_alone);
    tcase_add_loop_test(tc, bad_twin_refused, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, twin_window_csv_needs_headless);
    tcase_add_test(tc, screenshot_shows_the_twin);
    tcase_add_test(tc, saved_twin_reopens_as_twin);
    tcase_add_test(tc, twin_commands_and_labels);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
