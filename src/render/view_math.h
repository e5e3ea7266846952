/* view_math: names with indices typeset as the lecture writes them: w(1)_kj as w, a raised smaller (1) and a
 * lowered smaller kj under it. Parsing is pure (any thread); measuring and drawing use a view_frame (main
 * thread). Invariants: only the markup is dropped from the text; text without markup draws as view_text. */
#ifndef RENDER_VIEW_MATH_H
#define RENDER_VIEW_MATH_H

#include "render/view_panel.h"

/* The markup, in the notation the program already prints (lesson_ledger_name's "w(1)_10"):
 *   (digits) right after a letter (or a letter with a combining bar, w̄)  ->  superscript, parentheses kept
 *   _ followed by letters, digits and commas                             ->  subscript of that run
 *   _{...} and ^{...}                                                    ->  subscript, superscript of ...
 * Anything else is plain text. */
typedef struct {
    int start, len; /* bytes of the source string */
    int level;      /* 0 plain, 1 superscript, -1 subscript */
} view_math_run;

/* The runs of s in order; returns their count (runs past cap are counted, not written). */
int view_math_runs(const char *s, view_math_run *runs, int cap);
/* Width in pixels of s typeset. */
float view_math_w(view_frame *f, text_face face, float size, const char *s);
/* Draws s typeset, anchored like view_text (the line box is the base size's); returns its width. */
float view_math(view_frame *f, text_face face, float size, const char *s, float x, float y, int align, SDL_Color c);
/* s, or its longest prefix followed by "…" that is at most avail pixels wide typeset (as view_fit_text). */
void view_math_fit(view_frame *f, text_face face, float size, const char *s, float avail, char *out, size_t len);
/* A panel's title typeset (as view_title): the long form, else the short, else the short cut with "…". */
float view_math_title(view_frame *f, const draw_rect *p, const char *longer, const char *shorter, float reserve);

#endif
