/* controls: the control column's widgets (captions, ranges, choices) with their values taken from a
 * snapshot, so that the window and the off-screen picture show the same controls.
 * Main thread only (drawing); ui_controls_init and ui_controls_sync touch no SDL state.
 * Invariants: widget i of the set is the one layout.h numbers UI_W_i; values shown are the snapshot's
 * unless the caller overrides them after ui_controls_sync. */
#include "ui/controls.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lesson/stability.h"
#include "nn/opt.h"
#include "render/view_fmt.h"

const ui_slider_spec ui_spec_lr = {RANGE_LR_SLIDER_MIN, RANGE_LR_SLIDER_MAX, UI_SCALE_LOG, 0, 2};
const ui_slider_spec ui_spec_hidden = {RANGE_HIDDEN_SLIDER_MIN, RANGE_HIDDEN_SLIDER_MAX, UI_SCALE_LINEAR, 1, 0};
const ui_slider_spec ui_spec_speed = {RANGE_SPEED_SLIDER_MIN, RANGE_SPEED_SLIDER_MAX, UI_SCALE_LOG, 1, 2};
const ui_slider_spec ui_spec_noise = {RANGE_NOISE_SLIDER_MIN, RANGE_NOISE_SLIDER_MAX, UI_SCALE_LINEAR, 0, 2};
const ui_slider_spec ui_spec_jitter = {RANGE_JITTER_SLIDER_MIN, RANGE_JITTER_SLIDER_MAX, UI_SCALE_LINEAR, 0, 2};
const ui_slider_spec ui_spec_tokens = {RANGE_TOKENS_SLIDER_MIN, RANGE_TOKENS_SLIDER_MAX, UI_SCALE_LOG, 1, 0};
const ui_slider_spec ui_spec_gain = {RANGE_GAIN_SLIDER_MIN, RANGE_GAIN_SLIDER_MAX, UI_SCALE_LOG, 0, 2};

static const char *const act_items[] = {"logistic", "tanh", "relu", "step", "signum"};
static const char *const opt_items[] = {"gd", "momentum", "adam", "lbfgs"};

void ui_twin_choice(int index, const snap *s, session_twin *out)
{
    assert(index >= 0 && index < UI_TWIN_ITEMS);
    session_twin t = {.key = SESSION_TWIN_NONE, .freeze = {0, -1}};
    const range_def *lr = &range_table[RANGE_LR], *gain = &range_table[RANGE_GAIN];
    switch (index) {
    case 0: t.key = SESSION_TWIN_OPT, t.i = s->opt == NN_OPT_ADAM ? NN_OPT_GD : NN_OPT_ADAM; break;
    case 1:
    case 2: {
        /* the other way where the range ends: a twin never equals its run */
        const int up = index == 1 ? s->lr * 4 <= lr->hi : s->lr / 4 < lr->lo;
        t.key = SESSION_TWIN_LR, t.a = up ? s->lr * 4 : s->lr / 4;
        break;
    }
    case 3: t.key = SESSION_TWIN_ACT, t.i = s->act == NN_ACT_TANH ? NN_ACT_LOGISTIC : NN_ACT_TANH; break;
    case 4:
        t.key = SESSION_TWIN_HIDDEN;
        t.i = 2 * s->hidden <= RANGE_HIDDEN_MAX ? 2 * s->hidden : s->hidden / 2;
        break;
    case 5: t.key = SESSION_TWIN_GAIN, t.a = s->gain * 2 <= gain->hi ? s->gain * 2 : s->gain / 2; break;
    default:
        t.key = SESSION_TWIN_FREEZE;
        t.freeze.only_layer = s->freeze.only_layer == 2 && s->freeze.only_unit < 0 ? 0 : 2;
        break;
    }
    *out = t;
}

int ui_freeze_index(const train_freeze *f)
{
    if (f->only_unit >= 0)
        return 3;
    return f->only_layer >= 0 && f->only_layer <= 2 ? f->only_layer : 0;
}

train_freeze ui_freeze_from_index(int index, int unit)
{
    assert(index >= 0 && index < UI_FREEZE_ITEMS);
    train_freeze f = {index < 3 ? index : 0, index == 3 ? unit : -1};
    return f;
}

void ui_controls_set_presets(ui_controls *c, const char (*names)[UI_PRESET_NAME], int n)
{
    c->n_files = n < UI_PRESETS_MAX ? n : UI_PRESETS_MAX;
    for (int i = 0; i < c->n_files; i++)
        snprintf(c->file_names[i], sizeof c->file_names[i], "%s", names[i]);
    c->preset_scene = NULL; /* the next sync lists them */
}

/* The chooser's items for scene sc: its presets in its order, each replaced by the preset file of its
 * name if there is one, then the other files while they fit. */
