#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Read and replay a write log in dm-log-writes' on-disk format.

Written from the kernel's Documentation/admin-guide/device-mapper/
log-writes.rst and the structures it describes (drivers/md/dm-log-writes.c):

  block 0            struct log_write_super { __le64 magic, version,
                     nr_entries; __le32 sectorsize; }, magic
                     0x6a736677736872, version 1
  then per entry     one block: struct log_write_entry { __le64 sector,
                     nr_sectors, flags, data_len; } (a mark's text follows
                     it in the same block), then nr_sectors blocks of data
                     unless the entry is a discard (or a flush: 0 blocks)

"Block" is sectorsize bytes (the logged device's logical block size);
sector and nr_sectors count those blocks.  Flags: FLUSH 1, FUA 2,
DISCARD 4, MARK 8, METADATA 16.  nr_entries counts the entries written
when the super block was last updated (on FUA, mark and teardown).

  log-writes.py dump LOG            one JSON object: super and entries
  log-writes.py replay LOG DEV [--end-mark NAME]
                                    write every entry's data to DEV (zeros
                                    for a discard, fsync for a flush), up
                                    to and including the mark NAME
"""
import json
import os
import struct
import sys

MAGIC = 0x6A736677736872
FLAGS = ((1, "flush"), (2, "fua"), (4, "discard"), (8, "mark"), (16, "metadata"))


def kind(flags):
    """The entry's kind: its flag names joined by '+', or 'write'."""
    names = [n for bit, n in FLAGS if flags & bit]
    if not names or names == ["fua"] or names == ["metadata"]:
        names.insert(0, "write")
    return "+".join(names)


def read_log(path):
    """The super block's fields and the list of entries of the log."""
    with open(path, "rb") as f:
        raw = f.read(4096)
        magic, version, nr, bs = struct.unpack_from("<QQQI", raw)
        if magic != MAGIC:
            raise SystemExit(f"{path}: magic {magic:#x}, not a dm-log-writes log")
        if version != 1:
            raise SystemExit(f"{path}: version {version}, this reader knows 1")
        if bs < 512 or bs & (bs - 1):
            raise SystemExit(f"{path}: sectorsize {bs}")
        entries = []
        pos = bs
        for i in range(nr):
            f.seek(pos)
            blk = f.read(bs)
            if len(blk) < 32:
                raise SystemExit(f"{path}: entry {i} past the end of the log")
            sector, nr_sectors, flags, data_len = struct.unpack_from("<QQQQ", blk)
            e = {"index": i, "kind": kind(flags), "flags": flags, "sector": sector,
                 "nr_sectors": nr_sectors, "data_len": data_len, "offset": pos}
            pos += bs
            if flags & 8:
                e["mark"] = blk[32:32 + data_len].decode("utf-8", "replace")
            elif not flags & 4:
                e["data_offset"] = pos
                pos += nr_sectors * bs
            entries.append(e)
    return {"magic": magic, "version": version, "nr_entries": nr, "sectorsize": bs}, entries


def replay(log, dev, end_mark):
    sup, entries = read_log(log)
    bs = sup["sectorsize"]
    fd = os.open(dev, os.O_WRONLY)
    with open(log, "rb") as f:
        for e in entries:
            if "data_offset" in e and e["nr_sectors"]:
                f.seek(e["data_offset"])
                os.pwrite(fd, f.read(e["nr_sectors"] * bs), e["sector"] * bs)
            elif e["flags"] & 4:
                os.pwrite(fd, bytes(e["nr_sectors"] * bs), e["sector"] * bs)
            if e["flags"] & 1:
                os.fsync(fd)
            if end_mark is not None and e.get("mark") == end_mark:
                break
        else:
            if end_mark is not None:
                raise SystemExit(f"{log}: no mark {end_mark!r}")
    os.fsync(fd)
    os.close(fd)


def main(argv):
    if len(argv) == 3 and argv[1] == "dump":
        sup, entries = read_log(argv[2])
        json.dump({"super": sup, "entries": entries}, sys.stdout, indent=1)
        print()
        return 0
    if len(argv) in (4, 6) and argv[1] == "replay":
        end = None
        if len(argv) == 6:
            if argv[4] != "--end-mark":
                return usage()
            end = argv[5]
        replay(argv[2], argv[3], end)
        return 0
    return usage()


def usage():
    print("usage: log-writes.py dump LOG | replay LOG DEV [--end-mark NAME]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
