// SPDX-License-Identifier: GPL-2.0
/*
 * Profile writing: the inverse of profile_parse.c.  Sizes come out with a
 * suffix when exact ("4G"), numbers past 32 bits with libconfig's L suffix
 * (a plain literal that large would not parse back), fault rules one a
 * line, power last in each device so a restored device is fully set up
 * before it goes live.
 */
#include <string.h>

#include "profile.h"

static void write_val(FILE *f, const char *indent, int attr, uint64_t v)
{
	const struct ub_attr *a = &ub_attrs[attr];
	char buf[64];

	switch (a->kind) {
	case UB_BOOL:
		fprintf(f, "%s%s = %s;\n", indent, a->name, v ? "true" : "false");
		break;
	case UB_STR:
		/* libconfig strings: backslash and quote escaped. */
		fprintf(f, "%s%s = \"", indent, a->name);
		for (const char *s = ub_str(v); *s; s++)
			fprintf(f, "%s%c", *s == '"' || *s == '\\' ? "\\" : "", *s);
		fprintf(f, "\";\n");
		break;
	case UB_ENUM:
	case UB_SIZE:
		ub_val_format_human(attr, v, buf, sizeof(buf));
		fprintf(f, "%s%s = \"%s\";\n", indent, a->name, buf);
		break;
	case UB_NODE:
		fprintf(f, "%s%s = %lld;\n", indent, a->name, (long long)v);
		break;
	default:
		fprintf(f, "%s%s = %llu%s;\n", indent, a->name, (unsigned long long)v,
			v > INT32_MAX ? "L" : "");
		break;
	}
}

/* One rule a line, in evaluation order; before power, like the writes. */
static void write_faults(FILE *f, const struct ub_dev_spec *d)
{
	unsigned int i;

	if (!d->nr_faults) {
		fprintf(f, "    faults = ( );\n");
		return;
	}
	fprintf(f, "    faults = (\n");
	for (i = 0; i < d->nr_faults; i++) {
		ub_fault_rule_write(f, "      ", &d->faults[i]);
		fprintf(f, "%s\n", i + 1 < d->nr_faults ? "," : "");
	}
	fprintf(f, "    );\n");
}

static bool any_set(const struct ub_val *v)
{
	int a;

	for (a = 0; a < UB_NR_ATTRS; a++)
		if (v[a].set)
			return true;
	return false;
}

void ub_profile_write(FILE *f, const struct ub_profile *p, const char *comment)
{
	unsigned int i;
	int a;

	if (comment)
		fprintf(f, "# %s\n", comment);
	fprintf(f, "format_version = %d;\n", UB_FORMAT_VERSION);
	if (p->driver_version[0])
		fprintf(f, "driver_version = \"%s\";\n", p->driver_version);
	if (any_set(p->defaults)) {
		fprintf(f, "defaults = {\n");
		for (a = 0; a < UB_NR_ATTRS; a++)
			if (p->defaults[a].set)
				write_val(f, "  ", a, p->defaults[a].num);
		fprintf(f, "};\n");
	}
	fprintf(f, "devices = (");
	for (i = 0; i < p->nr_devs; i++) {
		const struct ub_dev_spec *d = &p->devs[i];

		fprintf(f, "%s\n  {\n    name = \"%s\";\n", i ? "," : "", d->name);
		for (a = 0; a < UB_A_power; a++)
			if (d->v[a].set)
				write_val(f, "    ", a, d->v[a].num);
		if (d->faults_set)
			write_faults(f, d);
		/* A spec is printable ASCII; only its quotes need escaping. */
		if (d->latency_model[0]) {
			fprintf(f, "    latency_model = \"");
			for (const char *s = d->latency_model; *s; s++)
				fprintf(f, "%s%c", *s == '"' || *s == '\\' ? "\\" : "", *s);
			fprintf(f, "\";\n");
		}
		if (d->v[UB_A_power].set)
			write_val(f, "    ", UB_A_power, d->v[UB_A_power].num);
		fprintf(f, "  }");
	}
	fprintf(f, "\n);\n");
}
