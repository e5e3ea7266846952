/* view_panel: what every panel draws with: text, the panel's frame and title, clipping, pills.
 * Main thread only (SDL rendering and SDL_ttf).
 * Invariants: every SDL or TTF failure is or-ed into f->rc; geometry is flushed before text over it. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/view_panel.h"

void view_text(view_frame *f, text_face face, float size, const char *s, float x, float y, int align, SDL_Color c)
{
    if (text_draw(f->tc, face, size, s, x, y, align, c, NULL) < 0) f->rc = -1;
}

int view_text_w(view_frame *f, text_face face, float size, const char *s)
{
    int w, h;
    if (text_measure(f->tc, face, size, s, &w, &h) < 0) f->rc = -1;
    return w;
}

void view_flush(view_frame *f)
{
    if (draw_list_flush(f->dl, f->v->r) < 0) f->rc = -1;
}

void view_clip(view_frame *f, const draw_rect *r)
{
    if (!r) {
        SDL_RenderSetClipRect(f->v->r, NULL);
        draw_list_set_cull(f->dl, NULL);
        return;
    }
    SDL_Rect c = {(int)floorf(r->x), (int)floorf(r->y), (int)ceilf(r->w), (int)ceilf(r->h)};
    SDL_RenderSetClipRect(f->v->r, &c);
    draw_list_set_cull(f->dl, &(SDL_FRect){(float)c.x, (float)c.y, (float)c.w, (float)c.h});
}

void view_panel_fill(view_frame *f, const draw_rect *p)
{
    const float rad = PANEL_RADIUS * f->s1;
    for (int i = 0; i < f->v->n_filled; i++) {
        const draw_rect *q = &f->v->filled[i];
        if (q->x == p->x && q->y == p->y && q->w == p->w && q->h == p->h) {
            draw_round_rect_edge(f->dl, p->x, p->y, p->w, p->h, rad, f->pal->panel);
            return;
        }
    }
    draw_round_rect(f->dl, p->x, p->y, p->w, p->h, rad, f->pal->panel);
}

void view_panel_frame(view_frame *f, const draw_rect *p)
{
    float rad = PANEL_RADIUS * f->s1;
    view_panel_fill(f, p);
    draw_round_rect_outline(f->dl, p->x + 0.5f, p->y + 0.5f, p->w - 1, p->h - 1, rad, 1.0f, f->pal->frame);
}

void view_fit_text(view_frame *f, text_face face, float size, const char *s, float avail, char *out, size_t len)
{
    if (text_fit(f->tc, face, size, s, avail, out, len) < 0) f->rc = -1;
}

float view_title(view_frame *f, const draw_rect *p, const char *longer, const char *shorter, float reserve)
{
    float avail = p->w - 2 * PANEL_PAD * f->s1 - reserve;
    char buf[256];
    const char *s = longer;
    if ((float)view_text_w(f, TEXT_BOLD, FONT_TITLE, s) > avail) s = shorter;
    view_fit_text(f, TEXT_BOLD, FONT_TITLE, s, avail, buf, sizeof buf);
    view_text(f, TEXT_BOLD, FONT_TITLE, buf, p->x + PANEL_PAD * f->s1, p->y + 5 * f->s1, TEXT_LEFT | TEXT_TOP,
              f->pal->text);
    return p->x + PANEL_PAD * f->s1 + (float)view_text_w(f, TEXT_BOLD, FONT_TITLE, buf);
}

void view_pill(view_frame *f, draw_rect box, float cy, SDL_Color bg, const char *msg)
{
    draw_round_rect(f->dl, box.x, box.y, box.w, box.h, box.h / 2, bg);
    view_flush(f);
    view_text(f, TEXT_BOLD, FONT_STATUS, msg, box.x + box.w / 2, cy, TEXT_CENTER | TEXT_MIDDLE, f->pal->banner_text);
}

void view_page_note(view_frame *f, const char *title, const char *msg)
{
    const draw_rect *p = &f->lay->page;
    view_panel_frame(f, p);
    view_flush(f);
    view_title(f, p, title, title, 0);
    char buf[256];
    view_fit_text(f, TEXT_SANS, FONT_LABEL, msg, p->w - 2 * PANEL_PAD * f->s1, buf, sizeof buf);
    view_text(f, TEXT_SANS, FONT_LABEL, buf, p->x + p->w / 2, p->y + p->h / 2, TEXT_CENTER | TEXT_MIDDLE,
              f->pal->text);
}
