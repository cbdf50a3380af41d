# SPDX-License-Identifier: GPL-2.0
# uringblk top-level build.
#
#   make                 module for KDIR and uringblkctl; KDIR defaults to the
#                        running kernel's build directory when it exists, else
#                        the cached Debian 6.12 headers (never downloaded here)
#   make KDIR=<headers>  module for that kernel, in driver/
#   make tools           uringblkctl and the test programs (needs Check, liburing)
#   make demo            boot a VM and show devices being made, used, destroyed
#   make check           everything: unit tests, VM suites on 6.1, 6.12, 7.3, 6.12-debug (KERNELS=, TESTS=)
#   make check-debug     the VM suite on the KASAN/lockdep/kmemleak debug kernel
#   make checkpatch      checkpatch.pl --strict on driver/ and uapi/
#   make sparse          sparse (C=2) over the driver
#   make bench           benchmarks against brd and null_blk (not a test)
#   make stress          16 devices under fio verify and live changes (STRESS_MINUTES=),
#                        then crash-point sweeps of ext4, xfs, btrfs (STRESS_CRASH_POINTS=200)
#   make man             regenerate configfs-tools/uringblk.4 from Documentation/
#   make install         module (DKMS), uringblkctl, man pages, completion, uapi
#                        header, profiles, udev rule, systemd unit (PREFIX, DESTDIR)
#   make uninstall       removes exactly what make install placed (and dkms remove)

URINGBLK_CACHE ?= $(HOME)/.cache/uringblk
export URINGBLK_CACHE
RUNNING_KDIR := /lib/modules/$(shell uname -r)/build
KDIR ?= $(if $(wildcard $(RUNNING_KDIR)/Makefile),$(RUNNING_KDIR),$(shell scripts/kernel-kdir.sh 6.12))

all: module tool

module:
	@test -n "$(KDIR)" || { echo "no kernel headers: install linux-headers-$$(uname -r), pass KDIR=, or run scripts/fetch-kernels.sh 6.12" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR)/driver modules

tool:
	$(MAKE) -C configfs-tools

tools: tool
	$(MAKE) -C tests/helpers
	$(MAKE) -C tests/unit
	$(MAKE) -C tests/admin

unit: tools
	$(MAKE) -C tests/unit run

check:
	scripts/check.sh

check-debug:
	KERNELS=6.12-debug scripts/check.sh

demo:
	scripts/demo.sh

bench:
	scripts/bench.sh

stress:
	scripts/stress.sh

PREFIX ?= /usr/local
DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)

# The module goes through DKMS so it is rebuilt for every new kernel;
# units and rules go where pkg-config says (scripts/install.sh has the one
# list; uninstall removes what its manifest says install placed).
install: tool
	PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) DKMS_VERSION=$(DKMS_VERSION) scripts/install.sh install

uninstall:
	PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) DKMS_VERSION=$(DKMS_VERSION) scripts/install.sh uninstall

# uringblk(4) is made from Documentation/configfs.md and admin-plane.md
# (each fact written once); tests/man-host.sh fails when it is stale.
man:
	scripts/gen-uringblk-4.py >configfs-tools/uringblk.4

# The DKMS source tree alone, as install lays it out (scripts/dkms-build.sh
# builds from it for make check).
dkms-source:
	DESTDIR=$(DESTDIR) DKMS_VERSION=$(DKMS_VERSION) scripts/install.sh dkms-source

checkpatch:
	scripts/checkpatch.sh

sparse:
	scripts/sparse.sh

clean:
	rm -f driver/*.o driver/*.ko driver/*.mod driver/*.mod.c driver/.*.cmd \
		driver/Module.symvers driver/modules.order
	@# The DKMS source tree (dkms.conf's CLEAN) has none of these.
	for d in tests/helpers tests/unit configfs-tools; do \
		[ ! -d $$d ] || $(MAKE) -C $$d clean || exit; \
	done
	@# build/ also holds the trees of make check runs in progress: only
	@# what nothing is using goes.
	find build -mindepth 1 -maxdepth 1 -name 'check-*' -mmin +600 -exec rm -rf {} + 2>/dev/null || true

.PHONY: all module tool tools unit check check-debug demo bench stress man install uninstall dkms-source checkpatch sparse clean
