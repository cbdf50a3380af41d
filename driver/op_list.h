/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The operations uringblk counts and fault rules match, one
 * UB_OP(URINGBLK_OP_ suffix, name) each: the name is how configfs fault
 * rules, sysfs, debugfs and uringblkctl spell it.  No include guard:
 * define UB_OP, include, undefine (the driver and the tool both do).
 */
UB_OP(READ, read)
UB_OP(WRITE, write)
UB_OP(FLUSH, flush)
UB_OP(DISCARD, discard)
UB_OP(WRITE_ZEROES, write_zeroes)
