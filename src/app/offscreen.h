/* offscreen: the window's view rendered into a software surface (no display), and PNG export.
 * Main thread only (SDL_ttf). Needs no video subsystem: SDL_CreateSoftwareRenderer on a surface.
 * Invariants: the picture is the same view_draw the window uses, with the UI's default layout; the
 * PNG also shows the controls as the window would, their values taken from the snapshot; a PNG
 * goes through io (written beside its real target and renamed over it, or straight to a device). */
#ifndef APP_OFFSCREEN_H
#define APP_OFFSCREEN_H

#include <SDL.h>

#include "app/cli.h"
#include "render/view.h"
#include "train/snapshot.h"
#include "ui/layout.h"

/* The panels of the layout the window would have at w × h pixels (presenter: 0/1, or the
 * UI_LAYOUT_* bits of ui/layout.h). */
void view_default_layout(int w, int h, float scale, int presenter, view_layout *out);

/* The UI scale of a picture of o->width × o->height: --scale, else the window's rule at 96 dpi
 * (ui_default_scale), so that a picture matches the window of its size. */
float app_picture_scale(const cli_options *o);

/* The picture --screenshot and --record draw, as the window opens for o: its layout (o->width,
 * o->height, app_picture_scale(o), presenter, the tab) and view state (page, scale, palette). */
void app_picture_setup(const cli_options *o, ui_layout *l, view_state *vs);
/* Draws that picture of s into r: the controls (values from s) and the view, as the window does.
 * 0 ok, -1 on a drawing failure. */
int app_picture_draw(SDL_Renderer *r, view_ctx *v, const snap *s, const view_state *vs, const ui_layout *l);

/* The view opened as the app opens it: fonts from assets_dir (NULL: paths_assets() finds them) and
 * the help overlay's rows from the key map. NULL with err filled on failure. */
view_ctx *app_view_open(SDL_Renderer *r, const char *assets_dir, char *err, int errlen);

/* Renders s with vs and lay into a new w × h ARGB8888 surface (background and panels, no controls).
 * assets_dir as for app_view_open (NULL: paths_assets()). NULL with err filled on failure; the
 * caller frees. */
SDL_Surface *view_render_surface(const snap *s, const view_state *vs, const view_layout *lay, int w, int h,
                                 const char *assets_dir, char *err, int errlen);

/* The window's picture as it opens, controls included (their values from s): uses o->width,
 * o->height, app_picture_scale(o), o->presenter; writes a PNG to path.
 * 0 ok; -1 with err naming the path (or the font paths tried). */
int view_render_png(const snap *s, const cli_options *o, const char *path, char *err, int errlen);
/* The same with a twin run drawn as its ghost (twin NULL: none); labels[0], [1] name runs a and b. */
int view_render_png_twin(const snap *s, const snap *twin, const char (*labels)[48], const cli_options *o,
                         const char *path, char *err, int errlen);
/* The same on page `page` (o->view_page for view_render_png), with the landscape's slice (NULL: none). */
int view_render_page_png(const snap *s, const cli_options *o, int page, const view_slice *slice, const char *path,
                         char *err, int errlen);
/* The same with the run's E|ŷ − f|² over its steps for the universal maps' loss plot ((n, 2) step, value,
 * ascending; NULL: the last step's alone). */
int view_render_page_png_curve(const snap *s, const cli_options *o, int page, const view_slice *slice,
                               const double *true_err, int n_true_err, const char *path, char *err, int errlen);
/* The sweep page with the sweep's rows and settings (NULL: the page's plain note). */
int view_render_sweep_png(const snap *s, const cli_options *o, const view_sweep *sweep, const char *path, char *err,
                          int errlen);

/* Writes surf as a PNG to path through io_open (a temporary file beside the real target, synced,
 * then renamed over it; "-" is stdout; a device is written straight to): on failure an existing
 * file is untouched and no temporary file is left.
 * 0 ok; -1 with err naming path. */
int view_save_png(SDL_Surface *surf, const char *path, char *err, int errlen);

#endif
