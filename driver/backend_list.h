/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The words of the `backend` attribute, one UB_BACKEND() each, in the
 * order of their values (URINGBLK_BACKEND_* in the uapi header);
 * UB_NR_BACKENDS (attrs.h) counts them.  No include guard: users define
 * UB_BACKEND, include, undefine.
 */
UB_BACKEND(memory)
UB_BACKEND(file)
UB_BACKEND(none)
