/* The window's files (window_files.c) without a window: Ctrl+S to a --save path of any length, the
 * loss CSV through io, and loads (drop, presets) of what is not a regular file.
 * The test's main thread only; the banner and the command queue are replaced by recorders here.
 * Invariants: each case runs in a fresh directory of its own (Check forks each test). */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/window_internal.h"
#include "train/core.h"
#include "train/travel.h"

/* ---- what window_files.c calls in the rest of the window, recorded */

static char banner[1024];
static view_banner_kind banner_kind;
static int sent;
static train_cmd last_cmd;

void window_banner(window_app *a, view_banner_kind kind, const char *fmt, ...)
{
    (void)a;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(banner, sizeof banner, fmt, ap);
    va_end(ap);
    banner_kind = kind;
}

void window_send(window_app *a, train_cmd c)
{
    (void)a;
    if (c.type == TRAIN_CMD_LOAD)
        free(c.ptr);
    last_cmd = c;
    sent++;
}

static int twin_started;
static session_twin twin_started_with;
static int64_t twin_started_at;
static char twin_saved_to[1024];

int window_twin_start(window_app *a, const session *at, const session_twin *t)
{
    (void)a;
    twin_started++;
    twin_started_with = *t;
    twin_started_at = at->step;
    return 0;
}

void window_twin_save(window_app *a, const char *path)
{
    (void)a;
    snprintf(twin_saved_to, sizeof twin_saved_to, "%s", path);
}

int window_moving(const window_app *a)
{
    (void)a;
    return 0;
}

/* ---- fixtures */

static char dir[512];
static window_app *app;
static snap *sn;
static cli_options opt;

static void setup(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/bpl-wf-XXXXXX", t && *t ? t : "/tmp");
    ck_assert(mkdtemp(dir));
    ck_assert_int_eq(chdir(dir), 0);
    session *s = malloc(sizeof *s);
    ck_assert(s);
    session_default(s);
    char err[256];
    train_core *c = train_core_create(s, err, (int)sizeof err);
    ck_assert_msg(c, "%s", err);
    train_core_step(c);
    sn = calloc(1, sizeof *sn);
    ck_assert(sn);
    train_core_fill(c, sn);
    train_core_destroy(c);
    free(s);
    app = calloc(1, sizeof *app);
    ck_assert(app);
    memset(&opt, 0, sizeof opt);
    app->opt = &opt;
    app->snap = sn;
    banner[0] = '\0';
    sent = 0;
    twin_started = 0;
    twin_saved_to[0] = '\0';
}

static void teardown(void)
{
    free(app->export_buf);
    free(app);
    free(sn);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 16);
    ck_assert(buf);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Ctrl+S with a --save path of about 1500 bytes: the session goes to that path, not to its first
 * 1023 bytes (where a file stands that must stay as it was). */
START_TEST(ctrl_s_uses_the_whole_long_path)
{
    char path[2048] = "";
    size_t n = 0;
    while (n < 1400) {
        n += (size_t)snprintf(path + n, sizeof path - n, "%s%s", n ? "/" : "",
                              "a-folder-with-a-long-name-so-that-the-path-grows-past-the-old-buffer-0123456789");
        ck_assert_int_eq(mkdir(path, 0755), 0);
    }
    snprintf(path + n, sizeof path - n, "/%s", "session-saved-by-ctrl-s-with-a-name-that-goes-on.ini");
    ck_assert_uint_gt(strlen(path), 1100);
    /* the name the old code cut this path to: an unrelated file stands there */
    char cut[1024];
    snprintf(cut, sizeof cut, "%s", path);
    char *slash = strrchr(cut, '/');
    *slash = '\0';
    struct stat st;
    int cut_dir_exists = stat(cut, &st) == 0;
    *slash = '/';
    FILE *f = cut_dir_exists ? fopen(cut, "w") : NULL;
    if (f) {
        fputs("unrelated\n", f);
        fclose(f);
    }
    opt.save = path;
    window_save_session(app);
    ck_assert_msg(banner_kind == VIEW_BANNER_INFO, "%s", banner);
    char *t = slurp(path);
    ck_assert_msg(t && strstr(t, "[network]") && strstr(t, "step = 1"), "not saved to the whole path: %s", banner);
    free(t);
    if (f) {
        t = slurp(cut);
        ck_assert_str_eq(t, "unrelated\n");
        free(t);
    }
}
END_TEST

/* Ctrl+E: the exact loss of every step in --csv's format (`step,loss`, %.17g), through io: a new file
 * with the umask's mode, no temporary left. The trainer's part is played by a run of our own. */
