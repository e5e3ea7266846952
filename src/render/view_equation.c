/* view_equation: the equation panel: the phase's pill and formula with live numbers, or the probe's or next step's.
 * Main thread only (SDL rendering and SDL_ttf).
 * Invariants: the numbers come from the frame's snapshot and tokens; a line too wide is cut with "…". */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/view_panel.h"

static SDL_Color phase_colour(const view_frame *f)
{
    const draw_palette *pal = f->pal;
    switch (f->vs->phase) {
    case LECT_FORWARD: return pal->pred;
    case LECT_ERROR: return pal->error;
    case LECT_LAYER2: return pal->unit[2];
    case LECT_LAYER1: return pal->unit[6];
    case LECT_UPDATE: return pal->unit[4];
    default: return f->s->status == TRAIN_RUNNING ? pal->unit[2] : pal->text_dim;
    }
}

/* Lines for the probe: where x(θ) is, which units are on, and what the chain adds up to. */
static int probe_text(view_frame *f, char *buf, size_t len)
{
    const snap *s = f->s;
    const lect_token *t = &f->v->tok;
    char th[32], a[32], b[32], c[32], d[32];
    lect_fmt_num(th, sizeof th, f->vs->probe_theta);
    lect_fmt_num(a, sizeof a, t->x[0]);
    lect_fmt_num(b, sizeof b, t->x[1]);
    int o = snprintf(buf, len, "x(\xce\xb8) = (cos \xce\xb8, sin \xce\xb8) = (%s, %s) at \xce\xb8 = %s;   units on (h\xe2\x82\x96 > %g):",
                     a, b, th, view_act_threshold(s->act));
    int on = 0;
    for (int k = 0; k < s->hidden && o > 0 && (size_t)o < len; k++)
        if (t->h[k] > view_act_threshold(s->act)) {
            if (++on > 24) {
                o += snprintf(buf + o, len - (size_t)o, " \xe2\x80\xa6");
                break;
            }
            o += snprintf(buf + o, len - (size_t)o, " %d", k + 1);
        }
    if (o > 0 && (size_t)o < len && !on) o += snprintf(buf + o, len - (size_t)o, " none");
    lect_fmt_num(a, sizeof a, t->yhat[0]);
    lect_fmt_num(b, sizeof b, t->yhat[1]);
    double py = f->vs->probe_theta * f->vs->probe_theta;
    lect_fmt_num(c, sizeof c, py);
    lect_fmt_num(d, sizeof d, hypot(t->yhat[0] - f->vs->probe_theta, t->yhat[1] - py));
    if (o > 0 && (size_t)o < len)
        o += snprintf(buf + o, len - (size_t)o,
                      "\n\xc5\xb7(\xce\xb8) = b\xe2\x81\xbd\xc2\xb2\xe2\x81\xbe + \xce\xa3\xe2\x82\x96 w\xe2\x81\xbd\xc2\xb2\xe2\x81\xbe\xe2\x82\x96 h\xe2\x82\x96 = (%s, %s);"
                      "   parabola (\xce\xb8, \xce\xb8\xc2\xb2) = (%s, %s), %s away",
                      a, b, th, c, d);
    return o;
}

/* Steps after N grew during which the window says why L may rise. */
#define GROWTH_NOTE_STEPS 3000

int view_growth_note(const snap *s, char *buf, size_t len)
{
    const snap_history *h = &s->hist;
    for (int k = h->n_marks - 1; k >= 0; k--) {
        const snap_mark *m = &h->mark[k];
        if (s->step - m->step > GROWTH_NOTE_STEPS)
            return 0;
        if (m->kind == TRAIN_MARK_RESET || m->kind == TRAIN_MARK_PRESET || m->kind == TRAIN_MARK_LOAD)
            return 0;
        if (m->kind == TRAIN_MARK_HIDDEN)
            return m->i > m->j && m->i == s->hidden
                       ? snprintf(buf, len,
                                  "N grew %d \xe2\x86\x92 %d: the new units start with w\xe2\x81\xbd\xc2\xb2\xe2\x81\xbe = 0, so"
                                  " \xc5\xb7 did not move; their first gradients are large, so L can rise before it falls.",
                                  m->j, m->i)
                       : 0;
    }
    return 0;
}

/* How an optimizer other than gd makes its step, in the lecture's notation (the rules: nn/opt.c), short. */
static const char *step_rule(nn_opt_kind k)
{
    switch (k) {
    case NN_OPT_MOMENTUM: return " \xe2\x88\x92\xce\xb7v, v \xe2\x86\x90 0.9v + \xe2\x88\x87L";
    case NN_OPT_ADAM:
        return " \xe2\x88\x92\xce\xb7m\xcc\x82/(\xe2\x88\x9av\xcc\x82 + 10\xe2\x81\xbb\xe2\x81\xb8)"
               " (m\xcc\x82, v\xcc\x82: mean \xe2\x88\x87L, \xe2\x88\x87L\xc2\xb2)";
    case NN_OPT_LBFGS: return " (curvature of the last steps, line search)";
    default: return "";
    }
}

