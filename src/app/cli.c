/* cli: the command line (getopt_long) and the session it asks for.
 * Main thread only, at start-up; no global state (getopt's is reset before each parse).
 * Invariants: every flag is range-checked here; a bad one yields a message naming it and exit 2. */
#include "app/cli.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/renderer.h"
#include "data/scene.h"
#include "render/view_page.h"
#include "session/io.h"

#define HIDDEN_RANGE "1..256"
/* the accepted values of settings a session holds come from the one table (session/ranges.h) */
#define GAIN_MIN RANGE_GAIN_MIN
#define GAIN_MAX RANGE_GAIN_MAX
#define SPEED_MIN RANGE_SPEED_MIN
#define SPEED_MAX RANGE_SPEED_MAX
#define STEPS_MAX 1000000000000LL
#define SCALE_MIN 0.5
#define SCALE_MAX 4.0
#define WIDTH_MIN 320
#define WIDTH_MAX 7680
#define HEIGHT_MIN 240
#define HEIGHT_MAX 4320

/* --view's names: view_page_name's, with "lecture" (the train page with the lecture controls). */
#define VIEW_NAMES "train, lecture, diagram, nonlinearities, ledger, landscape, surface, sweep"

enum {
    F_HEADLESS = 256, F_PRESET, F_LOAD, F_HIDDEN, F_ACT, F_GAIN, F_LR, F_OPT, F_TOKENS, F_SEED, F_SPEED,
    F_STEPS, F_CSV, F_EVERY, F_SAVE, F_SCREENSHOT, F_LANDSCAPE, F_SIZE, F_SCALE, F_FULLSCREEN, F_PRESENTER, F_RECORD,
    F_STATS, F_SCENE, F_REPORT, F_SWEEP, F_SWEEP_N, F_RESTARTS, F_TARGET, F_VIEW, F_TWIN, F_SLICE, F_RENDERER,
    F_HELP = 'h', F_VERSION = 'V'
};

/* One row per flag: getopt's table and the help text are both made from it. */
typedef struct {
    const char *name;
    int val;
    const char *arg;     /* NULL: takes no value */
    const char *help;    /* with default and range */
    const char *allowed; /* what it takes, for the message when the value is missing */
} flag_doc;

