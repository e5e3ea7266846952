/* view_page: the pages the main area can show, and their names (--view, the View chooser).
 * Any thread: pure data and lookups, no SDL (the command line reads it before any window exists).
 * Invariants: each page has one name; view_page_find(view_page_name(p)) == p. */
#ifndef RENDER_VIEW_PAGE_H
#define RENDER_VIEW_PAGE_H

/* What the main area shows. TRAIN is the lecture's four panels (a scene with one output and two
 * inputs draws its unit maps there instead); every other page takes the whole area of the planes,
 * bars and loss panel (view_layout.page), beside the equation strip, status line and controls. */
typedef enum {
    VIEW_PAGE_TRAIN,     /* "train": the planes, bars and loss (the universal scene: its maps) */
    VIEW_PAGE_DIAGRAM,   /* "diagram": the two-layer network as on the slides, live */
    VIEW_PAGE_NONLIN,    /* "nonlinearities": step, logistic, signum, tanh, relu and derivatives */
    VIEW_PAGE_LEDGER,    /* "ledger": the chain rule with numbers for one weight */
    VIEW_PAGE_LANDSCAPE, /* "landscape": L over a plane through the weights, the trajectory on it */
    VIEW_PAGE_SURFACE,   /* "surface": a 3-D mesh of one map of a two-input scene */
    VIEW_PAGE_SWEEP,     /* "sweep": Barron's O(1/N) measured */
    VIEW_PAGE_COUNT
} view_page;

/* The page's name as --view and the View chooser spell it. */
const char *view_page_name(view_page p);
/* The page named so, or -1. */
int view_page_find(const char *name);

#endif
