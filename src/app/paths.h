/* paths: where the app's data lives (the assets directory) and fresh names for the files it writes.
 * Any thread (reads the environment and the file system; keeps no state).
 * Invariants: an assets directory holds PATHS_MARKER; a timestamped name is free when it is returned. */
#ifndef APP_PATHS_H
#define APP_PATHS_H

#include <stddef.h>
#include <time.h>

#define PATHS_ENV "BPL_ASSETS"
#define PATHS_MARKER "fonts/DejaVuSans.ttf" /* relative to the assets directory */

/* The assets directory (fonts/, presets/): $BPL_ASSETS when set and not empty (then it alone, so a
 * wrong value is reported, not papered over), else the installed data directory, else the source
 * tree's assets/ (a binary run from its build tree). 0 ok with out = the directory, without a
 * trailing '/'; -1 with err = what was looked for and every path tried. */
int paths_assets(char *out, size_t len, char *err, size_t errlen);
/* The same search over explicit candidates: env (NULL or "" when unset), installed, source. */
int paths_assets_from(const char *env, const char *installed, const char *source, char *out, size_t len,
                      char *err, size_t errlen);

#define PATHS_PRESETS_MAX 32 /* preset files listed at the most */
#define PATHS_PRESET_NAME 48 /* bytes of a preset's name, with its NUL */

/* The preset files of an assets directory: the names (without ".ini") of the .ini files in dir/presets, sorted,
 * names too long for PATHS_PRESET_NAME left out. Returns how many (0 when there is no such folder). */
int paths_presets(const char *assets, char names[][PATHS_PRESET_NAME], int max);

/* A name for a new file: dir/prefix-YYYY-MM-DD-HHMMSS.ext from the local time now, or with -2, -3, ...
 * before the '.' when that name is taken (e.g. ./backprop-lab-2026-11-26-134501.ini). ext without
 * its dot. 0 ok; -1 when out is too small or 999 names are taken. Nothing is created: the name is
 * known to be free only at the moment of the call. */
int paths_timestamped(char *out, size_t len, const char *dir, const char *prefix, const char *ext);
/* The same for the time t. */
int paths_timestamped_at(char *out, size_t len, const char *dir, const char *prefix, const char *ext, time_t t);

#endif
