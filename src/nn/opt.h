/* opt: optimizers over the flat parameter vector: gd, momentum, adam, lbfgs (rules in README).
 * Any thread, on a state it owns; allocates only in nn_opt_init.
 * Invariants: state vectors have the capacity of NN_MAX_HIDDEN; lbfgs never increases the loss. */
#ifndef NN_OPT_H
#define NN_OPT_H

#include <stddef.h>

typedef enum { NN_OPT_GD, NN_OPT_MOMENTUM, NN_OPT_ADAM, NN_OPT_LBFGS, NN_OPT_COUNT } nn_opt_kind;

#define NN_LBFGS_HISTORY 10

/* Loss at p and, into g (P), its gradient. ctx is the caller's. */
typedef double (*nn_objective)(void *ctx, const double *p, double *g);

typedef struct {
    nn_opt_kind kind;
    size_t cap;     /* capacity of every vector below */
    size_t P;       /* current parameter count */
    long t;         /* steps taken since reset */
    double *v;      /* (P) momentum velocity, or adam's second moment */
    double *m;      /* (P) adam's first moment */
    /* lbfgs */
    double *s;      /* (HISTORY, P) parameter differences */
    double *yv;     /* (HISTORY, P) gradient differences */
    double *rho;    /* (HISTORY) */
    double *work;   /* (4, P) direction, trial point, trial gradient, resize scratch */
    int hist_len, hist_head;
} nn_opt;

/* The state as plain arrays (for saving and loading a run), L-BFGS pairs oldest first: the ring's
 * slots are the optimizer's business. The arrays belong to the caller. */
typedef struct {
    long t;        /* steps since reset */
    double *v;     /* (P) momentum velocity, or adam's second moment */
    double *m;     /* (P) adam's first moment */
    int pairs;     /* lbfgs pairs, 0..NN_LBFGS_HISTORY */
    double *s;     /* (pairs, stride) parameter differences, oldest first */
    double *y;     /* (pairs, stride) gradient differences */
    size_t stride; /* >= P: distance between two pairs in s and y */
    double *rho;   /* (pairs) 1 / s'y */
} nn_opt_state;

int nn_opt_init(nn_opt *o, nn_opt_kind kind, size_t cap); /* 0 ok, -1 out of memory */
void nn_opt_free(nn_opt *o);
void nn_opt_reset(nn_opt *o, nn_opt_kind kind, size_t P); /* fresh state, new kind */
/* Re-lays the state after nn_resize (momentum/adam follow the units; lbfgs history is dropped). */
void nn_opt_resize(nn_opt *o, int n_old, int n_new, int d, int k);

/* Copies the state into st's arrays (v, m: P entries; s, y, rho: the pairs) and sets t and pairs. */
void nn_opt_state_get(const nn_opt *o, nn_opt_state *st);
/* Replaces the state (kind and P stay) with st's; a step from it is the step the optimizer it was
 * taken from would have made, bit for bit. st->pairs <= NN_LBFGS_HISTORY. */
void nn_opt_state_set(nn_opt *o, const nn_opt_state *st);

/* One step. p (P) is updated in place; g (P) is the gradient at p and *loss the loss at p.
 * frozen (P) may be NULL; parameters with frozen[i] != 0 never change.
 * On return *loss and g hold the loss and gradient at the new p when the optimizer evaluated
 * them (lbfgs) and the function returns 1; it returns 0 when the caller must re-evaluate. */
int nn_opt_step(nn_opt *o, double lr, double *p, double *g, double *loss, nn_objective f, void *ctx,
                const unsigned char *frozen);

const char *nn_opt_name(nn_opt_kind k);
int nn_opt_parse(const char *s, nn_opt_kind *out);

#endif
