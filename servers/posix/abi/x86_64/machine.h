/* The Linux x86_64 ABI's constants (see abi/abi.h). */
#ifndef POSIX_ABI_X86_64_MACHINE_H
#define POSIX_ABI_X86_64_MACHINE_H

#define ABI_MACHINE     "x86_64" /* uname -m */
#define ABI_ELF_MACHINE 62       /* EM_X86_64 */
#define ABI_ELF_NGREG   27       /* user_regs_struct's words */
#define ABI_ELF_FPREGS_SIZE 512  /* user_i387_struct: the fxsave image */

/* clone(flags, newsp, parent_tid, child_tid, tls): argument indexes. */
#define ABI_CLONE_CTID 3
#define ABI_CLONE_TLS  4

/* The signal frame (abi/x86_64/sigframe.h): struct rt_sigframe's bytes, the
   fxsave image above it, and the most a frame spans with its alignment. */
#define SIGFRAME_SIZE     440
#define SIGFRAME_EXT_SIZE 512
#define SIGFRAME_MAX_SIZE (SIGFRAME_SIZE + 16 + 64 + SIGFRAME_EXT_SIZE)

#endif
