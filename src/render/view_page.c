/* view_page: the pages' names.
 * Any thread: pure data and lookups, no SDL.
 * Invariants: one name per page, in view_page order. */
#include "render/view_page.h"

#include <string.h>

static const char *const page_names[VIEW_PAGE_COUNT] = {
    [VIEW_PAGE_TRAIN] = "train",         [VIEW_PAGE_DIAGRAM] = "diagram", [VIEW_PAGE_NONLIN] = "nonlinearities",
    [VIEW_PAGE_LEDGER] = "ledger",       [VIEW_PAGE_LANDSCAPE] = "landscape", [VIEW_PAGE_SURFACE] = "surface",
    [VIEW_PAGE_SWEEP] = "sweep",
};

const char *view_page_name(view_page p)
{
    return (int)p >= 0 && p < VIEW_PAGE_COUNT ? page_names[p] : "?";
}

int view_page_find(const char *name)
{
    for (int p = 0; name && p < VIEW_PAGE_COUNT; p++)
        if (strcmp(name, page_names[p]) == 0) return p;
    return -1;
}

