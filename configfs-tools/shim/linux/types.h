/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel type names for building driver/parse.c on the host. */
#ifndef _UB_SHIM_TYPES_H
#define _UB_SHIM_TYPES_H
#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;
#define U64_MAX UINT64_MAX
#endif
