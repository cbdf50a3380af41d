// SPDX-License-Identifier: GPL-2.0
/*
 * Profile model: the attribute table, value parsing and checks, messages,
 * validation across devices and the diff that plans configfs writes.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "../driver/validate.h"
#include "parse.h"

#define UB_COMPLETION(w)	#w,
static const char *const ub_completion_words[] = {
#include "../driver/completion_list.h"
	NULL
};
#undef UB_COMPLETION

#define UB_BACKEND(w)	#w,
static const char *const ub_backend_words[] = {
#include "../driver/backend_list.h"
	NULL
};
#undef UB_BACKEND

/* The driver's table; "number of CPUs" is the guest's to check. */
#define UB_ATTR(n, k, l, lo, hi, d) [UB_A_##n] = {			\
	#n, (k) == UB_K_BACKEND ? UB_ENUM : (enum ub_kind)(k), lo,	\
	(hi) == UB_MAX_CPUS ? UINT32_MAX : (hi),			\
	(k) == UB_K_COMPLETION ? ub_completion_words :			\
	(k) == UB_K_BACKEND ? ub_backend_words : NULL, d },
const struct ub_attr ub_attrs[UB_NR_ATTRS] = {
#include "../driver/attr_list.h"
	[UB_A_power] = { "power", UB_BOOL, 0, 1, NULL },
};
#undef UB_ATTR

static char **ub_strs;
static uint64_t ub_nr_strs;

uint64_t ub_str_id(const char *s, size_t len)
{
	char **grown;
	uint64_t i;

	if (!len)
		return 0;
	for (i = 0; i < ub_nr_strs; i++)
		if (strlen(ub_strs[i]) == len && !strncmp(ub_strs[i], s, len))
			return i + 1;
	grown = realloc(ub_strs, (ub_nr_strs + 1) * sizeof(*ub_strs));
	if (!grown)
		abort();
	ub_strs = grown;
	ub_strs[ub_nr_strs] = strndup(s, len);
	if (!ub_strs[ub_nr_strs])
		abort();
	return ++ub_nr_strs;
}

const char *ub_str(uint64_t id)
{
	return id && id <= ub_nr_strs ? ub_strs[id - 1] : "";
}

int ub_attr_lookup(const char *name)
{
	int i;

	for (i = 0; i < UB_NR_ATTRS; i++)
		if (!strcmp(ub_attrs[i].name, name))
			return i;
	return -1;
}

/* Levenshtein distance of a and b, both at most 63 characters (else 64). */
static unsigned int distance(const char *a, const char *b)
{
	unsigned int row[64], i, j, diag, up, la = strlen(a), lb = strlen(b);

	if (la >= 64 || lb >= 64)
		return 64;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[lb];
}

const char *ub_suggest(const char *key, const char *const *words, unsigned int nr)
{
	unsigned int i, d, best = ~0u, limit = strlen(key) / 3;
	const char *pick = NULL;

	/* A third of the key may be wrong, one character at least: typos, not guesses. */
	if (limit < 1)
		limit = 1;
	for (i = 0; i < nr; i++) {
		d = distance(key, words[i]);
		if (d < best) {
			best = d;
			pick = words[i];
		}
	}
	return best <= limit ? pick : NULL;
}

const char *ub_attr_suggest(const char *key, const bool *supported)
{
	const char *words[UB_NR_ATTRS];
	unsigned int n = 0;
	int i;

	for (i = 0; i < UB_NR_ATTRS; i++)
		if (!supported || supported[i])
			words[n++] = ub_attrs[i].name;
	return ub_suggest(key, words, n);
}

void ub_attr_set_from_list(const char *list, bool set[UB_NR_ATTRS])
{
	char *copy = strdup(list ? list : ""), *save = NULL, *w;

	memset(set, 0, sizeof(bool) * UB_NR_ATTRS);
	for (w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		int a = ub_attr_lookup(w);

		if (a >= 0)
			set[a] = true;
	}
	free(copy);
}

/*
 * The driver's own parser (driver/parse.c), so a profile never says what
 * configfs refuses; like configfs it takes one trailing newline, which is
 * how values read back from configfs end.
 */
static int parse_number(const char *s, bool suffix, uint64_t *out)
{
	u64 v;

	if (ub_parse_u64(s, strlen(s), suffix, &v))
		return -1;
	*out = v;
	return 0;
}

int ub_parse_size(const char *s, uint64_t *out)
{
	return parse_number(s, true, out);
}

int ub_parse_dec(const char *s, uint64_t *out)
{
	return parse_number(s, false, out);
}

