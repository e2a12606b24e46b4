/* capability_derive, capability_create, capability_revoke and
   capability_validate, run by the root task on its console capability
   (READ | WRITE | GRANT | DERIVE). The console's object id is the well-known
   CONSOLE_OBJECT_ID of the kernel (1): it is the first kernel object. */
#include "tap.h"

#define ERR(code) CX_MKERR(code)
#define CONSOLE_ID 1
#define BAD_TOKEN 12345
#define MOST (CX_RIGHT_READ | CX_RIGHT_WRITE | CX_RIGHT_GRANT | CX_RIGHT_DERIVE)

static int is_cap(uint64_t r) { return !CX_IS_ERR(r) && r != 0; }

static int writes(cx_cap_t c) { return cx_write(c, "# w\n", 4, 0) == 4; }

/* Derives from parent until the space is full: how many fit, and the error that stopped it. */
static unsigned fill(cx_cap_t parent, uint64_t *stop)
{
    unsigned n = 0;
    for (;;) {
        uint64_t r = cx_capability_derive(parent, CX_RIGHT_READ);
        if (CX_IS_ERR(r)) {
            *stop = r;
            return n;
        }
        if (++n > CX_CAPABILITIES_MAX + 100) { /* more than a space holds: something is wrong */
            *stop = 0;
            return n;
        }
    }
}

