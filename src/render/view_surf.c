/* view_surf: the surface page's state, layout, buttons and camera (see view_surf.h).
 * Any thread: pure, no SDL calls.
 * Invariants: the layout is the one place the page's parts are placed; drawing and hit tests both read it. */
#include "render/view_surf.h"

#include <math.h>
#include <string.h>

#include "render/view_xform.h"

#define DEG (3.14159265358979323846 / 180.0)
#define AZ0 (-55 * DEG)
#define EL0 (28 * DEG)
#define SIDE_FRAC 0.25f /* of the page for the controls, between SIDE_MIN and SIDE_MAX */
#define SIDE_MIN 210.0f
#define SIDE_MAX 300.0f
#define GAP 8.0f
#define BTN_H 26.0f
#define BTN_GAP 6.0f
#define PROJ_W 108.0f /* a button that holds "orthographic" in bold at the label's size, with its margins */
#define BAR_H 30.0f
#define LAB_L 58.0f /* the z axis' values and name at the left of the box */
#define LAB_R 30.0f
#define LAB_B 40.0f /* the x axes' values and names under it */

void view_surf_reset_camera(view_surf *st)
{
    st->az = AZ0;
    st->el = EL0;
    st->zoom = 1.0;
}

void view_surf_init(view_surf *st)
{
    memset(st, 0, sizeof *st);
    st->kind = VIEW_MAP_YHAT;
    st->persp = 1;
    st->overlay = 1;
    view_surf_reset_camera(st);
}

void view_surf_rotate(view_surf *st, float dx, float dy)
{
    /* dragging right turns the surface right: the camera goes the other way round */
    st->az = fmod(st->az - dx * 0.5 * DEG, 2 * 3.14159265358979323846);
    st->el += dy * 0.5 * DEG;
    if (st->el > VIEW_SURF_EL_MAX) st->el = VIEW_SURF_EL_MAX;
    if (st->el < 0) st->el = 0; /* from below, the floor's values would sit in front of the surface */
}

void view_surf_zoom(view_surf *st, float clicks)
{
    st->zoom *= pow(1.15, clicks);
    if (st->zoom < VIEW_SURF_ZOOM_MIN) st->zoom = VIEW_SURF_ZOOM_MIN;
    if (st->zoom > VIEW_SURF_ZOOM_MAX) st->zoom = VIEW_SURF_ZOOM_MAX;
}

/* n buttons side by side across w from x at row y. */
static void row(draw_rect *b, int n, float x, float y, float w, float h, float gap)
{
    const float bw = (w - (float)(n - 1) * gap) / (float)n;
    for (int i = 0; i < n; i++) b[i] = (draw_rect){floorf(x + (float)i * (bw + gap)), floorf(y), floorf(bw), floorf(h)};
}