const char *ub_enum_hint(int attr)
{
	static char buf[128];
	const char *const *w = ub_attrs[attr].words;
	size_t n;

	n = snprintf(buf, sizeof(buf), "must be one of");
	for (; w && *w && n < sizeof(buf); w++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s %s",
			      w == ub_attrs[attr].words ? "" : ",", *w);
	return buf;
}

int ub_val_from_text(int attr, const char *text, uint64_t *out)
{
	const struct ub_attr *a = &ub_attrs[attr];
	size_t n = strcspn(text, "\n");
	unsigned int i;

	if (a->kind == UB_NODE) {
		u64 v;

		if (ub_parse_node(text, strlen(text), &v))
			return -1;
		*out = v;
		return 0;
	}
	if (a->kind == UB_STR) {
		/* As the driver: one trailing newline off, absolute or empty. */
		n = strlen(text);
		if (n && text[n - 1] == '\n')
			n--;
		if (n > a->max || (n && text[0] != '/'))
			return -1;
		*out = ub_str_id(text, n);
		return 0;
	}
	if (a->kind != UB_ENUM)
		return parse_number(text, a->kind == UB_SIZE, out);
	for (i = 0; a->words[i]; i++) {
		if (strlen(a->words[i]) == n && !strncmp(a->words[i], text, n)) {
			*out = i;
			return 0;
		}
	}
	return -1;
}

const char *ub_val_check(int attr, uint64_t v)
{
	const struct ub_attr *a = &ub_attrs[attr];
	static char buf[160];

	if (a->kind == UB_NODE && v == UB_NO_NODE)
		return NULL;
	if (a->kind == UB_STR)
		return NULL;	/* checked as text, in ub_val_from_text() */
	if (v < a->min || v > a->max) {
		if (a->kind == UB_BOOL)
			return "must be true or false";
		snprintf(buf, sizeof(buf), "%llu out of range %llu..%llu",
			 (unsigned long long)v, (unsigned long long)a->min,
			 (unsigned long long)a->max);
		return buf;
	}
	/* 0 is a file device's "size of the file"; else at least a block. */
	if (attr == UB_A_capacity && v && v < URINGBLK_BLOCK_SIZE_MIN)
		return "capacity must be 0 (file size) or at least 512";
	if ((attr == UB_A_logical_block_size || attr == UB_A_physical_block_size) &&
	    (v & (v - 1)))
		return "block size must be a power of two";
	return NULL;
}

const char *ub_val_from_arg(int attr, const char *text, uint64_t *out)
{
	const struct ub_attr *a = &ub_attrs[attr];

	if (a->kind == UB_BOOL) {
		if (!strcmp(text, "true") || !strcmp(text, "1"))
			*out = 1;
		else if (!strcmp(text, "false") || !strcmp(text, "0"))
			*out = 0;
		else
			return "must be true or false (or 1/0)";
		return NULL;
	}
	if (ub_val_from_text(attr, text, out)) {
		if (a->kind == UB_ENUM)
			return ub_enum_hint(attr);
		if (a->kind == UB_STR)
			return "must be an absolute path (or empty)";
		if (a->kind == UB_SIZE)
			return "not a size (decimal digits, optional K/M/G/T)";
		return "not a decimal number";
	}
	return ub_val_check(attr, *out);
}

void ub_val_format(int attr, uint64_t v, char *buf, size_t len)
{
	if (ub_attrs[attr].kind == UB_ENUM)
		snprintf(buf, len, "%s", ub_attrs[attr].words[v]);
	else if (ub_attrs[attr].kind == UB_NODE)
		snprintf(buf, len, "%lld", (long long)v);
	else if (ub_attrs[attr].kind == UB_STR)
		snprintf(buf, len, "%s", ub_str(v));
	else
		snprintf(buf, len, "%llu", (unsigned long long)v);
}

void ub_val_format_human(int attr, uint64_t v, char *buf, size_t len)
{
	static const char sfx[] = "KMGT";
	int i;

	if (ub_attrs[attr].kind == UB_SIZE && v) {
		for (i = 3; i >= 0; i--) {
			uint64_t unit = 1ULL << (10 * (i + 1));

			if (v % unit == 0) {
				snprintf(buf, len, "%llu%c",
					 (unsigned long long)(v / unit), sfx[i]);
				return;
			}
		}
	}
	ub_val_format(attr, v, buf, len);
}

void ub_msg_add(struct ub_msgs *m, bool error, const char *file, int line,
		const char *fmt, ...)
{
	char *body = NULL, *text = NULL, **grown;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&body, fmt, ap) < 0)
		body = NULL;
	va_end(ap);
	if (!body)
		abort();
	if (line > 0) {
		if (asprintf(&text, "%s:%d: %s%s", file, line,
			     error ? "" : "warning: ", body) < 0)
			abort();
	} else if (asprintf(&text, "%s: %s%s", file, error ? "" : "warning: ",
			    body) < 0) {
		abort();
	}
	free(body);
	grown = realloc(m->text, (m->nr + 1) * sizeof(*grown));
	if (!grown)
		abort();
	m->text = grown;
	m->text[m->nr++] = text;
	if (error)
		m->nr_errors++;
}

