/* prestart: the trainer thread started on a helper thread, while the main thread opens the window.
 * app_prestart_begin/end: the main thread; the helper runs train_thread_start alone and touches no SDL.
 * Invariants: between begin and end the helper owns p->s and p->t; end joins it (so everything it wrote
 * happens before), and its result is train_thread_start's, exactly as if called on the main thread. */
#include "app/prestart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* DESIGN: starting the trainer builds its core and history and fills three snapshots (λ_max of the
 * first weights, hundreds of milliseconds at 1024 tokens × 64 units, comes later from the trainer
 * thread itself). Loading OpenGL, making the window and opening the fonts take as long on the main
 * thread, and neither needs the other: on two cores they run side by side. */
static void *helper(void *arg)
{
    app_prestart *p = arg;
    p->t = train_thread_start(p->s, p->err, (int)sizeof p->err);
    return NULL;
}

void app_prestart_begin(app_prestart *p, const session *s, double speed)
{
    memset(p, 0, sizeof *p);
    p->s = malloc(sizeof *p->s);
    if (!p->s) {
        snprintf(p->err, sizeof p->err, "out of memory");
        return;
    }
    *p->s = *s;
    if (speed > 0)
        p->s->speed = speed;
    p->running = pthread_create(&p->th, NULL, helper, p) == 0;
}

train_thread *app_prestart_end(app_prestart *p, char *err, int errlen)
{
    if (p->running) {
        pthread_join(p->th, NULL);
        p->running = 0;
    } else if (p->s && !p->t) { /* no helper thread: here, as before */
        p->t = train_thread_start(p->s, p->err, (int)sizeof p->err);
    }
    train_thread *t = p->t;
    p->t = NULL;
    if (!t)
        snprintf(err, (size_t)errlen, "%s", p->err);
    return t;
}

void app_prestart_free(app_prestart *p)
{
    if (p->running) {
        pthread_join(p->th, NULL);
        p->running = 0;
    }
    train_thread_stop(p->t); /* NULL once end handed it over */
    p->t = NULL;
    free(p->s);
    p->s = NULL;
}
