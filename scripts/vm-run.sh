#!/bin/bash
# Boot a cached Debian kernel under QEMU and run one command as root in it.
#
# Usage: scripts/vm-run.sh --kernel SERIES [--module PATH.ko] [--no-load]
#            [--mem 2G] [--smp 2] [--timeout SECONDS] [--log FILE]
#            [--share DIR]... [--disk IMAGE] [--verbose] -- CMD [ARGS...]
#
# The host cannot load modules, so every kernel-side test runs here.  The
# guest sees the host's root read-only over virtio-9p (an overlay with a RAM
# upper layer makes it writable; writes vanish at power-off) and tmpfs on
# /tmp, /run, /var/tmp and /dev/shm.  Each --share DIR is mounted writable
# at the same path, so results come back.  --disk IMAGE attaches a raw
# image as a virtio-blk drive (/dev/vda in the guest; modprobe virtio_blk):
# persistent storage for file-backed devices.  The command runs as root in the
# host's current directory with a plain PATH, HOME=/root, TERM=dumb, stdin
# from /dev/null and the host's URINGBLK_* and TEST_* variables.  Unless
# --no-load, configfs is loaded and --module is insmod'ed (after the start
# marker, so splats of the module's init count).
#
# Output: the guest console from the start marker on is shown live on
# stdout (--verbose or URINGBLK_VM_VERBOSE=1: the boot too); the whole
# console goes to --log (default build/vm-logs/<series>-<time>.log); check
# it with scripts/scan-splats.sh.  Markers: URINGBLK-CMD-START,
# URINGBLK-CMD-EXIT <status>, URINGBLK-SETUP-FAILED <what>.
#
# Exit status: the command's (0 when it stopped the guest on purpose after
# printing URINGBLK-CRASH-ON-PURPOSE); 124 when --timeout (default 900 s) expired;
# 125 when the guest could not run it (module load failed, guest died,
# QEMU failed); 1 or 2 for a host-side error or bad usage, before booting.
# A guest that dies before the command starts (the rare TCG boot oops in
# shared/PLATFORM.md) is booted once more.  Only one guest runs at a time:
# a second vm-run waits for the first.
#
# Environment: URINGBLK_VM_ACCEL=kvm (KVM with -cpu host; default TCG),
# URINGBLK_VM_TCG_THREAD=multi (multi-threaded TCG; default single, which
# avoids the cross-vCPU code-patching oops), URINGBLK_VM_APPEND (extra
# kernel arguments), URINGBLK_VM_BOOT_TIMEOUT (seconds to reach the command,
# default 240), URINGBLK_VM_ICOUNT=N (deterministic virtual time: one
# instruction is 2^N ns; for benchmarks), URINGBLK_VM_BZIMAGE=1 (boot the
# bzImage, not the extracted vmlinux), URINGBLK_VM_NUMA=1 (two NUMA
# nodes), URINGBLK_CACHE (see fetch-kernels.sh).
set -euo pipefail

here=$(dirname "$(realpath "$0")")
self=$here/${0##*/}
# shellcheck source=scripts/lib.sh
source "$here/lib.sh"

usage() {
	sed -n '4,6p' "$self" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

series='' module='' no_load=0 mem=2G smp=2 timeout_s=900 log='' verbose=${URINGBLK_VM_VERBOSE:-0}
shares=() disks=()
while (($#)); do
	case $1 in
	--kernel) series=${2:?--kernel needs a series}; shift 2 ;;
	--module) module=${2:?--module needs a path}; shift 2 ;;
	--no-load) no_load=1; shift ;;
	--mem) mem=${2:?}; shift 2 ;;
	--smp) smp=${2:?}; shift 2 ;;
	--timeout) timeout_s=${2:?}; shift 2 ;;
	--log) log=${2:?}; shift 2 ;;
	--share) shares+=("${2:?--share needs a directory}"); shift 2 ;;
	--disk) disks+=("${2:?--disk needs an image}"); shift 2 ;;
	--verbose) verbose=1; shift ;;
	--) shift; break ;;
	-h | --help) usage ;;
	*) echo "vm-run: unknown option '$1'" >&2; usage ;;
	esac