void view_surf_layout_of(const draw_rect *page, float s1, int k, int has_target, view_surf_layout *l)
{
    memset(l, 0, sizeof *l);
    const float pad = PANEL_PAD * s1, gap = GAP * s1, bh = BTN_H * s1, bg = BTN_GAP * s1;
    float sw = fminf(fmaxf(SIDE_FRAC * page->w, SIDE_MIN * s1), SIDE_MAX * s1);
    if (sw > page->w / 2) sw = floorf(page->w / 2);
    l->view = (draw_rect){page->x, page->y, floorf(page->w - sw - gap), page->h};
    l->side = (draw_rect){l->view.x + l->view.w + gap, page->y, page->x + page->w - (l->view.x + l->view.w + gap),
                          page->h};
    const float top = l->view.y + (TITLE_H + 8) * s1;
    l->area = (draw_rect){l->view.x + pad + LAB_L * s1, top, l->view.w - 2 * pad - (LAB_L + LAB_R) * s1,
                          l->view.y + l->view.h - pad - LAB_B * s1 - top};
    if (l->area.w < 0) l->area.w = 0;
    if (l->area.h < 0) l->area.h = 0;

    const float x = l->side.x + pad, w = l->side.w - 2 * pad;
    float y = l->side.y + (TITLE_H + 4) * s1;
    draw_rect r3[3];
    if (k > 1) { /* one button per output: ŷ₁, ŷ₂, … (they also choose w_kc of w_kc h_k) */
        const int n = k < VIEW_SURF_OUTPUTS ? k : VIEW_SURF_OUTPUTS;
        draw_rect ro[VIEW_SURF_OUTPUTS];
        row(ro, n, x, y, w, bh, bg);
        for (int c = 0; c < n; c++) l->b[VIEW_SURF_B_OUT0 + c] = ro[c];
    } else {
        row(r3, 3, x, y, w, bh, bg);
        l->b[VIEW_SURF_B_YHAT] = r3[0];
        if (has_target) {
            l->b[VIEW_SURF_B_F] = r3[1];
            l->b[VIEW_SURF_B_RES] = r3[2];
        }
    }
    y += bh + bg;
    row(r3, 3, x, y, w, bh, bg);
    l->b[VIEW_SURF_B_E] = r3[0];
    l->b[VIEW_SURF_B_H] = r3[1];
    l->b[VIEW_SURF_B_WH] = r3[2];
    y += bh + bg;
    const float aw = floorf(bh * 1.3f);
    l->b[VIEW_SURF_B_PREV] = (draw_rect){floorf(x), floorf(y), aw, floorf(bh)};
    l->b[VIEW_SURF_B_NEXT] = (draw_rect){floorf(x + w - aw), floorf(y), aw, floorf(bh)};
    l->unit_label = (draw_rect){floorf(x + aw), floorf(y), floorf(w - 2 * aw), floorf(bh)};
    y += bh + 2 * bg;
    draw_rect r2[2];
    row(r2, 2, x, y, w, bh, bg);
    l->b[VIEW_SURF_B_SHADED] = r2[0];
    l->b[VIEW_SURF_B_WIRE] = r2[1];
    y += bh + bg;
    row(r2, 2, x, y, w, bh, bg);
    if (r2[0].w >= PROJ_W * s1) {
        l->b[VIEW_SURF_B_ORTHO] = r2[0];
        l->b[VIEW_SURF_B_PERSP] = r2[1];
    } else { /* a narrow panel: the two words on rows of their own rather than cut */
        l->b[VIEW_SURF_B_ORTHO] = (draw_rect){floorf(x), floorf(y), floorf(w), floorf(bh)};
        y += bh + bg;
        l->b[VIEW_SURF_B_PERSP] = (draw_rect){floorf(x), floorf(y), floorf(w), floorf(bh)};
    }
    y += bh + bg;
    if (has_target) {
        row(r2, 2, x, y, w, bh, bg);
        l->b[VIEW_SURF_B_OVERLAY] = r2[0];
        l->b[VIEW_SURF_B_RESET] = r2[1];
    } else {
        row(r2, 2, x, y, w, bh, bg);
        l->b[VIEW_SURF_B_RESET] = r2[1];
    }
    y += bh + 2 * bg;
    l->bar = (draw_rect){floorf(x), floorf(y), floorf(w), floorf(BAR_H * s1)};
    y += BAR_H * s1 + bg;
    const float bottom = l->side.y + l->side.h - pad;
    l->text = (draw_rect){floorf(x), floorf(y), floorf(w), floorf(bottom - y > 0 ? bottom - y : 0)};
}

int view_surf_has_target(const snap *s)
{
    return s->d == 2 && s->k == 1 && s->scene && s->scene->target; /* the universal maps' condition */
}

int view_surf_hit(const view_surf_layout *l, float x, float y)
{
    for (int b = 0; b < VIEW_SURF_B_COUNT; b++)
        if (l->b[b].w > 0 && view_in_rect(&l->b[b], x, y)) return b;
    return -1;
}

