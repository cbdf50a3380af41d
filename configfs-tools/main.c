// SPDX-License-Identifier: GPL-2.0
/*
 * uringblkctl: declarative uringblk device profiles and admin commands.
 * This file only dispatches; each command lives in its own cmd_*.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
} cmds[] = {
	{ "apply", cmd_apply, "apply [--dry-run] [--recreate] [--skip-unknown] PROFILE" },
	{ "save", cmd_save, "save [--all|NAME...] [-o FILE]" },
	{ "create", cmd_create, "create [--dry-run] NAME [--file PATH] [key=value...]" },
	{ "destroy", cmd_destroy, "destroy [--force] NAME...|--all" },
	{ "list", cmd_list, "list [--json]" },
	{ "identify", cmd_identify, "identify [--json] DEV" },
	{ "stats", cmd_stats, "stats DEV [--json] [--hist | --watch SECONDS [--count N]]" },
	{ "reset-stats", cmd_reset_stats, "reset-stats DEV" },
	{ "zones", cmd_zones, "zones [--json] DEV" },
	{ "bench", cmd_bench,
	  "bench [NAME...|--all] [--job FILE] [--parallel] [--runtime S] [--json]" },
	{ "fault", cmd_fault,
	  "fault add DEV type=TYPE [ops=OPS] [lba=START-END] [prob=PPM] [delay=USEC]\n"
	  "            [count=N] [torn=SECTORS]\n"
	  "  fault list DEV [--json]\n"
	  "  fault del DEV RULE|--all" },
};

static void usage(FILE *f)
{
	unsigned int i;

	fprintf(f, "usage: uringblkctl [--ioctl] COMMAND [ARGS]\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %s\n", cmds[i].usage);
	fprintf(f, "\nDEV is /dev/uringblkN, uringblkN or a configfs device name.\n"
		"--ioctl (or URINGBLKCTL_IOCTL=1) sends admin commands by ioctl, not io_uring.\n"
		"--version prints the tool, ABI and driver versions.\n"
		"Exit status: 0 ok, 1 an operation failed, 2 usage or profile error.\n"
		"See uringblkctl(8).\n");
}

static int version(void)
{
	struct ub_driver drv;

	printf("uringblkctl %s\n", UB_TOOL_VERSION);
	printf("uapi ABI %d.%d\n", URINGBLK_ABI_MAJOR, URINGBLK_ABI_MINOR);
	if (ub_cfs_driver(&drv))
		printf("driver not loaded\n");
	else
		printf("driver %s\n", drv.version);
	return UB_EXIT_OK;
}

int main(int argc, char **argv)
{
	unsigned int i;

	while (argc > 1 && argv[1][0] == '-') {
		if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
			return version();
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			usage(stdout);
			return UB_EXIT_OK;
		}
		if (!strcmp(argv[1], "--ioctl")) {
			ub_opt.force_ioctl = true;
			argc--;
			argv++;
			continue;
		}
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
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	ub_err("unknown command '%s'", argv[1]);
	usage(stderr);
	return UB_EXIT_USAGE;
}
