/* renderer: which SDL renderer the window draws with (--renderer), and why.
 * Main thread only (SDL). Invariants: the choice is app_renderer_pick's alone, a pure function of the
 * flag and the OpenGL driver's name; SDL's software renderer always presents straight to the window. */
#include "app/renderer.h"

#include <SDL.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GL_RENDERER_ENUM 0x1F01 /* GL_RENDERER, without including GL's headers for one constant */

/* Does s hold word, in any case? */
static int has_word(const char *s, const char *word)
{
    const size_t n = strlen(word);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && tolower((unsigned char)s[i]) == word[i])
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

app_renderer app_renderer_pick(app_renderer asked, const char *gl, const char **why)
{
    /* Mesa's rasterisers on the CPU name themselves so; old Mesa says "Software Rasterizer" */
    static const char *const soft[] = {"llvmpipe", "softpipe", "swrast", "software rasterizer"};
    if (asked == APP_RENDERER_OPENGL) {
        *why = "--renderer opengl";
        return APP_RENDERER_OPENGL;
    }
    if (asked == APP_RENDERER_SOFTWARE) {
        *why = "--renderer software";
        return APP_RENDERER_SOFTWARE;
    }
    if (!gl) {
        *why = "no OpenGL here";
        return APP_RENDERER_SOFTWARE;
    }
    for (size_t i = 0; i < sizeof soft / sizeof soft[0]; i++)
        if (has_word(gl, soft[i])) {
            /* the software renderer draws the same picture there (plain shapes at their sub-pixel
             * positions, draw_soft_triangles) for half the CPU or less */
            *why = "OpenGL here rasterises on the CPU, where the software renderer costs less";
            return APP_RENDERER_SOFTWARE;
        }
    *why = "OpenGL here is a GPU's";
    return APP_RENDERER_OPENGL;
}

int app_renderer_gpu_nodes(const char *dev)
{
    char path[512];
    snprintf(path, sizeof path, "%s/nvidia0", dev);
    FILE *f = fopen(path, "r");
    if (f) {
        fclose(f);
        return 1;
    }
    snprintf(path, sizeof path, "%s/dri", dev);
    DIR *d = opendir(path);
    if (!d)
        return 0;
    int found = 0;
    for (struct dirent *e; !found && (e = readdir(d));)
        found = strncmp(e->d_name, "card", 4) == 0 || strncmp(e->d_name, "renderD", 7) == 0;
    closedir(d);
    return found;
}

app_renderer app_renderer_early(app_renderer asked, const char *dev)
{
    if (asked != APP_RENDERER_AUTO)
        return asked;
    const char *env = SDL_getenv("SDL_RENDER_DRIVER");
    if ((env && *env) || app_renderer_gpu_nodes(dev))
        return APP_RENDERER_AUTO;
    return APP_RENDERER_SOFTWARE;
}

/* The index of SDL's render driver called name, or -1 (SDL then picks by the flags). */
static int driver_index(const char *name)
{
    const int n = SDL_GetNumRenderDrivers();
    for (int i = 0; i < n; i++) {
        SDL_RendererInfo info;
        if (SDL_GetRenderDriverInfo(i, &info) == 0 && strcmp(info.name, name) == 0)
            return i;
    }
    return -1;
}

typedef const unsigned char *(*gl_get_string_fn)(unsigned int);

/* GL_RENDERER of the renderer's current context into out; 0 when read. */
static int gl_renderer_name(char *out, size_t len)
{
    gl_get_string_fn get = NULL;
    void *p = SDL_GL_GetProcAddress("glGetString");
    SDL_memcpy(&get, &p, sizeof get); /* object to function pointer, as dlsym's users do */
    const unsigned char *s = get ? get(GL_RENDERER_ENUM) : NULL;
    if (!s)
        return -1;
    snprintf(out, len, "%s", (const char *)s);
    return 0;
}

SDL_Renderer *app_renderer_create(SDL_Window *win, app_renderer asked, app_renderer early, char *note, size_t notelen,
                                  char *err, size_t errlen)
{
    /* SDL 2.26 on X11 keeps a software renderer's window surface in a streaming texture of an OpenGL
     * renderer when it can (framebuffer acceleration): on llvmpipe every present then uploads the whole
     * frame and has llvmpipe's threads draw it again, 6.5 of 14 ms of CPU per frame at 1280x800. Off,
     * the frame goes to the window as one image (MIT-SHM). An SDL_FRAMEBUFFER_ACCELERATION in the
     * environment still wins. */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    const Uint32 gl_flags = SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC;
    const char *env = SDL_getenv("SDL_RENDER_DRIVER");
    SDL_Renderer *r = NULL;
    const char *why = NULL;
    char gl[128] = "";
    if (asked == APP_RENDERER_AUTO && env && *env) {
        /* the user asked SDL itself for a driver */
        why = "SDL_RENDER_DRIVER";
        r = SDL_CreateRenderer(win, -1, gl_flags);
        if (!r)
            r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    } else {
        const int no_gpu = asked == APP_RENDERER_AUTO && early == APP_RENDERER_SOFTWARE;
        if (no_gpu)
            why = "no GPU device under /dev: OpenGL here could only rasterise on the CPU";
        if (asked != APP_RENDERER_SOFTWARE && !no_gpu) {
            const int gi = driver_index("opengl");
            r = SDL_CreateRenderer(win, gi, gl_flags);
            if (!r && asked == APP_RENDERER_OPENGL) {
                snprintf(err, errlen, "--renderer opengl: %s", SDL_GetError());
                return NULL;
            }
            SDL_RendererInfo info;
            if (r && (SDL_GetRendererInfo(r, &info) != 0 || strncmp(info.name, "opengl", 6) != 0 ||
                      gl_renderer_name(gl, sizeof gl) != 0))
                snprintf(gl, sizeof gl, "unknown");
        }
        if (no_gpu || app_renderer_pick(asked, r ? gl : NULL, &why) == APP_RENDERER_SOFTWARE) {
            if (r)
                SDL_DestroyRenderer(r);
            r = SDL_CreateRenderer(win, driver_index("software"), SDL_RENDERER_SOFTWARE);
        }
    }
    if (!r) {
        snprintf(err, errlen, "cannot create a renderer: %s", SDL_GetError());
        return NULL;
    }
    SDL_RendererInfo info;
    const char *name = SDL_GetRendererInfo(r, &info) == 0 ? info.name : "?";
    if (*gl)
        snprintf(note, notelen, "%s (%s; GL_RENDERER %s)", name, why, gl);
    else
        snprintf(note, notelen, "%s (%s)", name, why);
    return r;
}