static void list_presets(ui_controls *c, const scene_desc *sc)
{
    int items = sc->n_presets;
    for (int i = 0; i < items; i++) {
        c->preset_items[i] = sc->presets[i].name;
        c->preset_file[i] = 0;
    }
    for (int f = 0; f < c->n_files; f++) {
        const int p = scene_preset_find(sc, c->file_names[f]);
        const int at = p >= 0 ? p : items < UI_PRESETS_MAX ? items++ : -1;
        if (at < 0)
            break;
        c->preset_items[at] = c->file_names[f];
        c->preset_file[at] = 1;
    }
    c->w[UI_W_PRESET].n_items = items;
    c->preset_scene = sc;
}

int ui_scene_param(const snap *s, int id)
{
    if (!s->scene) return -1;
    return scene_param_index(s->scene, id == UI_W_NOISE ? "noise" : id == UI_W_JITTER ? "radius_jitter" : "");
}

double ui_scene_value(const snap *s, int id)
{
    const int p = ui_scene_param(s, id);
    return p >= 0 ? s->scene_spec.v[p] : 0.0;
}

void ui_controls_init(ui_controls *c)
{
    _Static_assert(sizeof act_items / sizeof act_items[0] == NN_ACT_COUNT, "one item per activation");
    _Static_assert(sizeof opt_items / sizeof opt_items[0] == NN_OPT_COUNT, "one item per optimizer");
    memset(c, 0, sizeof *c);
    ui_widget *w = c->w;
    c->freeze_items[0] = "all parameters learn";
    c->freeze_items[1] = "only layer 1: W(1), b(1)";
    c->freeze_items[2] = "only layer 2: W(2), b(2)";
    c->freeze_items[3] = c->freeze_unit_item;
    snprintf(c->freeze_unit_item, sizeof c->freeze_unit_item, "only unit 1");
    snprintf(c->phase_label, sizeof c->phase_label, "Phase \xe2\x96\xb8");
    w[UI_W_RUN] = (ui_widget){.kind = UI_TOGGLE, .label = "\xe2\x96\xb6 Run", .label_on = "Pause"};
    w[UI_W_STEP] = (ui_widget){.kind = UI_BUTTON, .label = "Step"};
    w[UI_W_RESET] = (ui_widget){.kind = UI_BUTTON, .label = "Reset"};
    w[UI_W_TAB_TRAIN] = (ui_widget){.kind = UI_TOGGLE, .label = "Train"};
    w[UI_W_TAB_LECTURE] = (ui_widget){.kind = UI_TOGGLE, .label = "Lecture"};
    for (int p = 0; p < VIEW_PAGE_COUNT; p++)
        c->page_items[p] = view_page_name((view_page)p);
    w[UI_W_VIEW] = (ui_widget){.kind = UI_CHOOSER, .label = "view", .items = c->page_items,
                               .n_items = VIEW_PAGE_COUNT};
    /* the items come with the first snapshot's scene (ui_controls_sync) */
    w[UI_W_PRESET] = (ui_widget){.kind = UI_CHOOSER, .label = "preset", .items = c->preset_items, .n_items = 0};
    w[UI_W_LR] = (ui_widget){.kind = UI_SLIDER, .label = "learning rate \xce\xb7", .spec = ui_spec_lr};
    w[UI_W_HIDDEN] = (ui_widget){.kind = UI_SLIDER, .label = "hidden units N", .spec = ui_spec_hidden};
    w[UI_W_SPEED] = (ui_widget){.kind = UI_SLIDER, .label = "speed", .spec = ui_spec_speed};
    w[UI_W_TOKENS] = (ui_widget){.kind = UI_SLIDER, .label = "tokens n", .spec = ui_spec_tokens};
    w[UI_W_NOISE] = (ui_widget){.kind = UI_SLIDER, .label = "target noise", .spec = ui_spec_noise};
    w[UI_W_JITTER] = (ui_widget){.kind = UI_SLIDER, .label = "radius jitter", .spec = ui_spec_jitter};
    w[UI_W_ACT] = (ui_widget){.kind = UI_CHOOSER, .label = "activation \xcf\x83", .items = act_items,
                              .n_items = NN_ACT_COUNT};
    w[UI_W_OPT] = (ui_widget){.kind = UI_CHOOSER, .label = "optimizer", .items = opt_items, .n_items = NN_OPT_COUNT};
    w[UI_W_PHASE] = (ui_widget){.kind = UI_BUTTON, .label = c->phase_label};
    w[UI_W_UNITWISE] = (ui_widget){.kind = UI_TOGGLE, .label = "unit by unit"};
    w[UI_W_SIGMA] = (ui_widget){.kind = UI_TOGGLE, .label = "\xcf\x83 and \xcf\x83\xe2\x80\xb2"};
    /* the θ range comes from the snapshot's task */
    w[UI_W_THETA] = (ui_widget){.kind = UI_SLIDER, .label = "probe x(\xce\xb8) on the arc",
                                .spec = {-1.5707963267948966, 1.5707963267948966, UI_SCALE_LINEAR, 0, 0}};
    w[UI_W_GAIN] = (ui_widget){.kind = UI_SLIDER, .label = "gain a in \xcf\x83(a\xc2\xb7" "e)", .spec = ui_spec_gain};
    w[UI_W_FREEZE] = (ui_widget){.kind = UI_CHOOSER, .label = "what learns", .items = c->freeze_items,
                                 .n_items = UI_FREEZE_ITEMS};
    for (int i = 0; i < UI_TWIN_ITEMS; i++)
        c->twin_items[i] = c->twin_item[i];
    /* the hollow diamond is run b's mark in the planes */
    w[UI_W_TWIN] = (ui_widget){.kind = UI_TOGGLE, .label = "\xe2\x97\x87 Twin (I)", .label_on = "\xe2\x97\x87 End twin"};
    w[UI_W_TWIN_WITH] = (ui_widget){.kind = UI_CHOOSER, .label = "twin differs in", .items = c->twin_items,
                                    .n_items = UI_TWIN_ITEMS};
    w[UI_W_RECORD] = (ui_widget){.kind = UI_TOGGLE, .label = "\xe2\x97\x8f Record frames",
                                 .label_on = "\xe2\x96\xa0 Stop recording"};
    for (int i = 0; i < UI_W_COUNT; i++)
        w[i].enabled = 1;
    ui_widgets_init(&c->ws, w, UI_W_COUNT);
}

