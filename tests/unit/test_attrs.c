// SPDX-License-Identifier: GPL-2.0
/*
 * One definition of every device attribute (driver/attr_list.h): the tool's
 * profile keys are the driver's list plus power, in the same order; the
 * man page and Documentation/configfs.md document every one of them.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "unit.h"

#define UB_ATTR(n, kind, live, min, max, def)	#n,
static const char *const driver_names[] = {
#include "attr_list.h"
};
#undef UB_ATTR
#define NR_DRIVER (sizeof(driver_names) / sizeof(driver_names[0]))

static char *slurp(const char *rel)
{
	char path[512], *buf = NULL;
	size_t len = 0;
	FILE *f, *m;
	int c;

	snprintf(path, sizeof(path), "%s/%s", UB_TOP, rel);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	m = open_memstream(&buf, &len);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(m);
	fclose(f);
	return buf;
}

START_TEST(attrs_tool_keys_are_driver_list)
{
	unsigned int i;

	ck_assert_uint_eq(UB_NR_ATTRS, NR_DRIVER + 1);
	for (i = 0; i < NR_DRIVER; i++) {
		ck_assert_str_eq(ub_attrs[i].name, driver_names[i]);
		ck_assert_int_eq(ub_attr_lookup(driver_names[i]), (int)i);
	}
	ck_assert_str_eq(ub_attrs[UB_A_power].name, "power");
}
END_TEST

/*
 * @word in @hay as a whole name: "capacity" inside "zone_capacity" is not
 * a mention of capacity.
 */
static int has_word(const char *hay, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = strstr(hay, word); p; p = strstr(p + 1, word)) {
		int before = p > hay && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
		int after = isalnum((unsigned char)p[n]) || p[n] == '_';

		if (!before && !after)
			return 1;
	}
	return 0;
}

START_TEST(attrs_documented)
{
	char *md = slurp("Documentation/configfs.md");
	char *man = slurp("configfs-tools/uringblkctl.8");
	char *keys = strstr(man, "Keys are the device attributes"), *end;
	unsigned int i;

	ck_assert_msg(keys != NULL, "no key list in uringblkctl.8");
	/* The key list is that paragraph, not the rest of the page. */
	end = strstr(keys, "\n.PP");
	ck_assert_msg(end != NULL, "uringblkctl.8: the key list never ends");
	*end = '\0';
	for (i = 0; i < UB_NR_ATTRS; i++) {
		char needle[96];
		const char *n = ub_attrs[i].name;

		/* A table row of its own, or listed first in a shared row. */
		snprintf(needle, sizeof(needle), "| `%s` |", n);
		if (!strstr(md, needle)) {
			snprintf(needle, sizeof(needle), "| `%s`, ", n);
			if (!strstr(md, needle)) {
				snprintf(needle, sizeof(needle), ", `%s` |", n);
				ck_assert_msg(strstr(md, needle) != NULL,
					      "%s: no row in Documentation/configfs.md", n);
			}
		}
		ck_assert_msg(has_word(keys, n), "%s: not in uringblkctl.8's keys", n);
	}
	free(md);
	free(man);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("attrs");
	TCase *tc = tcase_create("attrs");

	tcase_add_test(tc, attrs_tool_keys_are_driver_list);
	tcase_add_test(tc, attrs_documented);
	suite_add_tcase(s, tc);
	return ub_unit_run(s);
}
