/* stuck: hidden units that no longer learn: saturated or dead over every token.
 * Any thread; reads only the snapshot it is given.
 * Invariants: a unit counts as stuck only when every token says so and it is on the same side of its
 * threshold for all of them (constant h); one token where it learns or switches frees it. */
#include "lesson/stuck.h"

#include <math.h>
#include <string.h>

#include "nn/nn.h"

void lesson_stuck_of(const snap *s, lesson_stuck *out, unsigned char *stuck)
{
    memset(out, 0, sizeof *out);
    nn_net net;
    snap_net(s, &net);
    const int N = net.n_hidden, D = net.d;
    out->units = N;
    if (stuck)
        memset(stuck, 0, (size_t)N);
    if (s->n < 1 || s->act == NN_ACT_STEP || s->act == NN_ACT_SIGNUM)
        return;
    /* the largest slope: at e = 0 for logistic and tanh, just above it for ReLU */
    const double peak = fmax(fabs(nn_act_df(s->act, s->gain, 0.0)), fabs(nn_act_df(s->act, s->gain, 1e-9)));
    for (int k = 0; k < N; k++) {
        int learns = 0, all_off = 1, all_on = 1;
        for (int i = 0; i < s->n && !learns; i++) {
            double e = net.b1[k];
            for (int j = 0; j < D; j++)
                e += net.w1[k * D + j] * s->x[i * D + j];
            learns = fabs(nn_act_df(s->act, s->gain, e)) >= LESSON_STUCK_SHARE * peak;
            all_off &= e <= 0;
            all_on &= e > 0;
        }
        /* a steep unit that switches between tokens (a hand-built step) still shapes ŷ: not stuck */
        if (learns || (!all_off && !all_on))
            continue;
        if (s->act == NN_ACT_RELU && all_off)
            out->dead++;
        else
            out->saturated++;
        if (stuck)
            stuck[k] = 1;
    }
}
