/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device settings, one UB_ATTR() each (see attrs.h for the columns).
 * No include guard: every user defines UB_ATTR, includes this file where
 * the list is wanted, and undefines it.  The order is the order in which
 * uringblkctl writes them (index first, block sizes before the capacity
 * that must be their multiple, the backend before a capacity of 0 that
 * only a file device accepts) and the order of `features`.
 */
UB_ATTR(index, UB_K_NUM, 0, 0, URINGBLK_INDEX_MAX, 0)
UB_ATTR(backend, UB_K_BACKEND, 0, 0, UB_NR_BACKENDS - 1, 0)
UB_ATTR(path, UB_K_STR, 0, 0, UB_PATH_LEN_MAX, 0)
UB_ATTR(direct, UB_K_BOOL, 0, 0, 1, 1)
UB_ATTR(grow, UB_K_BOOL, 0, 0, 1, 0)
UB_ATTR(logical_block_size, UB_K_NUM, 0, URINGBLK_BLOCK_SIZE_MIN, URINGBLK_BLOCK_SIZE_MAX, 512)
UB_ATTR(physical_block_size, UB_K_NUM, 0, URINGBLK_BLOCK_SIZE_MIN, URINGBLK_BLOCK_SIZE_MAX, 4096)
UB_ATTR(capacity, UB_K_SIZE, 1, 0, UB_SIZE_MAX, 1ULL << 30)
UB_ATTR(max_sectors, UB_K_NUM, 0, URINGBLK_MAX_SECTORS_MIN, URINGBLK_MAX_SECTORS_MAX, 1024)
UB_ATTR(queue_depth, UB_K_NUM, 0, 1, URINGBLK_QUEUE_DEPTH_MAX, 128)
UB_ATTR(nr_hw_queues, UB_K_NUM, 1, 1, UB_MAX_CPUS, UB_DEF_CPUS)
UB_ATTR(poll_queues, UB_K_NUM, 1, 0, UB_MAX_CPUS, 0)
UB_ATTR(discard, UB_K_BOOL, 0, 0, 1, 1)
UB_ATTR(write_zeroes, UB_K_BOOL, 0, 0, 1, 1)
UB_ATTR(write_cache, UB_K_BOOL, 0, 0, 1, 0)
UB_ATTR(volatile_cache, UB_K_BOOL, 0, 0, 1, 0)
UB_ATTR(volatile_cache_size, UB_K_SIZE, 0, 0, UB_SIZE_MAX, 0)
UB_ATTR(powerfail_keep_pct, UB_K_NUM, 1, 0, 100, 50)
UB_ATTR(powerfail_seed, UB_K_NUM, 1, 0, 0xffffffffULL, 0)
UB_ATTR(completion, UB_K_COMPLETION, 0, 0, UB_NR_COMPLETIONS - 1, 0)
UB_ATTR(completion_nsec, UB_K_NUM, 0, 0, 10000000000ULL, 10000)
UB_ATTR(latency_seed, UB_K_NUM, 0, 0, 0xffffffffULL, 0)
UB_ATTR(channels, UB_K_NUM, 0, 0, URINGBLK_MODEL_CHANNELS_MAX, 0)
UB_ATTR(memory_limit, UB_K_SIZE, 1, 0, UB_SIZE_MAX, 0)
UB_ATTR(stats, UB_K_BOOL, 1, 0, 1, 1)
UB_ATTR(io_timeout_ms, UB_K_NUM, 0, 1, 3600000, 30000)
UB_ATTR(home_node, UB_K_NODE, 0, 0, UB_MAX_NODE, UB_NO_NODE)
UB_ATTR(zoned, UB_K_BOOL, 0, 0, 1, 0)
UB_ATTR(zone_size, UB_K_SIZE, 0, URINGBLK_BLOCK_SIZE_MIN, UB_SIZE_MAX, 256ULL << 20)
UB_ATTR(zone_capacity, UB_K_SIZE, 0, 0, UB_SIZE_MAX, 0)
UB_ATTR(zone_nr_conv, UB_K_NUM, 0, 0, 0xffffffffULL, 0)
UB_ATTR(zone_max_open, UB_K_NUM, 0, 0, 0xffffffffULL, 0)
UB_ATTR(zone_max_active, UB_K_NUM, 0, 0, 0xffffffffULL, 0)
UB_ATTR(zone_append_max_sectors, UB_K_NUM, 0, 0, URINGBLK_MAX_SECTORS_MAX, 0)
UB_ATTR(blocking, UB_K_BOOL, 0, 0, 1, 1)
UB_ATTR(log_writes, UB_K_STR, 1, 0, UB_PATH_LEN_MAX, 0)
