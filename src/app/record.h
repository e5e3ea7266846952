/* record: PNG frames for slides, numbered frame-00000.png, frame-00001.png … in one directory;
 * and the headless run's recorder (one off-screen view per recorded step).
 * Main thread only (the renderer, SDL_image and SDL_ttf).
 * Invariants: numbers follow the frames written without gaps; a failed write does not advance them. */
#ifndef APP_RECORD_H
#define APP_RECORD_H

#include <SDL.h>

#include "app/cli.h"
#include "train/core.h"

#define RECORD_PATH_MAX 4096

typedef struct {
    char dir[RECORD_PATH_MAX]; /* without a trailing '/' */
    long next;                 /* number of the next frame */
    long written;              /* frames written since record_open */
    int is_open;
} record;

/* Creates dir (and missing parents) when absent. Frames start after the highest frame-NNNNN.png
 * already there, so a second recording into the same directory continues the numbering.
 * 0 ok; -1 with err naming the path (not a directory, cannot create, not writable). */
int record_open(record *rc, const char *dir, char *err, int errlen);
/* The path the next frame will be written to. */
void record_next_path(const record *rc, char *buf, size_t len);
/* Writes one frame from a surface, or from what r has drawn so far (SDL_RenderReadPixels of the
 * whole output, before SDL_RenderPresent). 0 ok; -1 with err naming the file. */
int record_surface(record *rc, SDL_Surface *s, char *err, int errlen);
int record_renderer(record *rc, SDL_Renderer *r, char *err, int errlen);
/* Frames written since record_open. */
long record_count(const record *rc);
void record_close(record *rc);

/* Headless: renders the off-screen view (o->width × o->height, o->scale, o->presenter) of the
 * core's state into the next frame of o->record. */
typedef struct record_headless record_headless;

/* NULL with err filled (the directory, or the font paths tried). */
record_headless *record_headless_open(const cli_options *o, char *err, int errlen);
/* One frame of c as it stands now; steps_per_sec goes to the status line; true_err: the run's E|ŷ − f|² so far
 * ((n_true_err, 2) step, value, ascending; NULL: none), the universal maps' curve as --screenshot plots it.
 * 0 ok; -1 with err. */
int record_headless_frame(record_headless *h, const train_core *c, double steps_per_sec, const double *true_err,
                          int n_true_err, char *err, int errlen);
long record_headless_count(const record_headless *h);
void record_headless_close(record_headless *h);

#endif
