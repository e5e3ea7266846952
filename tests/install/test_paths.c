/* test_paths: the assets lookup, timestamped file names, and the preset files that ship in assets/.
 * Single-threaded test binary; each test works in its own temporary directory.
 * Invariants: the lookup order is $BPL_ASSETS alone, else installed, else source; no name returned is taken. */
#include "app/paths.h"
#include "bpl_config.h"
#include "session/session.h"
#include "train/core.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[256];

static void rmtree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        ck_assert_ptr_nonnull(d);
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[1024];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            rmtree(sub);
        }
        closedir(d);
        ck_assert_int_eq(rmdir(path), 0);
    } else {
        ck_assert_int_eq(unlink(path), 0);
    }
}

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/bpl-paths-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(root));
}

static void teardown(void)
{
    rmtree(root);
}

/* root/name, made with a fonts/DejaVuSans.ttf inside when assets != 0 */
static const char *make_dir(const char *name, int assets, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s", root, name);
    ck_assert_int_eq(mkdir(buf, 0700), 0);
    if (assets) {
        char path[512];
        snprintf(path, sizeof path, "%s/fonts", buf);
        ck_assert_int_eq(mkdir(path, 0700), 0);
        snprintf(path, sizeof path, "%s/%s", buf, PATHS_MARKER);
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(fclose(f), 0);
    }
    return buf;
}

static void touch(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    ck_assert_msg(fd >= 0, "cannot create %s", path);
    ck_assert_int_eq(close(fd), 0);
}

START_TEST(env_alone_decides)
{
    char a[300], b[300], c[300], e[300], out[300], err[1024];
    make_dir("env", 1, a, sizeof a);
    make_dir("installed", 1, b, sizeof b);
    make_dir("source", 1, c, sizeof c);
    make_dir("empty", 0, e, sizeof e);
    ck_assert_int_eq(paths_assets_from(a, b, c, out, sizeof out, err, sizeof err), 0);
    ck_assert_str_eq(out, a);
    /* a wrong $BPL_ASSETS is reported even though the installed and source trees would do */
    strcpy(out, "untouched");
    ck_assert_int_eq(paths_assets_from(e, b, c, out, sizeof out, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "BPL_ASSETS="));
    ck_assert_ptr_nonnull(strstr(err, e));
    ck_assert_ptr_nonnull(strstr(err, PATHS_MARKER));
}
END_TEST

START_TEST(installed_then_source)
{
    char b[300], c[300], out[300], err[1024], missing[300];
    make_dir("installed", 1, b, sizeof b);
    make_dir("source", 1, c, sizeof c);
    snprintf(missing, sizeof missing, "%s/not-installed", root);
    ck_assert_int_eq(paths_assets_from(NULL, b, c, out, sizeof out, err, sizeof err), 0);
    ck_assert_str_eq(out, b);
    ck_assert_int_eq(paths_assets_from("", b, c, out, sizeof out, err, sizeof err), 0); /* "" = unset */
    ck_assert_str_eq(out, b);
    ck_assert_int_eq(paths_assets_from(NULL, missing, c, out, sizeof out, err, sizeof err), 0);
    ck_assert_str_eq(out, c);
}
END_TEST

START_TEST(failure_lists_every_path)
{
    char b[300], c[300], out[300], err[1024];
    make_dir("installed", 0, b, sizeof b);
    snprintf(c, sizeof c, "%s/no-source", root);
    ck_assert_int_eq(paths_assets_from(NULL, b, c, out, sizeof out, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, b));
    ck_assert_ptr_nonnull(strstr(err, c));
    ck_assert_ptr_nonnull(strstr(err, "BPL_ASSETS"));
    ck_assert_ptr_nonnull(strstr(err, PATHS_MARKER));
}
END_TEST

START_TEST(marker_must_be_a_file)
{
    char b[300], c[300], out[300], err[1024], path[512];
    make_dir("installed", 0, b, sizeof b);
    snprintf(path, sizeof path, "%s/fonts", b);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/%s", b, PATHS_MARKER);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    make_dir("source", 1, c, sizeof c);
    ck_assert_int_eq(paths_assets_from(NULL, b, c, out, sizeof out, err, sizeof err), 0);
    ck_assert_str_eq(out, c);
}
END_TEST

START_TEST(trailing_slashes_and_short_buffer)
{
    char a[300], slashed[320], out[300], err[1024], tiny[8];
    make_dir("env", 1, a, sizeof a);
    snprintf(slashed, sizeof slashed, "%s///", a);
    ck_assert_int_eq(paths_assets_from(slashed, "/nonexistent", "/nonexistent", out, sizeof out, err, sizeof err), 0);
    ck_assert_str_eq(out, a);
    ck_assert_int_eq(paths_assets_from(a, "/nonexistent", "/nonexistent", tiny, sizeof tiny, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, a));
}
END_TEST

