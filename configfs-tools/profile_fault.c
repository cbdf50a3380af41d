// SPDX-License-Identifier: GPL-2.0
/*
 * Fault rules: value syntax (shared by `fault add` and profiles), the
 * `faults = ( ... );` list of a device in a profile, its written form and
 * the diff against a device's rules.  See profile_fault.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libconfig.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

/* The driver's own lists: one spelling of every name. */
#define UB_OP(c, n)	[URINGBLK_OP_##c] = #n,
const char *const ub_op_names[URINGBLK_NR_OPS] = {
#include "../driver/op_list.h"
};
#undef UB_OP

#define UB_FAULT_TYPE(c, n)	[URINGBLK_FAULT_##c] = #n,
const char *const ub_fault_type_names[URINGBLK_NR_FAULT_TYPES] = {
#include "../driver/fault_type_list.h"
};
#undef UB_FAULT_TYPE

void ub_fault_rule_init(struct ub_fault_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->type = URINGBLK_FAULT_IO_ERROR;
	r->lba_end = UB_LBA_END;
	r->prob = URINGBLK_FAULT_PPM_MAX;
}

int ub_fault_parse_type(const char *s, uint16_t *type)
{
	unsigned int t;

	for (t = 0; t < URINGBLK_NR_FAULT_TYPES; t++) {
		if (!strcmp(s, ub_fault_type_names[t])) {
			*type = t;
			return 0;
		}
	}
	return -EINVAL;
}

int ub_fault_parse_ops(const char *s, uint32_t *out)
{
	char *copy, *tok, *save = NULL;
	uint32_t ops = 0;
	unsigned int i;
	int ret = 0;

	if (!strcmp(s, "any")) {
		*out = 0;
		return 0;
	}
	if (!*s || s[0] == ',' || s[strlen(s) - 1] == ',' || strstr(s, ",,"))
		return -EINVAL;
	copy = strdup(s);
	if (!copy)
		abort();
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < URINGBLK_NR_OPS; i++)
			if (!strcmp(tok, ub_op_names[i]))
				break;
		if (i == URINGBLK_NR_OPS) {
			ret = -EINVAL;
			break;
		}
		ops |= 1u << i;
	}
	free(copy);
	if (!ret)	/* every operation is "any", as the driver shows it */
		*out = ops == UB_FAULT_OPS_ALL ? 0 : ops;
	return ret;
}

int ub_fault_parse_lba(const char *s, uint64_t *start, uint64_t *end)
{
	const char *dash = strchr(s, '-');
	char first[32];

	if (!dash) {
		if (ub_parse_dec(s, start))
			return -EINVAL;
		*end = *start;
		return *start < UB_LBA_END ? 0 : -ERANGE;
	}
	if ((size_t)(dash - s) >= sizeof(first))
		return -EINVAL;
	memcpy(first, s, dash - s);
	first[dash - s] = 0;
	if (ub_parse_dec(first, start))
		return -EINVAL;
	if (!dash[1] || !strcmp(dash + 1, "end"))
		*end = UB_LBA_END;
	else if (ub_parse_dec(dash + 1, end))
		return -EINVAL;
	/* The driver takes at most U64_MAX - 1 as a number. */
	if (*start >= UB_LBA_END || *end < *start)
		return -ERANGE;
	return 0;
}

const char *ub_fault_key_suggest(const char *key)
{
	static const char *const keys[] = {
		"name", "type", "ops", "lba", "prob", "probability_ppm", "delay", "delay_us",
		"count", "torn", "torn_sectors", "enable", "after",
	};

	return ub_suggest(key, keys, sizeof(keys) / sizeof(keys[0]));
}

const char *ub_fault_ops_text(uint32_t ops, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int i;

	if (!ops || ops == UB_FAULT_OPS_ALL) {
		snprintf(buf, len, "any");
		return buf;
	}
	buf[0] = 0;
	for (i = 0; i < URINGBLK_NR_OPS && n < len; i++)
		if (ops & (1u << i))
			n += snprintf(buf + n, len - n, "%s%s", n ? "," : "", ub_op_names[i]);
	return buf;
}