static const flag_doc flags[] = {
    {NULL, 0, NULL, "Session (a scene and a preset, or a file, then the flags below override it):", NULL},
    {"scene", F_SCENE, "NAME", "semicircle (the lecture's Example #2) or universal (Example #1, ŷ(x) ≈ f(x) on"
                               " [-1, 1]²) (default semicircle, or the --load file's)",
     "semicircle, universal"},
    {"preset", F_PRESET, "NAME", "semicircle: lecture-start or lecture-solution; universal: random-start, tower"
                                 " or bump (default the scene's first)",
     "lecture-start, lecture-solution, random-start, tower, bump"},
    {"load", F_LOAD, "FILE", "a session file (.ini); not with --preset", "a session file"},
    {"hidden", F_HIDDEN, "N", "hidden units, " HIDDEN_RANGE " (default: the preset's, 5; lecture-solution needs"
                              " tokens - 1; with --load it must match the file's units)", HIDDEN_RANGE},
    {"activation", F_ACT, "A", "logistic, tanh, relu, step or signum (default: the preset's, logistic)",
     "logistic, tanh, relu, step, signum"},
    {"gain", F_GAIN, "X", "a in h = σ(a·e), 0.1..1000 (default 1)", "0.1..1000"},
    {"lr", F_LR, "X", "learning rate η, 1e-06..100 (default 0.02)", "1e-06..100"},
    {"optimizer", F_OPT, "O", "gd, momentum, adam or lbfgs (default gd)", "gd, momentum, adam, lbfgs"},
    {"tokens", F_TOKENS, "N", "tokens on the semicircle, 2..4096 (default 9; a different count drops tokens"
                              " moved by hand in a --load file)", "2..4096"},
    {"seed", F_SEED, "S", "seed of the weights, radius jitter and noise, 0..18446744073709551615 (default 1;"
                          " weights from --load stay)", "0..18446744073709551615"},
    {"speed", F_SPEED, "X", "the window's pace in steps per second, 0 = unlimited, else 0.1..1e9 (default 500;"
                            " headless runs are never paced)",
     "0 (unlimited) or 0.1..1e+09"},
    {"twin", F_TWIN, "KEY=VALUE", "a twin run: a second network from the same weights that differs in one"
                                  " setting, KEY one of lr, opt, act, hidden, gain, freeze, VALUE as its flag"
                                  " takes it (freeze: all, layer1, layer2 or unitK); headless, --csv gets"
                                  " 'step,loss_a,loss_b'; the window draws run b as a ghost (I) (default: no"
                                  " twin, or the --load file's [twin])",
     "KEY=VALUE, KEY one of lr, opt, act, hidden, gain, freeze"},
    {NULL, 0, NULL, "Headless run:", NULL},
    {"headless", F_HEADLESS, NULL, "no window: train, then write CSV, session and screenshot", NULL},
    {"steps", F_STEPS, "N", "updates to run, 0..1000000000000 (default 0)", "0..1000000000000"},
    {"csv", F_CSV, "FILE|-", "write 'step,loss' rows to FILE, or to stdout for - ('step,loss_a,loss_b' for a"
                             " twin, a diverged run's cells empty)", "a file, or - for stdout"},
    {"every", F_EVERY, "K", "a CSV row and a --record frame every K-th step (and always the last), 1..1000000000000 (default 1)",
     "1..1000000000000"},
    {"save", F_SAVE, "FILE|-", "save the final session (headless), the Ctrl+S target (window); - for stdout",
     "a file, or - for stdout"},
    {"screenshot", F_SCREENSHOT, "FILE|-", "write a PNG of the view after the steps (headless); - for stdout",
     "a .png file, or - for stdout"},
    {"landscape", F_LANDSCAPE, "FILE|-", "write a PNG of the loss landscape after the steps: L over the plane of the"
                                         " top two Hessian eigenvectors through the weights, the run's path projected"
                                         " on it (128 points at most), the stability meter and λ_max over the steps"
                                         " run; runs headless (default: none)",
     "a .png file, or - for stdout"},
    {NULL, 0, NULL, "Picture:", NULL},
    {"size", F_SIZE, "WxH", "picture size, 320..7680 x 240..4320 (default 1280x800)", "320..7680 x 240..4320"},
    {"scale", F_SCALE, "X",
     "UI scale, 0.5..4 (default: from the display's DPI and the window's size: 1 up to 1280x720, 1.5 at"
     " 1920x1080)",
     "0.5..4"},
    {"fullscreen", F_FULLSCREEN, NULL, "start in fullscreen (default off)", NULL},
    {"presenter", F_PRESENTER, NULL, "presenter mode: large, high contrast (default off)", NULL},
    {"view", F_VIEW, "NAME", "what the picture shows: train (the planes, bars and loss; a two-input scene's unit"
                             " maps), lecture (train with the lecture controls), diagram, nonlinearities, ledger,"
                             " landscape, surface or sweep; the window starts on it, --screenshot draws it"
                             " (default train)",
     VIEW_NAMES},
    {"slice", F_SLICE, "x0,y0,x1,y1", "the universal scene's slice strip along the segment from (x0, y0) to"
                                      " (x1, y1) in the input square, each -1..1: the window starts with it,"
                                      " --screenshot draws it, it overrides a --load file's slice (default none:"
                                      " drag one across ŷ)",
     "four numbers -1..1 like -0.8,0,0.8,0.2"},
    {"record", F_RECORD, "DIR", "write frame-00000.png, ... into DIR (default off)", "a folder"},
    {"stats", F_STATS, "[=verbose]", "print steps per second, frame times (p50, p99) and the app's CPU use every"
                                     " second; verbose adds the start-up's stages from exec to the first frame and"
                                     " where each frame's time goes: text, geometry, present and"
                                     " the rest (each waited for, so frames are slower) (default off)", "verbose"},
    {"renderer", F_RENDERER, "R", "the window's renderer: auto, opengl or software; auto takes SDL's software"
                                  " renderer where /dev has no GPU (without loading OpenGL), where OpenGL itself"
                                  " rasterises on the CPU (Mesa's llvmpipe, softpipe, swrast) or is missing, else"
                                  " OpenGL; --stats names the choice and why (default"
                                  " auto)",
     APP_RENDERER_NAMES},
    {NULL, 0, NULL, "Measurements (no window):", NULL},
    {"report", F_REPORT, "stability", "after the steps, print 'lambda_max X' and 'eta_lambda_max X': the largest"
                                      " eigenvalue of the loss's Hessian over the parameters that learn, and η times"
                                      " it (gd is stable below 2, momentum below 3.8); runs headless (default: no report)", "stability"},
    {"sweep", F_SWEEP, NULL, "Barron's sweep on the universal scene: each width of --sweep-n, --restarts runs,"
                             " L-BFGS to convergence; --csv gets 'N,restart,steps,train_loss,true_error', the"
                             " last line on stdout is 'slope X', the fitted slope of the best true error against"
                             " N on log-log axes; runs headless (default off)", NULL},
    {"sweep-n", F_SWEEP_N, "N,N,...", "the widths of --sweep (and of --view sweep's picture), each 1..256, at most 16 (default 1,2,4,8,16,32,64)",
     "a list like 1,2,4,8 of widths 1..256"},
    {"restarts", F_RESTARTS, "R", "runs per width of --sweep (and of --view sweep's picture), 1..1000 (default 5)", "1..1000"},
    {"target", F_TARGET, "F", "the universal scene's target, for --scene universal or --sweep: bump, ridge,"
                              " saddle, sines or disc (default bump)", "bump, ridge, saddle, sines, disc"},
    {NULL, 0, NULL, "Other:", NULL},
    {"help", F_HELP, NULL, "this text, then exit", NULL},
    {"version", F_VERSION, NULL, "the version, then exit", NULL},
};
#define N_FLAGS (sizeof flags / sizeof flags[0])

