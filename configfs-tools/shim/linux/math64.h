/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _UB_SHIM_MATH64_H
#define _UB_SHIM_MATH64_H
#include <linux/types.h>

static inline u64 div64_u64(u64 a, u64 b)
{
	return a / b;
}

/* a * b / c with a 128-bit product, as the kernel's. */
static inline u64 mul_u64_u64_div_u64(u64 a, u64 b, u64 c)
{
	return (u64)((unsigned __int128)a * b / c);
}
#endif
