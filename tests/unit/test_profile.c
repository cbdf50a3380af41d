// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests (Check) for uringblkctl's profile model: size parsing,
 * the libconfig parser and its file:line messages, validation across
 * devices, the write -> parse round trip and the live/offline diff.
 * No kernel involved: configfs-tools/profile*.c only.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "profile_fixture.h"
#include "unit.h"

START_TEST(profile_size_ok)
{
	static const struct { const char *s; uint64_t v; } ok[] = {
		{ "0", 0 }, { "512", 512 }, { "4k", 4096 }, { "4K", 4096 },
		{ "1M", 1 << 20 }, { "2g", 2ULL << 30 }, { "1T", 1ULL << 40 },
		{ "16777215T", 16777215ULL << 40 }, { "18446744073709551615", UINT64_MAX },
	};
	unsigned int i;
	uint64_t v;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ck_assert_msg(!ub_parse_size(ok[i].s, &v), "rejected %s", ok[i].s);
		ck_assert_uint_eq(v, ok[i].v);
	}
}
END_TEST

START_TEST(profile_size_rejects)
{
	static const char *const bad[] = {
		"", "-1", "+1", "0x10", "010", "1.5", "1 G", " 1", "1G ", "1KB", "1P",
		"16777216T", "18446744073709551616", "G", "1e3",
	};
	unsigned int i;
	uint64_t v = 7;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(ub_parse_size(bad[i], &v), "accepted '%s'", bad[i]);
	ck_assert_uint_eq(v, 7);
	ck_assert_int_ne(ub_parse_dec("4K", &v), 0);
}
END_TEST

START_TEST(profile_parse_example)
{
	/* The example of the issue, verbatim. */
	ck_assert_int_eq(parse(
		"defaults = { capacity = \"1G\"; nr_hw_queues = 2; };\n"
		"devices = (\n"
		"  { name = \"fast0\"; capacity = \"4G\"; poll_queues = 1; },\n"
		"  { name = \"small4k\"; logical_block_size = 4096; write_cache = true; }\n"
		");\n"), 0);
	ck_assert_uint_eq(p.nr_devs, 2);
	ck_assert_str_eq(p.devs[0].name, "fast0");
	ck_assert_int_eq(p.devs[0].line, 3);
	ck_assert_uint_eq(p.devs[0].v[UB_A_capacity].num, 4ULL << 30);
	ck_assert_int_eq(p.devs[0].v[UB_A_capacity].line, 3);
	ck_assert(!p.devs[1].v[UB_A_capacity].set);
	ck_assert_uint_eq(p.defaults[UB_A_capacity].num, 1ULL << 30);

	struct ub_val v[UB_NR_ATTRS];

	ub_profile_effective(&p, 1, v);
	ck_assert_uint_eq(v[UB_A_capacity].num, 1ULL << 30);
	ck_assert_uint_eq(v[UB_A_nr_hw_queues].num, 2);
	ck_assert_uint_eq(v[UB_A_logical_block_size].num, 4096);
	ck_assert_uint_eq(v[UB_A_write_cache].num, 1);
	ck_assert(v[UB_A_power].set && v[UB_A_power].num == 1);
	ck_assert(!v[UB_A_poll_queues].set);
}
END_TEST

START_TEST(profile_errors_have_lines)
{
	ck_assert_int_ne(parse(
		"devices = (\n"
		"  { name = \"a\";\n"
		"    bogus = 1; },\n"
		"  { name = \"b\"; capacity = \"12Q\"; },\n"
		"  { name = \"c\"; queue_depth = 0; discard = 2; },\n"
		"  { name = \"d\"; completion = \"fast\"; memory_used = 5; },\n"
		"  { name = \"bad/name\"; }\n"
		");\n"
		"extra = 1;\n"), 0);
	ck_msg("t.cfg:3: a: unknown key 'bogus' (--skip-unknown to ignore it)");
	ck_msg("t.cfg:4: b: capacity: not a size (decimal digits, optional K, M, G or T)");
	ck_msg("t.cfg:5: c: queue_depth: 0 out of range 1..4096");
	ck_msg("t.cfg:5: c: discard: must be true or false");
	ck_msg("t.cfg:6: d: completion: must be one of inline, softirq, timer, model");
	ck_msg("t.cfg:6: d: 'memory_used' is read-only");
	ck_msg("t.cfg:7: bad device name 'bad/name' (1-32 characters of A-Z a-z 0-9 . _ -)");
	ck_msg("t.cfg:9: unknown top-level key 'extra' (want format_version, driver_version, defaults, devices)");
	ck_assert_uint_eq(m.nr_errors, 8);
}
END_TEST

