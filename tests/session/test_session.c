/* test_session: session files: bit-exact round trips, every kind of bad file, failed loads and saves.
 * Single-threaded test binary (some cases fork a child to drop privileges or limit file size).
 * Invariants: every case works in its own fresh directory; the exit status is the verdict. */
#include "session/session.h"

#include "nn/rng.h"
#include "train/core.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/bpl-session-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
}

static void teardown(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' && rm -rf '%s'", dir, dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void path_in(char *buf, size_t len, const char *name) { snprintf(buf, len, "%s/%s", dir, name); }

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

/* Whole file into a malloc'd NUL-terminated buffer; *len its size. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *buf = malloc(1 << 20);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* Entries in dir other than . and .. */
static int dir_entries(const char *d)
{
    DIR *dp = opendir(d);
    ck_assert_ptr_nonnull(dp);
    int n = 0;
    for (struct dirent *e; (e = readdir(dp));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(dp);
    return n;
}

static session *new_session(void)
{
    session *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    session_default(s);
    return s;
}

/* Field by field, every double by its bits (padding and unused rows are not part of a session). */
static void assert_same(const session *a, const session *b)
{
    ck_assert_int_eq(a->preset, b->preset);
    ck_assert_int_eq(a->hidden, b->hidden);
    ck_assert_int_eq(a->act, b->act);
    ck_assert_mem_eq(&a->gain, &b->gain, sizeof a->gain);
    ck_assert_int_eq(a->task.n, b->task.n);
    ck_assert_mem_eq(&a->task.theta_min, &b->task.theta_min, sizeof(double));
    ck_assert_mem_eq(&a->task.theta_max, &b->task.theta_max, sizeof(double));
    ck_assert_mem_eq(&a->task.radius_jitter, &b->task.radius_jitter, sizeof(double));
    ck_assert_mem_eq(&a->task.noise, &b->task.noise, sizeof(double));
    ck_assert_uint_eq(a->task.seed, b->task.seed);
    ck_assert_int_eq(a->opt, b->opt);
    ck_assert_mem_eq(&a->lr, &b->lr, sizeof a->lr);
    ck_assert_int_eq(a->step, b->step);
    ck_assert_int_eq(a->freeze.only_layer, b->freeze.only_layer);
    ck_assert_int_eq(a->freeze.only_unit, b->freeze.only_unit);
    ck_assert_int_eq(a->has_ref, b->has_ref);
    if (a->has_ref)
        ck_assert_mem_eq(&a->ref_loss, &b->ref_loss, sizeof a->ref_loss);
    ck_assert_int_eq(a->has_weights, b->has_weights);
    size_t P = nn_param_count(DATA_D, a->hidden, DATA_K);
    if (a->has_weights)
        ck_assert_mem_eq(a->p, b->p, P * sizeof(double));
    const session_opt_state *oa = &a->opt_state, *ob = &b->opt_state;
    ck_assert_int_eq(oa->has, ob->has);
    if (a->has_weights && oa->has) {
        ck_assert_int_eq(oa->kind, ob->kind);
        ck_assert_int_eq(oa->t, ob->t);
        ck_assert_mem_eq(oa->v, ob->v, P * sizeof(double));
        ck_assert_mem_eq(oa->m, ob->m, P * sizeof(double));
        ck_assert_int_eq(oa->pairs, ob->pairs);
        for (int j = 0; j < oa->pairs; j++) {
            ck_assert_mem_eq(oa->s[j], ob->s[j], P * sizeof(double));
            ck_assert_mem_eq(oa->y[j], ob->y[j], P * sizeof(double));
            ck_assert_mem_eq(&oa->rho[j], &ob->rho[j], sizeof(double));
        }
    }
    ck_assert_int_eq(a->has_slice, b->has_slice);
    if (a->has_slice)
        ck_assert_mem_eq(a->slice, b->slice, sizeof a->slice);
    ck_assert_int_eq(a->has_tokens, b->has_tokens);
    if (a->has_tokens) {
        ck_assert_mem_eq(a->x, b->x, (size_t)a->task.n * DATA_D * sizeof(double));
        ck_assert_mem_eq(a->y, b->y, (size_t)a->task.n * DATA_K * sizeof(double));
    }
}

/* Any double from its bits, finite only. */
static double any_finite(nn_rng *r)
{
    for (;;) {
        uint64_t u = nn_rng_u64(r);
        double v;
        memcpy(&v, &u, sizeof v);
        if (isfinite(v))
            return v;
    }
}

static void random_session(session *s, nn_rng *r)
{
    session_default(s);
    s->hidden = 1 + (int)(nn_rng_u64(r) % NN_MAX_HIDDEN);
    s->act = (nn_act)(nn_rng_u64(r) % NN_ACT_COUNT);
    s->gain = 0.1 + 999.9 * nn_rng_uniform(r);
    s->task.n = 2 + (int)(nn_rng_u64(r) % 300);
    s->task.theta_min = -6.0 + nn_rng_uniform(r);
    s->task.theta_max = 6.0 * nn_rng_uniform(r);
    s->task.radius_jitter = 0.9 * nn_rng_uniform(r);
    s->task.noise = 10.0 * nn_rng_uniform(r);
    s->task.seed = nn_rng_u64(r);
    s->opt = (nn_opt_kind)(nn_rng_u64(r) % NN_OPT_COUNT);
    s->lr = 1e-6 * pow(1e8, nn_rng_uniform(r)); /* log-uniform over the accepted 1e-6..100 */
    s->step = (int64_t)(nn_rng_u64(r) % (uint64_t)(SESSION_STEP_MAX + 1));
    s->freeze.only_layer = (int)(nn_rng_u64(r) % 3);
    s->freeze.only_unit = (int)(nn_rng_u64(r) % (uint64_t)(s->hidden + 1)) - 1;
    s->preset = (data_preset)(nn_rng_u64(r) % DATA_PRESET_COUNT);
    s->has_weights = 1;
    size_t P = nn_param_count(DATA_D, s->hidden, DATA_K);
    for (size_t i = 0; i < P; i++)
        s->p[i] = any_finite(r);
    s->has_ref = (int)(nn_rng_u64(r) % 2);
    s->ref_loss = fabs(any_finite(r));
    /* the state of whichever optimizer it is, every number from its bits */
    session_opt_state *o = &s->opt_state;
    o->has = s->opt != NN_OPT_GD || nn_rng_u64(r) % 2;
    o->kind = s->opt;
    o->t = (int64_t)(nn_rng_u64(r) % (uint64_t)(SESSION_STEP_MAX + 1));
    for (size_t i = 0; i < P; i++) {
        o->v[i] = s->opt == NN_OPT_MOMENTUM || s->opt == NN_OPT_ADAM ? any_finite(r) : 0.0;
        o->m[i] = s->opt == NN_OPT_ADAM ? any_finite(r) : 0.0;
    }
    o->pairs = s->opt == NN_OPT_LBFGS ? (int)(nn_rng_u64(r) % (NN_LBFGS_HISTORY + 1)) : 0;
    for (int j = 0; j < o->pairs; j++) {
        for (size_t i = 0; i < P; i++) {
            o->s[j][i] = any_finite(r);
            o->y[j][i] = any_finite(r);
        }
        o->rho[j] = fabs(any_finite(r)) + DBL_MIN;
    }
    /* the awkward ones: signed zero, subnormals, extremes */
    s->p[0] = -0.0;
    s->p[P - 1] = 4.9406564584124654e-324;
    if (P > 3) {
        s->p[1] = DBL_MAX;
        s->p[2] = -DBL_MIN;
    }
    data_task *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    data_task_build(t, &s->task);
    memcpy(s->x, t->x, sizeof t->x);
    memcpy(s->y, t->y, sizeof t->y);
    free(t);
    s->has_tokens = 1;
    for (int m = 0; m < 5; m++) { /* some tokens moved by hand */
        int i = (int)(nn_rng_u64(r) % (uint64_t)s->task.n);
        s->x[2 * i + (m & 1)] = any_finite(r);
        s->y[2 * i + 1] = nn_rng_normal(r);
    }
}

START_TEST(round_trip_default)
{
    session *a = new_session(), *b = new_session();
    char buf[8192], err[256];
    int len = session_format(a, buf, (int)sizeof buf);
    ck_assert_int_gt(len, 0);
    ck_assert_int_eq((int)strlen(buf), len);
    ck_assert_msg(strstr(buf, "[network]\nhidden = 5\nactivation = logistic\n") != NULL, "%s", buf);
    ck_assert_ptr_nonnull(strstr(buf, "theta_min = -1.5707963267948966\n"));
    ck_assert_ptr_nonnull(strstr(buf, "learning_rate = 0.02\n"));
    ck_assert_ptr_null(strstr(buf, "[unit")); /* weights come from the seed */
    b->hidden = 77;
    ck_assert_msg(session_parse(buf, "default.ini", b, err, (int)sizeof err) == 0, "%s", err);
    assert_same(a, b);
    ck_assert_int_eq(session_format(a, buf, 100), -1); /* too small */
    free(a);
    free(b);
}
END_TEST

START_TEST(round_trip_random_bit_exact)
{
    session *a = new_session(), *b = new_session();
    char *buf = malloc(1 << 20), err[256], path[300];
    nn_rng r;
    nn_rng_seed(&r, 12345);
    path_in(path, sizeof path, "s.ini");
    for (int round = 0; round < 60; round++) {
        random_session(a, &r);
        int len = session_format(a, buf, 1 << 20);
        ck_assert_int_gt(len, 0);
        session_default(b);
        ck_assert_msg(session_parse(buf, "mem.ini", b, err, (int)sizeof err) == 0, "round %d: %s", round, err);
        assert_same(a, b);
        /* and through a file */
        ck_assert_msg(session_save(path, a, err, (int)sizeof err) == 0, "%s", err);
        session_default(b);
        ck_assert_msg(session_load(path, b, err, (int)sizeof err) == 0, "%s", err);
        assert_same(a, b);
        ck_assert_int_eq(dir_entries(dir), 1); /* no temporary file left */
    }
    /* only the moved tokens are written */
    random_session(a, &r);
    a->has_tokens = 0;
    int plain = session_format(a, buf, 1 << 20);
    ck_assert_ptr_null(strstr(buf, "[token"));
    a->has_tokens = 1;
    ck_assert_int_gt(session_format(a, buf, 1 << 20), plain);
    int sections = 0;
    for (const char *p = buf; (p = strstr(p, "[token ")); p++)
        sections++;
    ck_assert_int_ge(sections, 1);
    ck_assert_int_le(sections, 5);
    free(buf);
    free(a);
    free(b);
}
END_TEST

START_TEST(freeze_speed_and_preset_keys)
{
    session *s = new_session();
    char err[256];
    s->speed = 123.0;
    const char *text = "; a comment\n"
                       "# another\n"
                       "[network]\n  hidden = 8   ; indented, with a comment\nactivation = step\ngain = 2.5\n"
                       "[task]\ntokens = 9\ntheta_min = -1.5707963267948966\ntheta_max = 1.5707963267948966\n"
                       "radius_jitter = 0\nnoise = 0\nseed = 18446744073709551615\n"
                       "[train]\npreset = lecture-solution\noptimizer = adam\nlearning_rate = 0.5\nstep = 42\n"
                       "only_layer = 2\nonly_unit = 3\n";
    ck_assert_msg(session_parse(text, "f.ini", s, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_int_eq(s->hidden, 8);
    ck_assert_int_eq(s->act, NN_ACT_STEP);
    ck_assert(s->gain == 2.5);
    ck_assert_uint_eq(s->task.seed, UINT64_MAX);
    ck_assert_int_eq(s->preset, DATA_PRESET_LECTURE_SOLUTION);
    ck_assert_int_eq(s->opt, NN_OPT_ADAM);
    ck_assert_int_eq(s->step, 42);
    ck_assert_int_eq(s->freeze.only_layer, 2);
    ck_assert_int_eq(s->freeze.only_unit, 2); /* unit 3 in the file is 0-based 2 */
    ck_assert_int_eq(s->has_weights, 0);
    ck_assert(s->speed == 123.0); /* the room's speed is not in the file */
    free(s);
}
END_TEST

static const char good_head[] = "[network]\nhidden = 2\nactivation = tanh\n"
                                "[task]\ntokens = 9\ntheta_min = -1.5\ntheta_max = 1.5\nradius_jitter = 0\n"
                                "noise = 0\nseed = 1\n"
                                "[train]\noptimizer = gd\nlearning_rate = 0.02\nstep = 0\n";
/* lines 1-14 above; the weights below start at line 15 */
static const char good_units[] = "[output]\nb = 0 1\n"
                                 "[unit 1]\nw1 = 1 0\nb1 = 0\nw2 = 0.5 0\n"
                                 "[unit 2]\nw1 = 0 1\nb1 = 0\nw2 = 0 0.5\n";

/* The text of a good file with line `line` (1-based) replaced by `repl` ("" deletes it). */
static char *edit(int line, const char *repl)
{
    static char out[4096];
    char text[4096];
    snprintf(text, sizeof text, "%s%s", good_head, good_units);
    out[0] = '\0';
    int l = 1;
    for (char *p = text, *nl; *p; p = nl + 1, l++) {
        nl = strchr(p, '\n');
        if (l == line) {
            strcat(out, repl);
            if (*repl)
                strcat(out, "\n");
        } else {
            strncat(out, p, (size_t)(nl - p + 1));
        }
    }
    return out;
}

START_TEST(good_file_with_units)
{
    session *s = new_session();
    char err[256];
    ck_assert_msg(session_parse(edit(0, ""), "g.ini", s, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_int_eq(s->has_weights, 1);
    const double want[] = {1, 0, 0, 1, 0, 0, 0.5, 0, 0, 0.5, 0, 1}; /* w1 | b1 | w2 | b2 */
    ck_assert_mem_eq(s->p, want, sizeof want);
    free(s);
}
END_TEST

/* Each bad file: the message must name the file and line and say what is wrong. */
static const struct {
    int line;
    const char *repl;
    const char *want; /* substring of the message */
} bad_edits[] = {
    {2, "hidden = 300", "b.ini:2: hidden = 300 is out of range (allowed 1..256)"},
    {2, "hidden = 0", "b.ini:2: hidden = 0 is out of range"},
    {2, "hidden = 2x", "b.ini:2: hidden: '2x' is not a whole number"},
    {2, "hidden = 2 3", "b.ini:2: hidden: trailing garbage '3'"},
    {2, "hidden = 2.5", "b.ini:2: hidden: '2.5' is not a whole number"},
    {2, "hidden =", "b.ini:2: hidden: missing value"},
    {2, "hidden = 99999999999999999999", "b.ini:2: hidden = 99999999999999999999 is out of range"},
    {3, "activation = sigmoid", "b.ini:3: activation: unknown 'sigmoid'"},
    {3, "activation = tanh logistic", "b.ini:3: activation: trailing garbage 'logistic'"},
    {3, "colour = red", "b.ini:3: unknown key 'colour' in [network]"},
    {3, "hidden = 2", "b.ini:3: duplicate key 'hidden' in [network] (first at line 2)"},
    {5, "tokens = 1", "b.ini:5: tokens = 1 is out of range (allowed 2..4096)"},
    {5, "tokens = 5000", "b.ini:5: tokens = 5000 is out of range"},
    {6, "theta_min = nan", "b.ini:6: theta_min: 'nan' is not finite"},
    {6, "theta_min = -inf", "b.ini:6: theta_min: '-inf' is not finite"},
    {6, "theta_min = 1e999", "b.ini:6: theta_min: '1e999' is not finite"},
    {6, "theta_min = -7", "b.ini:6: theta_min = -7 is out of range"},
    {6, "theta_min = abc", "b.ini:6: theta_min: 'abc' is not a number"},
    {6, "theta_min = 2", "b.ini:7: theta_max = 1.5 must be greater than theta_min = 2"},
    {8, "radius_jitter = 0.95", "b.ini:8: radius_jitter = 0.95 is out of range (allowed 0..0.9)"},
    {9, "noise = -1", "b.ini:9: noise = -1 is out of range"},
    {10, "seed = -1", "b.ini:10: seed: '-1' is not a whole number"},
    {10, "seed = 18446744073709551616", "b.ini:10: seed = 18446744073709551616 is out of range"},
    {12, "optimizer = sgd", "b.ini:12: optimizer: unknown 'sgd'"},
    {13, "learning_rate = 0", "b.ini:13: learning_rate = 0 is out of range (allowed 1e-06..100)"},
    /* one range table: what --lr refuses, a file refuses too */
    {13, "learning_rate = 1e-300", "b.ini:13: learning_rate = 1e-300 is out of range (allowed 1e-06..100)"},
    {13, "learning_rate = 9.9e-7", "b.ini:13: learning_rate = 9.9e-7 is out of range (allowed 1e-06..100)"},
    /* a second '=' makes the whole value wrong, not its last word */
    {13, "learning_rate = = 0.02", "b.ini:13: learning_rate: '= 0.02' is not a number"},
    {3, "gain = = 1", "b.ini:3: gain: '= 1' is not a number"},
    {2, "hidden = = 2", "b.ini:2: hidden: '= 2' is not a whole number"},
    {16, "b = = 0 1", "b.ini:16: b: '= 0 1' is not 2 numbers"},
    /* control characters in a value are shown escaped */
    {3, "gain = 1\r2", "b.ini:3: gain: '1\\r2' is not a number"},
    {3, "gain = 1\t\r2", "b.ini:3: gain: trailing garbage '\\r2' after the number"},
    /* nothing but a comment may follow a section header */
    {15, "[output] junk", "b.ini:15: 'junk' after the section header [output]"},
    {11, "[train]x", "b.ini:11: 'x' after the section header [train]"},
    {21, "[unit 2] w1 = 0 1", "b.ini:21: 'w1 = 0 1' after the section header [unit 2]"},
    /* the divergence reference */
    {14, "step = 0\nreference_loss = -1", "b.ini:15: reference_loss = -1 is out of range"},
    {14, "step = 0\nreference_loss = nan", "b.ini:15: reference_loss: 'nan' is not finite"},
    /* optimizer state: only with an [optimizer] section, only what the optimizer keeps */
    {16, "b = 0 1\nv = 0 0", "b.ini:17: 'v' in [output] needs an [optimizer] section"},
    {14, "step = 0\n[optimizer]\nt = 1\npairs = 1", "b.ini:17: pairs: gd keeps no L-BFGS pairs"},
    {14, "step = 0\n[optimizer]\nt = -1", "b.ini:16: t = -1 is out of range"},
    {14, "step = 0\n[optimizer]\npairs = 0", "b.ini:15: [optimizer] has no 't'"},
    {14, "step = 0\n[optimizer]\nt = 1\nrho1 = 1", "b.ini:17: rho1: gd keeps no L-BFGS pairs"},
    {13, "learning_rate = 101", "b.ini:13: learning_rate = 101 is out of range"},
    {13, "learning_rate = 0.02 0.03", "b.ini:13: learning_rate: trailing garbage '0.03'"},
    {14, "step = -1", "b.ini:14: step = -1 is out of range"},
    {14, "step = 1000000000000001", "b.ini:14: step = 1000000000000001 is out of range"},
    {14, "step = 0\nonly_unit = 3", "b.ini:15: only_unit = 3 is beyond hidden = 2"},
    {14, "step = 0\nonly_layer = 3", "b.ini:15: only_layer = 3 is out of range (allowed 0..2)"},
    {14, "step = 0\npreset = lecture", "b.ini:15: preset: unknown 'lecture'"},
    {14, "", "b.ini:11: [train] has no 'step'"},
    {16, "b = 0", "b.ini:16: b: expected 2 numbers, found 1"},
    {16, "b = 0 1 2", "b.ini:16: b: expected 2 numbers, found 3"},
    {16, "b = 0 x", "b.ini:16: b: 'x' is not a number"},
    {16, "b = 0 1x", "b.ini:16: b: '1x' is not a number"},
    {18, "w1 = 1 inf", "b.ini:18: w1 in [unit 1]: 'inf' is not finite"},
    {18, "w1 = 1", "b.ini:18: w1 in [unit 1]: expected 2 numbers, found 1"},
    {18, "", "b.ini:17: [unit 1] has no 'w1'"},
    {19, "b1 = 0 0", "b.ini:19: b1 in [unit 1]: trailing garbage '0'"},
    {21, "[unit 1]", "b.ini:21: duplicate section [unit 1] (first at line 17)"},
    {21, "[unit 3]", "b.ini:21: [unit 3] is beyond hidden = 2"},
    {21, "[unit 0]", "b.ini:21: section [unit 0]: '0' is not a number from 1"},
    {21, "[unit 300]", "b.ini:21: section [unit 300]: unit number 300 is out of range (allowed 1..256)"},
    {21, "[unit x]", "b.ini:21: section [unit x]: 'x' is not a number from 1"},
    {21, "[units 2]", "b.ini:21: unknown section [units 2]"},
    {21, "[token 10]", "b.ini:22: unknown key 'w1' in [token 10]"},
    {21, "[unit 2", "b.ini:21: expected '[section]', 'key = value' or a ';' comment"},
    {21, "just words", "b.ini:21: expected '[section]', 'key = value' or a ';' comment"},
    {1, "[netwrk]", "b.ini:1: unknown section [netwrk]"},
    {1, "", "b.ini:1: key 'hidden' before any [section]"},
    {4, "[network]", "b.ini:4: duplicate section [network] (first at line 1)"},
    {4, "", "b.ini:4: unknown key 'tokens' in [network]"},
    {15, "[output]\n[unit 1]", "b.ini:15: empty section"},
};

START_TEST(bad_file_is_rejected)
{
    session *s = new_session(), *before = new_session();
    memset(s, 0xA5, sizeof *s); /* any content: a failed parse must not touch it */
    memcpy(before, s, sizeof *s);
    char err[256] = "";
    const char *text = edit(bad_edits[_i].line, bad_edits[_i].repl);
    ck_assert_msg(session_parse(text, "b.ini", s, err, (int)sizeof err) == -1, "case %d accepted:\n%s", _i, text);
    ck_assert_msg(strstr(err, bad_edits[_i].want) != NULL, "case %d: got '%s', want '%s'", _i, err,
                  bad_edits[_i].want);
    ck_assert_msg(memcmp(s, before, sizeof *s) == 0, "case %d changed the target", _i);
    free(s);
    free(before);
}
END_TEST

START_TEST(bad_whole_files)
{
    static const struct {
        const char *text;
        const char *want;
    } cases[] = {
        {"", "w.ini:1: empty file"},
        {"\n\n; only comments\n", "w.ini:3: end of file: no [network] section"},
        {"[network]\nhidden = 5\nactivation = logistic\n", "w.ini:3: end of file: no [task] section"},
        {"[network]\nhidden = 5\n\x01\x02\x03 junk\n", "w.ini:3: binary data (byte 0x01)"},
        {"[network]\x7f\n", "w.ini:1: binary data (byte 0x7f)"},
    };
    session *s = new_session(), *before = new_session();
    char err[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(before, s, sizeof *s);
        ck_assert_int_eq(session_parse(cases[i].text, "w.ini", s, err, (int)sizeof err), -1);
        ck_assert_msg(strstr(err, cases[i].want) != NULL, "case %zu: got '%s'", i, err);
        ck_assert(memcmp(s, before, sizeof *s) == 0);
    }
    /* inih's buffer limit: a long line is an error, never silently split */
    char text[1024];
    snprintf(text, sizeof text, "%s; %0300d\n", good_head, 7);
    ck_assert_int_eq(session_parse(text, "w.ini", s, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "w.ini:15: line is 302 characters long, over the parser's limit") != NULL, "%s", err);
    /* the longest allowed line passes */
    snprintf(text, sizeof text, "%s;%0196d\n", good_head, 7);
    ck_assert_msg(session_parse(text, "w.ini", s, err, (int)sizeof err) == 0, "%s", err);
    /* ... also as the first line after a byte order mark, which is no part of the line */
    snprintf(text, sizeof text, "\xef\xbb\xbf;%0196d\n%s", 7, good_head);
    ck_assert_msg(session_parse(text, "w.ini", s, err, (int)sizeof err) == 0, "%s", err);
    snprintf(text, sizeof text, "\xef\xbb\xbf;%0197d\n%s", 7, good_head);
    ck_assert_int_eq(session_parse(text, "w.ini", s, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "w.ini:1: line is 198 characters long") != NULL, "%s", err);
    /* a comment after a section header is fine */
    snprintf(text, sizeof text, "[network] ; the net\n%s", good_head + strlen("[network]\n"));
    ck_assert_msg(session_parse(text, "w.ini", s, err, (int)sizeof err) == 0, "%s", err);
    /* control characters in the file's name are shown escaped too */
    ck_assert_int_eq(session_parse("[network]\nhidden = x\n", "a\x1b[31m\nb.ini", s, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "a\\x1b[31m\\nb.ini:2: hidden: 'x' is not a whole number") != NULL, "%s", err);
    /* CRLF line ends and a UTF-8 byte order mark are fine */
    char crlf[2048] = "\xef\xbb\xbf";
    size_t n = strlen(crlf);
    for (const char *p = good_head; *p; p++) {
        if (*p == '\n')
            crlf[n++] = '\r';
        crlf[n++] = *p;
    }
    crlf[n] = '\0';
    ck_assert_msg(session_parse(crlf, "w.ini", s, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_int_eq(s->hidden, 2);
    free(s);
    free(before);
}
END_TEST

START_TEST(solution_without_units_needs_gaps)
{
    session *s = new_session();
    char err[256], text[2048];
    snprintf(text, sizeof text, "%spreset = lecture-solution\n", good_head);
    ck_assert_int_eq(session_parse(text, "p.ini", s, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "p.ini:2: hidden = 2, but preset lecture-solution") != NULL, "%s", err);
    snprintf(text, sizeof text, "%spreset = lecture-solution\n%s", good_head, good_units);
    ck_assert_msg(session_parse(text, "p.ini", s, err, (int)sizeof err) == 0, "%s", err); /* weights given */
    free(s);
}
END_TEST

START_TEST(missing_and_moved_tokens)
{
    session *s = new_session();
    char err[256], text[4096];
    /* [unit 2] missing */
    snprintf(text, sizeof text, "%s[output]\nb = 0 1\n[unit 1]\nw1 = 1 0\nb1 = 0\nw2 = 0.5 0\n", good_head);
    ck_assert_int_eq(session_parse(text, "m.ini", s, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "m.ini:2: hidden = 2 but [unit 2] is missing") != NULL, "%s", err);
    /* units without [output] */
    snprintf(text, sizeof text, "%s[unit 1]\nw1 = 1 0\nb1 = 0\nw2 = 0.5 0\n[unit 2]\nw1 = 1 0\nb1 = 0\nw2 = 0 0\n",
             good_head);
    ck_assert_int_eq(session_parse(text, "m.ini", s, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "m.ini:15: [unit] sections need an [output] section") != NULL, "%s", err);
    /* a token beyond tokens */
    snprintf(text, sizeof text, "%s[token 10]\nx = 1 1\ny = 0 0\n", good_head);
    ck_assert_int_eq(session_parse(text, "m.ini", s, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "m.ini:15: [token 10] is beyond tokens = 9") != NULL, "%s", err);
    /* a moved token: the others come from the spec */
    snprintf(text, sizeof text, "%s[token 3]\nx = 0.25 -0.5\ny = 7 8\n", good_head);
    ck_assert_msg(session_parse(text, "m.ini", s, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_int_eq(s->has_tokens, 1);
    ck_assert(s->x[4] == 0.25 && s->x[5] == -0.5 && s->y[4] == 7 && s->y[5] == 8);
    ck_assert(s->x[0] == cos(-1.5) && s->y[16] == 1.5 && s->y[17] == 2.25);
    free(s);
}
END_TEST

START_TEST(load_errors_name_the_path)
{
    session *s = new_session(), *before = new_session();
    memcpy(before, s, sizeof *s);
    char err[512], path[300];
    path_in(path, sizeof path, "nope.ini");
    ck_assert_int_eq(session_load(path, s, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, path) && strstr(err, "No such file"), "%s", err);
    ck_assert_int_eq(session_load(dir, s, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, dir) && strstr(err, "is a directory"), "%s", err);
    /* NUL bytes: binary garbage, not a shorter text */
    path_in(path, sizeof path, "bin.ini");
    write_file(path, "[network]\nhidden = 5\0\x89PNG", 25);
    ck_assert_int_eq(session_load(path, s, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "bin.ini:2: binary data (byte 0x00)"), "%s", err);
    path_in(path, sizeof path, "empty.ini");
    write_file(path, "", 0);
    ck_assert_int_eq(session_load(path, s, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "empty.ini:1: empty file"), "%s", err);
    ck_assert(memcmp(s, before, sizeof *s) == 0);
    free(s);
    free(before);
}
END_TEST

/* Runs fn as an unprivileged user (a forked child when this process is root, since root reads and
 * writes regardless of permissions); fn's return value is the child's verdict. */
static void as_unprivileged(int (*fn)(void))
{
    if (geteuid() != 0) {
        ck_assert_int_eq(fn(), 0);
        return;
    }
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0)
            _exit(99);
        _exit(fn());
    }
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %d", st);
}

static int unreadable_child(void)
{
    char path[300], err[512];
    session s;
    session_default(&s);
    path_in(path, sizeof path, "secret.ini");
    if (session_load(path, &s, err, (int)sizeof err) != -1)
        return 1;
    return strstr(err, path) && strstr(err, "Permission denied") ? 0 : 2;
}

START_TEST(unreadable_file)
{
    char path[300];
    path_in(path, sizeof path, "secret.ini");
    write_file(path, good_head, strlen(good_head));
    ck_assert_int_eq(chmod(path, 0), 0);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    as_unprivileged(unreadable_child);
}
END_TEST

static const char old_text[] = "; the old session, which must survive\n";

static void make_old(const char *path)
{
    write_file(path, old_text, sizeof old_text - 1);
}

static void assert_old(const char *path)
{
    size_t len;
    char *t = read_file(path, &len);
    ck_assert_uint_eq(len, sizeof old_text - 1);
    ck_assert_str_eq(t, old_text);
    free(t);
}

START_TEST(save_replaces_whole)
{
    char path[300], err[512];
    path_in(path, sizeof path, "s.ini");
    make_old(path);
    ck_assert_int_eq(chmod(path, 0640), 0);
    session *s = new_session();
    ck_assert_msg(session_save(path, s, err, (int)sizeof err) == 0, "%s", err);
    size_t len;
    char *t = read_file(path, &len);
    char want[8192];
    ck_assert_int_eq(session_format(s, want, (int)sizeof want), (int)len);
    ck_assert_str_eq(t, want);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0640); /* the old file's mode is kept */
    ck_assert_int_eq(dir_entries(dir), 1);
    free(t);
    free(s);
}
END_TEST

START_TEST(save_to_missing_folder)
{
    char path[300], err[512];
    path_in(path, sizeof path, "no/such/dir/s.ini");
    session *s = new_session();
    ck_assert_int_eq(session_save(path, s, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, path) && strstr(err, "No such file"), "%s", err);
    /* a directory where the file should go */
    path_in(path, sizeof path, "sub");
    ck_assert_int_eq(mkdir(path, 0755), 0);
    ck_assert_int_eq(session_save(path, s, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, path) != NULL, "%s", err);
    ck_assert_int_eq(dir_entries(dir), 1); /* just sub/, no temporary file */
    free(s);
}
END_TEST

static int readonly_child(void)
{
    char path[300], err[512];
    session s;
    session_default(&s);
    path_in(path, sizeof path, "ro/s.ini");
    if (session_save(path, &s, err, (int)sizeof err) != -1)
        return 1;
    return strstr(err, path) && strstr(err, "Permission denied") ? 0 : 2;
}

START_TEST(save_into_readonly_folder)
{
    char sub[300], path[300];
    path_in(sub, sizeof sub, "ro");
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    path_in(path, sizeof path, "ro/s.ini");
    make_old(path);
    ck_assert_int_eq(chmod(path, 0666), 0);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    ck_assert_int_eq(chmod(sub, 0555), 0);
    as_unprivileged(readonly_child);
    assert_old(path);
    ck_assert_int_eq(dir_entries(sub), 1);
}
END_TEST

START_TEST(save_on_a_full_disk)
{
    char path[300];
    path_in(path, sizeof path, "s.ini");
    make_old(path);
    /* a file size limit makes write() fail with EFBIG part-way, as a full disk would with ENOSPC */
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {100, 100};
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(99);
        session s;
        session_default(&s);
        char err[512];
        if (session_save(path, &s, err, (int)sizeof err) != -1)
            _exit(1);
        _exit(strstr(err, path) && strstr(err, "too large") ? 0 : 2);
    }
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %d", st);
    assert_old(path);
    ck_assert_int_eq(dir_entries(dir), 1);
}
END_TEST

/* The window saves from a snapshot, headless from the core: both must write the same file. */
START_TEST(session_from_snapshot_matches_core)
{
    static session start, from_core, from_snap;
    static snap sn;
    static char a[1 << 16], b[1 << 16];
    session_default(&start);
    start.lr = 0.05;
    start.opt = NN_OPT_ADAM;
    start.freeze.only_layer = 2;
    char err[256];
    train_core *c = train_core_create(&start, err, sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    train_cmd step = {.type = TRAIN_CMD_STEP, .i = 7};
    train_core_apply(c, &step);
    train_cmd move = {.type = TRAIN_CMD_MOVE_TARGET, .i = 3, .a = 0.25, .b = -0.5};
    train_core_apply(c, &move);
    while (train_core_wants_step(c))
        train_core_step(c);
    train_core_session(c, &from_core);
    train_core_fill(c, &sn);
    session_from_snap(&from_snap, &sn);
    ck_assert_int_eq(from_snap.step, 7);
    ck_assert_int_eq(from_snap.has_tokens, 1);
    int la = session_format(&from_core, a, sizeof a), lb = session_format(&from_snap, b, sizeof b);
    ck_assert_int_gt(la, 0);
    ck_assert_int_eq(la, lb);
    ck_assert_str_eq(a, b);
    train_core_destroy(c);
}
END_TEST

/* The optimizer state in a file: laid out per unit beside the weights, all or nothing per optimizer. */
START_TEST(optimizer_state_in_files)
{
    session *s = new_session();
    char err[512], text[4096];
    static const char momentum_units[] = "[output]\nb = 0 1\nv = 0.25 -0.25\n"
                                         "[unit 1]\nw1 = 1 0\nb1 = 0\nw2 = 0.5 0\nv = 1 2 3 4 5\n"
                                         "[unit 2]\nw1 = 0 1\nb1 = 0\nw2 = 0 0.5\nv = 6 7 8 9 10\n";
    const char *opt_line = "optimizer = gd\n";
    char head[1024];
    snprintf(head, sizeof head, "%.*soptimizer = momentum\n%s", (int)(strstr(good_head, opt_line) - good_head),
             good_head, strstr(good_head, opt_line) + strlen(opt_line));
    snprintf(text, sizeof text, "%s[optimizer]\nt = 7\n%s", head, momentum_units);
    ck_assert_msg(session_parse(text, "o.ini", s, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_int_eq(s->opt_state.has, 1);
    ck_assert_int_eq(s->opt_state.kind, NN_OPT_MOMENTUM);
    ck_assert_int_eq(s->opt_state.t, 7);
    /* nn.h's layout: w1 (2, 2) | b1 (2) | w2 (2, 2) | b2 (2) */
    const double want[] = {1, 2, 6, 7, 3, 8, 4, 5, 9, 10, 0.25, -0.25};
    ck_assert_mem_eq(s->opt_state.v, want, sizeof want);
    /* and it is written back the same way */
    static char back[1 << 16];
    ck_assert_int_gt(session_format(s, back, sizeof back), 0);
    ck_assert_msg(strstr(back, "[optimizer]") && strstr(back, "t = 7 ") && strstr(back, "v = 6 7 8 9 10\n"), "%s",
                  back);

    /* a file from before the state was saved: it loads, the state starts at zero */
    snprintf(text, sizeof text, "%s%s", head, good_units);
    ck_assert_msg(session_parse(text, "o.ini", s, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_int_eq(s->opt_state.has, 0);
    ck_assert_int_eq(s->has_ref, 0);

    static const struct {
        const char *opt, *optimizer, *units, *want;
    } bad[] = {
        /* a unit without the state momentum keeps */
        {"momentum", "[optimizer]\nt = 1\n",
         "[output]\nb = 0 1\nv = 0 0\n[unit 1]\nw1 = 1 0\nb1 = 0\nw2 = 0.5 0\nv = 1 2 3 4 5\n"
         "[unit 2]\nw1 = 0 1\nb1 = 0\nw2 = 0 0.5\n",
         "o.ini:25: [unit 2] has no 'v' (momentum keeps it)"},
        /* state another optimizer keeps */
        {"momentum", "[optimizer]\nt = 1\n",
         "[output]\nb = 0 1\nv = 0 0\nm = 0 0\n[unit 1]\nw1 = 1 0\nb1 = 0\nw2 = 0.5 0\nv = 1 2 3 4 5\n"
         "[unit 2]\nw1 = 0 1\nb1 = 0\nw2 = 0 0.5\nv = 1 2 3 4 5\n",
         "o.ini:20: 'm' in [output]: momentum keeps no m"},
        /* a wrong count: D + 1 + K numbers per unit */
        {"adam", "[optimizer]\nt = 1\n",
         "[output]\nb = 0 1\nv = 0 0\nm = 0 0\n[unit 1]\nw1 = 1 0\nb1 = 0\nw2 = 0.5 0\nv = 1 2 3 4\n",
         "o.ini:25: v in [unit 1]: expected 5 numbers, found 4"},
        /* lbfgs: pairs beyond the count, rho missing */
        {"lbfgs", "[optimizer]\nt = 1\npairs = 1\nrho1 = 0.5\n",
         "[output]\nb = 0 1\ns1 = 0 0\ny1 = 0 0\ns2 = 0 0\n[unit 1]\nw1 = 1 0\nb1 = 0\nw2 = 0.5 0\n"
         "s1 = 1 2 3 4 5\ny1 = 1 2 3 4 5\n[unit 2]\nw1 = 0 1\nb1 = 0\nw2 = 0 0.5\ns1 = 1 2 3 4 5\ny1 = 1 2 3 4 5\n",
         "o.ini:23: 's2' in [output] is beyond pairs = 1"},
        {"lbfgs", "[optimizer]\nt = 1\npairs = 1\n",
         "[output]\nb = 0 1\ns1 = 0 0\ny1 = 0 0\n[unit 1]\nw1 = 1 0\nb1 = 0\nw2 = 0.5 0\n"
         "s1 = 1 2 3 4 5\ny1 = 1 2 3 4 5\n[unit 2]\nw1 = 0 1\nb1 = 0\nw2 = 0 0.5\ns1 = 1 2 3 4 5\ny1 = 1 2 3 4 5\n",
         "o.ini:15: [optimizer] has no 'rho1' (pairs = 1)"},
        {"lbfgs", "[optimizer]\nt = 1\npairs = 1\nrho1 = 0\n", "", "o.ini:18: rho1 = 0 is out of range"},
        /* state without weights */
        {"adam", "[optimizer]\nt = 1\n", "", "o.ini:15: [optimizer] needs the weights too"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(head, sizeof head, "%.*soptimizer = %s\n%s", (int)(strstr(good_head, opt_line) - good_head), good_head,
                 bad[i].opt, strstr(good_head, opt_line) + strlen(opt_line));
        snprintf(text, sizeof text, "%s%s%s", head, bad[i].optimizer, bad[i].units);
        ck_assert_int_eq(session_parse(text, "o.ini", s, err, (int)sizeof err), -1);
        ck_assert_msg(strstr(err, bad[i].want) != NULL, "case %zu: got '%s', want '%s'", i, err, bad[i].want);
    }
    free(s);
}
END_TEST

/* A long file name shortens nothing it must not: the line and the reason still arrive whole. */
START_TEST(long_file_name_keeps_line_and_reason)
{
    static char name[3001], err[8192];
    memset(name, 'd', sizeof name - 5);
    strcpy(name + sizeof name - 5, ".ini");
    static session out;
    session_default(&out);
    ck_assert_int_eq(session_parse("[network]\nhidden = abc\n", name, &out, err, sizeof err), -1);
    ck_assert_msg(strstr(err, ".ini:2: ") != NULL, "%s", err);
    ck_assert_msg(strstr(err, "hidden") != NULL, "%s", err);
}
END_TEST

/* ---- scenes in session files ---- */

static const char universal_text[] =
    "[scene]\n"                   /* 1 */
    "name = universal\n"          /* 2 */
    "[network]\n"                 /* 3 */
    "hidden = 6\n"                /* 4 */
    "activation = tanh\n"         /* 5 */
    "[task]\n"                    /* 6 */
    "tokens = 256\n"              /* 7 */
    "target = disc\n"             /* 8 */
    "layout = random\n"           /* 9 */
    "noise = 0.25\n"              /* 10 */
    "seed = 7\n"                  /* 11 */
    "[train]\n"                   /* 12 */
    "preset = random-start\n"     /* 13 */
    "optimizer = gd\n"            /* 14 */
    "learning_rate = 0.1\n"       /* 15 */
    "step = 0\n"                  /* 16 */
    "rng = 1 2 3 18446744073709551615\n"; /* 17 */

START_TEST(universal_file_parses)
{
    session *s = new_session();
    char err[256];
    ck_assert_msg(session_parse(universal_text, "u.ini", s, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_ptr_eq(session_scene(s), &scene_universal);
    scene_spec spec = session_spec(s);
    ck_assert_int_eq(spec.n, 256);
    ck_assert_uint_eq(spec.seed, 7);
    ck_assert_int_eq(scene_param_index(&scene_universal, "target"), 0);
    ck_assert(spec.v[0] == scene_choice_find(&scene_universal.params[0], "disc"));
    ck_assert(spec.v[1] == scene_choice_find(&scene_universal.params[1], "random"));
    ck_assert(spec.v[2] == 0.25);
    ck_assert_int_eq(s->preset, 0);
    ck_assert_int_eq(s->hidden, 6);
    ck_assert_int_eq(s->has_weights, 0);
    ck_assert_int_eq(s->has_rng, 1);
    ck_assert(s->rng.s[0] == 1 && s->rng.s[1] == 2 && s->rng.s[2] == 3 && s->rng.s[3] == UINT64_MAX);
    free(s);
}
END_TEST

/* A universal session with weights, optimizer state and moved tokens: text and back, bit for bit. */
START_TEST(universal_round_trip_bit_exact)
{
    session *s = new_session(), *back = new_session();
    nn_rng r;
    nn_rng_seed(&r, 99);
    session_set_scene(s, &scene_universal);
    s->hidden = 5;
    s->opt = NN_OPT_LBFGS;
    s->has_weights = 1;
    size_t P = nn_param_count(2, 5, 1);
    for (size_t i = 0; i < P; i++)
        s->p[i] = nn_rng_normal(&r) * 1e3;
    s->opt_state.has = 1;
    s->opt_state.kind = NN_OPT_LBFGS;
    s->opt_state.t = 12;
    s->opt_state.pairs = 2;
    for (int j = 0; j < 2; j++) {
        for (size_t i = 0; i < P; i++) {
            s->opt_state.s[j][i] = nn_rng_normal(&r);
            s->opt_state.y[j][i] = nn_rng_normal(&r);
        }
        s->opt_state.rho[j] = 0.5 + j;
    }
    s->has_rng = 1;
    s->rng = r;
    scene_task *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    scene_spec spec = session_spec(s);
    scene_build(&scene_universal, &spec, t);
    memcpy(s->x, t->x, (size_t)t->n * 2 * sizeof t->x[0]);
    memcpy(s->y, t->y, (size_t)t->n * sizeof t->y[0]);
    free(t);
    s->has_tokens = 1;
    s->x[2 * 17 + 1] = 0.123456789;
    s->y[200] = -3.5;
    char *text = malloc(1 << 20);
    ck_assert_ptr_nonnull(text);
    ck_assert_int_gt(session_format(s, text, 1 << 20), 0);
    ck_assert_ptr_nonnull(strstr(text, "[scene]\nname = universal\n"));
    ck_assert_ptr_nonnull(strstr(text, "target = bump\nlayout = grid\n"));
    ck_assert_ptr_null(strstr(text, "theta_min"));
    ck_assert_ptr_nonnull(strstr(text, "[token 18]\n"));
    ck_assert_ptr_nonnull(strstr(text, "[token 201]\n"));
    char err[256];
    ck_assert_msg(session_parse(text, "u.ini", back, err, (int)sizeof err) == 0, "%s\n%s", err, text);
    ck_assert_ptr_eq(session_scene(back), &scene_universal);
    ck_assert_mem_eq(back->p, s->p, P * sizeof s->p[0]);
    ck_assert_mem_eq(back->opt_state.s[1], s->opt_state.s[1], P * sizeof s->p[0]);
    ck_assert_mem_eq(back->opt_state.y[0], s->opt_state.y[0], P * sizeof s->p[0]);
    ck_assert_mem_eq(back->x, s->x, 256 * 2 * sizeof s->x[0]);
    ck_assert_mem_eq(back->y, s->y, 256 * sizeof s->y[0]);
    ck_assert_mem_eq(&back->rng, &s->rng, sizeof s->rng);
    ck_assert_mem_eq(back->params, s->params, sizeof s->params);
    /* and the same text again */
    char *again = malloc(1 << 20);
    ck_assert_ptr_nonnull(again);
    ck_assert_int_gt(session_format(back, again, 1 << 20), 0);
    ck_assert_str_eq(text, again);
    free(again);
    free(text);
    free(s);
    free(back);
}
END_TEST

/* Lines of universal_text replaced; the message names the file, the line and what is wrong. */
static const struct {
    int line;
    const char *repl;
    const char *want;
} universal_bad[] = {
    {8, "theta_min = 0", "u.ini:8: key 'theta_min' in [task] belongs to scene semicircle, not to scene universal"},
    {10, "radius_jitter = 0", "u.ini:10: key 'radius_jitter' in [task] belongs to scene semicircle"},
    {8, "target = cone", "u.ini:8: target: unknown 'cone' (allowed bump, ridge, saddle, sines, disc)"},
    {9, "layout = hex", "u.ini:9: layout: unknown 'hex' (allowed grid, random)"},
    {10, "noise = 2", "u.ini:10: noise = 2 is out of range (allowed 0..1)"},
    {7, "tokens = 3", "u.ini:7: tokens = 3 is out of range (allowed 4..4096)"},
    {9, "layout = grid", "u.ini:7: tokens = 256"}, /* 256 = 16×16 is a grid: see the next one */
    {2, "name = parabola", "u.ini:2: name: unknown scene 'parabola' (allowed semicircle, universal"},
    {13, "preset = lecture-start", "u.ini:13: preset: unknown 'lecture-start' (allowed random-start, tower, bump)"},
    {17, "rng = 0 0 0 0", "u.ini:17: rng: all four words are 0"},
    {17, "rng = 1 2 3", "u.ini:17: rng: expected 4 whole numbers, found 3"},
    {17, "rng = 1 2 3 -4", "u.ini:17: rng: '-4' is not a whole number"},
    {11, "", "u.ini:6: [task] has no 'seed'"},
    {8, "", "u.ini:6: [task] has no 'target'"},
    /* [scene] slice: x0 y0 x1 y1 in the input square, the ends apart */
    {2, "name = universal\nslice = 0 0 1", "u.ini:3: slice: expected 4 numbers, found 3"},
    {2, "name = universal\nslice = 0 0 1 1 0", "u.ini:3: slice: expected 4 numbers, found 5"},
    {2, "name = universal\nslice =", "u.ini:3: slice: missing value"},
    {2, "name = universal\nslice = 0 0 1.5 1", "u.ini:3: slice = 1.5 is out of range (allowed -1..1)"},
    {2, "name = universal\nslice = -1.0000000000000002 0 1 1", "u.ini:3: slice = -1.0000000000000002 is out of range"},
    {2, "name = universal\nslice = 0 0 nan 1", "u.ini:3: slice: 'nan' is not finite"},
    {2, "name = universal\nslice = 0 0 x 1", "u.ini:3: slice: 'x' is not a number"},
    {2, "name = universal\nslice = 0.5 -0.5 0.5 -0.5", "u.ini:3: slice: '0.5 -0.5 0.5 -0.5' has both ends at one point"},
    {2, "name = universal\nslice = -0.8,0,0.8,0.2", "u.ini:3: slice: '-0.8,0,0.8,0.2': the file takes x0 y0 x1 y1 apart by"
                                                   " spaces"},
    {2, "name = universal\nslice = 0 0 1 1\nslice = 0 0 1 1", "u.ini:4: duplicate key 'slice' in [scene] (first at line 3)"},
    {2, "name = universal\nslice = 0 0 1 1 ; a comment\n[network]\nslice = 0 0 1 1", "u.ini:5: unknown key 'slice' in [network]"},
};

static const char *universal_edit(int line, const char *repl)
{
    static char out[4096];
    out[0] = '\0';
    int l = 1;
    for (const char *p = universal_text, *nl; *p; p = nl + 1, l++) {
        nl = strchr(p, '\n');
        if (l == line) {
            strcat(out, repl);
            if (*repl)
                strcat(out, "\n");
        } else {
            strncat(out, p, (size_t)(nl - p + 1));
        }
    }
    return out;
}

START_TEST(universal_bad_file_is_rejected)
{
    session *s = new_session();
    char err[256] = "";
    const char *text = universal_edit(universal_bad[_i].line, universal_bad[_i].repl);
    if (_i == 6) {
        /* a grid of 256 tokens is fine; 255 is no square */
        ck_assert_msg(session_parse(text, "u.ini", s, err, (int)sizeof err) == 0, "%s", err);
        char *t2 = strdup(text);
        ck_assert_ptr_nonnull(t2);
        char *at = strstr(t2, "tokens = 256");
        memcpy(at, "tokens = 255", 12);
        ck_assert_int_eq(session_parse(t2, "u.ini", s, err, (int)sizeof err), -1);
        ck_assert_msg(strstr(err, "u.ini:7: tokens = 255: a grid needs") != NULL, "got '%s'", err);
        free(t2);
        free(s);
        return;
    }
    /* a failed parse or load leaves the session as it was */
    s->has_slice = 1;
    memcpy(s->slice, (double[4]){0.25, -0.5, 0.75, 1}, sizeof s->slice);
    session *before = new_session();
    memcpy(before, s, sizeof *s);
    ck_assert_msg(session_parse(text, "u.ini", s, err, (int)sizeof err) == -1, "case %d accepted:\n%s", _i, text);
    ck_assert_msg(strstr(err, universal_bad[_i].want) != NULL, "case %d: got '%s', want '%s'", _i, err,
                  universal_bad[_i].want);
    ck_assert(memcmp(s, before, sizeof *s) == 0);
    char path[300];
    path_in(path, sizeof path, "u.ini");
    write_file(path, text, strlen(text));
    ck_assert_int_eq(session_load(path, s, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, path) && strstr(err, universal_bad[_i].want + strlen("u.ini")), "case %d: got '%s'", _i,
                  err);
    ck_assert(memcmp(s, before, sizeof *s) == 0);
    free(before);
    free(s);
}
END_TEST

/* ---- the universal maps' slice strip: [scene] slice ---- */

/* The default semicircle session as every version before the slice strip wrote it. */
static const char semicircle_default_text[] =
    "; backprop-lab session; units are numbered 1..N as in the lecture\n"
    "[scene]\n"
    "name = semicircle\n"
    "[network]\n"
    "hidden = 5\n"
    "activation = logistic\n"
    "gain = 1\n"
    "[task]\n"
    "tokens = 9\n"
    "theta_min = -1.5707963267948966\n"
    "theta_max = 1.5707963267948966\n"
    "radius_jitter = 0\n"
    "noise = 0\n"
    "seed = 1\n"
    "[train]\n"
    "preset = lecture-start\n"
    "optimizer = gd\n"
    "learning_rate = 0.02\n"
    "step = 0\n"
    "only_layer = 0 ; 0 both layers learn, 1 only W(1), b(1), 2 only W(2), b(2)\n"
    "only_unit = 0 ; 0 every unit learns, else only unit k\n";

/* The slice strip in a universal file: text and back bit for bit (the ends, -0 and subnormals included), through
 * memory and through a saved file, and the same text again. */
START_TEST(universal_slice_round_trip)
{
    session *s = new_session(), *back = new_session();
    char err[256], path[300];
    ck_assert_msg(session_parse(universal_text, "u.ini", s, err, (int)sizeof err) == 0, "%s", err);
    const double cuts[][4] = {
        {-0.9, -0.3, 0.9, 0.4},
        {-1, 1, 1, -1},
        {-0.0, 0.1, 4.9406564584124654e-324, -2.2250738585072014e-308},
        {0.33333333333333331, -0.66666666666666663, 0.99999999999999989, -0.99999999999999989},
    };
    char *text = malloc(1 << 16), *again = malloc(1 << 16);
    ck_assert(text && again);
    path_in(path, sizeof path, "slice.ini");
    for (int i = 0; i < 4; i++) {
        s->has_slice = 1;
        memcpy(s->slice, cuts[i], sizeof s->slice);
        ck_assert_int_gt(session_format(s, text, 1 << 16), 0);
        /* in [scene], after the name that decides what the rest of the file holds */
        ck_assert_msg(strstr(text, "[scene]\nname = universal\nslice = ") != NULL, "%s", text);
        session_default(back);
        ck_assert_msg(session_parse(text, "u.ini", back, err, (int)sizeof err) == 0, "%s\n%s", err, text);
        ck_assert_ptr_eq(session_scene(back), &scene_universal);
        ck_assert_int_eq(back->has_slice, 1);
        ck_assert_mem_eq(back->slice, cuts[i], sizeof back->slice);
        ck_assert_int_gt(session_format(back, again, 1 << 16), 0);
        ck_assert_str_eq(text, again);
        ck_assert_msg(session_save(path, s, err, (int)sizeof err) == 0, "%s", err);
        session_default(back);
        ck_assert_msg(session_load(path, back, err, (int)sizeof err) == 0, "%s", err);
        ck_assert_mem_eq(back->slice, cuts[i], sizeof back->slice);
        ck_assert_int_eq(dir_entries(dir), 1); /* no temporary file left */
    }
    /* the key may come before the name too */
    ck_assert_msg(session_parse("[scene]\nslice = 0 0.5 1 -1\nname = universal\n[network]\nhidden = 6\n"
                                "activation = tanh\n[task]\ntokens = 256\ntarget = bump\nlayout = grid\nnoise = 0\n"
                                "seed = 1\n[train]\noptimizer = gd\nlearning_rate = 0.1\nstep = 0\n",
                                "u.ini", back, err, (int)sizeof err) == 0, "%s", err);
    ck_assert(back->has_slice && back->slice[1] == 0.5 && back->slice[3] == -1);
    free(text);
    free(again);
    free(s);
    free(back);
}
END_TEST

/* A universal file from before the key has no strip, whatever the session held; it writes none back. */
START_TEST(universal_file_without_slice)
{
    session *s = new_session();
    char err[256];
    s->has_slice = 1;
    memcpy(s->slice, (double[4]){-0.5, 0, 0.5, 0}, sizeof s->slice);
    ck_assert_msg(session_parse(universal_text, "u.ini", s, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_int_eq(s->has_slice, 0);
    char *text = malloc(1 << 16);
    ck_assert_ptr_nonnull(text);
    ck_assert_int_gt(session_format(s, text, 1 << 16), 0);
    ck_assert_ptr_null(strstr(text, "slice"));
    /* a new scene brings no strip either */
    s->has_slice = 1;
    session_set_scene(s, &scene_universal);
    ck_assert_int_eq(s->has_slice, 0);
    free(text);
    free(s);
}
END_TEST

/* The semicircle has no maps: its files write no slice (byte for byte as before, even were one set) and
 * refuse one, naming the file, the line and the key. */
START_TEST(semicircle_has_no_slice)
{
    session *s = new_session();
    char before[8192], after[8192], err[256];
    const int len = session_format(s, before, (int)sizeof before);
    ck_assert_int_gt(len, 0);
    ck_assert_str_eq(before, semicircle_default_text);
    s->has_slice = 1;
    memcpy(s->slice, (double[4]){-0.5, 0, 0.5, 0}, sizeof s->slice);
    ck_assert_int_eq(session_format(s, after, (int)sizeof after), len);
    ck_assert_str_eq(before, after);
    char *text = malloc(strlen(before) + 64);
    ck_assert_ptr_nonnull(text);
    const char *rest = strstr(before, "[network]");
    ck_assert_ptr_nonnull(rest);
    sprintf(text, "[scene]\nname = semicircle\nslice = -0.5 0 0.5 0\n%s", rest);
    session *b = new_session();
    ck_assert_int_eq(session_parse(text, "g.ini", b, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "g.ini:3: slice: the scene semicircle has no maps to slice") != NULL, "got '%s'", err);
    free(text);
    free(b);
    free(s);
}
END_TEST

/* [scene] goes first (it decides the other sections' keys); a file without it is the semicircle, and one
 * naming the semicircle means the same as one without. */
START_TEST(scene_section_first_and_optional)
{
    session *a = new_session(), *b = new_session();
    char err[256] = "";
    const char *text = edit(0, "");
    ck_assert_msg(session_parse(text, "g.ini", a, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_ptr_eq(session_scene(a), &scene_semicircle);
    ck_assert_int_eq(a->has_rng, 0);
    char *named = malloc(strlen(text) + 64);
    ck_assert_ptr_nonnull(named);
    sprintf(named, "[scene]\nname = semicircle\n%s", text);
    ck_assert_msg(session_parse(named, "g.ini", b, err, (int)sizeof err) == 0, "%s", err);
    ck_assert_ptr_eq(session_scene(b), &scene_semicircle);
    ck_assert_mem_eq(&a->task, &b->task, sizeof a->task);
    ck_assert_mem_eq(a->p, b->p, sizeof a->p);
    sprintf(named, "%s[scene]\nname = semicircle\n", text);
    ck_assert_int_eq(session_parse(named, "g.ini", b, err, (int)sizeof err), -1);
    ck_assert_msg(strstr(err, "[scene] must come before every other section") != NULL, "got '%s'", err);
    free(named);
    free(a);
    free(b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("session");
    TCase *tc = tcase_create("session");
    tcase_set_timeout(tc, 0); /* meson's timeout governs, scaled for slow builds */
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, round_trip_default);
    tcase_add_test(tc, universal_file_parses);
    tcase_add_test(tc, universal_round_trip_bit_exact);
    tcase_add_loop_test(tc, universal_bad_file_is_rejected, 0, (int)(sizeof universal_bad / sizeof universal_bad[0]));
    tcase_add_test(tc, scene_section_first_and_optional);
    tcase_add_test(tc, universal_slice_round_trip);
    tcase_add_test(tc, universal_file_without_slice);
    tcase_add_test(tc, semicircle_has_no_slice);
    tcase_add_test(tc, long_file_name_keeps_line_and_reason);
    tcase_add_test(tc, session_from_snapshot_matches_core);
    tcase_add_test(tc, round_trip_random_bit_exact);
    tcase_add_test(tc, freeze_speed_and_preset_keys);
    tcase_add_test(tc, good_file_with_units);
    tcase_add_test(tc, optimizer_state_in_files);
    tcase_add_loop_test(tc, bad_file_is_rejected, 0, (int)(sizeof bad_edits / sizeof bad_edits[0]));
    tcase_add_test(tc, bad_whole_files);
    tcase_add_test(tc, solution_without_units_needs_gaps);
    tcase_add_test(tc, missing_and_moved_tokens);
    tcase_add_test(tc, load_errors_name_the_path);
    tcase_add_test(tc, unreadable_file);
    tcase_add_test(tc, save_replaces_whole);
    tcase_add_test(tc, save_to_missing_folder);
    tcase_add_test(tc, save_into_readonly_folder);
    tcase_add_test(tc, save_on_a_full_disk);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
