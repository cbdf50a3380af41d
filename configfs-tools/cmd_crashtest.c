// SPDX-License-Identifier: GPL-2.0
/*
 * crashtest NAME: a crash-point sweep (Documentation/powerfail.md).  For
 * each point K the device is brought to a known start (zeros, or the
 * contents of --image, made durable by a flush), a `powerfail` fault rule
 * `ops=flush after=K-1 count=1` is armed, the workload runs, the power is
 * cycled (powerfail_policy decides what the unflushed blocks read as) and
 * the check runs.  --points N first counts the workload's flushes in a
 * dry run (the flush_ios statistic) and spreads N points over them.
 *
 * The workload and the check are `sh -c` commands; they get the device in
 * URINGBLK_DEV, their own directory in URINGBLK_RECORD_DIR (the same for
 * both, so the check can compare what the workload recorded as fsynced),
 * the configfs name in URINGBLK_NAME, the point in URINGBLK_POINT (0 in
 * the dry run) and the phase in URINGBLK_PHASE (dryrun, workload, check).
 * Their output goes to workload.log and check.log in that directory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "crashtest.h"
#include "out.h"
#include "uringblkctl.h"

#define CT_MAX_POINTS	10000

enum { C_POINT, C_POLICY, C_RECORD, C_CHECK, C_SECONDS, C_CUT, C_WORKLOAD, C_SEED };

static const struct ub_col cols[] = {
	[C_POINT] = { "POINT", 0, SCOLS_FL_RIGHT, "the flush the power failed at" },
	[C_POLICY] = { "POLICY", 0, 0, "powerfail_policy" },
	[C_RECORD] = { "RECORD", 0, SCOLS_FL_RIGHT, "the power failure's kept/dropped record id" },
	[C_CHECK] = { "CHECK", 0, 0, "the check's result: pass or fail" },
	[C_SECONDS] = { "SECONDS", 0, SCOLS_FL_RIGHT, "workload, power cycle and check" },
	[C_CUT] = { "CUT", 0, UB_COL_HIDDEN,
		    "flush (the rule fired) or end (the workload ended first)" },
	[C_WORKLOAD] = { "WORKLOAD", 0, SCOLS_FL_RIGHT | UB_COL_HIDDEN,
			 "the workload's exit status" },
	[C_SEED] = { "SEED", 0, SCOLS_FL_RIGHT | UB_COL_HIDDEN, "powerfail_seed (random)" },
};

const struct ub_col *const ub_crashtest_cols = cols;
const unsigned int ub_crashtest_nr_cols = sizeof(cols) / sizeof(cols[0]);

struct ct_point {
	unsigned int k;
	bool cut_at_flush, pass;
	int workload_rc;
	char record[32];
	double seconds;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "K,K,...": each 1..CT_MAX_POINTS, strictly increasing. */
static int parse_at_flush(const char *s, unsigned int **ks, unsigned int *nr)
{
	char *copy = strdup(s), *tok, *save = NULL;
	unsigned int n = 0, *v;
	uint64_t k;

	v = calloc(CT_MAX_POINTS, sizeof(*v));
	if (!copy || !v)
		goto bad;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (ub_parse_dec(tok, &k) || !k || k > CT_MAX_POINTS ||
		    (n && k <= v[n - 1]) || n == CT_MAX_POINTS)
			goto bad;
		v[n++] = k;
	}
	/* strtok_r skips empty fields: "1,,2" and a trailing comma are errors. */
	if (!n || strstr(s, ",,") || s[0] == ',' || s[strlen(s) - 1] == ',')
		goto bad;
	free(copy);
	*ks = v;
	*nr = n;
	return 0;
bad:
	free(copy);
	free(v);
	return -EINVAL;
}

/*
 * N points spread over F flushes: ceil(i * F / N) for i = 1..N, so the
 * last flush is always one; every flush when N >= F.
 */
static unsigned int spread(unsigned int n, uint64_t f, unsigned int *ks)
{
	unsigned int i, nr = 0;
	uint64_t k;

	for (i = 1; i <= n; i++) {
		k = (i * f + n - 1) / n;
		if (k && (!nr || k > ks[nr - 1]))
			ks[nr++] = k;
	}
	return nr;
}

