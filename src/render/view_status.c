/* view_status: the status line, and the overlays drawn over the panels: banners, the REC marker, the help.
 * Main thread only (SDL rendering and SDL_ttf).
 * Invariants: overlays read only the snapshot, view_state and the help rows the context was opened with;
 * a diverged snapshot always shows its banner. */
#include <math.h>
#include <stdio.h>

#include "lesson/stuck.h"
#include "render/view_fmt.h"
#include "render/view_panel.h"

void view_draw_status(view_frame *f)
{
    const snap *s = f->s;
    const view_state *vs = f->vs;
    const draw_palette *pal = f->pal;
    const draw_rect *p = &f->lay->status;
    const float sc1 = f->s1;
    char a[48], b[48], c[48];

    view_panel_fill(f, p);
    const char *state = s->status == TRAIN_RUNNING ? "running" : s->status == TRAIN_DIVERGED ? "diverged" : "paused";
    SDL_Color sc = s->status == TRAIN_RUNNING    ? pal->unit[2]
                   : s->status == TRAIN_DIVERGED ? pal->error
                                                 : pal->text_dim;
    int sw = view_text_w(f, TEXT_BOLD, FONT_STATUS, state);
    float pill_h = fminf(p->h - 6 * sc1, 22 * sc1), pill_w = (float)sw + 20 * sc1;
    float cy = p->y + p->h / 2;
    view_pill(f, (draw_rect){p->x + 4 * sc1, cy - pill_h / 2, pill_w, pill_h}, cy, sc, state);

    view_fmt_num(a, sizeof a, "%.6g", s->loss);
    view_fmt_rate(b, sizeof b, s->steps_per_sec);
    char left[256], frames[96] = "", right[160];
    if (vs->fps > 0) snprintf(frames, sizeof frames, "%.0f fps", vs->fps);
    view_fmt_num(c, sizeof c, "%.4g", s->lr);
    snprintf(right, sizeof right, "\xce\xb7 = %s   %s   %s   N = %d   n = %d", c, nn_act_name(s->act),
             nn_opt_name(s->opt), s->hidden, s->n);
    /* the long form when it fits; then without the frame times; then without the right part */
    float x0 = p->x + pill_w + 14 * sc1, x1 = p->x + p->w - 10 * sc1, gap = 24 * sc1;
    int wr = view_text_w(f, TEXT_SANS, FONT_STATUS, right);
    for (int form = 0; form < 3; form++) {
        if (form == 0 && vs->fps > 0)
            snprintf(left, sizeof left, "step %lld    L = %s    %s    %s (frame p50 %.1f ms, p99 %.1f ms)",
                     (long long)s->step, a, b, frames, vs->frame_p50_ms, vs->frame_p99_ms);
        else
            snprintf(left, sizeof left, "step %lld    L = %s    %s    %s", (long long)s->step, a, b, frames);
        float wl = (float)view_text_w(f, TEXT_SANS, FONT_STATUS, left);
        if (x0 + wl + gap + (float)wr <= x1 || form == 2) {
            if (form == 2 && x0 + wl + gap + (float)wr > x1) right[0] = 0;
            break;
        }
    }
    view_text(f, TEXT_SANS, FONT_STATUS, left, x0, cy, TEXT_LEFT | TEXT_MIDDLE, pal->text);
    if (right[0]) view_text(f, TEXT_SANS, FONT_STATUS, right, x1, cy, TEXT_RIGHT | TEXT_MIDDLE, pal->text_dim);
}

