// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests (Check) for the driver's configfs input parsers,
 * driver/parse.c compiled unchanged against a few shim headers.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "unit.h"

static int num(const char *s, bool suffix, u64 *v)
{
	return ub_parse_u64(s, strlen(s), suffix, v);
}

START_TEST(test_decimal_ok)
{
	u64 v = 0;

	ck_assert_int_eq(num("0", false, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(num("4096\n", false, &v), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(num("18446744073709551615", false, &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
}
END_TEST

START_TEST(test_decimal_rejects)
{
	static const char *const bad[] = {
		"", "\n", " ", "-1", "+1", "0x10", "010", "00", "1.5", "1 ",
		" 1", "1\n\n", "abc", "1a", "18446744073709551616",
		"99999999999999999999999", "1K", "\n1",
	};
	u64 v = 42;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(num(bad[i], false, &v) == -EINVAL, "accepted '%s'", bad[i]);
		ck_assert_uint_eq(v, 42);
	}
}
END_TEST

START_TEST(test_size_suffixes)
{
	static const struct { const char *s; u64 v; } ok[] = {
		{ "1k", 1024 }, { "1K", 1024 }, { "2m", 2 << 20 }, { "3M\n", 3 << 20 },
		{ "1g", 1ULL << 30 }, { "4G", 4ULL << 30 }, { "1t", 1ULL << 40 },
		{ "16777215T", 16777215ULL << 40 }, { "512", 512 },
	};
	u64 v;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ck_assert_msg(num(ok[i].s, true, &v) == 0, "refused '%s'", ok[i].s);
		ck_assert_uint_eq(v, ok[i].v);
	}
}
END_TEST

START_TEST(test_size_rejects)
{
	static const char *const bad[] = {
		"K", "1P", "1KB", "1 K", "16777216T", "1k\n\n", "-1K", "0x1K",
		"1KK", "1e3",
	};
	u64 v = 7;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(num(bad[i], true, &v) == -EINVAL, "accepted '%s'", bad[i]);
		ck_assert_uint_eq(v, 7);
	}
}
END_TEST

START_TEST(test_bool)
{
	static const char *const bad[] = { "", "2", "yes", "on", "true", "01", "1 ", "1\n\n" };
	bool b = false;
	size_t i;

	ck_assert_int_eq(ub_parse_bool("1", 1, &b), 0);
	ck_assert(b);
	ck_assert_int_eq(ub_parse_bool("0\n", 2, &b), 0);
	ck_assert(!b);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(ub_parse_bool(bad[i], strlen(bad[i]), &b) == -EINVAL,
			      "accepted '%s'", bad[i]);
}
END_TEST

START_TEST(test_names)
{
	char long_name[34];

	ck_assert_int_eq(ub_parse_name("a", 1), 0);
	ck_assert_int_eq(ub_parse_name("A-z_0.9", 7), 0);
	memset(long_name, 'x', sizeof(long_name));
	ck_assert_int_eq(ub_parse_name(long_name, 32), 0);
	ck_assert_int_eq(ub_parse_name(long_name, 33), -EINVAL);
	ck_assert_int_eq(ub_parse_name("", 0), -EINVAL);
	ck_assert_int_eq(ub_parse_name("a b", 3), -EINVAL);
	ck_assert_int_eq(ub_parse_name("a/b", 3), -EINVAL);
	ck_assert_int_eq(ub_parse_name("\xc3\xbc", 2), -EINVAL);
}
END_TEST

START_TEST(test_node)
{
	u64 v = 7;

	ck_assert_int_eq(ub_parse_node("-1", 2, &v), 0);
	ck_assert_uint_eq(v, U64_MAX);
	ck_assert_int_eq(ub_parse_node("-1\n", 3, &v), 0);
	ck_assert_int_eq(ub_parse_node("1", 1, &v), 0);
	ck_assert_uint_eq(v, 1);
	v = 7;
	ck_assert_int_eq(ub_parse_node("-2", 2, &v), -EINVAL);
	ck_assert_int_eq(ub_parse_node("-01", 3, &v), -EINVAL);
	ck_assert_int_eq(ub_parse_node("- 1", 3, &v), -EINVAL);
	ck_assert_int_eq(ub_parse_node("-", 1, &v), -EINVAL);
	ck_assert_int_eq(ub_parse_node("+1", 2, &v), -EINVAL);
	ck_assert_uint_eq(v, 7);
}
END_TEST

START_TEST(test_words)
{
	static const char *const words[] = { "inline", "softirq", "timer" };

	ck_assert_int_eq(ub_parse_word("inline", 6, words, 3), 0);
	ck_assert_int_eq(ub_parse_word("timer\n", 6, words, 3), 2);
	ck_assert_int_eq(ub_parse_word("time", 4, words, 3), -EINVAL);
	ck_assert_int_eq(ub_parse_word("timers", 6, words, 3), -EINVAL);
	ck_assert_int_eq(ub_parse_word("Timer", 5, words, 3), -EINVAL);
	ck_assert_int_eq(ub_parse_word("", 0, words, 3), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_decimal_ok);
	tcase_add_test(tc, test_decimal_rejects);
	tcase_add_test(tc, test_size_suffixes);
	tcase_add_test(tc, test_size_rejects);
	tcase_add_test(tc, test_bool);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_words);
	tcase_add_test(tc, test_node);
	suite_add_tcase(s, tc);
	return ub_unit_run(s);
}