/* sh -c CMD in its record directory's environment; the exit status. */
static int run(struct ct *c, const char *cmd, const char *phase, const char *rdir,
	       unsigned int k, const char *log)
{
	char path[512], point[16];
	int status, fd;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", rdir, log);
	snprintf(point, sizeof(point), "%u", k);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(126);
		fd = open("/dev/null", O_RDONLY);
		if (fd < 0 || dup2(fd, 0) < 0)
			_exit(126);
		setenv("URINGBLK_DEV", c->dev, 1);
		setenv("URINGBLK_NAME", c->name, 1);
		setenv("URINGBLK_RECORD_DIR", rdir, 1);
		setenv("URINGBLK_POINT", point, 1);
		setenv("URINGBLK_PHASE", phase, 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int make_dir(struct ct *c, unsigned int k, char *rdir, size_t len)
{
	snprintf(rdir, len, "%s/point-%u", c->dir, k);
	if (mkdir(rdir, 0755) && errno != EEXIST) {
		ub_err("%s: %s", rdir, strerror(errno));
		return -errno;
	}
	return 0;
}

/* The last lines of a command's log, after saying that it failed. */
static void show_tail(const char *rdir, const char *log)
{
	char path[640], line[512], tail[8][512];
	unsigned int n = 0, i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", rdir, log);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		snprintf(tail[n++ % 8], sizeof(tail[0]), "%s", line);
	fclose(f);
	for (i = n > 8 ? n - 8 : 0; i < n; i++)
		fprintf(stderr, "  | %s", tail[i % 8]);
}

/* The dry run: how many flushes the workload sends from the start. */
static int dry_run(struct ct *c, uint64_t *flushes)
{
	uint64_t before, after;
	char rdir[512];
	int ret, rc;

	ret = make_dir(c, 0, rdir, sizeof(rdir));
	ret = ret ?: ct_reset_device(c);
	ret = ret ?: ct_flush_count(c, &before);
	if (ret)
		return ret;
	rc = run(c, c->workload, "dryrun", rdir, 0, "workload.log");
	ret = ct_unmount_all(c);
	ret = ret ?: ct_flush_count(c, &after);
	if (ret)
		return ret;
	if (rc) {
		ub_err("%s: the workload failed without a power failure (exit %d, see %s/workload.log)",
		       c->name, rc, rdir);
		show_tail(rdir, "workload.log");
		return -ECANCELED;
	}
	*flushes = after - before;
	return 0;
}

static int one_point(struct ct *c, struct ct_point *p)
{
	char rdir[512], buf[8];
	double t0 = now();
	int ret;

	ret = make_dir(c, p->k, rdir, sizeof(rdir));
	ret = ret ?: ct_reset_device(c);
	ret = ret ?: ct_set_policy(c);
	ret = ret ?: ct_rule_arm(c, p->k);
	if (ret)
		return ret;
	p->workload_rc = run(c, c->workload, "workload", rdir, p->k, "workload.log");
	ret = ct_unmount_all(c);
	/* A workload that sends fewer flushes this time: cut at its end. */
	p->cut_at_flush = !ub_cfs_read(c->name, "powerfail", buf, sizeof(buf)) &&
			  !strcmp(buf, "1");
	if (!ret && !p->cut_at_flush)
		ret = ub_cfs_write(c->name, "powerfail", "1");
	ct_rule_remove(c);
	if (ret) {
		ub_err("%s: cannot cut the power: %s", c->name, strerror(-ret));
		return ret;
	}
	ret = ct_power(c, false) ?: ct_power(c, true);
	if (ret)
		return ret;
	ct_record_id(c, p->record, sizeof(p->record));
	p->pass = !run(c, c->check, "check", rdir, p->k, "check.log");
	p->seconds = now() - t0;
	return 0;
}

/* 'S' quoted for sh. */
static void sh_quote(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++)
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	fputc('\'', f);
}

/* The one command that replays point P: its flush, policy and seed. */
static char *replay_cmd(const struct ct *c, const struct ct_point *p)
{
	char *s = NULL;
	size_t len;
	FILE *f = open_memstream(&s, &len);

	if (!f)
		return NULL;
	fprintf(f, "uringblkctl crashtest %s --workload ", c->name);
	sh_quote(f, c->workload);
	fputs(" --check ", f);
	sh_quote(f, c->check);
	fprintf(f, " --at-flush %u --policy %s", p->k, c->policy);
	if (!strcmp(c->policy, "random"))
		fprintf(f, " --seed %llu", (unsigned long long)c->seed);
	if (c->image) {
		fputs(" --image ", f);
		sh_quote(f, c->image);
	}
	fclose(f);
	return s;
}

static void point_json(struct json_object *arr, const struct ct *c, const struct ct_point *p)
{
	struct json_object *o = ub_jobj(arr, NULL);
	char *replay = p->pass ? NULL : replay_cmd(c, p);

	ub_ju(o, "point", p->k);
	ub_js(o, "policy", c->policy);
	if (!strcmp(c->policy, "random"))
		ub_ju(o, "seed", c->seed);
	else
		ub_js(o, "seed", NULL);
	ub_js(o, "record", strcmp(p->record, "-") ? p->record : NULL);
	ub_js(o, "check", p->pass ? "pass" : "fail");
	ub_jd(o, "seconds", p->seconds);
	ub_js(o, "cut", p->cut_at_flush ? "flush" : "end");
	ub_ji(o, "workload_exit", p->workload_rc);
	if (replay)
		ub_js(o, "replay", replay);
	free(replay);
}

static void point_row(struct ub_table *t, const struct ct *c, const struct ct_point *p)
{
	struct libscols_line *ln = ub_table_row(t);

	ub_cell(t, ln, C_POINT, "%u", p->k);
	ub_cell(t, ln, C_POLICY, "%s", c->policy);
	ub_cell(t, ln, C_RECORD, "%s", p->record);
	ub_cell(t, ln, C_CHECK, "%s", p->pass ? "pass" : "fail");
	ub_cell(t, ln, C_SECONDS, "%.1f", p->seconds);
	ub_cell(t, ln, C_CUT, "%s", p->cut_at_flush ? "flush" : "end");
	ub_cell(t, ln, C_WORKLOAD, "%d", p->workload_rc);
	if (!strcmp(c->policy, "random"))
		ub_cell(t, ln, C_SEED, "%llu", (unsigned long long)c->seed);
	else
		ub_cell(t, ln, C_SEED, "-");
}

static int ct_usage(void)
{
	ub_err("usage: uringblkctl crashtest NAME --workload CMD --check CMD %s",
	       "[--points N | --at-flush K,K,...] [--policy drop|keep|random] [--seed S] [--image FILE] [-o COLS] [-n] [-r]");
	return UB_EXIT_USAGE;
}

/* A seed for --policy random without --seed: 32 bits, powerfail_seed's range. */
static uint64_t random_seed(void)
{
	uint32_t s = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, &s, sizeof(s)) != sizeof(s))
		s = (uint32_t)time(NULL) ^ (uint32_t)getpid();
	if (fd >= 0)
		close(fd);
	return s;
}