void ui_controls_show_value(ui_controls *c, int id, double v)
{
    ui_widget *w = &c->w[id];
    assert(w->kind == UI_SLIDER);
    w->value = v;
    switch (id) {
    case UI_W_LR: snprintf(w->value_text, sizeof w->value_text, "%.2g", v); break;
    case UI_W_SPEED:
        if (v >= RANGE_SPEED_SLIDER_MAX)
            snprintf(w->value_text, sizeof w->value_text, "unlimited");
        else
            view_fmt_rate(w->value_text, sizeof w->value_text, v);
        break;
    case UI_W_GAIN: snprintf(w->value_text, sizeof w->value_text, "%.3g", v); break;
    case UI_W_NOISE:
    case UI_W_JITTER: snprintf(w->value_text, sizeof w->value_text, "%.2g", v); break;
    case UI_W_THETA: snprintf(w->value_text, sizeof w->value_text, "\xce\xb8 = %.3f", v); break;
    default: snprintf(w->value_text, sizeof w->value_text, "%.0f", v); break;
    }
}

void ui_controls_sync(ui_controls *c, const ui_layout *lay, const snap *s, const ui_controls_state *st)
{
    ui_widget *w = c->w;
    c->ws.scale = lay->scale;
    c->ws.win_h = (int)lay->view.status.y; /* lists never cover the status line */
    for (int i = 0; i < UI_W_COUNT; i++) {
        w[i].rect = lay->widget[i];
        w[i].visible = lay->visible[i];
    }
    w[UI_W_RUN].on = s->status == TRAIN_RUNNING;
    w[UI_W_TAB_TRAIN].on = !st->lecture_tab;
    w[UI_W_TAB_LECTURE].on = st->lecture_tab;
    w[UI_W_UNITWISE].on = st->unitwise;
    w[UI_W_SIGMA].on = st->sigma;
    w[UI_W_RECORD].on = st->recording;
    w[UI_W_TWIN].on = st->twin;
    w[UI_W_TWIN_WITH].index = st->twin_choice;
    for (int i = 0; i < UI_TWIN_ITEMS; i++) {
        session_twin t;
        ui_twin_choice(i, s, &t);
        session_twin_label(&t, c->twin_item[i], (int)sizeof c->twin_item[i]);
    }
    /* a snapshot without a scene is the default scene's */
    const scene_desc *sc = s->scene ? s->scene : scene_at(0);
    if (sc != c->preset_scene)
        list_presets(c, sc);
    w[UI_W_PRESET].index = s->preset;
    w[UI_W_VIEW].index = (int)st->page;
    w[UI_W_ACT].index = (int)s->act;
    w[UI_W_OPT].index = (int)s->opt;
    w[UI_W_FREEZE].index = ui_freeze_index(&s->freeze);
    const int unit = s->freeze.only_unit >= 0 ? s->freeze.only_unit : st->unit;
    snprintf(c->freeze_unit_item, sizeof c->freeze_unit_item, "only unit %d", unit + 1);
    snprintf(c->phase_label, sizeof c->phase_label, "Phase \xe2\x96\xb8 %s (P)",
             lect_phase_name(lect_phase_next(st->phase)));

    /* a scene without the parameter (the universal scene has no radius jitter) shows its slider dimmed */
    w[UI_W_NOISE].enabled = ui_scene_param(s, UI_W_NOISE) >= 0;
    w[UI_W_JITTER].enabled = ui_scene_param(s, UI_W_JITTER) >= 0;

    /* the probe's slider spans the task's arc */
    ui_slider_spec *th = &w[UI_W_THETA].spec;
    th->lo = s->spec.theta_min;
    th->hi = s->spec.theta_max > s->spec.theta_min ? s->spec.theta_max : s->spec.theta_min + 1e-9;
    const int tok = st->token >= 0 && st->token < s->n ? st->token : 0;

    static const int sliders[] = {UI_W_LR, UI_W_HIDDEN, UI_W_SPEED, UI_W_TOKENS, UI_W_NOISE, UI_W_JITTER, UI_W_GAIN, UI_W_THETA};
    for (size_t k = 0; k < sizeof sliders / sizeof sliders[0]; k++) {
        const int id = sliders[k];
        double v = w[id].value;
        if (c->ws.pressed != id) {
            switch (id) {
            case UI_W_LR: v = s->lr; break;
            case UI_W_HIDDEN: v = s->hidden; break;
            case UI_W_SPEED: v = s->speed <= 0 ? RANGE_SPEED_SLIDER_MAX : s->speed; break;
            case UI_W_TOKENS: v = s->n; break;
            case UI_W_NOISE:
            case UI_W_JITTER: v = ui_scene_value(s, id); break;
            case UI_W_GAIN: v = s->gain; break;
            default: v = st->probe ? st->probe_theta : s->theta[tok]; break;
            }
        }
        ui_controls_show_value(c, id, v);
    }
    /* the η slider's mark: the largest stable η, limit/λ_max, at the λ_max the trainer keeps */
    lesson_meter m;
    lesson_meter_of(s, &m);
    w[UI_W_LR].has_mark = m.eta_edge > 0;
    w[UI_W_LR].mark = m.eta_edge;
    if (!st->probe && c->ws.pressed != UI_W_THETA)
        snprintf(w[UI_W_THETA].value_text, sizeof w[UI_W_THETA].value_text, "off (token %d)", tok + 1);
}

