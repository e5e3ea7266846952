/* test_record: PNG frames for slides: numbering, directory handling, frames read back from a surface,
 * a renderer and the headless recorder's off-screen view; no display needed.
 * Single-threaded; every file goes into a fresh directory under $TMPDIR (or /tmp), removed at the end.
 * Invariants: each frame is loaded back with IMG_Load and checked for size and content. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <SDL.h>
#include <SDL_image.h>
#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/record.h"
#include "session/session.h"
#include "train/core.h"

static char root[512];

static void make_root(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/bpl-record-XXXXXX", t && *t ? t : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(root));
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void remove_tree(const char *path)
{
    ck_assert_int_eq(nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}

static SDL_Surface *load_frame(const char *dir, int i)
{
    char path[RECORD_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/frame-%05d.png", dir, i);
    SDL_Surface *s = IMG_Load(path);
    ck_assert_msg(s != NULL, "%s: %s", path, IMG_GetError());
    return s;
}

static Uint32 rgb_at(SDL_Surface *s, int x, int y)
{
    SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    ck_assert_ptr_nonnull(c);
    Uint32 v = ((Uint32 *)((Uint8 *)c->pixels + y * c->pitch))[x] & 0xffffffu;
    SDL_FreeSurface(c);
    return v;
}

static SDL_Surface *solid(int w, int h, Uint32 rgb)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    ck_assert_ptr_nonnull(s);
    SDL_FillRect(s, NULL, 0xff000000u | rgb);
    return s;
}

START_TEST(test_numbered_frames_from_surfaces)
{
    make_root();
    char dir[700], err[600];
    snprintf(dir, sizeof dir, "%s/a/b/frames/", root); /* missing parents, trailing slash */
    record rc;
    ck_assert_msg(record_open(&rc, dir, err, (int)sizeof err) == 0, "%s", err);
    const Uint32 colours[3] = {0xff0000u, 0x00ff00u, 0x0000ffu};
    for (int i = 0; i < 3; i++) {
        SDL_Surface *s = solid(64 + i, 48, colours[i]);
        ck_assert_msg(record_surface(&rc, s, err, (int)sizeof err) == 0, "%s", err);
        SDL_FreeSurface(s);
    }
    ck_assert_int_eq(record_count(&rc), 3);
    record_close(&rc);
    for (int i = 0; i < 3; i++) {
        SDL_Surface *s = load_frame(rc.dir, i);
        ck_assert_int_eq(s->w, 64 + i);
        ck_assert_int_eq(s->h, 48);
        ck_assert_uint_eq(rgb_at(s, 10, 10), colours[i]);
        SDL_FreeSurface(s);
    }
    /* a second recording into the same directory continues the numbering */
    ck_assert_msg(record_open(&rc, dir, err, (int)sizeof err) == 0, "%s", err);
    char next[RECORD_PATH_MAX + 32];
    record_next_path(&rc, next, sizeof next);
    ck_assert_msg(strstr(next, "/frame-00003.png") != NULL, "%s", next);
    SDL_Surface *s = solid(8, 8, 0x123456u);
    ck_assert(record_surface(&rc, s, err, (int)sizeof err) == 0);
    SDL_FreeSurface(s);
    ck_assert_int_eq(record_count(&rc), 1);
    s = load_frame(rc.dir, 3);
    ck_assert_uint_eq(rgb_at(s, 4, 4), 0x123456u);
    SDL_FreeSurface(s);
    record_close(&rc);
    remove_tree(root);
}
END_TEST

