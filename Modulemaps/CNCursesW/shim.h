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

#endif
