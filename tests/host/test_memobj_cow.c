/* sources: kernel/memobj.c kernel/object.c */
/* Unit tests for the frame sharing behind copy-on-write (kernel/memobj.c):
   memobj_create_cow shares frames and counts them, memobj_own_page copies a
   shared frame and leaves a lone one alone, refuses to eat the kernel's
   reserve, and every frame is freed exactly when its last object lets go.
   Shareable objects are sparse (a page has a frame once filled), resizable
   (set_size keeps what stays, zeroes past the end, frees the rest), commit
   and discard ranges, and can be the source of a copy-on-write object.
   The physical allocator is a fake: frames are host pages, addressed so that
   phys_to_virt (PHYS_MAP_BASE + pa, wrapping) lands on them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "memobj.h"
#include "pmm.h"
#include "usercopy.h"
#include "cspace.h"
#include "mmu.h"

/* --- fakes -------------------------------------------------------------------- */

void *kmalloc(size_t size) { return calloc(1, size ? size : 1); }
void kfree(void *p) { free(p); }

#define FRAMES 64
static void *frame_mem[FRAMES];
static struct page frame_meta[FRAMES];
static int frame_used[FRAMES];
static size_t free_frames = FRAMES;
static long fail_after = -1;

static uint64_t pa_of(int i) { return (uint64_t)(uintptr_t)frame_mem[i] - PHYS_MAP_BASE; }

static int index_of(uint64_t pa)
{
    for (int i = 0; i < FRAMES; i++)
        if (frame_mem[i] && pa_of(i) == pa)
            return i;
    fail_msg("unknown frame %#llx", (unsigned long long)pa);
    return -1;
}

uint64_t pmm_alloc(void)
{
    if (fail_after == 0)
        return 0;
    if (fail_after > 0)
        fail_after--;
    for (int i = 0; i < FRAMES; i++)
        if (!frame_used[i]) {
            frame_used[i] = 1;
            free_frames--;
            frame_meta[i] = (struct page){ 0, 0 };
            memset(frame_mem[i], 0, PAGE_SIZE);
            return pa_of(i);
        }
    return 0;
}

void pmm_free(uint64_t pa)
{
    int i = index_of(pa);
    assert_true(frame_used[i]); /* never freed twice */
    frame_used[i] = 0;
    free_frames++;
}

struct page *pmm_page(uint64_t pa) { return &frame_meta[index_of(pa)]; }
size_t pmm_free_pages(void) { return free_frames + MEMOBJ_RESERVE_PAGES; /* the test's frames are above the reserve */ }
size_t pmm_total_pages(void) { return FRAMES + MEMOBJ_RESERVE_PAGES; }

/* memobj.c's capability and user-copy paths are not under test here. */
struct thread *current_thread(void) { return NULL; }
cx_cap_t cspace_derive(struct cspace *cs, struct cap_slot *parent, struct kobject *obj, uint32_t rights)
{ (void)cs; (void)parent; (void)obj; (void)rights; return 0; }
uint64_t cspace_lookup(struct cspace *cs, cx_cap_t token, uint32_t type, uint32_t rights, struct cap_slot **out)
{ (void)cs; (void)token; (void)type; (void)rights; (void)out; return CX_MKERR(CX_ERR_INVALID_CAPABILITY); }
int copy_from_user(struct vmspace *vs, void *dst, uint64_t src, size_t n) { (void)vs; (void)dst; (void)src; (void)n; return -1; }
int copy_to_user(struct vmspace *vs, uint64_t dst, const void *src, size_t n) { (void)vs; (void)dst; (void)src; (void)n; return -1; }
int user_writable(struct vmspace *vs, uint64_t addr, size_t n) { (void)vs; (void)addr; (void)n; return 0; }
int user_readable(struct vmspace *vs, uint64_t addr, size_t n) { (void)vs; (void)addr; (void)n; return 0; }

static int setup(void **state)
{
    (void)state;
    for (int i = 0; i < FRAMES; i++) {
        if (!frame_mem[i])
            frame_mem[i] = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
        frame_used[i] = 0;
    }
    free_frames = FRAMES;
    fail_after = -1;
    return 0;
}

static char *bytes(const struct memobj *m, size_t page) { return phys_to_virt(m->frames[page]); }

/* An anonymous object of n pages, every one touched (frames come at the first touch). */
static struct memobj *touched_anon(size_t n)
{
    struct memobj *m = memobj_create(n, MEMOBJ_ANON);
    assert_non_null(m);
    assert_int_equal(memobj_commit(m, 0, n), n);
    return m;
}

/* --- tests -------------------------------------------------------------------- */

