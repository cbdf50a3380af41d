/* SPDX-License-Identifier: GPL-2.0 */
/* What driver/validate.c takes from the kernel's kernel.h, on the host. */
#ifndef _UB_SHIM_KERNEL_H
#define _UB_SHIM_KERNEL_H
#include <stdarg.h>
#include <stdio.h>
#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#endif
