/* controls: the control column's widgets (captions, ranges, choices) with their values taken from a
 * snapshot, so that the window and the off-screen picture show the same controls.
 * Main thread only (drawing); ui_controls_init and ui_controls_sync touch no SDL state.
 * Invariants: widget i of the set is the one layout.h numbers UI_W_i; values shown are the snapshot's
 * unless the caller overrides them after ui_controls_sync. */
#ifndef UI_CONTROLS_H
#define UI_CONTROLS_H

#include <SDL.h>

#include "render/layer.h"
#include "render/lecture.h"
#include "session/ranges.h"
#include "train/snapshot.h"
#include "ui/layout.h"
#include "ui/widget.h"

#define UI_FREEZE_ITEMS 4 /* all learn, only layer 1, only layer 2, only one unit */
#define UI_TWIN_ITEMS 7   /* the twin chooser: optimizer, η up, η down, activation, N, gain, freezing */

/* The sliders' spans are ranges.h's RANGE_*_SLIDER_MIN/MAX: the table of what is accepted holds them. */
extern const ui_slider_spec ui_spec_lr;     /* log */
extern const ui_slider_spec ui_spec_hidden; /* integer */
extern const ui_slider_spec ui_spec_speed;  /* log; the top end (RANGE_SPEED_SLIDER_MAX) means unlimited */
extern const ui_slider_spec ui_spec_tokens; /* integer, log */
extern const ui_slider_spec ui_spec_gain;   /* log */
extern const ui_slider_spec ui_spec_noise;  /* linear: the target noise */
extern const ui_slider_spec ui_spec_jitter; /* linear: the radius jitter */

/* The scene parameter slider id (UI_W_NOISE, UI_W_JITTER) sets: its index in s's scene, -1 when the scene has
 * none of that key; and its value in s (0 when none). */
int ui_scene_param(const snap *s, int id);
double ui_scene_value(const snap *s, int id);

/* What the controls show besides the snapshot: the window's own state. */
typedef struct {
    int lecture_tab;  /* the lecture tab is shown */
    int sigma;        /* the σ panel replaces the loss panel */
    int unitwise;     /* the update moves unit by unit */
    int recording;    /* frames are being written */
    lect_phase phase; /* the phase shown now */
    int probe;        /* the probe x(θ) is on, at probe_theta */
    double probe_theta;
    int token;        /* the selected token (the θ slider shows its θ while the probe is off) */
    int unit;         /* the unit "only one unit" freezing would pick (0-based) */
    view_page page;   /* the page the main area shows */
    int twin;         /* the twin run is on */
    int twin_choice;  /* the twin chooser's item (ui_twin_choice) */
} ui_controls_state;

#define UI_PRESETS_MAX 40 /* built-in presets and preset files together */
#define UI_PRESET_NAME 48 /* bytes of a preset's name, with its NUL */

typedef struct {
    ui_widget w[UI_W_COUNT];
    /* the preset chooser: the snapshot scene's presets (item i is the scene's preset i, as
     * TRAIN_CMD_PRESET numbers them), then preset files of other names */
    const char *preset_items[UI_PRESETS_MAX];
    int preset_file[UI_PRESETS_MAX]; /* (items) 1 when the item is loaded from a file */
    const scene_desc *preset_scene;  /* the scene the items list; NULL before the first sync */
    char file_names[UI_PRESETS_MAX][UI_PRESET_NAME]; /* (n_files) the preset files, in the order given */
    int n_files;
    ui_widgets ws;
    char phase_label[64];
    char freeze_unit_item[32];
    const char *freeze_items[UI_FREEZE_ITEMS];
    const char *page_items[VIEW_PAGE_COUNT]; /* the View chooser: view_page_name of each page */
    char twin_item[UI_TWIN_ITEMS][40];       /* the twin chooser's items for the snapshot's settings */
    const char *twin_items[UI_TWIN_ITEMS];
} ui_controls;

/* The twin the chooser's item `index` makes of a run with s's settings: always another value than s's:
 * Adam (gd for a run that is Adam), η × 4 (÷ 4 at the top of the range), η ÷ 4 (× 4 at the bottom),
 * tanh (logistic for tanh), N × 2 (N / 2 at the top), gain × 2 (÷ 2 at the top), only layer 2 learns
 * (all for a run that learns only layer 2). */
#define UI_TWIN_DEFAULT 0 /* Adam against the run's gd: the lecture's first comparison */
void ui_twin_choice(int index, const snap *s, session_twin *out);

/* The freeze chooser's item for a snapshot's setting, and the setting an item asks for
 * (unit: the unit "only one unit" picks). */
int ui_freeze_index(const train_freeze *f);
train_freeze ui_freeze_from_index(int index, int unit);

void ui_controls_init(ui_controls *c);
/* Lists preset files in the preset chooser: a file named like one of the scene's presets takes its
 * item (choosing it loads the file), others follow in the order given (from the next sync on). */
void ui_controls_set_presets(ui_controls *c, const char (*names)[UI_PRESET_NAME], int n);
/* Rectangles and visibility from the layout, values from s and st (a slider being dragged keeps
 * the value under the mouse); the preset chooser lists s's scene's presets. */
void ui_controls_sync(ui_controls *c, const ui_layout *lay, const snap *s, const ui_controls_state *st);
/* Shows v on slider id (a value sent but not yet in the snapshot), with its text. */
void ui_controls_show_value(ui_controls *c, int id, double v);
/* Draws the visible widgets and the hint line (not the open chooser's list: ui_widgets_draw_popup,
 * last). 0 ok, -1 with SDL_GetError() set. */
int ui_controls_draw(const ui_controls *c, const ui_layout *lay, SDL_Renderer *r, draw_list *dl, text_cache *tc,
                     const draw_palette *pal);
/* The same through a cached layer (the window and its benchmark, which draw the controls every frame):
 * drawn into l only when what they show changed, else copied from it. Call it first in the frame,
 * right after the clear: the copy holds the background around the controls too. 0 ok, -1 error. */
int ui_controls_draw_cached(draw_layer *l, const ui_controls *c, const ui_layout *lay, SDL_Renderer *r, draw_list *dl,
                            text_cache *tc, const draw_palette *pal);

#endif
