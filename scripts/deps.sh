#!/bin/bash
# Install the Debian packages uringblk needs to build, test and benchmark.
# Idempotent: asks apt only when something is missing, so a warm machine
# pays one dpkg-query and nothing else.  Without apt-get (another
# distribution) it prints what it needs and what for, under Debian's
# names, and exits 1; URINGBLK_SKIP_DEPS=1 then goes on once they are
# installed by other means.
set -euo pipefail

# "PACKAGE... | what for", one line each: the one list.
PACKAGES=(
	"qemu-system-x86 | guests: the host kernel cannot load modules"
	"busybox-static | the guest initramfs"
	"cpio | packs the initramfs"
	"kmod | depmod/modprobe against the cached kernel trees"
	"fio | I/O workloads in the guest"
	"liburing-dev | io_uring tests and the admin tool"
	"libconfig-dev | the configfs tool's profile files"
	"libjson-c-dev | uringblkctl --json"
	"libsmartcols-dev | uringblkctl tables (-o COLS, -n, -r)"
	"sparse | make C=1"
	"dwarves | pahole: 6.12 module builds (BTF) need it"
	"xz-utils | 6.12 ships .ko.xz modules"
	"zstd | vm-run unpacks 6.12's zstd vmlinuz for a faster boot"
	"linux-source-6.1 | checkpatch.pl and a debug kernel"
	"check | host unit tests"
	"pkg-config | library flags; systemd's and udev's directories for make install"
	"bc bison flex libssl-dev libelf-dev rsync | building a kernel"
	"e2fsprogs | mkfs.ext4 on the device under test"
	"fdisk | sfdisk: a partition on the device under test (logw-compare)"
	"gcc make | building the module and the tools"
	"python3 | benchmark reports, man page generation"
	"python3-prometheus-client | tests parse \`uringblkctl stats --prometheus\`"
	"debootstrap | the trixie chroot that builds the module for 7.3"
	"dkms | make install: the module rebuilt for every kernel"
	"btrfs-progs f2fs-tools | zoned file systems on zoned devices; btrfs: crashtest sweeps"
	"xfsprogs | crashtest sweeps (tests/vm/crash-xfs-btrfs.sh)"
	"gnuplot-nox | benchmark plots"
)

[ "${URINGBLK_SKIP_DEPS:-0}" = 1 ] && { echo "deps: skipped (URINGBLK_SKIP_DEPS=1)"; exit 0; }

all=() missing=()
for line in "${PACKAGES[@]}"; do
	for pkg in ${line%% | *}; do
		all+=("$pkg")
		if command -v dpkg-query >/dev/null; then
			status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
			[[ $status == installed ]] && continue
		fi
		missing+=("$pkg")
	done
done

if ((${#missing[@]} == 0)); then
	echo "deps: all ${#all[@]} packages installed"
	exit 0
fi

if ! command -v apt-get >/dev/null; then
	{
		echo "deps: no apt-get here: uringblk installs Debian packages with apt."
		command -v dpkg-query >/dev/null || echo "deps: no dpkg-query either: cannot tell what is installed."
		echo "deps: needed (Debian names; install the equivalents with your package manager):"
		for line in "${PACKAGES[@]}"; do
			want=()
			for pkg in ${line%% | *}; do
				[[ " ${missing[*]} " == *" $pkg "* ]] && want+=("$pkg")
			done
			((${#want[@]})) && printf '  %-40s %s\n' "${want[*]}" "${line#* | }"
		done
		echo "deps: then run again with URINGBLK_SKIP_DEPS=1."
	} >&2
	exit 1
fi

echo "deps: installing: ${missing[*]}"
SUDO=()
((EUID == 0)) || SUDO=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
