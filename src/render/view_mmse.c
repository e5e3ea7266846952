/* view_mmse: E[y | x], the lecture's "MMSE Solution": the best ŷ(x) under i.i.d. noisy samples. In the output
 * plane it is drawn solid along the probe path; on the universal scene's f map the noisy targets y_i sit over
 * the clean surface as discs in their own colours. Main thread only (SDL rendering, SDL_ttf).
 * Invariants: the curve and the surface are the scene's own mmse; the discs are the snapshot's targets. */
#include <math.h>
#include <stdio.h>

#include "render/view_heat.h"
#include "render/view_maps.h"
#include "render/view_panel.h"

/* Okabe–Ito bluish green: neither a target (black) nor ŷ (blue) */
static const SDL_Color mmse_colour = {0, 158, 115, 255};

void view_draw_mmse(view_frame *f, const view_xform *t, const draw_rect *box)
{
    const snap *s = f->s;
    if (!s->scene || !s->scene->mmse || !s->scene->probe || s->k != 2 || !scene_seeded(s->scene, &s->scene_spec))
        return;
    static double y[SWEEP * 2]; /* (SWEEP, K) main thread only */
    for (int i = 0; i < SWEEP; i++) s->scene->mmse(&s->scene_spec, &f->v->sweep_x[(size_t)i * (size_t)s->d], &y[2 * i]);
    const SDL_Color c = mmse_colour;
    view_w_polyline(f, t, box, y, SWEEP, 3.0f * f->lw, draw_alpha(c, 0.85f));
    float sx, sy;
    if (view_pt_screen(t, box, y[2 * (SWEEP - 1)], y[2 * (SWEEP - 1) + 1], &sx, &sy)) {
        view_flush(f);
        view_text(f, TEXT_BOLD, FONT_LABEL, "E[y | x]", sx - 10 * f->s1, sy + 6 * f->s1, TEXT_RIGHT | TEXT_TOP, c);
    }
}

int view_mmse_noisy(const snap *s)
{
    if (!s->scene || !s->scene->mmse || s->d > SCENE_MAX_IO || s->k > SCENE_MAX_IO)
        return 0;
    for (int i = 0; i < s->n; i++) {
        double m[SCENE_MAX_IO]; /* (K) */
        s->scene->mmse(&s->scene_spec, &s->x[(size_t)i * (size_t)s->d], m);
        for (int j = 0; j < s->k; j++)
            if (fabs(s->y[(size_t)i * (size_t)s->k + (size_t)j] - m[j]) > 1e-12 * (1.0 + fabs(m[j])))
                return 1;
    }
    return 0;
}

void view_draw_mmse_tokens(view_frame *f, const draw_rect *m, double scale)
{
    const snap *s = f->s;
    if (s->d != 2 || s->k != 1 || !view_mmse_noisy(s))
        return;
    /* a disc large enough that its colour reads against the surface, ringed in the ink so it never merges */
    const float r = (s->n > 400 ? 2.5f : 3.5f) * f->s1, ring = 1.0f * f->s1;
    for (int i = 0; i < s->n; i++) {
        if (fabs(s->x[2 * i]) > 1 || fabs(s->x[2 * i + 1]) > 1) continue; /* moved off the square */
        float sx, sy;
        view_maps_to_screen(m, s->x[2 * i], s->x[2 * i + 1], &sx, &sy);
        draw_circle(f->dl, sx, sy, r + ring, f->pal->text);
        draw_circle(f->dl, sx, sy, r, view_heat_colour(s->y[i], scale));
    }
    /* the selected token's ring again, over its disc */
    if (f->sel >= 0 && f->sel < s->n) {
        float sx, sy;
        view_maps_to_screen(m, s->x[2 * f->sel], s->x[2 * f->sel + 1], &sx, &sy);
        draw_ring(f->dl, sx, sy, r + 3 * f->s1, 2 * f->lw, f->pal->select);
    }
    view_flush(f);
}

const char *view_mmse_f_title(const snap *s, int shorter)
{
    if (!view_mmse_noisy(s))
        return shorter ? "f(x)" : "target f(x)";
    /* the clean surface is what ŷ can reach; the discs are the tokens' noisy y_i */
    return shorter ? "E[y | x] = f(x)" : "E[y | x] = f(x), y\xe1\xb5\xa2 noisy";
}
