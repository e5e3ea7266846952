/* bench/train: one full-batch gd step on every kernel path this CPU runs, the scalar oracle and a peer in one table,
 * for each shape with a fused path of its own, (D, K) = (2, 2) and (2, 1).
 * Single-threaded program (main thread only).
 * Invariants: every figure is the median of timed repetitions (this thread's CPU time) from the same start. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nn/kernel/kernel.h"
#include "nn/nn.h"
#include "nn/rng.h"

/* Flops per (token, unit), counting an FMA as 2 (the activation itself is not counted). For D = K = 2:
 * forward e (4) and the W(2)h sums (4); backward W(2)ᵀε (3), 1 - h² (2), δ (1), ∇w̄(1) (4),
 * ∇b(1) (1), ∇w(2) (4): 23. For D = 2, K = 1: e (4), W(2)h (2), W(2)ᵀε (1), 1 - h² (2), δ (1),
 * ∇w̄(1) (4), ∇b(1) (1), ∇w(2) (2): 17. */
static const struct {
    int d, k;
    double flops_per_pair;
} shapes[] = {{2, 2, 23.0}, {2, 1, 17.0}};
enum { N_SHAPES = sizeof shapes / sizeof shapes[0] };
#define MAX_REPS 31

static const int sizes[][2] = {{9, 5}, {64, 16}, {256, 64}, {1024, 256}}; /* n tokens × N units */
enum { N_SIZES = sizeof sizes / sizeof sizes[0] };

typedef struct {
    double min_time; /* seconds per repetition, at least */
    int reps;
    const char *numpy; /* file of "n N ns_per_step" lines, or NULL */
} options;

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* this thread's CPU time: robust to other load */
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

typedef struct {
    nn_net *net;
    double *p0;   /* (P) the start every repetition resets to */
    double *grad; /* (P) */
    double *x;    /* (n, D) */
    double *y;    /* (n, K) */
} problem;

/* The lecture's task, made here so that the figures do not depend on data/: θ_i over [-π/2, π/2],
 * x_i = (cos θ_i, sin θ_i), y_i = (θ_i, θ_i²) for K = 2 and the parabola's height θ_i² for K = 1
 * (numpy_ref.py builds the same tokens for K = 2). D = 2. */
static int problem_init(problem *pb, int d, int k, int n, int nh, nn_act act)
{
    pb->net = nn_create(d, nh, k, act);
    size_t P = nn_param_count(d, nh, k);
    pb->p0 = malloc(P * sizeof *pb->p0);
    pb->grad = malloc(P * sizeof *pb->grad);
    pb->x = malloc((size_t)n * (size_t)d * sizeof *pb->x);
    pb->y = malloc((size_t)n * (size_t)k * sizeof *pb->y);
    if (!pb->net || !pb->p0 || !pb->grad || !pb->x || !pb->y)
        return -1;
    const double pi = 3.14159265358979323846;
    for (int i = 0; i < n; i++) {
        double th = -pi / 2 + pi * i / (n - 1);
        pb->x[(size_t)i * (size_t)d] = cos(th);
        pb->x[(size_t)i * (size_t)d + 1] = sin(th);
        if (k == 2)
            pb->y[2 * (size_t)i] = th;
        pb->y[(size_t)i * (size_t)k + (size_t)(k - 1)] = th * th;
    }
    nn_rng r;
    nn_rng_seed(&r, 1);
    for (size_t i = 0; i < P; i++)
        pb->p0[i] = 0.5 * nn_rng_normal(&r);
    return 0;
}

static void problem_free(problem *pb)
{
    nn_destroy(pb->net);
    free(pb->p0);
    free(pb->grad);
    free(pb->x);
    free(pb->y);
}

/* One gd step; the loss is returned so that nothing is optimised away. */
static double step(problem *pb, nn_kernel_path path, int n)
{
    nn_net *net = pb->net;
    double loss = nn_kernel_loss_grad(path, net, pb->x, pb->y, n, pb->grad);
    size_t P = nn_params(net);
    for (size_t i = 0; i < P; i++)
        net->p[i] -= 1e-3 * pb->grad[i];
    return loss;
}

/* Median ns per step over opt->reps repetitions, each from p0 and lasting >= min_time. */
static double time_steps(problem *pb, nn_kernel_path path, int n, const options *opt, double *sink)
{
    size_t P = nn_params(pb->net);
    long steps = 1;
    for (;;) { /* calibrate */
        memcpy(pb->net->p, pb->p0, P * sizeof *pb->p0);
        double t0 = now_ns();
        for (long s = 0; s < steps; s++)
            *sink += step(pb, path, n);
        double dt = now_ns() - t0;
        if (dt >= opt->min_time * 1e9 * 0.5)
            break;
        steps *= 2;
    }
    steps *= 2;
    double per[MAX_REPS];
    for (int rep = 0; rep < opt->reps; rep++) {
        memcpy(pb->net->p, pb->p0, P * sizeof *pb->p0);
        double t0 = now_ns();
        for (long s = 0; s < steps; s++)
            *sink += step(pb, path, n);
        per[rep] = (now_ns() - t0) / (double)steps;
    }
    return median(per, opt->reps);
}

