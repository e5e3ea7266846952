/* scene: a lecture example as a plain description (sokol-style desc, zero means "the default"):
 * its name, D and K, task parameters with ranges, tokens and targets from a seed, presets, probe, guides.
 * Any thread: descriptions are immutable statics; scene_build fills only the task it is handed. */
#ifndef DATA_SCENE_H
#define DATA_SCENE_H

#include <stdint.h>

#include "data/task.h"
#include "nn/nn.h"
#include "nn/rng.h"

#define SCENE_MAX_PARAMS 8
#define SCENE_MAX_PRESETS 4
#define SCENE_MAX_GUIDES 4
#define SCENE_MAX_IO NN_MAX_IO
/* D + K of any scene, at most: sessions and snapshots hold the weights and optimizer state of the
 * largest network in fixed arrays (with D + 1 + K numbers a session line also stays short). */
#define SCENE_MAX_DK 4
/* P of the largest one-layer network of any scene: N(D + 1 + K) + K with D + K <= SCENE_MAX_DK, D >= 1. */
#define SCENE_PARAM_MAX (NN_MAX_HIDDEN * (SCENE_MAX_DK + 1) + SCENE_MAX_DK - 1)

/* One task parameter beyond the token count and the seed, which every scene has. A parameter
 * with choices holds the index of one of them (written and read by name); lo and hi are then unused. */
typedef struct {
    const char *key;  /* the session file's key in [task], e.g. "theta_min" */
    const char *what; /* for messages and help, in the lecture's notation, e.g. "θ_min" */
    double lo, hi;    /* accepted, inclusive; values must also be finite */
    double def;       /* the lecture's value */
    const char *const *choices; /* NULL, or the names of the values 0, 1, ..., ended by NULL */
} scene_param;

/* What a task is made from: the scene's parameters in the order of its desc, the token count, the seed. */
typedef struct {
    int n;
    uint64_t seed;
    double v[SCENE_MAX_PARAMS]; /* (n_params) */
} scene_spec;

/* A scene's tokens: x (n, D), y (n, K) packed with the scene's D and K, and each token's
 * coordinate t on the probe path (θ for the semicircle; 0 when the scene has no path). */
typedef struct {
    scene_spec spec;
    int n, d, k;
    double t[DATA_MAX_TOKENS];               /* (n) */
    double x[DATA_MAX_TOKENS * SCENE_MAX_IO]; /* (n, D) */
    double y[DATA_MAX_TOKENS * SCENE_MAX_IO]; /* (n, K) */
} scene_task;

/* A named starting network. hidden = 0 means "one unit per gap between tokens" (n - 1). */
typedef struct {
    const char *name;
    int hidden;
    /* N a session names when hidden = 0 and n - 1 does not fit NN_MAX_HIDDEN (the net is then the
     * scene's first preset, drawn for this N); 0: the first preset's hidden */
    int fallback_hidden;
    nn_act act;
    /* Fills net's parameters (net has the scene's D, K and the preset's N) from r and the task.
     * 0 ok; -1 when this N cannot be built for this task (net unchanged). */
    int (*init)(nn_net *net, nn_rng *r, const scene_task *t);
} scene_preset;

typedef enum {
    SCENE_GUIDE_PATH,  /* the curve at(u) for u over the probe range, in the plane's coordinates */
    SCENE_GUIDE_GRAPH, /* the graph x1 = f(x0), across whatever x0 range the plane shows */
} scene_guide_kind;

typedef enum { SCENE_PLANE_INPUT, SCENE_PLANE_OUTPUT } scene_plane;

/* A curve the view draws dashed behind the tokens (the semicircle, the parabola). */
typedef struct {
    const char *what; /* "unit semicircle" */
    scene_guide_kind kind;
    scene_plane plane;
    void (*at)(double u, double *pt /* (2) */); /* PATH: the point at u; GRAPH: pt[1] = f(pt[0]) */
} scene_guide;

