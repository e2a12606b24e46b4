/* demo-readonly: a capability with fewer rights.
 *
 * The root task makes a one-page memory object from the pool and writes a
 * note into it. It derives a READ-only capability for the object and starts
 * a child holding only that (and a write-only console). The child reads the
 * note, then tries to write and to map the page writable: both are refused
 * with PermissionDenied. Rights only shrink along a derivation: nothing the
 * child holds can give back the WRITE right. */
#define DEMO_WHO "[root]   "
#include "../common/demo.h"
#include "string.h"

CX_CHILD(reader);

static const char note[] = "Read me, but you cannot change me.";

int main(void)
{
    cx_cap_t console = cx_start_caps[0], pool = cx_start_caps[1];
    say("I hold the console and the memory pool.\n");

    cx_cap_t page = must(cx_capability_create(CX_OBJ_MEMORY, CX_PAGE_SIZE, CX_RIGHTS_ALL, pool),
                         "capability_create");
    must(cx_write(page, note, sizeof note, 0), "write");
    say("made a one-page memory object from the pool and wrote: \"%s\"\n", note);

    cx_cap_t read_only = must(cx_capability_derive(page, CX_RIGHT_READ | CX_RIGHT_GRANT |
                                                   CX_RIGHT_DERIVE),
                              "capability_derive");
    cx_cap_t say_only = must(cx_capability_derive(console, CX_RIGHT_WRITE | CX_RIGHT_GRANT),
                             "capability_derive");
    say("derived a READ-only capability for it (plus GRANT to hand it over and DERIVE);\n"
        "         a derived capability can never have more rights than its parent:\n");
    say("  deriving READ|WRITE from the READ-only one: %s\n",
        cx_strerror(cx_capability_derive(read_only, CX_RIGHT_READ | CX_RIGHT_WRITE)));

    const char *argv[] = { "reader" };
    const cx_cap_t caps[] = { say_only, read_only };
    cx_pid_t child = spawn(reader, argv, 1, caps, 2);
    say("started the reader (process %lu) with the console (WRITE) and the page (READ)\n",
        (unsigned long)child);
    int ok = wait_child("reader", child);

    char now[sizeof note];
    must(cx_read(page, now, sizeof now, 0), "read");
    ok &= memcmp(now, note, sizeof note) == 0;
    say("the page still says: \"%s\"\n", now);
    say("%s\n", ok ? "demo-readonly done: the read-only capability let the child read, never write."
                   : "demo-readonly FAILED");
    return ok ? 0 : 1;
}
