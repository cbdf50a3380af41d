/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _UB_SHIM_BITS_H
#define _UB_SHIM_BITS_H
#define BIT_ULL(n)	(1ULL << (n))
#endif
