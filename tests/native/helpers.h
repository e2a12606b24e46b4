/* The helper programs of tests/native-helpers/, embedded in the test binary
   by the Makefile like an app's children (calyx/child.h): HELPER(name)
   declares one, and HELPER_IMAGE / HELPER_SIZE give its ELF image for
   process_create. ROOT_POOL is the authority process_create needs: the
   memory pool, which every test gets as the root task (calyx/start.h). */
#ifndef TESTS_NATIVE_HELPERS_H
#define TESTS_NATIVE_HELPERS_H

#include <calyx/child.h>
#include <calyx/native.h>
#include <calyx/start.h>

#define HELPER(name) CX_CHILD(name)
#define HELPER_IMAGE(name) CX_CHILD_IMAGE(name)
#define HELPER_SIZE(name) CX_CHILD_SIZE(name)
#define ROOT_POOL (cx_start_caps[CX_START_CAP_POOL])

#endif
