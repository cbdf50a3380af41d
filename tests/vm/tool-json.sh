#!/bin/bash
# --json of every command that prints, parsed by Python's json module and
# checked against tests/json/schema.json (one schema: a top-level object,
# the device is "name", lists are arrays, numbers are numbers); --json and
# --ioctl before or after the command; every kind the schema describes is
# exercised here, so the schema cannot describe an output nobody checks.
. "$(dirname "$0")/lib.sh"

CHECK=$UB_TOP/tests/json/check.py
seen=''

# js KIND ARGS...: uringblkctl ARGS exits 0 and prints a valid KIND.
js() {
	local kind=$1
	shift
	ctl_rc 0 "$@"
	python3 "$CHECK" "$kind" /tmp/ctl.out || { cat /tmp/ctl.out >&2; fail "uringblkctl $*: not a valid '$kind'"; }
	seen="$seen $kind"
}

# jq_ EXPR: a Python expression over the last output (j), printed.
jq_() {
	python3 -c 'import json, sys; j = json.load(open("/tmp/ctl.out")); print(eval(sys.argv[1]))' "$1"
}

js version --version --json
js version --json --version
expect_eq "version driver" "$(jq_ 'j["driver_version"]')" "$(cat $UB_CFS/version)"

js create --json create j0 capacity=64M
expect_eq "create result" "$(jq_ 'j["result"], j["devices"][0]["name"], j["devices"][0]["action"]')" \
	"('applied', 'j0', 'create')"
js list list --json
expect_eq "list names" "$(jq_ '[d["name"] for d in j["devices"]]')" "['j0']"
js list --json list
js identify identify j0 --json
expect_eq "identify features is a list" "$(jq_ 'type(j["features"]).__name__')" list
js identify --ioctl --json identify j0
js stats stats --json j0 --ioctl
js stats-hist stats j0 --hist --json
ctl_rc 0 stats j0 --watch 1 --count 2 --json
python3 "$CHECK" --lines stats-watch /tmp/ctl.out || fail "stats --watch --json lines"
expect_eq "watch: a line an interval" "$(wc -l </tmp/ctl.out)" 2
seen="$seen stats-watch"
js reset-stats reset-stats j0 --json

# set: live change, in JSON the plan and its result.
js set set j0 write_cache=1 --json
expect_eq "set applied" "$(jq_ 'j["result"], j["devices"][0]["changes"][0]["key"], j["devices"][0]["changes"][0]["to"]')" \
	"('applied', 'write_cache', True)"
expect_eq "set wrote" "$(attr j0 write_cache)" 1

printf 'devices = ( { name = "j1"; capacity = "32M"; power = false;\n  faults = ( { name = "bad"; type = "io_error"; lba = "8-9"; } ); } );\n' >/tmp/j.cfg
js apply apply --dry-run /tmp/j.cfg --json
expect_eq "dry run" "$(jq_ 'j["result"], j["devices"][0]["commands"][0]')" "('planned', 'mkdir $UB_CFS/j1')"
[ ! -e $UB_CFS/j1 ] || fail "apply --dry-run --json made j1"
js apply --json apply /tmp/j.cfg
expect_eq "apply" "$(jq_ 'j["result"], j["devices"][0]["faults"][0]["rule"]')" "('applied', 'bad')"

js fault-add fault add j0 type=io_error lba=5-6 --json
rule=$(jq_ 'j["rule"]')
js fault-list fault list j0 --json
expect_eq "fault list" "$(jq_ 'j["name"], [r["name"] for r in j["rules"]], j["rules"][0]["ops"]')" \
	"('j0', ['$rule'], ['any'])"
js fault-del --json fault del j0 "$rule"
expect_eq "fault del" "$(jq_ 'j["action"]')" deleted

# Zones: the report and an action.
ub_up jz zoned=1 capacity=32M zone_size=4M zone_nr_conv=1 >/dev/null
js zones zones jz --json
expect_eq "zones" "$(jq_ 'len(j["zones"]), j["zones"][1]["cond_name"]')" "(8, 'em')"
js zones-action zones jz open -o 8192 -c 1 --json
expect_eq "zone open" "$(jq_ 'j["first_zone"], j["nr_zones"]')" "(1, 1)"
js zones-action --json zones jz reset --all

js bench bench j0 --runtime 1 --json
js destroy destroy j0 j1 jz --json
expect_eq "destroy" "$(jq_ '[d["result"] for d in j["devices"]]')" "['destroyed', 'destroyed', 'destroyed']"

# Every kind of the schema was checked above.
for k in $(python3 "$CHECK" --kinds); do
	case " $seen " in
	*" $k "*) ;;
	*) fail "schema kind '$k' not exercised by this test" ;;
	esac
done
