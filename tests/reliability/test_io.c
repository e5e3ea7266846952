/* The io module in-process: reads that refuse what is not a regular file and read past a size of 0,
 * streaming outputs that commit or abort, devices written straight to, modes, messages that keep
 * their reason, and the same-file test the command line uses.
 * The test's main thread only. Invariants: each case in a fresh directory (Check forks each test). */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "runexe.h"
#include "session/io.h"

static char top[256];
static char dir[300];

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s/case-XXXXXX", top);
    ck_assert(mkdtemp(dir));
    ck_assert_int_eq(chdir(dir), 0);
}

static void teardown(void) { rel_rmtree(dir); }

static int entries(const char *d)
{
    DIR *dd = opendir(d);
    ck_assert(dd);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dd)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(dd);
    return n;
}

START_TEST(read_refuses_fifo_at_once)
{
    ck_assert_int_eq(mkfifo("f", 0644), 0);
    char err[256], *text;
    size_t len;
    alarm(20); /* a hang fails the case */
    ck_assert_int_eq(io_read_file("f", 1000, &text, &len, err, (int)sizeof err), -1);
    alarm(0);
    ck_assert_msg(strstr(err, "f: ") && strstr(err, "FIFO"), "%s", err);
}
END_TEST

START_TEST(read_past_a_claimed_size_of_zero)
{
    char err[256], *text;
    size_t len;
    ck_assert_int_eq(io_read_file("/proc/self/status", 1 << 20, &text, &len, err, (int)sizeof err), 0);
    ck_assert_uint_gt(len, 0);
    ck_assert_ptr_nonnull(strstr(text, "Umask:"));
    free(text);
    /* the cap still holds when the size lies */
    ck_assert_int_eq(io_read_file("/proc/self/status", 16, &text, &len, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "too large"), "%s", err);
}
END_TEST

START_TEST(stream_commit_and_abort)
{
    char err[256];
    rel_write("out.csv", "old\n", 4);
    io_out *o = io_open("out.csv", err, (int)sizeof err);
    ck_assert_msg(o, "%s", err);
    for (int i = 0; i < 100000; i++) /* past the buffer, several times */
        ck_assert_int_eq(io_printf(o, "%d,%d\n", i, i * 3), 0);
    ck_assert_int_eq(entries("."), 2); /* the target and the temporary beside it */
    io_abort(o);
    ck_assert_int_eq(entries("."), 1);
    char *text;
    size_t len;
    ck_assert_int_eq(io_read_file("out.csv", 100, &text, &len, err, (int)sizeof err), 0);
    ck_assert_str_eq(text, "old\n");
    free(text);
    o = io_open("out.csv", err, (int)sizeof err);
    io_printf(o, "new\n");
    ck_assert_int_eq(io_commit(o, err, (int)sizeof err), 0);
    ck_assert_int_eq(io_read_file("out.csv", 100, &text, &len, err, (int)sizeof err), 0);
    ck_assert_str_eq(text, "new\n");
    free(text);
    ck_assert_int_eq(entries("."), 1);
}
END_TEST

START_TEST(device_errors_are_reported)
{
    char err[256];
    /* copies of the nodes where permitted (root), so that a broken save could only replace those */
    const int copies = mknod("full", S_IFCHR | 0666, makedev(1, 7)) == 0 &&
                       mknod("null", S_IFCHR | 0666, makedev(1, 3)) == 0;
    const char *full = copies ? "full" : "/dev/full", *null = copies ? "null" : "/dev/null";
    io_out *o = io_open(full, err, (int)sizeof err);
    ck_assert_msg(o, "%s", err);
    io_printf(o, "a row\n");
    ck_assert_int_eq(io_commit(o, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, full) && strstr(err, strerror(ENOSPC)), "%s", err);
    ck_assert_int_eq(io_save(null, "x", 1, err, (int)sizeof err), 0);
    struct stat st;
    ck_assert_int_eq(stat(null, &st), 0);
    ck_assert(S_ISCHR(st.st_mode));
    ck_assert_int_eq(stat(full, &st), 0);
    ck_assert(S_ISCHR(st.st_mode));
    /* a FIFO nobody reads: refused at once, not waited on */
    ck_assert_int_eq(mkfifo("w", 0644), 0);
    alarm(20);
    ck_assert_int_eq(io_save("w", "x", 1, err, (int)sizeof err), -1);
    alarm(0);
    ck_assert_msg(strstr(err, "FIFO"), "%s", err);
    ck_assert_int_eq(io_save(".", "x", 1, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "directory"), "%s", err);
}
END_TEST

START_TEST(modes_follow_umask_and_the_old_file)
{
    char err[256];
    struct stat st;
    mode_t old = umask(077);
    ck_assert_int_eq(io_save("a", "x", 1, err, (int)sizeof err), 0);
    umask(old);
    ck_assert_int_eq(stat("a", &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    ck_assert_int_eq(chmod("a", 0604), 0);
    ck_assert_int_eq(io_save("a", "y", 1, err, (int)sizeof err), 0);
    ck_assert_int_eq(stat("a", &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0604);
}
END_TEST

/* However long the path, the message ends with the reason; control characters are cleaned. */
START_TEST(messages_keep_the_reason)
{
    char path[3000];
    memset(path, 'p', sizeof path - 1);
    path[sizeof path - 1] = '\0';
    path[0] = '\n';
    path[1] = '\x1b';
    char err[200], *text;
    size_t len;
    ck_assert_int_eq(io_read_file(path, 10, &text, &len, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, strerror(ENAMETOOLONG)) || strstr(err, strerror(ENOENT)), "%s", err);
    ck_assert_msg(strstr(err, "..."), "%s", err);
    for (const char *p = err; *p; p++)
        ck_assert_msg((unsigned char)*p >= 0x20, "control character in %s", err);
    ck_assert_int_eq(io_save("no-such-folder/x.ini", "x", 1, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "no-such-folder/x.ini: ") && strstr(err, "folder does not exist"), "%s", err);
}
END_TEST

START_TEST(same_file)
{
    rel_write("a", "x", 1);
    ck_assert_int_eq(symlink("a", "l"), 0);
    ck_assert_int_eq(mkdir("d", 0755), 0);
    ck_assert(io_same_file("a", "./a"));
    ck_assert(io_same_file("a", "l"));
    ck_assert(io_same_file("d/../a", "a"));
    ck_assert(!io_same_file("a", "b"));
    ck_assert(io_same_file("b", "./d/../b")); /* neither exists yet */
    ck_assert(io_same_file("-", "-"));
    ck_assert(!io_same_file("-", "a"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("io");
    TCase *tc = tcase_create("io");
    tcase_set_timeout(tc, 0); /* meson's timeout governs */
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, read_refuses_fifo_at_once);
    tcase_add_test(tc, read_past_a_claimed_size_of_zero);
    tcase_add_test(tc, stream_commit_and_abort);
    tcase_add_test(tc, device_errors_are_reported);
    tcase_add_test(tc, modes_follow_umask_and_the_old_file);
    tcase_add_test(tc, messages_keep_the_reason);
    tcase_add_test(tc, same_file);
    suite_add_tcase(s, tc);
    rel_tmpdir(top, sizeof top);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    rel_rmtree(top);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