/* A banner box centred at the top of `area`; returns its bottom edge. */
static float banner(view_frame *f, const draw_rect *area, float y, const char *msg, int is_error)
{
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1;
    int w, h;
    if (text_measure(f->tc, TEXT_BOLD, FONT_BANNER, msg, &w, &h) < 0) {
        f->rc = -1;
        return y;
    }
    float bw = fminf((float)w + 32 * sc1, area->w - 16 * sc1), bh = (float)h + 16 * sc1;
    float x = area->x + (area->w - bw) / 2;
    draw_round_rect(f->dl, x + 2 * sc1, y + 3 * sc1, bw, bh, 8 * sc1, draw_alpha(pal->overlay, 0.35f));
    draw_round_rect(f->dl, x, y, bw, bh, 8 * sc1, is_error ? pal->error_bg : pal->info_bg);
    view_flush(f);
    SDL_Rect c = {(int)x, (int)y, (int)bw, (int)bh};
    SDL_RenderSetClipRect(f->v->r, &c);
    view_text(f, TEXT_BOLD, FONT_BANNER, msg, x + bw / 2, y + bh / 2, TEXT_CENTER | TEXT_MIDDLE, pal->banner_text);
    SDL_RenderSetClipRect(f->v->r, NULL);
    return y + bh + 8 * sc1;
}

void view_draw_banners(view_frame *f)
{
    const view_layout *lay = f->lay;
    /* over the planes: the union of the panels that are shown (the whole target when none is) */
    const draw_rect *panels[4] = {&lay->input, &lay->output, &lay->bars, &lay->loss};
    int any = 0;
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    for (int i = 0; i < 4; i++) {
        const draw_rect *p = panels[i];
        if (!view_rect_ok(p)) continue;
        if (!any) {
            x0 = p->x, y0 = p->y, x1 = p->x + p->w, y1 = p->y + p->h;
            any = 1;
        } else {
            x0 = fminf(x0, p->x), y0 = fminf(y0, p->y), x1 = fmaxf(x1, p->x + p->w), y1 = fmaxf(y1, p->y + p->h);
        }
    }
    if (!any) {
        int w, h;
        SDL_GetRendererOutputSize(f->v->r, &w, &h);
        x1 = (float)w;
        y1 = (float)h;
    }
    const draw_rect area = {x0, y0, x1 - x0, y1 - y0};
    float y = y0 + 30 * f->s1;
    const snap *s = f->s;
    /* where B goes: the last step below the starting loss, else the first step kept */
    const int64_t back = s->travel.good_step >= s->travel.first ? s->travel.good_step : s->travel.first;
    const int can_back = back < s->step;
    const char *why = s->travel.good_step >= s->travel.first ? "the last with L below the start" : "the start";
    if (s->status == TRAIN_DIVERGED) {
        char msg[256], eta[48];
        view_fmt_num(eta, sizeof eta, "%.4g", s->lr);
        if (can_back)
            snprintf(msg, sizeof msg, "Diverged at step %lld with \xce\xb7 = %s: press B to go back to step %lld (%s), "
                     "lower \xce\xb7 ([) and press Space", (long long)s->step, eta, (long long)back, why);
        else
            snprintf(msg, sizeof msg, "Diverged at step %lld with \xce\xb7 = %s: lower \xce\xb7 (press [ ) and press Space",
                     (long long)s->step, eta);
        y = banner(f, &area, y, msg, 1);
    } else {
        /* units that no longer learn: lowering η cannot revive them, going back can */
        lesson_stuck st;
        lesson_stuck_of(s, &st, NULL);
        if (st.saturated + st.dead > 0) {
            char msg[256], what[96], tail[96] = "";
            if (st.dead == 0)
                snprintf(what, sizeof what, "%d of %d hidden units saturated (\xcf\x83\xe2\x80\xb2 \xe2\x89\x88 0 at every token)",
                         st.saturated, st.units);
            else if (st.saturated == 0)
                snprintf(what, sizeof what, "%d of %d hidden units dead (e \xe2\x89\xa4 0 at every token)", st.dead,
                         st.units);
            else
                snprintf(what, sizeof what, "%d of %d hidden units saturated or dead", st.saturated + st.dead, st.units);
            if (can_back)
                snprintf(tail, sizeof tail, ": B goes back to step %lld (%s)", (long long)back, why);
            snprintf(msg, sizeof msg, "%s: they no longer learn%s", what, tail);
            y = banner(f, &area, y, msg, 1);
        }
    }
    if (f->vs->banner[0] && f->vs->banner_kind != VIEW_BANNER_NONE)
        banner(f, &area, y, f->vs->banner, f->vs->banner_kind == VIEW_BANNER_ERROR);
}

