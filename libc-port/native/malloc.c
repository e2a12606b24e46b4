/* malloc and friends for native programs: one global heap (calyx/heap.h)
   over anonymous cx_mmap memory. */
#include <calyx/heap.h>
#include <calyx/native.h>

static void *pages_get(size_t len)
{
    uint64_t err;
    void *p = cx_map(NULL, len, CX_PROT_READ | CX_PROT_WRITE, CX_MAP_PRIVATE | CX_MAP_ANONYMOUS,
                     CX_CAP_NULL, 0, &err);
    return p;
}

static void pages_put(void *addr, size_t len)
{
    cx_munmap(addr, len);
}

static const struct malloc_page_source cx_pages = {pages_get, pages_put};

static void default_abort(const char *reason)
{
    cx_printf("malloc: %s\n", reason);
    cx_exit(134);
}

static struct heap global_heap;
static int heap_ready;
static int heap_used;
static const struct malloc_page_source *page_source = &cx_pages;
static void (*abort_hook)(const char *) = default_abort;

static struct heap *heap(void)
{
    if (!heap_ready) {
        heap_init(&global_heap, page_source, abort_hook);
        heap_ready = 1;
    }
    heap_used = 1;
    return &global_heap;
}

void *malloc(size_t size) { return heap_alloc(heap(), size); }
void free(void *ptr) { heap_free(heap(), ptr); }
void *calloc(size_t n, size_t size) { return heap_calloc(heap(), n, size); }
void *realloc(void *ptr, size_t size) { return heap_realloc(heap(), ptr, size); }
size_t malloc_usable_size(void *ptr) { return heap_usable_size(heap(), ptr); }

int malloc_set_page_source(const struct malloc_page_source *src)
{
    if (heap_used)
        return -1;
    page_source = src;
    heap_ready = 0;
    return 0;
}

void malloc_set_abort_hook(void (*hook)(const char *reason))
{
    abort_hook = hook ? hook : default_abort;
    global_heap.abort = abort_hook;
}

void malloc_get_stats(struct malloc_stats *out)
{
    *out = global_heap.stats;
}
