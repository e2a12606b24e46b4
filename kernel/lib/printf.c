/* A small vsnprintf. Output goes through put(), which counts every byte but
   stores only those that fit, so truncation and the C99 return value fall
   out of one place. */
#include <stdbool.h>
#include <stdint.h>
#include "printf.h"

/* The kernel is built with -nostdinc; take the limits from the compiler. */
#define INT_MAX __INT_MAX__
#define INT_MIN (-__INT_MAX__ - 1)
#define CHAR_BIT __CHAR_BIT__

struct out {
    char *buf;
    size_t size;
    size_t len;     /* bytes the full output has so far, stored or not */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)   /* keep the last byte for the NUL */
        o->buf[o->len] = c;
    o->len++;
}

static void put_repeat(struct out *o, char c, int n)
{
    for (; n > 0; n--)
        put(o, c);
}

static void put_bytes(struct out *o, const char *s, int n)
{
    for (int i = 0; i < n; i++)
        put(o, s[i]);
}

struct spec {
    bool left, zero, plus, space, alt;
    int width;      /* 0 when absent */
    int prec;       /* -1 when absent */
};

/* Pads s (n bytes) with spaces to the field width. */
static void put_field(struct out *o, const struct spec *sp, const char *s, int n)
{
    int pad = sp->width - n;
    if (!sp->left)
        put_repeat(o, ' ', pad);
    put_bytes(o, s, n);
    if (sp->left)
        put_repeat(o, ' ', pad);
}

/* Field layout: [spaces] prefix [zeros] digits [spaces]. prefix is a sign or
   "0x"; zeros come from the precision, or from the '0' flag filling the width. */
static void put_number(struct out *o, const struct spec *sp, uintmax_t v,
                       unsigned base, bool upper, const char *prefix)
{
    const char *digit = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[sizeof(uintmax_t) * CHAR_BIT / 3 + 1];  /* enough for octal */
    int ndigits = 0;
    while (v) {
        tmp[ndigits++] = digit[v % base];
        v /= base;
    }
    if (ndigits == 0 && sp->prec != 0)  /* zero with precision 0: no digits */
        tmp[ndigits++] = '0';

    int nprefix = 0;
    while (prefix[nprefix])
        nprefix++;
    int zeros = sp->prec > ndigits ? sp->prec - ndigits : 0;
    /* '#' with octal: the first digit must be 0. */
    if (base == 8 && sp->alt && zeros == 0 && (ndigits == 0 || tmp[ndigits - 1] != '0'))
        zeros = 1;
    int total = nprefix + zeros + ndigits;
    if (sp->zero && !sp->left && sp->prec < 0 && sp->width > total) {
        zeros += sp->width - total;
        total = sp->width;
    }

    if (!sp->left)
        put_repeat(o, ' ', sp->width - total);
    put_bytes(o, prefix, nprefix);
    put_repeat(o, '0', zeros);
    while (ndigits)
        put(o, tmp[--ndigits]);
    if (sp->left)
        put_repeat(o, ' ', sp->width - total);
}

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T };

/* va_list is passed by pointer so the helpers can consume arguments
   (an array-typed va_list cannot be passed by value portably). */
static intmax_t signed_arg(va_list *ap, enum length len)
{
    switch (len) {
    case LEN_HH: return (signed char)va_arg(*ap, int);
    case LEN_H:  return (short)va_arg(*ap, int);
    case LEN_L:  return va_arg(*ap, long);
    case LEN_LL: return va_arg(*ap, long long);
    case LEN_Z:  return (intmax_t)va_arg(*ap, size_t);   /* "signed size_t" */
    case LEN_J:  return va_arg(*ap, intmax_t);
    case LEN_T:  return va_arg(*ap, ptrdiff_t);
    default:     return va_arg(*ap, int);
    }
}

static uintmax_t unsigned_arg(va_list *ap, enum length len)
{
    switch (len) {
    case LEN_HH: return (unsigned char)va_arg(*ap, unsigned);
    case LEN_H:  return (unsigned short)va_arg(*ap, unsigned);
    case LEN_L:  return va_arg(*ap, unsigned long);
    case LEN_LL: return va_arg(*ap, unsigned long long);
    case LEN_Z:  return va_arg(*ap, size_t);
    case LEN_J:  return va_arg(*ap, uintmax_t);
    case LEN_T:  return (size_t)va_arg(*ap, ptrdiff_t);
    default:     return va_arg(*ap, unsigned);
    }
}

