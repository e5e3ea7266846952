/* startup: the start-up's timeline, from exec to the first frame on screen: each stage stamped with
 * the wall-clock time since exec, the process's and the main thread's CPU time, printed by --stats=verbose.
 * Main thread only (stamped before the loop and at the first present, printed after it; SDL calls).
 * Invariants: stages are kept in the order stamped, at most STARTUP_MAX; later stamps are dropped. */
#include "app/startup.h"

#include <SDL.h>
#include <SDL_syswm.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static startup_stage stages[STARTUP_MAX];
static int n_stages;
static double exec_boot_ms = -1; /* CLOCK_BOOTTIME at exec, ms; -1 until read (or unknown) */
static int exec_read;

static double clock_ms(clockid_t id)
{
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0)
        return -1;
    return (double)ts.tv_sec * 1e3 + 1e-6 * (double)ts.tv_nsec;
}

/* The process's start from /proc (in clock ticks, 10 ms here) on CLOCK_BOOTTIME's scale, read once:
 * the stamps after it are then as fine as the clock. The delay is from exec, not from main, so that
 * loading the libraries counts. */
static void read_exec_time(void)
{
    exec_read = 1;
    FILE *f = fopen("/proc/self/stat", "r");
    char buf[1024];
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    const char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    unsigned long long start = 0;
    /* after ") ": state is field 3, starttime field 22 */
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
                     &start) != 1)
        return;
    const long hz = sysconf(_SC_CLK_TCK);
    if (hz <= 0 || clock_ms(CLOCK_BOOTTIME) < 0)
        return;
    exec_boot_ms = (double)start * 1e3 / (double)hz;
}

double startup_ms_since_exec(void)
{
    if (!exec_read)
        read_exec_time();
    return exec_boot_ms < 0 ? -1 : clock_ms(CLOCK_BOOTTIME) - exec_boot_ms;
}

void startup_mark(const char *name)
{
    const double wall = startup_ms_since_exec();
    if (n_stages == STARTUP_MAX)
        return;
    const double main_ms = clock_ms(CLOCK_THREAD_CPUTIME_ID); /* first: the process's then holds all of it */
    stages[n_stages++] = (startup_stage){name, wall, clock_ms(CLOCK_PROCESS_CPUTIME_ID), main_ms};
}

int startup_stages(const startup_stage **out)
{
    *out = stages;
    return n_stages;
}

void startup_print(FILE *f)
{
    if (n_stages == 0)
        return;
    fprintf(f, "start-up, ms since exec: wall clock, process CPU (every thread), main thread CPU; then each stage's own\n");
    double w0 = 0, c0 = 0, m0 = 0;
    for (int i = 0; i < n_stages; i++) {
        const startup_stage *s = &stages[i];
        fprintf(f, "  %-28s %8.1f %8.1f %8.1f   +%.1f +%.1f +%.1f\n", s->name, s->wall_ms, s->cpu_ms, s->main_ms,
                s->wall_ms - w0, s->cpu_ms - c0, s->main_ms - m0);
        w0 = s->wall_ms;
        c0 = s->cpu_ms;
        m0 = s->main_ms;
    }
}

uint32_t startup_gl_window_flag(void)
{
    const char *hint = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    SDL_RendererInfo info;
    const char *first = hint && *hint ? hint : SDL_GetRenderDriverInfo(0, &info) == 0 ? info.name : "";
    /* "opengl" and "opengles2" alike */
    return SDL_strncasecmp(first, "opengl", 6) == 0 ? SDL_WINDOW_OPENGL : 0;
}

unsigned long startup_native_window(SDL_Window *win)
{
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!SDL_GetWindowWMInfo(win, &info))
        return 0;
#if defined(SDL_VIDEO_DRIVER_X11)
    if (info.subsystem == SDL_SYSWM_X11)
        return (unsigned long)info.info.x11.window;
#endif
    return 0;
}
