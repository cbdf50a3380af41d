/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault rule types, one UB_FAULT_TYPE(URINGBLK_FAULT_ suffix, name) each:
 * the name is the `type` of a configfs rule and of a profile's fault.  No
 * include guard: define UB_FAULT_TYPE, include, undefine (the driver and
 * the tool both do).
 */
UB_FAULT_TYPE(IO_ERROR, io_error)
UB_FAULT_TYPE(MEDIUM_ERROR, medium_error)
UB_FAULT_TYPE(NOSPC, nospc)
UB_FAULT_TYPE(TIMEOUT, timeout)
UB_FAULT_TYPE(DELAY, delay)
UB_FAULT_TYPE(TORN_WRITE, torn_write)
UB_FAULT_TYPE(CORRUPT_READ, corrupt_read)
UB_FAULT_TYPE(DROP_WRITE, drop_write)
UB_FAULT_TYPE(POWERFAIL, powerfail)
