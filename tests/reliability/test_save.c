/* Saving that fails: a directory that does not exist or cannot be written, a path that is a
 * directory, a full disk (RLIMIT_FSIZE in a child). Each failure names the path, leaves an existing
 * file byte for byte as it was and no temporary file behind; a save that works replaces the file. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nn/rng.h"
#include "runexe.h"
#include "session/session.h"

static char top[256]; /* every test's directory goes in here; main removes it */
static char dir[300];  /* a fresh directory per test */

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s/test-XXXXXX", top);
    ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp %s: %s", dir, strerror(errno));
}

static void teardown(void)
{
    rel_rmtree(dir);
}

/* A session whose file is about 10 KB: 64 units with weights. */
static session *big_session(void)
{
    session *s = malloc(sizeof *s);
    ck_assert(s);
    session_default(s);
    s->hidden = 64;
    s->has_weights = 1;
    nn_rng r;
    nn_rng_seed(&r, 7);
    for (size_t i = 0; i < nn_param_count(DATA_D, s->hidden, DATA_K); i++)
        s->p[i] = nn_rng_normal(&r);
    return s;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
    ck_assert(fputs(text, f) >= 0);
    ck_assert_int_eq(fclose(f), 0);
}

/* The whole file, NUL-terminated (the caller frees), or NULL when it cannot be read. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap + 1);
    ck_assert(buf);
    n = fread(buf, 1, cap, f);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The names in d other than . and .., sorted and joined with '/'. */
static void listing(const char *d, char *out, size_t outlen)
{
    char names[64][256];
    int n = 0;
    DIR *dp = opendir(d);
    ck_assert_msg(dp != NULL, "%s: %s", d, strerror(errno));
    struct dirent *e;
    while ((e = readdir(dp)) && n < 64)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    closedir(dp);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        strncat(out, names[i], outlen - strlen(out) - 1);
        strncat(out, "/", outlen - strlen(out) - 1);
    }
}

/* session_save must fail on path, name it, and change nothing in memory. */
static void expect_failure(const char *path, const session *s)
{
    char err[512] = "";
    session *copy = malloc(sizeof *copy);
    ck_assert(copy);
    memcpy(copy, s, sizeof *copy);
    ck_assert_msg(session_save(path, s, err, (int)sizeof err) == -1, "saving to %s succeeded", path);
    ck_assert_msg(strstr(err, path) != NULL, "the error \"%s\" does not name %s", err, path);
    ck_assert_msg(memcmp(copy, s, sizeof *copy) == 0, "a failed save changed the session");
    free(copy);
}

START_TEST(test_missing_directory)
{
    session *s = big_session();
    char path[400], before[4096], after[4096];
    listing(dir, before, sizeof before);
    snprintf(path, sizeof path, "%s/no-such-dir/s.ini", dir);
    expect_failure(path, s);
    /* a regular file where a directory should be */
    snprintf(path, sizeof path, "%s/plain", dir);
    write_file(path, "not a directory\n");
    listing(dir, before, sizeof before);
    snprintf(path, sizeof path, "%s/plain/s.ini", dir);
    expect_failure(path, s);
    listing(dir, after, sizeof after);
    ck_assert_str_eq(after, before);
    free(s);
}
END_TEST

START_TEST(test_path_is_directory)
{
    session *s = big_session();
    char path[400], before[4096], after[4096];
    snprintf(path, sizeof path, "%s/a-directory", dir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    listing(dir, before, sizeof before);
    expect_failure(path, s);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_msg(S_ISDIR(st.st_mode), "the directory was replaced");
    listing(dir, after, sizeof after);
    ck_assert_str_eq(after, before);
    listing(path, after, sizeof after);
    ck_assert_str_eq(after, "");
    free(s);
}
END_TEST

START_TEST(test_read_only_directory)
{
    session *s = big_session();
    char path[400], probe[400], before[4096], after[4096];
    snprintf(path, sizeof path, "%s/keep.ini", dir);
    write_file(path, "[network]\nhidden = 3\n");
    ck_assert_int_eq(chmod(dir, 0555), 0);
    snprintf(probe, sizeof probe, "%s/probe", dir);
    int fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        listing(dir, before, sizeof before);
        expect_failure(path, s); /* over an existing file */
        size_t len;
        char *text = read_file(path, &len);
        ck_assert_msg(text && strcmp(text, "[network]\nhidden = 3\n") == 0, "the existing file changed");
        free(text);
        snprintf(path, sizeof path, "%s/new.ini", dir);
        expect_failure(path, s);
        listing(dir, after, sizeof after);
        ck_assert_str_eq(after, before);
    } else {
        /* Privileged (root): permission bits do not stop us. /sys refuses new files to everyone. */
        close(fd);
        unlink(probe);
        fprintf(stderr, "note: running privileged, a 0555 directory is writable; using /sys instead\n");
        const char *sys = "/sys/bpl-save-test.ini";
        ck_assert_msg(access(sys, F_OK) != 0, "%s exists", sys);
        expect_failure(sys, s);
        ck_assert_msg(access(sys, F_OK) != 0, "%s was created", sys);
    }
    free(s);
}
END_TEST