START_TEST(profile_latency_model_errors)
{
	ck_assert_int_ne(parse(
		"defaults = { latency_model = \"fixed 1ms\"; };\n"
		"devices = (\n"
		"  { name = \"a\"; latency_model = 5; },\n"
		"  { name = \"b\"; latency_model = \"uniform 3ms 1ms\"; },\n"
		"  { name = \"c\"; latency_model = \"--from-fio \"; },\n"
		"  { name = \"d\"; latency_model = \"fixed 1ms\"; }\n"
		");\n"), 0);
	ck_msg("t.cfg:1: defaults: 'latency_model' must be given per device");
	ck_msg("t.cfg:3: a: latency_model: must be a string: \"fixed 1ms\", \"--from-fio FILE\", ...");
	ck_msg("t.cfg:4: b: latency_model: uniform: LO 3ms above HI 1ms");
	ck_msg("t.cfg:5: c: latency_model: --from-fio  needs its source");
	ck_assert_uint_eq(m.nr_errors, 4);
	ck_assert_str_eq(p.devs[3].latency_model, "fixed 1ms");
}
END_TEST

START_TEST(profile_syntax_error)
{
	ck_assert_int_ne(parse("devices = (\n { name = ; }\n);\n"), 0);
	ck_assert_uint_eq(m.nr_errors, 1);
	ck_assert_msg(!strncmp(m.text[0], "t.cfg:2: ", 9), "got %s", m.text[0]);
}
END_TEST

START_TEST(profile_validate_cross)
{
	ck_assert_int_ne(parse(
		"defaults = { logical_block_size = 4096; };\n"
		"devices = (\n"
		"  { name = \"a\"; index = 3; capacity = \"1000\"; },\n"
		"  { name = \"b\"; index = 3; },\n"
		"  { name = \"a\"; },\n"
		"  { name = \"c\"; logical_block_size = 1024; physical_block_size = 512; },\n"
		"  { name = \"d\"; logical_block_size = 8192; physical_block_size = 768; }\n"
		");\n"), 0);
	ck_msg("t.cfg:3: a: EINVAL: capacity 1000 is not a whole number of 4096-byte logical blocks");
	ck_msg("t.cfg:4: b: duplicate index 3 (also device 'a')");
	ck_msg("t.cfg:5: duplicate device name 'a' (first at line 3)");
	ck_msg("t.cfg:6: c: EINVAL: physical_block_size 512 is smaller than logical_block_size 1024");
	ck_msg("t.cfg:7: d: logical_block_size: 8192 out of range 512..4096");
	ck_msg("t.cfg:7: d: physical_block_size: block size must be a power of two");
}
END_TEST

START_TEST(profile_unknown_keys)
{
	struct ub_parse_opts o = { 0 };
	bool sup[UB_NR_ATTRS];

	/* A driver without `stats`: the key is refused, or skipped on request. */
	ub_attr_set_from_list("power index capacity logical_block_size", sup);
	ck_assert(sup[UB_A_capacity] && !sup[UB_A_stats]);
	o.supported = sup;
	ck_assert_int_ne(ub_profile_parse_string(
		"devices = ( { name = \"a\"; stats = false; future = 1; } );",
		"t.cfg", &o, &p, &m), 0);
	ck_msg("t.cfg:1: a: the loaded driver has no key 'stats' (--skip-unknown to ignore it)");
	ck_msg("t.cfg:1: a: unknown key 'future' (--skip-unknown to ignore it)");
	teardown();
	o.skip_unknown = true;
	ck_assert_int_eq(ub_profile_parse_string(
		"devices = ( { name = \"a\"; stats = false; future = 1; } );",
		"t.cfg", &o, &p, &m), 0);
	ck_assert_uint_eq(m.nr_errors, 0);
	ck_msg("t.cfg:1: warning: a: unknown key 'future', skipped");
	ck_assert(!p.devs[0].v[UB_A_stats].set);
	/* Fault rules are per device (test_profile_fault.c has the rest). */
	ck_assert_int_eq(parse("devices = ( { name = \"a\"; faults = (); } );"), 0);
	ck_assert(p.devs[0].faults_set && !p.devs[0].nr_faults);
	ck_assert_int_ne(parse("defaults = { faults = (); };"), 0);
	ck_msg("t.cfg:1: defaults: 'faults' must be given per device");
}
END_TEST

