// SPDX-License-Identifier: GPL-2.0
/*
 * bench: fio on each device, one row per device and a total.  fio's terse
 * format (version 3) is parsed rather than its JSON: it is one line per
 * job with fixed field positions, so no JSON parser is needed in C.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "out.h"
#include "uringblkctl.h"

enum { C_NAME, C_DISK, C_RIOPS, C_WIOPS, C_MBS, C_P50, C_P99, C_STATUS };

static const struct ub_col cols[] = {
	[C_NAME] = { "NAME", 0, 0, "device, TOTAL for the sum" },
	[C_DISK] = { "DISK", 0, 0, "block device" },
	[C_RIOPS] = { "READ_IOPS", 0, SCOLS_FL_RIGHT, "reads per second" },
	[C_WIOPS] = { "WRITE_IOPS", 0, SCOLS_FL_RIGHT, "writes per second" },
	[C_MBS] = { "MB/s", 0, SCOLS_FL_RIGHT, "megabytes per second" },
	[C_P50] = { "P50_US", 0, SCOLS_FL_RIGHT, "median latency, us (TOTAL: the worst)" },
	[C_P99] = { "P99_US", 0, SCOLS_FL_RIGHT, "99th percentile, us (TOTAL: the worst)" },
	[C_STATUS] = { "STATUS", 0, 0, "ok, or FAILED when fio failed" },
};

const struct ub_col *const ub_bench_cols = cols;
const unsigned int ub_bench_nr_cols = sizeof(cols) / sizeof(cols[0]);

/* Terse v3, 0-based fields: per direction 41 fields from 5 (read), 46 (write). */
#define T_READ		5
#define T_WRITE		46
#define T_BW		1	/* KiB/s */
#define T_IOPS		2
#define T_CLAT_PCT	12	/* 20 "pct%=usec" fields */
#define T_FIELDS	(T_WRITE + 41)

struct row {
	char name[64], disk[32];
	double riops, wiops, kib_s, p50_us, p99_us;
	bool ok;
	FILE *pipe;
};

