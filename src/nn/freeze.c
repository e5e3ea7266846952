/* freeze: the freeze rule (which parameters learn) turned into a per-parameter mask over nn_layout.
 * Any thread; pure, writes only the caller's mask.
 * Invariants: every one of the layout's P entries is written, 0 or 1; for one hidden layer the mask is
 * the one train/core.c and render/lecture.c derived in 0.1. */
#include "nn/freeze_mask.h"

#include <assert.h>
#include <string.h>

size_t nn_freeze_mask(const nn_layout *lay, int only_layer, int only_unit, unsigned char *frozen)
{
    int L = lay->n_layers;
    assert(L >= 1 && L <= NN_MAX_LAYERS);
    assert(only_layer >= 0 && only_layer <= L + 1);
    assert(only_unit >= -1 && only_unit < lay->n[L]);
    for (int l = 1; l <= L + 1; l++) {
        int layer = only_layer == 0 || only_layer == l;
        size_t fan_in = (size_t)lay->n[l - 1];
        if (l < L) {
            /* no unit of the last hidden layer owns these: they learn only when no unit is chosen */
            int learns = layer && only_unit < 0;
            memset(frozen + lay->w[l], !learns, (size_t)lay->n[l] * fan_in);
            memset(frozen + lay->b[l], !learns, (size_t)lay->n[l]);
        } else if (l == L) {
            /* row u of W(L) and b(L)_u are unit u's */
            for (int u = 0; u < lay->n[L]; u++) {
                int learns = layer && (only_unit < 0 || only_unit == u);
                memset(frozen + lay->w[L] + (size_t)u * fan_in, !learns, fan_in);
                frozen[lay->b[L] + (size_t)u] = (unsigned char)!learns;
            }
        } else {
            /* the output layer is stored (n_L, K): row u is unit u's; b(L+1) is no unit's */
            size_t k = (size_t)lay->n[L + 1];
            for (int u = 0; u < lay->n[L]; u++) {
                int learns = layer && (only_unit < 0 || only_unit == u);
                memset(frozen + lay->w[L + 1] + (size_t)u * k, !learns, k);
            }
            memset(frozen + lay->b[L + 1], !layer, k);
        }
    }
    size_t count = 0;
    for (size_t i = 0; i < lay->count; i++)
        count += frozen[i];
    return count;
}