const char *ub_fault_lba_text(uint64_t start, uint64_t end, char *buf, size_t len)
{
	if (end == UB_LBA_END)
		snprintf(buf, len, "%llu-end", (unsigned long long)start);
	else
		snprintf(buf, len, "%llu-%llu", (unsigned long long)start,
			 (unsigned long long)end);
	return buf;
}

static const char *parse_max(const char *val, uint64_t max, uint64_t *out)
{
	static char buf[96];

	if (ub_parse_dec(val, out))
		return "not a decimal number";
	if (*out > max) {
		snprintf(buf, sizeof(buf), "%llu out of range 0..%llu",
			 (unsigned long long)*out, (unsigned long long)max);
		return buf;
	}
	return NULL;
}

const char *ub_fault_set(struct ub_fault_rule *r, const char *key, const char *val,
			 bool *unknown)
{
	static char buf[160];
	const char *err;
	uint64_t v, start, end;
	int ret;

	*unknown = false;
	if (!strcmp(key, "type")) {
		if (ub_fault_parse_type(val, &r->type))
			return "not a fault type (io_error, medium_error, nospc, timeout, "
			       "delay, torn_write, corrupt_read, drop_write, powerfail)";
	} else if (!strcmp(key, "ops")) {
		if (ub_fault_parse_ops(val, &r->ops))
			return "not 'any' or a comma list of read, write, flush, discard, "
			       "write_zeroes";
	} else if (!strcmp(key, "lba")) {
		ret = ub_fault_parse_lba(val, &start, &end);
		if (ret == -ERANGE) {
			if (start >= UB_LBA_END)
				return "start out of range";
			snprintf(buf, sizeof(buf), "end %llu is before start %llu",
				 (unsigned long long)end, (unsigned long long)start);
			return buf;
		}
		if (ret)
			return "not START-END, START-end or one block N";
		r->lba_start = start;
		r->lba_end = end;
	} else if (!strcmp(key, "prob") || !strcmp(key, "probability_ppm")) {
		err = parse_max(val, URINGBLK_FAULT_PPM_MAX, &v);
		if (err)
			return err;
		r->prob = v;
	} else if (!strcmp(key, "delay") || !strcmp(key, "delay_us")) {
		err = parse_max(val, URINGBLK_FAULT_DELAY_MAX, &v);
		if (err)
			return err;
		r->delay_us = v;
	} else if (!strcmp(key, "count")) {
		err = parse_max(val, UINT64_MAX, &v);
		if (err)
			return err;
		r->count = v;
	} else if (!strcmp(key, "torn_sectors") || !strcmp(key, "torn")) {
		err = parse_max(val, UINT32_MAX, &v);
		if (err)
			return err;
		r->torn_sectors = v;
	} else if (!strcmp(key, "after")) {
		err = parse_max(val, UINT64_MAX, &v);
		if (err)
			return err;
		r->after = v;
	} else {
		*unknown = true;
		return "unknown key";
	}
	return NULL;
}

void ub_fault_rule_write(FILE *f, const char *indent, const struct ub_fault_rule *r)
{
	char ops[96], lba[64], count[32], after[48] = "";

	/* libconfig's integers stop at INT64_MAX: a string beyond. */
	snprintf(count, sizeof(count), r->count > INT64_MAX ? "\"%llu\"" :
		 r->count > INT32_MAX ? "%lluL" : "%llu", (unsigned long long)r->count);
	/* Only when set: profiles written before it read back the same. */
	if (r->after)
		snprintf(after, sizeof(after), r->after > INT64_MAX ? " after = \"%llu\";" :
			 r->after > INT32_MAX ? " after = %lluL;" : " after = %llu;",
			 (unsigned long long)r->after);
	fprintf(f, "%s{ name = \"%s\"; type = \"%s\"; ops = \"%s\"; lba = \"%s\"; "
		"prob = %u; delay = %u; torn_sectors = %llu%s; count = %s;%s enable = %s; }",
		indent, r->name, ub_fault_type_names[r->type],
		ub_fault_ops_text(r->ops, ops, sizeof(ops)),
		ub_fault_lba_text(r->lba_start, r->lba_end, lba, sizeof(lba)),
		r->prob, r->delay_us, (unsigned long long)r->torn_sectors,
		r->torn_sectors > INT32_MAX ? "L" : "", count, after, r->enable ? "true" : "false");
}

