// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests (Check) for fault rules in uringblkctl profiles: the
 * `faults = ( ... );` syntax and its file:line messages, the write ->
 * parse round trip, the configfs writes that change one rule and the
 * diff of a device's rules against a profile's.
 * No kernel involved: configfs-tools/profile*.c only.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "profile_fixture.h"
#include "unit.h"

START_TEST(fault_parse_full)
{
	const struct ub_fault_rule *r;

	ck_assert_int_eq(parse(
		"devices = ( { name = \"d0\"; capacity = \"16M\";\n"
		"  faults = (\n"
		"    { name = \"bad1\"; type = \"io_error\"; lba = \"1000-1999\"; ops = \"read,write\";\n"
		"      prob = 1000000; delay = 0; torn_sectors = 0; count = 0; enable = true; },\n"
		"    { type = \"delay\"; delay = 500; prob = \"250000\"; },\n"
		"    { type = \"torn_write\"; torn_sectors = 3; count = 1; enable = false; lba = 7; },\n"
		"    { name = \"all\"; type = \"nospc\"; ops = \"read,write,flush,discard,write_zeroes\"; lba = \"5-end\"; },\n"
		"    { type = \"drop_write\"; ops = \"flush\"; after = 3; count = 1; }\n"
		"  ); } );\n"), 0);
	ck_assert(p.devs[0].faults_set);
	ck_assert_uint_eq(p.devs[0].nr_faults, 5);
	r = p.devs[0].faults;
	ck_assert_str_eq(r[0].name, "bad1");
	ck_assert_int_eq(r[0].line, 3);
	ck_assert_uint_eq(r[0].type, URINGBLK_FAULT_IO_ERROR);
	ck_assert_uint_eq(r[0].ops, (1u << URINGBLK_OP_READ) | (1u << URINGBLK_OP_WRITE));
	ck_assert_uint_eq(r[0].lba_start, 1000);
	ck_assert_uint_eq(r[0].lba_end, 1999);
	ck_assert_uint_eq(r[0].prob, 1000000);
	ck_assert(r[0].enable);
	/* Unnamed rules are f<position>; enable defaults to true. */
	ck_assert_str_eq(r[1].name, "f1");
	ck_assert_uint_eq(r[1].type, URINGBLK_FAULT_DELAY);
	ck_assert_uint_eq(r[1].delay_us, 500);
	ck_assert_uint_eq(r[1].prob, 250000);
	ck_assert_uint_eq(r[1].ops, 0);
	ck_assert_uint_eq(r[1].lba_start, 0);
	ck_assert_uint_eq(r[1].lba_end, UB_LBA_END);
	ck_assert(r[1].enable);
	ck_assert_str_eq(r[2].name, "f2");
	ck_assert_uint_eq(r[2].torn_sectors, 3);
	ck_assert_uint_eq(r[2].count, 1);
	ck_assert_uint_eq(r[2].lba_start, 7);
	ck_assert_uint_eq(r[2].lba_end, 7);
	ck_assert(!r[2].enable);
	/* Every operation is "any", as the driver shows it. */
	ck_assert_uint_eq(r[3].ops, 0);
	ck_assert_uint_eq(r[3].lba_start, 5);
	ck_assert_uint_eq(r[3].lba_end, UB_LBA_END);
	ck_assert_uint_eq(r[3].after, 0);
	ck_assert_uint_eq(r[4].type, URINGBLK_FAULT_DROP_WRITE);
	ck_assert_uint_eq(r[4].after, 3);
	ck_assert_uint_eq(r[4].count, 1);

	/* No key: rules left alone; an empty list: none wanted. */
	ck_assert_int_eq(parse("devices = ( { name = \"d0\"; } );"), 0);
	ck_assert(!p.devs[0].faults_set);
	ck_assert_int_eq(parse("devices = ( { name = \"d0\"; faults = (); } );"), 0);
	ck_assert(p.devs[0].faults_set && !p.devs[0].nr_faults);
}
END_TEST

