/* ranges: the one table of values a setting may take, shared by the command line, session files and
 * the window's controls, so that what one of them accepts the others accept too.
 * Plain constants and a read-only table; any thread.
 * Invariants: lo <= hi for every entry; a value v is accepted when lo <= v <= hi and it is finite. */
#ifndef SESSION_RANGES_H
#define SESSION_RANGES_H

#include "data/task.h"
#include "nn/nn.h"

/* The constants, for places that need them at compile time (flag help, slider ends, key nudges). */
#define RANGE_LR_MIN 1e-6
#define RANGE_LR_MAX 100.0
#define RANGE_GAIN_MIN 0.1
#define RANGE_GAIN_MAX 1000.0
#define RANGE_HIDDEN_MIN 1
#define RANGE_HIDDEN_MAX NN_MAX_HIDDEN
#define RANGE_TOKENS_MIN DATA_MIN_TOKENS
#define RANGE_TOKENS_MAX DATA_MAX_TOKENS
/* steps per second; 0 (unlimited) is accepted besides this range */
#define RANGE_SPEED_MIN 0.1
#define RANGE_SPEED_MAX 1e9
/* Steps a session may have taken: years at millions of steps per second, far from int64 overflow. */
#define RANGE_STEP_MAX 1000000000000000LL

/* The spans the window's sliders show, narrower than what is accepted by choice: a slider's width
 * holds the values a class uses (η past 10 only diverges, a gain below 1 flattens σ to a line, more
 * than 64 units or 1024 tokens cannot be told apart on a projector). Keys and files still reach the
 * whole range. Each span lies inside its range above (tests/ui checks it). */
#define RANGE_LR_SLIDER_MIN 1e-4
#define RANGE_LR_SLIDER_MAX 10.0
#define RANGE_GAIN_SLIDER_MIN 1.0
#define RANGE_GAIN_SLIDER_MAX 100.0
#define RANGE_HIDDEN_SLIDER_MIN RANGE_HIDDEN_MIN
#define RANGE_HIDDEN_SLIDER_MAX 64
#define RANGE_TOKENS_SLIDER_MIN RANGE_TOKENS_MIN
#define RANGE_TOKENS_SLIDER_MAX 1024
/* steps per second; the slider's top end stands for unlimited (0) */
#define RANGE_NOISE_SLIDER_MIN 0.0
#define RANGE_NOISE_SLIDER_MAX 1.0
#define RANGE_JITTER_SLIDER_MIN 0.0
#define RANGE_JITTER_SLIDER_MAX 0.5
#define RANGE_SPEED_SLIDER_MIN 1.0
#define RANGE_SPEED_SLIDER_MAX 1e5

typedef enum {
    RANGE_LR,     /* learning rate η */
    RANGE_GAIN,   /* a in h = σ(a·e) */
    RANGE_HIDDEN, /* hidden units N */
    RANGE_TOKENS, /* tokens n */
    RANGE_SPEED,  /* steps per second (or 0 = unlimited) */
    RANGE_THETA,  /* θ_min, θ_max */
    RANGE_JITTER, /* radius jitter a */
    RANGE_NOISE,  /* target noise */
    RANGE_STEP,   /* the step counter */
    RANGE_COUNT
} range_id;

typedef struct {
    const char *name; /* as the session file calls it, e.g. "learning_rate" */
    double lo, hi;
} range_def;

/* Indexed by range_id. */
extern const range_def range_table[RANGE_COUNT];

/* 1 when v is finite and inside the range of id (speed: also 0). */
int range_ok(range_id id, double v);

#endif
