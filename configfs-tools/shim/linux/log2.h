/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _UB_SHIM_LOG2_H
#define _UB_SHIM_LOG2_H
/* ilog2() of a value > 0, as the kernel's for run-time values. */
#define ilog2(n)	(63 - __builtin_clzll((unsigned long long)(n)))
#endif