int main(void)
{
    cx_cap_t con = cx_start_caps[0];
    tap_plan(40);

    /* validate */
    CHECK("validate: the root's console capability has read, write, grant and derive",
          cx_capability_validate(con, MOST) == 0);
    CHECK("validate: no rights asked checks validity only", cx_capability_validate(con, 0) == 0);
    CHECK("validate: missing right is PermissionDenied",
          cx_capability_validate(con, CX_RIGHT_EXEC) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("validate: unknown rights bits are InvalidParameter",
          cx_capability_validate(con, 0x20) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("validate: bad token is InvalidCapability",
          cx_capability_validate(BAD_TOKEN, 0) == ERR(CX_ERR_INVALID_CAPABILITY) &&
          cx_capability_validate(CX_CAP_NULL, 0) == ERR(CX_ERR_INVALID_CAPABILITY));

    /* derive */
    uint64_t ro = cx_capability_derive(con, CX_RIGHT_READ);
    CHECK("derive: read-only copy of the console", is_cap(ro) && ro != con);
    CHECK("derive: the copy has exactly the rights asked",
          cx_capability_validate(ro, CX_RIGHT_READ) == 0 &&
          cx_capability_validate(ro, CX_RIGHT_WRITE) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("derive: write through the read-only copy is PermissionDenied",
          cx_write(ro, "x", 1, 0) == ERR(CX_ERR_PERMISSION_DENIED));
    uint64_t wd = cx_capability_derive(con, CX_RIGHT_WRITE | CX_RIGHT_DERIVE);
    CHECK("derive: write through a write copy works", is_cap(wd) && writes(wd));
    CHECK("derive: asking for more rights than the parent is PermissionDenied",
          cx_capability_derive(wd, CX_RIGHT_WRITE | CX_RIGHT_READ) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("derive: a parent without DERIVE is PermissionDenied",
          cx_capability_derive(ro, CX_RIGHT_READ) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("derive: unknown rights bits are InvalidParameter",
          cx_capability_derive(con, 0x100 | CX_RIGHT_READ) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("derive: bad token is InvalidCapability",
          cx_capability_derive(BAD_TOKEN, CX_RIGHT_READ) == ERR(CX_ERR_INVALID_CAPABILITY) &&
          cx_capability_derive(CX_CAP_NULL, CX_RIGHT_READ) == ERR(CX_ERR_INVALID_CAPABILITY) &&
          cx_capability_derive(con + (1ull << 32), CX_RIGHT_READ) == ERR(CX_ERR_INVALID_CAPABILITY));
    uint64_t none = cx_capability_derive(wd, CX_RIGHTS_NONE);
    CHECK("derive: no rights at all still proves the object exists",
          is_cap(none) && cx_capability_validate(none, 0) == 0 &&
          cx_write(none, "x", 1, 0) == ERR(CX_ERR_PERMISSION_DENIED));

    /* revoke */
    CHECK("revoke: own capability", cx_capability_revoke(ro) == 0);
    CHECK("revoke: validate afterwards is InvalidCapability",
          cx_capability_validate(ro, 0) == ERR(CX_ERR_INVALID_CAPABILITY));
    CHECK("revoke: use afterwards is InvalidCapability",
          cx_read(ro, (void *)0x1000, 0, 0) == ERR(CX_ERR_INVALID_CAPABILITY));
    CHECK("revoke: twice is InvalidCapability", cx_capability_revoke(ro) == ERR(CX_ERR_INVALID_CAPABILITY));
    CHECK("revoke: bad token is InvalidCapability",
          cx_capability_revoke(BAD_TOKEN) == ERR(CX_ERR_INVALID_CAPABILITY) &&
          cx_capability_revoke(CX_CAP_NULL) == ERR(CX_ERR_INVALID_CAPABILITY));
    uint64_t c1 = cx_capability_derive(wd, CX_RIGHT_WRITE | CX_RIGHT_DERIVE);
    uint64_t c2 = cx_capability_derive(c1, CX_RIGHT_WRITE);
    uint64_t sib = cx_capability_derive(con, CX_RIGHT_WRITE);
    CHECK("revoke: a parent takes its derived children with it",
          is_cap(c1) && is_cap(c2) && writes(c2) && cx_capability_revoke(wd) == 0 &&
          cx_capability_validate(c1, 0) == ERR(CX_ERR_INVALID_CAPABILITY) &&
          cx_capability_validate(c2, 0) == ERR(CX_ERR_INVALID_CAPABILITY) &&
          cx_capability_validate(none, 0) == ERR(CX_ERR_INVALID_CAPABILITY));
    CHECK("revoke: the parent's parent and siblings stay", writes(con) && writes(sib));
    uint64_t m1 = cx_capability_derive(con, MOST), m2 = cx_capability_derive(m1, MOST);
    uint64_t m3 = cx_capability_derive(m2, CX_RIGHT_WRITE);
    CHECK("revoke: a middle capability takes only its subtree",
          is_cap(m3) && cx_capability_revoke(m2) == 0 && cx_capability_validate(m1, MOST) == 0 &&
          cx_capability_validate(m3, 0) == ERR(CX_ERR_INVALID_CAPABILITY) &&
          cx_capability_revoke(m1) == 0 && cx_capability_revoke(sib) == 0);

    /* create */
    uint64_t cc = cx_capability_create(CX_OBJ_CONSOLE, CONSOLE_ID, CX_RIGHT_WRITE, con);
    CHECK("create: a console capability through the console capability", is_cap(cc) && writes(cc));
    CHECK("create: the new capability has exactly the rights asked",
          cx_capability_validate(cc, CX_RIGHT_READ) == ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("create: a parent without DERIVE is PermissionDenied",
          cx_capability_create(CX_OBJ_CONSOLE, CONSOLE_ID, CX_RIGHT_WRITE, cc) ==
          ERR(CX_ERR_PERMISSION_DENIED));
    uint64_t wonly = cx_capability_derive(con, CX_RIGHT_WRITE | CX_RIGHT_DERIVE);
    CHECK("create: rights beyond the parent's are PermissionDenied",
          cx_capability_create(CX_OBJ_CONSOLE, CONSOLE_ID, CX_RIGHT_READ, wonly) ==
          ERR(CX_ERR_PERMISSION_DENIED));
    CHECK("create: no object with that id is NotFound",
          cx_capability_create(CX_OBJ_CONSOLE, 999999, CX_RIGHT_READ, con) == ERR(CX_ERR_NOT_FOUND) &&
          cx_capability_create(CX_OBJ_ENDPOINT, CONSOLE_ID, CX_RIGHT_READ, con) == ERR(CX_ERR_NOT_FOUND));
    CHECK("create: unknown object type is InvalidParameter",
          cx_capability_create(CX_OBJ_NONE, CONSOLE_ID, CX_RIGHT_READ, con) == ERR(CX_ERR_INVALID_PARAMETER) &&
          cx_capability_create(99, CONSOLE_ID, CX_RIGHT_READ, con) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("create: unknown rights bits are InvalidParameter",
          cx_capability_create(CX_OBJ_CONSOLE, CONSOLE_ID, 0x40, con) == ERR(CX_ERR_INVALID_PARAMETER));
    CHECK("create: bad parent token is InvalidCapability",
          cx_capability_create(CX_OBJ_CONSOLE, CONSOLE_ID, CX_RIGHT_READ, BAD_TOKEN) ==
          ERR(CX_ERR_INVALID_CAPABILITY));
    /* The root task's own process object exists; the console capability does not cover it. */
    uint64_t r = ERR(CX_ERR_NOT_FOUND);
    for (cx_objid_t id = 1; id < 64 && r == ERR(CX_ERR_NOT_FOUND); id++)
        r = cx_capability_create(CX_OBJ_PROCESS, id, CX_RIGHT_READ, con);
    CHECK("create: a parent that does not cover the object is PermissionDenied",
          r == ERR(CX_ERR_PERMISSION_DENIED));
    uint64_t cp = cx_capability_derive(con, MOST);
    uint64_t made = cx_capability_create(CX_OBJ_CONSOLE, CONSOLE_ID, CX_RIGHT_WRITE, cp);
    CHECK("create: the new capability is a child of its parent",
          is_cap(made) && cx_capability_revoke(cp) == 0 &&
          cx_capability_validate(made, 0) == ERR(CX_ERR_INVALID_CAPABILITY));
    CHECK("create: revoking a created capability keeps the parent",
          cx_capability_revoke(cc) == 0 && writes(con) && cx_capability_revoke(wonly) == 0);

    /* a full capability space */
    uint64_t p = cx_capability_derive(con, CX_RIGHT_READ | CX_RIGHT_DERIVE), stop = 0;
    unsigned n = fill(p, &stop);
    CHECK("full space: derive ends with ResourceExhausted", stop == ERR(CX_ERR_RESOURCE_EXHAUSTED));
    const uint64_t room = CX_CAPABILITIES_MAX - cx_start_ncaps - 1; /* less the start caps and the parent */
    CHECK("full space: CX_CAPABILITIES_MAX capabilities fit (the start capabilities, the parent and the copies)",
          n == room);
    CHECK("full space: create is ResourceExhausted too",
          cx_capability_create(CX_OBJ_CONSOLE, CONSOLE_ID, CX_RIGHT_READ, con) ==
          ERR(CX_ERR_RESOURCE_EXHAUSTED));
    CHECK("full space: the console still works", writes(con));
    CHECK("full space: revoking the parent frees every slot", cx_capability_revoke(p) == 0);
    uint64_t q = cx_capability_derive(con, CX_RIGHT_READ | CX_RIGHT_DERIVE);
    n = fill(q, &stop);
    CHECK("full space: the freed slots can be filled again",
          is_cap(q) && n == room && stop == ERR(CX_ERR_RESOURCE_EXHAUSTED));
    CHECK("full space: and emptied again",
          cx_capability_revoke(q) == 0 && is_cap(cx_capability_derive(con, CX_RIGHT_READ)));
    return tap_done();
}
