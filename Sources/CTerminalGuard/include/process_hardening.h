// prctl(2) is variadic in C, so Swift cannot call it, and the rlimit resource type differs
// between C library builds; these wrap the calls kiosk mode needs (see ProcessHardening.swift). No system headers here, like terminal_guard.h.
#ifndef PROCESS_HARDENING_H
#define PROCESS_HARDENING_H

/// prctl(PR_SET_DUMPABLE, value): 0 forbids core dumps and ptrace by other users. Returns
/// 0 or -1 (errno set).
int ph_set_dumpable(int value);
/// prctl(PR_GET_DUMPABLE): 1 when dumpable, 0 when not, -1 on error.
int ph_get_dumpable(void);

/// setrlimit(RLIMIT_CORE, {0, 0}): no core file of any size. Returns 0 or -1 (errno set).
int ph_forbid_core_files(void);
/// The RLIMIT_CORE limits now in force; returns 0 or -1.
int ph_core_limit(unsigned long long *soft, unsigned long long *hard);

#endif