/* Issue 26: a typo names the key meant; a missing file says why. */
START_TEST(profile_suggest)
{
	ck_assert_str_eq(ub_attr_suggest("capacit", NULL), "capacity");
	ck_assert_str_eq(ub_attr_suggest("nr_hw_queue", NULL), "nr_hw_queues");
	ck_assert_ptr_null(ub_attr_suggest("xyzzy", NULL));
	ck_assert_int_ne(parse("devices = ( { name = \"a\"; capcity = 1; } );"), 0);
	ck_msg("t.cfg:1: a: unknown key 'capcity', did you mean 'capacity'? (--skip-unknown to ignore it)");
	teardown();
	ck_assert_int_ne(parse("devics = ();"), 0);
	ck_msg("t.cfg:1: unknown top-level key 'devics', did you mean 'devices'?");
	teardown();
	ck_assert_int_ne(ub_profile_parse_file("/nonexistent/x.cfg", NULL, &p, &m), 0);
	ck_msg("/nonexistent/x.cfg: cannot read the profile: No such file or directory");
}
END_TEST

START_TEST(profile_round_trip)
{
	struct ub_profile first;
	char *buf = NULL;
	size_t len = 0;
	unsigned int i;
	FILE *f;

	ck_assert_int_eq(parse(
		"format_version = 1; driver_version = \"0.1.0\";\n"
		"defaults = { nr_hw_queues = 2; stats = false; };\n"
		"devices = (\n"
		" { name = \"a\"; index = 7; capacity = \"1T\"; memory_limit = 12345;\n"
		"   completion = \"model\"; completion_nsec = 10000000000L; power = false;\n"
		"   latency_model = \"lognormal 2ms 0.5 tail 1 20ms\"; },\n"
		" { name = \"b.c-d_e\"; capacity = 1536; logical_block_size = 512;\n"
		"   physical_block_size = 512; max_sectors = 65535; queue_depth = 4096;\n"
		"   poll_queues = 0; discard = false; write_zeroes = true; write_cache = true; }\n"
		");\n"), 0);
	first = p;
	memset(&p, 0, sizeof(p));
	f = open_memstream(&buf, &len);
	ub_profile_write(f, &first, "test");
	fclose(f);
	ck_assert_int_eq(ub_profile_parse_string(buf, "w.cfg", NULL, &p, &m), 0);
	ck_assert_str_eq(p.driver_version, "0.1.0");
	ck_assert_int_eq(p.format_version, UB_FORMAT_VERSION);
	ck_assert_uint_eq(p.nr_devs, first.nr_devs);
	for (i = 0; i < p.nr_devs; i++) {
		int a;

		ck_assert_str_eq(p.devs[i].name, first.devs[i].name);
		ck_assert_str_eq(p.devs[i].latency_model, first.devs[i].latency_model);
		for (a = 0; a < UB_NR_ATTRS; a++) {
			ck_assert_int_eq(p.devs[i].v[a].set, first.devs[i].v[a].set);
			ck_assert_uint_eq(p.devs[i].v[a].num, first.devs[i].v[a].num);
		}
	}
	for (i = 0; i < UB_NR_ATTRS; i++)
		ck_assert_uint_eq(p.defaults[i].num, first.defaults[i].num);
	ck_assert_msg(strstr(buf, "capacity = \"1T\";"), "%s", buf);
	ck_assert_msg(strstr(buf, "completion_nsec = 10000000000L;"), "%s", buf);
	ck_assert_msg(strstr(buf, "latency_model = \"lognormal 2ms 0.5 tail 1 20ms\";"), "%s", buf);
	/* power is the last key of a device. */
	ck_assert_msg(strstr(buf, "power = false;\n  }"), "%s", buf);
	ub_profile_free(&first);
	free(buf);
}
END_TEST

