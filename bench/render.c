/* bench/render: frame times of the window's whole picture (controls, panels, overlays) off-screen on SDL's software
 * renderer, or (--window) in a window on SDL's default renderer. Main thread only; training steps between frames, untimed.
 * Invariants: renderer and view context live across frames, as the window's do; only the frame itself is timed. */
#include <SDL.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/text.h"
#include "render/view.h"
#include "render/view_mapdata.h"
#include "ui/keymap.h"

#include "app/paths.h"
#include "session/session.h"
#include "train/core.h"
#include "ui/controls.h"
#include "ui/layout.h"

#define WIDTH 1280
#define HEIGHT 800
#define TARGET_P99_MS 8.0
#define MAX_FRAMES 100000

typedef struct {
    int frames; /* timed, after the warm-up */
    int warmup;
    int window; /* 1: a real window on SDL's default renderer, the process's CPU time (its threads too) */
} options;

static int use_window; /* options.window, for canvas_open */

typedef struct {
    const char *label;
    const scene_desc *sd; /* NULL: the semicircle */
    data_preset preset;
    int tokens, hidden; /* 0: the preset's own (9 and 5 for lecture-start) */
    int running;        /* 1: a training step before each frame; 0: paused, pending-update arrows shown */
} scene;

static double now_ms(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile of v (sorted in place), nearest rank. */
static double quantile(double *v, int n, double q)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    int i = (int)ceil(q * n) - 1;
    return v[i < 0 ? 0 : i];
}

typedef struct {
    SDL_Surface *surf;
    SDL_Window *win;
    SDL_Renderer *ren;
    view_ctx *view;
    ui_controls ctl;
    draw_layer ctl_layer; /* as the window keeps it */
    ui_layout lay;
    view_state vs;
} canvas;

static int canvas_open(canvas *cv, char *err, int errlen)
{
    memset(cv, 0, sizeof *cv);
    if (use_window) {
        cv->win = SDL_CreateWindow("render", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, WIDTH, HEIGHT, 0);
        cv->ren = cv->win ? SDL_CreateRenderer(cv->win, -1, SDL_RENDERER_ACCELERATED) : NULL;
        if (cv->ren) SDL_SetRenderDrawBlendMode(cv->ren, SDL_BLENDMODE_BLEND);
    } else {
        cv->surf = SDL_CreateRGBSurfaceWithFormat(0, WIDTH, HEIGHT, 32, SDL_PIXELFORMAT_ARGB8888);
        cv->ren = cv->surf ? SDL_CreateSoftwareRenderer(cv->surf) : NULL;
    }
    if (!cv->ren) {
        snprintf(err, (size_t)errlen, "%s renderer at %dx%d: %s", use_window ? "window" : "software", WIDTH, HEIGHT,
                 SDL_GetError());
        return -1;
    }
    char dir[4096];
    cv->view = paths_assets(dir, sizeof dir, err, (size_t)errlen) == 0
                   ? view_ctx_open(cv->ren, dir, ui_keymap_help, ui_keymap_help_n, err, errlen)
                   : NULL;
    if (!cv->view)
        return -1;
    /* as the window does on the software renderer: plain shapes straight into the picture, at their
     * sub-pixel positions (draw_soft_triangles), not through SDL_RenderGeometry */
    if (cv->surf)
        draw_list_set_surface(view_ctx_draw_list(cv->view), cv->surf);
    ui_controls_init(&cv->ctl);
    ui_layout_compute(WIDTH, HEIGHT, 1.0f, 0, &cv->lay);
    view_state_init(&cv->vs);
    cv->vs.scale = cv->lay.scale;
    return 0;
}

static void canvas_close(canvas *cv)
{
    if (cv->view)
        view_ctx_destroy(cv->view);
    draw_layer_destroy(&cv->ctl_layer);
    if (cv->ren)
        SDL_DestroyRenderer(cv->ren);
    if (cv->surf)
        SDL_FreeSurface(cv->surf);
    if (cv->win)
        SDL_DestroyWindow(cv->win);
}

/* One frame as the window draws it at the default layout; 0 ok. */
static int frame(canvas *cv, const snap *s)
{
    ui_controls_state st = {.phase = cv->vs.phase, .token = view_selected_token(&cv->vs, s->n)};
    ui_controls_sync(&cv->ctl, &cv->lay, s, &st);
    text_cache *tc = view_ctx_text(cv->view);
    text_set_scale(tc, cv->lay.scale);
    SDL_Rect holes[DRAW_LAYER_HOLES_MAX]; /* as the window clears */
    const int nh = view_clear_panels(cv->view, s, &cv->vs, &cv->lay.view, holes, DRAW_LAYER_HOLES_MAX);
    draw_layer_set_holes(&cv->ctl_layer, holes, nh > 0 ? nh : 0);
    int rc = nh < 0;
    rc |= ui_controls_draw_cached(&cv->ctl_layer, &cv->ctl, &cv->lay, cv->ren, view_ctx_draw_list(cv->view), tc,
                                     draw_palette_get(cv->vs.presenter));
    rc |= view_draw(cv->view, s, &cv->vs, &cv->lay.view);
    text_frame_end(tc);
    SDL_RenderPresent(cv->ren);
    if (cv->win) {
        SDL_Event e;
        while (SDL_PollEvent(&e)) {
        }
    }
    return rc ? -1 : 0;
}