static uint64_t end_of(const struct ub_fault_rule *r, uint64_t last_block)
{
	return r->lba_end == UB_LBA_END ? last_block : r->lba_end;
}

static uint32_t ops_of(const struct ub_fault_rule *r)
{
	return r->ops == UB_FAULT_OPS_ALL ? 0 : r->ops;
}

/* Everything but enable. */
static bool attrs_eq(const struct ub_fault_rule *a, const struct ub_fault_rule *b,
		     uint64_t last_block)
{
	return a->type == b->type && ops_of(a) == ops_of(b) &&
	       a->lba_start == b->lba_start &&
	       end_of(a, last_block) == end_of(b, last_block) &&
	       a->prob == b->prob && a->delay_us == b->delay_us &&
	       a->torn_sectors == b->torn_sectors && a->count == b->count &&
	       a->after == b->after;
}

bool ub_fault_rule_eq(const struct ub_fault_rule *a, const struct ub_fault_rule *b,
		      uint64_t last_block)
{
	return attrs_eq(a, b, last_block) && a->enable == b->enable;
}

static void add_write(struct ub_fault_write *w, unsigned int *n, const char *attr,
		      uint64_t v)
{
	w[*n].attr = attr;
	snprintf(w[*n].val, sizeof(w[*n].val), "%llu", (unsigned long long)v);
	(*n)++;
}

unsigned int ub_fault_writes(const struct ub_fault_rule *want,
			     const struct ub_fault_rule *cur, uint64_t last_block,
			     struct ub_fault_write w[UB_FAULT_MAX_WRITES])
{
	struct ub_fault_rule fresh;
	uint64_t cur_end, want_end;
	bool armed, change;
	unsigned int n = 0;

	if (!cur) {
		ub_fault_rule_init(&fresh);
		cur = &fresh;
	}
	armed = cur->enable;
	change = !attrs_eq(want, cur, last_block);
	if (armed && change) {
		add_write(w, &n, "enable", 0);
		armed = false;
	}
	if (want->type != cur->type) {
		w[n].attr = "type";
		snprintf(w[n++].val, sizeof(w->val), "%s", ub_fault_type_names[want->type]);
	}
	if (ops_of(want) != ops_of(cur)) {
		w[n].attr = "ops";
		ub_fault_ops_text(want->ops, w[n++].val, sizeof(w->val));
	}
	/*
	 * A fresh rule runs to the last block whatever the size: keep that
	 * when the profile says "-end".  A rule that must change to "-end"
	 * gets the last block as a number (the driver takes no "end").
	 */
	cur_end = cur->lba_end;
	want_end = want->lba_end;
	if (want_end == UB_LBA_END && cur_end != UB_LBA_END)
		want_end = last_block;
	if (want->lba_start > cur_end) {
		if (want_end != cur_end)
			add_write(w, &n, "lba_end", want_end);
		add_write(w, &n, "lba_start", want->lba_start);
	} else {
		if (want->lba_start != cur->lba_start)
			add_write(w, &n, "lba_start", want->lba_start);
		if (want_end != cur_end)
			add_write(w, &n, "lba_end", want_end);
	}
	if (want->prob != cur->prob)
		add_write(w, &n, "probability_ppm", want->prob);
	if (want->delay_us != cur->delay_us)
		add_write(w, &n, "delay_us", want->delay_us);
	if (want->torn_sectors != cur->torn_sectors)
		add_write(w, &n, "torn_sectors", want->torn_sectors);
	if (want->count != cur->count)
		add_write(w, &n, "count", want->count);
	if (want->after != cur->after)
		add_write(w, &n, "after", want->after);
	if (want->enable != armed)
		add_write(w, &n, "enable", want->enable);
	return n;
}