static int read_peer(const char *path, double ns[N_SIZES])
{
    for (int i = 0; i < N_SIZES; i++)
        ns[i] = NAN;
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "train: --numpy %s: %s\n", path, strerror(errno));
        return -1;
    }
    int n, nh, line = 0;
    double v;
    char buf[256];
    while (fgets(buf, sizeof buf, f)) {
        line++;
        if (sscanf(buf, "%d %d %lf", &n, &nh, &v) != 3) {
            fprintf(stderr, "train: --numpy %s:%d: expected \"n N ns_per_step\"\n", path, line);
            fclose(f);
            return -1;
        }
        for (int i = 0; i < N_SIZES; i++)
            if (sizes[i][0] == n && sizes[i][1] == nh)
                ns[i] = v;
    }
    fclose(f);
    return 0;
}

static void cpu_name(char *out, size_t len)
{
    snprintf(out, len, "unknown CPU");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char buf[512];
    while (fgets(buf, sizeof buf, f)) {
        char *colon = strchr(buf, ':');
        if (strncmp(buf, "model name", 10) == 0 && colon) {
            colon += 2;
            colon[strcspn(colon, "\n")] = '\0';
            snprintf(out, len, "%s", colon);
            break;
        }
    }
    fclose(f);
}

static void ratio_cell(double num, double den)
{
    if (isnan(num) || isnan(den))
        printf(" %8s |", "");
    else
        printf(" %8.2f |", num / den);
}

static void row(const char *size, const char *shape, const char *name, double ns, int pairs, double flops,
                double scalar_ns, double peer_ns)
{
    printf("| %-11s| %-6s | %-8s | %12.0f | %8.3f | %7.2f |", size, shape, name, 1e9 / ns, ns / pairs, /* × is 2 bytes */
           flops * pairs / ns);
    ratio_cell(scalar_ns, ns);
    ratio_cell(peer_ns, ns);
    printf("\n");
}

static int bench_sizes(const options *opt, const double peer[N_SIZES], double *sink)
{
    printf("\n## One full-batch gd step, tanh (n tokens × N hidden units, D inputs × K outputs)\n\n");
    printf("| n×N       | D×K   | path     |      steps/s | ns/pair  | GFLOP/s | × scalar | × numpy  |\n");
    printf("|-----------|-------|----------|--------------|----------|---------|----------|----------|\n");
    for (int s = 0; s < N_SIZES; s++)
        for (int sh = 0; sh < N_SHAPES; sh++) {
            int n = sizes[s][0], nh = sizes[s][1], pairs = n * nh, d = shapes[sh].d, k = shapes[sh].k;
            char label[32], shape[16];
            snprintf(label, sizeof label, "%d×%d", n, nh);
            snprintf(shape, sizeof shape, "%d×%d", d, k);
            problem pb;
            if (problem_init(&pb, d, k, n, nh, NN_ACT_TANH) != 0) {
                fprintf(stderr, "train: out of memory\n");
                return -1;
            }
            /* The numpy peer computes D = K = 2 only. */
            double peer_ns = d == 2 && k == 2 ? peer[s] : NAN, scalar_ns = NAN;
            for (int p = 0; p < NN_KERNEL_COUNT; p++) {
                if (!nn_kernel_available((nn_kernel_path)p))
                    continue;
                double ns = time_steps(&pb, (nn_kernel_path)p, n, opt, sink);
                if (p == NN_KERNEL_SCALAR)
                    scalar_ns = ns;
                row(label, shape, nn_kernel_name((nn_kernel_path)p), ns, pairs, shapes[sh].flops_per_pair,
                    scalar_ns, peer_ns);
            }
            if (!isnan(peer_ns))
                row(label, shape, "numpy", peer_ns, pairs, shapes[sh].flops_per_pair, scalar_ns, peer_ns);
            problem_free(&pb);
        }
    return 0;
}

