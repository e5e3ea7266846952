/* scene: the list of scenes and what every scene shares: zero defaults, range checks, building, presets.
 * Any thread: the descriptions are immutable; nothing here allocates.
 * Invariants: a spec that passes scene_check builds without error; messages name the key and its range. */
#include "data/scene.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const scene_desc *const scenes[] = {&scene_semicircle, &scene_universal};
#define N_SCENES ((int)(sizeof scenes / sizeof scenes[0]))

int scene_count(void) { return N_SCENES; }

const scene_desc *scene_at(int i)
{
    assert(i >= 0 && i < N_SCENES);
    return scenes[i];
}

/* Scenes added by scene_register, after the shipped ones; written before threads start, then only read. */
static const scene_desc *extra[SCENE_MAX_EXTRA];
static int n_extra;

const scene_desc *scene_find(const char *name)
{
    for (int i = 0; i < N_SCENES; i++)
        if (strcmp(scenes[i]->name, name) == 0)
            return scenes[i];
    for (int i = 0; i < n_extra; i++)
        if (strcmp(extra[i]->name, name) == 0)
            return extra[i];
    return NULL;
}

int scene_register(const scene_desc *sc)
{
    assert(sc && sc->name && sc->build && sc->n_presets >= 1 && sc->d >= 1 && sc->k >= 1 &&
           sc->d + sc->k <= SCENE_MAX_DK);
    if (scene_find(sc->name))
        return scene_find(sc->name) == sc ? 0 : -1;
    if (n_extra == SCENE_MAX_EXTRA)
        return -1;
    extra[n_extra++] = sc;
    return 0;
}

int scene_n_default(const scene_desc *sc) { return sc->n_default ? sc->n_default : 9; }
int scene_n_min(const scene_desc *sc) { return sc->n_min ? sc->n_min : DATA_MIN_TOKENS; }
int scene_n_max(const scene_desc *sc) { return sc->n_max ? sc->n_max : DATA_MAX_TOKENS; }

int scene_param_index(const scene_desc *sc, const char *key)
{
    for (int i = 0; i < sc->n_params; i++)
        if (strcmp(sc->params[i].key, key) == 0)
            return i;
    return -1;
}

scene_spec scene_spec_default(const scene_desc *sc)
{
    scene_spec s;
    memset(&s, 0, sizeof s);
    s.n = scene_n_default(sc);
    s.seed = 1;
    for (int i = 0; i < sc->n_params; i++)
        s.v[i] = sc->params[i].def;
    return s;
}

int scene_check(const scene_desc *sc, const scene_spec *s, char *msg, int msglen)
{
    if (s->n < scene_n_min(sc) || s->n > scene_n_max(sc)) {
        snprintf(msg, (size_t)msglen, "tokens = %d is out of range (allowed %d..%d)", s->n, scene_n_min(sc),
                 scene_n_max(sc));
        return -1;
    }
    for (int i = 0; i < sc->n_params; i++) {
        const scene_param *p = &sc->params[i];
        if (p->choices) {
            int n = scene_choice_count(p);
            if (!(s->v[i] >= 0.0 && s->v[i] < n && s->v[i] == floor(s->v[i]))) {
                snprintf(msg, (size_t)msglen, "%s: choice %g does not exist (%d choices)", p->key, s->v[i], n);
                return -1;
            }
            continue;
        }
        if (!isfinite(s->v[i]) || s->v[i] < p->lo || s->v[i] > p->hi) {
            snprintf(msg, (size_t)msglen, "%s = %g is out of range (allowed %g..%g, finite)", p->key, s->v[i], p->lo,
                     p->hi);
            return -1;
        }
    }
    return sc->check ? sc->check(s, msg, msglen) : 0;
}

void scene_build(const scene_desc *sc, const scene_spec *s, scene_task *t)
{
    char msg[160];
    int ok = scene_check(sc, s, msg, (int)sizeof msg) == 0;
    assert(ok);
    (void)ok;
    t->spec = *s;
    t->n = s->n;
    t->d = sc->d;
    t->k = sc->k;
    memset(t->t, 0, (size_t)s->n * sizeof t->t[0]); /* a scene without a path leaves t at 0 */
    sc->build(s, t);
}

int scene_preset_hidden(const scene_desc *sc, int preset, const scene_task *t)
{
    return scene_preset_hidden_n(sc, preset, t->n);
}

int scene_preset_hidden_n(const scene_desc *sc, int preset, int n)
{
    assert(preset >= 0 && preset < sc->n_presets);
    /* a hand-built solution gives each gap between consecutive tokens its own unit */
    int h = sc->presets[preset].hidden ? sc->presets[preset].hidden : n - 1;
    return h >= 1 && h <= NN_MAX_HIDDEN ? h : -1;
}

int scene_preset_session_hidden(const scene_desc *sc, int preset, int n)
{
    int h = scene_preset_hidden_n(sc, preset, n);
    if (h >= 1)
        return h;
    const scene_preset *p = &sc->presets[preset];
    return p->fallback_hidden ? p->fallback_hidden : sc->presets[0].hidden ? sc->presets[0].hidden : 1;
}

void scene_draw_unit(const scene_desc *sc, nn_rng *r, double *w1, double *b1)
{
    if (sc->draw_unit) {
        sc->draw_unit(r, w1, b1);
        return;
    }
    for (int i = 0; i < sc->d; i++)
        w1[i] = 0.5 * nn_rng_normal(r);
    *b1 = 0.0;
}

int scene_seeded(const scene_desc *sc, const scene_spec *s) { return sc->seeded ? sc->seeded(s) : 1; }

int scene_preset_find(const scene_desc *sc, const char *name)
{
    for (int i = 0; i < sc->n_presets; i++)
        if (strcmp(sc->presets[i].name, name) == 0)
            return i;
    return -1;
}

int scene_choice_count(const scene_param *p)
{
    int n = 0;
    while (p->choices && p->choices[n])
        n++;
    return n;
}

int scene_choice_find(const scene_param *p, const char *name)
{
    for (int i = 0; p->choices && p->choices[i]; i++)
        if (strcmp(p->choices[i], name) == 0)
            return i;
    return -1;
}

double scene_true_error(const scene_desc *sc, const scene_spec *s, const nn_net *net, int g)
{
    if (!sc->target || sc->d != 2)
        return -1.0;
    assert(net->d == 2 && net->k == sc->k && g >= 1);
    double step = (sc->box_hi - sc->box_lo) / g;
    double e[NN_MAX_UNITS], h[NN_MAX_UNITS], yhat[SCENE_MAX_IO], f[SCENE_MAX_IO];
    double sum = 0.0;
    for (int i = 0; i < g; i++) {
        for (int j = 0; j < g; j++) {
            double x[2] = {sc->box_lo + (j + 0.5) * step, sc->box_lo + (i + 0.5) * step};
            nn_forward(net, x, e, h, yhat);
            sc->target(s, x, f);
            for (int c = 0; c < sc->k; c++)
                sum += (yhat[c] - f[c]) * (yhat[c] - f[c]);
        }
    }
    return sum / ((double)g * g);
}
