/* Bad session files through the built program: `backprop-lab --headless --load FILE --steps 5
 * --csv rows.csv --save new.ini` must exit 1, name the file (and the line, for what is in it) on
 * stderr, and leave the output files as they were (rows.csv untouched, new.ini not created). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nn/rng.h"
#include "runexe.h"

static const char *exe;
static char top[256];

/* A complete, valid session: 5 units. Cases replace, delete or insert lines (numbered from 1). */
static const char *const base[] = {
    "[network]",                          /* 1 */
    "hidden = 5",                         /* 2 */
    "activation = logistic",              /* 3 */
    "[task]",                             /* 4 */
    "tokens = 9",                         /* 5 */
    "theta_min = -1.5707963267948966",    /* 6 */
    "theta_max = 1.5707963267948966",     /* 7 */
    "radius_jitter = 0",                  /* 8 */
    "noise = 0",                          /* 9 */
    "seed = 1",                           /* 10 */
    "[train]",                            /* 11 */
    "optimizer = gd",                     /* 12 */
    "learning_rate = 0.02",               /* 13 */
    "step = 0",                           /* 14 */
    "[output]",                           /* 15 */
    "b = -0.32 1.5",                      /* 16 */
    "[unit 1]", "w1 = 0.5 0", "b1 = 0", "w2 = 0.32 0",      /* 17-20 */
    "[unit 2]", "w1 = 0.6 0.1", "b1 = 0", "w2 = 0.1 0.2",   /* 21-24 */
    "[unit 3]", "w1 = 0.4 -0.2", "b1 = 0", "w2 = -0.3 0.5", /* 25-28 */
    "[unit 4]", "w1 = 0.9 0.3", "b1 = 0", "w2 = 0.2 -0.1",  /* 29-32 */
    "[unit 5]", "w1 = 0.2 0.8", "b1 = 0", "w2 = 0.4 0.4",   /* 33-36 */
};
#define BASE_LINES (int)(sizeof base / sizeof base[0])

enum { REPLACE, DELETE, INSERT }; /* INSERT puts text before line `at` */

typedef struct {
    const char *what;
    int op, at, count; /* count: lines deleted (DELETE) */
    const char *text;
    int line; /* the line the message must name; 0: any line */
} edit_case;

static const edit_case edits[] = {
    {"hidden out of range (0)", REPLACE, 2, 1, "hidden = 0", 2},
    {"hidden out of range (257)", REPLACE, 2, 1, "hidden = 257", 2},
    {"hidden not a number", REPLACE, 2, 1, "hidden = 5x", 2},
    {"hidden negative", REPLACE, 2, 1, "hidden = -5", 2},
    {"units beyond hidden", REPLACE, 2, 1, "hidden = 3", 29},
    {"a unit missing (hidden larger)", REPLACE, 2, 1, "hidden = 6", 0},
    {"a unit missing (section gone)", DELETE, 25, 4, NULL, 0},
    {"a unit duplicated", REPLACE, 25, 1, "[unit 2]", 25},
    {"unit number zero", REPLACE, 25, 1, "[unit 0]", 25},
    {"unit number huge", REPLACE, 25, 1, "[unit 99999999999999999999]", 25},
    {"tokens out of range (1)", REPLACE, 5, 1, "tokens = 1", 5},
    {"tokens out of range (4097)", REPLACE, 5, 1, "tokens = 4097", 5},
    {"tokens not whole", REPLACE, 5, 1, "tokens = 9.5", 5},
    {"too few numbers (w1)", REPLACE, 18, 1, "w1 = 0.5", 18},
    {"too many numbers (w2)", REPLACE, 20, 1, "w2 = 0.32 0 7", 20},
    {"too few numbers (b)", REPLACE, 16, 1, "b = 1", 16},
    {"too many numbers (b1)", REPLACE, 19, 1, "b1 = 1 2", 19},
    {"no number at all", REPLACE, 19, 1, "b1 =", 19},
    {"not finite (inf)", REPLACE, 19, 1, "b1 = inf", 19},
    {"not finite (nan)", REPLACE, 13, 1, "learning_rate = nan", 13},
    {"not finite (overflow)", REPLACE, 18, 1, "w1 = 1e999 0", 18},
    {"not finite (-inf)", REPLACE, 6, 1, "theta_min = -inf", 6},
    {"not a number", REPLACE, 13, 1, "learning_rate = fast", 13},
    {"learning rate zero", REPLACE, 13, 1, "learning_rate = 0", 13},
    {"learning rate huge", REPLACE, 13, 1, "learning_rate = 1e9", 13},
    {"step negative", REPLACE, 14, 1, "step = -1", 14},
    {"unknown activation", REPLACE, 3, 1, "activation = sigmoidal", 3},
    {"unknown optimizer", REPLACE, 12, 1, "optimizer = sgd", 12},
    {"unknown key", INSERT, 4, 0, "colour = blue", 4},
    {"unknown section", REPLACE, 15, 1, "[outputs]", 15},
    {"duplicate key", INSERT, 4, 0, "hidden = 5", 4},
    {"syntax error", INSERT, 4, 0, "this line has no equals sign", 4},
    {"missing section [train]", DELETE, 11, 4, NULL, 0},
    {"missing section [task]", DELETE, 4, 7, NULL, 0},
    {"missing section [network]", DELETE, 1, 3, NULL, 0},
    {"missing key (tokens)", DELETE, 5, 1, NULL, 0},
    {"[output] without units", DELETE, 17, 20, NULL, 0},
    {"line over the parser's limit", REPLACE, 18, 1,
     "w1 = 0.5                                                                                            "
     "                                                                                                    "
     "                                                                                                    "
     "0",
     18},
    {"binary byte inside a line", REPLACE, 5, 1, "tokens = 9\x01", 5},
};
#define N_EDITS (int)(sizeof edits / sizeof edits[0])