static void cow_shares_frames_and_counts_them(void **state)
{
    (void)state;
    struct memobj *a = touched_anon(4);
    assert_non_null(a);
    assert_int_equal(free_frames, FRAMES - 4);
    struct memobj *b = memobj_create_cow(a, 1, 3); /* pages 1..3 of a */
    assert_non_null(b);
    assert_int_equal(free_frames, FRAMES - 4); /* no frame allocated */
    assert_true(b->flags & MEMOBJ_ANON);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(b->frames[i], a->frames[i + 1]);
    assert_false(memobj_page_shared(a, 0));
    assert_true(memobj_page_shared(a, 1));
    assert_true(memobj_page_shared(b, 0));
    kobject_put(&a->obj); /* page 0 goes; pages 1..3 stay with b */
    assert_int_equal(free_frames, FRAMES - 3);
    assert_false(memobj_page_shared(b, 0)); /* b is their only user now */
    kobject_put(&b->obj);
    assert_int_equal(free_frames, FRAMES);
}

static void own_page_copies_a_shared_frame(void **state)
{
    (void)state;
    struct memobj *a = touched_anon(1);
    strcpy(bytes(a, 0), "before");
    struct memobj *b = memobj_create_cow(a, 0, 1);
    uint64_t shared = a->frames[0];
    assert_int_equal(memobj_own_page(b, 0), 0);
    assert_int_not_equal(b->frames[0], shared);
    assert_int_equal(a->frames[0], shared);
    assert_string_equal(bytes(b, 0), "before"); /* a copy of the contents */
    strcpy(bytes(b, 0), "after");
    assert_string_equal(bytes(a, 0), "before");
    assert_false(memobj_page_shared(a, 0));
    assert_false(memobj_page_shared(b, 0));
    assert_int_equal(free_frames, FRAMES - 2);
    /* a's frame is its own again: owning it changes nothing. */
    assert_int_equal(memobj_own_page(a, 0), 0);
    assert_int_equal(a->frames[0], shared);
    assert_int_equal(free_frames, FRAMES - 2);
    kobject_put(&a->obj);
    kobject_put(&b->obj);
    assert_int_equal(free_frames, FRAMES);
}

static void three_sharers_free_on_the_last(void **state)
{
    (void)state;
    struct memobj *a = touched_anon(2);
    struct memobj *b = memobj_create_cow(a, 0, 2);
    struct memobj *c = memobj_create_cow(b, 0, 2); /* a fork of a fork */
    assert_int_equal(pmm_page(a->frames[0])->refs, 3);
    assert_int_equal(memobj_own_page(b, 0), 0);
    assert_int_equal(pmm_page(a->frames[0])->refs, 2);
    memobj_release_pages(a, 0, 2); /* munmap in a */
    assert_int_equal(free_frames, FRAMES - 3);
    kobject_put(&c->obj);
    assert_int_equal(free_frames, FRAMES - 2); /* c held the last of a's page 0 */
    kobject_put(&a->obj);
    kobject_put(&b->obj);
    assert_int_equal(free_frames, FRAMES);
}

static void own_page_without_memory_fails_and_changes_nothing(void **state)
{
    (void)state;
    struct memobj *a = touched_anon(1);
    struct memobj *b = memobj_create_cow(a, 0, 1);
    fail_after = 0;
    assert_int_equal(memobj_own_page(b, 0), -1);
    assert_int_equal(b->frames[0], a->frames[0]);
    assert_int_equal(pmm_page(a->frames[0])->refs, 2);
    fail_after = -1;
    /* Down to the kernel's reserve: refused before allocating. */
    size_t keep = free_frames;
    free_frames = 0;
    assert_int_equal(memobj_own_page(b, 0), -1);
    free_frames = keep;
    kobject_put(&a->obj);
    kobject_put(&b->obj);
    assert_int_equal(free_frames, FRAMES);
}

static void sparse_object_fills_pages_on_demand(void **state)
{
    (void)state;
    struct memobj *m = memobj_create(8, 0);
    assert_non_null(m);
    assert_int_equal(free_frames, FRAMES); /* no frame yet */
    uint64_t f = memobj_fill_page(m, 3);
    assert_int_not_equal(f, 0);
    assert_int_equal(memobj_fill_page(m, 3), f); /* filled once */
    assert_int_equal(free_frames, FRAMES - 1);
    assert_int_equal(memobj_count_resident(m, 0, 8), 1);
    assert_int_equal(memobj_count_resident(m, 4, 100), 0);
    assert_int_equal(memobj_next_page(m, 0, 8, 1), 3);
    assert_int_equal(memobj_next_page(m, 3, 5, 0), 4);
    assert_int_equal(memobj_next_page(m, 4, 100, 1), 8); /* none: the clipped end */
    char buf[16];
    memset(buf, 'x', sizeof buf);
    assert_int_equal(memobj_read_kernel(m, buf, sizeof buf, PAGE_SIZE), sizeof buf);
    for (size_t i = 0; i < sizeof buf; i++)
        assert_int_equal(buf[i], 0); /* a page without a frame reads as zeros */
    kobject_put(&m->obj);
    assert_int_equal(free_frames, FRAMES);
}