static int bench_activations(const options *opt, double *sink)
{
    enum { N = 256, NH = 64 };
    nn_kernel_path best = nn_kernel_active();
    printf("\n## Every activation at %d×%d: scalar oracle vs %s (ns per pair)\n\n", N, NH, nn_kernel_name(best));
    printf("| activation | scalar | %-8s | × scalar |\n", nn_kernel_name(best));
    printf("|------------|--------|----------|----------|\n");
    for (int a = 0; a < NN_ACT_COUNT; a++) {
        problem pb;
        if (problem_init(&pb, 2, 2, N, NH, (nn_act)a) != 0) {
            fprintf(stderr, "train: out of memory\n");
            return -1;
        }
        double s = time_steps(&pb, NN_KERNEL_SCALAR, N, opt, sink) / (N * NH);
        double f = time_steps(&pb, best, N, opt, sink) / (N * NH);
        printf("| %-10s | %6.2f | %8.3f | %8.1f |\n", nn_act_name((nn_act)a), s, f, s / f);
        problem_free(&pb);
    }
    return 0;
}

/* ns per activation value over a 4096-value array spread over [-8, 8]. */
static void bench_activation_arrays(const options *opt, double *sink)
{
    enum { LEN = 4096 };
    static double in[LEN], out[LEN];
    for (int i = 0; i < LEN; i++)
        in[i] = -8.0 + 16.0 * (i + 0.5) / LEN;
    printf("\n## Activation alone, ns per value (libm for the scalar path)\n\n");
    printf("| path     | tanh  | logistic |\n|----------|-------|----------|\n");
    for (int p = 0; p < NN_KERNEL_COUNT; p++) {
        if (!nn_kernel_available((nn_kernel_path)p))
            continue;
        double t[2];
        for (int which = 0; which < 2; which++) {
            double per[MAX_REPS];
            long calls = (long)(opt->min_time * 1e9 / (LEN * 10.0)) + 1;
            for (int rep = 0; rep < opt->reps; rep++) {
                double t0 = now_ns();
                for (long c = 0; c < calls; c++) {
                    if (which == 0)
                        nn_kernel_tanh((nn_kernel_path)p, in, out, LEN);
                    else
                        nn_kernel_logistic((nn_kernel_path)p, in, out, LEN);
                    *sink += out[c % LEN];
                }
                per[rep] = (now_ns() - t0) / ((double)calls * LEN);
            }
            t[which] = median(per, opt->reps);
        }
        printf("| %-8s | %5.2f | %8.2f |\n", nn_kernel_name((nn_kernel_path)p), t[0], t[1]);
    }
}

static void usage(FILE *f)
{
    fprintf(f, "usage: train [--min-time SECONDS] [--reps R] [--numpy FILE]\n"
               "  --min-time  seconds per timed repetition (default 0.2, range 0.001..60)\n"
               "  --reps      repetitions per figure, the median is shown (default 7, range 1..%d)\n"
               "  --numpy     ns per step of the numpy peer, lines \"n N ns\" (from numpy_ref.py --out)\n",
            MAX_REPS);
}

static int parse_number(const char *flag, const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !(v >= lo && v <= hi)) {
        fprintf(stderr, "train: %s %s: expected a number in [%g, %g]\n", flag, s, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    options opt = {0.2, 7, NULL};
    static const struct option longs[] = {{"min-time", required_argument, NULL, 't'},
                                          {"reps", required_argument, NULL, 'r'},
                                          {"numpy", required_argument, NULL, 'p'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    int c;
    double v;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (c) {
        case 't':
            if (parse_number("--min-time", optarg, 0.001, 60.0, &opt.min_time) != 0)
                return 2;
            break;
        case 'r':
            if (parse_number("--reps", optarg, 1, MAX_REPS, &v) != 0)
                return 2;
            if (v != floor(v)) {
                fprintf(stderr, "train: --reps %s: expected a whole number in [1, %d]\n", optarg, MAX_REPS);
                return 2;
            }
            opt.reps = (int)v;
            break;
        case 'p':
            opt.numpy = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "train: unexpected argument %s\n", argv[optind]);
        return 2;
    }
    double peer[N_SIZES];
    for (int i = 0; i < N_SIZES; i++)
        peer[i] = NAN;
    if (opt.numpy && read_peer(opt.numpy, peer) != 0)
        return 1;

    char cpu[256];
    cpu_name(cpu, sizeof cpu);
    printf("# Training kernel benchmark\n\n");
    printf("%s, one thread; default path: %s; median of %d repetitions of >= %.2g s.\n", cpu,
           nn_kernel_name(nn_kernel_active()), opt.reps, opt.min_time);
    printf("A pair is one (token, hidden unit); GFLOP/s counts %.0f flops per pair for D×K = 2×2 and %.0f for "
           "2×1 (the activation not counted).\n", shapes[0].flops_per_pair, shapes[1].flops_per_pair);
    double sink = 0.0;
    if (bench_sizes(&opt, peer, &sink) != 0 || bench_activations(&opt, &sink) != 0)
        return 1;
    bench_activation_arrays(&opt, &sink);
    /* Printed so that the timed work has an observable result. */
    printf("\n(checksum %.6g)\n", sink);
    return 0;
}
