/* futex_ops.h: the futex operation numbers of the Linux ABI. musl-gcc does
 * not see the kernel's <linux/futex.h>, so the tests name them here. */
#ifndef FUTEX_OPS_H
#define FUTEX_OPS_H

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)

#endif