int view_surf_press(view_surf *st, view_surf_button b, int n_hidden, int k)
{
    const view_surf was = *st;
    switch (b) {
    case VIEW_SURF_B_YHAT: st->kind = VIEW_MAP_YHAT; break;
    case VIEW_SURF_B_F: st->kind = VIEW_MAP_F; break;
    case VIEW_SURF_B_RES: st->kind = VIEW_MAP_RES; break;
    case VIEW_SURF_B_E: st->kind = VIEW_MAP_E; break;
    case VIEW_SURF_B_H: st->kind = VIEW_MAP_H; break;
    case VIEW_SURF_B_WH: st->kind = VIEW_MAP_WH; break;
    case VIEW_SURF_B_PREV:
    case VIEW_SURF_B_NEXT:
        if (n_hidden > 0) {
            const int u = (st->unit < n_hidden ? st->unit : n_hidden - 1) + (b == VIEW_SURF_B_NEXT ? 1 : -1);
            st->unit = (u + n_hidden) % n_hidden;
        }
        break;
    case VIEW_SURF_B_SHADED: st->wire = 0; break;
    case VIEW_SURF_B_WIRE: st->wire = 1; break;
    case VIEW_SURF_B_ORTHO: st->persp = 0; break;
    case VIEW_SURF_B_PERSP: st->persp = 1; break;
    case VIEW_SURF_B_OVERLAY: st->overlay = !st->overlay; break;
    case VIEW_SURF_B_RESET: view_surf_reset_camera(st); break;
    default:
        if (b >= VIEW_SURF_B_OUT0 && b < VIEW_SURF_B_OUT0 + VIEW_SURF_OUTPUTS && (int)(b - VIEW_SURF_B_OUT0) < k) {
            st->out = (int)(b - VIEW_SURF_B_OUT0);
            if (st->kind != VIEW_MAP_WH) st->kind = VIEW_MAP_YHAT; /* w_kc h_k keeps showing, for output c */
        }
        break;
    }
    return memcmp(&was, st, sizeof was) != 0;
}

void view_surf_camera(const view_surf *st, const draw_rect *area, view_surf_cam *cam)
{
    const float H = VIEW_SURF_H, R = sqrtf(2 + H * H), D = 3 * R;
    const float ce = cosf((float)st->el), se = sinf((float)st->el);
    vec3 eye = {D * ce * cosf((float)st->az), D * ce * sinf((float)st->az), D * se};
    vec3 centre = {0, 0, 0}, up = {0, 0, 1};
    glm_lookat(eye, centre, up, cam->view);
    /* both projections map the plane through the box's centre alike: a unit there is a unit of the
     * normalized device coordinates, so switching between them keeps the size */
    if (st->persp)
        glm_perspective(2 * atanf(1 / D), 1, 0.05f, D + 2 * R, cam->proj);
    else
        glm_ortho(-1, 1, -1, 1, 0.05f, D + 2 * R, cam->proj);
    /* the box fits the area whatever the azimuth: the bounds of its corners seen from every 15° around
     * at this elevation, so that turning it does not change its size (tilting it may) */
    float lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    for (int a = 0; a < 24; a++) {
        view_surf turned = *st;
        turned.az = a * 15 * DEG;
        turned.zoom = 1;
        view_surf_cam c;
        const float cz = cosf((float)turned.az), sz = sinf((float)turned.az);
        vec3 e = {D * ce * cz, D * ce * sz, D * se};
        glm_lookat(e, centre, up, c.view);
        glm_mat4_copy(cam->proj, c.proj);
        c.cx = c.cy = 0;
        c.px = 1;
        for (int k = 0; k < 8; k++) {
            const float p[3] = {k & 1 ? 1.0f : -1.0f, k & 2 ? 1.0f : -1.0f, k & 4 ? H : -H};
            float o[3];
            view_surf_project(&c, p, o);
            for (int i = 0; i < 2; i++) {
                lo[i] = fminf(lo[i], o[i]);
                hi[i] = fmaxf(hi[i], o[i]);
            }
        }
    }
    const float bw = fmaxf(hi[0] - lo[0], 1e-3f), bh = fmaxf(hi[1] - lo[1], 1e-3f);
    const float fit = fminf(area->w / bw, area->h / bh);
    cam->px = fit * (float)st->zoom;
    /* the bounds' centre on the area's centre */
    cam->cx = area->x + area->w / 2 - (lo[0] + hi[0]) / 2 * cam->px;
    cam->cy = area->y + area->h / 2 - (lo[1] + hi[1]) / 2 * cam->px;
}

void view_surf_project(const view_surf_cam *cam, const float p[3], float out[3])
{
    vec4 w = {p[0], p[1], p[2], 1}, e, c;
    glm_mat4_mulv((vec4 *)cam->view, w, e);
    glm_mat4_mulv((vec4 *)cam->proj, e, c);
    const float iw = c[3] != 0 ? 1 / c[3] : 0;
    out[0] = cam->cx + c[0] * iw * cam->px;
    out[1] = cam->cy - c[1] * iw * cam->px;
    out[2] = -e[2];
}
