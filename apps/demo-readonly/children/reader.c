/* demo-readonly's child: holds a READ-only capability for a memory object
 * (cx_start_caps[1]). Reading works; writing, mapping it writable and asking
 * for a writable copy are refused. Exits 0 when every refusal was
 * PermissionDenied. */
#define DEMO_WHO "[reader] "
#include "../../common/demo.h"

int main(void)
{
    if (cx_start_ncaps < 2)
        return 2;
    cx_cap_t page = cx_start_caps[1];
    char text[64] = { 0 };
    uint64_t r = cx_read(page, text, sizeof text - 1, 0);
    say("read: %s -> \"%s\"\n", cx_strerror(r), text);
    int ok = !CX_IS_ERR(r);

    static const char graffiti[] = "I was here";
    r = cx_write(page, graffiti, sizeof graffiti, 0);
    say("write: %s\n", cx_strerror(r));
    ok &= r == CX_MKERR(CX_ERR_PERMISSION_DENIED);

    r = cx_mmap(NULL, CX_PAGE_SIZE, CX_PROT_READ | CX_PROT_WRITE, CX_MAP_SHARED, page, 0);
    say("map it shared and writable: %s\n", cx_strerror(r));
    ok &= r == CX_MKERR(CX_ERR_PERMISSION_DENIED);

    r = cx_mmap(NULL, CX_PAGE_SIZE, CX_PROT_READ, CX_MAP_SHARED, page, 0);
    if (!CX_IS_ERR(r))
        say("map it read-only: Success -> the mapping reads \"%s\"\n", (const char *)(uintptr_t)r);
    else
        say("map it read-only: %s\n", cx_strerror(r));
    ok &= !CX_IS_ERR(r);

    r = cx_capability_derive(page, CX_RIGHTS_ALL);
    say("derive a capability with every right from mine: %s\n", cx_strerror(r));
    ok &= r == CX_MKERR(CX_ERR_PERMISSION_DENIED);

    say("%s\n", ok ? "my writes were refused with PermissionDenied; my reads worked"
                   : "something was not refused as it should be");
    return ok ? 0 : 1;
}
