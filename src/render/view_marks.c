/* view_marks: where the loss plot's marker labels go: marks close together merge into one label per
 * cluster ("η=0.3, reset, a=9.2 +2"), so that no two labels ever print over each other.
 * Any thread: pure functions of their arguments (text widths come from the caller's function).
 * Invariants: labels come out left to right, each at least `gap` from the next, all inside [x0, x1]. */
#include <stdio.h>
#include <string.h>

#include "render/view_fmt.h"

/* What a word sets: "η=" for "η=0.3" (a later value of the same setting replaces it), else the word. */
static size_t key_len(const char *w)
{
    const char *eq = strchr(w, '=');
    return eq ? (size_t)(eq - w) + 1 : strlen(w);
}

static int same_key(const char *a, const char *b)
{
    const size_t la = key_len(a);
    return la == key_len(b) && strncmp(a, b, la) == 0;
}

/* The text of the cluster of marks first..first+count-1: each setting's newest word, in the order the
 * settings first changed, as many as fit in max_w, then "+k" for the marks not named. Its width. */
static float cluster_text(const char (*words)[VIEW_MARK_WORD], int first, int count, float max_w,
                          view_text_width_fn width, void *ctx, char *out)
{
    int named = 0;
    out[0] = '\0';
    for (int i = first; i < first + count; i++) {
        int seen = 0;
        for (int j = first; j < i && !seen; j++) seen = same_key(words[j], words[i]);
        if (seen) continue;
        /* this setting's newest word */
        int newest = i;
        for (int j = i + 1; j < first + count; j++)
            if (same_key(words[j], words[i])) newest = j;
        char next[VIEW_MARK_TEXT + VIEW_MARK_WORD + 4], trial[sizeof next + 16];
        snprintf(next, sizeof next, "%s%s%s", out, named ? ", " : "", words[newest]);
        if (strlen(next) + 12 >= VIEW_MARK_TEXT) break; /* room for " +k" stays */
        const int rest = count - (named + 1); /* marks left unnamed if this is the last name */
        if (rest > 0)
            snprintf(trial, sizeof trial, "%s +%d", next, rest);
        else
            snprintf(trial, sizeof trial, "%s", next);
        if (named > 0 && width(ctx, trial) > max_w) break;
        memcpy(out, next, strlen(next) + 1);
        named++;
    }
    if (named < count) {
        const size_t o = strlen(out);
        snprintf(out + o, VIEW_MARK_TEXT - o, "%s+%d", named ? " " : "", count - named);
    }
    return width(ctx, out);
}

/* Places label c: after its first mark, pulled left to stay inside [x0, x1]. */
static void place(view_mark_label *l, const float *x, float x0, float x1, float pad)
{
    float lx = x[l->first] + pad;
    if (lx + l->w > x1) lx = x1 - l->w;
    l->x = lx < x0 ? x0 : lx;
}

int view_mark_layout(const float *x, const char (*words)[VIEW_MARK_WORD], int n, float x0, float x1, float pad,
                     float gap, float max_w, view_text_width_fn width, void *ctx, view_mark_label *out)
{
    int m = 0;
    /* left to right: a mark whose own label would start before the current label's end (and gap) joins it */
    for (int i = 0; i < n; i++) {
        if (m > 0) {
            view_mark_label *l = &out[m - 1];
            if (x[i] + pad < l->x + l->w + gap) {
                l->count++;
                l->w = cluster_text(words, l->first, l->count, max_w, width, ctx, l->text);
                place(l, x, x0, x1, pad);
                continue;
            }
        }
        view_mark_label *l = &out[m++];
        l->first = i;
        l->count = 1;
        l->w = cluster_text(words, i, 1, max_w, width, ctx, l->text);
        place(l, x, x0, x1, pad);
    }
    /* labels pulled left at the right edge (or grown) can reach their neighbours: merge those until none
     * touches (each merge removes a label, so this ends) */
    for (int c = 0; c + 1 < m;) {
        view_mark_label *a = &out[c], *b = &out[c + 1];
        if (a->x + a->w + gap <= b->x) {
            c++;
            continue;
        }
        a->count += b->count;
        a->w = cluster_text(words, a->first, a->count, max_w, width, ctx, a->text);
        place(a, x, x0, x1, pad);
        memmove(b, b + 1, (size_t)(m - c - 2) * sizeof *b);
        m--;
        c = c > 0 ? c - 1 : 0; /* a grew: it may now reach the one before it */
    }
    /* a label wider than the plot is left out (nothing fits there) */
    int k = 0;
    for (int c = 0; c < m; c++)
        if (out[c].w <= x1 - x0) out[k++] = out[c];
    return k;
}
