/* Cached layers (draw_layer) on SDL's software renderer: the controls drawn through their layer are the
 * same pixels as drawn straight into the window, whether the layer is drawn anew or copied, and a
 * change of what they show (a value, the hover) redraws it; the panels drawn on a clear of their own colour
 * (view_clear_panels) are the same pixels as on the plain clear. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "app/paths.h"
#include "render/layer.h"
#include "render/view.h"
#include "session/session.h"
#include "train/core.h"
#include "ui/controls.h"
#include "ui/keymap.h"
#include "ui/layout.h"

#define W 1280
#define H 800

typedef struct {
    SDL_Surface *surf;
    SDL_Renderer *r;
    view_ctx *v;
    draw_layer layer;
} canvas;

static void canvas_open(canvas *c)
{
    static char dir[2048];
    char err[1024];
    ck_assert_msg(paths_assets(dir, sizeof dir, err, sizeof err) == 0, "%s", err);
    memset(c, 0, sizeof *c);
    c->surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    ck_assert_ptr_nonnull(c->surf);
    c->r = SDL_CreateSoftwareRenderer(c->surf);
    ck_assert_ptr_nonnull(c->r);
    c->v = view_ctx_open(c->r, dir, ui_keymap_help, ui_keymap_help_n, err, sizeof err);
    ck_assert_msg(c->v != NULL, "%s", err);
}

static void canvas_close(canvas *c)
{
    view_ctx_destroy(c->v);
    draw_layer_destroy(&c->layer);
    SDL_DestroyRenderer(c->r);
    SDL_FreeSurface(c->surf);
}

/* The controls on a cleared picture, straight (cached 0) or through the layer; the pixels into out (W * H). */
static void draw(canvas *c, const ui_controls *ctl, const ui_layout *lay, int cached, Uint32 *out)
{
    view_state vs;
    view_state_init(&vs);
    const draw_palette *pal = draw_palette_get(0);
    text_cache *tc = view_ctx_text(c->v);
    text_set_scale(tc, lay->scale);
    view_clear(c->v, &vs);
    int rc = cached ? ui_controls_draw_cached(&c->layer, ctl, lay, c->r, view_ctx_draw_list(c->v), tc, pal)
                    : ui_controls_draw(ctl, lay, c->r, view_ctx_draw_list(c->v), tc, pal);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(text_frame_end(tc) < 0, 0);
    SDL_RenderPresent(c->r);
    for (int y = 0; y < H; y++)
        memcpy(out + (size_t)y * W, (const Uint8 *)c->surf->pixels + (size_t)y * (size_t)c->surf->pitch,
               W * sizeof *out);
}

static long differing(const Uint32 *a, const Uint32 *b)
{
    long n = 0;
    for (size_t i = 0; i < (size_t)W * H; i++)
        n += a[i] != b[i];
    return n;
}

START_TEST(controls_layer_keeps_the_pixels)
{
    static session se;
    static snap s;
    char err[256];
    session_default(&se);
    train_core *core = train_core_create(&se, err, sizeof err);
    ck_assert_msg(core != NULL, "%s", err);
    train_core_fill(core, &s);
    train_core_destroy(core);
    ui_controls ctl;
    ui_controls_init(&ctl);
    ui_layout lay;
    ui_layout_compute(W, H, 1.0f, 0, &lay);
    ui_controls_state st = {.token = 4};
    ui_controls_sync(&ctl, &lay, &s, &st);

    Uint32 *direct = malloc((size_t)W * H * sizeof *direct), *got = malloc((size_t)W * H * sizeof *got);
    ck_assert(direct && got);
    canvas straight, layered;
    canvas_open(&straight);
    canvas_open(&layered);
    draw_list *dl = view_ctx_draw_list(layered.v);
    double ms;
    long tris, calls;

    draw(&straight, &ctl, &lay, 0, direct);
    draw(&layered, &ctl, &lay, 1, got); /* drawn into the layer, then copied */
    ck_assert_int_eq(differing(direct, got), 0);
    draw_list_profile_enable(dl, 1);
    memset(got, 0, (size_t)W * H * sizeof *got);
    draw(&layered, &ctl, &lay, 1, got); /* copied alone: nothing reaches the draw list */
    ck_assert_int_eq(differing(direct, got), 0);
    draw_list_profile_take(dl, &ms, &tris, &calls);
    ck_assert_int_eq(tris, 0);
    ck_assert_int_eq(calls, 0);

    /* a new value and the hover: drawn anew, as straight drawing shows them */
    Uint32 *before = malloc((size_t)W * H * sizeof *before);
    ck_assert_ptr_nonnull(before);
    memcpy(before, direct, (size_t)W * H * sizeof *before);
    ui_controls_show_value(&ctl, UI_W_SPEED, 1.0);
    ctl.ws.hot = UI_W_LR;
    draw(&straight, &ctl, &lay, 0, direct);
    ck_assert_int_gt(differing(before, direct), 0);
    draw(&layered, &ctl, &lay, 1, got);
    ck_assert_int_eq(differing(direct, got), 0);
    draw_list_profile_take(dl, &ms, &tris, &calls);
    ck_assert_int_gt(tris, 0);

    /* another size: a layer of the new size */
    ui_layout_compute(960, 600, 1.0f, 0, &lay);
    ui_controls_sync(&ctl, &lay, &s, &st);
    draw(&straight, &ctl, &lay, 0, direct);
    draw(&layered, &ctl, &lay, 1, got);
    ck_assert_int_eq(differing(direct, got), 0);

    canvas_close(&straight);
    canvas_close(&layered);
    free(before);
    free(direct);
    free(got);
}
END_TEST