static const flag_doc *flag_of(int val)
{
    size_t i = 0;
    while (i < N_FLAGS && !(flags[i].name && flags[i].val == val))
        i++;
    assert(i < N_FLAGS);
    return &flags[i];
}

static const char *flag_name(int val) { return flag_of(val)->name; }

/* Text after the 24-column flag head, wrapped at 79 columns onto indented lines (UTF-8 aware). */
static void print_wrapped(FILE *f, const char *text)
{
    enum { INDENT = 24, WIDTH = 79 };
    int col = INDENT;
    const char *p = text;
    while (*p) {
        size_t len = strcspn(p, " ");
        int chars = 0; /* columns: count UTF-8 lead bytes only */
        for (size_t i = 0; i < len; i++)
            chars += ((unsigned char)p[i] & 0xc0) != 0x80;
        if (col > INDENT && col + 1 + chars > WIDTH) {
            fprintf(f, "\n%*s", INDENT, "");
            col = INDENT;
        }
        fprintf(f, " %.*s", (int)len, p);
        col += 1 + chars;
        p += len;
        p += strspn(p, " ");
    }
    fputc('\n', f);
}

void cli_usage(FILE *f, const char *argv0)
{
    const char *base = strrchr(argv0, '/');
    base = base ? base + 1 : argv0;
    fprintf(f, "Usage: %s [OPTION]...\n", base);
    fprintf(f, "Backpropagation made visible: a two-layer network learns to map the semicircle\n"
               "onto the parabola, live, as in the lecture. Without --headless it opens a\n"
               "window.\n");
    for (size_t i = 0; i < N_FLAGS; i++) {
        const flag_doc *d = &flags[i];
        if (!d->name) {
            fprintf(f, "\n%s\n", d->help);
            continue;
        }
        char head[40];
        if (d->val < 256)
            snprintf(head, sizeof head, "-%c, --%s", d->val, d->name);
        else
            snprintf(head, sizeof head, "    --%s%s%s", d->name, d->arg && d->arg[0] != '[' ? " " : "",
                     d->arg ? d->arg : "");
        fprintf(f, "  %-22s", head); /* 24 columns, then one space per word */
        print_wrapped(f, d->help);
    }
    fprintf(f, "\nExit status: 0 ok, 1 a file could not be read or written, 2 a bad flag or\n"
               "value, 3 the headless run diverged (the CSV and --save then hold the last\n"
               "finite state).\n");
}

static int bad(char *err, int errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(char *err, int errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, (size_t)errlen, fmt, ap);
    va_end(ap);
    /* a quoted argument may hold control characters; the message stays one readable line */
    io_clean(err);
    return -1;
}

/* A decimal whole number in [lo, hi]: digits only (a leading '-' is read to name it negative). */
static int get_int(int flag, const char *arg, long long lo, long long hi, long long *out, char *err, int errlen)
{
    const char *name = flag_name(flag);
    const char *digits = arg[0] == '-' ? arg + 1 : arg;
    if (!isdigit((unsigned char)digits[0]))
        return bad(err, errlen, "--%s: '%s' is not a whole number (allowed %lld..%lld)", name, arg, lo, hi);
    char *end;
    errno = 0;
    long long v = strtoll(arg, &end, 10);
    if (*end)
        return bad(err, errlen, "--%s: '%s' is not a whole number (allowed %lld..%lld)", name, arg, lo, hi);
    if (errno == ERANGE || v < lo || v > hi)
        return bad(err, errlen, "--%s: '%s' is out of range (allowed %lld..%lld)", name, arg, lo, hi);
    *out = v;
    return 0;
}

