/* The start-up's timeline (app/startup.c) without a window: stages kept in order with times that never go
 * back, printed by name, the cap; and the window flag that spares SDL re-creating the window.
 * The test's main thread only.
 * Invariants: each case starts with no stage stamped (Check forks each test); no assertion on durations. */
#include <SDL.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/startup.h"

START_TEST(stages_in_order)
{
    const startup_stage *st;
    ck_assert_int_eq(startup_stages(&st), 0);
    startup_mark("video");
    startup_mark("window");
    startup_mark("renderer");
    ck_assert_int_eq(startup_stages(&st), 3);
    ck_assert_str_eq(st[0].name, "video");
    ck_assert_str_eq(st[1].name, "window");
    ck_assert_str_eq(st[2].name, "renderer");
    ck_assert(st[0].wall_ms >= 0); /* Linux: the exec time comes from /proc */
    ck_assert(st[0].cpu_ms >= 0 && st[0].main_ms >= 0 && st[0].main_ms <= st[0].cpu_ms);
    for (int i = 1; i < 3; i++) {
        ck_assert(st[i].wall_ms >= st[i - 1].wall_ms);
        ck_assert(st[i].cpu_ms >= st[i - 1].cpu_ms);
        ck_assert(st[i].main_ms >= st[i - 1].main_ms);
    }
    ck_assert(startup_ms_since_exec() >= st[2].wall_ms);
}
END_TEST

START_TEST(print_names_each_stage)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert(f);
    startup_print(f); /* nothing stamped: nothing printed */
    fflush(f);
    ck_assert_uint_eq(len, 0);
    startup_mark("libraries loaded");
    startup_mark("first frame presented");
    startup_print(f);
    fclose(f);
    ck_assert_msg(strncmp(buf, "start-up, ms since exec", 23) == 0, "%s", buf);
    const char *a = strstr(buf, "\n  libraries loaded "), *b = strstr(buf, "\n  first frame presented ");
    ck_assert_msg(a && b && a < b, "%s", buf);
    free(buf);
}
END_TEST

START_TEST(cap_keeps_the_first)
{
    const char *names[STARTUP_MAX + 3];
    char tmp[STARTUP_MAX + 3][8];
    for (int i = 0; i < STARTUP_MAX + 3; i++) {
        snprintf(tmp[i], sizeof tmp[i], "s%d", i);
        names[i] = tmp[i];
        startup_mark(names[i]);
    }
    const startup_stage *st;
    ck_assert_int_eq(startup_stages(&st), STARTUP_MAX);
    ck_assert_str_eq(st[STARTUP_MAX - 1].name, names[STARTUP_MAX - 1]);
}
END_TEST

/* SDL's OpenGL renderers need an OpenGL window: asked for when SDL tries one first, not otherwise. */
START_TEST(gl_flag_follows_the_driver)
{
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "opengl");
    ck_assert_uint_eq(startup_gl_window_flag(), SDL_WINDOW_OPENGL);
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "opengles2");
    ck_assert_uint_eq(startup_gl_window_flag(), SDL_WINDOW_OPENGL);
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    ck_assert_uint_eq(startup_gl_window_flag(), 0);
    /* no hint: SDL's first render driver decides */
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "");
    SDL_RendererInfo info;
    ck_assert_int_eq(SDL_GetRenderDriverInfo(0, &info), 0);
    ck_assert_uint_eq(startup_gl_window_flag(), strncmp(info.name, "opengl", 6) == 0 ? SDL_WINDOW_OPENGL : 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("startup");
    TCase *tc = tcase_create("timeline");
    tcase_add_test(tc, stages_in_order);
    tcase_add_test(tc, print_names_each_stage);
    tcase_add_test(tc, cap_keeps_the_first);
    tcase_add_test(tc, gl_flag_follows_the_driver);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