done
(($#)) || { echo "vm-run: no command given after --" >&2; usage; }
[[ -n $series ]] || { echo "vm-run: --kernel SERIES is required" >&2; usage; }
[[ $timeout_s =~ ^[0-9]+$ ]] || die "--timeout wants whole seconds, got '$timeout_s'"
boot_timeout=${URINGBLK_VM_BOOT_TIMEOUT:-240}

CACHE=$(uringblk_cache_dir)
env_file=$("$here/kernel-env.sh" "$series")
KVER='' VMLINUZ='' MODROOT=''
# shellcheck source=/dev/null
source "$env_file"
[[ -f $VMLINUZ && -d $MODROOT/lib/modules/$KVER ]] || die "broken kernel cache $env_file: rerun fetch-kernels.sh"

# Directories the guest covers with tmpfs: nothing under them is visible
# unless it is shared.
hidden_in_guest() {
	local p=$1 s
	for s in "${shares[@]}"; do
		[[ $p == "$s" || $p == "$s"/* ]] && return 1
	done
	case $p/ in /tmp/* | /run/* | /var/tmp/* | /dev/shm/*) return 0 ;; esac
	return 1
}

for i in "${!disks[@]}"; do
	[[ -f ${disks[i]} ]] || die "--disk ${disks[i]}: not a file"
done
for i in "${!shares[@]}"; do
	[[ -d ${shares[i]} ]] || die "--share ${shares[i]}: not a directory"
	shares[i]=$(realpath -- "${shares[i]}")
done
if [[ -n $module ]]; then
	[[ -f $module ]] || die "--module $module: no such file"
	module=$(realpath -- "$module")
	! hidden_in_guest "$module" ||
		die "--module $module lies under a directory the guest covers with tmpfs; --share its directory or move it"
fi
! hidden_in_guest "$PWD" ||
	echo "vm-run: note: the guest covers $PWD with an empty tmpfs; --share it to see its files there" >&2

# --- the base initramfs: busybox, the modules needed to mount the host
# root, and the two init stages.  Cached per kernel; rebuilt when this
# script (which holds the init stages) or busybox changes.
build_initramfs() {
	local key out tmp m
	key=$( {
		cat "$self"
		echo "$KVER"
		stat -L -c '%s %Y' /bin/busybox
	} | sha256sum | cut -c1-16)
	out=$CACHE/initramfs/$series-$KVER-$key.cpio
	if [[ -f $out ]]; then
		printf '%s\n' "$out"
		return 0
	fi
	# The initramfs has no libc: busybox must be the static build.
	if [[ ! -x /bin/busybox ]] || readelf -l /bin/busybox 2>/dev/null | grep -q INTERP; then
		die "/bin/busybox is not a static busybox: run scripts/deps.sh (busybox-static)"
	fi
	mkdir -p "$CACHE/initramfs"
	tmp=$(mktemp -d "$CACHE/initramfs/build.XXXXXX")
	# This runs in a command substitution: the trap is the subshell's own.
	trap 'rm -rf "$tmp" "$out.new"' EXIT
	mkdir -p "$tmp"/{bin,dev,proc,sys,modules,uringblk,mnt/host,mnt/rw,newroot}
	cp /bin/busybox "$tmp/bin/busybox"
	# Applet links made here, not by "busybox --install" in the guest: that
	# costs 0.4 s of boot under TCG.
	local applet
	while read -r applet; do
		mkdir -p "$tmp/$(dirname "$applet")"
		[[ -e $tmp/$applet ]] || ln -s /bin/busybox "$tmp/$applet"
	done < <(/bin/busybox --list-full)
	# Without /dev/console in the archive the kernel warns and starts init
	# with no stdio; init reopens the console itself anyway.
	((EUID != 0)) || mknod -m 600 "$tmp/dev/console" c 5 1

	# Modules in dependency order (modprobe prints dependencies first);
	# busybox insmod cannot read .ko.xz, so decompress.
	local -A seen=()
	local line path rel name
	for m in virtio_pci 9pnet_virtio 9p overlay configfs; do
		while read -r line; do
			case $line in
			insmod\ *) path=${line#insmod } path=${path%% *} ;;
			builtin\ *) continue ;;
			*) die "unexpected modprobe output for $m: $line" ;;
			esac
			rel=${path#"$MODROOT/lib/modules/$KVER/"}
			[[ -z ${seen[$rel]:-} ]] || continue
			seen[$rel]=1
			name=${rel##*/}
			case $name in
			*.ko.xz) xz -dc "$path" >"$tmp/modules/${name%.xz}"; name=${name%.xz} ;;
			*.ko.zst) zstd -qdc "$path" >"$tmp/modules/${name%.zst}"; name=${name%.zst} ;;
			*.ko) cp "$path" "$tmp/modules/$name" ;;
			*) die "unexpected module file $path" ;;
			esac
			echo "$name" >>"$tmp/modules/order"
		done < <(modprobe -d "$MODROOT" -S "$KVER" --show-depends "$m")
	done

	write_init >"$tmp/init"
	write_stage2 >"$tmp/uringblk/stage2.sh"
	chmod 755 "$tmp/init"
	(cd "$tmp" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --quiet -R 0:0) >"$out.new"
	rm -rf "$tmp"
	rm -f "$CACHE/initramfs/$series-"*.cpio
	mv "$out.new" "$out"
	trap - EXIT
	printf '%s\n' "$out"
}

