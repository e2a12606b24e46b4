/* Unpredictable bytes (AT_RANDOM, and anything else that must not be guessed). */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include <stddef.h>

void random_bytes(void *buf, size_t n);

#endif
