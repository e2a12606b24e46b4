/* The helper programs of tests/native-helpers/, embedded in the test binary
   by the Makefile like an app's children (calyx/child.h): HELPER(name)
   declares one, and HELPER_IMAGE / HELPER_SIZE give its ELF image for
   process_create. */
#ifndef TESTS_NATIVE_HELPERS_H
#define TESTS_NATIVE_HELPERS_H

#include <calyx/child.h>

#define HELPER(name) CX_CHILD(name)
#define HELPER_IMAGE(name) CX_CHILD_IMAGE(name)
#define HELPER_SIZE(name) CX_CHILD_SIZE(name)

#endif
