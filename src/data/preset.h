/* preset: the lecture's named starting points (its random start, its hand-built solution).
 * Any thread, on the objects it passes in.
 * Invariants: applying a preset fully determines the network from (name, seed). */
#ifndef DATA_PRESET_H
#define DATA_PRESET_H

#include "nn/nn.h"
#include "nn/rng.h"
#include "data/task.h"

typedef enum { DATA_PRESET_LECTURE_START, DATA_PRESET_LECTURE_SOLUTION, DATA_PRESET_COUNT } data_preset;

const char *data_preset_name(data_preset p);
int data_preset_parse(const char *s, data_preset *out); /* 0 ok, -1 unknown */

/* Hidden size and activation the preset uses (lecture-start: 5, logistic; solution: 8, step).
 * The solution needs N = n - 1 units: 8 is for the lecture's 9 tokens. */
int data_preset_hidden(data_preset p);
nn_act data_preset_act(data_preset p);

/* The lecture's random start for any N: w̄(1)_k = 0.5 z + (0.5, 0), b(1) = 0,
 * w(2)_k = 0.5 z + (0.32, 0), b(2) = 0.5 z + (-0.32, 1.5); z fresh standard normal 2-vectors
 * drawn from r in the order w̄(1)_1..N, w(2)_1..N, b(2). net must have D = K = 2. */
void data_init_lecture_start(nn_net *net, nn_rng *r);
/* The hand-built step network for the task's n tokens (net must have D = K = 2): thresholds midway
 * between consecutive token angles, t_k = (θ_k + θ_{k+1})/2 (for the lecture's 9 tokens
 * t_k = -π/2 + π/16 + kπ/8), w̄(1)_k = (-sin t_k, cos t_k), b(1) = 0, b(2) = y_0,
 * w(2)_k = y_{k+1} - y_k, computed from the task's targets. Lines through the origin separate the
 * tokens exactly when θ_max - θ_min <= π (the default range), whatever the radius jitter.
 * 0 ok; -1 when net's N is not n - 1 (net unchanged). */
int data_init_lecture_solution(nn_net *net, const data_task *t);
/* The same from plain arrays: theta (n) sorted, y (n, 2). */
int data_solution_from(nn_net *net, const double *theta, const double *y, int n);
/* A fresh hidden unit's first-layer weights as in the random start (for growing N). */
void data_draw_unit(nn_rng *r, double *w1 /* (D) */, double *b1);

#endif