static void plan_add(struct ub_fault_plan *plan, enum ub_fault_step_kind kind,
		     const struct ub_fault_rule *want, const struct ub_fault_rule *cur)
{
	struct ub_fault_step *grown = realloc(plan->s, (plan->nr + 1) * sizeof(*grown));

	if (!grown)
		abort();
	plan->s = grown;
	plan->s[plan->nr++] = (struct ub_fault_step){ kind, want, cur, false };
}

static int find(const struct ub_fault_rule *v, unsigned int nr, const char *name)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (!strcmp(v[i].name, name))
			return i;
	return -1;
}

void ub_fault_plan(const struct ub_fault_rule *want, unsigned int nr_want,
		   const struct ub_fault_rule *cur, unsigned int nr_cur,
		   uint64_t last_block, struct ub_fault_plan *plan)
{
	unsigned int i, c, kept = 0;
	int k, last = -1;

	memset(plan, 0, sizeof(*plan));
	/*
	 * New rules go behind the existing ones, so the rules that stay must
	 * be a prefix of the profile's, in the device's order: the longest
	 * such prefix stays, the profile's other rules are made (again)
	 * behind it.
	 */
	for (i = 0; i < nr_want; i++) {
		k = find(cur, nr_cur, want[i].name);
		if (k < 0 || k < last)
			break;
		last = k;
		kept++;
	}
	for (c = 0; c < nr_cur; c++) {
		k = find(want, nr_want, cur[c].name);
		if (k < 0 || (unsigned int)k >= kept) {
			plan_add(plan, UB_FSTEP_REMOVE, NULL, &cur[c]);
			plan->s[plan->nr - 1].moved = k >= 0;
		}
	}
	for (i = 0; i < kept; i++) {
		k = find(cur, nr_cur, want[i].name);
		if (!ub_fault_rule_eq(&want[i], &cur[k], last_block))
			plan_add(plan, UB_FSTEP_CHANGE, &want[i], &cur[k]);
	}
	for (i = kept; i < nr_want; i++)
		plan_add(plan, UB_FSTEP_CREATE, &want[i], NULL);
}

void ub_fault_plan_free(struct ub_fault_plan *plan)
{
	free(plan->s);
	memset(plan, 0, sizeof(*plan));
}

/* One member of a rule group; reports and returns -1 on a bad value. */
static int parse_key(const config_setting_t *s, const char *file, const char *who,
		     struct ub_fault_rule *r, struct ub_msgs *m)
{
	const char *key = config_setting_name(s), *err = NULL;
	int line = config_setting_source_line(s);
	char num[32];
	bool unknown;

	if (!strcmp(key, "enable")) {
		if (config_setting_type(s) == CONFIG_TYPE_BOOL)
			r->enable = config_setting_get_bool(s);
		else if (config_setting_type(s) == CONFIG_TYPE_INT &&
			 (unsigned int)config_setting_get_int(s) <= 1)
			r->enable = config_setting_get_int(s);
		else
			err = "must be true or false";
	} else {
		const char *val = NULL;

		switch (config_setting_type(s)) {
		case CONFIG_TYPE_STRING:
			val = config_setting_get_string(s);
			break;
		case CONFIG_TYPE_INT:
		case CONFIG_TYPE_INT64:
			if (config_setting_get_int64(s) < 0) {
				err = "negative values are not allowed";
				break;
			}
			snprintf(num, sizeof(num), "%lld",
				 (long long)config_setting_get_int64(s));
			val = num;
			break;
		default:
			err = "wrong type (want a number or a string)";
			break;
		}
		if (val) {
			err = ub_fault_set(r, key, val, &unknown);
			if (unknown) {
				const char *near = ub_fault_key_suggest(key);

				if (near)
					ub_msg_add(m, true, file, line,
						   "%s: unknown key '%s', did you mean '%s'?",
						   who, key, near);
				else
					ub_msg_add(m, true, file, line,
						   "%s: unknown key '%s' (name, " UB_FAULT_KEYS ", enable)",
						   who, key);
				return -1;
			}
			if (err && val != num) {
				ub_msg_add(m, true, file, line, "%s: %s: '%s': %s", who, key,
					   val, err);
				return -1;
			}
		}
	}
	if (err) {
		ub_msg_add(m, true, file, line, "%s: %s: %s", who, key, err);
		return -1;
	}
	return 0;
}

