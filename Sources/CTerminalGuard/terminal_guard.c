// If the process dies of a fatal signal (a Swift trap is SIGILL or SIGTRAP; also SIGSEGV,
// SIGBUS, SIGFPE, SIGABRT) while curses owns the terminal, the handler puts the terminal
// back (main screen, visible cursor, plain attributes, the saved line modes) and re-raises
// the signal, so the exit status and any core dump stay as they would be. C with static
// storage, so the handler only makes async-signal-safe calls.
#include "terminal_guard.h"

#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_modes;
static int have_modes = 0;
static char reset_bytes[256];
static size_t reset_count = 0;
static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT };
// 64 KiB: well above MINSIGSTKSZ; the handler needs a few hundred bytes.
static char alternate_stack[64 * 1024];
static int have_alternate_stack = 0;

void tg_save_modes(void) {
    have_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
}

static void crash_handler(int sig) {
    if (reset_count > 0) {
        ssize_t ignored = write(STDOUT_FILENO, reset_bytes, reset_count);
        (void)ignored;
    }
    if (have_modes) tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
    signal(sig, SIG_DFL);
    raise(sig);
}

void tg_install(const char *reset) {
    size_t n = reset ? strlen(reset) : 0;
    if (n >= sizeof(reset_bytes)) n = sizeof(reset_bytes) - 1;
    if (n > 0) memcpy(reset_bytes, reset, n);
    reset_count = n;
    if (!have_alternate_stack) {
        stack_t stack;
        memset(&stack, 0, sizeof(stack));
        stack.ss_sp = alternate_stack;
        stack.ss_size = sizeof(alternate_stack);
        have_alternate_stack = sigaltstack(&stack, NULL) == 0;
    }
    for (unsigned i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++) {
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = crash_handler;
        action.sa_flags = SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        sigaction(fatal_signals[i], &action, NULL);
    }
}

void tg_remove(void) {
    for (unsigned i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++) signal(fatal_signals[i], SIG_DFL);
    reset_count = 0;
    have_modes = 0;
}
