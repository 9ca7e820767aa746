// Crash guard for the terminal (see terminal_guard.c). No system headers here, so the
// module does not clash with Glibc's in Swift.
#ifndef TERMINAL_GUARD_H
#define TERMINAL_GUARD_H

/// Saves the terminal's modes (stdin) as they are now, before curses changes them.
void tg_save_modes(void);
/// Installs handlers for fatal signals that write `reset` to stdout, restore the saved
/// modes and re-raise the signal.
void tg_install(const char *reset);
/// Removes the handlers (after a normal restore).
void tg_remove(void);

#endif
