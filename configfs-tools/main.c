// SPDX-License-Identifier: GPL-2.0
/*
 * uringblkctl: declarative uringblk device profiles and admin commands.
 * This file only dispatches; each command lives in its own cmd_*.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "uringblkctl.h"

struct ub_global ub_opt;

void ub_err(const char *fmt, ...)
{
	va_list ap;

	fputs("uringblkctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void ub_note(const char *fmt, ...)
{
	va_list ap;

	fputs("uringblkctl: note: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int ub_need_driver(struct ub_driver *drv)
{
	int ret = ub_cfs_driver(drv);

	if (ret)
		ub_err("cannot read %s/features: %s (is the uringblk module loaded and configfs mounted?)",
		       ub_cfs_root(), strerror(-ret));
	return ret;
}

/*
 * The command table: the one place that names the commands, their flags
 * (what the bash completion offers; `--commands` prints them for its test)
 * and their usage.  The global flags are in globals[].
 */
static const struct ub_cmd cmds[] = {
	{ "apply", cmd_apply, "--dry-run --recreate --skip-unknown",
	  "apply [--dry-run] [--recreate] [--skip-unknown] PROFILE" },
	{ "save", cmd_save, "--all -o --output", "save [--all|NAME...] [-o FILE]" },
	{ "create", cmd_create, "--dry-run --file",
	  "create [--dry-run] NAME [--file PATH] [key=value...]" },
	{ "destroy", cmd_destroy, "--force --all", "destroy [--force] NAME...|--all" },
	{ "set", cmd_set, "", "set NAME key=value..." },
	{ "list", cmd_list, "--output --noheadings --raw", "list [-o COLS] [-n] [-r]",
	  &ub_list_cols, &ub_list_nr_cols },
	{ "identify", cmd_identify, "", "identify DEV" },
	{ "stats", cmd_stats, "--hist --prometheus --watch --count --output --noheadings --raw",
	  "stats DEV [--hist | --prometheus | --watch SECONDS [--count N]] [-o COLS] [-n] [-r]",
	  &ub_stats_cols, &ub_stats_nr_cols },
	{ "reset-stats", cmd_reset_stats, "", "reset-stats DEV" },
	{ "powerfail", cmd_powerfail, "", "powerfail DEV [--record]" },
	{ "mark", cmd_mark, "", "mark DEV TEXT" },
	{ "latency-model", cmd_latency_model, "--from-fio --from-stats",
	  "latency-model DEV fixed NS | uniform LO HI | lognormal MEDIAN SIGMA [tail PCT NS]\n"
	  "  latency-model DEV --from-fio FILE.json | --from-stats DEV2" },
	{ "crashtest", cmd_crashtest,
	  "--workload --check --points --at-flush --policy --seed --image --output --noheadings --raw",
	  "crashtest NAME --workload CMD --check CMD [--points N | --at-flush K,K,...]\n"
	  "            [--policy drop|keep|random] [--seed S] [--image FILE] [-o COLS] [-n] [-r]",
	  &ub_crashtest_cols, &ub_crashtest_nr_cols },
	{ "zones", cmd_zones,
	  "report reset open close finish --offset --count --all --output --noheadings --raw",
	  "zones DEV [report] [--output COLS] [-n] [-r]\n"
	  "  zones DEV reset|open|close|finish [-o SECTOR] [-c COUNT] [--all]",
	  &ub_zones_cols, &ub_zones_nr_cols },
	{ "bench", cmd_bench, "--all --job --parallel --runtime --output --noheadings --raw",
	  "bench [NAME...|--all] [--job FILE] [--parallel] [--runtime S] [-o COLS] [-n] [-r]",
	  &ub_bench_cols, &ub_bench_nr_cols },
	{ "fault", cmd_fault, "add list del --all --output --noheadings --raw",
	  "fault add DEV type=TYPE [ops=OPS] [lba=START-END] [prob=PPM] [delay=USEC]\n"
	  "            [count=N] [torn=SECTORS] [after=N]\n"
	  "  fault list DEV [-o COLS] [-n] [-r]\n"
	  "  fault del DEV RULE|--all",
	  &ub_fault_cols, &ub_fault_nr_cols },
};

/* Accepted before or after the command; --version only before it. */
static const char *const globals[] = { "--json", "--ioctl", "--help" };

#define NR_CMDS (sizeof(cmds) / sizeof(cmds[0]))