START_TEST(test_frames_from_renderer)
{
    make_root();
    char err[600];
    record rc;
    ck_assert_msg(record_open(&rc, root, err, (int)sizeof err) == 0, "%s", err);
    SDL_Surface *target = SDL_CreateRGBSurfaceWithFormat(0, 120, 90, 32, SDL_PIXELFORMAT_ARGB8888);
    ck_assert_ptr_nonnull(target);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(target);
    ck_assert_ptr_nonnull(r);
    SDL_SetRenderDrawColor(r, 10, 20, 30, 255);
    SDL_RenderClear(r);
    SDL_SetRenderDrawColor(r, 250, 200, 0, 255);
    SDL_Rect box = {60, 0, 60, 90};
    SDL_RenderFillRect(r, &box);
    ck_assert_msg(record_renderer(&rc, r, err, (int)sizeof err) == 0, "%s", err);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(target);
    SDL_Surface *s = load_frame(root, 0);
    ck_assert_int_eq(s->w, 120);
    ck_assert_int_eq(s->h, 90);
    ck_assert_uint_eq(rgb_at(s, 5, 5), 0x0a141eu);
    ck_assert_uint_eq(rgb_at(s, 100, 50), 0xfac800u);
    SDL_FreeSurface(s);
    record_close(&rc);
    remove_tree(root);
}
END_TEST

START_TEST(test_refuses_a_file)
{
    make_root();
    char path[700], err[600] = "";
    snprintf(path, sizeof path, "%s/not-a-dir.png", root);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("x", f);
    fclose(f);
    record rc;
    ck_assert_int_eq(record_open(&rc, path, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, path) != NULL, "the message does not name %s: %s", path, err);
    ck_assert_msg(strstr(err, "not a directory") != NULL, "%s", err);
    /* a directory below a file cannot be created either, and the message names it */
    char below[800];
    snprintf(below, sizeof below, "%s/sub", path);
    ck_assert_int_eq(record_open(&rc, below, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, below) != NULL, "%s", err);
    remove_tree(root);
}
END_TEST

/* The headless recorder: the off-screen view of the core's state, one numbered frame per call. */
START_TEST(test_headless_frames)
{
    make_root();
    char dir[700], err[600];
    snprintf(dir, sizeof dir, "%s/run", root);
    cli_options o;
    memset(&o, 0, sizeof o);
    o.record = dir;
    o.width = 640;
    o.height = 400;
    static session se;
    session_default(&se);
    train_core *c = train_core_create(&se, err, (int)sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    record_headless *h = record_headless_open(&o, err, (int)sizeof err);
    ck_assert_msg(h != NULL, "%s", err);
    for (int i = 0; i < 3; i++) {
        ck_assert_msg(record_headless_frame(h, c, 0.0, NULL, 0, err, (int)sizeof err) == 0, "%s", err);
        for (int k = 0; k < 50; k++) train_core_step(c);
    }
    ck_assert_int_eq(record_headless_count(h), 3);
    record_headless_close(h);
    train_core_destroy(c);
    SDL_Surface *first = load_frame(dir, 0), *last = load_frame(dir, 2);
    ck_assert_int_eq(first->w, 640);
    ck_assert_int_eq(first->h, 400);
    ck_assert_int_eq(last->w, 640);
    /* training moved something on screen */
    SDL_Surface *a = SDL_ConvertSurfaceFormat(first, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_Surface *b = SDL_ConvertSurfaceFormat(last, SDL_PIXELFORMAT_ARGB8888, 0);
    ck_assert(a && b);
    long differ = 0;
    for (int y = 0; y < a->h; y++)
        differ += memcmp((Uint8 *)a->pixels + y * a->pitch, (Uint8 *)b->pixels + y * b->pitch, (size_t)a->w * 4) != 0;
    ck_assert_msg(differ > 10, "only %ld rows differ between step 0 and step 100", differ);
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    SDL_FreeSurface(first);
    SDL_FreeSurface(last);
    remove_tree(root);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("record");
    TCase *tc = tcase_create("record");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_numbered_frames_from_surfaces);
    tcase_add_test(tc, test_frames_from_renderer);
    tcase_add_test(tc, test_refuses_a_file);
    tcase_add_test(tc, test_headless_frames);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