void ub_faults_parse(const struct config_setting_t *list, const char *file,
		     const char *dev, struct ub_fault_rule **rules, unsigned int *nr,
		     struct ub_msgs *m)
{
	config_setting_t *l = (config_setting_t *)list;
	int i, j, n;

	*rules = NULL;
	*nr = 0;
	if (!config_setting_is_list(l) && !(config_setting_is_array(l) &&
					     !config_setting_length(l))) {
		ub_msg_add(m, true, file, config_setting_source_line(l),
			   "%s: 'faults' must be a list: faults = ( { type = \"io_error\"; ... } );",
			   dev);
		return;
	}
	n = config_setting_length(l);
	*rules = calloc(n ? n : 1, sizeof(**rules));
	if (!*rules)
		abort();
	for (i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(l, i);
		struct ub_fault_rule *r = &(*rules)[*nr];
		config_setting_t *name;
		bool have_type = false;
		char who[128];
		int k;

		if (!config_setting_is_group(g)) {
			ub_msg_add(m, true, file, config_setting_source_line(g),
				   "%s: fault rule %d: must be a group { type = \"...\"; ... }",
				   dev, i + 1);
			continue;
		}
		ub_fault_rule_init(r);
		/* A rule in a profile is meant to be armed. */
		r->enable = true;
		r->line = config_setting_source_line(g);
		name = config_setting_get_member(g, "name");
		if (!name) {
			snprintf(r->name, sizeof(r->name), "f%d", i);
		} else if (config_setting_type(name) != CONFIG_TYPE_STRING ||
			   !ub_name_valid(config_setting_get_string(name))) {
			ub_msg_add(m, true, file, config_setting_source_line(name),
				   "%s: fault rule %d: bad rule name%s%s%s (1-%d characters of A-Z a-z 0-9 . _ -)",
				   dev, i + 1,
				   config_setting_type(name) == CONFIG_TYPE_STRING ? " '" : "",
				   config_setting_type(name) == CONFIG_TYPE_STRING ?
				   config_setting_get_string(name) : "",
				   config_setting_type(name) == CONFIG_TYPE_STRING ? "'" : "",
				   UB_RULE_NAME_MAX);
			continue;
		} else {
			snprintf(r->name, sizeof(r->name), "%s", config_setting_get_string(name));
			r->line = config_setting_source_line(name);
		}
		snprintf(who, sizeof(who), "%s: rule '%s'", dev, r->name);
		k = 0;
		for (j = 0; j < config_setting_length(g); j++) {
			config_setting_t *s = config_setting_get_elem(g, j);

			if (!strcmp(config_setting_name(s), "name"))
				continue;
			if (!strcmp(config_setting_name(s), "type"))
				have_type = true;
			k |= parse_key(s, file, who, r, m);
		}
		if (!have_type)
			ub_msg_add(m, true, file, r->line,
				   "%s: needs type = \"...\"; (io_error, medium_error, nospc, timeout, delay, torn_write, corrupt_read, drop_write, powerfail)",
				   who);
		for (j = 0; j < (int)*nr; j++) {
			if (!strcmp((*rules)[j].name, r->name)) {
				ub_msg_add(m, true, file, r->line,
					   "%s: duplicate rule name '%s' (first at line %d)",
					   dev, r->name, (*rules)[j].line);
				k = -1;
				break;
			}
		}
		if (!k && have_type)
			(*nr)++;
	}
}
