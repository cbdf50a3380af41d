#!/bin/bash
# --json of every command that prints, parsed by Python's json module and
# checked against tests/json/schema.json (one schema: a top-level object,
# the device is "name", lists are arrays, numbers are numbers); --json and
# --ioctl before or after the command; every kind the schema describes is
# exercised here, so the schema cannot describe an output nobody checks.
# Outputs are collected and checked by one Python run (a Python start
# costs in the guest), then their values by another.
. "$(dirname "$0")/lib.sh"
stock_only "output formats; the commands' kernel calls run in tool-admin, tool-fault, zoned-*"

CHECK=$UB_TOP/tests/json/check.py
out=/tmp/tool-json
rm -rf "$out"
mkdir -p "$out"
n=0

# js KIND ARGS...: uringblkctl ARGS exits 0; its output kept as the Nth KIND.
js() {
	local kind=$1 ext=json
	shift
	[ "$kind" = stats-watch ] && ext=jsonl
	ctl_rc 0 "$@"
	n=$((n + 1))
	cp /tmp/ctl.out "$out/$(printf %02d $n).$kind.$ext"
}

js version --version --json
js version --json --version
js create --json create j0 capacity=64M
js list list --json
js list --json list
js identify identify j0 --json
js identify --ioctl --json identify j0
js stats stats --json j0 --ioctl
js stats-hist stats j0 --hist --json
js stats-watch stats j0 --watch 1 --count 1 --json
js reset-stats reset-stats j0 --json
js set set j0 stats=0 --json
expect_eq "set wrote" "$(attr j0 stats)" 0
printf 'devices = ( { name = "j1"; capacity = "32M"; power = false;\n  faults = ( { name = "bad"; type = "io_error"; lba = "8-9"; } ); } );\n' >/tmp/j.cfg
js apply apply --dry-run /tmp/j.cfg --json
[ ! -e $UB_CFS/j1 ] || fail "apply --dry-run --json made j1"
js apply --json apply /tmp/j.cfg
[ -d $UB_CFS/j1/faults/bad ] || fail "apply --json did not make j1's rule"
js fault-add fault add j0 type=io_error lba=5-6 --json
rule=$(sed -n 's/.*"rule": "\(.*\)".*/\1/p' /tmp/ctl.out)
js fault-list fault list j0 --json
js fault-del --json fault del j0 "$rule"
js fault-del fault del j1 --all --json
[ ! -e $UB_CFS/j1/faults/bad ] || fail "fault del --all --json left j1's rule"
ub_up jz zoned=1 capacity=32M zone_size=4M zone_nr_conv=1 >/dev/null
js zones zones jz --json
js zones-action zones jz open -o 8192 -c 1 --json
js zones-action --json zones jz reset --all
# Real fio, a job that ends at once: bench's JSON, not its numbers (tool-bench).
printf '[r]\nrw=read\nbs=4k\nsize=64k\ndirect=1\nioengine=psync\n' >/tmp/j.fio
js bench bench j0 --job /tmp/j.fio --json
ub_up jp write_cache=1 volatile_cache=1 capacity=16M >/dev/null
js powerfail powerfail jp --json
js save save j0 --json
js save --json save -o /tmp/j-saved.cfg j0 j1
grep -q 'name = "j1"' /tmp/j-saved.cfg || fail "save -o --json did not write the profile"
js destroy destroy j0 j1 jz jp --json

python3 "$CHECK" --dir "$out" || fail "outputs not as tests/json/schema.json says (above)"
python3 - "$out" "$(cat $UB_CFS/version)" "$UB_CFS" "$CHECK" <<'PY' || fail "--json values"
import glob, json, os, subprocess, sys
d, version, cfs, check = sys.argv[1:]
kinds = set(subprocess.check_output([check, "--kinds"], text=True).split())
seen = {}
for f in sorted(os.listdir(d)):
    kind = f.split(".")[1]
    text = open(os.path.join(d, f)).read()
    seen.setdefault(kind, []).append([json.loads(l) for l in text.splitlines()]
                                     if f.endswith(".jsonl") else json.loads(text))
missing = kinds - set(seen)
assert not missing, "schema kinds not exercised: %s" % sorted(missing)
assert seen["version"][0]["driver_version"] == version, seen["version"]
c = seen["create"][0]
assert c["result"] == "applied" and c["devices"][0]["name"] == "j0" and c["devices"][0]["action"] == "create", c
assert [x["name"] for x in seen["list"][0]["devices"]] == ["j0"], seen["list"]
assert seen["list"][0] == seen["list"][1], "--json before and after list differ"
i = seen["identify"][0]
assert i["name"] == "j0" and isinstance(i["features"], list) and "stats" in i["features"], i
assert seen["stats"][0]["name"] == "j0" and "read" in seen["stats"][0]["ops"], seen["stats"]
assert len(seen["stats-watch"][0]) == 1, seen["stats-watch"]
s = seen["set"][0]
assert (s["result"], s["devices"][0]["changes"]) == ("applied", [{"key": "stats", "from": True, "to": False}]), s
dry, real = seen["apply"]
assert dry["dry_run"] and dry["result"] == "planned", dry
assert dry["devices"][0]["commands"][0] == "mkdir %s/j1" % cfs, dry
assert not real["dry_run"] and real["result"] == "applied" and "commands" not in real["devices"][0], real
assert real["devices"][0]["faults"][0]["rule"] == "bad", real
fa, fl, fd = seen["fault-add"][0], seen["fault-list"][0], seen["fault-del"][0]
assert fl["name"] == "j0" and [r["name"] for r in fl["rules"]] == [fa["rule"]], (fa, fl)
assert fl["rules"][0]["ops"] == ["any"] and fl["rules"][0]["lba_start"] == 5, fl
assert fd["name"] == "j0" and fd["rule"] == fa["rule"] and fd["action"] == "deleted", fd
fall = seen["fault-del"][1]
assert fall["name"] == "j1" and fall["rule"] is None and fall["action"] == "removed", fall
z = seen["zones"][0]
assert z["name"] == "jz" and len(z["zones"]) == 8 and z["zones"][1]["cond_name"] == "em", z
o, r = seen["zones-action"]
assert (o["action"], o["first_zone"], o["nr_zones"]) == ("open", 1, 1), o
assert (r["action"], r["first_zone"], r["nr_zones"]) == ("reset", 0, 8), r
b = seen["bench"][0]
assert [x["name"] for x in b["devices"]] == ["j0"] and b["devices"][0]["ok"], b
assert [x["result"] for x in seen["destroy"][0]["devices"]] == ["destroyed"] * 4, seen["destroy"]
assert seen["powerfail"][0] == {"name": "jp", "powerfail": True}, seen["powerfail"]
sv, sf = seen["save"]
assert [x["name"] for x in sv["devices"]] == ["j0"] and sv["file"] is None, sv
assert 'name = "j0";' in sv["profile"], sv
assert [x["name"] for x in sf["devices"]] == ["j0", "j1"] and sf["file"] == "/tmp/j-saved.cfg", sf
assert sf["profile"] is None, sf
PY
