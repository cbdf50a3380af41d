// SPDX-License-Identifier: GPL-2.0
/*
 * Latency model kinds to the driver's quantile table (latmodel.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "latmodel.h"

static int lm_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* A duration: a number with an optional ns, us, ms or s; NAN when bad. */
static double lm_ns(const char *s)
{
	static const struct { const char *sfx; double mul; } units[] = {
		{ "", 1 }, { "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
	};
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || !isfinite(v) || v < 0 || *s == '+' || *s == '-')
		return NAN;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].sfx))
			return v * units[i].mul;
	return NAN;
}

/* A plain number (sigma, percent); NAN when bad. */
static double lm_num(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v))
		return NAN;
	return v;
}

/* Acklam's rational approximation of the normal quantile, |error| < 1.2e-9. */
static double lm_probit(double p)
{
	static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
		-2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
		2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
		-1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
		-2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
		2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
		2.445134137142996e+00, 3.754408661907416e+00 };
	double q, r;

	if (p < 0.02425) {
		q = sqrt(-2 * log(p));
		return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		       ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	if (p > 1 - 0.02425) {
		q = sqrt(-2 * log(1 - p));
		return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
			((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	q = p - 0.5;
	r = q * q;
	return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
	       (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

enum { K_FIXED, K_UNIFORM, K_LOGNORMAL };

struct lm_body {
	int kind;
	double a, b;		/* fixed: a; uniform: a..b; lognormal: median a, sigma b */
};

/* The body's quantile function; the lognormal's ends are cut at 1/2048. */
static double lm_body_icdf(const struct lm_body *m, double p)
{
	const double cut = 0.5 / UB_LM_Q;

	switch (m->kind) {
	case K_FIXED:
		return m->a;
	case K_UNIFORM:
		return m->a + (m->b - m->a) * p;
	default:
		p = p < cut ? cut : p > 1 - cut ? 1 - cut : p;
		return m->a * exp(m->b * lm_probit(p));
	}
}

static double lm_body_cdf(const struct lm_body *m, double x)
{
	switch (m->kind) {
	case K_FIXED:
		return x >= m->a ? 1 : 0;
	case K_UNIFORM:
		return m->b == m->a ? (x >= m->a) : x <= m->a ? 0 : x >= m->b ? 1 :
		       (x - m->a) / (m->b - m->a);
	default:
		return x <= 0 ? 0 : 0.5 * erfc(-log(x / m->a) / (m->b * M_SQRT2));
	}
}

/* Store a table entry; the caller checked the bound. */
static uint64_t lm_round(double v)
{
	return v <= 0 ? 0 : (uint64_t)(v + 0.5);
}

int ub_lm_from_spec(const char *spec, uint64_t q[UB_LM_Q], char *err, size_t errlen)
{
	const double max = URINGBLK_MODEL_DELAY_MAX;
	char *copy = strdup(spec), *w[8], *save = NULL, *t;
	double tail_p = 0, tail_v = 0, a, lo;
	struct lm_body m = { 0 };
	int n = 0, body, ret = -1;

	if (!copy)
		return lm_err(err, errlen, "out of memory");
	for (t = strtok_r(copy, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (n == 8) {
			lm_err(err, errlen, "too many words");
			goto out;
		}
		w[n++] = t;
	}
	if (!n) {
		lm_err(err, errlen, "empty model: fixed NS, uniform LO HI or lognormal MEDIAN SIGMA");
		goto out;
	}
	if (!strcmp(w[0], "fixed") && n >= 2) {
		m = (struct lm_body){ K_FIXED, lm_ns(w[1]), 0 };
		body = 2;
	} else if (!strcmp(w[0], "uniform") && n >= 3) {
		m = (struct lm_body){ K_UNIFORM, lm_ns(w[1]), lm_ns(w[2]) };
		body = 3;
	} else if (!strcmp(w[0], "lognormal") && n >= 3) {
		m = (struct lm_body){ K_LOGNORMAL, lm_ns(w[1]), lm_num(w[2]) };
		body = 3;
	} else {
		lm_err(err, errlen, "%s: unknown kind or missing values (fixed NS, uniform LO HI, lognormal MEDIAN SIGMA)",
		       w[0]);
		goto out;
	}
	if (isnan(m.a) || isnan(m.b)) {
		lm_err(err, errlen, "%s: values are durations (NS, or with ns/us/ms/s) and a sigma", w[0]);
		goto out;
	}
	if (m.kind == K_UNIFORM && m.a > m.b) {
		lm_err(err, errlen, "uniform: LO %s above HI %s", w[1], w[2]);
		goto out;
	}
	if (m.kind == K_LOGNORMAL && (m.a <= 0 || m.b <= 0 || m.b > 4)) {
		lm_err(err, errlen, "lognormal: MEDIAN must be above 0 and SIGMA in (0, 4]");
		goto out;
	}
	if (n > body) {
		if (n != body + 3 || strcmp(w[body], "tail")) {
			lm_err(err, errlen, "after the %s model only \"tail PCT NS\" may follow", w[0]);
			goto out;
		}
		tail_p = lm_num(w[body + 1]) / 100;
		tail_v = lm_ns(w[body + 2]);
		if (isnan(tail_p) || tail_p <= 0 || tail_p >= 1 || isnan(tail_v)) {
			lm_err(err, errlen, "tail: PCT in (0, 100) and a duration NS");
			goto out;
		}
	}
	/* The mixture's quantile function: (1 - t) of the body, t at the tail's value. */
	lo = (1 - tail_p) * lm_body_cdf(&m, tail_v);
	for (int i = 0; i < UB_LM_Q; i++) {
		double p = (double)i / (UB_LM_Q - 1);

		if (!tail_p)
			a = lm_body_icdf(&m, p);
		else if (p < lo)
			a = lm_body_icdf(&m, p / (1 - tail_p));
		else if (p <= lo + tail_p)
			a = tail_v;
		else
			a = lm_body_icdf(&m, (p - tail_p) / (1 - tail_p));
		if (a > max) {
			lm_err(err, errlen, "%s: quantile %d is %.0f ns, above the driver's %llu ns",
			       spec, i, a, (unsigned long long)URINGBLK_MODEL_DELAY_MAX);
			goto out;
		}
		q[i] = lm_round(a);
		if (i && q[i] < q[i - 1])	/* rounding of equal values */
			q[i] = q[i - 1];
	}
	ret = 0;
out:
	free(copy);
	return ret;
}

int ub_lm_from_bins(const struct ub_lm_bin *b, size_t n, uint64_t q[UB_LM_Q],
		    char *err, size_t errlen)
{
	uint64_t total = 0, seen = 0;
	size_t k = 0;

	for (size_t j = 0; j < n; j++)
		total += b[j].count;
	if (!total)
		return lm_err(err, errlen, "no samples");
	/* Rank p * total, linear inside the bin that holds it. */
	for (int i = 0; i < UB_LM_Q; i++) {
		double r = (double)total * i / (UB_LM_Q - 1), v;

		while (k < n && (!b[k].count || seen + b[k].count < r)) {
			seen += b[k].count;
			k++;
		}
		if (k == n) {	/* rounding at the top */
			k = n - 1;
			while (!b[k].count)
				k--;
			seen = total - b[k].count;
		}
		v = b[k].lo + (double)(b[k].hi - b[k].lo) * (r - seen) / b[k].count;
		if (v < b[k].lo)
			v = b[k].lo;
		if (v > URINGBLK_MODEL_DELAY_MAX)
			return lm_err(err, errlen, "quantile %d is %.0f ns, above the driver's %llu ns",
				      i, v, (unsigned long long)URINGBLK_MODEL_DELAY_MAX);
		q[i] = lm_round(v);
		if (i && q[i] < q[i - 1])
			q[i] = q[i - 1];
	}
	return 0;
}

static int lm_bin_cmp(const void *a, const void *b)
{
	const struct ub_lm_bin *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* The clat_ns bins of @dir ("read", "write") of every job, appended to @bins. */
static int lm_fio_bins(struct json_object *jobs, const char *dir, struct ub_lm_bin **bins,
		       size_t *n)
{
	size_t nj = json_object_array_length(jobs);

	for (size_t j = 0; j < nj; j++) {
		struct json_object *job = json_object_array_get_idx(jobs, j), *d, *c, *bs;

		if (!json_object_object_get_ex(job, dir, &d) ||
		    !json_object_object_get_ex(d, "clat_ns", &c) ||
		    !json_object_object_get_ex(c, "bins", &bs) ||
		    !json_object_is_type(bs, json_type_object))
			continue;
		json_object_object_foreach(bs, key, val) {
			char *end;
			unsigned long long ns;
			int64_t cnt;
			struct ub_lm_bin *nb;

			errno = 0;
			ns = strtoull(key, &end, 10);
			cnt = json_object_get_int64(val);
			if (errno || *end || end == key || cnt < 0 ||
			    !json_object_is_type(val, json_type_int))
				return -1;
			nb = realloc(*bins, (*n + 1) * sizeof(**bins));
			if (!nb)
				return -1;
			*bins = nb;
			nb[(*n)++] = (struct ub_lm_bin){ ns, ns, (uint64_t)cnt };
		}
	}
	return 0;
}

void ub_lm_set_fill(struct ub_lm_set *s)
{
	unsigned int op, base;

	for (base = 0; base < URINGBLK_NR_OPS; base++)
		if (s->measured & (1U << base))
			break;
	for (op = 0; op < URINGBLK_NR_OPS && base < URINGBLK_NR_OPS; op++)
		if (!(s->measured & (1U << op)))
			memcpy(s->q[op], s->q[base], sizeof(s->q[op]));
}

int ub_lm_from_fio(const char *path, struct ub_lm_set *s, char *err, size_t errlen)
{
	static const struct { const char *dir; unsigned int op; } dirs[] = {
		{ "read", URINGBLK_OP_READ }, { "write", URINGBLK_OP_WRITE },
		{ "trim", URINGBLK_OP_DISCARD },
	};
	struct json_object *top, *jobs;
	struct ub_lm_bin *bins = NULL;
	int ret = -1;

	s->measured = 0;
	top = json_object_from_file(path);
	if (!top)
		return lm_err(err, errlen, "%s: not a JSON file fio wrote (%s)", path,
			      json_util_get_last_err() ?: "unreadable");
	if (!json_object_object_get_ex(top, "jobs", &jobs) ||
	    !json_object_is_type(jobs, json_type_array)) {
		lm_err(err, errlen, "%s: no \"jobs\" array: not fio's JSON output", path);
		goto out;
	}
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		size_t n = 0;

		if (lm_fio_bins(jobs, dirs[d].dir, &bins, &n)) {
			lm_err(err, errlen, "%s: a clat_ns bin is not \"NS\": COUNT", path);
			goto out;
		}
		if (!n)
			continue;
		qsort(bins, n, sizeof(*bins), lm_bin_cmp);
		if (ub_lm_from_bins(bins, n, s->q[dirs[d].op], err, errlen)) {
			char why[128];

			snprintf(why, sizeof(why), "%s", err);
			lm_err(err, errlen, "%s: %s: %s", path, dirs[d].dir, why);
			goto out;
		}
		s->measured |= 1U << dirs[d].op;
		free(bins);
		bins = NULL;
	}
	if (!s->measured) {
		lm_err(err, errlen, "%s: no clat_ns bins (run fio with --output-format=json+)", path);
		goto out;
	}
	ub_lm_set_fill(s);
	ret = 0;
out:
	free(bins);
	json_object_put(top);
	return ret;
}

uint64_t ub_lm_at(const uint64_t q[UB_LM_Q], uint32_t u)
{
	uint64_t pos = (uint64_t)u * (UB_LM_Q - 1);
	uint32_t i = pos >> 32;

	return q[i] + (uint64_t)(((unsigned __int128)(q[i + 1] - q[i]) * (uint32_t)pos) >> 32);
}
