# SPDX-License-Identifier: GPL-2.0
# uringblk top-level build.
#
#   make                 module for KDIR (default: cached Debian 6.12 headers) and tools
#   make KDIR=<headers>  module for that kernel, in driver/
#   make demo            boot a VM and show devices being made, used, destroyed
#   make check           everything: unit tests, both kernels' VM suites (KERNELS=, TESTS=)
#   make checkpatch      checkpatch.pl --strict on driver/ and uapi/
#   make sparse          sparse (C=2) over the driver
#   make bench           benchmarks against brd and null_blk (not a test)

URINGBLK_CACHE ?= $(HOME)/.cache/uringblk
export URINGBLK_CACHE
KDIR ?= $(shell scripts/kernel-kdir.sh 6.12)

all: module tools

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/driver modules

tools:
	$(MAKE) -C tests/helpers
	$(MAKE) -C tests/unit
	$(MAKE) -C tests/admin

unit: tools
	$(MAKE) -C tests/unit run

check:
	scripts/check.sh

demo:
	scripts/demo.sh

bench:
	scripts/bench.sh

checkpatch:
	scripts/checkpatch.sh

sparse:
	scripts/sparse.sh

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/driver clean
	$(MAKE) -C tests/helpers clean
	$(MAKE) -C tests/unit clean
	rm -rf build

.PHONY: all module tools unit check demo bench checkpatch sparse clean