/* A finite number in [lo, hi]; "" "3x" "nan" "inf" and leading blanks are refused. */
static int get_real(int flag, const char *arg, double lo, double hi, double *out, char *err, int errlen)
{
    const char *name = flag_name(flag);
    char *end;
    double v = isspace((unsigned char)arg[0]) ? 0.0 : strtod(arg, &end);
    if (isspace((unsigned char)arg[0]) || end == arg || *end)
        return bad(err, errlen, "--%s: '%s' is not a number (allowed %g..%g)", name, arg, lo, hi);
    if (!isfinite(v))
        return bad(err, errlen, "--%s: '%s' is not a finite number (allowed %g..%g)", name, arg, lo, hi);
    if (v < lo || v > hi)
        return bad(err, errlen, "--%s: '%s' is out of range (allowed %g..%g)", name, arg, lo, hi);
    *out = v;
    return 0;
}

/* A flag that does not fit the session it modifies: exit status 2 like any bad flag. */
static int conflict(char *err, int errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int conflict(char *err, int errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, (size_t)errlen, fmt, ap);
    va_end(ap);
    return -2;
}

static int get_seed(const char *arg, uint64_t *out, char *err, int errlen)
{
    char *end;
    errno = 0;
    /* strtoull would read "-1" as 2^64 - 1: digits only */
    unsigned long long v = isdigit((unsigned char)arg[0]) ? strtoull(arg, &end, 10) : 0;
    if (!isdigit((unsigned char)arg[0]) || *end)
        return bad(err, errlen, "--seed: '%s' is not a whole number (allowed 0..%" PRIu64 ")", arg, UINT64_MAX);
    if (errno == ERANGE)
        return bad(err, errlen, "--seed: '%s' is out of range (allowed 0..%" PRIu64 ")", arg, UINT64_MAX);
    *out = (uint64_t)v;
    return 0;
}

static int get_size(const char *arg, int *w, int *h, char *err, int errlen)
{
    const char *x = strchr(arg, 'x');
    long long lw = 0, lh = 0;
    char part[32];
    int ok = x && x > arg && (size_t)(x - arg) < sizeof part;
    if (ok) {
        memcpy(part, arg, (size_t)(x - arg));
        part[x - arg] = '\0';
        char *end;
        ok = isdigit((unsigned char)part[0]) && isdigit((unsigned char)x[1]);
        errno = 0;
        lw = ok ? strtoll(part, &end, 10) : 0;
        ok = ok && !*end && errno == 0;
        lh = ok ? strtoll(x + 1, &end, 10) : 0;
        ok = ok && !*end && errno == 0;
    }
    if (!ok)
        return bad(err, errlen, "--size: '%s' is not WIDTHxHEIGHT (allowed %d..%d x %d..%d)", arg, WIDTH_MIN,
                   WIDTH_MAX, HEIGHT_MIN, HEIGHT_MAX);
    if (lw < WIDTH_MIN || lw > WIDTH_MAX || lh < HEIGHT_MIN || lh > HEIGHT_MAX)
        return bad(err, errlen, "--size: '%s' is out of range (allowed %d..%d x %d..%d)", arg, WIDTH_MIN, WIDTH_MAX,
                   HEIGHT_MIN, HEIGHT_MAX);
    *w = (int)lw;
    *h = (int)lh;
    return 0;
}

static int get_path(int flag, const char *arg, const char **out, char *err, int errlen)
{
    if (!arg[0])
        return bad(err, errlen, "--%s: empty path", flag_name(flag));
    *out = arg;
    return 0;
}

/* --preset NAME against the scene's presets (the semicircle's when no --scene is given). */
static int resolve_preset(cli_options *o, char *err, int errlen)
{
    const scene_desc *sc = o->scene ? o->scene : &scene_semicircle;
    o->preset = scene_preset_find(sc, o->preset_name);
    if (o->preset >= 0)
        return 0;
    char names[160] = "";
    for (int i = 0; i < sc->n_presets; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "", sc->presets[i].name);
    return bad(err, errlen, "--preset: unknown '%s' (allowed %s)", o->preset_name, names);
}

/* --sweep-n: a comma-separated list of widths 1..NN_MAX_HIDDEN, at most 16. */
static int get_widths(const char *arg, cli_options *o, char *err, int errlen)
{
    const int cap = (int)(sizeof o->sweep_n / sizeof o->sweep_n[0]);
    const char *p = arg;
    o->n_sweep = 0;
    for (;;) {
        char *end;
        errno = 0;
        long v = isdigit((unsigned char)*p) ? strtol(p, &end, 10) : -1;
        if (v < 0 || (*end && *end != ','))
            return bad(err, errlen, "--sweep-n: '%s' is not a list of widths like 1,2,4,8 (each 1..%d)", arg,
                       NN_MAX_HIDDEN);
        if (errno == ERANGE || v < 1 || v > NN_MAX_HIDDEN)
            return bad(err, errlen, "--sweep-n: width %.20s is out of range (allowed 1..%d)", p, NN_MAX_HIDDEN);
        if (o->n_sweep == cap)
            return bad(err, errlen, "--sweep-n: more than %d widths", cap);
        o->sweep_n[o->n_sweep++] = (int)v;
        if (!*end)
            return 0;
        p = end + 1;
    }
}