/* The whole frame as the window draws it, the panels on a plain clear (prefilled 0) or on a clear of
 * the panels' colour (view_clear_panels, the controls' copy keeping off their insides); pixels into out. */
static int frame(canvas *c, const snap *s, const view_state *vs, const ui_controls *ctl, const ui_layout *lay,
                 int prefilled, Uint32 *out)
{
    const draw_palette *pal = draw_palette_get(vs->presenter);
    text_cache *tc = view_ctx_text(c->v);
    text_set_scale(tc, lay->scale);
    SDL_Rect holes[DRAW_LAYER_HOLES_MAX];
    int nh = 0;
    if (prefilled)
        nh = view_clear_panels(c->v, s, vs, &lay->view, holes, DRAW_LAYER_HOLES_MAX);
    else
        view_clear(c->v, vs);
    ck_assert_int_ge(nh, 0);
    draw_layer_set_holes(&c->layer, holes, nh);
    ck_assert_int_eq(ui_controls_draw_cached(&c->layer, ctl, lay, c->r, view_ctx_draw_list(c->v), tc, pal), 0);
    ck_assert_int_eq(view_draw(c->v, s, vs, &lay->view), 0);
    ck_assert_int_eq(text_frame_end(tc) < 0, 0);
    SDL_RenderPresent(c->r);
    for (int y = 0; y < H; y++)
        memcpy(out + (size_t)y * W, (const Uint8 *)c->surf->pixels + (size_t)y * (size_t)c->surf->pitch,
               W * sizeof *out);
    return nh;
}

START_TEST(panels_on_their_clear_keep_the_pixels)
{
    static session se;
    static snap s;
    char err[256];
    session_default(&se);
    train_core *core = train_core_create(&se, err, sizeof err);
    ck_assert_msg(core != NULL, "%s", err);
    train_cmd run = {.type = TRAIN_CMD_RUN};
    train_core_apply(core, &run);
    for (int i = 0; i < 30; i++) train_core_step(core);
    train_core_fill(core, &s);
    train_core_destroy(core);

    Uint32 *plain = malloc((size_t)W * H * sizeof *plain), *got = malloc((size_t)W * H * sizeof *got);
    ck_assert(plain && got);
    canvas a, b;
    canvas_open(&a);
    canvas_open(&b);
    /* the train page, the lecture tab's layout, presenter mode, a page beside the loss, a smaller window;
     * a hovered slider so that the controls' layer reaches towards the panels */
    static const struct {
        int mode, presenter, page, w, h;
    } cases[] = {
        {0, 0, VIEW_PAGE_TRAIN, W, H},
        {UI_LAYOUT_LECTURE, 0, VIEW_PAGE_TRAIN, W, H},
        {UI_LAYOUT_PRESENTER, 1, VIEW_PAGE_TRAIN, W, H},
        {UI_LAYOUT_PRESENTER, 1, VIEW_PAGE_DIAGRAM, W, H},
        {0, 0, VIEW_PAGE_LEDGER, W, H},
        {0, 0, VIEW_PAGE_TRAIN, 960, 600},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ui_layout lay;
        ui_layout_compute(cases[k].w, cases[k].h, 1.0f, cases[k].mode, &lay);
        view_state vs;
        view_state_init(&vs);
        vs.presenter = cases[k].presenter;
        vs.page = (view_page)cases[k].page;
        vs.scale = lay.scale;
        ui_controls ctl;
        ui_controls_init(&ctl);
        ui_controls_state st = {.token = 4, .page = vs.page, .lecture_tab = (cases[k].mode & UI_LAYOUT_LECTURE) != 0};
        ui_controls_sync(&ctl, &lay, &s, &st);
        ctl.ws.hot = UI_W_LR;
        frame(&a, &s, &vs, &ctl, &lay, 0, plain);
        const int nh = frame(&b, &s, &vs, &ctl, &lay, 1, got);
        ck_assert_msg(nh >= 6, "case %zu: only %d holes: the panels are filled as before", k, nh);
        ck_assert_msg(differing(plain, got) == 0, "case %zu: %ld pixels differ", k, differing(plain, got));
        /* and a frame after it, the controls copied from their layer */
        frame(&b, &s, &vs, &ctl, &lay, 1, got);
        ck_assert_msg(differing(plain, got) == 0, "case %zu, copied: %ld pixels differ", k, differing(plain, got));
    }
    canvas_close(&a);
    canvas_close(&b);
    free(plain);
    free(got);
}
END_TEST

