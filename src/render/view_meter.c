/* view_meter: the stability meter: η·λ_max (λ_max as the trainer keeps it) against the limit 2 (gd) or
 * 2(1+β) (momentum), a bar that turns amber near the limit and red past it. Main thread only (rendering).
 * Invariants: the value drawn is lesson_meter_of(snapshot)'s; adam and L-BFGS get λ_max alone, no bar. */
#include <math.h>
#include <stdio.h>

#include "lesson/stability.h"
#include "render/view_panel.h"

SDL_Color view_meter_colour(const draw_palette *pal, int level)
{
    switch (level) {
    case LESSON_METER_OVER: return pal->error;
    case LESSON_METER_NEAR: return draw_mix(pal->error, pal->unit[1 % DRAW_UNIT_COLOURS], 0.5f);
    default: return pal->pred;
    }
}

/* "η·λ_max = 1.73 / 2" (or "λ_max = 3.4" without a limit) into buf. */
static void meter_words(const lesson_meter *m, int shortform, char *buf, size_t len)
{
    char a[32], b[32];
    if (!m->has) {
        /* measuring: the first weights' value is on its way (the trainer's start), not a missing one */
        snprintf(buf, len, m->measuring ? "λ_max: measuring…" : "λ_max: not yet");
        return;
    }
    if (m->limit == 0.0) {
        view_fmt_num(a, sizeof a, "%.3g", m->lambda_max);
        snprintf(buf, len, "λ_max = %s", a);
        return;
    }
    view_fmt_num(a, sizeof a, "%.3g", m->eta_lambda);
    view_fmt_num(b, sizeof b, "%.3g", m->limit);
    snprintf(buf, len, shortform ? "ηλ_max %s / %s" : "η·λ_max = %s of %s", a, b);
}

static void bar(view_frame *f, const lesson_meter *m, float x, float y, float w, float h)
{
    const draw_palette *pal = f->pal;
    /* the track runs to 1.5 × the limit, further when the value is past it */
    double top = fmax(1.5 * m->limit, 1.05 * m->eta_lambda);
    draw_fill_rect(f->dl, x, y, w, h, pal->grid);
    float fill = (float)fmin(1.0, m->eta_lambda / top) * w;
    draw_fill_rect(f->dl, x, y, fill, h, view_meter_colour(pal, m->level));
    float lx = x + (float)(m->limit / top) * w;
    draw_fill_rect(f->dl, floorf(lx - f->s1), y - 3 * f->s1, fmaxf(2, floorf(2 * f->s1)), h + 6 * f->s1, pal->text);
}

void view_draw_meter(view_frame *f, const draw_rect *r)
{
    lesson_meter m;
    lesson_meter_of(f->s, &m);
    char buf[96];
    meter_words(&m, 0, buf, sizeof buf);
    SDL_Color col = m.level == LESSON_METER_NONE ? f->pal->text : view_meter_colour(f->pal, m.level);
    float tw = (float)view_text_w(f, TEXT_BOLD, FONT_LABEL, buf);
    view_text(f, TEXT_BOLD, FONT_LABEL, buf, r->x, r->y + r->h / 2, TEXT_LEFT | TEXT_MIDDLE, col);
    if (m.level == LESSON_METER_NONE)
        return;
    float x = r->x + tw + 10 * f->s1, w = r->x + r->w - x;
    if (w > 30 * f->s1)
        bar(f, &m, x, r->y + r->h / 2 - 4 * f->s1, w, 8 * f->s1);
    view_flush(f);
}

void view_draw_meter_corner(view_frame *f, const draw_rect *r)
{
    lesson_meter m;
    lesson_meter_of(f->s, &m);
    if (!m.has && !m.measuring)
        return;
    char buf[96]; /* as view_draw_meter's: two numbers of up to 31 bytes and the words */
    meter_words(&m, 1, buf, sizeof buf);
    const float s1 = f->s1, bw = m.level == LESSON_METER_NONE ? 0 : 60 * s1;
    float tw = (float)view_text_w(f, TEXT_SANS, FONT_SMALL, buf);
    float w = tw + bw + (bw > 0 ? 8 * s1 : 0) + 10 * s1, h = 18 * s1;
    if (w > r->w * 0.6f || h > r->h * 0.3f)
        return; /* no room: the landscape page has it in full */
    float x = r->x + 4 * s1, y = r->y + r->h - h - 4 * s1; /* the loss starts high at the left: this corner is free */
    draw_round_rect(f->dl, x, y, w, h, 4 * s1, draw_alpha(f->pal->panel, 0.9f));
    SDL_Color col = m.level == LESSON_METER_NONE ? f->pal->text_dim : view_meter_colour(f->pal, m.level);
    if (bw > 0)
        bar(f, &m, x + 5 * s1, y + h / 2 - 3 * s1, bw, 6 * s1);
    view_flush(f);
    view_text(f, TEXT_SANS, FONT_SMALL, buf, x + w - 5 * s1, y + h / 2, TEXT_RIGHT | TEXT_MIDDLE, col);
}