/* --slice: x0,y0,x1,y1, four finite numbers in [−1, 1], the two ends apart. */
static int get_slice(const char *arg, cli_options *o, char *err, int errlen)
{
    const char *p = arg;
    for (int i = 0; i < 4; i++) {
        char *end;
        const double v = isspace((unsigned char)*p) || !*p ? NAN : strtod(p, &end);
        if (isnan(v) || end == p || (i < 3 ? *end != ',' : *end != 0))
            return bad(err, errlen, "--slice: '%s' is not four numbers x0,y0,x1,y1 (each -1..1, e.g. -0.8,0,0.8,0.2)",
                       arg);
        if (!(v >= -1 && v <= 1))
            return bad(err, errlen, "--slice: %.*s is out of the input square (allowed -1..1)", (int)(end - p), p);
        o->slice[i] = v;
        p = end + 1;
    }
    if (!session_slice_ok(o->slice)) /* each number is in range: what is left is the ends apart */
        return bad(err, errlen, "--slice: '%s' has both ends at one point (a segment needs two)", arg);
    o->has_slice = 1;
    return 0;
}

static int one_flag(int c, const char *arg, cli_options *o, char *err, int errlen)
{
    long long i;
    int e;
    switch (c) {
    case F_HELP: o->help = 1; return 0;
    case F_VERSION: o->version = 1; return 0;
    case F_HEADLESS: o->headless = 1; return 0;
    case F_FULLSCREEN: o->fullscreen = 1; return 0;
    case F_PRESENTER: o->presenter = 1; return 0;
    case F_VIEW:
        if (strcmp(arg, "lecture") == 0) {
            o->view_page = VIEW_PAGE_TRAIN;
            o->view_lecture = 1;
        } else if ((o->view_page = view_page_find(arg)) < 0) {
            o->view_page = VIEW_PAGE_TRAIN;
            return bad(err, errlen, "--view: unknown '%s' (allowed %s)", arg, VIEW_NAMES);
        } else {
            o->view_lecture = 0;
        }
        return 0;
    case F_STATS:
        if (arg && strcmp(arg, "verbose") != 0)
            return bad(err, errlen, "--stats: unknown '%s' (allowed --stats or --stats=verbose)", arg);
        o->stats = arg ? 2 : 1;
        return 0;
    case F_RENDERER:
        if ((o->renderer = app_renderer_find(arg)) < 0) {
            o->renderer = APP_RENDERER_AUTO;
            return bad(err, errlen, "--renderer: unknown '%s' (allowed " APP_RENDERER_NAMES ")", arg);
        }
        return 0;
    case F_SCENE:
        if (!(o->scene = scene_find(arg)))
            return bad(err, errlen, "--scene: unknown '%s' (allowed semicircle, universal)", arg);
        return 0;
    case F_PRESET:
        /* resolved against the scene once every flag is read (--scene may come later) */
        o->preset_name = arg;
        o->has_preset = 1;
        return 0;
    case F_LOAD: return get_path(c, arg, &o->load, err, errlen);
    case F_HIDDEN:
        if (get_int(c, arg, 1, NN_MAX_HIDDEN, &i, err, errlen))
            return -1;
        o->hidden = (int)i;
        o->has_hidden = 1;
        return 0;
    case F_ACT:
        if (nn_act_parse(arg, &o->act))
            return bad(err, errlen, "--activation: unknown '%s' (allowed logistic, tanh, relu, step, signum)", arg);
        o->has_act = 1;
        return 0;
    case F_GAIN:
        e = get_real(c, arg, GAIN_MIN, GAIN_MAX, &o->gain, err, errlen);
        o->has_gain = e == 0;
        return e;
    case F_LR:
        e = get_real(c, arg, SESSION_LR_MIN, SESSION_LR_MAX, &o->lr, err, errlen);
        o->has_lr = e == 0;
        return e;
    case F_OPT:
        if (nn_opt_parse(arg, &o->opt))
            return bad(err, errlen, "--optimizer: unknown '%s' (allowed gd, momentum, adam, lbfgs)", arg);
        o->has_opt = 1;
        return 0;
    case F_TOKENS:
        if (get_int(c, arg, DATA_MIN_TOKENS, DATA_MAX_TOKENS, &i, err, errlen))
            return -1;
        o->tokens = (int)i;
        o->has_tokens = 1;
        return 0;
    case F_SEED:
        e = get_seed(arg, &o->seed, err, errlen);
        o->has_seed = e == 0;
        return e;
    case F_SPEED:
        /* 0 (unlimited) is a value of its own below the range */
        if (get_real(c, arg, 0.0, SPEED_MAX, &o->speed, err, errlen) || (o->speed > 0 && o->speed < SPEED_MIN))
            return bad(err, errlen, "--speed: '%s' is not 0 (unlimited) or a number in %g..%g", arg, SPEED_MIN,
                       SPEED_MAX);
        o->has_speed = 1;
        return 0;
    case F_STEPS:
        if (get_int(c, arg, 0, STEPS_MAX, &i, err, errlen))
            return -1;
        o->steps = (int64_t)i;
        return 0;
    case F_CSV: return get_path(c, arg, &o->csv, err, errlen);
    case F_EVERY:
        if (get_int(c, arg, 1, STEPS_MAX, &i, err, errlen))
            return -1;
        o->every = (int64_t)i;
        return 0;
    case F_SAVE: return get_path(c, arg, &o->save, err, errlen);
    case F_SCREENSHOT: return get_path(c, arg, &o->screenshot, err, errlen);
    case F_LANDSCAPE: return get_path(c, arg, &o->landscape, err, errlen);
    case F_SIZE: return get_size(arg, &o->width, &o->height, err, errlen);
    case F_SCALE: return get_real(c, arg, SCALE_MIN, SCALE_MAX, &o->scale, err, errlen);
    case F_REPORT:
        if (strcmp(arg, "stability") != 0)
            return bad(err, errlen, "--report: unknown '%s' (allowed stability)", arg);
        o->report_stability = 1;
        return 0;
    case F_SWEEP: o->sweep = 1; return 0;
    case F_TWIN: {
        char why[200];
        if (session_twin_parse(arg, &o->twin, why, (int)sizeof why) != 0)
            return bad(err, errlen, "--twin: %s", why);
        return 0;
    }
    case F_SWEEP_N: return get_widths(arg, o, err, errlen);
    case F_SLICE: return get_slice(arg, o, err, errlen);
    case F_RESTARTS:
        if (get_int(c, arg, 1, 1000, &i, err, errlen))
            return -1;
        o->restarts = (int)i;
        return 0;
    case F_TARGET: {
        const scene_param *t = &scene_universal.params[scene_param_index(&scene_universal, "target")];
        o->target = scene_choice_find(t, arg);
        if (o->target < 0)
            return bad(err, errlen, "--target: unknown '%s' (allowed bump, ridge, saddle, sines, disc)", arg);
        o->target_name = arg;
        o->has_target = 1;
        return 0;
    }
    case F_RECORD:
        /* "-" is standard output for the flags that write one file; frames need a folder */
        if (strcmp(arg, "-") == 0)
            return bad(err, errlen, "--record: '-' (standard output) cannot hold frames; give a folder");
        return get_path(c, arg, &o->record, err, errlen);
    default: assert(!"a flag without a handler"); return -1;
    }
}

