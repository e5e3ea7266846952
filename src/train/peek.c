/* peek: the weights the trainer's next step will give, from a snapshot, on a copy of the optimizer's
 * state (the trainer's own state is not touched). Any thread, on a snapshot it reads; allocates.
 * Invariants: the result is the trainer's next p bit for bit (the same nn_opt_step from the same state). */
#include "train/peek.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const nn_net *net;
    const snap *s;
} peek_ctx;

/* The loss and gradient at p on the snapshot's tokens: the trainer's objective (core.c) on the same data. */
static double objective(void *ctx, const double *p, double *g)
{
    const peek_ctx *o = ctx;
    return nn_loss_grad_at(o->net, p, o->s->x, o->s->y, o->s->n, g);
}

int train_peek_step(const snap *s, double *p_next)
{
    const size_t P = nn_param_count(s->d, s->hidden, s->k);
    nn_opt o;
    double *g = malloc(P * sizeof *g);
    if (!g || nn_opt_init(&o, s->opt, P) < 0) {
        free(g);
        return -1;
    }
    nn_opt_reset(&o, s->opt, P);
    const session_opt_state *os = &s->opt_state;
    if (os->has && os->kind == s->opt) {
        /* nn_opt_state names the arrays without const; state_set only reads them */
        session_opt_state *w = (session_opt_state *)os;
        nn_opt_state st = {(long)w->t, w->v, w->m, w->pairs, &w->s[0][0], &w->y[0][0], SESSION_PARAM_MAX, w->rho};
        nn_opt_state_set(&o, &st);
    }
    int any_frozen = 0;
    for (size_t i = 0; i < P; i++) any_frozen |= s->frozen[i];
    nn_net net;
    snap_net(s, &net);
    peek_ctx ctx = {&net, s};
    memcpy(p_next, s->p, P * sizeof *p_next);
    memcpy(g, s->grad, P * sizeof *g);
    double loss = s->loss;
    nn_opt_step(&o, s->lr, p_next, g, &loss, objective, &ctx, any_frozen ? s->frozen : NULL);
    nn_opt_free(&o);
    free(g);
    return 0;
}
