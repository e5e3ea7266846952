/* prestart: the trainer thread started on a helper thread, while the main thread opens the window.
 * app_prestart_begin/end: the main thread; the helper runs train_thread_start alone and touches no SDL.
 * Invariants: between begin and end the helper owns p->s and p->t; end joins it (so everything it wrote
 * happens before), and its result is train_thread_start's, exactly as if called on the main thread. */
#ifndef APP_PRESTART_H
#define APP_PRESTART_H

#include <pthread.h>

#include "session/session.h"
#include "train/trainer.h"

typedef struct {
    session *s;       /* (heap) the session the trainer starts from; kept until app_prestart_free */
    train_thread *t;  /* the trainer, NULL on failure (err says why) */
    char err[512];
    pthread_t th;
    int running;      /* the helper thread was started and not yet joined */
} app_prestart;

/* Copies s (with `speed` in place of its speed when speed > 0) and starts the trainer from it on a helper
 * thread; where no thread can be made, app_prestart_end starts it itself. */
void app_prestart_begin(app_prestart *p, const session *s, double speed);
/* Waits for the helper; the trainer (the caller's to stop) or NULL with err filled. */
train_thread *app_prestart_end(app_prestart *p, char *err, int errlen);
/* Frees the session copy (after end; a trainer not taken by end's caller is stopped too). */
void app_prestart_free(app_prestart *p);

#endif
