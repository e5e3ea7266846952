/* kernel: the run-time choice among impl.c's variants (baseline, AVX2+FMA, AVX-512) and the scalar oracle.
 * Any thread; the first nn_loss_grad or nn_kernel_active chooses the path once (pthread_once).
 * Invariants: only paths this CPU runs are ever called; the chosen path never changes. */
#include "nn/kernel/kernel.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/kernel/impl.h"

typedef double (*loss_grad_fn)(const nn_net *net, const double *x, const double *y, int n, double *grad);
typedef void (*predict_fn)(const nn_net *net, const double *x, int n, double *yhat);
typedef void (*array_fn)(const double *in, double *out, size_t n);

static void scalar_tanh(const double *in, double *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = tanh(in[i]);
}

static void scalar_logistic(const double *in, double *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = nn_act_f(NN_ACT_LOGISTIC, 1.0, in[i]);
}

static const struct {
    const char *name;
    loss_grad_fn loss_grad; /* NULL: not compiled for this target */
    predict_fn predict;
    array_fn tanh_fn, logistic_fn;
} paths[NN_KERNEL_COUNT] = {
    [NN_KERNEL_SCALAR] = {"scalar", nn_loss_grad_ref, nn_predict, scalar_tanh, scalar_logistic},
    [NN_KERNEL_BASELINE] = {"baseline", nn_kernel_baseline_loss_grad, nn_kernel_baseline_predict,
                            nn_kernel_baseline_tanh, nn_kernel_baseline_logistic},
#if NN_KERNEL_HAVE_X86
    [NN_KERNEL_AVX2] = {"avx2", nn_kernel_avx2_loss_grad, nn_kernel_avx2_predict, nn_kernel_avx2_tanh,
                        nn_kernel_avx2_logistic},
    [NN_KERNEL_AVX512] = {"avx512", nn_kernel_avx512_loss_grad, nn_kernel_avx512_predict,
                          nn_kernel_avx512_tanh, nn_kernel_avx512_logistic},
#else
    [NN_KERNEL_AVX2] = {"avx2", NULL, NULL, NULL, NULL},
    [NN_KERNEL_AVX512] = {"avx512", NULL, NULL, NULL, NULL},
#endif
};

const char *nn_kernel_name(nn_kernel_path p)
{
    assert(p >= 0 && p < NN_KERNEL_COUNT);
    return paths[p].name;
}

int nn_kernel_parse(const char *s, nn_kernel_path *out)
{
    for (int p = 0; p < NN_KERNEL_COUNT; p++)
        if (strcmp(s, paths[p].name) == 0) {
            *out = (nn_kernel_path)p;
            return 0;
        }
    return -1;
}

static int cpu_runs(nn_kernel_path p)
{
#if NN_KERNEL_HAVE_X86
    /* __builtin_cpu_supports also checks that the OS saves the YMM/ZMM state. */
    __builtin_cpu_init();
    switch (p) {
    case NN_KERNEL_AVX2:
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case NN_KERNEL_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    default:
        return 1;
    }
#else
    return p == NN_KERNEL_SCALAR || p == NN_KERNEL_BASELINE;
#endif
}

int nn_kernel_available(nn_kernel_path p)
{
    assert(p >= 0 && p < NN_KERNEL_COUNT);
    return paths[p].loss_grad != NULL && cpu_runs(p);
}

static nn_kernel_path active_path;
static pthread_once_t active_once = PTHREAD_ONCE_INIT;

/* The value of $BPL_KERNEL as it may be printed: control bytes and DEL become '?' (a newline or an
 * escape code in the environment must not reach the terminal), and at most 32 bytes, then "...". */
static void clean_value(const char *v, char *out, size_t len)
{
    size_t o = 0, i = 0;
    for (; v[i] && i < 32 && o + 1 < len; i++) {
        unsigned char c = (unsigned char)v[i];
        out[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    if (v[i] && o + 4 < len) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

static void choose_active(void)
{
    nn_kernel_path best = NN_KERNEL_BASELINE;
    for (int p = NN_KERNEL_BASELINE; p < NN_KERNEL_COUNT; p++)
        if (nn_kernel_available((nn_kernel_path)p))
            best = (nn_kernel_path)p; /* paths are listed slowest first */
    active_path = best;
    const char *env = getenv("BPL_KERNEL");
    if (!env || !*env)
        return;
    nn_kernel_path want;
    char shown[40];
    clean_value(env, shown, sizeof shown);
    /* Once per process (pthread_once), on stderr: the variable, the value, what is accepted, what runs. */
    if (nn_kernel_parse(env, &want) != 0)
        fprintf(stderr, "BPL_KERNEL=%s: unknown kernel, expected scalar, baseline, avx2 or avx512; using %s\n", shown,
                paths[best].name);
    else if (!nn_kernel_available(want))
        fprintf(stderr, "BPL_KERNEL=%s: not available on this machine; using %s\n", shown, paths[best].name);
    else
        active_path = want;
}

nn_kernel_path nn_kernel_active(void)
{
    pthread_once(&active_once, choose_active);
    return active_path;
}

double nn_kernel_loss_grad(nn_kernel_path p, const nn_net *net, const double *x, const double *y, int n,
                           double *grad)
{
    assert(nn_kernel_available(p));
    return paths[p].loss_grad(net, x, y, n, grad);
}

void nn_kernel_predict(nn_kernel_path p, const nn_net *net, const double *x, int n, double *yhat)
{
    assert(nn_kernel_available(p));
    paths[p].predict(net, x, n, yhat);
}

void nn_kernel_tanh(nn_kernel_path p, const double *in, double *out, size_t n)
{
    assert(nn_kernel_available(p));
    paths[p].tanh_fn(in, out, n);
}

void nn_kernel_logistic(nn_kernel_path p, const double *in, double *out, size_t n)
{
    assert(nn_kernel_available(p));
    paths[p].logistic_fn(in, out, n);
}

double nn_loss_grad(const nn_net *net, const double *x, const double *y, int n, double *grad)
{
    return paths[nn_kernel_active()].loss_grad(net, x, y, n, grad);
}