/* Frame times into wall and cpu (opt->frames each); the size drawn into n, hidden. */
static int run_scene(const scene *sc, const options *opt, double *wall, double *cpu, int *n, int *hidden)
{
    static session se;
    char err[1024];
    session_default(&se);
    if (sc->sd)
        session_set_scene(&se, sc->sd);
    else
        session_set_preset(&se, sc->preset);
    if (sc->tokens > 0)
        se.task.n = sc->tokens;
    if (sc->hidden > 0)
        se.hidden = sc->hidden;
    train_core *core = train_core_create(&se, err, sizeof err);
    snap *s = calloc(1, sizeof *s);
    canvas cv;
    if (!core || !s) {
        fprintf(stderr, "render: %s\n", core ? "out of memory" : err);
        train_core_destroy(core);
        free(s);
        return -1;
    }
    if (canvas_open(&cv, err, sizeof err) != 0) {
        fprintf(stderr, "render: %s\n", err);
        canvas_close(&cv);
        train_core_destroy(core);
        free(s);
        return -1;
    }
    train_cmd run = {.type = sc->running ? TRAIN_CMD_RUN : TRAIN_CMD_PAUSE};
    train_core_apply(core, &run);
    for (int i = 0; i < 20; i++) /* off the start, where every token's error is alike */
        train_core_step(core);
    train_core_fill(core, s);
    *n = s->n;
    *hidden = s->hidden;
    int rc = 0, total = opt->warmup + opt->frames;
    double stats_t0 = 0.0; /* when the frame stats_from began */
    int stats_from = 0;
    for (int f = 0; f < total && rc == 0; f++) {
        if (sc->running) {
            train_core_step(core);
            train_core_fill(core, s);
        }
        s->generation = (uint64_t)f + 1;
        const clockid_t cpu_clock = opt->window ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_THREAD_CPUTIME_ID;
        double w0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(cpu_clock);
        if (f == opt->warmup)
            stats_t0 = w0;
        rc = frame(&cv, s);
        double w1 = now_ms(CLOCK_MONOTONIC), c1 = now_ms(cpu_clock);
        if (f >= opt->warmup) {
            wall[f - opt->warmup] = w1 - w0;
            cpu[f - opt->warmup] = c1 - c0;
        }
        /* The status line's figures change once a second in the window; here every 60 frames. */
        if (f >= opt->warmup && (f - opt->warmup + 1) % 60 == 0) {
            int k = f - opt->warmup + 1 - stats_from;
            double tmp[60];
            memcpy(tmp, wall + stats_from, (size_t)k * sizeof *tmp);
            cv.vs.fps = 1e3 * k / (w1 - stats_t0);
            cv.vs.frame_p50_ms = quantile(tmp, k, 0.5);
            cv.vs.frame_p99_ms = quantile(tmp, k, 0.99);
            stats_t0 = w1;
            stats_from = f - opt->warmup + 1;
        }
    }
    if (rc != 0)
        fprintf(stderr, "render: %s: drawing failed: %s\n", sc->label, SDL_GetError());
    canvas_close(&cv);
    train_core_destroy(core);
    free(s);
    return rc;
}

/* The universal scene's maps for one new snapshot at N = 16 (64×64 grid × N units × 3 maps, ŷ, f, ŷ − f,
 * scales, f's isolines, pixels): what the maps page adds per snapshot, not per frame. No SDL. */
static int bench_maps(int reps)
{
    static session se;
    char err[1024];
    session_default(&se);
    session_set_scene(&se, &scene_universal);
    se.hidden = 16;
    train_core *core = train_core_create(&se, err, sizeof err);
    snap *s = calloc(1, sizeof *s);
    view_mapdata *md = view_mapdata_create();
    double *ms = malloc((size_t)reps * sizeof *ms);
    int rc = !core || !s || !md || !ms;
    train_cmd run = {.type = TRAIN_CMD_RUN};
    for (int r = 0; r < reps && !rc; r++) {
        train_core_apply(core, &run);
        train_core_step(core); /* new weights: the maps are evaluated anew */
        train_core_fill(core, s);
        double t0 = now_ms(CLOCK_THREAD_CPUTIME_ID);
        rc |= view_mapdata_eval(md, s) != 0;
        ms[r] = now_ms(CLOCK_THREAD_CPUTIME_ID) - t0;
    }
    if (!rc)
        printf("\n| universal maps per new snapshot | N | median CPU ms | p99 CPU ms | ≤ 2 ms |\n|---|---|---|---|---|\n"
               "| e, h, w h, ŷ, f, ŷ − f at 64×64, isolines, pixels | %d | %.3f | %.3f | %s |\n",
               s->hidden, quantile(ms, reps, 0.5), quantile(ms, reps, 0.99),
               quantile(ms, reps, 0.5) <= 2.0 ? "yes" : "no");
    else
        fprintf(stderr, "render: universal maps: %s\n", core ? "out of memory" : err);
    free(ms);
    view_mapdata_destroy(md);
    free(s);
    train_core_destroy(core);
    return rc;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: render [--frames N] [--warmup N] [--window] [--only TEXT]\n"
               "  --frames  timed frames per row (default 600, range 300..%d)\n"
               "  --warmup  untimed frames first (default 60, range 0..1000)\n"
               "  --window  draw in a real window on SDL's default renderer (OpenGL on Mesa's llvmpipe under\n"
               "            Xvfb) instead; CPU is then the whole process's (the renderer's threads too)\n"
               "  --only    the rows whose label holds TEXT (e.g. 'lecture, running')\n",
            MAX_FRAMES);
}

