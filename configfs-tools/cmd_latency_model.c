// SPDX-License-Identifier: GPL-2.0
/*
 * uringblkctl latency-model DEV KIND ARGS... | --from-fio FILE.json |
 * --from-stats DEV2: build the quantile table of a latency model
 * (latmodel.c) and upload it, page by page, with SET_LATENCY_MODEL for
 * every operation (Documentation/latency-models.md).  The words after DEV
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
#include "uringblkctl.h"

/* Reads' measured latency of DEV as bins (writes' when it read nothing). */
static int stats_bins(const char *dev, struct ub_lm_bin **bins, size_t *n)
{
	struct uringblk_latency_hist *page = malloc(sizeof(*page));
	struct ub_admin ad;
	char name[64];
	int ret = -1;

	*bins = calloc(URINGBLK_LAT_HIST_BUCKETS, sizeof(**bins));
	if (!page || !*bins || ub_open_dev(dev, name, sizeof(name), &ad))
		goto out_free;
	for (unsigned int op = URINGBLK_OP_READ; op <= URINGBLK_OP_WRITE && !*n; op++) {
		uint32_t start = 0;
		uint64_t max_ns = 0;

		do {
			memset(page, 0, sizeof(*page));
			page->op = op;
			page->start = start;
			if (ub_do_cmd(&ad, name, "GET_LATENCY_HIST", URINGBLK_UCMD_GET_LATENCY_HIST,
				      page, sizeof(*page)) < 0)
				goto out;
			if (page->nr_buckets != URINGBLK_LAT_HIST_BUCKETS || !page->nr_returned ||
			    page->nr_returned > page->nr_buckets - start) {
				ub_err("%s: GET_LATENCY_HIST: %u buckets from %u", name,
				       page->nr_returned, start);
				goto out;
			}
			if (!start)
				max_ns = page->max_ns;
			for (uint32_t i = 0; i < page->nr_returned; i++) {
				unsigned int b = start + i;
				struct ub_lm_bin *x = &(*bins)[b];

				x->lo = ub_hist_lower(b);
				x->hi = b == UB_HIST_TOP ? max_ns : x->lo + ub_hist_width(b);
				x->count = page->buckets[i];
			}
			start += page->nr_returned;
		} while (start < page->nr_buckets);
		for (unsigned int b = 0; b < URINGBLK_LAT_HIST_BUCKETS; b++) {
			/* The measured extremes bound the first and last bins. */
			if ((*bins)[b].count && (*bins)[b].hi > max_ns)
				(*bins)[b].hi = max_ns > (*bins)[b].lo ? max_ns : (*bins)[b].lo;
			if ((*bins)[b].count)
				*n = URINGBLK_LAT_HIST_BUCKETS;
		}
	}
	if (!*n)
		ub_err("%s: no read or write latency measured yet (stats=1 and some I/O first)", name);
	else
		ret = 0;
out:
	ub_admin_close(&ad);
out_free:
	free(page);
	return ret;
}

/**
 * ub_latency_model_table() - the quantile table of a spec
 * @spec: "KIND ARGS...", "--from-fio FILE" or "--from-stats DEV"
 * @q: filled in
 * Return: 0, or -1 after printing why (prefixed with @where).
 */
int ub_latency_model_table(const char *where, const char *spec, uint64_t *q)
{
	char err[256] = "";
	int ret;

	if (!strncmp(spec, "--from-fio ", 11)) {
		ret = ub_lm_from_fio(spec + 11, q, err, sizeof(err));
	} else if (!strncmp(spec, "--from-stats ", 13)) {
		struct ub_lm_bin *bins = NULL;
		size_t n = 0;

		ret = stats_bins(spec + 13, &bins, &n);
		if (!ret)
			ret = ub_lm_from_bins(bins, n, q, err, sizeof(err));
		free(bins);
		if (ret && !*err)
			return -1;	/* printed */
	} else {
		ret = ub_lm_from_spec(spec, q, err, sizeof(err));
	}
	if (ret)
		ub_err("%s: latency model: %s", where, err);
	return ret;
}

/**
 * ub_latency_model_upload() - SET_LATENCY_MODEL, every page, every operation
 * Return: 0 or -errno (printed).
 */
int ub_latency_model_upload(struct ub_admin *ad, const char *name, const char *spec,
			    const uint64_t *q)
{
	struct uringblk_latency_model *m = malloc(sizeof(*m));
	uint32_t start = 0;
	int ret = 0;

	if (!m)
		return -ENOMEM;
	if (strlen(spec) >= sizeof(m->spec)) {
		ub_err("%s: latency model \"%s\": longer than %zu bytes", name, spec,
		       sizeof(m->spec) - 1);
		free(m);
		return -EINVAL;
	}
	while (start < URINGBLK_MODEL_QUANTILES) {
		memset(m, 0, sizeof(*m));
		m->size = sizeof(*m);
		m->version = URINGBLK_LATENCY_MODEL_VERSION;
		m->ops = (1U << URINGBLK_NR_OPS) - 1;
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

int cmd_latency_model(int argc, char **argv)
{
	uint64_t q[URINGBLK_MODEL_QUANTILES];
	char spec[256] = "", name[64];
	struct ub_admin ad;
	int i, ret;

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
	/*
	 * The table first: a bad model never reaches the device (exit 2);
	 * a source device that cannot give one is an operation that failed.
	 */
	if (ub_latency_model_table(argv[1], spec, q))
		return strcmp(argv[2], "--from-stats") ? UB_EXIT_USAGE : UB_EXIT_FAIL;
	if (ub_open_dev(argv[1], name, sizeof(name), &ad))
		return UB_EXIT_FAIL;
	ret = ub_latency_model_upload(&ad, name, spec, q);
	ub_admin_close(&ad);
	if (ret)
		return UB_EXIT_FAIL;
	if (ub_opt.json) {
		struct json_object *o = ub_jobj(NULL, NULL);

		ub_js(o, "name", name);
		ub_js(o, "latency_model", spec);
		ub_ju(o, "p50_ns", ub_lm_at(q, 1U << 31));
		ub_ju(o, "p99_ns", ub_lm_at(q, 4252017623U));
		ub_ju(o, "max_ns", q[URINGBLK_MODEL_QUANTILES - 1]);
		ub_json_print(o);
	} else {
		printf("%s: latency model %s: p50=%llu p99=%llu max=%llu\n", name, spec,
		       (unsigned long long)ub_lm_at(q, 1U << 31),
		       (unsigned long long)ub_lm_at(q, 4252017623U),
		       (unsigned long long)q[URINGBLK_MODEL_QUANTILES - 1]);
	}
	return UB_EXIT_OK;
usage:
	ub_err("usage: uringblkctl latency-model DEV fixed NS | uniform LO HI | lognormal MEDIAN SIGMA [tail PCT NS]\n"
	       "       uringblkctl latency-model DEV --from-fio FILE.json | --from-stats DEV2");
	return UB_EXIT_USAGE;
}
