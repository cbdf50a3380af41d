/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict parsers for configfs input.  Pure functions with no kernel
 * dependencies beyond types and overflow helpers, so the host unit tests
 * build this file unchanged.
 */
#ifndef _URINGBLK_PARSE_H
#define _URINGBLK_PARSE_H

#include <linux/types.h>

int ub_parse_u64(const char *buf, size_t len, bool allow_suffix, u64 *out);
int ub_parse_node(const char *buf, size_t len, u64 *out);
int ub_parse_bool(const char *buf, size_t len, bool *out);
int ub_parse_name(const char *buf, size_t len);
int ub_parse_word(const char *buf, size_t len, const char *const *words,
		  unsigned int nr_words);

#endif /* _URINGBLK_PARSE_H */
