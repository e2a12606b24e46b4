/* Native program entry: rsp points at argc (System V initial stack). */
    .text
    .global _start
_start:
    xorl %ebp, %ebp          /* outermost frame: ends backtraces */
    movq %rsp, %rdi
    andq $-16, %rsp
    call __cx_start
    ud2