/* draw_rects_outside on random holes in a small area: its pieces cover every pixel outside the holes
 * once, and none inside. */
START_TEST(rects_outside_cover_the_rest)
{
    enum { AW = 61, AH = 47 };
    static unsigned char hits[AH][AW];
    unsigned rng = 12345;
    for (int it = 0; it < 300; it++) {
        SDL_Rect holes[DRAW_LAYER_HOLES_MAX], out[512];
        const SDL_Rect area = {3, 5, AW - 6, AH - 9};
        rng = rng * 1103515245u + 12345u;
        const int nh = (int)((rng >> 16) % 12);
        for (int i = 0; i < nh; i++) {
            int v[4];
            for (int j = 0; j < 4; j++) {
                rng = rng * 1103515245u + 12345u;
                v[j] = (int)((rng >> 16) % 70) - 5;
            }
            holes[i] = (SDL_Rect){v[0], v[1], v[2] % 30, v[3] % 25}; /* some empty, some past the area */
        }
        const int n = draw_rects_outside(area, holes, nh, out, 512);
        ck_assert_int_ge(n, 0);
        memset(hits, 0, sizeof hits);
        int outside = 0; /* (a check per pixel costs Check a write each) */
        for (int i = 0; i < n; i++)
            for (int y = out[i].y; y < out[i].y + out[i].h; y++)
                for (int x = out[i].x; x < out[i].x + out[i].w; x++) {
                    if (x < 0 || x >= AW || y < 0 || y >= AH) outside++;
                    else hits[y][x]++;
                }
        ck_assert_int_eq(outside, 0);
        int wrong = 0, first = -1;
        for (int y = 0; y < AH; y++)
            for (int x = 0; x < AW; x++) {
                const SDL_Point p = {x, y};
                int in_hole = 0;
                for (int i = 0; i < nh; i++) in_hole |= SDL_PointInRect(&p, &holes[i]);
                const int want = SDL_PointInRect(&p, &area) && !in_hole;
                if (hits[y][x] != want && first < 0) first = y * AW + x;
                wrong += hits[y][x] != want;
            }
        ck_assert_msg(wrong == 0, "case %d: %d pixels covered wrongly, the first (%d, %d)", it, wrong, first % AW,
                      first / AW);
    }
}
END_TEST

START_TEST(layer_keys_tell_strings_apart)
{
    const uint64_t k0 = DRAW_LAYER_KEY0;
    ck_assert(draw_layer_hash_str(draw_layer_hash_str(k0, "ab"), "c") !=
              draw_layer_hash_str(draw_layer_hash_str(k0, "a"), "bc"));
    ck_assert(draw_layer_hash_str(k0, NULL) != draw_layer_hash_str(k0, ""));
    ck_assert(draw_layer_hash_str(k0, "0.02") == draw_layer_hash_str(k0, "0.02"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("layer");
    TCase *t = tcase_create("layer");
    tcase_add_test(t, controls_layer_keeps_the_pixels);
    tcase_add_test(t, layer_keys_tell_strings_apart);
    tcase_add_test(t, panels_on_their_clear_keep_the_pixels);
    tcase_add_test(t, rects_outside_cover_the_rest);
    suite_add_tcase(s, t);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