/* In a child limited to limit bytes per file (SIGXFSZ ignored, so writes fail with EFBIG), saves
 * s to path; returns session_save's result and its message. */
static int save_with_fsize_limit(const char *path, const session *s, rlim_t limit, char *err, int errlen)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        struct rlimit rl = {limit, limit};
        signal(SIGXFSZ, SIG_IGN);
        char msg[512] = "";
        int rc = setrlimit(RLIMIT_FSIZE, &rl) == 0 ? session_save(path, s, msg, (int)sizeof msg) : 2;
        if (write(fds[1], &rc, sizeof rc) != sizeof rc || write(fds[1], msg, sizeof msg) != sizeof msg)
            _exit(3);
        _exit(0);
    }
    close(fds[1]);
    int rc = 99, status;
    char msg[512] = "";
    ck_assert_int_eq(read(fds[0], &rc, sizeof rc), (ssize_t)sizeof rc);
    ck_assert_int_eq(read(fds[0], msg, sizeof msg), (ssize_t)sizeof msg);
    close(fds[0]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child died (status %#x)", status);
    snprintf(err, (size_t)errlen, "%s", msg);
    return rc;
}

START_TEST(test_disk_full)
{
    session *s = big_session();
    char text[65536];
    int len = session_format(s, text, (int)sizeof text);
    ck_assert_int_gt(len, 8192);

    char path[400], err[512], before[4096], after[4096];
    snprintf(path, sizeof path, "%s/keep.ini", dir);
    const char *old = "[network]\nhidden = 3\nactivation = tanh\n";
    write_file(path, old);
    listing(dir, before, sizeof before);
    /* nothing can be written, then the disk fills half way through the file */
    const rlim_t limits[] = {0, 1, 4096, (rlim_t)len - 1};
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        int rc = save_with_fsize_limit(path, s, limits[i], err, (int)sizeof err);
        ck_assert_msg(rc == -1, "limit %lu: saving %d bytes returned %d", (unsigned long)limits[i], len, rc);
        ck_assert_msg(strstr(err, path) != NULL, "limit %lu: \"%s\" does not name %s", (unsigned long)limits[i],
                      err, path);
        size_t n;
        char *now = read_file(path, &n);
        ck_assert_msg(now && strcmp(now, old) == 0, "limit %lu: the existing file changed", (unsigned long)limits[i]);
        free(now);
        listing(dir, after, sizeof after);
        ck_assert_msg(strcmp(after, before) == 0, "limit %lu: the directory holds %s, was %s",
                      (unsigned long)limits[i], after, before);
    }
    /* a new file: nothing is created */
    snprintf(path, sizeof path, "%s/new.ini", dir);
    ck_assert_int_eq(save_with_fsize_limit(path, s, 4096, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, path) != NULL, "\"%s\" does not name %s", err, path);
    listing(dir, after, sizeof after);
    ck_assert_str_eq(after, before);
    /* and with room enough the same save works */
    snprintf(path, sizeof path, "%s/keep.ini", dir);
    ck_assert_int_eq(save_with_fsize_limit(path, s, (rlim_t)len + 1, err, (int)sizeof err), 0);
    free(s);
}
END_TEST

START_TEST(test_over_existing_file)
{
    session *s = big_session();
    char path[400], err[512], before[4096], after[4096];
    static char text[65536];
    int len = session_format(s, text, (int)sizeof text);
    ck_assert_int_gt(len, 0);
    snprintf(path, sizeof path, "%s/keep.ini", dir);
    write_file(path, "[network]\nhidden = 3\n");
    listing(dir, before, sizeof before);
    ck_assert_msg(session_save(path, s, err, (int)sizeof err) == 0, "%s", err);
    size_t n;
    char *now = read_file(path, &n);
    ck_assert_msg(now && n == (size_t)len && memcmp(now, text, n) == 0, "the saved file is not session_format's text");
    free(now);
    listing(dir, after, sizeof after);
    ck_assert_str_eq(after, before);
    session *back = malloc(sizeof *back);
    ck_assert(back);
    session_default(back);
    ck_assert_msg(session_load(path, back, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_int_eq(back->hidden, s->hidden);
    ck_assert(memcmp(back->p, s->p, nn_param_count(DATA_D, s->hidden, DATA_K) * sizeof(double)) == 0);
    free(back);
    free(s);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("save-failures");
    TCase *tc = tcase_create("save");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_missing_directory);
    tcase_add_test(tc, test_path_is_directory);
    tcase_add_test(tc, test_read_only_directory);
    tcase_add_test(tc, test_disk_full);
    tcase_add_test(tc, test_over_existing_file);
    suite_add_tcase(su, tc);
    rel_tmpdir(top, sizeof top);
    SRunner *sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    rel_rmtree(top);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
