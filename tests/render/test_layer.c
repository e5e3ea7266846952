/* Cached layers (draw_layer) on SDL's software renderer: the controls drawn through their layer are the
 * same pixels as drawn straight into the window, whether the layer is drawn anew or copied, and a
 * change of what they show (a value, the hover) redraws it. */
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
    suite_add_tcase(s, t);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
