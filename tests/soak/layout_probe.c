/* layout-probe: prints where the window puts its controls and planes, for the soak script.
 * Run by soak.sh (main thread only; no window, no SDL video).
 * Invariants: uses the app's own layout and plane transforms (ui_layout_compute, view_plane_xform),
 * so the soak's clicks follow the layout when it changes. */
#include <stdio.h>
#include <stdlib.h>

#include "render/view.h"
#include "train/core.h"
#include "ui/controls.h"
#include "ui/layout.h"

static const char *const kinds[] = {[UI_BUTTON] = "button", [UI_TOGGLE] = "toggle", [UI_SLIDER] = "slider",
                                    [UI_CHOOSER] = "chooser"};

static void xform(const snap *s, const view_state *vs, const view_layout *lay, view_plane p, const char *name)
{
    view_xform t = view_plane_xform(s, vs, lay, p);
    printf("xform %s %d %d %d %d %.9g %.9g %.9g %.9g\n", name, (int)t.r.x, (int)t.r.y, (int)t.r.w, (int)t.r.h,
           t.wx0, t.wx1, t.wy0, t.wy1);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s WIDTH HEIGHT SCALE MODE\n"
                        "  prints 'widget ID KIND X Y W H VISIBLE AVOID' for each control (for a slider,\n"
                        "  the rectangle of its track; AVOID 1: it writes files), 'panel NAME X Y W H'\n"
                        "  for the panels and 'xform PLANE X Y W H WX0 WX1 WY0 WY1' for the default view\n"
                        "  of each plane. MODE: the UI_LAYOUT_* bits of src/ui/layout.h.\n",
                argv[0]);
        return 2;
    }
    int w = atoi(argv[1]), h = atoi(argv[2]), mode = atoi(argv[4]);
    float scale = (float)atof(argv[3]);
    if (w < 1 || h < 1 || !(scale > 0)) {
        fprintf(stderr, "%s: bad size or scale\n", argv[0]);
        return 2;
    }
    ui_layout lay;
    ui_layout_compute(w, h, scale, mode, &lay);
    static ui_controls controls; /* large: widget texts */
    ui_controls_init(&controls);
    for (int i = 0; i < UI_W_COUNT; i++) {
        ui_kind k = controls.w[i].kind;
        SDL_Rect r = k == UI_SLIDER ? ui_slider_track(lay.widget[i], lay.scale) : lay.widget[i];
        /* recording writes a PNG per frame: a soak must never switch it on */
        printf("widget %d %s %d %d %d %d %d %d\n", i, kinds[k], r.x, r.y, r.w, r.h, lay.visible[i],
               i == UI_W_RECORD);
    }

    const struct {
        const char *name;
        draw_rect r;
    } panels[] = {{"input", lay.view.input}, {"bars", lay.view.bars}, {"output", lay.view.output},
                  {"loss", lay.view.loss}};
    for (size_t i = 0; i < sizeof panels / sizeof panels[0]; i++)
        printf("panel %s %d %d %d %d\n", panels[i].name, (int)panels[i].r.x, (int)panels[i].r.y,
               (int)panels[i].r.w, (int)panels[i].r.h);

    /* the planes' transforms for the default session and view */
    char err[256];
    session *ses = malloc(sizeof *ses);
    snap *s = calloc(1, sizeof *s);
    if (!ses || !s) {
        fprintf(stderr, "%s: out of memory\n", argv[0]);
        return 1;
    }
    session_default(ses);
    train_core *c = train_core_create(ses, err, (int)sizeof err);
    if (!c) {
        fprintf(stderr, "%s: %s\n", argv[0], err);
        return 1;
    }
    train_core_fill(c, s);
    view_state vs;
    view_state_init(&vs);
    vs.scale = lay.scale;
    xform(s, &vs, &lay.view, VIEW_PLANE_INPUT, "input");
    xform(s, &vs, &lay.view, VIEW_PLANE_OUTPUT, "output");
    train_core_destroy(c);
    free(ses);
    free(s);
    return 0;
}