START_TEST(loss_csv_is_exact_per_step_through_io)
{
    session *s = malloc(sizeof *s);
    ck_assert(s);
    session_default(s);
    char err[256], want[64];
    train_travel *t = travel_create(s, err, (int)sizeof err);
    ck_assert_msg(t, "%s", err);
    for (int i = 0; i < 300; i++)
        travel_step(t);
    snprintf(want, sizeof want, "\n300,%.17g\n", train_core_loss(travel_core(t)));
    travel_fill(t, sn);
    mode_t old = umask(027);
    window_export_csv(app);
    ck_assert_int_eq(last_cmd.type, TRAIN_CMD_EXPORT_LOSS);
    window_export_poll(app); /* not answered yet: nothing written */
    ck_assert_ptr_nonnull(app->export_buf);
    ck_assert_int_eq(travel_apply(t, &last_cmd), 0);
    travel_fill(t, sn);
    window_export_poll(app);
    umask(old);
    ck_assert_ptr_null(app->export_buf);
    ck_assert_msg(banner_kind == VIEW_BANNER_INFO && strstr(banner, "301 steps"), "%s", banner);
    DIR *d = opendir(".");
    struct dirent *e;
    int csv = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            ck_assert_msg(!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."), "left %s", e->d_name);
        if (strstr(e->d_name, "backprop-lab-loss-")) {
            struct stat st;
            ck_assert_int_eq(stat(e->d_name, &st), 0);
            ck_assert_int_eq(st.st_mode & 0777, 0640);
            char *txt = slurp(e->d_name);
            ck_assert_msg(txt && strncmp(txt, "step,loss\n0,", 12) == 0, "%s", txt ? txt : "");
            ck_assert_msg(strstr(txt, want) != NULL, "no row %s", want + 1);
            int rows = 0;
            for (const char *p = txt; *p; p++)
                rows += *p == '\n';
            ck_assert_int_eq(rows, 302);
            free(txt);
            csv++;
        }
    }
    closedir(d);
    ck_assert_int_eq(csv, 1);
    travel_destroy(t);
    free(s);
}
END_TEST

/* A dropped file or a preset that is a FIFO is refused at once (the alarm fails a hang). */
START_TEST(drop_of_a_fifo_is_refused)
{
    ck_assert_int_eq(mkfifo("dropped.ini", 0644), 0);
    alarm(20);
    window_load_file(app, "dropped.ini");
    alarm(0);
    ck_assert_msg(banner_kind == VIEW_BANNER_ERROR && strstr(banner, "FIFO"), "%s", banner);
    ck_assert_int_eq(sent, 0);
    window_load_file(app, "/dev/zero");
    ck_assert_msg(banner_kind == VIEW_BANNER_ERROR && strstr(banner, "device"), "%s", banner);
}
END_TEST

/* A file name with control characters reaches the banner cleaned. */
START_TEST(banner_names_are_clean)
{
    window_load_file(app, "no\nsuch\x1b[31m.ini");
    for (const char *p = banner; *p; p++)
        ck_assert_msg((unsigned char)*p >= 0x20 && *p != 0x7f, "control character in %s", banner);
}
END_TEST

/* A [twin] file reopens as a twin: run a loads it, run b starts from the same session with its setting;
 * a file without [twin] starts none. Ctrl+S of a twin writes its branch point (window_twin_save). */
START_TEST(twin_file_reopens_as_twin)
{
    session *s = malloc(sizeof *s);
    ck_assert(s);
    session_default(s);
    s->step = 7;
    char err[256];
    ck_assert_msg(session_save("plain.ini", s, err, (int)sizeof err) == 0, "%s", err);
    s->twin = (session_twin){.key = SESSION_TWIN_OPT, .i = NN_OPT_ADAM};
    ck_assert_msg(session_save("twin.ini", s, err, (int)sizeof err) == 0, "%s", err);
    free(s);
    window_load_file(app, "twin.ini");
    ck_assert_int_eq(sent, 1);
    ck_assert_int_eq(last_cmd.type, TRAIN_CMD_LOAD);
    ck_assert_int_eq(twin_started, 1);
    ck_assert_int_eq(twin_started_with.key, SESSION_TWIN_OPT);
    ck_assert_int_eq(twin_started_with.i, NN_OPT_ADAM);
    ck_assert_int_eq(twin_started_at, 7);
    window_load_file(app, "plain.ini");
    ck_assert_int_eq(sent, 2);
    ck_assert_int_eq(twin_started, 1);
    ck_assert_ptr_nonnull(strstr(banner, "Loaded plain.ini"));

    opt.save = "kept.ini";
    app->twin = (train_thread *)app; /* any non-NULL: window_twin_save alone reads it */
    window_save_session(app);
    app->twin = NULL;
    ck_assert_str_eq(twin_saved_to, "kept.ini");
    ck_assert_int_eq(access("kept.ini", F_OK), -1); /* not written as a plain session */
}
END_TEST

