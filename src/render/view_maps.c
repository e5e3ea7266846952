/* view_maps: the unit maps page, drawn in the layout's page area from one snapshot.
 * Main thread only (SDL rendering), like every panel.
 * Invariants: draws nothing outside f->lay->page. */
#include "render/view_panel.h"

void view_draw_maps(view_frame *f) { view_page_note(f, "unit maps", "This page is not drawn yet."); }