static void usage(FILE *f)
{
	unsigned int i;

	fprintf(f, "usage: uringblkctl [--ioctl] [--json] COMMAND [ARGS]\n\ncommands:\n");
	for (i = 0; i < NR_CMDS; i++)
		fprintf(f, "  %s\n", cmds[i].usage);
	fprintf(f, "\nDEV is /dev/uringblkN, uringblkN or a configfs device name.\n"
		"--json (anywhere) prints one JSON object instead of text.\n"
		"--ioctl (anywhere, or URINGBLKCTL_IOCTL=1) sends admin commands by ioctl, not io_uring.\n"
		"--version prints the tool, ABI and driver versions.\n"
		"COMMAND --help prints the command's usage (and table columns).\n"
		"Exit status: 0 ok, 1 an operation failed, 2 usage or profile error.\n"
		"See uringblkctl(8).\n");
}

/* One command's usage, and its table's columns; needs no driver. */
static int cmd_help(const struct ub_cmd *c)
{
	printf("usage: uringblkctl %s\n", c->usage);
	if (c->cols)
		ub_table_help(*c->cols, *c->nr_cols);
	return UB_EXIT_OK;
}

/*
 * The hidden --commands: one line per command, its name and its flags,
 * then "global" and the flags taken anywhere, "toplevel" and those taken
 * only before a command.  The completion test compares the
 * bash completion against this, not against a copy of the table.
 */
static int list_commands(void)
{
	unsigned int i;

	for (i = 0; i < NR_CMDS; i++)
		printf("%s%s%s\n", cmds[i].name, cmds[i].flags[0] ? " " : "", cmds[i].flags);
	printf("global");
	for (i = 0; i < sizeof(globals) / sizeof(globals[0]); i++)
		printf(" %s", globals[i]);
	printf("\ntoplevel --version\n");
	return UB_EXIT_OK;
}

static int version(void)
{
	struct ub_driver drv;
	bool loaded = !ub_cfs_driver(&drv);
	struct json_object *o;

	if (ub_opt.json) {
		o = ub_jobj(NULL, NULL);
		ub_js(o, "tool_version", UB_TOOL_VERSION);
		ub_ji(o, "abi_major", URINGBLK_ABI_MAJOR);
		ub_ji(o, "abi_minor", URINGBLK_ABI_MINOR);
		ub_js(o, "driver_version", loaded ? drv.version : NULL);
		ub_json_print(o);
		return UB_EXIT_OK;
	}
	printf("uringblkctl %s\n", UB_TOOL_VERSION);
	printf("uapi ABI %d.%d\n", URINGBLK_ABI_MAJOR, URINGBLK_ABI_MINOR);
	if (loaded)
		printf("driver %s\n", drv.version);
	else
		printf("driver not loaded\n");
	return UB_EXIT_OK;
}

/*
 * Take the global flags out of argv wherever they are (up to a "--"), so
 * `uringblkctl list --json` and `uringblkctl --json list` are one thing.
 * -j is the old short --json of some commands.  Returns the new argc.
 */
static int strip_globals(int argc, char **argv)
{
	int i, n = 1;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				argv[n++] = argv[i++];
			break;
		}
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j"))
			ub_opt.json = true;
		else if (!strcmp(argv[i], "--ioctl"))
			ub_opt.force_ioctl = true;
		else
			argv[n++] = argv[i];
	}
	argv[n] = NULL;
	return n;
}

int main(int argc, char **argv)
{
	unsigned int i;
	int k;

	argc = strip_globals(argc, argv);
	while (argc > 1 && argv[1][0] == '-') {
		if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
			return version();
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			usage(stdout);
			return UB_EXIT_OK;
		}
		if (!strcmp(argv[1], "--commands"))
			return list_commands();
		ub_err("unknown option '%s'", argv[1]);
		usage(stderr);
		return UB_EXIT_USAGE;
	}
	if (argc < 2) {
		usage(stderr);
		return UB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help")) {
		usage(stdout);
		return UB_EXIT_OK;
	}
	for (i = 0; i < NR_CMDS; i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		/* COMMAND --help: before the command looks for the driver. */
		for (k = 2; k < argc && strcmp(argv[k], "--"); k++)
			if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h"))
				return cmd_help(&cmds[i]);
		/* Each command parses from its argv[1] on, getopt from scratch. */
		optind = 1;
		return cmds[i].fn(argc - 1, argv + 1);
	}
	ub_err("unknown command '%s'", argv[1]);
	usage(stderr);
	return UB_EXIT_USAGE;
}