/* The build's own lookup: the environment first; without it, a tree that really holds the fonts. */
START_TEST(built_in_lookup)
{
    char a[300], out[1100], err[2048], path[1200];
    make_dir("env", 1, a, sizeof a);
    ck_assert_int_eq(setenv(PATHS_ENV, a, 1), 0);
    ck_assert_int_eq(paths_assets(out, sizeof out, err, sizeof err), 0);
    ck_assert_str_eq(out, a);
    ck_assert_int_eq(unsetenv(PATHS_ENV), 0);
    ck_assert_msg(paths_assets(out, sizeof out, err, sizeof err) == 0, "%s", err);
    ck_assert(strcmp(out, BPL_INSTALLED_ASSETS) == 0 || strcmp(out, BPL_SOURCE_ASSETS) == 0);
    snprintf(path, sizeof path, "%s/fonts/LICENSE-DejaVu.txt", out);
    ck_assert_int_eq(access(path, R_OK), 0);
}
END_TEST

static time_t lecture_time(void)
{
    struct tm tm = {.tm_year = 2026 - 1900, .tm_mon = 10, .tm_mday = 26, .tm_hour = 13, .tm_min = 45,
                    .tm_sec = 1, .tm_isdst = -1};
    time_t t = mktime(&tm);
    ck_assert(t != (time_t)-1);
    return t;
}

START_TEST(timestamped_names_never_taken)
{
    char dir[300], name[512], want[512], slashed[320];
    make_dir("work", 0, dir, sizeof dir);
    time_t t = lecture_time();
    ck_assert_int_eq(paths_timestamped_at(name, sizeof name, dir, "backprop-lab", "ini", t), 0);
    snprintf(want, sizeof want, "%s/backprop-lab-2026-11-26-134501.ini", dir);
    ck_assert_str_eq(name, want);
    touch(name);
    ck_assert_int_eq(paths_timestamped_at(name, sizeof name, dir, "backprop-lab", "ini", t), 0);
    snprintf(want, sizeof want, "%s/backprop-lab-2026-11-26-134501-2.ini", dir);
    ck_assert_str_eq(name, want);
    touch(name);
    /* a dangling link takes its name too: saving through it would write somewhere else */
    snprintf(want, sizeof want, "%s/backprop-lab-2026-11-26-134501-3.ini", dir);
    ck_assert_int_eq(symlink("nowhere", want), 0);
    snprintf(slashed, sizeof slashed, "%s/", dir);
    ck_assert_int_eq(paths_timestamped_at(name, sizeof name, slashed, "backprop-lab", "ini", t), 0);
    snprintf(want, sizeof want, "%s/backprop-lab-2026-11-26-134501-4.ini", dir);
    ck_assert_str_eq(name, want);
    /* another extension is another name */
    ck_assert_int_eq(paths_timestamped_at(name, sizeof name, dir, "loss", "csv", t), 0);
    snprintf(want, sizeof want, "%s/loss-2026-11-26-134501.csv", dir);
    ck_assert_str_eq(name, want);
}
END_TEST

START_TEST(timestamped_short_buffer_and_now)
{
    char dir[300], name[512], tiny[20];
    make_dir("work", 0, dir, sizeof dir);
    ck_assert_int_eq(paths_timestamped_at(tiny, sizeof tiny, dir, "backprop-lab", "ini", lecture_time()), -1);
    ck_assert_str_eq(tiny, "");
    ck_assert_int_eq(paths_timestamped(name, sizeof name, dir, "backprop-lab", "ini"), 0);
    char head[400];
    snprintf(head, sizeof head, "%s/backprop-lab-2", dir); /* years 2000..2999 */
    ck_assert_int_eq(strncmp(name, head, strlen(head)), 0);
    ck_assert_int_eq(strlen(name), strlen(dir) + strlen("/backprop-lab-YYYY-MM-DD-HHMMSS.ini"));
    struct stat st;
    ck_assert_int_ne(lstat(name, &st), 0);
}
END_TEST

static session *load_preset(const char *file)
{
    char path[1200], err[512] = "";
    snprintf(path, sizeof path, "%s/presets/%s", BPL_SOURCE_ASSETS, file);
    session *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    session_default(s); /* as the command line does: a file does not hold the room's speed */
    ck_assert_msg(session_load(path, s, err, (int)sizeof err) == 0, "%s", err);
    return s;
}

