/* Files through the built program: loads of what is not a regular file, saves through symlinks and
 * to devices, "-", the umask, a file-size limit, SIGINT/SIGTERM during a run, same-file outputs,
 * long and odd names, and frame numbers at their end.
 * The test's main thread only (fork, exec, wait). Every case runs in its own directory under one
 * removed by main; a hung program is killed by an alarm and fails its case (never hangs the suite). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runexe.h"

static const char *exe;
static char top[256];
static char dir[300];

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s/case-XXXXXX", top);
    ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp %s: %s", dir, strerror(errno));
}

static void teardown(void) { rel_rmtree(dir); }

static rel_result res; /* large: not on the stack */

/* Runs the program in dir with the arguments after argv[0], NULL-terminated. */
static int run_opts(const rel_opts *opt, const char *a1, ...)
{
    char *argv[32];
    int n = 0;
    argv[n++] = (char *)exe;
    va_list ap;
    va_start(ap, a1);
    for (const char *a = a1; a && n < 31; a = va_arg(ap, const char *))
        argv[n++] = (char *)a;
    va_end(ap);
    argv[n] = NULL;
    ck_assert_int_eq(rel_run_with(dir, argv, &res, opt), 0);
    ck_assert_msg(!WIFSIGNALED(res.status), "%s; stderr: %s", rel_status_text(res.status), res.err);
    return WEXITSTATUS(res.status);
}
#define run(...) run_opts(NULL, __VA_ARGS__, (const char *)NULL)

static void path_in(char *out, size_t len, const char *name) { snprintf(out, len, "%s/%s", dir, name); }

