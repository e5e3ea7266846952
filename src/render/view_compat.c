/* view_compat: view_ctx_create, the context's earlier form, kept until every caller opens the view
 * with view_ctx_open and passes the assets folder and the help rows itself.
 * Main thread only, like view.c.
 * Invariants: it is the only file of src/render that reaches into the app (the assets lookup) and
 * the UI (the key map's help rows); removing it, with its line in meson.build, leaves the drawing
 * layer knowing neither. */
#include "render/view.h"

#include "app/paths.h"
#include "ui/keymap.h"

view_ctx *view_ctx_create(SDL_Renderer *r, const char *assets_dir, char *err, int errlen)
{
    char dir[2048];
    if (!assets_dir) {
        if (paths_assets(dir, sizeof dir, err, (size_t)errlen) != 0) return NULL;
        assets_dir = dir;
    }
    return view_ctx_open(r, assets_dir, ui_keymap_help, ui_keymap_help_n, err, errlen);
}