int view_maps_step_text(const snap *s, double factor, char *buf, size_t len)
{
    char eta[32], num[32];
    lect_fmt_num(eta, sizeof eta, s->lr);
    if (!(factor > 0))
        return snprintf(buf, len,
                        "\xe2\x88\x87L \xe2\x89\x88 0: a gd step with \xce\xb7 = %s would not move the lines e\xe2\x82\x96 = 0"
                        " (a minimum, or \xcf\x83\xe2\x80\xb2 = 0).\nP goes through one gd step phase by phase: forward, error,"
                        " layer 2, layer 1, update.",
                        eta);
    view_fmt_num(num, sizeof num, "%g", factor);
    /* the maps draw the gd step whatever the optimizer: say whose step Step takes when they differ */
    const int gd = s->opt == NN_OPT_GD;
    return snprintf(buf, len,
                    "Dashed on each e\xe2\x82\x96 map: the line e\xe2\x82\x96 = 0"
                    " after the next gd step W \xe2\x86\x90 W \xe2\x88\x92 \xce\xb7\xe2\x88\x87L,\n\xce\xb7 = %s, moved \xc3\x97%s;"
                    " Step (\xe2\x86\x92) %s%s%s.\nP goes through it phase by phase: forward, error, layer 2, layer 1, update.",
                    eta, num, gd ? "applies it" : "takes ", gd ? "" : nn_opt_name(s->opt), gd ? "" : "'s own step");
}

int view_page_step_text(const snap *s, char *buf, size_t len)
{
    char eta[32];
    lect_fmt_num(eta, sizeof eta, s->lr);
    const char *how = view_train_maps(s) ? "as dashed lines on its e\xe2\x82\x96 maps" : "as arrows";
    if (s->status == TRAIN_RUNNING)
        return snprintf(buf, len,
                        "running: %s with \xce\xb7 = %s. Pause (Space), then Step (\xe2\x86\x92) takes one step;"
                        " the train view draws it %s.\nP goes through one gd step phase by phase: forward, error,"
                        " layer 2, layer 1, update.",
                        nn_opt_name(s->opt), eta, how);
    if (s->opt != NN_OPT_GD) /* the maps draw the gd step whatever the optimizer (view_maps_step_text) */
        return snprintf(buf, len,
                        "Step (\xe2\x86\x92) takes %s's next step%s, \xce\xb7 = %s; the train view draws %s.\n"
                        "P goes through a gd step phase by phase: forward, error, layer 2, layer 1, update.",
                        nn_opt_name(s->opt), step_rule(s->opt), eta,
                        view_train_maps(s) ? "the gd step's lines e\xe2\x82\x96 = 0, dashed" : "it dashed, the gd step solid");
    return snprintf(buf, len,
                    "Step (\xe2\x86\x92) applies the next gd step W \xe2\x86\x90 W \xe2\x88\x92 \xce\xb7\xe2\x88\x87L,"
                    " \xce\xb7 = %s; the train view draws it %s.\n"
                    "P goes through it phase by phase: forward, error, layer 2, layer 1, update.",
                    eta, how);
}

/* With the phases off: what the picture shows now and how to go on. */
static int off_text(view_frame *f, char *buf, size_t len)
{
    char note[256];
    if (view_growth_note(f->s, note, sizeof note) > 0) {
        /* the note takes the second line: the strip holds three */
        int o = snprintf(buf, len, "%s with \xce\xb7 = %.3g; %s\n%s", nn_opt_name(f->s->opt), f->s->lr,
                         f->s->status == TRAIN_RUNNING ? "running." : "paused: Space runs, \xe2\x86\x92 steps.", note);
        return o;
    }
    const snap *s = f->s;
    char eta[32];
    lect_fmt_num(eta, sizeof eta, s->lr);
    /* only the train page draws the pending step: elsewhere say what Step does and where it is drawn */
    if (f->vs->page != VIEW_PAGE_TRAIN) return view_page_step_text(s, buf, len);
    if (!view_shows_update(s, f->vs))
        return snprintf(buf, len,
                        "running: %s with \xce\xb7 = %s.   Pause (Space) and the next update shows %s;\n"
                        "P goes through one gd step phase by phase: forward, error, layer 2, layer 1, update.",
                        nn_opt_name(s->opt), eta,
                        view_train_maps(s) ? "dashed on the e\xe2\x82\x96 maps" : "as arrows");
    /* the maps page draws the update as lines on the e_k maps, at their own factor, not as arrows */
    if (f->vs->page == VIEW_PAGE_TRAIN && view_train_maps(s)) return view_maps_step_text(s, view_maps_update_factor(f), buf, len);
    if (f->none_in && f->none_out)
        return snprintf(buf, len,
                        "\xe2\x88\x87L \xe2\x89\x88 0: a gd step with \xce\xb7 = %s would not move the weights (a minimum, or"
                        " \xcf\x83\xe2\x80\xb2 = 0, or frozen).\nP goes through one gd step phase by phase: forward, error, layer 2,"
                        " layer 1, update.",
                        eta);
    const char *scale = !f->none_in && f->scale_in.label[0] ? f->scale_in.label
                        : !f->none_out                      ? f->scale_out.label
                                                            : "";
    if (f->v->ar.has_step) /* the optimizer's own step is drawn: say once what each arrow is */
        return snprintf(buf, len,
                        "Dashed: %s's next step%s; Step (\xe2\x86\x92) takes it.\n"
                        "Solid: the gd step \xe2\x88\x92\xce\xb7\xe2\x88\x87L, \xce\xb7 = %s, for comparison%s%s."
                        " P walks through a gd step.",
                        nn_opt_name(s->opt), step_rule(s->opt), eta, scale[0] ? "; both drawn " : "", scale);
    return snprintf(buf, len,
                    "The arrows show the next gd step W \xe2\x86\x90 W \xe2\x88\x92 \xce\xb7\xe2\x88\x87L, \xce\xb7 = %s%s%s;"
                    " Step (\xe2\x86\x92) applies it.\nP goes through it phase by phase: forward, error, layer 2, layer 1, update.",
                    eta, scale[0] ? ", drawn " : "", scale);
}

