/* renderer: which SDL renderer the window draws with (--renderer), and why.
 * Main thread only (SDL). Invariants: the choice is app_renderer_pick's alone, a pure function of the
 * flag and the OpenGL driver's name; SDL's software renderer always presents straight to the window. */
#ifndef APP_RENDERER_H
#define APP_RENDERER_H

#include <stddef.h>
#include <string.h>

struct SDL_Renderer;
struct SDL_Window;

typedef enum { APP_RENDERER_AUTO, APP_RENDERER_OPENGL, APP_RENDERER_SOFTWARE } app_renderer;

#define APP_RENDERER_NAMES "auto, opengl, software"

/* --renderer's value by name; -1 when it is none of APP_RENDERER_NAMES. (Here, so that the command
 * line's parser needs no SDL.) */
static inline int app_renderer_find(const char *name)
{
    static const char *const names[] = {"auto", "opengl", "software"}; /* by app_renderer */
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (name && strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

/* What the window uses when asked for `asked` and OpenGL's GL_RENDERER string is `gl` (NULL: no
 * OpenGL context could be made): auto takes SDL's software renderer when OpenGL is itself a
 * rasteriser on the CPU (Mesa's llvmpipe, softpipe or swrast), since it draws the same picture for
 * less CPU there, and OpenGL otherwise. *why gets a static phrase saying why. Never APP_RENDERER_AUTO. */
app_renderer app_renderer_pick(app_renderer asked, const char *gl, const char **why);

/* Is there a GPU's device node under dev ("/dev" in the app): dri/card*, dri/renderD* (every Mesa
 * driver for a GPU, and NVIDIA's with its DRM module) or nvidia0? 0 when none: OpenGL here could only
 * rasterise on the CPU. */
int app_renderer_gpu_nodes(const char *dev);

/* What the window should be made for, before any OpenGL is loaded: APP_RENDERER_SOFTWARE when asked
 * for it, or when auto meets no GPU node under dev (no SDL_RENDER_DRIVER in the environment), so that
 * auto need not load Mesa (about 175 ms of CPU) only to read llvmpipe's name; else `asked`. */
app_renderer app_renderer_early(app_renderer asked, const char *dev);

/* The window's renderer as app_renderer_pick chooses (an SDL_RENDER_DRIVER in the environment wins
 * over auto); `early` is app_renderer_early's answer, taken once for the window too. `note` gets one
 * line "NAME (why)" for --stats. NULL with err on failure. */
struct SDL_Renderer *app_renderer_create(struct SDL_Window *win, app_renderer asked, app_renderer early, char *note,
                                         size_t notelen, char *err, size_t errlen);

#endif