START_TEST(fault_parse_errors)
{
	ck_assert_int_ne(parse(
		"devices = ( { name = \"d0\";\n"
		"  faults = (\n"
		"    { name = \"a\"; type = \"bogus\"; },\n"			/* 3 */
		"    { name = \"b\"; type = \"io_error\"; ops = \"read,fsync\"; },\n"
		"    { name = \"c\"; type = \"io_error\"; lba = \"20-10\"; },\n"
		"    { name = \"d\"; type = \"io_error\"; prob = 1000001; },\n"
		"    { name = \"e\"; type = \"io_error\"; colour = \"red\"; },\n"
		"    { name = \"a\"; type = \"io_error\"; },\n"			/* 8 */
		"    { name = \"bad name\"; type = \"io_error\"; },\n"
		"    { name = \"x23456789012345678901234567890123\"; type = \"delay\"; },\n"
		"    { ops = \"read\"; },\n"					/* 11 */
		"    { name = \"f\"; type = \"delay\"; delay = 10000001; enable = 2; },\n"
		"    { name = \"g\"; type = \"io_error\"; lba = \"x\"; prob = -1; },\n"
		"    \"io_error\",\n"						/* 14 */
		"    { name = \"a\"; type = \"io_error\"; }\n"			/* 15 */
		"  ); } );\n"
		"defaults = { faults = (); };\n"), 0);
	ck_msg("t.cfg:3: d0: rule 'a': type: 'bogus': not a fault type (io_error, medium_error, nospc, timeout, delay, torn_write, corrupt_read, drop_write, powerfail)");
	ck_msg("t.cfg:4: d0: rule 'b': ops: 'read,fsync': not 'any' or a comma list of read, write, flush, discard, write_zeroes");
	ck_msg("t.cfg:5: d0: rule 'c': lba: '20-10': end 10 is before start 20");
	ck_msg("t.cfg:6: d0: rule 'd': prob: 1000001 out of range 0..1000000");
	ck_msg("t.cfg:7: d0: rule 'e': unknown key 'colour' (name, type, ops, lba, prob, delay, count, torn_sectors, after, enable)");
	ck_msg("t.cfg:9: d0: fault rule 7: bad rule name 'bad name' (1-32 characters of A-Z a-z 0-9 . _ -)");
	ck_msg("t.cfg:10: d0: fault rule 8: bad rule name 'x23456789012345678901234567890123' (1-32 characters of A-Z a-z 0-9 . _ -)");
	ck_msg("t.cfg:11: d0: rule 'f8': needs type = \"...\"; (io_error, medium_error, nospc, timeout, delay, torn_write, corrupt_read, drop_write, powerfail)");
	ck_msg("t.cfg:12: d0: rule 'f': delay: 10000001 out of range 0..10000000");
	ck_msg("t.cfg:12: d0: rule 'f': enable: must be true or false");
	ck_msg("t.cfg:13: d0: rule 'g': lba: 'x': not START-END, START-end or one block N");
	ck_msg("t.cfg:13: d0: rule 'g': prob: negative values are not allowed");
	ck_msg("t.cfg:14: d0: fault rule 12: must be a group { type = \"...\"; ... }");
	ck_msg("t.cfg:17: defaults: 'faults' must be given per device");
	/* The first 'a' was bad, so the one at line 8 is the first good one. */
	ck_msg("t.cfg:15: d0: duplicate rule name 'a' (first at line 8)");
	ck_assert_uint_eq(m.nr_errors, 15);

	ck_assert_int_ne(parse("devices = ( { name = \"d0\"; faults = { type = \"io_error\"; }; } );"), 0);
	ck_msg("t.cfg:1: d0: 'faults' must be a list: faults = ( { type = \"io_error\"; ... } );");
	ck_assert_int_ne(parse(
		"devices = ( { name = \"d0\";\n faults = ();\n faults = ( { type = \"io_error\"; } ); } );"), 0);
	ck_msg("t.cfg:3: duplicate setting name");	/* libconfig's own */
	/* Two unnamed rules and a named f1: the default name collides. */
	ck_assert_int_ne(parse(
		"devices = ( { name = \"d0\"; faults = (\n { type = \"delay\"; },\n"
		" { name = \"f0\"; type = \"nospc\"; } ); } );"), 0);
	ck_msg("t.cfg:3: d0: duplicate rule name 'f0' (first at line 2)");
}
END_TEST

START_TEST(fault_cli_values)
{
	struct ub_fault_rule r;
	bool unknown;

	ub_fault_rule_init(&r);
	ck_assert_ptr_null(ub_fault_set(&r, "lba", "100-", &unknown));
	ck_assert_uint_eq(r.lba_end, UB_LBA_END);
	ck_assert_ptr_null(ub_fault_set(&r, "lba", "100-end", &unknown));
	ck_assert_ptr_null(ub_fault_set(&r, "probability_ppm", "0", &unknown));
	ck_assert_ptr_null(ub_fault_set(&r, "torn", "8", &unknown));
	ck_assert_uint_eq(r.torn_sectors, 8);
	ck_assert_ptr_nonnull(ub_fault_set(&r, "lba", "18446744073709551615", &unknown));
	ck_assert_ptr_nonnull(ub_fault_set(&r, "ops", "read,,write", &unknown));
	ck_assert_ptr_nonnull(ub_fault_set(&r, "ops", "", &unknown));
	ck_assert_ptr_nonnull(ub_fault_set(&r, "count", "01", &unknown));
	ck_assert(!unknown);
	ck_assert_ptr_nonnull(ub_fault_set(&r, "enable", "1", &unknown));
	ck_assert(unknown);
}
END_TEST

