/* preset: the lecture's named starting points (its random start, its hand-built solution).
 * Any thread, on the objects it passes in.
 * Invariants: applying a preset fully determines the network from (name, seed). */
#include "data/preset.h"

#include <assert.h>
#include <math.h>
#include <string.h>

static const char *const preset_names[DATA_PRESET_COUNT] = {"lecture-start", "lecture-solution"};

const char *data_preset_name(data_preset p)
{
    assert(p >= 0 && p < DATA_PRESET_COUNT);
    return preset_names[p];
}

int data_preset_parse(const char *s, data_preset *out)
{
    for (int i = 0; i < DATA_PRESET_COUNT; i++) {
        if (strcmp(s, preset_names[i]) == 0) {
            *out = (data_preset)i;
            return 0;
        }
    }
    return -1;
}

int data_preset_hidden(data_preset p)
{
    assert(p >= 0 && p < DATA_PRESET_COUNT);
    return p == DATA_PRESET_LECTURE_START ? 5 : 8;
}

nn_act data_preset_act(data_preset p)
{
    assert(p >= 0 && p < DATA_PRESET_COUNT);
    return p == DATA_PRESET_LECTURE_START ? NN_ACT_LOGISTIC : NN_ACT_STEP;
}

/* 0.5 z + (cx, cy) with z a fresh standard normal 2-vector, x drawn before y. */
static void draw_pair(nn_rng *r, double cx, double cy, double *out /* (2) */)
{
    double zx = nn_rng_normal(r);
    double zy = nn_rng_normal(r);
    out[0] = 0.5 * zx + cx;
    out[1] = 0.5 * zy + cy;
}

void data_draw_unit(nn_rng *r, double *w1, double *b1)
{
    draw_pair(r, 0.5, 0.0, w1);
    *b1 = 0.0;
}

void data_init_lecture_start(nn_net *net, nn_rng *r)
{
    assert(net->d == 2 && net->k == 2);
    int n = net->n_hidden;
    for (int k = 0; k < n; k++)
        data_draw_unit(r, net->w1 + k * 2, net->b1 + k);
    for (int k = 0; k < n; k++)
        draw_pair(r, 0.32, 0.0, net->w2 + k * 2);
    draw_pair(r, -0.32, 1.5, net->b2);
}

int data_init_lecture_solution(nn_net *net, const data_task *t)
{
    return data_solution_from(net, t->theta, t->y, t->spec.n);
}

int data_solution_from(nn_net *net, const double *theta, const double *y, int n)
{
    assert(net->d == 2 && net->k == 2);
    if (net->n_hidden != n - 1)
        return -1;
    for (int k = 0; k < n - 1; k++) {
        /* midway between tokens k and k+1: e(1)_k = r sin(θ - t_k) is never 0 at a token, and it is
         * positive exactly for the tokens after the k-th, so unit k switches on from token k+1 */
        double tk = 0.5 * (theta[k] + theta[k + 1]);
        net->w1[k * 2 + 0] = -sin(tk);
        net->w1[k * 2 + 1] = cos(tk);
        net->b1[k] = 0.0;
        net->w2[k * 2 + 0] = y[(k + 1) * 2 + 0] - y[k * 2 + 0];
        net->w2[k * 2 + 1] = y[(k + 1) * 2 + 1] - y[k * 2 + 1];
    }
    net->b2[0] = y[0];
    net->b2[1] = y[1];
    return 0;
}
