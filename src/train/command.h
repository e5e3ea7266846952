/* command: what the UI asks of the trainer; plain values that travel through the ring.
 * Built on the main thread, applied on the trainer thread between two steps.
 * Invariants: a command that carries a pointer hands over ownership of it to the receiver. */
#ifndef TRAIN_COMMAND_H
#define TRAIN_COMMAND_H

#include <stdint.h>

typedef enum {
    TRAIN_CMD_RUN,
    TRAIN_CMD_PAUSE,
    TRAIN_CMD_STEP,        /* i: exactly that many steps, then pause */
    TRAIN_CMD_SET_LR,      /* a: η > 0 */
    TRAIN_CMD_SET_HIDDEN,  /* i: 1..NN_MAX_HIDDEN */
    TRAIN_CMD_SET_ACT,     /* i: nn_act */
    TRAIN_CMD_SET_GAIN,    /* a: gain in sigma(a e) */
    TRAIN_CMD_SET_OPT,     /* i: nn_opt_kind; its state starts fresh */
    TRAIN_CMD_SET_SPEED,   /* a: steps per second, 0 = unlimited */
    TRAIN_CMD_RESET,       /* re-initialise weights from the seed, step 0 */
    TRAIN_CMD_PRESET,      /* i: an index into the scene's presets; applies it with the current seed
                            * (ignored when the scene has no such preset: it changed since the pick) */
    TRAIN_CMD_LOAD,        /* ptr: session * (heap), ownership passes to the trainer; its scene may be
                            * another than the trainer's (the network is then made anew: allocates) */
    TRAIN_CMD_SET_SCENE_PARAM, /* i: a parameter of the scene (scene_desc.params), a: its value; the tokens are
                                * rebuilt from the spec and the seed (ignored when out of range) */
    TRAIN_CMD_SET_TOKENS,  /* i: 2..DATA_MAX_TOKENS, tokens rebuilt from the spec (ignored when the
                            * scene cannot make i tokens, e.g. no G×G grid) */
    TRAIN_CMD_MOVE_INPUT,  /* i: token, a, b: new x_i (its first two coordinates; only a when D = 1) */
    TRAIN_CMD_MOVE_TARGET, /* i: token, a, b: new y_i (its first two coordinates; only a when K = 1) */
    TRAIN_CMD_SET_FREEZE,  /* i: only_layer (0, 1, 2), j: only_unit (-1 or 0-based) */
    TRAIN_CMD_SET_SEED,    /* u: new seed (takes effect at the next reset) */
    TRAIN_CMD_SET_PARAM,   /* i: a parameter's index in nn_layout_of order, a: its new value (finite);
                            * ignored when i is not a parameter of the network the trainer has now */
    TRAIN_CMD_SET_PARAMS,  /* ptr: train_params * (heap, train_params_new), ownership passes to the
                            * trainer; ignored when its n is not the network's P (N changed meanwhile) */
    TRAIN_CMD_BACK,        /* i: go back that many steps (>= 1) along the run's history; pauses */
    TRAIN_CMD_SEEK,        /* u: go to that step of this run's recorded history (clamped); pauses */
    TRAIN_CMD_RECOVER,     /* go back to the last step whose loss was below the starting loss (else the
                            * run's first step kept); pauses */
    TRAIN_CMD_CLEAR_GHOST, /* forget the ghost curve (an old branch or the previous run) */
    TRAIN_CMD_EXPORT_LOSS, /* ptr: double[u], lent (not given): the trainer writes the branch's per-step
                            * losses into it and publishes how many (snap.export); the sender owns it
                            * again once a snapshot shows that export's sequence number */
    TRAIN_CMD_QUIT,
    TRAIN_CMD_COUNT
} train_cmd_type;

/* Every parameter of a network, in nn_layout_of order: what TRAIN_CMD_SET_PARAMS carries. */
typedef struct {
    int n;
    double p[]; /* (n) */
} train_params;

/* A heap copy of p (n values), or NULL when out of memory; the receiver frees it with free(). */
train_params *train_params_new(const double *p /* (n) */, int n);

typedef struct {
    train_cmd_type type;
    int i, j;
    double a, b;
    uint64_t u;
    void *ptr;
} train_cmd;

/* Commands about the run's history (travel.c acts on them; a bare core ignores them). */
static inline int train_cmd_is_travel(train_cmd_type t)
{
    return t == TRAIN_CMD_BACK || t == TRAIN_CMD_SEEK || t == TRAIN_CMD_RECOVER || t == TRAIN_CMD_CLEAR_GHOST ||
           t == TRAIN_CMD_EXPORT_LOSS;
}

#endif
