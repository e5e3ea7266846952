#!/bin/sh
# Without a display the window says so, suggests --headless and exits with status 1, whichever
# way SDL finds out: its fallback to an invisible driver, or a driver that cannot start.
exe=$1
for driver in "" x11; do
    out=$(env -u DISPLAY -u WAYLAND_DISPLAY XDG_RUNTIME_DIR=/nonexistent SDL_VIDEODRIVER="$driver" "$exe" 2>&1)
    rc=$?
    if [ "$rc" -ne 1 ]; then
        echo "SDL_VIDEODRIVER='$driver': exit status $rc, expected 1"
        exit 1
    fi
    case $out in
    *"cannot open a window"*--headless*) ;;
    *) echo "SDL_VIDEODRIVER='$driver': no message suggesting --headless in: $out"; exit 1 ;;
    esac
done
echo "ok: no display gives status 1 and suggests --headless"
