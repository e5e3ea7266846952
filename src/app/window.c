/* window: the interactive app: SDL set-up, the frame loop and its statistics, around a trainer thread.
 * Main thread only.
 * Invariants: rendering and text happen on the main thread; the loop reads only snapshots. */
#include "app/window.h"

#include <SDL.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/offscreen.h"
#include "app/paths.h"
#include "app/renderer.h"
#include "app/startup.h"
#include "app/window_internal.h"
#include "render/draw.h"
#include "render/text.h"
#include "ui/widget.h"

#define IDLE_WAIT_MS 100    /* paused and still: how often to look for a new snapshot */
#define DEFAULT_SPEED 500.0 /* steps per second without --speed: a class sees the loss fall, not jump */
#define GIVE_BACK_EVERY 5.0 /* seconds: the most often freed heap pages are handed back to the system */

/* ---- frame statistics ---- */

static int cmp_double(const void *x, const void *y)
{
    const double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static void frame_percentiles(const window_app *a, double *p50, double *p99)
{
    double sorted[FRAME_RING];
    memcpy(sorted, a->frame_ms, (size_t)a->frame_n * sizeof sorted[0]);
    qsort(sorted, (size_t)a->frame_n, sizeof sorted[0], cmp_double);
    *p50 = a->frame_n ? sorted[(a->frame_n - 1) / 2] : 0;
    *p99 = a->frame_n ? sorted[(int)ceil(0.99 * a->frame_n) - 1] : 0;
}

static void record_frame(window_app *a, double ms)
{
    a->frame_ms[a->frame_head] = ms;
    a->frame_head = (a->frame_head + 1) % FRAME_RING;
    if (a->frame_n < FRAME_RING)
        a->frame_n++;
    a->frames_this_second++;
    frame_percentiles(a, &a->vs.frame_p50_ms, &a->vs.frame_p99_ms);
}

/* Label textures and the driver's buffers behind them come and go by the thousand, and glibc keeps
 * the freed pages between live blocks: resident memory would climb to the largest picture ever
 * drawn and stay there. Handing the free pages back keeps it at what is in use. */
static int give_back(window_app *a, double now)
{
    if (!a->freed || now - a->give_back_t < GIVE_BACK_EVERY)
        return 0;
    a->freed = 0;
    a->give_back_t = now;
#if defined(__GLIBC__)
    malloc_trim(0);
    return 1;
#else
    return 0;
#endif
}

/* CPU seconds used by the whole process (main, trainer and the renderer's threads). */
static double process_cpu(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* --stats=verbose: this second's mean frame split into text, geometry (shapes and hairlines),
 * present and the rest (layout, snapshot reading, building the lists), with the work counted. */
static void print_breakdown(window_app *a)
{
    const int n = a->frames_this_second > 0 ? a->frames_this_second : 1;
    double text_ms, geo_ms;
    long glyphs, text_calls, tris, geo_calls;
    text_profile_take(view_ctx_text(a->view), &text_ms, &glyphs, &text_calls);
    draw_list_profile_take(view_ctx_draw_list(a->view), &geo_ms, &tris, &geo_calls);
    const double frame = a->sum_frame_ms / n, text = text_ms / n, geo = geo_ms / n, present = a->sum_present_ms / n;
    printf("  frame %.2f ms = text %.2f (%ld glyphs, %ld calls) + geometry %.2f (%ld triangles, %ld batches)"
           " + present %.2f + rest %.2f\n",
           frame, text, glyphs / n, text_calls / n, geo, tris / n, geo_calls / n, present,
           frame - text - geo - present);
    a->sum_frame_ms = a->sum_present_ms = 0;
}

/* Once a second: frames per second, and the --stats line. */
static void tick_second(window_app *a, double now)
{
    if (now - a->second_t0 < 1.0)
        return;
    a->vs.fps = (double)a->frames_this_second / (now - a->second_t0);
    const int gave = give_back(a, now);
    const double cpu = process_cpu();
    if (a->opt->stats) {
        /* CPU per frame as well as per second: on a busy machine the frame rate drops, the work per frame does not */
        printf("steps/s %.0f  fps %.1f  frame p50 %.2f ms  p99 %.2f ms  cpu %.1f %% (%.2f ms/frame)  step %lld",
               a->snap->steps_per_sec, a->vs.fps, a->vs.frame_p50_ms, a->vs.frame_p99_ms,
               100.0 * (cpu - a->cpu_t0) / (now - a->second_t0),
               a->frames_this_second ? 1e3 * (cpu - a->cpu_t0) / a->frames_this_second : 0.0,
               (long long)a->snap->step);
        if (gave) /* its cost: it runs between two frames */
            printf("  give-back %.2f ms", (window_now() - now) * 1000.0);
        printf("\n");
        if (a->opt->stats > 1)
            print_breakdown(a);
        fflush(stdout);
    }
    a->frames_this_second = 0;
    a->second_t0 = now;
    a->cpu_t0 = cpu;
}

/* ---- the frame ---- */

static int layout_mode(const window_app *a)
{
    return (a->vs.presenter ? UI_LAYOUT_PRESENTER : 0) | (a->lecture_tab ? UI_LAYOUT_LECTURE : 0) |
           (a->sigma_panel ? UI_LAYOUT_SIGMA : 0);
}

static int draw_frame(window_app *a, double now, int changed)
{
    SDL_GetRendererOutputSize(a->ren, &a->out_w, &a->out_h);
    int ww, wh;
    SDL_GetWindowSize(a->win, &ww, &wh);
    a->px_ratio = ww > 0 ? (float)a->out_w / (float)ww : 1.0f;
    /* --scale as asked; else from the DPI and the window's size, again at every resize and fullscreen */
    const float scale = a->opt->scale > 0 ? a->dpi_scale : ui_default_scale(a->dpi_scale, a->out_w, a->out_h);
    ui_layout_compute(a->out_w, a->out_h, scale, layout_mode(a), &a->lay);
    a->vs.scale = a->lay.scale;
    if (a->banner_until > 0 && now > a->banner_until) {
        a->vs.banner[0] = '\0';
        a->vs.banner_kind = VIEW_BANNER_NONE;
        a->banner_until = 0;
    }
    window_update_move(a, now);
    window_maps_show(a, now);
    window_sync_widgets(a, now);
    window_update_hover(a);

    text_cache *tc = view_ctx_text(a->view);
    draw_list *dl = view_ctx_draw_list(a->view);
    /* the software renderer's strokes at their sub-pixel positions (a resize makes a new surface) */
    draw_list_set_surface(dl, a->soft ? SDL_GetWindowSurface(a->win) : NULL);
    const draw_palette *pal = draw_palette_get(a->vs.presenter);
    text_set_scale(tc, a->lay.scale);
    /* the panels' insides are left by the clear, and the controls' copy keeps off them */
    SDL_Rect holes[DRAW_LAYER_HOLES_MAX];
    const int nh = view_clear_panels(a->view, a->shown, &a->vs, &a->lay.view, holes, DRAW_LAYER_HOLES_MAX);
    draw_layer_set_holes(&a->ctl_layer, holes, nh > 0 ? nh : 0);
    int rc = nh < 0 ? -1 : 0;
    rc |= ui_controls_draw_cached(&a->ctl_layer, &a->ctl, &a->lay, a->ren, dl, tc, pal);
    rc |= view_draw_panels(a->view, a->shown, &a->vs, &a->lay.view);
    /* frames for slides and screenshots hold the picture, not the banners or the REC marker drawn
     * over it (SDL reads back what is drawn so far, before the present) */
    window_record_if_due(a, changed || window_moving(a));
    if (a->want_screenshot) {
        a->want_screenshot = 0;
        window_save_screenshot(a); /* its own banner is drawn just below, over the window alone */
    }
    a->vs.rec_frames = a->recording ? record_count(&a->rec) : -1;
    rc |= view_draw_overlays(a->view, a->shown, &a->vs, &a->lay.view);
    if (!a->vs.help)
        rc |= ui_widgets_draw_popup(&a->ctl.ws, a->ren, dl, tc, pal);
    if (text_frame_end(tc) > 0)
        a->freed = 1;
    return rc;
}

static int has_motion(const window_app *a, double now)
{
    const snap *s = a->snap;
    return s->status == TRAIN_RUNNING || s->steps_left > 0 || ui_widgets_busy(&a->ctl.ws) || a->drag_token >= 0 ||
           a->drag_probe || a->pan_plane >= 0 || a->scrub || a->out_n > 0 || now < a->linger_until || window_moving(a) ||
           (a->twin_snap && (a->twin_snap->status == TRAIN_RUNNING || a->twin_snap->steps_left > 0)) || a->twin_n > 0;
}

static void run_loop(window_app *a)
{
    /* Frames are capped at 60 per second unless vsync paces a faster display. */
    double min_frame = 1.0 / 60.0;
    SDL_RendererInfo info;
    SDL_DisplayMode mode;
    const int vsync = SDL_GetRendererInfo(a->ren, &info) == 0 && (info.flags & SDL_RENDERER_PRESENTVSYNC) &&
                      strcmp(info.name, "software") != 0; /* the software renderer claims vsync, but no */
    if (vsync && SDL_GetCurrentDisplayMode(SDL_GetWindowDisplayIndex(a->win), &mode) == 0 && mode.refresh_rate > 60)
        min_frame = 1.0 / mode.refresh_rate;

    double last_frame = 0;
    int draw_failed = 0;
    a->second_t0 = window_now();
    a->cpu_t0 = process_cpu();
    if (a->opt->stats > 1) {
        text_profile_enable(view_ctx_text(a->view), 1);
        draw_list_profile_enable(view_ctx_draw_list(a->view), 1);
    }
    int fresh = 0;
    a->snap = train_thread_take(a->trainer, &fresh);
    a->dirty = 1;
    startup_mark("loop entered");
    while (!a->quit) {
        SDL_Event e;
        double now = window_now();
        if (!a->dirty && !has_motion(a, now)) {
            /* paused and still: sleep in the event queue, looking for a new snapshot now and then */
            if (SDL_WaitEventTimeout(&e, IDLE_WAIT_MS))
                window_handle_event(a, e);
        }
        while (!a->quit && SDL_PollEvent(&e))
            window_handle_event(a, e);
        window_flush_outbox(a);
        a->snap = train_thread_take(a->trainer, &fresh);
        fresh |= window_twin_take(a); /* both snapshots, every frame */
        window_export_poll(a);
        window_landscape_tick(a, fresh);
        window_sweep_tick(a);
        now = window_now();
        if (fresh || (a->banner_until > 0 && now > a->banner_until))
            a->dirty = 1;
        tick_second(a, now);
        if (a->quit || (!a->dirty && !has_motion(a, now)))
            continue;

        if (now - last_frame < min_frame) {
            SDL_Delay((Uint32)((min_frame - (now - last_frame)) * 1000.0));
            now = window_now();
        }
        last_frame = now;
        if (draw_frame(a, now, a->dirty) != 0 && !draw_failed) {
            /* once: a renderer that fails keeps failing, and the log must stay readable */
            SDL_Log("drawing failed: %s", SDL_GetError());
            draw_failed = 1;
        }
        if (!a->first_shown)
            startup_mark("first frame drawn");
        /* present included: a GL renderer does most of its drawing there */
        const double p0 = window_now();
        SDL_RenderPresent(a->ren);
        const double end = window_now();
        record_frame(a, (end - now) * 1000.0);
        a->sum_frame_ms += (end - now) * 1000.0;
        a->sum_present_ms += (end - p0) * 1000.0;
        if (!a->first_shown) {
            startup_mark("first frame presented");
            if (a->opt->stats) {
                struct timespec rt;
                clock_gettime(CLOCK_REALTIME, &rt);
                printf("first frame %.0f ms after exec (at %lld.%03ld s since the epoch)\n", startup_ms_since_exec(),
                       (long long)rt.tv_sec, rt.tv_nsec / 1000000);
                if (a->opt->stats > 1)
                    startup_print(stdout);
                fflush(stdout);
            }
        }
        a->first_shown = 1;
        a->dirty = 0;
    }
}

/* ---- set-up ---- */

/* The display's DPI over 96, between 1 and 4. */
static float display_scale(int display)
{
    float ddpi = 0, hdpi = 0, vdpi = 0;
    if (display < 0 || SDL_GetDisplayDPI(display, &ddpi, &hdpi, &vdpi) != 0 || !(hdpi > 0))
        return 1.0f;
    const float s = hdpi / 96.0f;
    /* a display that reports less than 96 dpi is read from further away, not closer */
    return s < 1.0f ? 1.0f : s > 4.0f ? 4.0f : s;
}

/* Without a display SDL falls back to its invisible "offscreen" or "dummy" driver; only someone who
 * asks for one by name (SDL_VIDEODRIVER) gets it. */
static int real_display(void)
{
    const char *drv = SDL_GetCurrentVideoDriver();
    const char *asked = getenv("SDL_VIDEODRIVER");
    if (!drv)
        return 0;
    if (strcmp(drv, "offscreen") != 0 && strcmp(drv, "dummy") != 0)
        return 1;
    return asked && strstr(asked, drv) != NULL;
}

/* Stops the trainer, closes the window and frees a (whatever of it was opened). */
static void cleanup(window_app *a)
{
    for (int i = 0; i < a->out_n; i++)
        if (a->outbox[i].type == TRAIN_CMD_LOAD || a->outbox[i].type == TRAIN_CMD_SET_PARAMS)
            free(a->outbox[i].ptr);
    window_twin_stop(a);
    app_prestart_free(&a->pre); /* a start-up that failed before taking the trainer */
    train_thread_stop(a->trainer);
    free(a->export_buf); /* lent to the trainer, which is gone now */
    window_landscape_close(a);
    window_sweep_close(a);
    view_ctx_destroy(a->view);
    draw_layer_destroy(&a->ctl_layer);
    SDL_FreeCursor(a->cur_arrow);
    SDL_FreeCursor(a->cur_hand);
    SDL_FreeCursor(a->cur_move);
    if (a->ren)
        SDL_DestroyRenderer(a->ren);
    if (a->win)
        SDL_DestroyWindow(a->win);
    SDL_Quit();
    free(a->before);
    free(a->anim);
    free(a->maps_edit);
    free(a);
}

static int fail(window_app *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A start-up failure: "backprop-lab: " and the message on stderr, then cleanup; the exit status. */
static int fail(window_app *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("backprop-lab: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    cleanup(a);
    return 1;
}

/* The window at --size in points, grown with the display's DPI but never past the screen, and its renderer. */
static int open_window(window_app *a)
{
    const cli_options *o = a->opt;
    const float dpi = display_scale(0);
    int w = (int)((float)o->width * dpi), h = (int)((float)o->height * dpi);
    SDL_Rect usable;
    if (SDL_GetDisplayUsableBounds(0, &usable) == 0 && usable.w > 0 && usable.h > 0) {
        if (w > usable.w)
            w = usable.w;
        if (h > usable.h)
            h = usable.h;
    }
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (o->fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    /* --renderer software, or auto without a GPU, loads no OpenGL, not even for the window */
    const app_renderer early = app_renderer_early((app_renderer)o->renderer, "/dev");
    const Uint32 gl = early == APP_RENDERER_SOFTWARE ? 0 : startup_gl_window_flag();
    a->win = SDL_CreateWindow("backprop-lab", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags | gl);
    if (!a->win) /* no OpenGL here: the software renderer draws into a plain window */
        a->win = SDL_CreateWindow("backprop-lab", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!a->win)
        return fail(a, "cannot open a window: %s\nNo display? Try --headless.\n", SDL_GetError());
    startup_mark("window");
    SDL_SetWindowMinimumSize(a->win, 640, 400);
    const unsigned long native = startup_native_window(a->win);
    char note[256], err[256];
    if (!(a->ren = app_renderer_create(a->win, (app_renderer)o->renderer, early, note, sizeof note, err, sizeof err)))
        return fail(a, "%s\n", err);
    startup_mark(startup_native_window(a->win) == native ? "renderer" : "renderer (window made anew)");
    if (o->stats)
        printf("renderer %s\n", note);
    SDL_RendererInfo info;
    a->soft = SDL_GetRendererInfo(a->ren, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE) != 0;
    SDL_SetRenderDrawBlendMode(a->ren, SDL_BLENDMODE_BLEND);
    a->dpi_scale = display_scale(SDL_GetWindowDisplayIndex(a->win)) * (o->scale > 0 ? (float)o->scale : 1.0f);
    int ow, oh, ww, wh;
    SDL_GetRendererOutputSize(a->ren, &ow, &oh);
    SDL_GetWindowSize(a->win, &ww, &wh);
    /* HIGHDPI: the drawable has more pixels than the window has points */
    if (ww > 0 && ow > ww)
        a->dpi_scale *= (float)ow / (float)ww;
    return 0;
}

int app_window_run(const cli_options *o, const session *s)
{
    if (!window_draws_scene(session_scene(s))) {
        fprintf(stderr, "backprop-lab: the window draws the semicircle scene; the scene %s runs with --headless"
                        " (e.g. --scene %s --headless --steps 2000 --csv -)\n",
                session_scene(s)->name, session_scene(s)->name);
        return 2;
    }
    const char *why = NULL;
    if (SDL_Init(SDL_INIT_VIDEO) != 0)
        why = SDL_GetError();
    else if (SDL_GetNumVideoDisplays() < 1 || !real_display())
        why = "no display found";
    if (why) {
        fprintf(stderr,
                "backprop-lab: cannot open a window: %s\n"
                "No display? Run without one with --headless (e.g. --headless --steps 1000 --screenshot out.png).\n",
                why);
        SDL_Quit();
        return 1;
    }
    startup_mark("video");
    window_app *a = calloc(1, sizeof *a);
    if (!a) {
        fprintf(stderr, "backprop-lab: out of memory\n");
        SDL_Quit();
        return 1;
    }
    a->opt = o;
    /* the trainer starts beside the window's opening; without --speed it trains at a pace a class can
     * follow (headless stays unlimited) */
    app_prestart_begin(&a->pre, s, o->has_speed ? 0 : DEFAULT_SPEED);
    a->drag_token = a->pan_plane = -1;
    a->move_t0 = -1;
    view_state_init(&a->vs);
    a->vs.presenter = o->presenter;
    a->vs.page = (view_page)o->view_page;
    a->vs.maps_cut_on = o->has_slice; /* --slice: the strip starts with that segment */
    memcpy(a->vs.maps_cut, o->slice, sizeof o->slice);
    a->lecture_tab = o->view_lecture;
    ui_controls_init(&a->ctl);
    for (int i = 0; i < UI_W_COUNT; i++)
        a->pending_t[i] = -1;
    a->before = malloc(sizeof *a->before);
    a->anim = malloc(sizeof *a->anim);
    a->maps_edit = malloc(sizeof *a->maps_edit);
    if (!a->before || !a->anim || !a->maps_edit || window_landscape_open(a) != 0 ||
        window_sweep_open(a) != 0)
        return fail(a, "out of memory\n");
    startup_mark("state");
    if (open_window(a) != 0)
        return 1;

    /* the fonts come from the one assets lookup, which names every place it tried */
    char err[1024];
    if (paths_assets(a->assets, sizeof a->assets, err, sizeof err) != 0 ||
        !(a->view = app_view_open(a->ren, a->assets, err, sizeof err)))
        return fail(a, "%s\n", err);
    startup_mark("fonts");
    _Static_assert(PATHS_PRESET_NAME == UI_PRESET_NAME, "one name length for preset files");
    static char presets[PATHS_PRESETS_MAX][PATHS_PRESET_NAME];
    int n_presets = paths_presets(a->assets, presets, PATHS_PRESETS_MAX);
    ui_controls_set_presets(&a->ctl, (const char(*)[UI_PRESET_NAME])presets, n_presets);
    startup_mark("presets");
    a->trainer = app_prestart_end(&a->pre, err, sizeof err); /* begun before the window */
    if (a->trainer && s->twin.key != SESSION_TWIN_NONE) /* a twin file opens as a twin */
        window_twin_start(a, a->pre.s, &s->twin);
    app_prestart_free(&a->pre);
    if (!a->trainer)
        return fail(a, "%s\n", err);
    startup_mark("trainer");
    if (o->record)
        window_start_recording(a, o->record);
    a->cur_arrow = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_ARROW);
    a->cur_hand = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_HAND);
    a->cur_move = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_SIZEALL);
    SDL_EventState(SDL_DROPFILE, SDL_ENABLE);
    startup_mark("cursors");

    run_loop(a);
    if (a->recording)
        printf("backprop-lab: %ld frames in %s/\n", record_count(&a->rec), a->rec.dir);
    cleanup(a);
    return 0;
}
