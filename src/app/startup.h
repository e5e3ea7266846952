/* startup: the start-up's timeline, from exec to the first frame on screen: each stage stamped with
 * the wall-clock time since exec, the process's and the main thread's CPU time, printed by --stats=verbose.
 * Main thread only (stamped before the loop and at the first present, printed after it; SDL calls).
 * Invariants: stages are kept in the order stamped, at most STARTUP_MAX; later stamps are dropped. */
#ifndef APP_STARTUP_H
#define APP_STARTUP_H

#include <stdint.h>
#include <stdio.h>

struct SDL_Window;

#define STARTUP_MAX 24

typedef struct {
    const char *name; /* a string literal: what ended at this stamp */
    double wall_ms;   /* since exec (the kernel's start time of the process; -1 when unknown) */
    double cpu_ms;    /* the process's CPU time (every thread) */
    double main_ms;   /* the main thread's own CPU time (what a busy machine's load does not stretch) */
} startup_stage;

/* Stamps the end of the stage `name` (a string literal); the first stamp also reads the exec time. */
void startup_mark(const char *name);
/* The stages stamped so far, oldest first; their count. */
int startup_stages(const startup_stage **out);
/* Milliseconds since exec now; -1 when unknown. */
double startup_ms_since_exec(void);
/* A header and one line per stage: its name, the wall-clock, process CPU and main thread CPU times
 * since exec, and the stage's own share of each; nothing when no stage was stamped. */
void startup_print(FILE *f);

/* SDL_WINDOW_OPENGL when the renderer SDL tries first (SDL_RENDER_DRIVER, else its first driver) draws
 * with OpenGL, else 0. SDL's OpenGL renderers draw only into an OpenGL window: SDL destroys and
 * re-creates (and maps again) a window made without it when such a renderer is attached. */
uint32_t startup_gl_window_flag(void);
/* The window system's own id of win (X11: its Window), 0 when unknown: it changes when SDL re-creates
 * the window beneath the same SDL_Window. */
unsigned long startup_native_window(struct SDL_Window *win);

#endif
