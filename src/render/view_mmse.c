/* view_mmse: E[y | x] in the output plane, the lecture's "MMSE Solution": the best ŷ(x) under i.i.d. noisy
 * samples, drawn solid along the probe path whenever the tokens are noisy or jittered, so that the teacher
 * can show ŷ settling on it rather than on the scattered targets. Main thread only (SDL rendering, SDL_ttf).
 * Invariants: the curve is the scene's own mmse at the frame's sweep of x along the probe path. */
#include <stdio.h>

#include "render/view_panel.h"

void view_draw_mmse(view_frame *f, const view_xform *t, const draw_rect *box)
{
    const snap *s = f->s;
    if (!s->scene || !s->scene->mmse || !s->scene->probe || s->k != 2 || !scene_seeded(s->scene, &s->scene_spec))
        return;
    static double y[SWEEP * 2]; /* (SWEEP, K) main thread only */
    for (int i = 0; i < SWEEP; i++) s->scene->mmse(&s->scene_spec, &f->v->sweep_x[(size_t)i * (size_t)s->d], &y[2 * i]);
    const SDL_Color c = {0, 158, 115, 255}; /* Okabe–Ito bluish green: neither a target (black) nor ŷ (blue) */
    view_w_polyline(f, t, box, y, SWEEP, 3.0f * f->lw, draw_alpha(c, 0.85f));
    float sx, sy;
    if (view_pt_screen(t, box, y[2 * (SWEEP - 1)], y[2 * (SWEEP - 1) + 1], &sx, &sy)) {
        view_flush(f);
        view_text(f, TEXT_BOLD, FONT_LABEL, "E[y | x]", sx - 10 * f->s1, sy + 6 * f->s1, TEXT_RIGHT | TEXT_TOP, c);
    }
}