START_TEST(fault_round_trip)
{
	struct ub_profile first;
	char *buf = NULL;
	size_t len = 0;
	unsigned int i;
	FILE *f;

	ck_assert_int_eq(parse(
		"devices = ( { name = \"d0\"; capacity = \"16M\"; power = true;\n"
		"  faults = (\n"
		"    { name = \"bad1\"; type = \"io_error\"; lba = \"1000-1999\"; ops = \"read,write\"; },\n"
		"    { name = \"uring.3\"; type = \"corrupt_read\"; lba = \"7-end\"; prob = 10; enable = false; },\n"
		"    { type = \"torn_write\"; torn_sectors = 4294967295L; count = \"18446744073709551615\";\n"
		"      delay = 10000000; ops = \"discard,write_zeroes,flush\"; after = \"18446744073709551615\"; }\n"
		"  ); },\n"
		" { name = \"d1\"; faults = (); },\n"
		" { name = \"d2\"; } );\n"), 0);
	first = p;
	memset(&p, 0, sizeof(p));
	f = open_memstream(&buf, &len);
	ub_profile_write(f, &first, NULL);
	fclose(f);
	ck_assert_msg(!ub_profile_parse_string(buf, "w.cfg", NULL, &p, &m), "%s", buf);
	ck_assert_uint_eq(p.nr_devs, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(p.devs[i].faults_set, first.devs[i].faults_set);
		ck_assert_uint_eq(p.devs[i].nr_faults, first.devs[i].nr_faults);
	}
	for (i = 0; i < first.devs[0].nr_faults; i++) {
		struct ub_fault_rule *a = &first.devs[0].faults[i], *b = &p.devs[0].faults[i];

		ck_assert_str_eq(a->name, b->name);
		ck_assert(ub_fault_rule_eq(a, b, 12345));
		ck_assert_uint_eq(a->lba_end, b->lba_end);
	}
	ck_assert_msg(strstr(buf,
		"      { name = \"bad1\"; type = \"io_error\"; ops = \"read,write\"; lba = \"1000-1999\"; "
		"prob = 1000000; delay = 0; torn_sectors = 0; count = 0; enable = true; },\n"), "%s", buf);
	ck_assert_msg(strstr(buf, "lba = \"7-end\";"), "%s", buf);
	ck_assert_msg(strstr(buf, "count = \"18446744073709551615\";"), "%s", buf);
	ck_assert_msg(strstr(buf, "count = \"18446744073709551615\"; after = \"18446744073709551615\";"),
		      "%s", buf);
	ck_assert_msg(strstr(buf, "ops = \"flush,discard,write_zeroes\";"), "%s", buf);
	/* Rules before power: power stays the last key of a device. */
	ck_assert_msg(strstr(buf, "    );\n    power = true;\n  }"), "%s", buf);
	ck_assert_msg(strstr(buf, "faults = ( );"), "%s", buf);
	ub_profile_free(&first);
	free(buf);
}
END_TEST

static struct ub_fault_rule rule(const char *name, uint64_t start, uint64_t end, bool on)
{
	struct ub_fault_rule r;

	ub_fault_rule_init(&r);
	snprintf(r.name, sizeof(r.name), "%s", name);
	r.lba_start = start;
	r.lba_end = end;
	r.enable = on;
	return r;
}

static const char *writes_text(const struct ub_fault_rule *want, const struct ub_fault_rule *cur,
			       uint64_t last)
{
	static char buf[512];
	struct ub_fault_write w[UB_FAULT_MAX_WRITES];
	unsigned int n = ub_fault_writes(want, cur, last, w), i;
	size_t len = 0;

	buf[0] = 0;
	for (i = 0; i < n; i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s=%s", i ? " " : "",
				w[i].attr, w[i].val);
	return buf;
}