static char *base_with(const edit_case *e, size_t *len)
{
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    ck_assert(buf);
    for (int l = 1; l <= BASE_LINES + 1; l++) {
        const char *line = l <= BASE_LINES ? base[l - 1] : NULL;
        if (e && l == e->at) {
            if (e->op == INSERT || e->op == REPLACE)
                n += (size_t)snprintf(buf + n, cap - n, "%s\n", e->text);
            if (e->op == DELETE && e->count > 1)
                l += e->count - 1;
            if (e->op != INSERT)
                continue;
        }
        if (line)
            n += (size_t)snprintf(buf + n, cap - n, "%s\n", line);
    }
    *len = n;
    return buf;
}

/* A fresh case directory holding rows.csv (old bytes, old mtime); returns its path in dir. */
static void case_dir(char *dir, size_t len, int index)
{
    snprintf(dir, len, "%s/case-%03d", top, index);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    char rows[600];
    snprintf(rows, sizeof rows, "%s/rows.csv", dir);
    rel_write(rows, "old rows\n", 9);
    struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
    ck_assert_int_eq(utimensat(AT_FDCWD, rows, old, 0), 0);
}

/* Runs the program on file; it must fail with status 1 naming file (and line when line_wanted:
 * the exact line when line > 0), and leave the directory as it was. */
static void expect_rejected(const char *dir, const char *file, int line_wanted, int line, const char *what)
{
    char before[8192], after[8192];
    rel_dir_state(dir, before, sizeof before);
    char *argv[] = {(char *)exe, "--headless", "--load", (char *)file, "--steps", "5", "--csv", "rows.csv",
                    "--save", "new.ini", NULL};
    static rel_result r;
    ck_assert_int_eq(rel_run(dir, argv, &r), 0);
    ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 1, "%s: %s, stderr: %s", what,
                  rel_status_text(r.status), r.err);
    const char *at = strstr(r.err, file);
    ck_assert_msg(at != NULL, "%s: stderr does not name %s: %s", what, file, r.err);
    if (line_wanted) {
        const char *p = at + strlen(file);
        char *end;
        long got = *p == ':' ? strtol(p + 1, &end, 10) : -1;
        ck_assert_msg(got >= 1 && *end == ':', "%s: stderr does not name a line as %s:LINE: : %s", what, file,
                      r.err);
        if (line > 0)
            ck_assert_msg(got == line, "%s: names line %ld, expected %d: %s", what, got, line, r.err);
    }
    rel_dir_state(dir, after, sizeof after);
    ck_assert_msg(strcmp(before, after) == 0, "%s: output files touched.\nbefore:\n%safter:\n%s", what, before,
                  after);
}


START_TEST(test_valid_base_file_runs)
{
    /* the harness itself: the unedited file loads, and then the outputs are written */
    char dir[512], file[600], path[700];
    case_dir(dir, sizeof dir, 0);
    size_t len;
    char *text = base_with(NULL, &len);
    snprintf(file, sizeof file, "%s/session.ini", dir);
    rel_write(file, text, len);
    free(text);
    char *argv[] = {(char *)exe, "--headless", "--load", file, "--steps", "5", "--csv", "rows.csv",
                    "--save", "new.ini", NULL};
    static rel_result r;
    ck_assert_int_eq(rel_run(dir, argv, &r), 0);
    ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s: %s", rel_status_text(r.status), r.err);
    snprintf(path, sizeof path, "%s/new.ini", dir);
    ck_assert_msg(access(path, F_OK) == 0, "--save did not write %s", path);
    struct stat st;
    snprintf(path, sizeof path, "%s/rows.csv", dir);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_msg(st.st_size > 9, "--csv did not rewrite rows.csv");
}
END_TEST