static char *slurp(const char *name, size_t *len)
{
    char path[1024];
    path_in(path, sizeof path, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    ck_assert(buf);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static void put(const char *name, const char *text)
{
    char path[1024];
    path_in(path, sizeof path, name);
    rel_write(path, text, strlen(text));
}

/* No temporary file of a save (.bpl-*, *.tmp.*) is left in d. */
static void assert_no_temporary(const char *d)
{
    DIR *dd = opendir(d);
    ck_assert(dd);
    struct dirent *e;
    while ((e = readdir(dd)))
        ck_assert_msg(strncmp(e->d_name, ".bpl-", 5) != 0 && !strstr(e->d_name, ".tmp."),
                      "temporary file %s left in %s", e->d_name, d);
    closedir(dd);
}

static void assert_one_clean_line(const char *text)
{
    const char *nl = strchr(text, '\n');
    ck_assert_msg(nl && nl[1] == '\0', "not one line: [%s]", text);
    for (const char *p = text; p < nl; p++)
        ck_assert_msg((unsigned char)*p >= 0x20 && *p != 0x7f, "control character %#x in [%s]", *p, text);
}

/* ---------------------------------------------------------------- item 1: loads */

/* A FIFO is refused at once: with no writer, opening it to read would wait forever. The alarm
 * turns a hang into a failed case. */
START_TEST(load_fifo_refused_at_once)
{
    char path[1024];
    path_in(path, sizeof path, "f.ini");
    ck_assert_int_eq(mkfifo(path, 0644), 0);
    rel_opts o = {.alarm_seconds = 20};
    ck_assert_int_eq(run_opts(&o, "--headless", "--load", "f.ini", (const char *)NULL), 1);
    ck_assert_msg(strstr(res.err, "f.ini") && strstr(res.err, "FIFO"), "%s", res.err);
}
END_TEST

START_TEST(load_device_and_directory_refused)
{
    ck_assert_int_eq(run("--headless", "--load", "/dev/zero"), 1);
    ck_assert_msg(strstr(res.err, "/dev/zero") && strstr(res.err, "device"), "%s", res.err);
    ck_assert_int_eq(run("--headless", "--load", "."), 1);
    ck_assert_msg(strstr(res.err, "directory"), "%s", res.err);
}
END_TEST

/* /proc files claim size 0: the loader reads to the end, so the parser sees the text (and refuses
 * it for what it is), never "empty file". */
START_TEST(load_reads_to_the_end)
{
    ck_assert_int_eq(run("--headless", "--load", "/proc/self/status"), 1);
    ck_assert_msg(!strstr(res.err, "empty file") && strstr(res.err, "/proc/self/status:"), "%s", res.err);
}
END_TEST

/* ---------------------------------------------------------------- item 2: symlinks, devices, "-" */

START_TEST(save_through_symlink_keeps_the_link)
{
    char real[1024], link[1024];
    path_in(real, sizeof real, "real");
    ck_assert_int_eq(mkdir(real, 0755), 0);
    put("real/t.ini", "old\n");
    path_in(link, sizeof link, "link.ini");
    ck_assert_int_eq(symlink("real/t.ini", link), 0);
    path_in(link, sizeof link, "dangling.csv");
    ck_assert_int_eq(symlink("real/new.csv", link), 0);
    ck_assert_int_eq(run("--headless", "--steps", "2", "--save", "link.ini", "--csv", "dangling.csv"), 0);
    struct stat st;
    path_in(link, sizeof link, "link.ini");
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert_msg(S_ISLNK(st.st_mode), "link.ini was replaced by a regular file");
    path_in(link, sizeof link, "dangling.csv");
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert_msg(S_ISLNK(st.st_mode), "dangling.csv was replaced by a regular file");
    char *t = slurp("real/t.ini", NULL);
    ck_assert_msg(t && strstr(t, "[network]") && strstr(t, "step = 2"), "target not written: %s", t ? t : "(none)");
    free(t);
    t = slurp("real/new.csv", NULL);
    ck_assert_msg(t && strncmp(t, "step,loss\n0,", 12) == 0, "dangling target not written");
    free(t);
    assert_no_temporary(dir);
    assert_no_temporary(real);
}
END_TEST

/* A device node is written to, never replaced: a copy of /dev/null stays a device, and /dev/full
 * reports ENOSPC. (As root the old code would have replaced the system's /dev/null.) */
START_TEST(save_to_devices_writes_them)
{
    char null_copy[1024], full_copy[1024];
    path_in(null_copy, sizeof null_copy, "null");
    path_in(full_copy, sizeof full_copy, "full");
    const char *full = "/dev/full";
    int have_nodes = mknod(null_copy, S_IFCHR | 0666, makedev(1, 3)) == 0 &&
                     mknod(full_copy, S_IFCHR | 0666, makedev(1, 7)) == 0;
    if (have_nodes) {
        full = full_copy;
        ck_assert_int_eq(run("--headless", "--steps", "2", "--csv", "null", "--screenshot", "full"), 1);
    } else {
        /* not root: the system's nodes, which the program could not replace anyway */
        ck_assert_int_eq(run("--headless", "--steps", "2", "--csv", "/dev/null", "--screenshot", full), 1);
    }
    ck_assert_msg(strstr(res.err, have_nodes ? "full: " : full) && strstr(res.err, strerror(ENOSPC)), "%s",
                  res.err);
    struct stat st;
    ck_assert_int_eq(stat(have_nodes ? null_copy : "/dev/null", &st), 0);
    ck_assert_msg(S_ISCHR(st.st_mode), "the null device was replaced");
    ck_assert_int_eq(stat(full, &st), 0);
    ck_assert_msg(S_ISCHR(st.st_mode), "the full device was replaced");
    ck_assert_int_eq(run("--headless", "--steps", "2", "--save", have_nodes ? "null" : "/dev/null"), 0);
    ck_assert_int_eq(run("--headless", "--steps", "2", "--save", full), 1);
    ck_assert_msg(strstr(res.err, strerror(ENOSPC)), "%s", res.err);
    assert_no_temporary(dir);
}
END_TEST

/* /proc/self/fd/1 is the pipe the test reads: the session arrives there. */
START_TEST(save_to_proc_fd_writes_stdout)
{
    ck_assert_int_eq(run("--headless", "--save", "/proc/self/fd/1"), 0);
    ck_assert_msg(strstr(res.out, "[network]"), "stdout: %s; stderr: %s", res.out, res.err);
}
END_TEST

/* "-" is standard output for every flag that writes a file. */
START_TEST(dash_is_stdout_for_every_output)
{
    ck_assert_int_eq(run("--headless", "--steps", "1", "--save", "-"), 0);
    ck_assert_msg(strstr(res.out, "\n[network]\n"), "%s", res.out);
    ck_assert_int_eq(run("--headless", "--steps", "1", "--csv", "-"), 0);
    ck_assert_msg(strncmp(res.out, "step,loss\n0,", 12) == 0, "%s", res.out);
    ck_assert_int_eq(run("--headless", "--size", "320x240", "--screenshot", "-"), 0);
    ck_assert_msg(memcmp(res.out, "\x89PNG", 4) == 0, "not a PNG on stdout");
    struct stat st;
    char p[1024];
    path_in(p, sizeof p, "-");
    ck_assert_msg(stat(p, &st) != 0, "a file named '-' was made");
    ck_assert_int_eq(run("--headless", "--csv", "-", "--save", "-"), 2);
    ck_assert_msg(strstr(res.err, "standard output"), "%s", res.err);
}
END_TEST

/* ---------------------------------------------------------------- item 4: limits and signals */

/* Past `ulimit -f` a write fails with EFBIG: reported, the old file intact, no temporary left
 * (SIGXFSZ used to kill the program silently). */
START_TEST(file_size_limit_is_reported)
{
    put("rows.csv", "old rows\n");
    rel_opts o = {.fsize = 4096};
    ck_assert_int_eq(run_opts(&o, "--headless", "--steps", "2000", "--csv", "rows.csv", (const char *)NULL), 1);
    ck_assert_msg(strstr(res.err, "rows.csv") && strstr(res.err, strerror(EFBIG)), "%s", res.err);
    char *t = slurp("rows.csv", NULL);
    ck_assert_str_eq(t, "old rows\n");
    free(t);
    assert_no_temporary(dir);
}
END_TEST

/* A signal in the middle of a long run: the program stops, says so, removes its temporary CSV and
 * leaves the old one as it was. The signal is sent once the temporary file exists (the run is
 * under way), so the case waits for progress, not for a time. */
static void stop_mid_run(int sig)
{
    put("rows.csv", "old rows\n");
    char err_path[1024];
    path_in(err_path, sizeof err_path, "stderr.txt");
    pid_t pid = fork();
    ck_assert(pid >= 0);
    if (pid == 0) {
        int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int in = open("/dev/null", O_RDWR);
        if (e < 0 || in < 0 || dup2(in, 0) < 0 || dup2(in, 1) < 0 || dup2(e, 2) < 0 || chdir(dir) != 0)
            _exit(126);
        alarm(120);
        execl(exe, exe, "--headless", "--steps", "1000000000000", "--csv", "rows.csv", (char *)NULL);
        _exit(127);
    }
    int started = 0;
    for (int i = 0; i < 12000 && !started; i++) { /* at most 2 min: only a broken build waits that long */
        DIR *d = opendir(dir);
        struct dirent *e;
        while (d && (e = readdir(d))) /* any temporary file: the run has opened its CSV */
            started |= strncmp(e->d_name, ".bpl-", 5) == 0 || strstr(e->d_name, ".tmp.") != NULL;
        if (d)
            closedir(d);
        if (!started) {
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    kill(pid, sig);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(started, "the run never created its temporary CSV");
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 128 + sig, "%s", rel_status_text(status));
    char *msg = slurp("stderr.txt", NULL);
    ck_assert_msg(msg && strstr(msg, sig == SIGINT ? "SIGINT" : "SIGTERM"), "%s", msg ? msg : "");
    free(msg);
    char *t = slurp("rows.csv", NULL);
    ck_assert_str_eq(t, "old rows\n");
    free(t);
    assert_no_temporary(dir);
}

START_TEST(sigterm_mid_run) { stop_mid_run(SIGTERM); }
END_TEST

START_TEST(sigint_mid_run) { stop_mid_run(SIGINT); }
END_TEST

/* ---------------------------------------------------------------- item 5: modes */

START_TEST(new_files_honour_the_umask)
{
    rel_opts o = {.set_umask = 1, .umask = 077};
    ck_assert_int_eq(run_opts(&o, "--headless", "--csv", "a.csv", "--save", "a.ini", (const char *)NULL), 0);
    struct stat st;
    char p[1024];
    path_in(p, sizeof p, "a.csv");
    ck_assert_int_eq(stat(p, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    path_in(p, sizeof p, "a.ini");
    ck_assert_int_eq(stat(p, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    o.umask = 002;
    ck_assert_int_eq(run_opts(&o, "--headless", "--csv", "b.csv", (const char *)NULL), 0);
    path_in(p, sizeof p, "b.csv");
    ck_assert_int_eq(stat(p, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0664);
    /* a replaced file keeps its mode whatever the umask */
    ck_assert_int_eq(chmod(p, 0640), 0);
    o.umask = 0;
    ck_assert_int_eq(run_opts(&o, "--headless", "--csv", "b.csv", (const char *)NULL), 0);
    ck_assert_int_eq(stat(p, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0640);
}
END_TEST

/* ---------------------------------------------------------------- messages and names */

/* A name with a newline and an ESC sequence comes out as one clean line. */
START_TEST(odd_names_make_one_clean_line)
{
    ck_assert_int_eq(run("--headless", "--load", "no\nsuch\x1b[31m.ini"), 1);
    assert_one_clean_line(res.err);
    ck_assert_int_eq(run("--headless", "--csv", "no/such\x1b[2J/dir.csv"), 1);
    assert_one_clean_line(res.err);
}
END_TEST

/* A path of 3000 characters: the reason survives in the message. */
START_TEST(long_path_keeps_the_reason)
{
    char path[3100];
    size_t n = 0;
    while (n < 3000)
        n += (size_t)snprintf(path + n, sizeof path - n, "no-such-folder-%zu/", n);
    snprintf(path + n, sizeof path - n, "s.ini");
    ck_assert_int_eq(run("--headless", "--load", path), 1);
    ck_assert_msg(strstr(res.err, strerror(ENOENT)) || strstr(res.err, strerror(ENAMETOOLONG)), "%s", res.err);
    ck_assert_int_eq(run("--headless", "--save", path), 1);
    ck_assert_msg(strstr(res.err, strerror(ENOENT)) || strstr(res.err, strerror(ENAMETOOLONG)), "%s", res.err);
}
END_TEST

/* A name of 255 bytes, the most a folder allows, can be saved (a suffixed temporary name could not). */
START_TEST(longest_name_can_be_saved)
{
    char name[256];
    memset(name, 'n', 251);
    memcpy(name + 251, ".ini", 5);
    ck_assert_int_eq(run("--headless", "--save", name, "--csv", "short.csv"), 0);
    char *t = slurp(name, NULL);
    ck_assert_msg(t && strstr(t, "[network]"), "not saved");
    free(t);
    assert_no_temporary(dir);
}
END_TEST

/* An output that is the --load file is refused before anything is written; --save over it is a resume. */
START_TEST(output_that_is_the_input_is_refused)
{
    ck_assert_int_eq(run("--headless", "--save", "s.ini"), 0);
    char *before = slurp("s.ini", NULL);
    char p[1024];
    path_in(p, sizeof p, "alias.ini");
    ck_assert_int_eq(symlink("s.ini", p), 0);
    ck_assert_int_eq(run("--headless", "--load", "s.ini", "--csv", "s.ini"), 2);
    ck_assert_msg(strstr(res.err, "--csv") && strstr(res.err, "--load"), "%s", res.err);
    ck_assert_int_eq(run("--headless", "--load", "s.ini", "--screenshot", "./alias.ini"), 2);
    ck_assert_int_eq(run("--headless", "--csv", "new.csv", "--screenshot", "new.csv"), 2);
    ck_assert_msg(strstr(res.err, "both write"), "%s", res.err);
    char *after = slurp("s.ini", NULL);
    ck_assert_str_eq(before, after);
    path_in(p, sizeof p, "new.csv");
    ck_assert_msg(access(p, F_OK) != 0, "new.csv was written");
    ck_assert_int_eq(run("--headless", "--load", "s.ini", "--steps", "3", "--save", "s.ini"), 0);
    free(after);
    after = slurp("s.ini", NULL);
    ck_assert_msg(strstr(after, "step = 3"), "%s", after);
    free(before);
    free(after);
}
END_TEST

/* ---------------------------------------------------------------- item 10: frame numbers */

START_TEST(frame_numbers_do_not_overflow)
{
    char frames[1024];
    path_in(frames, sizeof frames, "frames");
    ck_assert_int_eq(mkdir(frames, 0755), 0);
    put("frames/frame-9223372036854775807.png", "x");
    ck_assert_int_eq(run("--headless", "--steps", "1", "--size", "320x240", "--record", "frames"), 1);
    ck_assert_msg(strstr(res.err, "frames") && strstr(res.err, "9223372036854775807"), "%s", res.err);
    DIR *d = opendir(frames);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    ck_assert_int_eq(n, 1);
}
END_TEST

int main(int argc, char **argv)
{
    exe = rel_exe_arg(argc, argv);
    if (!exe)
        return 2;
    Suite *s = suite_create("files");
    TCase *tc = tcase_create("files");
    tcase_set_timeout(tc, 0); /* meson's timeout (scaled for sanitizers) governs */
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, load_fifo_refused_at_once);
    tcase_add_test(tc, load_device_and_directory_refused);
    tcase_add_test(tc, load_reads_to_the_end);
    tcase_add_test(tc, save_through_symlink_keeps_the_link);
    tcase_add_test(tc, save_to_devices_writes_them);
    tcase_add_test(tc, save_to_proc_fd_writes_stdout);
    tcase_add_test(tc, dash_is_stdout_for_every_output);
    tcase_add_test(tc, file_size_limit_is_reported);
    tcase_add_test(tc, sigterm_mid_run);
    tcase_add_test(tc, sigint_mid_run);
    tcase_add_test(tc, new_files_honour_the_umask);
    tcase_add_test(tc, odd_names_make_one_clean_line);
    tcase_add_test(tc, long_path_keeps_the_reason);
    tcase_add_test(tc, longest_name_can_be_saved);
    tcase_add_test(tc, output_that_is_the_input_is_refused);
    tcase_add_test(tc, frame_numbers_do_not_overflow);
    suite_add_tcase(s, tc);
    rel_tmpdir(top, sizeof top);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    rel_rmtree(top);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
