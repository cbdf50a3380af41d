/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the profile unit tests share: one parsed profile and its messages
 * per test (freed by teardown), and checks for exact message texts.
 * Included once by each test program (test_profile, test_profile_fault).
 */
#ifndef URINGBLK_TEST_PROFILE_FIXTURE_H
#define URINGBLK_TEST_PROFILE_FIXTURE_H

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "profile.h"

static struct ub_profile p;
static struct ub_msgs m;

static void teardown(void)
{
	ub_profile_free(&p);
	ub_msgs_free(&m);
}

static int parse(const char *text)
{
	ub_profile_free(&p);
	ub_msgs_free(&m);
	return ub_profile_parse_string(text, "t.cfg", NULL, &p, &m);
}

/* Is there a message that is exactly this text? */
static bool has_msg(const char *text)
{
	unsigned int i;

	for (i = 0; i < m.nr; i++)
		if (!strcmp(m.text[i], text))
			return true;
	return false;
}

static void dump_msgs(void)
{
	unsigned int i;

	for (i = 0; i < m.nr; i++)
		fprintf(stderr, "  msg: %s\n", m.text[i]);
}

#define ck_msg(text) do { if (!has_msg(text)) dump_msgs(); \
	ck_assert_msg(has_msg(text), "missing message: %s", text); } while (0)

#endif
