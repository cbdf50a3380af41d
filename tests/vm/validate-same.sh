#!/bin/bash
# One set of rules between settings (driver/validate.c, issue 26 item 1):
# each row of the table goes through uringblkctl apply --dry-run (a
# profile) and through configfs and power on (last_error).  Both must
# give the row's verdict, in the same words: the tool's message after
# "FILE:LINE: NAME: " is the device's last_error line.  Rows hold only
# settings that configfs takes one by one; the rules join them.
. "$(dirname "$0")/lib.sh"

# attributes (in attr_list.h's order) | ok, or the expected last_error
table() {
	cat <<'ROWS'
zoned=1 capacity=64M zone_size=8M | ok
capacity=60M zoned=1 zone_size=8M | EINVAL: capacity 62914560 is not a whole number of 8388608-byte zones
capacity=64M zoned=1 zone_size=8M zone_capacity=16M | EINVAL: zone_capacity 16777216 is above zone_size 8388608 or not a multiple of logical_block_size 512
capacity=64M zoned=1 zone_size=8M zone_nr_conv=8 | EINVAL: zone_nr_conv 8 leaves none of the 8 zones sequential
capacity=64M zoned=1 zone_size=8M zone_max_open=16 zone_max_active=8 | EINVAL: zone_max_open 16 is above zone_max_active 8
capacity=64M zoned=1 zone_size=8M zone_append_max_sectors=32768 | EINVAL: zone_append_max_sectors 32768 is more than a zone or max_sectors 1024, or less than a logical block
capacity=8G zoned=1 zone_size=4K | EINVAL: 2097152 zones, at most 1048576: use a larger zone_size
backend=file capacity=64M | EINVAL: backend=file needs a path
backend=file path=/tmp/vs-none.img capacity=64M zoned=1 | EINVAL: zoned needs the memory or none backend, not file
capacity=64M | ok
ROWS
}

# A libconfig value: words and paths quoted, sizes as strings.
cfg_value() {
	case $1 in
	*[!0-9]*) printf '"%s"' "$1" ;;
	*) printf '%s' "$1" ;;
	esac
}

n=0
while IFS='|' read -r attrs want; do
	attrs=${attrs% } want=${want# }
	n=$((n + 1))
	dev=vs$n
	# Path 1: the profile, through the tool's checks only.
	{
		echo 'format_version = 1;'
		echo 'devices = ('
		printf '  { name = "%s";' "$dev"
		for kv in $attrs; do
			printf ' %s = %s;' "${kv%%=*}" "$(cfg_value "${kv#*=}")"
		done
		echo ' }'
		echo ');'
	} >/tmp/vs.cfg
	if [ "$want" = ok ]; then
		ctl_rc 0 apply --dry-run /tmp/vs.cfg
		dry=ok
	else
		ctl_rc 2 apply --dry-run /tmp/vs.cfg
		expect_grep "row $n dry run" /tmp/ctl.err "/tmp/vs.cfg:3: $dev: "
		dry=$(grep -m1 -F "/tmp/vs.cfg:3: $dev: " /tmp/ctl.err)
		dry=${dry#*"$dev: "}
	fi
	expect_eq "row $n ($attrs): apply --dry-run" "$dry" "$want"

	# Path 2: configfs, attribute by attribute, then power on.
	ub_mkdev "$dev" $attrs
	if [ "$want" = ok ]; then
		ub_up "$dev" >/dev/null
		got=ok
		expect_eq "row $n: last_error after a power on" "$(attr "$dev" last_error)" ""
		echo 0 >"$UB_CFS/$dev/power"
	else
		expect_write "$UB_CFS/$dev/power" 1 "${want%%:*}"
		got=$(attr "$dev" last_error)
		expect_eq "row $n: power" "$(attr "$dev" power)" 0
	fi
	expect_eq "row $n ($attrs): power on" "$got" "$want"
	rmdir "$UB_CFS/$dev"
done < <(table)
[ "$n" = 10 ] || fail "ran $n rows of 10"
exit 0
