/* test_renderer: the window's renderer as a function of --renderer and OpenGL's GL_RENDERER string.
 * Single-threaded test binary; no window (app_renderer_pick is pure).
 * Invariants: auto takes software exactly where OpenGL rasterises on the CPU or is missing; a named renderer
 * is obeyed. */
#include "app/renderer.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    app_renderer asked;
    const char *gl; /* NULL: no OpenGL context */
    app_renderer want;
    const char *why; /* a part of the reason given */
} cases[] = {
    /* OpenGL on the CPU: the software renderer draws the same picture for less */
    {APP_RENDERER_AUTO, "llvmpipe (LLVM 15.0.6, 256 bits)", APP_RENDERER_SOFTWARE, "on the CPU"},
    {APP_RENDERER_AUTO, "LLVMPIPE (LLVM 11.0.1, 128 bits)", APP_RENDERER_SOFTWARE, "on the CPU"},
    {APP_RENDERER_AUTO, "softpipe", APP_RENDERER_SOFTWARE, "on the CPU"},
    {APP_RENDERER_AUTO, "Gallium 0.4 on softpipe", APP_RENDERER_SOFTWARE, "on the CPU"},
    {APP_RENDERER_AUTO, "Mesa DRI swrast", APP_RENDERER_SOFTWARE, "on the CPU"},
    {APP_RENDERER_AUTO, "Software Rasterizer", APP_RENDERER_SOFTWARE, "on the CPU"},
    {APP_RENDERER_AUTO, NULL, APP_RENDERER_SOFTWARE, "no OpenGL"},
    /* GPUs, one of them compiled by LLVM too: only llvmpipe itself is on the CPU */
    {APP_RENDERER_AUTO, "AMD Radeon RX 580 Series (polaris10, LLVM 15.0.6, DRM 3.49, 6.1.0-13-amd64)",
     APP_RENDERER_OPENGL, "a GPU"},
    {APP_RENDERER_AUTO, "Mesa Intel(R) UHD Graphics 620 (KBL GT2)", APP_RENDERER_OPENGL, "a GPU"},
    {APP_RENDERER_AUTO, "NVIDIA GeForce GTX 1080/PCIe/SSE2", APP_RENDERER_OPENGL, "a GPU"},
    {APP_RENDERER_AUTO, "virgl (Intel(R) Iris(R) Xe Graphics)", APP_RENDERER_OPENGL, "a GPU"},
    {APP_RENDERER_AUTO, "", APP_RENDERER_OPENGL, "a GPU"},
    /* a named renderer whatever OpenGL is */
    {APP_RENDERER_OPENGL, "llvmpipe (LLVM 15.0.6, 256 bits)", APP_RENDERER_OPENGL, "--renderer opengl"},
    {APP_RENDERER_OPENGL, NULL, APP_RENDERER_OPENGL, "--renderer opengl"},
    {APP_RENDERER_SOFTWARE, "NVIDIA GeForce GTX 1080/PCIe/SSE2", APP_RENDERER_SOFTWARE, "--renderer software"},
    {APP_RENDERER_SOFTWARE, NULL, APP_RENDERER_SOFTWARE, "--renderer software"},
};

START_TEST(pick)
{
    const char *why = NULL;
    const app_renderer got = app_renderer_pick(cases[_i].asked, cases[_i].gl, &why);
    ck_assert_msg(got == cases[_i].want, "case %d ('%s'): %d, want %d", _i, cases[_i].gl ? cases[_i].gl : "(none)",
                  (int)got, (int)cases[_i].want);
    ck_assert_ptr_nonnull(why);
    ck_assert_msg(strstr(why, cases[_i].why) != NULL, "case %d: '%s' lacks '%s'", _i, why, cases[_i].why);
}
END_TEST

START_TEST(names)
{
    ck_assert_int_eq(app_renderer_find("auto"), APP_RENDERER_AUTO);
    ck_assert_int_eq(app_renderer_find("opengl"), APP_RENDERER_OPENGL);
    ck_assert_int_eq(app_renderer_find("software"), APP_RENDERER_SOFTWARE);
    ck_assert_int_eq(app_renderer_find("OpenGL"), -1);
    ck_assert_int_eq(app_renderer_find(""), -1);
    ck_assert_int_eq(app_renderer_find("soft"), -1);
    ck_assert_int_eq(app_renderer_find(NULL), -1);
}
END_TEST

/* A fake /dev: a fresh directory with the given device files (paths relative to it; "dri/" made first). */
static void fake_dev(char *dir, const char *const *files, int n)
{
    strcpy(dir, "/tmp/bpl-dev-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char p[256];
    snprintf(p, sizeof p, "%s/dri", dir);
    ck_assert_int_eq(mkdir(p, 0700), 0);
    for (int i = 0; i < n; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        FILE *f = fopen(p, "w");
        ck_assert_ptr_nonnull(f);
        fclose(f);
    }
}

static void drop_dev(const char *dir, const char *const *files, int n)
{
    char p[256];
    for (int i = 0; i < n; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    snprintf(p, sizeof p, "%s/dri", dir);
    rmdir(p);
    rmdir(dir);
}

START_TEST(gpu_nodes)
{
    static const struct {
        const char *files[2];
        int n, gpu;
    } devs[] = {
        {{0}, 0, 0},
        {{"dri/by-path"}, 1, 0}, /* a directory entry that is no device node */
        {{"dri/card0"}, 1, 1},
        {{"dri/renderD128"}, 1, 1},
        {{"nvidia0"}, 1, 1},
        {{"nvidiactl"}, 1, 0},
    };
    unsetenv("SDL_RENDER_DRIVER");
    for (int i = 0; i < (int)(sizeof devs / sizeof devs[0]); i++) {
        char dir[64];
        fake_dev(dir, devs[i].files, devs[i].n);
        ck_assert_msg(app_renderer_gpu_nodes(dir) == devs[i].gpu, "case %d", i);
        /* auto decides for software before loading OpenGL only where there is no GPU node */
        ck_assert_int_eq(app_renderer_early(APP_RENDERER_AUTO, dir),
                         devs[i].gpu ? APP_RENDERER_AUTO : APP_RENDERER_SOFTWARE);
        ck_assert_int_eq(app_renderer_early(APP_RENDERER_OPENGL, dir), APP_RENDERER_OPENGL);
        ck_assert_int_eq(app_renderer_early(APP_RENDERER_SOFTWARE, dir), APP_RENDERER_SOFTWARE);
        /* SDL_RENDER_DRIVER in the environment leaves auto to SDL */
        setenv("SDL_RENDER_DRIVER", "opengl", 1);
        ck_assert_int_eq(app_renderer_early(APP_RENDERER_AUTO, dir), APP_RENDERER_AUTO);
        unsetenv("SDL_RENDER_DRIVER");
        drop_dev(dir, devs[i].files, devs[i].n);
    }
    ck_assert_int_eq(app_renderer_gpu_nodes("/nonexistent-dev"), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("renderer");
    TCase *tc = tcase_create("renderer");
    tcase_add_loop_test(tc, pick, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, names);
    tcase_add_test(tc, gpu_nodes);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    const int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