/* The universal maps' slice strip goes into Ctrl+S's file ([scene] slice, bit for bit) and comes back with a
 * drop; a file without it clears the strip, a bad one changes nothing; the semicircle's file holds none. */
START_TEST(slice_strip_saved_and_loaded)
{
    const double cut[4] = {-0.84126984126984128, -0.77777777777777768, 0.74603174603174605, 0.1};
    app->vs.maps_cut_on = 1;
    memcpy(app->vs.maps_cut, cut, sizeof cut);
    opt.save = "semicircle.ini";
    window_save_session(app); /* the fixture's snapshot is the semicircle's: no maps, no strip */
    char *txt = slurp("semicircle.ini");
    ck_assert_msg(txt && !strstr(txt, "slice"), "%s", txt ? txt : banner);
    free(txt);

    session *s = malloc(sizeof *s);
    ck_assert(s);
    session_default(s);
    session_set_scene(s, &scene_universal);
    char err[256];
    train_core *c = train_core_create(s, err, (int)sizeof err);
    ck_assert_msg(c, "%s", err);
    train_core_fill(c, sn);
    train_core_session(c, s);
    train_core_destroy(c);
    ck_assert_msg(session_save("old.ini", s, err, (int)sizeof err) == 0, "%s", err); /* no key */

    opt.save = "universal.ini";
    window_save_session(app);
    ck_assert_msg(banner_kind == VIEW_BANNER_INFO, "%s", banner);
    session_default(s);
    ck_assert_msg(session_load("universal.ini", s, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_int_eq(s->has_slice, 1);
    ck_assert_mem_eq(s->slice, cut, sizeof cut);

    app->vs.maps_cut_on = 0;
    memset(app->vs.maps_cut, 0, sizeof app->vs.maps_cut);
    window_load_file(app, "universal.ini");
    ck_assert_int_eq(sent, 1);
    ck_assert_int_eq(app->vs.maps_cut_on, 1);
    ck_assert_mem_eq(app->vs.maps_cut, cut, sizeof cut);

    /* a bad slice: refused with file, line and key; the strip and the trainer untouched */
    txt = slurp("universal.ini");
    ck_assert(txt);
    char *at = strstr(txt, "slice = ");
    ck_assert(at);
    memcpy(at, "slice = 2", 9);
    FILE *f = fopen("bad.ini", "wb");
    ck_assert(f);
    fputs(txt, f);
    fclose(f);
    free(txt);
    window_load_file(app, "bad.ini");
    ck_assert_msg(banner_kind == VIEW_BANNER_ERROR && strstr(banner, "bad.ini:4: slice = 2") &&
                  strstr(banner, "out of range"), "%s", banner);
    ck_assert_int_eq(sent, 1);
    ck_assert_int_eq(app->vs.maps_cut_on, 1);
    ck_assert_mem_eq(app->vs.maps_cut, cut, sizeof cut);

    window_load_file(app, "old.ini"); /* the file holds no strip: none shown */
    ck_assert_int_eq(sent, 2);
    ck_assert_int_eq(app->vs.maps_cut_on, 0);

    /* a cut whose ends met (pressed on a map's corner, dragged further out) is no segment: not saved, so the
     * file loads again */
    const double point[4] = {1, 1, 1, 1};
    app->vs.maps_cut_on = 1;
    memcpy(app->vs.maps_cut, point, sizeof point);
    opt.save = "point.ini";
    window_save_session(app);
    ck_assert_msg(banner_kind == VIEW_BANNER_INFO, "%s", banner);
    session_default(s);
    ck_assert_msg(session_load("point.ini", s, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_int_eq(s->has_slice, 0);
    free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("window-files");
    TCase *tc = tcase_create("files");
    tcase_set_timeout(tc, 0); /* meson's timeout governs */
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ctrl_s_uses_the_whole_long_path);
    tcase_add_test(tc, loss_csv_is_exact_per_step_through_io);
    tcase_add_test(tc, drop_of_a_fifo_is_refused);
    tcase_add_test(tc, banner_names_are_clean);
    tcase_add_test(tc, twin_file_reopens_as_twin);
    tcase_add_test(tc, slice_strip_saved_and_loaded);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