static void set(struct ub_val *v, int a, uint64_t n)
{
	v[a].set = true;
	v[a].num = n;
}

static void defaults_of(struct ub_val *cur, bool powered)
{
	memset(cur, 0, sizeof(*cur) * UB_NR_ATTRS);
	set(cur, UB_A_index, 0);
	set(cur, UB_A_capacity, 1ULL << 30);
	set(cur, UB_A_logical_block_size, 512);
	set(cur, UB_A_physical_block_size, 4096);
	set(cur, UB_A_nr_hw_queues, 2);
	set(cur, UB_A_poll_queues, 0);
	set(cur, UB_A_write_cache, 0);
	set(cur, UB_A_power, powered);
}

START_TEST(profile_diff_live_offline)
{
	struct ub_val want[UB_NR_ATTRS] = { 0 }, cur[UB_NR_ATTRS];
	struct ub_plan plan;
	bool live[UB_NR_ATTRS];

	ub_attr_set_from_list("power capacity nr_hw_queues poll_queues memory_limit stats", live);
	set(want, UB_A_power, 1);
	set(want, UB_A_capacity, 1ULL << 30);

	/* Missing: create, power last. */
	ub_plan_device(want, NULL, live, &plan);
	ck_assert_int_eq(plan.kind, UB_PLAN_CREATE);
	ck_assert_uint_eq(plan.nr, 2);
	ck_assert_int_eq(plan.c[1].attr, UB_A_power);

	/* Same values: nothing. */
	defaults_of(cur, true);
	ub_plan_device(want, cur, live, &plan);
	ck_assert_int_eq(plan.kind, UB_PLAN_NONE);
	ck_assert_uint_eq(plan.nr, 0);

	/* Live attributes only: changed live, no power writes. */
	set(want, UB_A_capacity, 2ULL << 30);
	set(want, UB_A_poll_queues, 1);
	ub_plan_device(want, cur, live, &plan);
	ck_assert_int_eq(plan.kind, UB_PLAN_LIVE);
	ck_assert_uint_eq(plan.nr, 2);
	ck_assert_int_eq(plan.c[0].attr, UB_A_capacity);
	ck_assert_uint_eq(plan.c[0].from, 1ULL << 30);
	ck_assert_int_eq(plan.c[1].attr, UB_A_poll_queues);

	/* A non-live attribute on a powered device: power cycle around it. */
	set(want, UB_A_write_cache, 1);
	ub_plan_device(want, cur, live, &plan);
	ck_assert_int_eq(plan.kind, UB_PLAN_RECREATE);
	ck_assert_int_eq(plan.c[0].attr, UB_A_power);
	ck_assert_uint_eq(plan.c[0].to, 0);
	ck_assert_int_eq(plan.c[plan.nr - 1].attr, UB_A_power);
	ck_assert_uint_eq(plan.c[plan.nr - 1].to, 1);

	/* The same device powered off: plain writes, then power on. */
	defaults_of(cur, false);
	ub_plan_device(want, cur, live, &plan);
	ck_assert_int_eq(plan.kind, UB_PLAN_OFFLINE);
	ck_assert_int_eq(plan.c[plan.nr - 1].attr, UB_A_power);

	/* power = false in the profile for a running device: off first. */
	defaults_of(cur, true);
	memset(want, 0, sizeof(want));
	set(want, UB_A_power, 0);
	set(want, UB_A_write_cache, 1);
	ub_plan_device(want, cur, live, &plan);
	ck_assert_int_eq(plan.kind, UB_PLAN_OFFLINE);
	ck_assert_uint_eq(plan.nr, 2);
	ck_assert_int_eq(plan.c[0].attr, UB_A_power);
	ck_assert_int_eq(plan.c[1].attr, UB_A_write_cache);
}
END_TEST

