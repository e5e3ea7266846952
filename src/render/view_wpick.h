/* view_wpick: which weight a click names for the ledger, outside the diagram: a unit's decision line in the
 * input plane (its w(1)), its link of the chain in the output plane or its h bar (its w(2)), its e bar (w(1)
 * from x_0, as before). Main thread only (it reads the UI's view_state); pure geometry, no drawing.
 * Invariants: the hit tests use the transforms and the chain the panels draw with (view_xform, lect_chain). */
#ifndef RENDER_VIEW_WPICK_H
#define RENDER_VIEW_WPICK_H

#include "render/lecture.h"
#include "render/view_state.h"
#include "train/snapshot.h"

/* How near (logical pixels × scale) a click must be to a line or a link to pick it. */
#define VIEW_WPICK_RADIUS 6.0f

/* The forward values the view shows: the probe's when it is on (and the scene has a probe path), else
 * token sel's (view_default_token when sel is out of range). The frame draws its chain from these. */
void view_selected_values(const snap *s, const view_state *vs, int sel, lect_token *out);

/* The hidden unit whose decision line w̄(1)_k·x + b(1)_k = 0 passes nearest to (sx, sy) inside the input
 * plane's plot area, within VIEW_WPICK_RADIUS; -1 none. */
int view_pick_line(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy);
/* The hidden unit whose link w(2)_k h_k of the selected token's chain (the output plane's arrows, row k to
 * row k + 1 of lect_chain) passes nearest to (sx, sy) inside the output plane, within the radius; -1 none. */
int view_pick_link(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy);
/* The bars' chart under (sx, sy): 0 the e(1) chart, 1 the h chart, -1 neither (view_pick_unit's areas). */
int view_pick_bar_chart(const snap *s, const view_state *vs, const view_layout *lay, float sx, float sy);

/* The ledger's parameter for unit k's layer-1 (layer = 1: w(1)_kj) or layer-2 (layer = 2: w(2)_jk) weights:
 * the component j of largest |w| (the one that moves its line or link most), or, when `current` is already
 * one of these weights, the next j (a second click on the same line or link turns to the other component). */
int view_wpick_param(const snap *s, int layer, int k, int current);

/* What a pick of parameter p (a w(1) or w(2) weight) tells the teacher, e.g. "ledger: w⁽¹⁾ from x₀ into h₃;
 * click the line again for x₁" (what: "line", "link", "h bar"). */
void view_wpick_words(const snap *s, int p, const char *what, char *buf, size_t len);

#endif
