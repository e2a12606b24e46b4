/* Copies in and out of a client's address space (see client.h). */
#include "posix.h"
#include "client.h"
#include "proc.h"
#include "string.h"

/* Most bytes asked of the kernel at once (its own limit). */
#define CLIENT_CHUNK CX_PROCESS_VM_MAX

/* Inside user space (calyx/arch.h): anything above is a bad pointer. */
static int range_ok(uint64_t addr, size_t len)
{
    return addr < CX_USER_TOP && len <= CX_USER_TOP - addr;
}

int client_read(struct proc *p, uint64_t addr, void *buf, size_t len)
{
    if (!range_ok(addr, len))
        return -EFAULT;
    uint8_t *out = buf;
    while (len) {
        size_t n = len < CLIENT_CHUNK ? len : CLIENT_CHUNK;
        uint64_t r = cx_process_vm_read(p->cap, addr, out, n);
        if (CX_IS_ERR(r) || r == 0 || r > n)
            return -EFAULT;
        addr += r, out += r, len -= r;
    }
    return 0;
}

int client_write(struct proc *p, uint64_t addr, const void *buf, size_t len)
{
    if (!range_ok(addr, len))
        return -EFAULT;
    const uint8_t *in = buf;
    while (len) {
        size_t n = len < CLIENT_CHUNK ? len : CLIENT_CHUNK;
        uint64_t r = cx_process_vm_write(p->cap, addr, in, n);
        if (CX_IS_ERR(r) || r == 0 || r > n)
            return -EFAULT;
        addr += r, in += r, len -= r;
    }
    return 0;
}

/* One page of the client's at a time, until one cannot be reached. */
static size_t move_pages(struct proc *p, uint64_t addr, void *rbuf, const void *wbuf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        uint64_t at = addr + done;
        size_t n = CX_PAGE_SIZE - (size_t)(at & (CX_PAGE_SIZE - 1));
        if (n > len - done)
            n = len - done;
        int r = rbuf ? client_read(p, at, (uint8_t *)rbuf + done, n)
                     : client_write(p, at, (const uint8_t *)wbuf + done, n);
        if (r < 0)
            break;
        done += n;
    }
    return done;
}

size_t client_read_partial(struct proc *p, uint64_t addr, void *buf, size_t len)
{
    return move_pages(p, addr, buf, NULL, len);
}

size_t client_write_partial(struct proc *p, uint64_t addr, const void *buf, size_t len)
{
    return move_pages(p, addr, NULL, buf, len);
}

/* Strings are read in pieces that never cross a page, so a string ending
   just before an unmapped page reads fine. */
long client_string(struct proc *p, uint64_t addr, char *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        uint64_t a = addr + got;
        if (!range_ok(a, 1))
            return -EFAULT;
        size_t n = CX_PAGE_SIZE - (a & (CX_PAGE_SIZE - 1));
        if (n > size - got)
            n = size - got;
        uint64_t r = cx_process_vm_read(p->cap, a, buf + got, n);
        if (CX_IS_ERR(r) || r == 0 || r > n)
            return -EFAULT;
        for (size_t i = 0; i < r; i++)
            if (buf[got + i] == '\0')
                return (long)(got + i);
        got += r;
    }
    return -ENAMETOOLONG;
}

int client_read_u32(struct proc *p, uint64_t addr, uint32_t *v)
{
    return client_read(p, addr, v, sizeof *v);
}

int client_write_u32(struct proc *p, uint64_t addr, uint32_t v)
{
    return client_write(p, addr, &v, sizeof v);
}

int client_write_u64(struct proc *p, uint64_t addr, uint64_t v)
{
    return client_write(p, addr, &v, sizeof v);
}

int client_cmpxchg_u32(struct proc *p, uint64_t addr, uint32_t expected, uint32_t desired,
                       uint32_t *old)
{
    uint64_t r = cx_process_vm_cmpxchg32(p->cap, addr, expected, desired);
    if (CX_IS_ERR(r))
        return -EFAULT;
    *old = (uint32_t)r;
    return 0;
}

long client_iovecs(struct proc *p, uint64_t addr, uint64_t cnt, struct uiovec *v, size_t *total)
{
    if (cnt && client_read(p, addr, v, cnt * sizeof *v) < 0)
        return -EFAULT;
    size_t sum = 0;
    for (uint64_t i = 0; i < cnt; i++) {
        if (v[i].len > (uint64_t)INT64_MAX - sum)
            return -EINVAL;
        sum += v[i].len;
    }
    *total = sum;
    return 0;
}