void ub_msgs_print(const struct ub_msgs *m, FILE *f)
{
	unsigned int i;

	for (i = 0; i < m->nr; i++)
		fprintf(f, "%s\n", m->text[i]);
}

void ub_msgs_free(struct ub_msgs *m)
{
	unsigned int i;

	for (i = 0; i < m->nr; i++)
		free(m->text[i]);
	free(m->text);
	memset(m, 0, sizeof(*m));
}

bool ub_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (!n || n > URINGBLK_NAME_MAX)
		return false;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789._-") == n;
}

struct ub_dev_spec *ub_profile_add_dev(struct ub_profile *p, const char *name)
{
	struct ub_dev_spec *grown = realloc(p->devs, (p->nr_devs + 1) * sizeof(*grown));

	if (!grown)
		abort();
	p->devs = grown;
	memset(&grown[p->nr_devs], 0, sizeof(*grown));
	snprintf(grown[p->nr_devs].name, sizeof(grown->name), "%s", name);
	return &grown[p->nr_devs++];
}

void ub_profile_free(struct ub_profile *p)
{
	unsigned int i;

	for (i = 0; i < p->nr_devs; i++)
		free(p->devs[i].faults);
	free(p->devs);
	memset(p, 0, sizeof(*p));
}

void ub_profile_effective(const struct ub_profile *p, unsigned int i,
			  struct ub_val out[UB_NR_ATTRS])
{
	int a;

	for (a = 0; a < UB_NR_ATTRS; a++)
		out[a] = p->devs[i].v[a].set ? p->devs[i].v[a] : p->defaults[a];
	/* A profile describes devices in use: power them on unless told not. */
	if (!out[UB_A_power].set) {
		out[UB_A_power].set = true;
		out[UB_A_power].num = 1;
	}
}

/* The line to blame for a value: its own, else the device's. */
static int blame(const struct ub_val *v, int fallback)
{
	return v->set && v->line ? v->line : fallback;
}

/*
 * The driver's rules between settings (driver/validate.c), on the device
 * as the profile makes it from the driver's defaults: the words a power
 * on would put in last_error, after "FILE:LINE: NAME: ".
 */
static void validate_settings(const struct ub_profile *p,
			      const struct ub_dev_spec *d,
			      const struct ub_val v[UB_NR_ATTRS], struct ub_msgs *m)
{
	struct ub_verdict verdict;
	uint64_t s[UB_V_NR];
	int a;

	for (a = 0; a < UB_V_NR; a++) {
		s[a] = v[a].set ? v[a].num : ub_attrs[a].def;
		if (ub_attrs[a].kind == UB_STR)
			s[a] = v[a].set && v[a].num;	/* ub_str_id(""): 0 */
	}
	if (ub_validate(s, &verdict))
		ub_msg_add(m, true, p->file, blame(&v[verdict.setting], d->line),
			   "%s: %s: %s", d->name, strerrorname_np(-verdict.err),
			   verdict.why);
}

unsigned int ub_profile_validate(const struct ub_profile *p, struct ub_msgs *m)
{
	unsigned int before = m->nr_errors, i, j;
	struct ub_val v[UB_NR_ATTRS];

	for (i = 0; i < p->nr_devs; i++) {
		const struct ub_dev_spec *d = &p->devs[i];

		ub_profile_effective(p, i, v);
		for (j = 0; j < i; j++) {
			struct ub_val w[UB_NR_ATTRS];

			if (!strcmp(p->devs[j].name, d->name))
				ub_msg_add(m, true, p->file, d->line,
					   "duplicate device name '%s' (first at line %d)",
					   d->name, p->devs[j].line);
			ub_profile_effective(p, j, w);
			/* An index only in defaults would collide on every device. */
			if (v[UB_A_index].set && w[UB_A_index].set &&
			    v[UB_A_index].num == w[UB_A_index].num)
				ub_msg_add(m, true, p->file, blame(&v[UB_A_index], d->line),
					   "%s: duplicate index %llu (also device '%s')",
					   d->name, (unsigned long long)v[UB_A_index].num,
					   p->devs[j].name);
		}
		validate_settings(p, d, v, m);
	}
	return m->nr_errors - before;
}

