/* view_math: the lecture's indexed names typeset as on its slides: "w(1)_kj" is w with a smaller raised (1)
 * and a smaller lowered kj stacked under it. Parsing is pure (any thread); measuring and drawing go through a
 * view_frame (main thread: SDL_ttf). Invariants: the plain text is kept byte for byte, only the markup
 * ("_", "_{", "^{", "}") is dropped; a string without markup draws exactly as view_text draws it. */
#include "render/view_math.h"

#include <stdio.h>
#include <string.h>

#define SCRIPT_SIZE 0.7f /* a script's size, of the base's */
#define SUP_TOP -0.12f   /* a superscript's line box top, in base line heights from the base's top */
#define SUB_TOP 0.42f    /* a subscript's */

/* A combining mark U+0300..U+036F (w̄'s bar) is UTF-8 0xCC 0x80.. or 0xCD ..0xAF: its letter may take a
 * superscript like a plain letter. */
static int after_letter(const char *s, int at)
{
    if (at <= 0) return 0;
    const unsigned char c = (unsigned char)s[at - 1];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return 1;
    return at >= 2 && c >= 0x80 && c <= 0xBF && ((unsigned char)s[at - 2] == 0xCC || (unsigned char)s[at - 2] == 0xCD);
}

static int is_index(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ','; }

static int add(view_math_run *runs, int n, int cap, int start, int len, int level)
{
    if (len <= 0) return n;
    if (n > 0 && runs[n - 1].level == level && runs[n - 1].start + runs[n - 1].len == start) {
        runs[n - 1].len += len; /* plain text on either side of nothing: one run */
        return n;
    }
    if (n < cap) runs[n] = (view_math_run){start, len, level};
    return n + 1;
}

int view_math_runs(const char *s, view_math_run *runs, int cap)
{
    int n = 0, plain = 0, i = 0;
    const int len = (int)strlen(s);
    while (i < len) {
        int level = 0, a = 0, b = 0, next = 0;
        if ((s[i] == '_' || s[i] == '^') && s[i + 1] == '{') {
            const char *close = strchr(s + i + 2, '}');
            if (close) level = s[i] == '_' ? -1 : 1, a = i + 2, b = (int)(close - s), next = b + 1;
        } else if (s[i] == '_' && is_index((unsigned char)s[i + 1]) && s[i + 1] != ',') {
            int j = i + 1;
            /* a comma joins two indices ("12,0"); one before a space ends the name ("w(1)_10, component") */
            while (j < len && is_index((unsigned char)s[j]) && (s[j] != ',' || is_index((unsigned char)s[j + 1]))) j++;
            level = -1, a = i + 1, b = j, next = j;
        } else if (s[i] == '(' && after_letter(s, i) && s[i + 1] >= '0' && s[i + 1] <= '9') {
            int j = i + 1;
            while (j < len && s[j] >= '0' && s[j] <= '9') j++;
            if (s[j] == ')') level = 1, a = i, b = j + 1, next = j + 1;
        }
        if (!level) {
            i++;
            continue;
        }
        n = add(runs, n, cap, plain, i - plain, 0);
        n = add(runs, n, cap, a, b - a, level);
        plain = i = next;
    }
    return add(runs, n, cap, plain, len - plain, 0);
}

/* The runs of s laid out from x = 0: each run's x, its top offset from the base line box's top, its size.
 * Returns the total advance. A subscript right after a superscript stands under it (w⁽¹⁾ₖⱼ as on the slides). */
typedef struct {
    view_math_run r;
    float x, dy, size, w;
} placed;

#define MATH_MAX_RUNS 48

static float lay_out(view_frame *f, text_face face, float size, const char *s, placed *p, int *np)
{
    view_math_run runs[MATH_MAX_RUNS];
    int n = view_math_runs(s, runs, MATH_MAX_RUNS);
    if (n > MATH_MAX_RUNS) n = MATH_MAX_RUNS;
    const float lh = (float)text_line_height(f->tc, face, size);
    float x = 0, sup_x = 0, sup_w = 0;
    int prev_sup = 0;
    char part[256];
    for (int i = 0; i < n; i++) {
        const view_math_run r = runs[i];
        const int m = r.len < (int)sizeof part - 1 ? r.len : (int)sizeof part - 1;
        memcpy(part, s + r.start, (size_t)m);
        part[m] = 0;
        const float sz = r.level ? size * SCRIPT_SIZE : size;
        const float w = (float)view_text_w(f, face, sz, part);
        float at = x;
        if (r.level < 0 && prev_sup) {
            at = sup_x; /* under the superscript: the wider of the two sets the advance */
            x = sup_x + (w > sup_w ? w : sup_w);
        } else {
            x += w;
        }
        p[i] = (placed){r, at, r.level > 0 ? SUP_TOP * lh : r.level < 0 ? SUB_TOP * lh : 0.0f, sz, w};
        prev_sup = r.level > 0;
        if (prev_sup) sup_x = at, sup_w = w;
    }
    *np = n;
    return x;
}

float view_math_w(view_frame *f, text_face face, float size, const char *s)
{
    placed p[MATH_MAX_RUNS];
    int n;
    return lay_out(f, face, size, s, p, &n);
}

float view_math(view_frame *f, text_face face, float size, const char *s, float x, float y, int align, SDL_Color c)
{
    placed p[MATH_MAX_RUNS];
    int n;
    const float w = lay_out(f, face, size, s, p, &n);
    const float lh = (float)text_line_height(f->tc, face, size);
    const float x0 = (align & TEXT_RIGHT) ? x - w : (align & TEXT_CENTER) ? x - w / 2 : x;
    const float top = (align & TEXT_BOTTOM) ? y - lh : (align & TEXT_MIDDLE) ? y - lh / 2 : y;
    char part[256];
    for (int i = 0; i < n; i++) {
        const int m = p[i].r.len < (int)sizeof part - 1 ? p[i].r.len : (int)sizeof part - 1;
        memcpy(part, s + p[i].r.start, (size_t)m);
        part[m] = 0;
        view_text(f, face, p[i].size, part, x0 + p[i].x, top + p[i].dy, TEXT_LEFT | TEXT_TOP, c);
    }
    return w;
}

void view_math_fit(view_frame *f, text_face face, float size, const char *s, float avail, char *out, size_t len)
{
    snprintf(out, len, "%s", s);
    if (view_math_w(f, face, size, out) <= avail) return;
    size_t n = strlen(out);
    while (n > 0) {
        do n--; while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80);
        while (n > 0 && out[n - 1] == ' ') n--;
        if (n + 4 > len) continue;
        memcpy(out + n, "\xe2\x80\xa6", 4);
        if (view_math_w(f, face, size, out) <= avail) return;
    }
    out[0] = 0;
}

float view_math_title(view_frame *f, const draw_rect *p, const char *longer, const char *shorter, float reserve)
{
    const float avail = p->w - 2 * PANEL_PAD * f->s1 - reserve;
    char buf[256];
    const char *s = view_math_w(f, TEXT_BOLD, FONT_TITLE, longer) <= avail ? longer : shorter;
    view_math_fit(f, TEXT_BOLD, FONT_TITLE, s, avail, buf, sizeof buf);
    const float w = view_math(f, TEXT_BOLD, FONT_TITLE, buf, p->x + PANEL_PAD * f->s1, p->y + 5 * f->s1,
                              TEXT_LEFT | TEXT_TOP, f->pal->text);
    return p->x + PANEL_PAD * f->s1 + w;
}