static int parse_int(const char *flag, const char *s, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi) {
        fprintf(stderr, "render: %s %s: expected a whole number in [%ld, %ld]\n", flag, s, lo, hi);
        return -1;
    }
    *out = (int)v;
    return 0;
}

int main(int argc, char **argv)
{
    options opt = {600, 60, 0};
    static const struct option longs[] = {{"frames", required_argument, NULL, 'f'},
                                          {"warmup", required_argument, NULL, 'w'},
                                          {"window", no_argument, NULL, 'W'},
                                          {"only", required_argument, NULL, 'o'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    int c;
    const char *only = NULL;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (parse_int("--frames", optarg, 300, MAX_FRAMES, &opt.frames) != 0)
                return 2;
            break;
        case 'w':
            if (parse_int("--warmup", optarg, 0, 1000, &opt.warmup) != 0)
                return 2;
            break;
        case 'W':
            opt.window = 1;
            break;
        case 'o':
            only = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "render: unexpected argument %s\n", argv[optind]);
        return 2;
    }
    static const scene scenes[] = {
        {"full view, running", NULL, DATA_PRESET_LECTURE_START, 1024, 64, 1},
        {"full view, paused", NULL, DATA_PRESET_LECTURE_START, 1024, 64, 0},
        {"lecture, running", NULL, DATA_PRESET_LECTURE_START, 0, 0, 1},
        {"lecture, paused", NULL, DATA_PRESET_LECTURE_START, 0, 0, 0},
        {"universal, running", &scene_universal, 0, 0, 16, 1},
    };
    use_window = opt.window;
    if (opt.window && SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "render: --window: %s\n", SDL_GetError());
        return 1;
    }
    double *wall = malloc((size_t)opt.frames * sizeof *wall), *cpu = malloc((size_t)opt.frames * sizeof *cpu);
    if (!wall || !cpu) {
        fprintf(stderr, "render: out of memory\n");
        return 1;
    }
    if (opt.window)
        printf("## Frame time, %dx%d in a window, SDL's default renderer (CPU: the whole process)\n\n", WIDTH, HEIGHT);
    else
        printf("## Frame time, %dx%d off-screen, SDL software renderer (one thread)\n\n", WIDTH, HEIGHT);
    printf("The window's whole frame: controls, every panel, overlays, present. Running: one gd step and a\n"
           "fresh snapshot between frames (untimed). Paused: the pending-update arrows are drawn.\n"
           "%d frames after %d of warm-up; wall clock, and this thread's CPU time (mean and p99; with --window the\n"
           "process's, the renderer's threads too).\n\n",
           opt.frames, opt.warmup);
    printf("| view               | n×N        | mean ms | p50 ms | p99 ms | max ms | mean CPU ms | p99 CPU ms | p99 ≤ %.0f ms |\n",
           TARGET_P99_MS);
    printf("|--------------------|------------|---------|--------|--------|--------|-------------|------------|------------|\n");
    int rc = 0;
    for (size_t i = 0; i < sizeof scenes / sizeof scenes[0]; i++) {
        const scene *sc = &scenes[i];
        int n, hidden;
        if (only && !strstr(sc->label, only))
            continue;
        if (run_scene(sc, &opt, wall, cpu, &n, &hidden) != 0) {
            rc = 1;
            continue;
        }
        double sum = 0.0, sum_cpu = 0.0;
        for (int f = 0; f < opt.frames; f++) {
            sum += wall[f];
            sum_cpu += cpu[f];
        }
        double p50 = quantile(wall, opt.frames, 0.5), p99 = quantile(wall, opt.frames, 0.99);
        char size[32];
        snprintf(size, sizeof size, "%d×%d", n, hidden); /* × is two bytes: one more for the padding */
        printf("| %-18s | %-11s | %7.2f | %6.2f | %6.2f | %6.2f | %11.2f | %10.2f | %-10s |\n", sc->label, size,
               sum / opt.frames, p50, p99, wall[opt.frames - 1], sum_cpu / opt.frames, quantile(cpu, opt.frames, 0.99),
               p99 <= TARGET_P99_MS ? "yes" : "no");
    }
    free(wall);
    free(cpu);
    return bench_maps(opt.frames) | rc;
}
