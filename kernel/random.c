/* random_bytes: every 64-bit word takes a fresh value from the architecture's
   entropy source (arch_entropy) and folds it into a running pool through a
   64-bit mixer, so even a weak source never makes two outputs repeat. */
#include "random.h"
#include "lib/string.h"
#include <stdint.h>
#include "arch.h"

static uint64_t pool, counter;

/* A strong 64-bit finalizer (the one of SplitMix64): every input bit reaches every output bit. */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

void random_bytes(void *buf, size_t n)
{
    uint8_t *out = buf;
    while (n) {
        counter++;
        pool = mix64(pool ^ arch_entropy() ^ (counter * 0x9E3779B97F4A7C15ull));
        uint64_t word = mix64(pool + counter);
        size_t k = n < sizeof word ? n : sizeof word;
        memcpy(out, &word, k);
        out += k;
        n -= k;
    }
}
