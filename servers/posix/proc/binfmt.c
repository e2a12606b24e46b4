/* What execve runs (see binfmt.h). */
#include "posix.h"
#include "binfmt.h"
#include "execargs.h"
#include "fileio.h"
#include "vfs.h"
#include "native_grant.h"
#include "abi/abi.h"
#include "string.h"
#include <calyx/malloc.h>
#include <linux/elf.h>
#include <linux/limits.h>


static int spacetab(char c)
{
    return c == ' ' || c == '\t';
}

/* The first byte of [from, to) that is not a space or tab, or NULL. */
static char *skip_spacetab(char *from, char *to)
{
    for (; from < to; from++)
        if (!spacetab(*from))
            return from;
    return NULL;
}

/* The first space, tab or NUL of [from, to), or NULL. */
static char *find_terminator(char *from, char *to)
{
    for (; from < to; from++)
        if (spacetab(*from) || *from == '\0')
            return from;
    return NULL;
}

long binfmt_parse_script(const uint8_t *data, size_t size, char *interp, char *arg)
{
    char buf[BINFMT_BUF_SIZE];
    memset(buf, 0, sizeof buf);
    memcpy(buf, data, size < sizeof buf ? size : sizeof buf);
    char *buf_end = buf + sizeof buf - 1; /* the last byte is kept for a NUL */
    char *end = NULL;
    for (size_t i = 0; i < sizeof buf && !end; i++)
        if (buf[i] == '\n')
            end = buf + i;
    if (!end) {
        end = skip_spacetab(buf + 2, buf_end);
        if (!end || !find_terminator(end, buf_end))
            return -ENOEXEC; /* only blanks, or a name cut off by the buffer's end */
        end = buf_end;
    }
    while (end > buf + 2 && spacetab(end[-1]))
        end--;
    *end = '\0';
    char *name = skip_spacetab(buf + 2, end);
    if (!name)
        return -ENOEXEC;
    char *sep = find_terminator(name, end);
    char *rest = sep && *sep ? skip_spacetab(sep, end) : NULL;
    if (sep)
        *sep = '\0';
    if (!*name)
        return -EACCES; /* Linux opens "": the current directory, never executable */
    size_t n = strlen(name);
    memcpy(interp, name, n + 1);
    n = rest ? strlen(rest) : 0;
    memcpy(arg, rest ? rest : "", n + 1);
    return 0;
}

/* An ELF image's PT_INTERP, checked as binfmt_elf checks it before it
   looks the loader up: 0 with interp set ("" for none), or -ENOEXEC. An
   image the kernel will refuse anyway (not ELF64 for this machine, bad
   program headers) is left for it to refuse with its reason. */
static long elf_interpreter(const uint8_t *image, size_t size, char *interp)
{
    interp[0] = '\0';
    const Elf64_Ehdr *eh = (const void *)image;
    if (size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_machine != ABI_ELF_MACHINE ||
        (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) || eh->e_phentsize != sizeof(Elf64_Phdr) ||
        eh->e_phnum == 0 || eh->e_phoff > size ||
        eh->e_phnum > (size - eh->e_phoff) / sizeof(Elf64_Phdr))
        return 0;
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, image + eh->e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type != PT_INTERP)
            continue;
        if (ph.p_filesz < 2 || ph.p_filesz > PATH_MAX || ph.p_offset > size ||
            ph.p_filesz > size - ph.p_offset || image[ph.p_offset + ph.p_filesz - 1] != '\0')
            return -ENOEXEC;
        memcpy(interp, image + ph.p_offset, ph.p_filesz);
        return 0;
    }
    return 0;
}

/* The executable file at path (referenced in *vn), its first
   BINFMT_HEAD_MAX bytes, and whether its owner and mode allow the native
   authority. ETXTBSY while it is open for writing, as Linux's
   deny_write_access. */
static long load_file(struct proc *p, const char *path, struct vnode **vn, uint8_t **image,
                      size_t *size, int *grant_ok)
{
    int r = fileio_lookup_exec(p, path, vn);
    if (r < 0)
        return r;
    *grant_ok = native_grant_file_ok(*vn);
    r = (*vn)->open_wr ? -ETXTBSY : vfs_map_head(*vn, BINFMT_HEAD_MAX, image, size);
    if (r < 0)
        vfs_unref(*vn);
    return r;
}

long binfmt_load(struct proc *p, const char *path, struct exec_args *e, struct vnode **prog,
                 uint8_t **image, size_t *size, int *grant_ok)
{
    char cur[PATH_MAX + 1], interp[PATH_MAX + 1], arg[BINFMT_BUF_SIZE];
    size_t n = strnlen(path, PATH_MAX);
    memcpy(cur, path, n);
    cur[n] = '\0';
    for (int depth = 0; depth < BINFMT_MAX_DEPTH; depth++) {
        long r = load_file(p, cur, prog, image, size, grant_ok);
        if (r < 0)
            return r;
        if (depth > 0)
            *grant_ok = 0; /* never through "#!" */
        if (*size >= 2 && (*image)[0] == '#' && (*image)[1] == '!') {
            r = binfmt_parse_script(*image, *size, interp, arg);
            free(*image);
            *image = NULL;
            vfs_unref(*prog);
            if (r == 0)
                r = exec_args_script(e, interp, arg[0] ? arg : NULL, cur);
            if (r < 0)
                return r;
            memcpy(cur, interp, strlen(interp) + 1);
            continue;
        }
        r = elf_interpreter(*image, *size, interp);
        if (r == 0 && interp[0]) {
            struct vnode *loader;
            if ((r = fileio_lookup_exec(p, interp, &loader)) == 0)
                vfs_unref(loader);
        }
        if (r < 0) {
            free(*image);
            *image = NULL;
            vfs_unref(*prog);
        }
        return r;
    }
    return -ELOOP;
}