# QEMU boots an uncompressed ELF vmlinux directly through its PVH entry
# point: that skips the decompressor, which under TCG costs 5.5 s per boot
# for 6.1's xz image and 1.5 s for 6.12's zstd one.  Extracted once into
# the cache; the bzImage stays the fallback (and URINGBLK_VM_BZIMAGE=1).
pvh_kernel() {
	local out=$CACHE/kernels/$series/vmlinux-$KVER tmp pair magic tool off
	if [[ ! -s $out ]]; then
		tmp=$out.$$
		for pair in '\xfd7zXZ\x00:xz' '\x28\xb5\x2f\xfd:zstd' '\x1f\x8b\x08:gzip'; do
			magic=${pair%:*} tool=${pair##*:}
			while read -r off; do
				# Trailing data after the stream makes the tools complain.
				tail -c +$((off + 1)) "$VMLINUZ" | "$tool" -dc >"$tmp" 2>/dev/null || true
				if readelf -n "$tmp" 2>/dev/null | grep -qE 'Unknown note type: \(0x00000012\)|PHYS32_ENTRY'; then
					mv "$tmp" "$out"
					break 2
				fi
			done < <(LC_ALL=C grep -obUaP "$magic" "$VMLINUZ" | cut -d: -f1)
		done
		rm -f "$tmp"
	fi
	if [[ -s $out ]]; then
		printf '%s\n' "$out"
	else
		echo "vm-run: note: no PVH vmlinux in $VMLINUZ; booting the bzImage (slower)" >&2
		printf '%s\n' "$VMLINUZ"
	fi
}

# Stage 1, the guest's PID 1 (busybox sh): mount the host root with an
# overlay, the pseudo file systems, the shares, then chroot into stage 2.
write_init() {
	cat <<'EOF'
#!/bin/busybox sh
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys

fail() {
	printf '\nURINGBLK-SETUP-FAILED %s\n' "$*"
	sync
	poweroff -f
	echo o >/proc/sysrq-trigger
	sleep 60
}

. /uringblk/run.conf

while read -r m; do
	insmod "/modules/$m" || fail "insmod $m"
done </modules/order

# The virtio devices may need a moment to show up after their driver loads.
n=0
until mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /mnt/host; do
	n=$((n + 1))
	[ $n -lt 50 ] || fail "cannot mount the host root (9p tag hostroot)"
	sleep 0.1
done
mount -t tmpfs -o mode=0755 tmpfs /mnt/rw || fail "tmpfs for the overlay"
mkdir -p /mnt/rw/upper /mnt/rw/work
mount -t overlay -o lowerdir=/mnt/host,upperdir=/mnt/rw/upper,workdir=/mnt/rw/work overlay /newroot ||
	fail "overlay over the host root"

R=/newroot
mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -t devtmpfs devtmpfs $R/dev
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts -o gid=5,mode=0620,ptmxmode=0666 devpts $R/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $R/dev/shm
mount -t tmpfs -o mode=1777 tmpfs $R/tmp
mount -t tmpfs -o mode=1777 tmpfs $R/var/tmp
mount -t tmpfs -o mode=0755 tmpfs $R/run
mount -t debugfs debugfs $R/sys/kernel/debug || fail "debugfs"
mount -t configfs configfs $R/sys/kernel/config || fail "configfs"
# bash process substitution and many tools want these.
ln -sfn /proc/self/fd $R/dev/fd
ln -sfn /proc/self/fd/0 $R/dev/stdin
ln -sfn /proc/self/fd/1 $R/dev/stdout
ln -sfn /proc/self/fd/2 $R/dev/stderr
# The host has no /lib/modules; kmod in the guest finds the cached tree.
mkdir -p $R/lib/modules
ln -sfn "$MODROOT/lib/modules/$KVER" "$R/lib/modules/$KVER"

i=0
while [ $i -lt "$SHARES" ]; do
	eval "d=\$SHARE_$i"
	mkdir -p "$R$d"
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=mmap "share$i" "$R$d" ||
		fail "cannot mount --share $d"
	i=$((i + 1))
done

mkdir -p $R/run/uringblk
cp /uringblk/* $R/run/uringblk/
hostname uringblk-vm
ip link set lo up 2>/dev/null

chroot $R /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	HOME=/root TERM=dumb /bin/bash --noprofile --norc /run/uringblk/stage2.sh
st=$?
[ -e $R/run/uringblk/finished ] || fail "stage 2 in the chroot exited with status $st"
sync
poweroff -f
echo o >/proc/sysrq-trigger
sleep 60
EOF
}

# Stage 2 runs as bash inside the chroot (the host's tools): load the
# module, print the markers around the command.
write_stage2() {
	cat <<'EOF'
. /run/uringblk/run.conf
# Stage 1 has loaded configfs already (it mounts it); modprobe costs 0.5 s.
if [ "$RUN_NO_LOAD" = 0 ] && [ ! -d /sys/module/configfs ]; then
	modprobe configfs || echo "vm-run: warning: modprobe configfs failed"
fi
if ! cd -- "$RUN_CWD" 2>/dev/null; then
	echo "vm-run: warning: $RUN_CWD is not visible in the guest (under a tmpfs?); running in /"
	cd /
fi
printf '\nURINGBLK-CMD-START\n'
if [ "$RUN_NO_LOAD" = 0 ] && [ -n "$RUN_MODULE" ]; then
	if ! insmod "$RUN_MODULE"; then
		printf '\nURINGBLK-SETUP-FAILED insmod %s\n' "$RUN_MODULE"
		: >/run/uringblk/finished
		exit 1
	fi
fi
. /run/uringblk/cmd.sh
"${cmd[@]}" </dev/null
st=$?
printf '\nURINGBLK-CMD-EXIT %d\n' "$st"
: >/run/uringblk/finished
EOF
}

# Single-quote for sh and bash alike.
sq() {
	printf "'%s'" "${1//\'/\'\\\'\'}"
}

# One guest at a time: two TCG guests on 2 cores starve each other into
# false soft-lockup and RCU-stall reports.  QEMU inherits the lock, so it
# is held until the guest is really gone.  Machine-wide where possible, so
# runs with another URINGBLK_CACHE wait too.
lockfile=$CACHE/vm-run.lock
[[ ! -w /run/lock ]] || lockfile=/run/lock/uringblk-vm-run.lock
mkdir -p "$CACHE"
exec 9>>"$lockfile"
if ! flock -n 9; then
	echo "vm-run: another guest is running; waiting for it to finish" >&2
	flock 9
fi

rundir=$(mktemp -d "${TMPDIR:-/tmp}/vm-run.XXXXXX")
watch_pid=''
# Stop our QEMU, by the pid it wrote, and only if that pid is still QEMU.
kill_qemu() {
	local qpid
	qpid=$(cat "$rundir/qemu.pid" 2>/dev/null || true)
	[[ -n $qpid && $(cat "/proc/$qpid/comm" 2>/dev/null) == qemu-system* ]] || return 0
	kill "$qpid" 2>/dev/null || true
}
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
	[[ -z $watch_pid ]] || kill "$watch_pid" 2>/dev/null || true
	# Interrupted while a guest ran: do not leave QEMU behind.
	kill_qemu
	rm -rf "$rundir"
}
trap cleanup EXIT

# --- per-run data, appended to the base initramfs as a second archive.
mkdir -p "$rundir/cpio/uringblk"
{
	printf 'KVER=%s\nMODROOT=%s\n' "$(sq "$KVER")" "$(sq "$MODROOT")"
	printf 'RUN_MODULE=%s\nRUN_NO_LOAD=%d\n' "$(sq "$module")" "$no_load"
	printf 'RUN_CWD=%s\nSHARES=%d\n' "$(sq "$PWD")" "${#shares[@]}"
	for i in "${!shares[@]}"; do printf 'SHARE_%d=%s\n' "$i" "$(sq "${shares[i]}")"; done
} >"$rundir/cpio/uringblk/run.conf"
{
	while read -r var; do
		case $var in
		URINGBLK_* | TEST_*) printf 'export %s=%s\n' "$var" "$(sq "${!var}")" ;;
		esac
	done < <(compgen -e)
	printf 'cmd=('
	for a in "$@"; do printf ' %s' "$(sq "$a")"; done
	printf ' )\n'
} >"$rundir/cpio/uringblk/cmd.sh"
base=$(build_initramfs)
kernel_image=$VMLINUZ
# The debug kernel's PVH entry stops before the console says anything
# (6.12 with KASAN under TCG; not investigated): it boots its bzImage, once
# per run, so the decompressor's seconds do not matter there.
[[ ${URINGBLK_VM_BZIMAGE:-0} == 1 || $series == *-debug ]] || kernel_image=$(pvh_kernel)
(cd "$rundir/cpio" && find . -mindepth 1 -print0 | cpio --null -o -H newc --quiet -R 0:0) >"$rundir/run.cpio"
cat "$base" "$rundir/run.cpio" >"$rundir/initrd"

if [[ -z $log ]]; then
	log=build/vm-logs/$series-$(date +%Y%m%d-%H%M%S).log
	[[ ! -e $log ]] || log=${log%.log}-$$.log
fi
mkdir -p "$(dirname "$log")"
: >"$log"

case ${URINGBLK_VM_ACCEL:-tcg} in
kvm) accel=(-accel kvm -cpu host) ;;
tcg) accel=(-accel "tcg,thread=${URINGBLK_VM_TCG_THREAD:-single}" -cpu max)
	# Virtual time from instruction counts (single-threaded TCG only):
	# shift N makes one instruction 2^N ns, so timings are repeatable.
	[[ -z ${URINGBLK_VM_ICOUNT:-} ]] ||
		accel=(-accel tcg,thread=single -cpu max -icount "shift=$URINGBLK_VM_ICOUNT,sleep=off") ;;
*) die "URINGBLK_VM_ACCEL must be tcg or kvm, not '$URINGBLK_VM_ACCEL'" ;;
esac

# panic=-1: a panic reboots at once and -no-reboot turns that into QEMU
# exiting (no panic_on_oops: an oops is reported, scan-splats fails it).
# loglevel=7 so every splat reaches the log; printk.devkmsg=on so tests may
# write markers to /dev/kmsg without rate limiting.
# QEMU option values escape ',' by doubling it.
qarg() { printf '%s' "${1//,/,,}"; }
# shellcheck disable=SC2054  # the commas are QEMU's
qemu=(qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot
	"${accel[@]}" -m "$mem" -smp "$smp"
	-kernel "$kernel_image" -initrd "$rundir/initrd"
	-append "console=ttyS0 loglevel=7 panic=-1 printk.devkmsg=on ${URINGBLK_VM_APPEND:-}"
	-serial file:/dev/stdout
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot)
# URINGBLK_VM_NUMA=1: two NUMA nodes, half the vCPUs each; node 1 has a
# quarter of the memory, so a device homed there can fill it and fall back.
if [[ ${URINGBLK_VM_NUMA:-0} == 1 ]]; then
	case $mem in
	*G) mib=$((${mem%G} * 1024)) ;;
	*M) mib=${mem%M} ;;
	*) die "URINGBLK_VM_NUMA needs --mem in M or G, not '$mem'" ;;
	esac
	((smp >= 2)) || die "URINGBLK_VM_NUMA needs --smp 2 or more"
	half=$((smp / 2))
	cpus0=0 cpus1=$half
	((half == 1)) || cpus0=0-$((half - 1))
	((smp - half == 1)) || cpus1=$half-$((smp - 1))
	qemu+=(-object "memory-backend-ram,id=m0,size=$((mib - mib / 4))M"
		-object "memory-backend-ram,id=m1,size=$((mib / 4))M"
		-numa "node,nodeid=0,cpus=$cpus0,memdev=m0"
		-numa "node,nodeid=1,cpus=$cpus1,memdev=m1")
fi
for i in "${!disks[@]}"; do
	qemu+=(-drive "file=$(qarg "${disks[i]}"),if=virtio,format=raw")
done
for i in "${!shares[@]}"; do
	qemu+=(-fsdev "local,id=share$i,path=$(qarg "${shares[i]}"),security_model=none,multidevs=remap"
		-device "virtio-9p-pci,fsdev=share$i,mount_tag=share$i")
done

# Kills a guest that does not reach the command in time, or that oopsed
# while booting and hangs instead of rebooting; notes when the command
# started.  Polls the log, which is small until then.
watch_boot() {
	local t0=$1 qpid='' oops_at='' now
	while :; do
		now=${EPOCHREALTIME/,/.}
		[[ -n $qpid ]] || qpid=$(cat "$rundir/qemu.pid" 2>/dev/null || true)
		if [[ -e $rundir/qemu.done ]] || { [[ -n $qpid ]] && ! kill -0 "$qpid" 2>/dev/null; }; then
			# QEMU is gone (a quick command): let tee write the rest.
			[[ -e $rundir/qemu.done ]] || sleep 1
			! grep -aq 'URINGBLK-CMD-START' "$log_part" ||
				awk -v a="$now" -v b="$t0" 'BEGIN { printf "%.1f\n", a - b }' >"$rundir/started"
			return 0
		fi
		if grep -aq 'URINGBLK-CMD-START' "$log_part"; then
			awk -v a="$now" -v b="$t0" 'BEGIN { printf "%.1f\n", a - b }' >"$rundir/started"
			return 0
		fi
		if [[ -z $oops_at ]] && grep -aqE 'Oops|Kernel panic|BUG:' "$log_part"; then
			oops_at=$SECONDS
		fi
		if { [[ -n $oops_at ]] && ((SECONDS - oops_at > 15)); } || ((SECONDS > boot_deadline)); then
			echo "boot" >"$rundir/killed"
			kill_qemu
			return 0
		fi
		sleep 0.1
	done
}

# One boot: sets rc (QEMU's status under timeout).
boot_once() {
	local attempt=$1
	log_part=$rundir/console.$attempt
	: >"$log_part"
	rm -f "$rundir/started" "$rundir/killed" "$rundir/qemu.pid" "$rundir/qemu.done"
	boot_deadline=$((SECONDS + boot_timeout))
	watch_boot "${EPOCHREALTIME/,/.}" &
	watch_pid=$!
	# shellcheck disable=SC2016  # sed's $, not the shell's
	local show=(sed -u -n '/URINGBLK-CMD-START/,$p')
	((!verbose)) || show=(cat)
	set +e
	timeout -k 10 "$timeout_s" "${qemu[@]}" -pidfile "$rundir/qemu.pid" </dev/null |
		sed -u 's/\r//g' | tee "$log_part" | "${show[@]}"
	rc=${PIPESTATUS[0]}
	set -e
	: >"$rundir/qemu.done"
	wait "$watch_pid" 2>/dev/null || true
	watch_pid=''
	cat "$log_part" >>"$log"
}

status=''
for attempt in 1 2; do
	boot_once "$attempt"
	part=$rundir/console.$attempt
	if exit_line=$(grep -aoE 'URINGBLK-CMD-EXIT [0-9]+' "$part" | tail -n1); then
		status=${exit_line##* }
		echo "vm-run: $series: command exited with status $status" \
			"(boot to command $(cat "$rundir/started" 2>/dev/null || echo '?') s; log $log)" >&2
		break
	fi
	if grep -aq 'URINGBLK-SETUP-FAILED' "$part"; then
		what=$(grep -a 'URINGBLK-SETUP-FAILED' "$part" | head -n1)
		echo "vm-run: $series: the guest could not run the command: ${what#*URINGBLK-SETUP-FAILED }" >&2
		# Output before the start marker was not shown live: show its end.
		grep -aq 'URINGBLK-CMD-START' "$part" || ((verbose)) || tail -n 25 "$part" >&2
		echo "vm-run: full console log: $log" >&2
		status=125
		break
	fi
	if grep -aq 'URINGBLK-CMD-START' "$part"; then
		if ((rc != 124)) && grep -aq 'URINGBLK-CRASH-ON-PURPOSE' "$part"; then
			# A test stopped the guest without a shutdown, as it meant
			# to (tests/vm/file-persist.sh): not a death.
			echo "vm-run: $series: the command stopped the guest abruptly on purpose (URINGBLK-CRASH-ON-PURPOSE; log $log)" >&2
			status=0
			break
		fi
		if ((rc == 124)); then
			echo "vm-run: $series: TIMEOUT: the command did not finish within ${timeout_s}s; guest killed (log $log)" >&2
			status=124
		else
			echo "vm-run: $series: the guest died while the command ran (QEMU status $rc); see $log" >&2
			grep -aE -A20 'Kernel panic|Oops|BUG:' "$part" | head -n 40 >&2 || true
			status=125
		fi
		break
	fi
	if [[ ! -s $part ]]; then
		echo "vm-run: QEMU failed before the guest printed anything (status $rc):" >&2
		printf ' %q' "${qemu[@]}" >&2
		echo >&2
		status=125
		break
	fi
	# No start marker: the guest died or hung while booting.
	why="died before the command started"
	if [[ -f $rundir/killed ]] && ! grep -aqE 'Oops|Kernel panic|BUG:' "$part"; then
		why="did not reach the command within ${boot_timeout}s"
	fi
	if ((attempt == 1)); then
		if [[ $why == died* ]]; then
			echo "vm-run: guest died before the command started (known rare TCG boot oops); booting once more" >&2
		else
			echo "vm-run: guest $why; booting once more" >&2
		fi
		grep -aE -A5 'Oops|Kernel panic|BUG:' "$part" | head -n 20 >&2 || true
		printf '\n==== vm-run: second boot ====\n' >>"$log"
		continue
	fi
	echo "vm-run: $series: the guest $why twice; giving up (log $log)" >&2
	tail -n 30 "$part" >&2
	status=125
done
exit "$status"