/* No output may be an input, nor two outputs one file: the later write would silently replace
 * the earlier (--load X --csv X turned the session into a CSV). --save may name the --load file:
 * a session continued and saved over itself is a resume, and the save is atomic. */
static int same_files(const cli_options *o, char *err, int errlen)
{
    const struct {
        const char *flag, *path;
    } out[] = {{"csv", o->csv}, {"save", o->save}, {"screenshot", o->screenshot}, {"landscape", o->landscape}};
    const size_t n = sizeof out / sizeof out[0];
    for (size_t i = 0; i < n; i++) {
        if (!out[i].path)
            continue;
        if (o->load && strcmp(out[i].flag, "save") != 0 && io_same_file(o->load, out[i].path))
            return bad(err, errlen, "--%s '%s' is the --load file; writing it would replace the session"
                       " (give another name)", out[i].flag, out[i].path);
        for (size_t j = i + 1; j < n; j++)
            if (out[j].path && strcmp(out[i].path, "-") == 0 && strcmp(out[j].path, "-") == 0)
                return bad(err, errlen, "--%s and --%s both write to standard output; their lines would be"
                           " mixed (give one of them a file)", out[i].flag, out[j].flag);
            else if (out[j].path && io_same_file(out[i].path, out[j].path))
                return bad(err, errlen, "--%s and --%s both write '%s'; one would replace the other (give"
                           " two names)", out[i].flag, out[j].flag, out[i].path);
    }
    return 0;
}