static char *shell_quote(const char *s)
{
	size_t n = strlen(s);
	char *q = malloc(4 * n + 3), *p = q;

	if (!q)
		abort();
	*p++ = '\'';
	for (; *s; s++) {
		if (*s == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else {
			*p++ = *s;
		}
	}
	*p++ = '\'';
	*p = 0;
	return q;
}

static double pct_field(char **f, int base, const char *which)
{
	int i;

	for (i = 0; i < 20; i++) {
		const char *s = f[base + T_CLAT_PCT + i];

		if (!strncmp(s, which, strlen(which)))
			return strtod(strchr(s, '=') + 1, NULL);
	}
	return 0;
}

/* Adds one job's terse line to the row; false if it is not a result line. */
static bool add_line(struct row *r, char *line)
{
	char *f[T_FIELDS + 1], *save = NULL, *t;
	int n = 0, base;

	for (t = strtok_r(line, ";", &save); t && n <= T_FIELDS; t = strtok_r(NULL, ";", &save))
		f[n++] = t;
	if (n < T_FIELDS || strcmp(f[0], "3"))
		return false;
	if (atoi(f[4])) {
		ub_err("%s: fio job %s failed: %s", r->name, f[2], strerror(atoi(f[4])));
		return false;
	}
	r->riops += strtod(f[T_READ + T_IOPS], NULL);
	r->wiops += strtod(f[T_WRITE + T_IOPS], NULL);
	r->kib_s += strtod(f[T_READ + T_BW], NULL) + strtod(f[T_WRITE + T_BW], NULL);
	for (base = T_READ; base <= T_WRITE; base += T_WRITE - T_READ) {
		double p50 = pct_field(f, base, "50.000000%"), p99 = pct_field(f, base, "99.000000%");

		if (p50 > r->p50_us)
			r->p50_us = p50;
		if (p99 > r->p99_us)
			r->p99_us = p99;
	}
	return true;
}

static int start_fio(struct row *r, const char *job, unsigned int runtime, uint64_t cap)
{
	const char *fio = getenv("FIO") ? getenv("FIO") : "fio";
	char *cmd = NULL, *qjob = job ? shell_quote(job) : NULL;
	/* Writes stay in the first 32 MiB: RAM disks keep what is written. */
	uint64_t size = cap < (32ULL << 20) ? cap : 32ULL << 20;
	int ret;

	if (job)
		ret = asprintf(&cmd, "UB_DEV=/dev/%s %s --output-format=terse --terse-version=3 "
			       "--filename=/dev/%s %s", r->disk, fio, r->disk, qjob);
	else
		ret = asprintf(&cmd, "%s --output-format=terse --terse-version=3 "
			       "--filename=/dev/%s --direct=1 --ioengine=io_uring --bs=4k "
			       "--iodepth=16 --size=%llu --time_based --runtime=%u "
			       "--name=randread --rw=randread "
			       "--name=randwrite --rw=randwrite --stonewall",
			       fio, r->disk, (unsigned long long)size, runtime);
	free(qjob);
	if (ret < 0)
		abort();
	r->pipe = popen(cmd, "r");
	free(cmd);
	if (!r->pipe) {
		ub_err("%s: cannot run fio: %s", r->name, strerror(errno));
		return -1;
	}
	return 0;
}

static void finish_fio(struct row *r)
{
	char *line = NULL;
	size_t len = 0;
	int st, lines = 0;

	while (getline(&line, &len, r->pipe) > 0)
		lines += add_line(r, line);
	free(line);
	st = pclose(r->pipe);
	r->pipe = NULL;
	r->ok = lines > 0 && WIFEXITED(st) && !WEXITSTATUS(st);
	if (!r->ok)
		ub_err("%s: fio on /dev/%s failed (exit status %d, %d result lines)",
		       r->name, r->disk, WIFEXITED(st) ? WEXITSTATUS(st) : -1, lines);
}

static void row_json(struct json_object *o, const struct row *r)
{
	ub_js(o, "name", r->name);
	ub_js(o, "disk", r->disk);
	ub_jb(o, "ok", r->ok);
	ub_jd(o, "read_iops", r->riops);
	ub_jd(o, "write_iops", r->wiops);
	ub_jd(o, "mb_s", r->kib_s * 1024 / 1e6);
	ub_jd(o, "p50_us", r->p50_us);
	ub_jd(o, "p99_us", r->p99_us);
}

static void row_table(struct ub_table *t, const struct row *r)
{
	struct libscols_line *ln = ub_table_row(t);

	ub_cell(t, ln, C_NAME, "%s", r->name);
	ub_cell(t, ln, C_DISK, "%s", r->disk);
	ub_cell(t, ln, C_RIOPS, "%.0f", r->riops);
	ub_cell(t, ln, C_WIOPS, "%.0f", r->wiops);
	ub_cell(t, ln, C_MBS, "%.1f", r->kib_s * 1024 / 1e6);
	ub_cell(t, ln, C_P50, "%.1f", r->p50_us);
	ub_cell(t, ln, C_P99, "%.1f", r->p99_us);
	ub_cell(t, ln, C_STATUS, "%s", r->ok ? "ok" : "FAILED");
}

int cmd_bench(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "job", required_argument, NULL, 'J' },
		{ "parallel", no_argument, NULL, 'p' },
		{ "runtime", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "raw", no_argument, NULL, 'r' },
		{ 0 }
	};
	struct json_object *top = NULL, *devs = NULL;
	struct ub_table_opts to = { 0 };
	struct ub_table *t = NULL;
	bool all = false, parallel = false;
	const char *job = NULL;
	uint64_t runtime = 2, cap;
	struct row *rows, total = { .name = "TOTAL", .disk = "-", .ok = true };
	char **names = NULL, buf[64];
	unsigned int nr = 0, i, n = 0;
	int c, r, ret = UB_EXIT_OK;

	while ((c = getopt_long(argc, argv, "aJ:pt:o:nr", lopts, NULL)) != -1) {
		switch (c) {
		case 'a': all = true; break;
		case 'J': job = optarg; break;
		case 'p': parallel = true; break;
		case 't':
			if (ub_parse_dec(optarg, &runtime) || !runtime) {
				ub_err("bench: --runtime wants seconds > 0, not '%s'", optarg);
				return UB_EXIT_USAGE;
			}
			break;
		default:
			if (!ub_table_opt(&to, c, optarg))
				return UB_EXIT_USAGE;
		}
	}
	if (all && optind < argc) {
		ub_err("bench: give --all or names, not both");
		return UB_EXIT_USAGE;
	}
	if (!ub_opt.json) {
		/* A bad -o is refused before fio runs for minutes. */
		t = ub_table_new(ub_bench_cols, ub_bench_nr_cols, &to, "bench");
		if (!t)
			return UB_EXIT_USAGE;
	}
	r = ub_cfs_names_or_all(argc, argv, optind, &names, &nr);
	if (r) {
		ub_table_free(t);
		return r;
	}
	rows = calloc(nr ? nr : 1, sizeof(*rows));
	for (i = 0; i < nr; i++) {
		struct row *rw = &rows[n];

		snprintf(rw->name, sizeof(rw->name), "%s", names[i]);
		if (!ub_name_valid(names[i]) || !ub_cfs_exists(names[i])) {
			ub_err("%s: no such device: %s", names[i], strerror(ENOENT));
			ret = UB_EXIT_FAIL;
			continue;
		}
		if (ub_cfs_read(names[i], "disk", rw->disk, sizeof(rw->disk)) || !rw->disk[0]) {
			if (optind < argc) {
				ub_err("%s: not powered: %s", names[i], strerror(ENODEV));
				ret = UB_EXIT_FAIL;
			}
			continue;	/* --all: only what is powered */
		}
		if (ub_cfs_read(names[i], "capacity", buf, sizeof(buf)) ||
		    ub_parse_dec(buf, &cap))
			cap = 32ULL << 20;
		if (start_fio(rw, job, runtime, cap)) {
			ret = UB_EXIT_FAIL;
			continue;
		}
		if (!parallel)
			finish_fio(rw);
		n++;
	}
	if (!n && ret == UB_EXIT_OK) {
		ub_err("bench: no powered device to run on");
		ret = UB_EXIT_FAIL;
	}
	if (ub_opt.json) {
		top = ub_jobj(NULL, NULL);
		devs = ub_jarr(top, "devices");
	}
	for (i = 0; i < n; i++) {
		if (rows[i].pipe)
			finish_fio(&rows[i]);
		if (!rows[i].ok)
			ret = UB_EXIT_FAIL;
		total.ok &= rows[i].ok;
		total.riops += rows[i].riops;
		total.wiops += rows[i].wiops;
		total.kib_s += rows[i].kib_s;
		if (rows[i].p50_us > total.p50_us)
			total.p50_us = rows[i].p50_us;
		if (rows[i].p99_us > total.p99_us)
			total.p99_us = rows[i].p99_us;
		if (top)
			row_json(ub_jobj(devs, NULL), &rows[i]);
		else
			row_table(t, &rows[i]);
	}
	if (top) {
		row_json(ub_jobj(top, "total"), &total);
		ub_json_print(top);
	} else if (n) {
		row_table(t, &total);
		ub_table_print(t);
		t = NULL;
	}
	ub_table_free(t);
	free(rows);
	ub_cfs_names_free(names, nr);
	return ret;
}
