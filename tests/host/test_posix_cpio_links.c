/* sources: servers/posix/fs/vnode.c servers/posix/fs/xattr.c servers/posix/fs/dir.c servers/posix/fs/walk.c servers/posix/fs/pathname.c servers/posix/fs/names.c servers/posix/fs/data.c servers/posix/fs/synth.c servers/posix/fs/pagepool.c servers/posix/fs/cpio.c kernel/lib/string.c */
/* Unit tests of the cpio loader's hard links: names of one (ino, device)
 * with nlink > 1 become one node, whichever name carries the data. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include <asm-generic/errno.h>

#include "lib/string.h"
#include "servers/posix/fs/vfs.h"
#include "servers/posix/fs/cpio.h"

static void clock_fn(struct vfs_time *t)
{
    t->sec = 1000;
    t->nsec = 0;
}

static struct vfs fs;
static int setup(void **state)
{
    (void)state;
    assert_int_equal(vfs_init(&fs, clock_fn, NULL, NULL), 0);
    return 0;
}
static int teardown(void **state)
{
    (void)state;
    vfs_destroy(&fs);
    assert_int_equal(fs.nodes, 0); /* the loader kept no reference */
    return 0;
}

static struct vnode *get(const char *path)
{
    struct vnode *vn = NULL;
    if (vfs_lookup(&fs, fs.root, path, 0, NULL, &vn))
        return NULL;
    vfs_unref(vn);
    return vn;
}

struct ar {
    uint8_t *buf;
    size_t len, cap;
};

static void ar_entry(struct ar *a, const char *name, uint32_t mode, uint32_t ino, uint32_t nlink,
                     const char *data)
{
    size_t namesize = strlen(name) + 1, size = strlen(data);
    if (a->len + 110 + namesize + size + 8 > a->cap) {
        a->cap = (a->cap + 110 + namesize + size) * 2;
        a->buf = realloc(a->buf, a->cap);
        assert_non_null(a->buf);
    }
    int n = snprintf((char *)a->buf + a->len, a->cap - a->len,
                     "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X", ino, mode, 0u,
                     0u, nlink, 500u, size, 8u, 1u, 0u, 0u, namesize, 0u);
    assert_int_equal(n, 110);
    a->len += 110;
    memcpy(a->buf + a->len, name, namesize);
    a->len += namesize;
    while (a->len % 4)
        a->buf[a->len++] = 0;
    memcpy(a->buf + a->len, data, size);
    a->len += size;
    while (a->len % 4)
        a->buf[a->len++] = 0;
}

static int load(struct ar *a, struct cpio_result *res)
{
    ar_entry(a, "TRAILER!!!", 0, 0, 1, "");
    int r = cpio_load(&fs, a->buf, a->len, res);
    free(a->buf);
    memset(a, 0, sizeof *a);
    return r;
}

static void assert_content(const char *path, const char *want)
{
    char buf[64];
    struct vnode *vn = get(path);
    assert_non_null(vn);
    int64_t n = vfs_read(vn, buf, sizeof buf, 0);
    assert_int_equal(n, (int64_t)strlen(want));
    assert_memory_equal(buf, want, strlen(want));
}

/* GNU cpio -H newc: every name but the last has size 0, the last the data. */
static void test_data_with_the_last_name(void **state)
{
    (void)state;
    struct ar a = { 0 };
    struct cpio_result res;
    ar_entry(&a, "bin", VFS_IFDIR | 0755, 1, 2, "");
    ar_entry(&a, "bin/a", VFS_IFREG | 0755, 7, 3, "");
    ar_entry(&a, "bin/b", VFS_IFREG | 0755, 7, 3, "");
    ar_entry(&a, "bin/c", VFS_IFREG | 0755, 7, 3, "hello");
    assert_int_equal(load(&a, &res), 0);
    assert_int_equal(res.files, 1);
    assert_int_equal(res.hardlinks, 2);
    struct vnode *vn = get("/bin/a");
    assert_ptr_equal(get("/bin/b"), vn);
    assert_ptr_equal(get("/bin/c"), vn);
    assert_int_equal(vn->nlink, 3);
    assert_int_equal(vn->mode, VFS_IFREG | 0755);
    assert_content("/bin/a", "hello");
}

