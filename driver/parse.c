// SPDX-License-Identifier: GPL-2.0
/*
 * Input rules (shared/CLARIFICATIONS.md): decimal digits only, one
 * optional trailing newline, sizes may end in K, M, G or T (either case,
 * powers of 1024).  Signs, spaces, hex, octal-looking leading zeros, other
 * suffixes and 64-bit overflow are all -EINVAL.  kstrtou64() is laxer
 * (it takes "+1" and "0x10"), hence these.
 */
#include <linux/errno.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "parse.h"

/* Length of @buf without one trailing newline. */
static size_t ub_trim(const char *buf, size_t len)
{
	if (len && buf[len - 1] == '\n')
		len--;
	return len;
}

static unsigned int ub_suffix_shift(char c)
{
	switch (c) {
	case 'k': case 'K':
		return 10;
	case 'm': case 'M':
		return 20;
	case 'g': case 'G':
		return 30;
	case 't': case 'T':
		return 40;
	default:
		return 0;
	}
}

int ub_parse_u64(const char *buf, size_t len, bool allow_suffix, u64 *out)
{
	unsigned int shift = 0;
	u64 val = 0;
	size_t i;

	len = ub_trim(buf, len);
	if (allow_suffix && len > 1) {
		shift = ub_suffix_shift(buf[len - 1]);
		if (shift)
			len--;
	}
	if (!len || (buf[0] == '0' && len > 1))
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return -EINVAL;
		if (check_mul_overflow(val, (u64)10, &val) ||
		    check_add_overflow(val, (u64)(buf[i] - '0'), &val))
			return -EINVAL;
	}
	if (shift) {
		if (val > (U64_MAX >> shift))
			return -EINVAL;
		val <<= shift;
	}
	*out = val;
	return 0;
}

int ub_parse_bool(const char *buf, size_t len, bool *out)
{
	len = ub_trim(buf, len);
	if (len != 1 || (buf[0] != '0' && buf[0] != '1'))
		return -EINVAL;
	*out = buf[0] == '1';
	return 0;
}

/* Device and rule names: 1-32 characters of [A-Za-z0-9._-]. */
int ub_parse_name(const char *buf, size_t len)
{
	size_t i;

	if (!len || len > 32)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		char c = buf[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return -EINVAL;
	}
	return 0;
}

/* Index of the word in @words that @buf spells exactly, or -EINVAL. */
int ub_parse_word(const char *buf, size_t len, const char *const *words,
		  unsigned int nr_words)
{
	unsigned int i;

	len = ub_trim(buf, len);
	for (i = 0; i < nr_words; i++) {
		if (strlen(words[i]) == len && !memcmp(buf, words[i], len))
			return i;
	}
	return -EINVAL;
}

/*
 * A NUMA node: decimal digits, or "-1" for none, stored as U64_MAX.  -1 is
 * the only negative number any attribute takes (home_node).
 */
int ub_parse_node(const char *buf, size_t len, u64 *out)
{
	size_t n = ub_trim(buf, len);

	if (n == 2 && buf[0] == '-' && buf[1] == '1') {
		*out = U64_MAX;
		return 0;
	}
	return ub_parse_u64(buf, len, false, out);
}
