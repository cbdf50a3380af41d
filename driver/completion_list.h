/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The words of the `completion` attribute, one UB_COMPLETION() each, in
 * the order of their values; UB_NR_COMPLETIONS (attrs.h) counts them.  No
 * include guard: users define UB_COMPLETION, include, undefine.
 */
UB_COMPLETION(inline)
UB_COMPLETION(softirq)
UB_COMPLETION(timer)
UB_COMPLETION(model)
