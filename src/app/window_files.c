/* window_files: the files the window writes and reads: screenshot, loss CSV, session (save, drop), recorded frames.
 * Main thread only (the screenshot and the frames read the renderer back).
 * Invariants: every outcome is told in a banner; no existing file is ever truncated or left half-written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/paths.h"
#include "app/window_internal.h"
#include "app/offscreen.h"
#include "session/io.h"
#include "session/session.h"
#include "train/travel.h"

void window_save_screenshot(window_app *a)
{
    char path[1024];
    if (paths_timestamped(path, sizeof path, ".", "backprop-lab", "png") != 0) {
        window_banner(a, VIEW_BANNER_ERROR, "Screenshot not saved: no free file name in the working directory.");
        return;
    }
    /* no alpha channel: some renderers read back a transparent framebuffer */
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, a->out_w, a->out_h, 24, SDL_PIXELFORMAT_RGB24);
    if (!surf) {
        window_banner(a, VIEW_BANNER_ERROR, "Screenshot %s not saved: %s", path, SDL_GetError());
        return;
    }
    char err[200];
    if (SDL_RenderReadPixels(a->ren, NULL, SDL_PIXELFORMAT_RGB24, surf->pixels, surf->pitch) != 0)
        window_banner(a, VIEW_BANNER_ERROR, "Screenshot %s not saved: %s", path, SDL_GetError());
    else if (view_save_png(surf, path, err, (int)sizeof err) != 0)
        window_banner(a, VIEW_BANNER_ERROR, "Screenshot not saved: %s", err);
    else
        window_banner(a, VIEW_BANNER_INFO, "Screenshot saved to %s", path);
    SDL_FreeSurface(surf);
}

/* Ctrl+E: the exact loss of every step of the branch, as --csv writes it (`step,loss`). The trainer
 * keeps them (TRAVEL_LOSS_MAX steps exactly, 16 MB; a longer run every 2nd, 4th, ... step, said in a
 * comment line above the header); it writes them into an array lent to it, and a later snapshot says
 * it is done (window_export_poll). */
void window_export_csv(window_app *a)
{
    if (a->export_buf) {
        window_banner(a, VIEW_BANNER_INFO, "The loss history is on its way to a file already.");
        return;
    }
    a->export_buf = malloc((size_t)TRAVEL_LOSS_MAX * sizeof *a->export_buf);
    if (!a->export_buf) {
        window_banner(a, VIEW_BANNER_ERROR, "Loss history not saved: out of memory");
        return;
    }
    a->export_wait = a->snap->travel.export_seq + 1;
    window_send(a, (train_cmd){.type = TRAIN_CMD_EXPORT_LOSS, .ptr = a->export_buf, .u = (uint64_t)TRAVEL_LOSS_MAX});
}

/* Writes the CSV once the trainer has filled the lent array. Through io: a temporary file beside the
 * target, synced, then renamed over it, so a file of that name is never truncated or left half-written. */
void window_export_poll(window_app *a)
{
    const snap_travel *v = &a->snap->travel;
    if (!a->export_buf || v->export_seq < a->export_wait)
        return;
    char path[1024], err[200]; /* err: the banner (256) keeps the reason whole */
    io_out *f = NULL;
    if (paths_timestamped(path, sizeof path, ".", "backprop-lab-loss", "csv") != 0)
        window_banner(a, VIEW_BANNER_ERROR, "Loss history not saved: no free file name in the working directory.");
    else if (!(f = io_open(path, err, (int)sizeof err)))
        window_banner(a, VIEW_BANNER_ERROR, "Loss history not saved: %s", err);
    if (f) {
        if (v->export_stride > 1)
            io_printf(f, "# every %lld%s step: the run is longer than the %lld steps kept exactly\n",
                      (long long)v->export_stride, v->export_stride == 2 ? "nd" : "th", (long long)TRAVEL_LOSS_MAX);
        io_printf(f, "step,loss\n");
        for (int64_t i = 0; i < v->export_n; i++)
            io_printf(f, "%lld,%.17g\n", (long long)(v->export_first + i * v->export_stride), a->export_buf[i]);
        if (io_commit(f, err, (int)sizeof err) != 0)
            window_banner(a, VIEW_BANNER_ERROR, "Loss history not saved: %s", err);
        else
            window_banner(a, VIEW_BANNER_INFO, "Loss of %lld steps saved to %s", (long long)v->export_n, path);
    }
    free(a->export_buf);
    a->export_buf = NULL;
}

void window_session_slice(const window_app *a, session *s)
{
    /* a cut whose two ends met (a press on a map's corner, dragged further out) is no segment: the file
     * would be refused on loading */
    s->has_slice = a->vs.maps_cut_on && session_scene(s)->target != NULL && session_slice_ok(a->vs.maps_cut);
    if (s->has_slice)
        memcpy(s->slice, a->vs.maps_cut, sizeof s->slice);
}

/* The session as the snapshot shows it, to --save FILE (the whole path, however long) or a new
 * timestamped file here. */
