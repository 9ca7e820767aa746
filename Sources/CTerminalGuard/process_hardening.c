// See include/process_hardening.h.
#include <sys/prctl.h>
#include <sys/resource.h>
#include "process_hardening.h"

int ph_set_dumpable(int value) { return prctl(PR_SET_DUMPABLE, (unsigned long)value, 0UL, 0UL, 0UL); }

int ph_get_dumpable(void) { return prctl(PR_GET_DUMPABLE, 0UL, 0UL, 0UL, 0UL); }

int ph_forbid_core_files(void) {
    struct rlimit none = {0, 0};
    return setrlimit(RLIMIT_CORE, &none);
}

int ph_core_limit(unsigned long long *soft, unsigned long long *hard) {
    struct rlimit r;
    if (getrlimit(RLIMIT_CORE, &r) != 0) return -1;
    *soft = (unsigned long long)r.rlim_cur;
    *hard = (unsigned long long)r.rlim_max;
    return 0;
}