static train_core *core_of(const session *s)
{
    char err[256] = "";
    train_core *c = train_core_create(s, err, (int)sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    return c;
}

/* lecture-start.ini is the built-in default, weights drawn from the seed. */
/* The preset chooser lists the shipped preset files, sorted, by name without ".ini". */
START_TEST(preset_files_are_listed)
{
    static char names[PATHS_PRESETS_MAX][PATHS_PRESET_NAME];
    int n = paths_presets(BPL_SOURCE_ASSETS, names, PATHS_PRESETS_MAX);
    ck_assert_int_eq(n, 8);
    ck_assert_str_eq(names[0], "edge-above");
    ck_assert_str_eq(names[1], "edge-below");
    ck_assert_str_eq(names[2], "edge-of-stability");
    ck_assert_str_eq(names[3], "lecture-solution");
    ck_assert_str_eq(names[4], "lecture-start");
    ck_assert_str_eq(names[5], "mmse");
    ck_assert_str_eq(names[6], "twin-gd-vs-adam");
    ck_assert_str_eq(names[7], "twin-stability");
    ck_assert_int_eq(paths_presets("/nonexistent-assets", names, PATHS_PRESETS_MAX), 0);
    ck_assert_int_eq(paths_presets(BPL_SOURCE_ASSETS, names, 1), 1);
}
END_TEST

/* The twin pairs the README walks through: the lecture's start, and the one setting run b differs in. */
START_TEST(preset_files_twin)
{
    session *f = load_preset("twin-gd-vs-adam.ini");
    ck_assert_int_eq(f->has_weights, 0);
    ck_assert_int_eq(f->opt, NN_OPT_GD);
    ck_assert(f->lr == 0.02);
    ck_assert_int_eq(f->twin.key, SESSION_TWIN_OPT);
    ck_assert_int_eq(f->twin.i, NN_OPT_ADAM);
    free(f);
    f = load_preset("twin-stability.ini");
    ck_assert(f->lr == 0.5);
    ck_assert_int_eq(f->twin.key, SESSION_TWIN_LR);
    ck_assert(f->twin.a == 1.6);
    free(f);
}
END_TEST

START_TEST(preset_file_lecture_start)
{
    session *f = load_preset("lecture-start.ini");
    session *d = malloc(sizeof *d);
    ck_assert_ptr_nonnull(d);
    session_default(d);
    ck_assert_int_eq(f->has_weights, 0);
    ck_assert_int_eq(f->preset, DATA_PRESET_LECTURE_START);
    ck_assert_int_eq(f->hidden, d->hidden);
    ck_assert_int_eq(f->act, d->act);
    ck_assert_int_eq(f->opt, d->opt);
    ck_assert(f->lr == d->lr && f->gain == d->gain);
    ck_assert(f->task.n == d->task.n && f->task.seed == d->task.seed);
    ck_assert(f->task.theta_min == d->task.theta_min && f->task.theta_max == d->task.theta_max);
    ck_assert(f->task.radius_jitter == d->task.radius_jitter && f->task.noise == d->task.noise);
    train_core *cf = core_of(f), *cd = core_of(d);
    ck_assert(train_core_loss(cf) == train_core_loss(cd));
    ck_assert(train_core_loss(cf) > 0.1); /* a random start is far from the targets */
    train_core_destroy(cf);
    train_core_destroy(cd);
    free(f);
    free(d);
}
END_TEST

/* lecture-solution.ini holds the hand-built weights: they map every token onto its target and
 * agree with the preset's own construction to rounding. */
START_TEST(preset_file_lecture_solution)
{
    session *f = load_preset("lecture-solution.ini");
    ck_assert_int_eq(f->has_weights, 1);
    ck_assert_int_eq(f->hidden, 8);
    ck_assert_int_eq(f->act, NN_ACT_STEP);
    ck_assert_int_eq(f->preset, DATA_PRESET_LECTURE_SOLUTION);
    train_core *cf = core_of(f);
    double loss = train_core_loss(cf);
    ck_assert_msg(loss < 1e-20, "loss %.17g", loss);

    session *d = malloc(sizeof *d), *built = malloc(sizeof *built);
    ck_assert(d && built);
    session_default(d);
    session_set_preset(d, DATA_PRESET_LECTURE_SOLUTION);
    train_core *cd = core_of(d);
    train_core_session(cd, built);
    ck_assert_int_eq(built->hidden, 8);
    size_t np = nn_param_count(2, 8, 2);
    for (size_t i = 0; i < np; i++)
        ck_assert_msg(fabs(f->p[i] - built->p[i]) <= 1e-15, "parameter %zu: %.17g vs %.17g", i, f->p[i],
                      built->p[i]);
    train_core_destroy(cf);
    train_core_destroy(cd);
    free(f);
    free(d);
    free(built);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("install");
    TCase *tc = tcase_create("paths");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, env_alone_decides);
    tcase_add_test(tc, installed_then_source);
    tcase_add_test(tc, failure_lists_every_path);
    tcase_add_test(tc, marker_must_be_a_file);
    tcase_add_test(tc, trailing_slashes_and_short_buffer);
    tcase_add_test(tc, built_in_lookup);
    tcase_add_test(tc, timestamped_names_never_taken);
    tcase_add_test(tc, timestamped_short_buffer_and_now);
    suite_add_tcase(s, tc);
    TCase *tp = tcase_create("presets");
    tcase_add_test(tp, preset_files_are_listed);
    tcase_add_test(tp, preset_file_lecture_start);
    tcase_add_test(tp, preset_files_twin);
    tcase_add_test(tp, preset_file_lecture_solution);
    suite_add_tcase(s, tp);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