void window_save_session(window_app *a)
{
    char stamped[1024], err[200];
    const char *path = a->opt->save;
    if (!path) {
        if (paths_timestamped(stamped, sizeof stamped, ".", "backprop-lab", "ini") != 0) {
            window_banner(a, VIEW_BANNER_ERROR, "Session not saved: no free file name in the working directory.");
            return;
        }
        path = stamped;
    }
    if (a->twin) {
        window_twin_save(a, path); /* the branch point and the setting */
        return;
    }
    session *s = malloc(sizeof *s);
    if (!s) {
        window_banner(a, VIEW_BANNER_ERROR, "Session not saved: out of memory");
        return;
    }
    session_from_snap(s, a->snap);
    window_session_slice(a, s);
    if (session_save(path, s, err, (int)sizeof err) != 0)
        window_banner(a, VIEW_BANNER_ERROR, "Session not saved: %s", err);
    else
        window_banner(a, VIEW_BANNER_INFO, "Session (step %lld) saved to %s", (long long)a->snap->step, path);
    free(s);
}

int window_draws_scene(const scene_desc *sc) { return sc == &scene_semicircle || sc == &scene_universal; }

void window_load_file(window_app *a, const char *path)
{
    session *s = malloc(sizeof *s);
    char err[240];
    if (!s) {
        window_banner(a, VIEW_BANNER_ERROR, "Out of memory loading %s", path);
        return;
    }
    session_default(s);
    s->speed = a->snap->speed;
    if (session_load(path, s, err, sizeof err) != 0) {
        window_banner(a, VIEW_BANNER_ERROR, "%s", err);
        free(s);
        return;
    }
    if (!window_draws_scene(session_scene(s))) {
        window_banner(a, VIEW_BANNER_ERROR, "%s: the scene %s runs with --headless; the window draws the semicircle",
                      path, session_scene(s)->name);
        free(s);
        return;
    }
    /* the file's slice strip, or none: the maps show what the file holds (read before s goes to the trainer) */
    a->vs.maps_cut_on = s->has_slice;
    if (s->has_slice)
        memcpy(a->vs.maps_cut, s->slice, sizeof a->vs.maps_cut);
    /* a twin file reopens as a twin: run b from the same session, its setting changed */
    const int is_twin = s->twin.key != SESSION_TWIN_NONE;
    session *twin = is_twin ? malloc(sizeof *twin) : NULL;
    if (twin)
        *twin = *s;
    train_cmd c = {.type = TRAIN_CMD_LOAD, .ptr = s}; /* s is the trainer's from here on */
    window_send(a, c);                                /* ends a twin under way */
    if (!is_twin)
        window_banner(a, VIEW_BANNER_INFO, "Loaded %s", path);
    else if (!twin)
        window_banner(a, VIEW_BANNER_ERROR, "Loaded %s as run a alone: out of memory for its twin", path);
    else if (window_twin_start(a, twin, &twin->twin) == 0) /* else its banner says why */
        window_banner(a, VIEW_BANNER_INFO, "Loaded %s: a twin, run b %s against run a's %s (I ends it)", path,
                      a->vs.twin_label[1], a->vs.twin_label[0]);
    free(twin);
}

int window_start_recording(window_app *a, const char *dir)
{
    char err[1024];
    if (record_open(&a->rec, dir, err, (int)sizeof err) != 0) {
        window_banner(a, VIEW_BANNER_ERROR, "Not recording: %s", err);
        return -1;
    }
    a->recording = 1;
    a->rec_phase_due = a->vs.phase != LECT_OFF;
    window_banner(a, VIEW_BANNER_INFO, "Recording frames to %s/ (Ctrl+R stops)", a->rec.dir);
    return 0;
}

/* Into --record DIR, else a new folder here named by the time. */
void window_toggle_recording(window_app *a)
{
    if (a->recording) {
        a->recording = 0;
        window_banner(a, VIEW_BANNER_INFO, "Recording stopped: %ld frames in %s/", record_count(&a->rec), a->rec.dir);
        record_close(&a->rec);
        return;
    }
    char dir[256];
    if (a->opt->record) {
        window_start_recording(a, a->opt->record);
        return;
    }
    const time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(dir, sizeof dir, "backprop-lab-frames-%Y-%m-%d-%H%M%S", &tm);
    window_start_recording(a, dir);
}

/* One frame per changed frame (changed: not a frame drawn only while waiting for the trainer's
 * answer), or one per phase. */
void window_record_if_due(window_app *a, int changed)
{
    if (!a->recording)
        return;
    if (a->vs.phase == LECT_OFF && !changed)
        return;
    if (a->vs.phase != LECT_OFF) {
        if (!a->rec_phase_due || window_moving(a))
            return;
        a->rec_phase_due = 0;
    }
    char err[1024];
    if (record_renderer(&a->rec, a->ren, err, (int)sizeof err) != 0) {
        a->recording = 0;
        record_close(&a->rec);
        window_banner(a, VIEW_BANNER_ERROR, "Recording stopped: %s", err);
    }
}
