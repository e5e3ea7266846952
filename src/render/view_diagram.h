/* view_diagram: the lecture's "Two-Layer Feedforward Neural Network" drawn live: where its nodes and edges
 * go (pure geometry, shared by the drawing and the window's hit test), what each edge carries in each
 * lecture phase, and the words the hidden nodes show. Main thread for drawing; the pure parts any thread.
 * Invariants: one hidden layer; edge e of the geometry is parameter e of nn_layout_of (W(1) b(1) W(2) b(2)). */
#ifndef RENDER_VIEW_DIAGRAM_H
#define RENDER_VIEW_DIAGRAM_H

#include <stddef.h>

#include "nn/nn.h"
#include "render/draw.h"
#include "render/lecture.h"
#include "train/snapshot.h"

/* Below this row pitch (logical pixels) the hidden nodes carry no words and the edges no labels. */
#define VIEW_DIAGRAM_LABEL_PITCH 22.0f

/* Where the diagram's nodes go inside a rect (pixels). Row 0 of the input and hidden columns is the
 * bias node "1"; input row j + 1 is x_j, hidden row k + 1 is h_{k+1} (the lecture's 1-based units). */
typedef struct {
    draw_rect area;           /* the nodes and edges */
    int d, n, k;              /* D, N, K */
    int labels;               /* nodes carry their names and values (the hidden rows are tall enough) */
    float s1;                 /* UI scale */
    float in_x, hid_x, out_x; /* column centres */
    float in_y[NN_MAX_IO + 1]; /* (D + 1) row 0 the bias "1" */
    float hid_y0, hid_dy;     /* hidden row r (0 the bias "1") is centred at hid_y0 + r hid_dy */
    float out_y[NN_MAX_IO];   /* (K) */
    float r_node;             /* radius of the input, input bias and output discs */
    float r_bias;             /* radius of the hidden layer's bias disc (it fits its row) */
    float box_w, box_h;       /* a hidden node: a box h_k with e(1)_k | σ | h_k inside */
    float w_max;              /* the widest edge (the largest |quantity|) */
} view_diagram_geom;

/* The geometry of a D → N → K diagram in rect r at UI scale s1; compact: no room for values beside the
 * input and output nodes (the small diagram beside the planes). */
void view_diagram_layout(view_diagram_geom *g, draw_rect r, int d, int n, int k, float s1, int compact);
/* Hidden row r's centre (0 the bias "1", k + 1 unit k). */
static inline float view_diagram_hid_y(const view_diagram_geom *g, int r) { return g->hid_y0 + g->hid_dy * (float)r; }
/* The ends of parameter p's edge: from its source node's right side to its sink's left side. */
void view_diagram_edge(const view_diagram_geom *g, size_t p, float out[4] /* x0, y0, x1, y1 */);
/* The parameter whose edge passes within the larger of its half width and a few pixels of (x, y), nearest
 * first; -1 none. widths (P) the drawn widths, or NULL to use the pick radius alone. */
int view_diagram_pick(const view_diagram_geom *g, const float *widths /* (P) or NULL */, float x, float y);

/* What edges carry. */
typedef enum {
    VIEW_EDGE_W,    /* w */
    VIEW_EDGE_WX,   /* w·x (layer 1), w·h (layer 2): the forward pass's products, 1 for the biases */
    VIEW_EDGE_GRAD, /* ∂L/∂w: the batch's, or the selected token's share */
    VIEW_EDGE_STEP  /* −η ∂L/∂w, 0 where frozen */
} view_edge_kind;

/* What layer 1's (W(1), b(1)) and layer 2's (W(2), b(2)) edges carry in phase p, and whether layer 1
 * is faded (the layer-2 phase: layer 1's gradients are not known yet). */
void view_diagram_kinds(lect_phase p, view_edge_kind *l1, view_edge_kind *l2, int *fade_l1);

/* Each edge's quantity q (P) for token t of s: kinds as view_diagram_kinds gives for phase p; batch: the
 * gradients summed over the tokens (s->grad) instead of t's share. */
void view_diagram_values(const snap *s, const lect_token *t, lect_phase p, int batch, double *q /* (P) */);
/* Edge widths (P) from q: proportional to |q| over the largest |q| among edges of the same kind (layers of
 * one kind share a scale), g->w_max for the largest; an edge with q != 0 gets at least a hairline. */
void view_diagram_widths(const view_diagram_geom *g, const double *q /* (P) */, lect_phase p,
                         float *w /* (P) */);

/* The words in hidden node k for token t: "e 0.59 │ h 0.64", or from the layer-1 phase on "δ −0.0012"
 * (numbers as lect_fmt_num prints them in the equations). Returns what snprintf returns. */
int view_diagram_node_text(const lect_token *t, lect_phase p, int k, char *buf, size_t len);

#endif