START_TEST(test_edited_file)
{
    const edit_case *e = &edits[_i];
    char dir[512], file[600];
    case_dir(dir, sizeof dir, _i + 1);
    size_t len;
    char *text = base_with(e, &len);
    snprintf(file, sizeof file, "%s/session.ini", dir);
    rel_write(file, text, len);
    free(text);
    expect_rejected(dir, file, 1, e->line, e->what);
}
END_TEST

START_TEST(test_empty_file)
{
    char dir[512], file[600];
    case_dir(dir, sizeof dir, 100);
    snprintf(file, sizeof file, "%s/empty.ini", dir);
    rel_write(file, "", 0);
    expect_rejected(dir, file, 1, 0, "empty file");
}
END_TEST

START_TEST(test_binary_garbage)
{
    char dir[512], file[600];
    case_dir(dir, sizeof dir, 101);
    unsigned char junk[4096];
    nn_rng r;
    nn_rng_seed(&r, 99);
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)nn_rng_u64(&r);
    snprintf(file, sizeof file, "%s/garbage.ini", dir);
    rel_write(file, junk, sizeof junk);
    expect_rejected(dir, file, 1, 0, "binary garbage");
    /* something that looks like a program */
    static const unsigned char elf[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0};
    snprintf(file, sizeof file, "%s/program.ini", dir);
    rel_write(file, elf, sizeof elf);
    expect_rejected(dir, file, 1, 0, "an ELF header");
}
END_TEST

START_TEST(test_huge_line)
{
    char dir[512], file[600];
    case_dir(dir, sizeof dir, 102);
    size_t n = 1 << 20;
    char *text = malloc(n + 64);
    ck_assert(text);
    int head = snprintf(text, 64, "[network]\nhidden = ");
    memset(text + head, '5', n);
    memcpy(text + head + n, "\n", 2);
    snprintf(file, sizeof file, "%s/long.ini", dir);
    rel_write(file, text, strlen(text));
    free(text);
    expect_rejected(dir, file, 1, 2, "a 1 MiB line");
}
END_TEST

START_TEST(test_directory)
{
    char dir[512], file[600];
    case_dir(dir, sizeof dir, 103);
    snprintf(file, sizeof file, "%s/a-directory.ini", dir);
    ck_assert_int_eq(mkdir(file, 0700), 0);
    expect_rejected(dir, file, 0, 0, "a directory");
}
END_TEST

START_TEST(test_unreadable)
{
    char dir[512], file[600];
    case_dir(dir, sizeof dir, 104);
    size_t len;
    char *text = base_with(NULL, &len);
    snprintf(file, sizeof file, "%s/locked.ini", dir);
    rel_write(file, text, len);
    free(text);
    ck_assert_int_eq(chmod(file, 0), 0);
    int fd = open(file, O_RDONLY);
    if (fd < 0) {
        expect_rejected(dir, file, 0, 0, "an unreadable file (mode 000)");
    } else {
        /* Privileged (root): mode 000 does not stop reading. A path that cannot be opened stands
         * in for it: a regular file used as a directory. */
        close(fd);
        fprintf(stderr, "note: running privileged, mode 000 is readable; testing a path that cannot be opened\n");
        char path[700];
        snprintf(path, sizeof path, "%s/session.ini", file);
        ck_assert_msg(open(path, O_RDONLY) < 0, "%s could be opened", path);
        expect_rejected(dir, path, 0, 0, "a path through a regular file");
    }
}
END_TEST

START_TEST(test_missing_file)
{
    char dir[512], file[600];
    case_dir(dir, sizeof dir, 105);
    snprintf(file, sizeof file, "%s/no-such-file.ini", dir);
    expect_rejected(dir, file, 0, 0, "a file that does not exist");
}
END_TEST

int main(int argc, char **argv)
{
    exe = rel_exe_arg(argc, argv);
    if (!exe)
        return 2;
    Suite *s = suite_create("bad-session-files");
    TCase *tc = tcase_create("files");
    tcase_set_timeout(tc, 0); /* meson's timeout (scaled for sanitizers) governs */
    tcase_add_test(tc, test_valid_base_file_runs);
    tcase_add_loop_test(tc, test_edited_file, 0, N_EDITS);
    tcase_add_test(tc, test_empty_file);
    tcase_add_test(tc, test_binary_garbage);
    tcase_add_test(tc, test_huge_line);
    tcase_add_test(tc, test_directory);
    tcase_add_test(tc, test_unreadable);
    tcase_add_test(tc, test_missing_file);
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
