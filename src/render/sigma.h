/* sigma: the nonlinearity panel (as the slide "Derivatives of the Nonlinearities"): σ(a·e) above,
 * its derivative below, over a fixed range of e, with the selected token's excitations marked.
 * Main thread only (SDL rendering and SDL_ttf).
 * Invariants: values come from nn_act_f / nn_act_df, the network's own functions; mark k has unit k's colour. */
#ifndef RENDER_SIGMA_H
#define RENDER_SIGMA_H

#include <SDL.h>

#include "nn/nn.h"
#include "render/draw.h"
#include "render/text.h"

#define SIGMA_E_RANGE 6.0 /* e ∈ [−6, 6]: the gain's effect (a morph towards the step) stays visible */

/* Draws the panel into r (background, frame, title, both plots, axes, labels, marks), flushing dl
 * before each text so that shapes and labels keep their order; clears r's clip rect at the end.
 * e_marks (n_marks) are e(1)_k of the selected token, drawn on both curves (clamped to the range
 * edge when outside); highlight is a 0-based unit drawn larger (-1 none). scale is the UI scale.
 * 0 ok; -1 with SDL_GetError() set. A rect smaller than a few pixels draws nothing. */
int sigma_draw(SDL_Renderer *r, draw_list *dl, text_cache *tc, const draw_palette *pal, draw_rect rect,
               nn_act act, double gain, const double *e_marks /* (n_marks) or NULL */, int n_marks,
               int highlight, float scale);

/* The y range the panel plots for σ and for σ' (gain included), so that the curves fit whatever
 * the gain; for step and signum σ' is 0 and the panel marks the impulse at e = 0 instead. */
void sigma_ranges(nn_act act, double gain, double *f_lo, double *f_hi, double *df_lo, double *df_hi);

#endif
