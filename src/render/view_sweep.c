/* view_sweep: the Barron sweep page, drawn in the layout's page area from one snapshot.
 * Main thread only (SDL rendering), like every panel.
 * Invariants: draws nothing outside f->lay->page. */
#include "render/view_panel.h"

void view_draw_sweep(view_frame *f) { view_page_note(f, "Barron sweep", "This page is not drawn yet."); }