int cmd_crashtest(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "workload", required_argument, NULL, 'w' },
		{ "check", required_argument, NULL, 'c' },
		{ "points", required_argument, NULL, 'N' },
		{ "at-flush", required_argument, NULL, 'k' },
		{ "policy", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ "image", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "raw", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct ub_table_opts topt = { 0 };
	struct ct c = { .policy = "drop" };
	const char *at_flush = NULL;
	unsigned int *ks = NULL, nr = 0, i, failed = 0, points = 0;
	struct ct_point *pts = NULL;
	struct json_object *o = NULL, *arr = NULL;
	struct ub_table *t = NULL;
	uint64_t v, flushes = 0;
	bool dry = false;
	int opt, ret = UB_EXIT_FAIL;

	while ((opt = getopt_long(argc, argv, "o:nr", lo, NULL)) != -1) {
		if (ub_table_opt(&topt, opt, optarg))
			continue;
		switch (opt) {
		case 'w':
			c.workload = optarg;
			break;
		case 'c':
			c.check = optarg;
			break;
		case 'N':
			if (ub_parse_dec(optarg, &v) || !v || v > CT_MAX_POINTS) {
				ub_err("crashtest: --points '%s': a number 1..%u", optarg,
				       CT_MAX_POINTS);
				return UB_EXIT_USAGE;
			}
			points = v;
			break;
		case 'k':
			at_flush = optarg;
			break;
		case 'p':
			c.policy = optarg;
			break;
		case 's':
			if (ub_parse_dec(optarg, &c.seed)) {
				ub_err("crashtest: --seed '%s': a decimal u64", optarg);
				return UB_EXIT_USAGE;
			}
			c.have_seed = true;
			break;
		case 'i':
			c.image = optarg;
			break;
		default:
			return ct_usage();
		}
	}
	if (optind + 1 != argc || !c.workload || !c.check || !*c.workload || !*c.check)
		return ct_usage();
	c.name = argv[optind];
	if (points && at_flush) {
		ub_err("crashtest: --points and --at-flush exclude each other");
		return UB_EXIT_USAGE;
	}
	if (strcmp(c.policy, "drop") && strcmp(c.policy, "keep") && strcmp(c.policy, "random")) {
		ub_err("crashtest: --policy '%s': drop, keep or random", c.policy);
		return UB_EXIT_USAGE;
	}
	if (c.have_seed && strcmp(c.policy, "random")) {
		ub_err("crashtest: --seed needs --policy random");
		return UB_EXIT_USAGE;
	}
	if (at_flush && parse_at_flush(at_flush, &ks, &nr)) {
		ub_err("crashtest: --at-flush '%s': increasing flush numbers 1..%u, comma-separated",
		       at_flush, CT_MAX_POINTS);
		return UB_EXIT_USAGE;
	}
	if (!at_flush) {
		points = points ?: 5;
		dry = true;
	}
	if (c.image && access(c.image, R_OK)) {
		ub_err("%s: %s", c.image, strerror(errno));
		goto out;
	}
	if (!strcmp(c.policy, "random") && !c.have_seed)
		c.seed = random_seed();
	if (!ub_opt.json) {
		t = ub_table_new(cols, ub_crashtest_nr_cols, &topt, "crashtest");
		if (!t) {
			ret = UB_EXIT_USAGE;
			goto out;
		}
	}
	if (ct_prepare(&c))
		goto out;
	snprintf(c.dir, sizeof(c.dir), "%s/uringblk-crashtest.XXXXXX",
		 getenv("TMPDIR") ?: "/tmp");
	if (!mkdtemp(c.dir)) {
		ub_err("%s: %s", c.dir, strerror(errno));
		goto out;
	}
	if (dry) {
		if (dry_run(&c, &flushes))
			goto out;
		if (!flushes) {
			ub_err("%s: the workload sent no flush: no point to cut at", c.name);
			goto out;
		}
		ks = calloc(points, sizeof(*ks));
		if (!ks)
			goto out;
		nr = spread(points, flushes, ks);
	}
	pts = calloc(nr, sizeof(*pts));
	if (!pts)
		goto out;
	for (i = 0; i < nr; i++) {
		pts[i].k = ks[i];
		if (one_point(&c, &pts[i]))
			goto out;
		failed += !pts[i].pass;
	}
	if (ub_opt.json) {
		o = ub_jobj(NULL, NULL);
		ub_js(o, "name", c.name);
		ub_js(o, "device", c.dev);
		if (dry)
			ub_ju(o, "flushes", flushes);
		else
			ub_js(o, "flushes", NULL);
		ub_js(o, "record_dir", c.dir);
		arr = ub_jarr(o, "points");
		for (i = 0; i < nr; i++)
			point_json(arr, &c, &pts[i]);
		ub_ju(o, "passed", nr - failed);
		ub_ju(o, "failed", failed);
		ub_json_print(o);
	} else {
		for (i = 0; i < nr; i++)
			point_row(t, &c, &pts[i]);
		ub_table_print(t);
		t = NULL;
		for (i = 0; i < nr; i++) {
			char *replay = pts[i].pass ? NULL : replay_cmd(&c, &pts[i]);

			if (replay)
				printf("point %u failed (%s/point-%u/check.log); replay:\n  %s\n",
				       pts[i].k, c.dir, pts[i].k, replay);
			free(replay);
		}
		printf("%s: %u points, %u passed, %u failed; records in %s\n", c.name, nr,
		       nr - failed, failed, c.dir);
		if (dry)
			printf("%s: the workload sent %llu flushes in the dry run\n", c.name,
			       (unsigned long long)flushes);
	}
	ret = failed ? UB_EXIT_FAIL : UB_EXIT_OK;
out:
	if (t)
		ub_table_free(t);
	free(ks);
	free(pts);
	return ret;
}