static void set_size_keeps_zeroes_and_frees(void **state)
{
    (void)state;
    struct memobj *m = memobj_create(4, 0);
    for (size_t i = 0; i < 4; i++)
        memset(phys_to_virt(memobj_fill_page(m, i)), 'x', PAGE_SIZE);
    assert_int_equal(memobj_set_size(m, 2 * PAGE_SIZE + 10), 0);
    assert_int_equal(m->npages, 3);
    assert_int_equal(m->resident, 3);
    assert_int_equal(free_frames, FRAMES - 3);
    assert_int_equal(bytes(m, 2)[9], 'x');
    assert_int_equal(bytes(m, 2)[10], 0);          /* past the end: zeroed */
    assert_int_equal(bytes(m, 2)[PAGE_SIZE - 1], 0);
    assert_int_equal(memobj_set_size(m, 5 * PAGE_SIZE), 0); /* grows without frames */
    assert_int_equal(m->npages, 5);
    assert_int_equal(m->resident, 3);
    assert_int_equal(memobj_frame(m, 4), 0);
    assert_int_equal(bytes(m, 0)[0], 'x');
    assert_int_equal(memobj_set_size(m, 0), 0);
    assert_int_equal(m->npages, 0);
    assert_int_equal(m->resident, 0);
    assert_int_equal(free_frames, FRAMES);
    assert_int_equal(memobj_set_size(m, (uint64_t)MEMOBJ_MAX_PAGES * PAGE_SIZE + 1), -1);
    kobject_put(&m->obj);
}

static void commit_and_discard_ranges(void **state)
{
    (void)state;
    struct memobj *m = memobj_create(6, 0);
    assert_int_equal(memobj_commit(m, 0, 4), 4);
    assert_int_equal(memobj_commit(m, 0, 4), 0);
    assert_int_equal(memobj_discard(m, 1, 2), 2);
    assert_int_equal(m->resident, 2);
    assert_int_equal(free_frames, FRAMES - 2);
    fail_after = 1; /* memory runs out partway: what was filled stays */
    assert_int_equal(memobj_commit(m, 1, 5), SIZE_MAX);
    fail_after = -1;
    assert_int_equal(m->resident, 3);
    assert_int_equal(memobj_discard(m, 0, 100), 3); /* clipped to the object */
    assert_int_equal(free_frames, FRAMES);
    kobject_put(&m->obj);
}

static void cow_of_a_shareable_object(void **state)
{
    (void)state;
    struct memobj *file = memobj_create(3, 0);
    memset(phys_to_virt(memobj_fill_page(file, 0)), 'a', PAGE_SIZE);
    struct memobj *priv = memobj_create_cow(file, 0, 4); /* one page past the end */
    assert_non_null(priv);
    assert_int_equal(priv->frames[0], file->frames[0]);
    assert_int_equal(pmm_page(file->frames[0])->refs, 2);
    assert_int_equal(priv->frames[1], 0); /* a hole stays one */
    assert_int_equal(priv->frames[3], 0);
    uint64_t shared = file->frames[0];
    assert_int_equal(memobj_discard(file, 0, 1), 1); /* the file lets go; the copy keeps it */
    assert_int_equal(pmm_page(shared)->refs, 1);
    assert_int_equal(bytes(priv, 0)[5], 'a');
    kobject_put(&file->obj);
    kobject_put(&priv->obj);
    assert_int_equal(free_frames, FRAMES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(cow_shares_frames_and_counts_them, setup),
        cmocka_unit_test_setup(own_page_copies_a_shared_frame, setup),
        cmocka_unit_test_setup(three_sharers_free_on_the_last, setup),
        cmocka_unit_test_setup(own_page_without_memory_fails_and_changes_nothing, setup),
        cmocka_unit_test_setup(sparse_object_fills_pages_on_demand, setup),
        cmocka_unit_test_setup(set_size_keeps_zeroes_and_frees, setup),
        cmocka_unit_test_setup(commit_and_discard_ranges, setup),
        cmocka_unit_test_setup(cow_of_a_shareable_object, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