int ui_controls_draw(const ui_controls *c, const ui_layout *lay, SDL_Renderer *r, draw_list *dl, text_cache *tc,
                     const draw_palette *pal)
{
    int rc = ui_widgets_draw(&c->ws, r, dl, tc, pal);
    if (!lay->presenter && lay->hint.h > 0) {
        const char *hint = (lay->mode & UI_LAYOUT_LECTURE) ? "P: next phase   U: unit by unit   H: keys"
                                                            : "H: keys and mouse";
        rc |= text_draw(tc, TEXT_SANS, 12.0f, hint, (float)lay->hint.x, (float)lay->hint.y + (float)lay->hint.h * 0.5f,
                        TEXT_LEFT | TEXT_MIDDLE, pal->text_dim, NULL);
    }
    return rc ? -1 : 0;
}

int ui_controls_draw_cached(draw_layer *l, const ui_controls *c, const ui_layout *lay, SDL_Renderer *r, draw_list *dl,
                            text_cache *tc, const draw_palette *pal)
{
    const int hint[5] = {lay->presenter, lay->mode & UI_LAYOUT_LECTURE, lay->hint.x, lay->hint.y, lay->hint.h};
    uint64_t key = draw_layer_hash(ui_widgets_key(&c->ws, pal, DRAW_LAYER_KEY0), hint, sizeof hint);
    key = draw_layer_hash(key, &lay->scale, sizeof lay->scale); /* the hint's text size */
    const int st = draw_layer_begin(l, r, key, pal->bg);
    if (st < 0)
        return ui_controls_draw(c, lay, r, dl, tc, pal);
    int rc = 0;
    if (st > 0) {
        rc |= ui_controls_draw(c, lay, r, dl, tc, pal);
        rc |= text_flush(tc); /* the hint's glyphs wait for a flush: into the layer with the rest */
        rc |= draw_layer_end(l, r);
    }
    /* the controls' area and the hint, with a margin for what reaches past a widget's rectangle
     * (a hovered thumb's halo, feathered rims): the layer is background there otherwise */
    SDL_Rect part = lay->controls;
    if (lay->hint.w > 0 && lay->hint.h > 0)
        SDL_UnionRect(&part, &lay->hint, &part);
    for (int i = 0; i < c->ws.n; i++)
        if (c->ws.w[i].visible)
            SDL_UnionRect(&part, &c->ws.w[i].rect, &part);
    const int m = (int)ceilf(16.0f * lay->scale);
    part.x -= m;
    part.y -= m;
    part.w += 2 * m;
    part.h += 2 * m;
    rc |= draw_layer_show(l, r, part);
    return rc ? -1 : 0;
}
