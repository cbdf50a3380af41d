#!/bin/bash
# Install the Debian packages uringblk needs to build, test and benchmark.
# Idempotent: asks apt only when something is missing, so a warm machine
# pays one dpkg-query and nothing else.
set -euo pipefail

PACKAGES=(
	qemu-system-x86   # guests: the host kernel cannot load modules
	busybox-static    # the guest initramfs
	cpio              # packs the initramfs
	kmod              # depmod/modprobe against the cached kernel trees
	fio               # I/O workloads in the guest
	liburing-dev      # io_uring tests and the admin tool
	libconfig-dev     # the configfs tool's profile files
	libjson-c-dev     # uringblkctl --json
	libsmartcols-dev  # uringblkctl tables (-o COLS, -n, -r)
	sparse            # make C=1
	dwarves           # pahole: 6.12 module builds (BTF) need it
	xz-utils          # 6.12 ships .ko.xz modules
	zstd              # vm-run unpacks 6.12's zstd vmlinuz for a faster boot
	linux-source-6.1  # checkpatch.pl and a debug kernel
	check             # host unit tests
	pkg-config
	bc bison flex libssl-dev libelf-dev rsync  # building a kernel
	e2fsprogs         # mkfs.ext4 on the device under test
	gcc make
	python3
	python3-prometheus-client  # tests parse `uringblkctl stats --prometheus`
	debootstrap       # the trixie chroot that builds the module for 7.3
	dkms              # make install: the module rebuilt for every kernel
	btrfs-progs       # zoned file systems on zoned devices; crashtest sweeps
	xfsprogs          # crashtest sweeps (tests/vm/crash-xfs-btrfs.sh)
	f2fs-tools
	gnuplot-nox       # benchmark plots
)

missing=()
for pkg in "${PACKAGES[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	[[ $status == installed ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
	echo "deps: all ${#PACKAGES[@]} packages installed"
	exit 0
fi

echo "deps: installing: ${missing[*]}"
SUDO=()
((EUID == 0)) || SUDO=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
