// Shim for the wide-character ncurses API (libncursesw + libtinfo).
// The wide API (cchar_t, wget_wch, mvaddwstr, setcchar) is only declared when
// _XOPEN_SOURCE_EXTENDED is defined BEFORE curses.h is included.
#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <wchar.h>
#include <stdio.h>
#include <ncursesw/curses.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

// C globals and function-like macros do not import cleanly into Swift 6:
// accessor functions instead.
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }
static inline int cnc_colors(void) { return COLORS; }
static inline chtype cnc_color_pair(int n) { return COLOR_PAIR(n); }
static inline attr_t cnc_a_bold(void) { return A_BOLD; }
static inline attr_t cnc_a_reverse(void) { return A_REVERSE; }
static inline attr_t cnc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cnc_a_dim(void) { return A_DIM; }
static inline attr_t cnc_a_normal(void) { return A_NORMAL; }
static inline int cnc_key_resize(void) { return KEY_RESIZE; }
static inline int cnc_err(void) { return ERR; }
static inline int cnc_ok(void) { return OK; }
static inline int cnc_key_code_yes(void) { return KEY_CODE_YES; }

// ACS line-drawing characters are entries of a runtime table (acs_map), so macros.
static inline chtype cnc_acs_hline(void) { return ACS_HLINE; }
static inline chtype cnc_acs_vline(void) { return ACS_VLINE; }
static inline chtype cnc_acs_ulcorner(void) { return ACS_ULCORNER; }
static inline chtype cnc_acs_urcorner(void) { return ACS_URCORNER; }
static inline chtype cnc_acs_llcorner(void) { return ACS_LLCORNER; }
static inline chtype cnc_acs_lrcorner(void) { return ACS_LRCORNER; }

/// Display width of a wide character in the current locale (-1 if unknown).
static inline int cnc_wcwidth(wchar_t c) { return wcwidth(c); }

/// Draw a NUL-terminated wide string at (y, x) with attributes; returns ERR/OK.
static inline int cnc_mvaddwstr_attr(int y, int x, const wchar_t *s, attr_t attrs, short pair) {
    attr_t oldAttrs; short oldPair;
    wattr_get(stdscr, &oldAttrs, &oldPair, NULL);
    wattr_set(stdscr, attrs, pair, NULL);
    int rc = mvaddwstr(y, x, s);
    wattr_set(stdscr, oldAttrs, oldPair, NULL);
    return rc;
}

// Crash guard: if the process dies of a fatal signal (a Swift trap is SIGILL or SIGTRAP;
// also SIGSEGV, SIGBUS, SIGFPE, SIGABRT) while curses owns the terminal, the handler puts the
// terminal back (main screen, visible cursor, plain attributes, the saved line modes) and
// re-raises the signal so the exit status and core dump stay the same. Written in C with
// static storage so the handler only touches async-signal-safe calls.
struct cnc_guard_state {
    struct termios modes;
    int have_modes;
    char reset[256];
    size_t reset_count;
};

// Function-local static storage: file-scope statics in a module's header are not emitted
// by Swift's C importer, statics inside inline functions are.
static inline struct cnc_guard_state *cnc_guard(void) {
    static struct cnc_guard_state state;
    return &state;
}

/// Saves the terminal's modes as they are before curses changes them.
static inline void cnc_save_modes(void) {
    struct cnc_guard_state *g = cnc_guard();
    g->have_modes = tcgetattr(STDIN_FILENO, &g->modes) == 0;
}

static inline void cnc_crash_handler(int sig) {
    struct cnc_guard_state *g = cnc_guard();
    if (g->reset_count > 0) { ssize_t ignored = write(STDOUT_FILENO, g->reset, g->reset_count); (void)ignored; }
    if (g->have_modes) tcsetattr(STDIN_FILENO, TCSANOW, &g->modes);
    signal(sig, SIG_DFL);
    raise(sig);
}

/// Installs the handler; `reset` is what to write first (the terminal's rmcup, cnorm, sgr0).
static inline void cnc_install_crash_guard(const char *reset) {
    struct cnc_guard_state *g = cnc_guard();
    size_t n = reset ? strlen(reset) : 0;
    if (n >= sizeof(g->reset)) n = sizeof(g->reset) - 1;
    memcpy(g->reset, reset, n);
    g->reset_count = n;
    int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT };
    for (unsigned i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) {
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = cnc_crash_handler;
        sigemptyset(&action.sa_mask);
        sigaction(fatal[i], &action, NULL);
    }
}

/// Removes the handlers again (after a normal restore).
static inline void cnc_remove_crash_guard(void) {
    int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT };
    for (unsigned i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) signal(fatal[i], SIG_DFL);
    cnc_guard()->reset_count = 0;
    cnc_guard()->have_modes = 0;
}

#endif