typedef struct {
    const char *name;  /* "semicircle": --scene, [scene] name */
    const char *title; /* "semicircle → parabola" */
    int d, k;          /* 1..SCENE_MAX_IO each, d + k <= SCENE_MAX_DK */
    int n_default;     /* tokens; 0: 9 */
    int n_min, n_max;  /* 0: DATA_MIN_TOKENS, DATA_MAX_TOKENS */
    int n_params;
    scene_param params[SCENE_MAX_PARAMS];
    /* Rules across parameters (θ_min < θ_max); NULL when ranges suffice. 0 ok, -1 with msg. */
    int (*check)(const scene_spec *s, char *msg, int msglen);
    /* Tokens and targets from the spec (which passed scene_check): fills t, x, y for n tokens. */
    void (*build)(const scene_spec *s, scene_task *t);
    int n_presets;
    scene_preset presets[SCENE_MAX_PRESETS]; /* the first is the default */
    /* The probe path x(u) through the input space, u over [u_lo(spec), u_hi(spec)]; NULL: none. */
    const char *probe_what; /* "θ" */
    void (*probe)(const scene_spec *s, double u, double *x /* (D) */);
    void (*probe_range)(const scene_spec *s, double *u_lo, double *u_hi);
    int n_guides;
    scene_guide guides[SCENE_MAX_GUIDES];
    /* The noise-free target f(x) over the whole input box [box_lo, box_hi]^D, for the true error
     * E|ŷ − f|²; NULL when the task is defined on its tokens only. */
    void (*target)(const scene_spec *s, const double *x /* (D) */, double *y /* (K) */);
    double box_lo, box_hi;
    /* E[y | x]: what the best ŷ(x) is when targets are noisy (the lecture's MMSE solution), at any x the
     * tokens may come from; NULL when the scene cannot say. */
    void (*mmse)(const scene_spec *s, const double *x /* (D) */, double *y /* (K) */);
    /* A hidden unit added when N grows: its first-layer weights, drawn from r (the trainer's rng).
     * NULL: scene_draw_unit's generic draw. The unit's w(2) is 0, so ŷ does not jump. */
    void (*draw_unit)(nn_rng *r, double *w1 /* (D) */, double *b1);
    /* 1 when the tokens depend on the seed for this spec (jitter, noise, random points); NULL: always. */
    int (*seeded)(const scene_spec *s);
} scene_desc;

/* The scenes the app ships, the first being the default. */
int scene_count(void);
const scene_desc *scene_at(int i);
const scene_desc *scene_find(const char *name); /* NULL when unknown */
/* Adds a scene that scene_find (and so session files) will know, e.g. a test's own scene. Call it
 * before any thread reads the list; sc must outlive every use. 0 ok; -1 when the name is taken or
 * SCENE_MAX_EXTRA scenes were added already. */
#define SCENE_MAX_EXTRA 4
int scene_register(const scene_desc *sc);

/* Tokens with the zero defaults filled in. */
int scene_n_default(const scene_desc *sc);
int scene_n_min(const scene_desc *sc);
int scene_n_max(const scene_desc *sc);
/* Index of the parameter with this key, or -1. */
int scene_param_index(const scene_desc *sc, const char *key);

/* The lecture's spec: default token count, seed 1, every parameter at its default. */
scene_spec scene_spec_default(const scene_desc *sc);
/* 0 ok; -1 with msg naming the field and its accepted range ("tokens = 1 is out of range (allowed 2..4096)"). */
int scene_check(const scene_desc *sc, const scene_spec *s, char *msg, int msglen);
/* Fills t from the spec, which must pass scene_check. Allocates nothing. */
void scene_build(const scene_desc *sc, const scene_spec *s, scene_task *t);
/* N a preset asks for on this task (n - 1 for the hand-built solution), or -1 when it does not fit. */
int scene_preset_hidden(const scene_desc *sc, int preset, const scene_task *t);
/* The same for n tokens: the one place the rule "the hand-built solution needs n − 1 units" is written. */
int scene_preset_hidden_n(const scene_desc *sc, int preset, int n);
/* N a session takes for a preset on n tokens: scene_preset_hidden_n, or its fallback when that is -1. */
int scene_preset_session_hidden(const scene_desc *sc, int preset, int n);
/* A grown unit's w̄(1), b(1): the scene's draw_unit, else w̄(1) = 0.5 z (z standard normal, one draw
 * per input in order) and b(1) = 0. */
void scene_draw_unit(const scene_desc *sc, nn_rng *r, double *w1 /* (D) */, double *b1);
/* 1 when the tokens of this spec depend on its seed. */
int scene_seeded(const scene_desc *sc, const scene_spec *s);
/* Index of the preset with this name, or -1. */
int scene_preset_find(const scene_desc *sc, const char *name);
/* A choice parameter's number of choices, and the index of a name among them (-1 when unknown). */
int scene_choice_count(const scene_param *p);
int scene_choice_find(const scene_param *p, const char *name);

/* The true error E|ŷ − f|² = mean over a g×g grid of the input box of ||ŷ(x) − f(x)||² (D = 2 only;
 * the grid's points are box_lo + (i + 1/2)(box_hi − box_lo)/g). -1 when the scene has no target. */
#define SCENE_TRUE_ERROR_GRID 64
double scene_true_error(const scene_desc *sc, const scene_spec *s, const nn_net *net, int g);

/* The first scene: the lecture's Example #2, semicircle → parabola (its data set is task.h's). */
extern const scene_desc scene_semicircle;
/* The second: the lecture's Example #1, a net as universal approximator of f: [−1, 1]² → R. */
extern const scene_desc scene_universal;

#endif
