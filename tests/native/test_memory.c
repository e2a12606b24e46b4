/* Memory: mmap, munmap and mprotect of anonymous memory and of memory
   objects, memory objects made from the memory pool, and read/write on them. */
#include "tap.h"

#define ERR(code) CX_MKERR(code)
#define PAGE 4096ul
#define RW (CX_PROT_READ | CX_PROT_WRITE)
#define ANON (CX_MAP_PRIVATE | CX_MAP_ANONYMOUS)

static cx_cap_t con, pool;

static char *map_anon(size_t len, cx_prot_t prot)
{
    uint64_t a = cx_mmap(0, len, prot, ANON, CX_CAP_NULL, 0);
    return CX_IS_ERR(a) ? 0 : (char *)(uintptr_t)a;
}

static int filled(const char *p, size_t n, char c)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != c)
            return 0;
    return 1;
}

static int same(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static void anonymous(void)
{
    char *p = map_anon(2 * PAGE, RW);
    CHECK("mmap: anonymous memory at a page-aligned address", p && ((uintptr_t)p & (PAGE - 1)) == 0);
    CHECK("mmap: anonymous memory starts zeroed", p && filled(p, 2 * PAGE, 0));
    for (size_t i = 0; p && i < 2 * PAGE; i++)
        p[i] = (char)(i * 7);
    int ok = p != 0;
    for (size_t i = 0; p && i < 2 * PAGE; i++)
        ok &= p[i] == (char)(i * 7);
    CHECK("mmap: written bytes read back", ok);
    if (p) {
        const char msg[] = "# written from mapped memory\n";
        for (size_t i = 0; i < sizeof msg; i++)
            p[PAGE - 4 + i] = msg[i];
    }
    CHECK("write: console from a buffer crossing two mapped pages",
          p && cx_write(con, p + PAGE - 4, 29, 0) == 29);
    CHECK("munmap: success", cx_munmap(p, 2 * PAGE) == 0);
    CHECK("write: from unmapped memory is InvalidAddress",
          cx_write(con, p, 1, 0) == ERR(CX_ERR_INVALID_ADDRESS));
    CHECK("munmap: nothing mapped is NotFound", cx_munmap(p, 2 * PAGE) == ERR(CX_ERR_NOT_FOUND));

    void *want = (void *)0x300000000000ul;
    CHECK("mmap: a free hint is used", cx_mmap(want, PAGE, RW, ANON, CX_CAP_NULL, 0) == (uintptr_t)want);
    uint64_t moved = cx_mmap(want, PAGE, RW, ANON, CX_CAP_NULL, 0);
    CHECK("mmap: a taken hint moves the mapping", !CX_IS_ERR(moved) && moved != (uintptr_t)want);
    CHECK("mmap: FIXED over a mapping is AlreadyExists",
          cx_mmap(want, PAGE, RW, ANON | CX_MAP_FIXED, CX_CAP_NULL, 0) == ERR(CX_ERR_ALREADY_EXISTS));
    char *fixed = (char *)want + 16 * PAGE;
    CHECK("mmap: FIXED|POPULATE maps exactly at addr",
          cx_mmap(fixed, PAGE, RW, ANON | CX_MAP_FIXED | CX_MAP_POPULATE, CX_CAP_NULL, 0) == (uintptr_t)fixed &&
          (fixed[0] = 5) == 5);
    CHECK("munmap: a range only partly mapped succeeds",
          cx_munmap(want, 32 * PAGE) == 0 && cx_munmap((void *)(uintptr_t)moved, PAGE) == 0 &&
          cx_write(con, fixed, 1, 0) == ERR(CX_ERR_INVALID_ADDRESS));
}

static void bad_arguments(void)
{
    void *hint = (void *)0x310000000000ul;
    CHECK("mmap: length 0 is InvalidParameter", cx_mmap(0, 0, RW, ANON, 0, 0) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("mmap: unknown flag bits are InvalidParameter",
          cx_mmap(0, PAGE, RW, ANON | 0x100, 0, 0) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("mmap: unknown prot bits are InvalidParameter",
          cx_mmap(0, PAGE, 0x8, ANON, 0, 0) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("mmap: neither PRIVATE nor SHARED is InvalidParameter",
          cx_mmap(0, PAGE, RW, CX_MAP_ANONYMOUS, 0, 0) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("mmap: both PRIVATE and SHARED is InvalidParameter",
          cx_mmap(0, PAGE, RW, ANON | CX_MAP_SHARED, 0, 0) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("mmap: unaligned FIXED addr is InvalidParameter",
          cx_mmap((char *)hint + 1, PAGE, RW, ANON | CX_MAP_FIXED, 0, 0) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("mmap: anonymous with a capability or an offset is InvalidParameter",
          cx_mmap(0, PAGE, RW, ANON, con, 0) == ERR(CX_ERR_INVALID_PARAMETER) &&
          cx_mmap(0, PAGE, RW, ANON, 0, PAGE) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("mmap: FIXED outside user space is InvalidAddress",
          cx_mmap((void *)0x7FFFFFFFF000ul, 2 * PAGE, RW, ANON | CX_MAP_FIXED, 0, 0) == ERR(CX_ERR_INVALID_ADDRESS) &&
          cx_mmap((void *)0, PAGE, RW, ANON | CX_MAP_FIXED, 0, 0) == ERR(CX_ERR_INVALID_ADDRESS) &&
          cx_mmap((void *)0xFFFF800000000000ul, PAGE, RW, ANON | CX_MAP_FIXED, 0, 0) == ERR(CX_ERR_INVALID_ADDRESS));
    CHECK("mmap: larger than the address space is ResourceExhausted",
          cx_mmap(0, 1ul << 47, RW, ANON, 0, 0) == ERR(CX_ERR_RESOURCE_EXHAUSTED));
    CHECK("mmap: WRITE and EXEC together is PermissionDenied (W^X)",
          cx_mmap(0, PAGE, CX_PROT_READ | CX_PROT_WRITE | CX_PROT_EXEC, ANON, 0, 0) ==
              ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("munmap: unaligned addr or length 0 is InvalidParameter",
          cx_munmap((char *)hint + 8, PAGE) == ERR(CX_ERR_INVALID_PARAMETER) &&
          cx_munmap(hint, 0) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("munmap: outside user space is InvalidAddress",
          cx_munmap((void *)0xFFFF800000000000ul, PAGE) == ERR(CX_ERR_INVALID_ADDRESS));
    CHECK("mprotect: unaligned, length 0 or unknown prot bits is InvalidParameter",
          cx_mprotect((char *)hint + 8, PAGE, CX_PROT_READ) == ERR(CX_ERR_INVALID_PARAMETER) &&
          cx_mprotect(hint, 0, CX_PROT_READ) == ERR(CX_ERR_INVALID_PARAMETER) &&
          cx_mprotect(hint, PAGE, 0x10) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("mprotect: outside user space is InvalidAddress",
          cx_mprotect((void *)0x7FFFFFFFF000ul, 2 * PAGE, CX_PROT_READ) == ERR(CX_ERR_INVALID_ADDRESS));
    CHECK("mprotect: unmapped range is NotFound", cx_mprotect(hint, PAGE, CX_PROT_READ) == ERR(CX_ERR_NOT_FOUND));
}

static void out_of_memory(void)
{
    CHECK("mmap: 1 GiB on a small machine is OutOfMemory",
          cx_mmap(0, 1ul << 30, RW, ANON, 0, 0) == ERR(CX_ERR_OUT_OF_MEMORY));
    char *p = map_anon(PAGE, RW);
    CHECK("mmap: a small map still works after OutOfMemory", p && (p[0] = 1) == 1 && cx_munmap(p, PAGE) == 0);
}

static void protection(cx_cap_t mem)
{
    char *p = map_anon(3 * PAGE, RW);
    if (p)
        p[PAGE] = 'x';
    CHECK("mprotect: read-only succeeds", p && cx_mprotect(p + PAGE, PAGE, CX_PROT_READ) == 0);
    CHECK("read: into a read-only page is InvalidAddress",
          cx_read(mem, p + PAGE, 4, 0) == ERR(CX_ERR_INVALID_ADDRESS));
    CHECK("read: pages beside it stay writable", cx_read(mem, p, 4, 0) == 4 && cx_read(mem, p + 2 * PAGE, 4, 0) == 4);
    CHECK("write: from a read-only page works", cx_write(mem, p + PAGE, 1, 0) == 1);
    CHECK("mprotect: PROT_NONE makes pages inaccessible",
          cx_mprotect(p + PAGE, PAGE, CX_PROT_NONE) == 0 && cx_write(mem, p + PAGE, 1, 0) == ERR(CX_ERR_INVALID_ADDRESS));
    CHECK("mprotect: back to read-write keeps the contents",
          cx_mprotect(p, 3 * PAGE, RW) == 0 && p[PAGE] == 'x' && cx_read(mem, p + PAGE, 4, 0) == 4);
    CHECK("mprotect: WRITE and EXEC together is PermissionDenied (W^X)",
          cx_mprotect(p, PAGE, CX_PROT_READ | CX_PROT_WRITE | CX_PROT_EXEC) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("mprotect: a range with a hole is NotFound",
          cx_mprotect(p, 4 * PAGE, CX_PROT_READ) == ERR(CX_ERR_NOT_FOUND));
    CHECK("munmap: the middle page of a mapping (split)",
          cx_munmap(p + PAGE, PAGE) == 0 && cx_write(mem, p + PAGE, 1, 0) == ERR(CX_ERR_INVALID_ADDRESS) &&
          cx_write(mem, p, 1, 0) == 1 && cx_write(mem, p + 2 * PAGE, 1, 0) == 1);
    CHECK("munmap: both halves", cx_munmap(p, 3 * PAGE) == 0 && cx_write(mem, p, 1, 0) == ERR(CX_ERR_INVALID_ADDRESS));
}

static void memory_objects(void)
{
    const size_t size = 3 * PAGE - 100; /* rounded up to 3 pages */
    const cx_rights_t all = CX_RIGHT_READ | CX_RIGHT_WRITE | CX_RIGHT_GRANT | CX_RIGHT_DERIVE;
    uint64_t mem = cx_capability_create(CX_OBJ_MEMORY, size, all, pool);
    CHECK("capability_create: a memory object from the pool", !CX_IS_ERR(mem));
    CHECK("capability_create: size 0 or unknown rights bits is InvalidParameter",
          cx_capability_create(CX_OBJ_MEMORY, 0, all, pool) == ERR(CX_ERR_INVALID_PARAMETER) &&
          cx_capability_create(CX_OBJ_MEMORY, PAGE, 0x100, pool) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("capability_create: more memory than there is is OutOfMemory",
          cx_capability_create(CX_OBJ_MEMORY, 1ul << 30, all, pool) == ERR(CX_ERR_OUT_OF_MEMORY));

    char buf[16] = { 0 };
    CHECK("write: memory object at an offset", cx_write(mem, "hello", 5, 5000) == 5);
    CHECK("read: memory object at an offset", cx_read(mem, buf, 5, 5000) == 5 && same(buf, "hello", 5));
    CHECK("read: a new object is zeroed", cx_read(mem, buf, 8, 100) == 8 && filled(buf, 8, 0));
    CHECK("read: offset past the end is InvalidParameter",
          cx_read(mem, buf, 1, 3 * PAGE + 1) == ERR(CX_ERR_INVALID_PARAMETER) &&
          cx_write(mem, buf, 1, 3 * PAGE + 1) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("read/write: crossing the end is cut at the end",
          cx_write(mem, "abcdefgh", 8, 3 * PAGE - 3) == 3 && cx_read(mem, buf, 16, 3 * PAGE - 3) == 3 &&
          same(buf, "abc", 3) && cx_read(mem, buf, 16, 3 * PAGE) == 0);
    CHECK("read/write: bad buffer is InvalidAddress",
          cx_read(mem, (void *)0x1000, 4, 0) == ERR(CX_ERR_INVALID_ADDRESS) &&
          cx_write(mem, (void *)0x1000, 4, 0) == ERR(CX_ERR_INVALID_ADDRESS));
    CHECK("read/write: the pool is NotSupported",
          cx_read(pool, buf, 1, 0) == ERR(CX_ERR_NOT_SUPPORTED) &&
          cx_write(pool, buf, 1, 0) == ERR(CX_ERR_NOT_SUPPORTED));

    uint64_t ro = cx_capability_create(CX_OBJ_MEMORY, PAGE, CX_RIGHT_READ, pool);
    CHECK("write: memory object without WRITE is PermissionDenied",
          !CX_IS_ERR(ro) && cx_write(ro, "x", 1, 0) == ERR(CX_ERR_PERMISSION_DENIED) && cx_read(ro, buf, 1, 0) == 1);
    uint64_t wo = cx_capability_create(CX_OBJ_MEMORY, PAGE, CX_RIGHT_WRITE, pool);
    CHECK("read: memory object without READ is PermissionDenied",
          !CX_IS_ERR(wo) && cx_read(wo, buf, 1, 0) == ERR(CX_ERR_PERMISSION_DENIED));

    uint64_t derived = cx_capability_derive(mem, CX_RIGHT_READ);
    CHECK("read: derived read-only capability reads",
          !CX_IS_ERR(derived) && cx_read(derived, buf, 5, 5000) == 5 && same(buf, "hello", 5));
    CHECK("write: derived read-only capability is PermissionDenied",
          cx_write(derived, "x", 1, 0) == ERR(CX_ERR_PERMISSION_DENIED));

    /* Two shared mappings of one object: the same frames. */
    uint64_t a = cx_mmap(0, 3 * PAGE, RW, CX_MAP_SHARED, mem, 0);
    uint64_t b = cx_mmap(0, 2 * PAGE, CX_PROT_READ, CX_MAP_SHARED, mem, PAGE);
    CHECK("mmap: a memory object SHARED twice", !CX_IS_ERR(a) && !CX_IS_ERR(b) && a != b);
    char *pa = (char *)(uintptr_t)a, *pb = (char *)(uintptr_t)b;
    CHECK("mmap: shared mapping shows what write put there", same(pa + 5000, "hello", 5));
    if (!CX_IS_ERR(a) && !CX_IS_ERR(b))
        pa[PAGE + 42] = 'Z';
    CHECK("mmap: a store through one mapping appears in the other", pb[42] == 'Z');
    CHECK("read: sees stores made through a mapping", cx_read(mem, buf, 1, PAGE + 42) == 1 && buf[0] == 'Z');

    uint64_t priv = cx_mmap(0, PAGE, RW, CX_MAP_PRIVATE, mem, PAGE);
    char *pp = (char *)(uintptr_t)priv;
    if (!CX_IS_ERR(priv))
        pa[PAGE + 43] = 'Y';
    CHECK("mmap: PRIVATE mapping of an object shows its pages until it writes them, then its copy",
          !CX_IS_ERR(priv) && pp[42] == 'Z' && pp[43] == 'Y' && (pp[42] = 'p') == 'p' && pb[42] == 'Z' &&
          (pa[PAGE + 44] = 'X') == 'X' && pp[44] == 0);

    CHECK("mmap: PROT_WRITE SHARED without WRITE is PermissionDenied",
          cx_mmap(0, PAGE, RW, CX_MAP_SHARED, ro, 0) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("mmap: PROT_EXEC without EXEC is PermissionDenied",
          cx_mmap(0, PAGE, CX_PROT_READ | CX_PROT_EXEC, CX_MAP_SHARED, mem, 0) == ERR(CX_ERR_PERMISSION_DENIED));
    uint64_t r = cx_mmap(0, PAGE, CX_PROT_READ, CX_MAP_SHARED, ro, 0);
    CHECK("mmap: read-only SHARED with a READ capability works", !CX_IS_ERR(r));
    CHECK("mprotect: beyond the mapping capability's rights is PermissionDenied",
          cx_mprotect((void *)(uintptr_t)r, PAGE, RW) == ERR(CX_ERR_PERMISSION_DENIED) &&
          cx_mprotect((void *)(uintptr_t)r, PAGE, CX_PROT_NONE) == 0 && cx_munmap((void *)(uintptr_t)r, PAGE) == 0);
    CHECK("mmap: beyond the largest object or an unaligned offset is InvalidParameter",
          cx_mmap(0, PAGE, CX_PROT_READ, CX_MAP_PRIVATE, mem, CX_MEMORY_OBJECT_MAX) == ERR(CX_ERR_INVALID_PARAMETER) &&
          cx_mmap(0, PAGE, CX_PROT_READ, CX_MAP_SHARED, mem, 100) == ERR(CX_ERR_INVALID_PARAMETER) &&
          cx_mmap(0, PAGE, CX_PROT_READ, CX_MAP_SHARED, mem, CX_MEMORY_OBJECT_MAX) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("mmap: a capability that is not memory is InvalidCapability",
          cx_mmap(0, PAGE, CX_PROT_READ, CX_MAP_SHARED, con, 0) == ERR(CX_ERR_INVALID_CAPABILITY) &&
          cx_mmap(0, PAGE, CX_PROT_READ, CX_MAP_SHARED, 12345, 0) == ERR(CX_ERR_INVALID_CAPABILITY));
    CHECK("mmap: the pool is NotSupported",
          cx_mmap(0, PAGE, CX_PROT_READ, CX_MAP_SHARED, pool, 0) == ERR(CX_ERR_NOT_SUPPORTED));
    CHECK("munmap: one shared mapping leaves the other",
          cx_munmap(pa, 3 * PAGE) == 0 && pb[42] == 'Z' && cx_munmap(pb, 2 * PAGE) == 0 && cx_munmap(pp, PAGE) == 0);

    protection((cx_cap_t)mem);
}

/* Shareable objects are sparse and resizable (memory_resize, memory_pages):
   what a page cache keeps a file's pages in. */
static void sparse_objects(void)
{
    struct cx_memory_info before, after;
    cx_memory_info(&before);
    uint64_t mem = cx_capability_create(CX_OBJ_MEMORY, 64 * PAGE, CX_RIGHTS_ALL, pool);
    cx_memory_info(&after);
    CHECK("capability_create: a shareable object takes no frames until touched",
          !CX_IS_ERR(mem) && before.free_pages - after.free_pages < 8 &&
          cx_memory_pages(mem, CX_PAGES_RESIDENT, 0, 64) == 0);
    char buf[8];
    CHECK("memory_pages: a write gives its page a frame; reads of others see zeros",
          cx_write(mem, "data", 4, 5 * PAGE + 10) == 4 && cx_memory_pages(mem, CX_PAGES_RESIDENT, 0, 64) == 1 &&
          cx_read(mem, buf, 8, 7 * PAGE) == 8 && filled(buf, 8, 0) &&
          cx_memory_pages(mem, CX_PAGES_RESIDENT, 0, 64) == 1);
    CHECK("memory_pages: NEXT_RESIDENT and NEXT_ABSENT find data and holes",
          cx_memory_pages(mem, CX_PAGES_NEXT_RESIDENT, 0, 64) == 5 &&
          cx_memory_pages(mem, CX_PAGES_NEXT_ABSENT, 5, 59) == 6 &&
          cx_memory_pages(mem, CX_PAGES_NEXT_RESIDENT, 6, 58) == 64 &&
          cx_memory_pages(mem, CX_PAGES_NEXT_RESIDENT, 6, 1000) == 64);
    uint64_t m = cx_mmap(0, 8 * PAGE, RW, CX_MAP_SHARED, mem, 0);
    char *p = (char *)(uintptr_t)m;
    CHECK("mmap: a shared mapping gives a page its frame at the first touch",
          !CX_IS_ERR(m) && p[PAGE] == 0 && cx_memory_pages(mem, CX_PAGES_RESIDENT, 0, 64) == 2 &&
          (p[2 * PAGE] = 'w') == 'w' && cx_read(mem, buf, 1, 2 * PAGE) == 1 && buf[0] == 'w' &&
          same(p + 5 * PAGE + 10, "data", 4));
    CHECK("read: into a shared mapping's untouched page works (the kernel touches it)",
          cx_read(mem, p + 3 * PAGE, 4, 5 * PAGE + 10) == 4 && same(p + 3 * PAGE, "data", 4));
    CHECK("memory_pages: DISCARD takes frames away; the mapping then reads zeros",
          cx_memory_pages(mem, CX_PAGES_DISCARD, 2, 1) == 1 && p[2 * PAGE] == 0 &&
          cx_memory_pages(mem, CX_PAGES_RESIDENT, 2, 1) == 1);
    CHECK("memory_pages: COMMIT fills the holes of a range and counts them",
          cx_memory_pages(mem, CX_PAGES_COMMIT, 0, 8) == 4 && cx_memory_pages(mem, CX_PAGES_RESIDENT, 0, 8) == 8 &&
          cx_memory_pages(mem, CX_PAGES_COMMIT, 0, 8) == 0);
    CHECK("memory_resize: shrinking zeroes the tail of the last page and frees the rest",
          cx_memory_resize(mem, 5 * PAGE + 12) == 0 && cx_memory_pages(mem, CX_PAGES_RESIDENT, 0, 64) == 6 &&
          cx_read(mem, buf, 8, 5 * PAGE + 10) == 2 && same(buf, "da", 2) && p[5 * PAGE + 12] == 0 &&
          cx_write(mem, "x", 1, 6 * PAGE) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("memory_resize: growing again reads zeros where the cut pages were",
          cx_memory_resize(mem, 8 * PAGE) == 0 && p[6 * PAGE] == 0 && p[5 * PAGE + 12] == 0 &&
          cx_memory_resize(mem, 0) == 0 && cx_memory_pages(mem, CX_PAGES_RESIDENT, 0, 64) == 0);
    CHECK("memory_resize: past CX_MEMORY_OBJECT_MAX is OutOfMemory; the pool and read-only capabilities are refused",
          cx_memory_resize(mem, CX_MEMORY_OBJECT_MAX + 1) == ERR(CX_ERR_OUT_OF_MEMORY) &&
          cx_memory_resize(pool, PAGE) == ERR(CX_ERR_NOT_SUPPORTED) &&
          cx_memory_resize(cx_capability_derive(mem, CX_RIGHT_READ), PAGE) == ERR(CX_ERR_PERMISSION_DENIED) &&
          cx_memory_pages(mem, 99, 0, 1) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("munmap: a mapping past its object's end goes like any other",
          cx_munmap(p, 8 * PAGE) == 0 && cx_capability_revoke(mem) == 0);
}

int main(void)
{
    con = cx_start_caps[0];
    pool = cx_start_ncaps > 1 ? cx_start_caps[1] : CX_CAP_NULL;
    tap_plan(76);
    anonymous();
    bad_arguments();
    out_of_memory();
    memory_objects();
    sparse_objects();
    cx_printf("# %d checks\n", tap_count);
    return tap_done();
}
