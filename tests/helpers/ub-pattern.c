// SPDX-License-Identifier: GPL-2.0
/*
 * ub-pattern write|write-nosync|verify|zero DEV OFFSET LENGTH [SEED]
 *
 * Writes or checks a pattern that depends on the seed and on each byte's
 * absolute offset, with O_DIRECT, so a block written to the wrong place or
 * another device's data is caught.  `zero` checks the range reads as
 * zeros.  `write` ends with fsync(2) (a FLUSH); `write-nosync` does not
 * (nothing asks the device for durability).  OFFSET and LENGTH take K/M/G
 * suffixes; both must be multiples of 512.  Exit 0 on success, 1 on a
 * mismatch or I/O error (message says where), 2 on usage errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK	(1 << 20)

static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);

	switch (*end) {
	case 'k': case 'K':
		return v << 10;
	case 'm': case 'M':
		return v << 20;
	case 'g': case 'G':
		return v << 30;
	case 't': case 'T':
		return v << 40;
	}
	return v;
}

/* One byte of the pattern: a cheap hash of offset and seed. */
static inline uint8_t pat(uint64_t off, uint64_t seed)
{
	uint64_t x = (off >> 3) * 0x9e3779b97f4a7c15ULL ^ seed;

	x ^= x >> 29;
	return (uint8_t)(x >> (8 * (off & 7)));
}

int main(int argc, char **argv)
{
	uint64_t off, len, seed = 1, done;
	const char *mode, *dev;
	int fd, wr, flags;
	uint8_t *buf;

	if (argc < 5 || argc > 6) {
		fprintf(stderr, "usage: ub-pattern write|write-nosync|verify|zero DEV OFFSET LENGTH [SEED]\n");
		return 2;
	}
	mode = argv[1];
	wr = !strncmp(mode, "write", 5);
	flags = wr ? O_WRONLY : O_RDONLY;
	if (wr && strcmp(mode, "write") && strcmp(mode, "write-nosync")) {
		fprintf(stderr, "ub-pattern: unknown mode %s\n", mode);
		return 2;
	}
	dev = argv[2];
	off = parse_size(argv[3]);
	len = parse_size(argv[4]);
	if (argc == 6)
		seed = parse_size(argv[5]);
	if ((off | len) % 512) {
		fprintf(stderr, "ub-pattern: offset and length must be multiples of 512\n");
		return 2;
	}
	fd = open(dev, flags | O_DIRECT);
	if (fd < 0) {
		fprintf(stderr, "ub-pattern: open %s: %s\n", dev, strerror(errno));
		return 1;
	}
	if (posix_memalign((void **)&buf, 4096, CHUNK))
		return 1;
	for (done = 0; done < len;) {
		uint64_t n = len - done < CHUNK ? len - done : CHUNK, i;
		uint64_t at = off + done;
		ssize_t r;

		if (wr) {
			for (i = 0; i < n; i++)
				buf[i] = pat(at + i, seed);
			r = pwrite(fd, buf, n, at);
		} else {
			r = pread(fd, buf, n, at);
		}
		if (r != (ssize_t)n) {
			fprintf(stderr, "ub-pattern: %s %s at %llu: %s\n", mode, dev,
				(unsigned long long)at, r < 0 ? strerror(errno) : "short");
			return 1;
		}
		if (!wr) {
			int zero = !strcmp(mode, "zero");

			for (i = 0; i < n; i++) {
				uint8_t want = zero ? 0 : pat(at + i, seed);

				if (buf[i] != want) {
					fprintf(stderr, "ub-pattern: %s: byte %llu is 0x%02x, want 0x%02x\n",
						dev, (unsigned long long)(at + i), buf[i], want);
					return 1;
				}
			}
		}
		done += n;
	}
	if (!strcmp(mode, "write") && fsync(fd)) {
		fprintf(stderr, "ub-pattern: fsync %s: %s\n", dev, strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}