START_TEST(fault_writes_order)
{
	struct ub_fault_rule want = rule("r", 1000, 1999, true), cur;

	want.ops = 1u << URINGBLK_OP_READ;
	/* A fresh rule: only what differs from the defaults, enable last. */
	ck_assert_str_eq(writes_text(&want, NULL, 32767),
			 "ops=read lba_start=1000 lba_end=1999 enable=1");
	want = rule("r", 5, UB_LBA_END, true);
	want.type = URINGBLK_FAULT_DELAY;
	want.delay_us = 100;
	ck_assert_str_eq(writes_text(&want, NULL, 32767),
			 "type=delay lba_start=5 delay_us=100 enable=1");
	/* Armed and changing: disarm, write, arm again. */
	cur = rule("r", 100, 199, true);
	want = rule("r", 100, 199, true);
	want.prob = 5000;
	ck_assert_str_eq(writes_text(&want, &cur, 32767),
			 "enable=0 probability_ppm=5000 enable=1");
	/* Only enable differs: no disarm dance. */
	want = rule("r", 100, 199, false);
	ck_assert_str_eq(writes_text(&want, &cur, 32767), "enable=0");
	/* Moving up past the old end: end first, so start <= end holds. */
	cur.enable = false;
	want = rule("r", 300, 400, false);
	ck_assert_str_eq(writes_text(&want, &cur, 32767), "lba_end=400 lba_start=300");
	want = rule("r", 10, 20, false);
	ck_assert_str_eq(writes_text(&want, &cur, 32767), "lba_start=10 lba_end=20");
	/* "-end" against a read-back number: same when it is the last block. */
	cur = rule("r", 0, 32767, true);
	want = rule("r", 0, UB_LBA_END, true);
	ck_assert(ub_fault_rule_eq(&want, &cur, 32767));
	ck_assert_str_eq(writes_text(&want, &cur, 32767), "");
	cur.lba_end = 99;
	ck_assert_str_eq(writes_text(&want, &cur, 32767), "enable=0 lba_end=32767 enable=1");
	/* A changed armed rule that ends disarmed. */
	cur = rule("r", 0, 99, true);
	want = rule("r", 0, 99, false);
	want.count = 3;
	ck_assert_str_eq(writes_text(&want, &cur, 32767), "enable=0 count=3");
}
END_TEST

static const char *plan_text(const struct ub_fault_rule *want, unsigned int nw,
			     const struct ub_fault_rule *cur, unsigned int nc)
{
	static const char *const kinds[] = { "-", "~", "+" };
	static char buf[512];
	struct ub_fault_plan plan;
	size_t len = 0;
	unsigned int i;

	ub_fault_plan(want, nw, cur, nc, 32767, &plan);
	buf[0] = 0;
	for (i = 0; i < plan.nr; i++) {
		const struct ub_fault_step *s = &plan.s[i];

		len += snprintf(buf + len, sizeof(buf) - len, "%s%s%s%s", i ? " " : "",
				kinds[s->kind], s->want ? s->want->name : s->cur->name,
				s->moved ? "(moved)" : "");
	}
	ub_fault_plan_free(&plan);
	return buf;
}

START_TEST(fault_plan_diff)
{
	struct ub_fault_rule a = rule("a", 0, 9, true), b = rule("b", 10, 19, true);
	struct ub_fault_rule c = rule("c", 20, 29, true), b2 = rule("b", 10, 19, true);
	struct ub_fault_rule u = rule("uring.0", 0, 32767, true);
	struct ub_fault_rule want[3], cur[4];

	/* Same rules, same order: nothing to do (idempotent). */
	want[0] = a; want[1] = b;
	cur[0] = a; cur[1] = b;
	ck_assert_str_eq(plan_text(want, 2, cur, 2), "");
	/* New device or no rules yet: all made, in profile order. */
	ck_assert_str_eq(plan_text(want, 2, NULL, 0), "+a +b");
	/* A rule the profile drops goes, whatever made it. */
	cur[2] = u;
	ck_assert_str_eq(plan_text(want, 2, cur, 3), "-uring.0");
	/* A changed rule changes in place, keeping its place and hits. */
	b2.prob = 10;
	want[1] = b2;
	ck_assert_str_eq(plan_text(want, 2, cur, 2), "~b");
	/* A new rule after the kept ones is only appended. */
	want[1] = b; want[2] = c;
	ck_assert_str_eq(plan_text(want, 3, cur, 2), "+c");
	/* A new rule in front of kept ones: those after it are remade. */
	want[0] = c; want[1] = a; want[2] = b;
	ck_assert_str_eq(plan_text(want, 3, cur, 2), "-a(moved) -b(moved) +c +a +b");
	/* Swapped order: the first stays, the one that must move is remade. */
	want[0] = b; want[1] = a;
	ck_assert_str_eq(plan_text(want, 2, cur, 2), "-a(moved) +a");
	/* Dropped rules in between do not break the order of the rest. */
	cur[0] = a; cur[1] = u; cur[2] = b;
	want[0] = a; want[1] = b;
	ck_assert_str_eq(plan_text(want, 2, cur, 3), "-uring.0");
	/* An empty list removes everything. */
	ck_assert_str_eq(plan_text(want, 0, cur, 3), "-a -uring.0 -b");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("profile_fault");
	TCase *tc = tcase_create("profile_fault");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, fault_parse_full);
	tcase_add_test(tc, fault_parse_errors);
	tcase_add_test(tc, fault_cli_values);
	tcase_add_test(tc, fault_round_trip);
	tcase_add_test(tc, fault_writes_order);
	tcase_add_test(tc, fault_plan_diff);
	suite_add_tcase(s, tc);
	return ub_unit_run(s);
}