void view_draw_help(view_frame *f)
{
    const draw_palette *pal = f->pal;
    const float sc1 = f->s1;
    int W, H;
    SDL_GetRendererOutputSize(f->v->r, &W, &H);
    /* one column when it fits the window, else two side by side, else smaller text */
    float size = FONT_LABEL;
    int rows = 0, kw = 0, aw = 0, lh = 0, cols = 1;
    for (;; size -= 0.5f) {
        rows = kw = aw = 0;
        for (const view_help_row *k = f->v->help; k < f->v->help + f->v->n_help; k++, rows++) {
            kw = SDL_max(kw, view_text_w(f, TEXT_BOLD, size, k->keys));
            aw = SDL_max(aw, view_text_w(f, TEXT_SANS, size, k->what));
        }
        lh = text_line_height(f->tc, TEXT_SANS, size) + (int)(3 * sc1);
        const float colw = (float)(kw + aw) + 54 * sc1;
        for (cols = 1; cols <= 2; cols++) {
            const int per = (rows + cols - 1) / cols;
            if ((float)(per * lh) + 90 * sc1 <= (float)H && (float)cols * colw + 30 * sc1 <= (float)W) break;
        }
        if (cols <= 2 || size <= 8.0f) break;
    }
    if (cols > 2) cols = 2;
    int per_col = (rows + cols - 1) / cols;
    float colw = (float)(kw + aw) + 24 * sc1 + 30 * sc1;
    float bw = (float)cols * colw + 30 * sc1, bh = (float)(per_col * lh) + 90 * sc1;
    float x = fmaxf(0, ((float)W - bw) / 2), y = fmaxf(0, ((float)H - bh) / 2);
    draw_fill_rect(f->dl, 0, 0, (float)W, (float)H, pal->overlay);
    draw_round_rect(f->dl, x, y, bw, bh, 10 * sc1, pal->panel);
    view_flush(f);
    view_text(f, TEXT_BOLD, FONT_BANNER + 2, "Keys and mouse", x + 30 * sc1, y + 18 * sc1, TEXT_LEFT | TEXT_TOP,
              pal->text);
    int i = 0;
    for (const view_help_row *k = f->v->help; k < f->v->help + f->v->n_help; k++, i++) {
        float cx = x + 30 * sc1 + (float)(i / per_col) * colw, ty = y + 56 * sc1 + (float)((i % per_col) * lh);
        view_text(f, TEXT_BOLD, size, k->keys, cx, ty, TEXT_LEFT | TEXT_TOP, pal->loss);
        view_text(f, TEXT_SANS, size, k->what, cx + (float)kw + 24 * sc1, ty, TEXT_LEFT | TEXT_TOP, pal->text);
    }
    view_text(f, TEXT_SANS, FONT_SMALL + 1, "press H to close", x + bw - 20 * sc1, y + bh - 12 * sc1,
              TEXT_RIGHT | TEXT_BOTTOM, pal->text_dim);
}

float view_rec_pill(view_frame *f, char *msg, size_t len)
{
    if (f->vs->rec_frames < 0) return 0;
    snprintf(msg, len, "\xe2\x97\x8f REC  %ld", f->vs->rec_frames);
    return (float)view_text_w(f, TEXT_BOLD, FONT_STATUS, msg) + 18 * f->s1;
}

/* A red pill at the top right of the output plane (or of the window). */
void view_draw_rec(view_frame *f)
{
    const float s1 = f->s1;
    char msg[48];
    float pw = view_rec_pill(f, msg, sizeof msg), x, y;
    float ph = (float)text_line_height(f->tc, TEXT_BOLD, FONT_STATUS) + 4 * s1;
    const draw_rect *o = view_rect_ok(&f->lay->output) ? &f->lay->output : NULL;
    if (o) {
        x = o->x + o->w - pw - 6 * s1;
        y = o->y + 3 * s1;
    } else {
        int W, H;
        SDL_GetRendererOutputSize(f->v->r, &W, &H);
        x = (float)W - pw - 8 * s1;
        y = 8 * s1;
    }
    view_pill(f, (draw_rect){x, y, pw, ph}, y + ph / 2, f->pal->error, msg);
}
