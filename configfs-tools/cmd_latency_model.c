// SPDX-License-Identifier: GPL-2.0
/*
 * uringblkctl latency-model DEV KIND ARGS... | --from-fio FILE.json |
 * --from-stats DEV2: build the quantile table of a latency model
 * (latmodel.c), one per operation the source measured (fio's reads,
 * writes and trims; every operation of a device), and upload them, page
 * by page, with SET_LATENCY_MODEL (Documentation/latency-models.md).  The words after DEV
 * are the model's spec: the driver keeps them, `latency_model` shows
 * them, and `save` writes them back as the profile key latency_model.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "hist.h"
#include "latmodel.h"
#include "out.h"
#include "profile_fault.h"
#include "uringblkctl.h"

/*
 * The measured latency of one operation of DEV (admin handle @ad) as
 * bins; *n stays 0 when it measured none.
 */
static int stats_bins(struct ub_admin *ad, const char *name, unsigned int op,
		      struct ub_lm_bin *bins, size_t *n)
{
	struct uringblk_latency_hist *sum = malloc(sizeof(*sum));
	uint64_t *counts = calloc(URINGBLK_LAT_HIST_BUCKETS, sizeof(*counts));
	int ret = -1;

	if (!sum || !counts || ub_get_latency_hist(ad, name, op, sum, counts))
		goto out;
	for (unsigned int b = 0; b < URINGBLK_LAT_HIST_BUCKETS; b++) {
		struct ub_lm_bin *x = &bins[b];

		x->lo = ub_hist_lower(b);
		x->hi = b == UB_HIST_TOP ? sum->max_ns : x->lo + ub_hist_width(b);
		x->count = counts[b];
		/* The measured extremes bound the first and last bins. */
		if (x->count && x->hi > sum->max_ns)
			x->hi = sum->max_ns > x->lo ? sum->max_ns : x->lo;
		if (x->count)
			*n = URINGBLK_LAT_HIST_BUCKETS;
	}
	ret = 0;
out:
	free(counts);
	free(sum);
	return ret;
}

/* Every operation DEV measured, a table each. */
static int stats_set(const char *dev, struct ub_lm_set *s, char *err, size_t errlen)
{
	struct ub_lm_bin *bins = calloc(URINGBLK_LAT_HIST_BUCKETS, sizeof(*bins));
	struct ub_admin ad;
	char name[64];
	int ret = -1;

	s->measured = 0;
	if (!bins || ub_open_dev(dev, name, sizeof(name), &ad))
		goto out_free;
	for (unsigned int op = 0; op < URINGBLK_NR_OPS; op++) {
		size_t n = 0;

		memset(bins, 0, URINGBLK_LAT_HIST_BUCKETS * sizeof(*bins));
		if (stats_bins(&ad, name, op, bins, &n))
			goto out;
		if (!n)
			continue;
		if (ub_lm_from_bins(bins, n, s->q[op], err, errlen)) {
			char why[128];

			snprintf(why, sizeof(why), "%s", err);
			snprintf(err, errlen, "%s: %s: %s", name, ub_op_names[op], why);
			goto out;
		}
		s->measured |= 1U << op;
	}
	if (!s->measured) {
		ub_err("%s: no latency measured yet (stats=1 and some I/O first)", name);
		goto out;
	}
	ub_lm_set_fill(s);
	ret = 0;
out:
	ub_admin_close(&ad);
out_free:
	free(bins);
	return ret;
}

/**
 * ub_latency_model_table() - the quantile tables of a spec
 * @where: the device the model is for, prefixed to errors
 * @spec: "KIND ARGS...", "--from-fio FILE" or "--from-stats DEV"
 * @s: filled in, a table per operation
 * Return: 0, or -1 after printing why.
 */
int ub_latency_model_table(const char *where, const char *spec, struct ub_lm_set *s)
{
	char err[256] = "";
	int ret;

	if (!strncmp(spec, "--from-fio ", 11)) {
		ret = ub_lm_from_fio(spec + 11, s, err, sizeof(err));
	} else if (!strncmp(spec, "--from-stats ", 13)) {
		ret = stats_set(spec + 13, s, err, sizeof(err));
		if (ret && !*err)
			return -1;	/* printed */
	} else {
		/* One distribution: every operation's. */
		ret = ub_lm_from_spec(spec, s->q[0], err, sizeof(err));
		s->measured = 1U << URINGBLK_OP_READ;
		ub_lm_set_fill(s);
	}
	if (ret)
		ub_err("%s: latency model: %s", where, err);
	return ret;
}

/* SET_LATENCY_MODEL of one table for the operations in @ops, every page. */
static int upload_one(struct ub_admin *ad, const char *name, const char *spec,
		      uint32_t ops, const uint64_t *q)
{
	struct uringblk_latency_model *m = malloc(sizeof(*m));
	uint32_t start = 0;
	int ret = 0;

	if (!m)
		return -ENOMEM;
	while (start < URINGBLK_MODEL_QUANTILES) {
		memset(m, 0, sizeof(*m));
		m->size = sizeof(*m);
		m->version = URINGBLK_LATENCY_MODEL_VERSION;
		m->ops = ops;
		m->start = start;
		m->nr = URINGBLK_MODEL_QUANTILES - start;
		if (m->nr > URINGBLK_MODEL_PAGE)
			m->nr = URINGBLK_MODEL_PAGE;
		strcpy(m->spec, spec);
		memcpy(m->quantiles, q + start, m->nr * sizeof(*q));
		ret = ub_do_cmd(ad, name, "SET_LATENCY_MODEL", URINGBLK_UCMD_SET_LATENCY_MODEL,
				m, sizeof(*m));
		if (ret < 0)
			break;
		start += m->nr;
	}
	free(m);
	return ret < 0 ? ret : 0;
}