/* Reads a decimal field, saturating instead of overflowing. */
static int parse_int(const char **p)
{
    int n = 0;
    while (**p >= '0' && **p <= '9') {
        int d = *(*p)++ - '0';
        n = n > (INT_MAX - d) / 10 ? INT_MAX : n * 10 + d;
    }
    return n;
}

static enum length parse_length(const char **p)
{
    const char *s = *p;
    enum length len = LEN_NONE;
    switch (*s) {
    case 'h': len = s[1] == 'h' ? LEN_HH : LEN_H; break;
    case 'l': len = s[1] == 'l' ? LEN_LL : LEN_L; break;
    case 'z': len = LEN_Z; break;
    case 'j': len = LEN_J; break;
    case 't': len = LEN_T; break;
    default:  return LEN_NONE;
    }
    *p += (len == LEN_HH || len == LEN_LL) ? 2 : 1;
    return len;
}

static void format(struct out *o, const char *fmt, va_list *ap)
{
    while (*fmt) {
        if (*fmt != '%') {
            put(o, *fmt++);
            continue;
        }
        const char *start = fmt++;
        struct spec sp = { .prec = -1 };

        for (;; fmt++) {
            if (*fmt == '-')      sp.left = true;
            else if (*fmt == '0') sp.zero = true;
            else if (*fmt == '+') sp.plus = true;
            else if (*fmt == ' ') sp.space = true;
            else if (*fmt == '#') sp.alt = true;
            else break;
        }
        if (*fmt == '*') {
            fmt++;
            int w = va_arg(*ap, int);
            if (w < 0) {            /* a negative '*' width means '-' */
                sp.left = true;
                w = w == INT_MIN ? INT_MAX : -w;
            }
            sp.width = w;
        } else {
            sp.width = parse_int(&fmt);
        }
        if (*fmt == '.') {
            fmt++;
            if (*fmt == '*') {
                fmt++;
                int pr = va_arg(*ap, int);
                sp.prec = pr < 0 ? -1 : pr;   /* negative: as if omitted */
            } else {
                sp.prec = parse_int(&fmt);
            }
        }
        enum length len = parse_length(&fmt);

        char c = *fmt;
        if (c)
            fmt++;
        switch (c) {
        case 'd':
        case 'i': {
            intmax_t v = signed_arg(ap, len);
            /* Negate in unsigned arithmetic: INTMAX_MIN has no positive twin. */
            uintmax_t mag = v < 0 ? 0 - (uintmax_t)v : (uintmax_t)v;
            const char *sign = v < 0 ? "-" : sp.plus ? "+" : sp.space ? " " : "";
            put_number(o, &sp, mag, 10, false, sign);
            break;
        }
        case 'u':
            put_number(o, &sp, unsigned_arg(ap, len), 10, false, "");
            break;
        case 'o':
            put_number(o, &sp, unsigned_arg(ap, len), 8, false, "");
            break;
        case 'x':
        case 'X': {
            uintmax_t v = unsigned_arg(ap, len);
            const char *prefix = sp.alt && v ? (c == 'x' ? "0x" : "0X") : "";
            put_number(o, &sp, v, 16, c == 'X', prefix);
            break;
        }
        case 'p': {
            struct spec ps = { .left = sp.left, .width = sp.width, .prec = 16 };
            put_number(o, &ps, (uintptr_t)va_arg(*ap, void *), 16, false, "0x");
            break;
        }
        case 'c': {
            char ch = (char)va_arg(*ap, int);
            put_field(o, &sp, &ch, 1);
            break;
        }
        case 's': {
            const char *s = va_arg(*ap, const char *);
            if (!s)
                s = "(null)";
            int n = 0;      /* never read past the precision */
            while ((sp.prec < 0 || n < sp.prec) && n < INT_MAX && s[n])
                n++;
            put_field(o, &sp, s, n);
            break;
        }
        case '%':
            put(o, '%');
            break;
        default:            /* unknown or truncated: echo it untouched */
            put_bytes(o, start, (int)(fmt - start));
            break;
        }
    }
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    va_list args;
    va_copy(args, ap);
    format(&o, fmt, &args);
    va_end(args);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len > INT_MAX ? -1 : (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int kvprintf(const char *fmt, va_list ap)
{
    char buf[KPRINTF_MAX];
    int n = kvsnprintf(buf, sizeof buf, fmt, ap);
    size_t len = n < 0 || (size_t)n >= sizeof buf ? sizeof buf - 1 : (size_t)n;
    console_write(buf, len);
    return (int)len;
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvprintf(fmt, ap);
    va_end(ap);
    return n;
}