void view_draw_equation(view_frame *f)
{
    const draw_palette *pal = f->pal;
    const view_state *vs = f->vs;
    const draw_rect *p = &f->lay->equation;
    const float s1 = f->s1;
    char eq[1024];
    view_panel_frame(f, p);

    /* the phase as a pill at the left */
    char pill[64];
    if (vs->phase != LECT_OFF)
        snprintf(pill, sizeof pill, "%d/5 %s", (int)vs->phase, lect_phase_name(vs->phase));
    else
        snprintf(pill, sizeof pill, "%s",
                 vs->probe ? "probe" : f->s->status == TRAIN_RUNNING ? "running" : "next step");
    int pw, ph;
    if (text_measure(f->tc, TEXT_BOLD, FONT_STATUS, pill, &pw, &ph) < 0) {
        f->rc = -1;
        return;
    }
    float pill_w = fmaxf((float)pw + 20 * s1, 96 * s1), pill_h = (float)ph + 8 * s1;
    float px = p->x + PANEL_PAD * s1, py = p->y + 7 * s1;
    view_pill(f, (draw_rect){px, py, pill_w, pill_h}, py + pill_h / 2, phase_colour(f), pill);
    if (vs->unitwise)
        view_text(f, TEXT_SANS, FONT_SMALL, "unit by unit", px + pill_w / 2, py + pill_h + 3 * s1,
                  TEXT_CENTER | TEXT_TOP, pal->text_dim);

    if (vs->phase != LECT_OFF) {
        const snap *es = vs->phase == LECT_UPDATE && vs->before ? vs->before : f->s;
        int tok = f->sel < es->n ? f->sel : 0;
        lect_equation(es, tok, view_focus_unit(vs, es->hidden), vs->phase, eq, sizeof eq);
    } else if (vs->probe) {
        probe_text(f, eq, sizeof eq);
    } else {
        off_text(f, eq, sizeof eq);
    }

    /* lines of the text, shrunk until they fit the panel's height and width */
    const char *lines[8];
    int nl = 0;
    for (char *q = eq; q && nl < 8; nl++) {
        lines[nl] = q;
        q = strchr(q, '\n');
        if (q) *q++ = 0;
    }
    float x0 = px + pill_w + 12 * s1, avail_w = p->x + p->w - PANEL_PAD * s1 - x0, avail_h = p->h - 8 * s1;
    float size = FONT_EQUATION;
    for (; size > 9.0f; size -= 0.5f) {
        float lh = (float)text_line_height(f->tc, TEXT_SANS, size), wmax = 0;
        for (int i = 0; i < nl; i++) wmax = fmaxf(wmax, (float)view_text_w(f, TEXT_SANS, size, lines[i]));
        if (lh * (float)nl <= avail_h && wmax <= avail_w) break;
    }
    float lh = (float)text_line_height(f->tc, TEXT_SANS, size);
    float y = p->y + (p->h - lh * (float)nl) / 2;
    SDL_Color ink = vs->phase == LECT_OFF && !vs->probe ? pal->text_dim : pal->text;
    for (int i = 0; i < nl; i++, y += lh) {
        char fitted[512];
        view_fit_text(f, TEXT_SANS, size, lines[i], avail_w, fitted, sizeof fitted);
        view_text(f, TEXT_SANS, size, fitted, x0, y, TEXT_LEFT | TEXT_TOP, ink);
    }
}
