/* view_nonlin: the nonlinearities page, as the slides "Step and Logistic", "Signum and Tanh" and "Derivatives
 * of the nonlinearities": each σ(a·e) with σ′ under it at the network's gain a, the one in use framed and
 * carrying the selected token's e(1)_k. Main thread only (SDL rendering and SDL_ttf).
 * Invariants: every curve is sigma_draw's (nn_act_f, nn_act_df: the network's own functions). */
#include <math.h>
#include <stdio.h>

#include "render/sigma.h"
#include "render/view_panel.h"

/* The lecture's order: step and logistic, then signum and tanh (each the other's limit as a grows), relu. */
static const nn_act ORDER[] = {NN_ACT_STEP, NN_ACT_LOGISTIC, NN_ACT_RELU, NN_ACT_SIGNUM, NN_ACT_TANH};
#define N_ACTS ((int)(sizeof ORDER / sizeof ORDER[0]))
#define COLS 3
#define ROWS 2

/* The sixth cell: what the page shows, in words. */
static void draw_notes(view_frame *f, const draw_rect *c)
{
    const snap *s = f->s;
    const float s1 = f->s1, x = c->x + PANEL_PAD * s1, w = c->w - 2 * PANEL_PAD * s1;
    float y = c->y + 5 * s1;
    char buf[256], g[32], fit[256];
    view_panel_frame(f, c);
    view_flush(f);
    view_text(f, TEXT_BOLD, FONT_TITLE, "the gain a", x, y, TEXT_LEFT | TEXT_TOP, f->pal->text);
    y += 24 * s1;
    view_fmt_num(g, sizeof g, "%.3g", s->gain);
    const char *lines[6];
    char l0[128], l1[160];
    snprintf(l0, sizeof l0, "h = \xcf\x83(a\xc2\xb7" "e), a = %s now (the gain slider).", g);
    snprintf(l1, sizeof l1, "In use: %s, framed, with e\xe2\x81\xbd\xc2\xb9\xe2\x81\xbe\xe2\x82\x96 of token %d marked.",
             nn_act_name(s->act), f->sel + 1);
    lines[0] = l0;
    lines[1] = "As a grows, logistic \xe2\x86\x92 step and tanh \xe2\x86\x92 signum:";
    lines[2] = "\xcf\x83\xe2\x80\xb2 narrows to an impulse at e = 0,";
    lines[3] = "which no gradient step can use (\xcf\x83\xe2\x80\xb2 = 0 elsewhere).";
    lines[4] = l1;
    lines[5] = "Small a: \xcf\x83 is nearly linear around 0.";
    for (int i = 0; i < 6 && y + 16 * s1 < c->y + c->h; i++) {
        snprintf(buf, sizeof buf, "%s", lines[i]);
        view_fit_text(f, TEXT_SANS, FONT_SMALL, buf, w, fit, sizeof fit);
        view_text(f, TEXT_SANS, FONT_SMALL, fit, x, y, TEXT_LEFT | TEXT_TOP, i == 4 ? f->pal->text : f->pal->text_dim);
        y += 18 * s1;
    }
}

void view_draw_nonlin(view_frame *f)
{
    const draw_rect *r = &f->lay->page;
    const float gap = 8 * f->s1;
    const float cw = (r->w - (COLS - 1) * gap) / COLS, ch = (r->h - (ROWS - 1) * gap) / ROWS;
    for (int i = 0; i < COLS * ROWS; i++) {
        const draw_rect c = {r->x + (float)(i % COLS) * (cw + gap), r->y + (float)(i / COLS) * (ch + gap), cw, ch};
        if (i >= N_ACTS) {
            draw_notes(f, &c);
            continue;
        }
        const nn_act a = ORDER[i];
        const int cur = a == f->s->act;
        view_flush(f);
        if (sigma_draw(f->v->r, f->dl, f->tc, f->pal, c, a, f->s->gain, cur ? f->v->tok.e : NULL,
                       cur ? f->s->hidden : 0, cur ? f->hl : -1, f->s1) < 0)
            f->rc = -1;
        if (cur) {
            const float w = 3 * f->s1 * f->pal->line_gain;
            draw_round_rect_outline(f->dl, c.x + 0.5f * w, c.y + 0.5f * w, c.w - w, c.h - w, PANEL_RADIUS * f->s1, w,
                                    f->pal->select);
            view_flush(f);
            view_text(f, TEXT_BOLD, FONT_SMALL, "in use", c.x + c.w - PANEL_PAD * f->s1, c.y + 7 * f->s1,
                      TEXT_RIGHT | TEXT_TOP, f->pal->select);
        }
    }
    view_flush(f);
}
