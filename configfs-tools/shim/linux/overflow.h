/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _UB_SHIM_OVERFLOW_H
#define _UB_SHIM_OVERFLOW_H
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)
#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#endif