int cli_parse(int argc, char **argv, cli_options *o, char *err, int errlen)
{
    memset(o, 0, sizeof *o);
    o->every = 1;
    o->width = 1280;
    o->height = 800;

    struct option longopts[N_FLAGS + 1];
    size_t n = 0;
    for (size_t i = 0; i < N_FLAGS; i++) {
        if (!flags[i].name)
            continue;
        /* an arg written "[=...]" is optional: only --flag=value gives it */
        const int has = !flags[i].arg ? no_argument : flags[i].arg[0] == '[' ? optional_argument : required_argument;
        longopts[n++] = (struct option){flags[i].name, has, NULL, flags[i].val};
    }
    longopts[n] = (struct option){NULL, 0, NULL, 0};

    /* optind = 0 makes glibc start afresh (every call parses a new argv); '+' stops at the first
     * word that is not a flag, ':' reports a missing value apart from an unknown flag */
    optind = 0;
    opterr = 0;
    int steps_given = 0, every_given = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "+:hV", longopts, NULL);
        if (c == -1)
            break;
        if (c == ':')
            return bad(err, errlen, "--%s needs a value (allowed %s)", flag_name(optopt), flag_of(optopt)->allowed);
        if (c == '?') {
            if (optopt >= 256)
                return bad(err, errlen, "--%s takes no value", flag_name(optopt));
            if (optopt)
                return bad(err, errlen, "unknown flag '-%c'", optopt);
            return bad(err, errlen, "unknown or ambiguous flag '%s'", argv[optind - 1]);
        }
        if (one_flag(c, optarg, o, err, errlen))
            return -1;
        steps_given |= c == F_STEPS;
        every_given |= c == F_EVERY;
    }
    if (optind < argc)
        return bad(err, errlen, "unexpected argument '%s' (every setting is a --flag)", argv[optind]);

    if (o->has_preset && o->load)
        return bad(err, errlen, "--preset and --load contradict each other (a file brings its own weights)");
    if (o->has_preset && resolve_preset(o, err, errlen) != 0)
        return -1;
    /* the measurements are runs without a window */
    o->headless |= o->sweep || o->report_stability || o->landscape;
    if (!o->sweep) {
        const char *only = o->n_sweep ? "sweep-n" : o->restarts ? "restarts" : NULL;
        /* the sweep page's picture runs its sweep too, with these widths and restarts */
        const int page_sweep = o->screenshot && o->view_page == VIEW_PAGE_SWEEP;
        if (only && !page_sweep)
            return bad(err, errlen, "--%s needs --sweep (or --view sweep --screenshot)", only);
        /* a --load file's scene is known only once it is read (cli_session checks it then) */
        if (o->has_target && !o->load && (!o->scene || scene_param_index(o->scene, "target") < 0))
            return bad(err, errlen, "--target needs --sweep or --scene universal");
        if (o->has_slice && !o->load && (!o->scene || !o->scene->target))
            return bad(err, errlen, "--slice needs --scene universal (the strip is on its maps)");
    } else {
        const char *not = o->scene ? "scene" : o->load ? "load" : o->has_preset ? "preset" : o->has_hidden ? "hidden" : o->save ? "save"
                          : o->screenshot ? "screenshot" : o->record ? "record" : steps_given ? "steps"
                          : o->report_stability ? "report" : o->landscape ? "landscape" : o->has_slice ? "slice" : NULL;
        if (not)
            return bad(err, errlen, "--%s does not go with --sweep (the sweep trains its own networks)", not);
    }
    if (!o->headless) {
        const char *only = o->screenshot ? "screenshot" : o->csv ? "csv" : steps_given ? "steps"
                          : every_given ? "every" : NULL;
        if (only)
            return bad(err, errlen, "--%s needs --headless", only);
    }
    if (o->twin.key != SESSION_TWIN_NONE) {
        const char *not = o->sweep ? "sweep" : o->record ? "record" : o->report_stability ? "report" : NULL;
        if (not)
            return bad(err, errlen, "--%s does not go with --twin", not);
    }
    if (every_given && !o->csv && !o->record)
        return bad(err, errlen, "--every needs --csv or --record (it thins the rows or frames)");
    return same_files(o, err, errlen);
}