/* Other archivers put the data with the first name. */
static void test_data_with_the_first_name(void **state)
{
    (void)state;
    struct ar a = { 0 };
    struct cpio_result res;
    ar_entry(&a, "x", VFS_IFREG | 0644, 9, 2, "data!");
    ar_entry(&a, "y", VFS_IFREG | 0644, 9, 2, "");
    assert_int_equal(load(&a, &res), 0);
    assert_ptr_equal(get("/x"), get("/y"));
    assert_content("/y", "data!");
}

/* Same inode number with nlink 1, or different inode numbers: separate files. */
static void test_not_links(void **state)
{
    (void)state;
    struct ar a = { 0 };
    struct cpio_result res;
    ar_entry(&a, "p", VFS_IFREG | 0644, 4, 1, "one");
    ar_entry(&a, "q", VFS_IFREG | 0644, 4, 1, "two");
    ar_entry(&a, "r", VFS_IFREG | 0644, 5, 2, "three");
    ar_entry(&a, "s", VFS_IFREG | 0644, 6, 2, "four");
    assert_int_equal(load(&a, &res), 0);
    assert_int_equal(res.files, 4);
    assert_int_equal(res.hardlinks, 0);
    assert_content("/p", "one");
    assert_content("/q", "two");
    assert_ptr_not_equal(get("/r"), get("/s"));
    assert_int_equal(get("/r")->nlink, 1);
}

/* Inode numbers belong to one archive: a later archive's same number is a new file. */
static void test_links_do_not_cross_archives(void **state)
{
    (void)state;
    struct ar a = { 0 };
    struct cpio_result res;
    ar_entry(&a, "first", VFS_IFREG | 0644, 3, 2, "old");
    assert_int_equal(load(&a, &res), 0);
    ar_entry(&a, "second", VFS_IFREG | 0644, 3, 2, "new");
    assert_int_equal(load(&a, &res), 0);
    assert_int_equal(res.hardlinks, 0);
    assert_ptr_not_equal(get("/first"), get("/second"));
    assert_content("/first", "old");
    assert_content("/second", "new");
}

/* A later name replaces what was there (a file of an earlier archive). */
static void test_link_replaces_a_file(void **state)
{
    (void)state;
    struct ar a = { 0 };
    struct cpio_result res;
    ar_entry(&a, "old", VFS_IFREG | 0644, 1, 1, "previous");
    assert_int_equal(load(&a, &res), 0);
    ar_entry(&a, "new", VFS_IFREG | 0644, 2, 2, "");
    ar_entry(&a, "old", VFS_IFREG | 0644, 2, 2, "linked");
    assert_int_equal(load(&a, &res), 0);
    assert_ptr_equal(get("/old"), get("/new"));
    assert_content("/new", "linked");
}

/* More hard-linked files than CPIO_LINKS_MAX: ENOMEM with a reason. */
static void test_too_many_linked_files(void **state)
{
    (void)state;
    struct ar a = { 0 };
    struct cpio_result res;
    char name[16];
    for (unsigned i = 0; i <= CPIO_LINKS_MAX; i++) {
        snprintf(name, sizeof name, "f%u", i);
        ar_entry(&a, name, VFS_IFREG | 0644, 100 + i, 2, "");
    }
    assert_int_equal(load(&a, &res), -ENOMEM);
    assert_non_null(res.why);
    assert_string_equal(res.why, "more than CPIO_LINKS_MAX hard-linked files");
    assert_non_null(get("/f0"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_data_with_the_last_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_with_the_first_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_links, setup, teardown),
        cmocka_unit_test_setup_teardown(test_links_do_not_cross_archives, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_replaces_a_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_too_many_linked_files, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