START_TEST(profile_write_order)
{
	struct ub_val want[UB_NR_ATTRS] = { 0 }, cur[UB_NR_ATTRS];
	struct ub_plan plan;
	bool live[UB_NR_ATTRS] = { 0 };

	/* 512/4096 -> 4096/4096 with an odd-sized target: lbs before capacity. */
	defaults_of(cur, false);
	set(want, UB_A_logical_block_size, 4096);
	set(want, UB_A_capacity, 12288);
	set(want, UB_A_power, 0);
	ub_plan_device(want, cur, live, &plan);
	ck_assert_uint_eq(plan.nr, 2);
	ck_assert_int_eq(plan.c[0].attr, UB_A_capacity);	/* 12288 % 512 == 0 */
	ck_assert_int_eq(plan.c[1].attr, UB_A_logical_block_size);

	/* 4096/4096 -> 512/512 with capacity 1536: pbs after lbs, capacity last. */
	set(cur, UB_A_logical_block_size, 4096);
	set(want, UB_A_logical_block_size, 512);
	set(want, UB_A_physical_block_size, 512);
	set(want, UB_A_capacity, 1536);
	ub_plan_device(want, cur, live, &plan);
	ck_assert_uint_eq(plan.nr, 3);
	ck_assert_int_eq(plan.c[0].attr, UB_A_logical_block_size);
	ck_assert_int_eq(plan.c[1].attr, UB_A_physical_block_size);
	ck_assert_int_eq(plan.c[2].attr, UB_A_capacity);

	/* 512/512 -> 4096/4096: raise pbs before lbs. */
	set(cur, UB_A_logical_block_size, 512);
	set(cur, UB_A_physical_block_size, 512);
	set(want, UB_A_logical_block_size, 4096);
	set(want, UB_A_physical_block_size, 4096);
	set(want, UB_A_capacity, 8192);
	ub_plan_device(want, cur, live, &plan);
	ck_assert_uint_eq(plan.nr, 3);
	ck_assert_int_eq(plan.c[0].attr, UB_A_capacity);
	ck_assert_int_eq(plan.c[1].attr, UB_A_physical_block_size);
	ck_assert_int_eq(plan.c[2].attr, UB_A_logical_block_size);
}
END_TEST

START_TEST(profile_cli_values)
{
	uint64_t v;

	ck_assert_ptr_null(ub_val_from_arg(UB_A_write_cache, "true", &v));
	ck_assert_uint_eq(v, 1);
	ck_assert_ptr_null(ub_val_from_arg(UB_A_capacity, "64M", &v));
	ck_assert_uint_eq(v, 64ULL << 20);
	ck_assert_ptr_null(ub_val_from_arg(UB_A_completion, "softirq", &v));
	ck_assert_uint_eq(v, 1);
	ck_assert_ptr_nonnull(ub_val_from_arg(UB_A_write_cache, "yes", &v));
	ck_assert_ptr_nonnull(ub_val_from_arg(UB_A_max_sectors, "7", &v));
	ck_assert_ptr_nonnull(ub_val_from_arg(UB_A_index, "1048576", &v));
	ck_assert_ptr_nonnull(ub_val_from_arg(UB_A_capacity, "100", &v));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("profile");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, profile_size_ok);
	tcase_add_test(tc, profile_size_rejects);
	tcase_add_test(tc, profile_parse_example);
	tcase_add_test(tc, profile_errors_have_lines);
	tcase_add_test(tc, profile_syntax_error);
	tcase_add_test(tc, profile_validate_cross);
	tcase_add_test(tc, profile_unknown_keys);
	tcase_add_test(tc, profile_round_trip);
	tcase_add_test(tc, profile_diff_live_offline);
	tcase_add_test(tc, profile_write_order);
	tcase_add_test(tc, profile_suggest);
	tcase_add_test(tc, profile_latency_model_errors);
	tcase_add_test(tc, profile_cli_values);
	suite_add_tcase(s, tc);
	return ub_unit_run(s);
}
