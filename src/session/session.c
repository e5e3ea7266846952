/* session: the session model: defaults and presets.
 * Any thread, on a session it owns; no file I/O here (session_read.c, session_write.c).
 * Invariants: session_default gives the lecture's start; a preset fully sets hidden size and activation. */
#include "session/session.h"

#include <string.h>

void session_default(session *s)
{
    memset(s, 0, sizeof *s);
    s->scene = &scene_semicircle;
    s->gain = 1.0;
    s->task = data_spec_default();
    s->opt = NN_OPT_GD;
    s->lr = 0.02;
    s->step = 0;
    s->speed = 0.0;
    s->freeze.only_layer = 0;
    s->freeze.only_unit = -1;
    session_set_preset(s, DATA_PRESET_LECTURE_START);
}

void session_set_preset(session *s, int preset)
{
    const scene_desc *sc = session_scene(s);
    s->preset = preset;
    s->hidden = scene_preset_session_hidden(sc, preset, s->task.n);
    s->act = sc->presets[preset].act;
    s->has_weights = 0;
}

void session_set_scene(session *s, const scene_desc *sc)
{
    scene_spec spec = scene_spec_default(sc);
    spec.seed = s->task.seed;
    s->scene = sc;
    s->task = data_spec_default(); /* the semicircle's fields stay valid whatever the scene */
    memset(s->params, 0, sizeof s->params);
    session_set_spec(s, &spec);
    s->has_tokens = 0;
    s->opt_state.has = 0;
    s->has_slice = 0; /* a strip across another scene's maps */
    session_set_preset(s, 0);
}

const scene_desc *session_scene(const session *s) { return s->scene ? s->scene : &scene_semicircle; }

int session_slice_ok(const double v[4])
{
    for (int i = 0; i < 4; i++)
        if (!(v[i] >= -1 && v[i] <= 1)) return 0;
    return v[0] != v[2] || v[1] != v[3];
}

/* The semicircle's parameters live in data_spec's named fields, in its desc's order. */
static int is_semicircle(const scene_desc *sc) { return sc == &scene_semicircle; }

scene_spec session_spec(const session *s)
{
    const scene_desc *sc = session_scene(s);
    scene_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.n = s->task.n;
    spec.seed = s->task.seed;
    if (is_semicircle(sc)) {
        spec.v[0] = s->task.theta_min;
        spec.v[1] = s->task.theta_max;
        spec.v[2] = s->task.radius_jitter;
        spec.v[3] = s->task.noise;
    } else {
        memcpy(spec.v, s->params, (size_t)sc->n_params * sizeof spec.v[0]);
    }
    return spec;
}

void session_spec_to_task(const scene_desc *sc, const scene_spec *spec, data_spec *task)
{
    task->n = spec->n;
    task->seed = spec->seed;
    if (is_semicircle(sc)) {
        task->theta_min = spec->v[0];
        task->theta_max = spec->v[1];
        task->radius_jitter = spec->v[2];
        task->noise = spec->v[3];
    }
}

void session_set_spec(session *s, const scene_spec *spec)
{
    const scene_desc *sc = session_scene(s);
    session_spec_to_task(sc, spec, &s->task);
    if (!is_semicircle(sc))
        memcpy(s->params, spec->v, (size_t)sc->n_params * sizeof spec->v[0]);
}
