/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runs a unit-test suite the way scripts/check.sh reads it: CK_VERBOSE,
 * one "file:line:P|F|E:suite:name:..." line per case, exit status 1 on
 * any failure.
 */
#ifndef UB_UNIT_H
#define UB_UNIT_H

#include <check.h>
#include <stdlib.h>

static inline int ub_unit_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_VERBOSE);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