int cli_session(const cli_options *o, session *s, char *err, int errlen)
{
    session_default(s);
    if (o->load && session_load(o->load, s, err, errlen))
        return -1;
    const char *src = o->load ? o->load : "the preset";
    if (o->scene && o->load && session_scene(s) != o->scene)
        return conflict(err, errlen, "--scene %s: %s holds the scene %s (leave out --scene)", o->scene->name, src,
                        session_scene(s)->name);
    if (o->scene && !o->load)
        session_set_scene(s, o->scene);
    const scene_desc *sc = session_scene(s);
    if (o->has_speed)
        s->speed = o->speed;
    if (o->has_tokens && o->tokens != s->task.n) {
        s->task.n = o->tokens;
        s->has_tokens = 0; /* hand-moved tokens belong to the old count */
        s->has_ref = 0;    /* and so does the divergence reference: a new task judges by its own loss */
    }
    if (o->has_seed && o->seed != s->task.seed) {
        s->task.seed = o->seed;
        s->has_ref = 0; /* the seed may move or perturb the tokens */
    }
    if (o->headless && o->steps > SESSION_STEP_MAX - s->step)
        return conflict(err, errlen, "--steps %lld: %s is at step %lld and the step counter stops at %lld"
                        " (allowed --steps 0..%lld)", (long long)o->steps, src, (long long)s->step,
                        (long long)SESSION_STEP_MAX, (long long)(SESSION_STEP_MAX - s->step));
    if (o->has_slice && !sc->target)
        return conflict(err, errlen, "--slice: %s is the scene %s, which has no maps to slice (--scene universal has)",
                        src, sc->name);
    if (o->has_slice) { /* in place of the file's ([scene] slice) */
        s->has_slice = 1;
        memcpy(s->slice, o->slice, sizeof s->slice);
    }
    if (o->has_target) {
        int t = scene_param_index(sc, "target");
        int v = t >= 0 ? scene_choice_find(&sc->params[t], o->target_name) : -1;
        if (v < 0)
            return conflict(err, errlen, "--target %s: %s is the scene %s, which has no target f", o->target_name,
                            src, sc->name);
        scene_spec sp = session_spec(s);
        sp.v[t] = v;
        session_set_spec(s, &sp);
        s->has_tokens = 0; /* tokens moved by hand belong to the old target */
        s->has_ref = 0;
    }
    {
        char why[256];
        scene_spec sp = session_spec(s);
        if (scene_check(sc, &sp, why, (int)sizeof why) != 0)
            return conflict(err, errlen, "%s%s", o->has_tokens ? "--tokens: " : "", why);
    }
    if (o->has_preset)
        session_set_preset(s, o->preset);
    /* a preset built for the tokens (the hand-built solution: one unit per gap) */
    int solution = sc->presets[s->preset].hidden == 0 && !s->has_weights;
    if (solution && !o->has_hidden)
        s->hidden = scene_preset_session_hidden(sc, s->preset, s->task.n);
    if (o->has_hidden) {
        if (s->has_weights && o->hidden != s->hidden)
            return conflict(err, errlen, "--hidden %d does not match the %d units stored in %s (leave out"
                            " --hidden, or remove the [unit] sections to start from the seed)", o->hidden, s->hidden,
                            src);
        s->hidden = o->hidden;
    }
    if (solution && s->hidden != s->task.n - 1) {
        if (o->has_hidden)
            return conflict(err, errlen, "--hidden %d: lecture-solution needs hidden = tokens - 1 = %d", o->hidden,
                            s->task.n - 1);
        return conflict(err, errlen, "--tokens %d: lecture-solution needs tokens - 1 hidden units, at most %d"
                        " (allowed tokens 2..%d with this preset)", s->task.n, NN_MAX_HIDDEN, NN_MAX_HIDDEN + 1);
    }
    if (s->freeze.only_unit >= s->hidden)
        return conflict(err, errlen, "--hidden %d: %s lets only unit %d learn (allowed --hidden %d..%d)",
                        s->hidden, src, s->freeze.only_unit + 1, s->freeze.only_unit + 1, NN_MAX_HIDDEN);
    if (o->has_act)
        s->act = o->act;
    if (o->has_gain)
        s->gain = o->gain;
    if (o->has_lr)
        s->lr = o->lr;
    if (o->has_opt)
        s->opt = o->opt;
    if (o->twin.key != SESSION_TWIN_NONE)
        s->twin = o->twin; /* in place of the file's */
    if (s->twin.key == SESSION_TWIN_FREEZE && s->twin.freeze.only_unit >= s->hidden)
        return conflict(err, errlen, "--twin freeze=unit%d: the run has %d hidden units (allowed unit1..unit%d)",
                        s->twin.freeze.only_unit + 1, s->hidden, s->hidden);
    if (o->headless && s->twin.key != SESSION_TWIN_NONE && (o->record || o->report_stability))
        return conflict(err, errlen, "--%s: %s holds a twin ([twin]), which --%s does not go with",
                        o->record ? "record" : "report", src, o->record ? "record" : "report");
    return 0;
}