/**
 * ub_latency_model_upload() - SET_LATENCY_MODEL of every operation's table
 *
 * Operations whose tables are equal share one upload, so a one-kind model
 * is one upload, as before; the driver replaces only the operations an
 * upload names.  Return: 0 or -errno (printed).
 */
int ub_latency_model_upload(struct ub_admin *ad, const char *name, const char *spec,
			    const struct ub_lm_set *s)
{
	uint32_t done = 0;
	int ret = 0;

	if (strlen(spec) >= URINGBLK_MODEL_SPEC_LEN) {
		ub_err("%s: latency model \"%s\": longer than %d bytes", name, spec,
		       URINGBLK_MODEL_SPEC_LEN - 1);
		return -EINVAL;
	}
	for (unsigned int op = 0; op < URINGBLK_NR_OPS && !ret; op++) {
		uint32_t ops = 0;

		if (done & (1U << op))
			continue;
		for (unsigned int o = op; o < URINGBLK_NR_OPS; o++)
			if (!memcmp(s->q[o], s->q[op], sizeof(s->q[op])))
				ops |= 1U << o;
		ret = upload_one(ad, name, spec, ops, s->q[op]);
		done |= ops;
	}
	return ret;
}

/* One operation's summary: p50, p99 (as the driver draws them) and max. */
static void summary(const char *name, const char *spec, const char *op, const uint64_t *q)
{
	printf("%s: latency model %s%s%s: p50=%llu p99=%llu max=%llu\n", name, spec,
	       op ? " " : "", op ? op : "",
	       (unsigned long long)ub_lm_at(q, 1U << 31),
	       (unsigned long long)ub_lm_at(q, 4252017623U),
	       (unsigned long long)q[URINGBLK_MODEL_QUANTILES - 1]);
}

int cmd_latency_model(int argc, char **argv)
{
	struct ub_lm_set *s = NULL;
	char spec[256] = "", name[64];
	struct ub_admin ad;
	int i, ret = UB_EXIT_FAIL;

	if (argc < 3 || !strcmp(argv[1], "--help"))
		goto usage;
	if ((!strcmp(argv[2], "--from-fio") || !strcmp(argv[2], "--from-stats")) && argc != 4)
		goto usage;
	for (i = 2; i < argc; i++) {
		if (strlen(spec) + strlen(argv[i]) + 2 > sizeof(spec))
			goto usage;
		if (i > 2)
			strcat(spec, " ");
		strcat(spec, argv[i]);
	}
	s = malloc(sizeof(*s));
	if (!s) {
		ub_err("%s: latency model: out of memory", argv[1]);
		return UB_EXIT_FAIL;
	}
	/*
	 * The tables first: a bad model never reaches the device (exit 2);
	 * a source device that cannot give one is an operation that failed.
	 */
	if (ub_latency_model_table(argv[1], spec, s)) {
		ret = strcmp(argv[2], "--from-stats") ? UB_EXIT_USAGE : UB_EXIT_FAIL;
		goto out;
	}
	if (ub_open_dev(argv[1], name, sizeof(name), &ad))
		goto out;
	i = ub_latency_model_upload(&ad, name, spec, s);
	ub_admin_close(&ad);
	if (i)
		goto out;
	if (ub_opt.json) {
		struct json_object *o = ub_jobj(NULL, NULL), *ops;
		const uint64_t *q = s->q[URINGBLK_OP_READ];

		ub_js(o, "name", name);
		ub_js(o, "latency_model", spec);
		ub_ju(o, "p50_ns", ub_lm_at(q, 1U << 31));
		ub_ju(o, "p99_ns", ub_lm_at(q, 4252017623U));
		ub_ju(o, "max_ns", q[URINGBLK_MODEL_QUANTILES - 1]);
		ops = ub_jobj(o, "ops");
		for (unsigned int op = 0; op < URINGBLK_NR_OPS; op++) {
			struct json_object *x = ub_jobj(ops, ub_op_names[op]);

			q = s->q[op];
			ub_jb(x, "measured", s->measured & (1U << op));
			ub_ju(x, "p50_ns", ub_lm_at(q, 1U << 31));
			ub_ju(x, "p99_ns", ub_lm_at(q, 4252017623U));
			ub_ju(x, "max_ns", q[URINGBLK_MODEL_QUANTILES - 1]);
		}
		ub_json_print(o);
	} else {
		/* Reads' line as before; then every operation with a table of its own. */
		summary(name, spec, NULL, s->q[URINGBLK_OP_READ]);
		for (unsigned int op = URINGBLK_OP_READ + 1; op < URINGBLK_NR_OPS; op++)
			if (memcmp(s->q[op], s->q[URINGBLK_OP_READ], sizeof(s->q[op])))
				summary(name, spec, ub_op_names[op], s->q[op]);
	}
	ret = UB_EXIT_OK;
out:
	free(s);
	return ret;
usage:
	ub_err("usage: uringblkctl latency-model DEV fixed NS | uniform LO HI | lognormal MEDIAN SIGMA [tail PCT NS]\n"
	       "       uringblkctl latency-model DEV --from-fio FILE.json | --from-stats DEV2");
	return UB_EXIT_USAGE;
}
