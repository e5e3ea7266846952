/* view_fmt: numbers and labels as the panels print them (true minus signs, sub- and superscripts, nice steps).
 * Any thread: pure functions of their arguments.
 * Invariants: every output is NUL-terminated UTF-8 within its len bytes. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/view_fmt.h"
#include "render/view_panel.h"

void view_subscript(int k, char *out, size_t len)
{
    char digits[16];
    snprintf(digits, sizeof digits, "%d", k);
    size_t o = 0;
    for (const char *d = digits; *d && o + 4 < len; d++) {
        out[o++] = (char)0xE2;
        out[o++] = (char)0x82;
        out[o++] = (char)(0x80 + (*d - '0'));
    }
    out[o] = 0;
}

void view_fmt_num(char *out, size_t len, const char *fmt, double x)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, fmt, x);
    const char *p = tmp;
    if (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1)) p = tmp + 1;
    size_t o = 0;
    for (; *p && o + 4 < len; p++) {
        if (*p == '-') {
            memcpy(out + o, "\xe2\x88\x92", 3);
            o += 3;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = 0;
}

void view_fmt_pow10(char *out, size_t len, int e)
{
    static const char *const sup[10] = {"\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4",
                                        "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9"};
    char digits[16];
    snprintf(digits, sizeof digits, "%d", e < 0 ? -e : e);
    size_t o = (size_t)snprintf(out, len, "10%s", e < 0 ? "\xe2\x81\xbb" : "");
    for (const char *d = digits; *d && o + 4 < len; d++) o += (size_t)snprintf(out + o, len - o, "%s", sup[*d - '0']);
}

double view_nice_step(double span, double target)
{
    double raw = span / target, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

double view_nice_ceil(double m) { return view_nice_step(m, 1) * ceil(m / view_nice_step(m, 1)); }

void view_fmt_rate(char *out, size_t len, double v)
{
    char num[32];
    if (v >= 1e6) snprintf(num, sizeof num, "%.3gM", v / 1e6);
    else if (v >= 1e4) snprintf(num, sizeof num, "%.3gk", v / 1e3);
    else if (v >= 100) snprintf(num, sizeof num, "%.0f", v); /* 1234, not %.3g's 1.23e+03 */
    else snprintf(num, sizeof num, "%.3g", v);
    /* singular only for a count that reads exactly one */
    snprintf(out, len, "%s %s/s", num, strcmp(num, "1") == 0 ? "step" : "steps");
}

/* The freeze rule as the plot names it: "all learn", "only W(1)", "only unit 2 W(2)". */
static void fmt_freeze(char *out, size_t len, int only_layer, int only_unit)
{
    static const char *const layer[3] = {"", " W(1)", " W(2)"};
    if (only_layer < 0 || only_layer > 2)
        snprintf(out, len, "freeze");
    else if (only_layer == 0 && only_unit < 0)
        snprintf(out, len, "all learn");
    else if (only_unit < 0)
        snprintf(out, len, "only%s", layer[only_layer]);
    else
        snprintf(out, len, "only unit %d%s", only_unit + 1, layer[only_layer]);
}

void view_fmt_mark(char *out, size_t len, const scene_desc *scene, const snap_mark *m)
{
    switch (m->kind) {
    case TRAIN_MARK_LR: snprintf(out, len, "\xce\xb7=%.3g", m->a); return;
    case TRAIN_MARK_HIDDEN: snprintf(out, len, "N=%d", m->i); return;
    case TRAIN_MARK_ACT: snprintf(out, len, "%s", nn_act_name((nn_act)m->i)); return;
    case TRAIN_MARK_GAIN: snprintf(out, len, "a=%.3g", m->a); return;
    case TRAIN_MARK_OPT: snprintf(out, len, "%s", nn_opt_name((nn_opt_kind)m->i)); return;
    case TRAIN_MARK_RESET: snprintf(out, len, "reset"); return;
    case TRAIN_MARK_PRESET:
        /* a preset index of another scene cannot reach here: a load starts the marks afresh */
        if (scene && m->i >= 0 && m->i < scene->n_presets)
            snprintf(out, len, "%s", scene->presets[m->i].name);
        else
            snprintf(out, len, "preset");
        return;
    case TRAIN_MARK_LOAD: snprintf(out, len, "load"); return;
    case TRAIN_MARK_TOKENS: snprintf(out, len, "n=%d", m->i); return;
    /* tokens are numbered from 1 everywhere they are shown, as in session files ([token 5]) */
    case TRAIN_MARK_MOVE_INPUT: snprintf(out, len, "x%d moved", m->i + 1); return;
    case TRAIN_MARK_MOVE_TARGET: snprintf(out, len, "y%d moved", m->i + 1); return;
    case TRAIN_MARK_FREEZE: fmt_freeze(out, len, m->i, m->j); return;
    case TRAIN_MARK_PARAM: snprintf(out, len, "weight set"); return;
    case TRAIN_MARK_SCENE:
        /* the parameter and its new value, as the session file names it: "noise=0.3" */
        if (scene && m->i >= 0 && m->i < scene->n_params && !scene->params[m->i].choices)
            snprintf(out, len, "%s=%.2g", scene->params[m->i].key, m->a);
        else
            snprintf(out, len, "scene");
        return;
    case TRAIN_MARK_PARAMS: snprintf(out, len, "weights set"); return;
    case TRAIN_MARK_COUNT: break;
    }
    snprintf(out, len, "?");
}