const char *ub_plan_kind_name(enum ub_plan_kind k)
{
	static const char *const names[] = {
		[UB_PLAN_NONE] = "unchanged", [UB_PLAN_CREATE] = "create",
		[UB_PLAN_LIVE] = "change live", [UB_PLAN_OFFLINE] = "change",
		[UB_PLAN_RECREATE] = "power cycle",
	};
	return names[k];
}

static void plan_add(struct ub_plan *plan, int attr, const struct ub_val *cur,
		     uint64_t to)
{
	struct ub_change *c = &plan->c[plan->nr++];

	c->attr = attr;
	c->had = cur && cur->set;
	c->from = c->had ? cur->num : 0;
	c->to = to;
}

/*
 * The driver checks physical >= logical and capacity % logical on every
 * single write against the values it holds, so the order matters: raise
 * the physical size before a logical size that would pass it, and write
 * the capacity before the block size only if it already fits the old one.
 */
static void plan_order(struct ub_plan *plan, const struct ub_val *cur)
{
	uint64_t cur_lbs = 512, cur_pbs = 4096;
	int lbs_at = -1, pbs_at = -1, cap_at = -1;
	unsigned int i;
	struct ub_change t;

	if (cur) {
		if (cur[UB_A_logical_block_size].set)
			cur_lbs = cur[UB_A_logical_block_size].num;
		if (cur[UB_A_physical_block_size].set)
			cur_pbs = cur[UB_A_physical_block_size].num;
	}
	for (i = 0; i < plan->nr; i++) {
		if (plan->c[i].attr == UB_A_logical_block_size)
			lbs_at = i;
		if (plan->c[i].attr == UB_A_physical_block_size)
			pbs_at = i;
		if (plan->c[i].attr == UB_A_capacity)
			cap_at = i;
	}
	/* Table order is index, lbs, pbs, capacity: lbs before pbs. */
	if (lbs_at >= 0 && pbs_at >= 0 && plan->c[lbs_at].to > cur_pbs) {
		t = plan->c[lbs_at];
		plan->c[lbs_at] = plan->c[pbs_at];
		plan->c[pbs_at] = t;
		i = lbs_at;
		lbs_at = pbs_at;
		pbs_at = i;
	}
	if (cap_at >= 0 && lbs_at >= 0 && plan->c[cap_at].to % cur_lbs == 0 &&
	    cap_at > lbs_at) {
		/* Move capacity to the front of the block-size writes. */
		int first = lbs_at < pbs_at || pbs_at < 0 ? lbs_at : pbs_at;

		t = plan->c[cap_at];
		memmove(&plan->c[first + 1], &plan->c[first],
			(cap_at - first) * sizeof(t));
		plan->c[first] = t;
	}
}

void ub_plan_device(const struct ub_val want[UB_NR_ATTRS],
		    const struct ub_val *cur, const bool live[UB_NR_ATTRS],
		    struct ub_plan *plan)
{
	bool powered = cur && cur[UB_A_power].set && cur[UB_A_power].num;
	bool offline_change = false;
	int a;

	memset(plan, 0, sizeof(*plan));
	if (powered && want[UB_A_power].set && !want[UB_A_power].num) {
		/* Switching off first lets every other attribute change. */
		plan_add(plan, UB_A_power, &cur[UB_A_power], 0);
		powered = false;
	}
	for (a = 0; a < UB_A_power; a++) {
		if (!want[a].set)
			continue;	/* not in the profile: left as it is */
		if (cur && cur[a].set && cur[a].num == want[a].num)
			continue;
		plan_add(plan, a, cur ? &cur[a] : NULL, want[a].num);
		if (powered && !live[a])
			offline_change = true;
	}
	plan_order(plan, cur);
	if (!cur)
		plan->kind = UB_PLAN_CREATE;
	else if (offline_change)
		plan->kind = UB_PLAN_RECREATE;
	else if (powered)
		plan->kind = plan->nr ? UB_PLAN_LIVE : UB_PLAN_NONE;
	else
		plan->kind = plan->nr ? UB_PLAN_OFFLINE : UB_PLAN_NONE;

	if (plan->kind == UB_PLAN_RECREATE) {
		memmove(&plan->c[1], &plan->c[0], plan->nr * sizeof(plan->c[0]));
		plan->c[0] = (struct ub_change){ UB_A_power, true, 1, 0 };
		plan->nr++;
		powered = false;
	}
	if (want[UB_A_power].num && !powered) {
		plan_add(plan, UB_A_power, cur ? &cur[UB_A_power] : NULL, 1);
		if (plan->kind == UB_PLAN_RECREATE)
			plan->c[plan->nr - 1].from = 0;
		if (plan->kind == UB_PLAN_NONE)
			plan->kind = UB_PLAN_OFFLINE;
	}
}
