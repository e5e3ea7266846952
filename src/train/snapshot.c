/* snapshot: what the trainer publishes and the render loop draws from: plain data, no pointers.
 * snap_net, snap_to_session: any thread, on a snapshot it may read (the render loop: the one it took).
 * Invariants: the view's w1, b1, w2, b2 follow nn.h's flat layout for (D, hidden, K) inside s->p. */
#include "train/snapshot.h"

#include <assert.h>
#include <string.h>

void snap_net(const snap *s, nn_net *out)
{
    assert(s->hidden >= 1 && s->hidden <= NN_MAX_HIDDEN);
    /* a snapshot never published (all 0) has no D, K yet: the semicircle's */
    const nn_shape shape = nn_shape_one(s->d ? s->d : DATA_D, s->hidden, s->k ? s->k : DATA_K);
    /* nn_net has no read-only variant; the reader only passes the view to functions that read */
    nn_view(out, &shape, s->act, s->gain, (double *)s->p);
}

void snap_to_session(const snap *s, session *out)
{
    session_default(out);
    if (s->scene)
        session_set_scene(out, s->scene);
    session_set_spec(out, &s->scene_spec);
    out->preset = s->preset;
    out->hidden = s->hidden;
    out->act = s->act;
    out->gain = s->gain;
    out->task = s->spec;
    /* an all-zero state is no generator's (a snapshot never published): then none is given */
    out->has_rng = nn_rng_seeded(&s->rng);
    out->rng = s->rng;
    out->opt = s->opt;
    out->lr = s->lr;
    out->step = s->step;
    out->speed = s->speed;
    out->freeze = s->freeze;
    out->has_ref = 1;
    out->ref_loss = s->loss0;
    out->has_weights = 1;
    const int D = s->d ? s->d : DATA_D, K = s->k ? s->k : DATA_K;
    size_t P = nn_param_count(D, s->hidden, K);
    memcpy(out->p, s->p, P * sizeof *out->p);
    /* only the filled part of the snapshot's state: the rest of out's stays 0 from session_default */
    const session_opt_state *so = &s->opt_state;
    session_opt_state *o = &out->opt_state;
    o->has = so->has;
    o->kind = so->kind;
    o->t = so->t;
    o->pairs = so->pairs;
    memcpy(o->v, so->v, P * sizeof *o->v);
    memcpy(o->m, so->m, P * sizeof *o->m);
    for (int j = 0; j < so->pairs; j++) {
        memcpy(o->s[j], so->s[j], P * sizeof o->s[j][0]);
        memcpy(o->y[j], so->y[j], P * sizeof o->y[j][0]);
        o->rho[j] = so->rho[j];
    }
    out->has_tokens = s->tokens_edited;
    if (s->tokens_edited) {
        memcpy(out->x, s->x, (size_t)s->n * (size_t)D * sizeof *out->x);
        memcpy(out->y, s->y, (size_t)s->n * (size_t)K * sizeof *out->y);
    }
}

void session_from_snap(session *out, const snap *s) { snap_to_session(s, out); }
