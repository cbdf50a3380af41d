// SPDX-License-Identifier: GPL-2.0
/*
 * Profile reading: libconfig syntax into struct ub_profile.  Every problem
 * becomes a "file:line: message" and parsing goes on, so one run shows
 * all the mistakes in a file, not only the first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libconfig.h>
#include <stdio.h>
#include <string.h>

#include "latmodel.h"
#include "profile.h"

struct parse_ctx {
	const struct ub_parse_opts *o;
	struct ub_profile *p;
	struct ub_msgs *m;
};

static int line_of(const config_setting_t *s)
{
	return config_setting_source_line(s);
}

/* One key = value into v[attr]; reports and returns -1 on a bad value. */
static int parse_value(struct parse_ctx *c, const char *who, int attr,
		       const config_setting_t *s, struct ub_val *v)
{
	const struct ub_attr *a = &ub_attrs[attr];
	const char *err = NULL;
	long long n;
	uint64_t num = 0;

	switch (config_setting_type(s)) {
	case CONFIG_TYPE_BOOL:
		if (a->kind != UB_BOOL) {
			err = "a boolean is not a valid value here";
			break;
		}
		num = config_setting_get_bool(s);
		break;
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		n = config_setting_get_int64(s);
		if (n == -1 && a->kind == UB_NODE) {
			num = UB_NO_NODE;
			break;
		}
		if (n < 0) {
			err = "negative values are not allowed";
			break;
		}
		if (a->kind == UB_STR) {
			err = "must be a string: an absolute path";
			break;
		}
		if (a->kind == UB_ENUM) {
			err = "must be a string: \"inline\", \"softirq\", \"timer\" or \"model\"";
			break;
		}
		num = n;
		err = ub_val_check(attr, num);
		break;
	case CONFIG_TYPE_STRING:
		if (a->kind == UB_BOOL) {
			err = "must be true or false";
			break;
		}
		if (ub_val_from_text(attr, config_setting_get_string(s), &num) ||
		    strchr(config_setting_get_string(s), '\n')) {
			if (a->kind == UB_STR)
				err = "must be an absolute path";
			else if (a->kind == UB_ENUM)
				err = ub_enum_hint(attr);
			else if (a->kind == UB_SIZE)
				err = "not a size (decimal digits, optional K, M, G or T)";
			else
				err = "not a decimal number";
			break;
		}
		err = ub_val_check(attr, num);
		break;
	default:
		err = "wrong type (want a number, string or boolean)";
		break;
	}
	if (err) {
		ub_msg_add(c->m, true, c->p->file, line_of(s), "%s: %s: %s", who,
			   a->name, err);
		return -1;
	}
	v->set = true;
	v->num = num;
	v->line = line_of(s);
	return 0;
}

/* An attribute key the tool does not know, or the driver does not have. */
static void unknown_key(struct parse_ctx *c, const char *who,
			const config_setting_t *s, const char *why)
{
	const char *key = config_setting_name(s);
	const char *near = ub_attr_suggest(key, c->o->supported);
	char hint[96] = "";

	if (near)
		snprintf(hint, sizeof(hint), ", did you mean '%s'?", near);
	if (c->o->skip_unknown)
		ub_msg_add(c->m, false, c->p->file, line_of(s),
			   "%s: %s key '%s'%s skipped", who, why, key, near ? hint : ",");
	else
		ub_msg_add(c->m, true, c->p->file, line_of(s),
			   "%s: %s key '%s'%s (--skip-unknown to ignore it)", who, why, key, hint);
}

/*
 * latency_model: a model kind is built here, so its mistakes get a line;
 * --from-fio and --from-stats read their source when applied.
 */
static void parse_latency_model(struct parse_ctx *c, const char *who,
				const config_setting_t *s, struct ub_dev_spec *dev)
{
	static uint64_t q[UB_LM_Q];
	const char *spec;
	char err[256];

	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		ub_msg_add(c->m, true, c->p->file, line_of(s),
			   "%s: latency_model: must be a string: \"fixed 1ms\", \"--from-fio FILE\", ...",
			   who);
		return;
	}
	spec = config_setting_get_string(s);
	if (strlen(spec) >= sizeof(dev->latency_model)) {
		ub_msg_add(c->m, true, c->p->file, line_of(s),
			   "%s: latency_model: longer than %zu bytes", who,
			   sizeof(dev->latency_model) - 1);
		return;
	}
	if (!strncmp(spec, "--from-fio ", 11) || !strncmp(spec, "--from-stats ", 13)) {
		if (!spec[strcspn(spec, " ") + 1]) {
			ub_msg_add(c->m, true, c->p->file, line_of(s),
				   "%s: latency_model: %s needs its source", who, spec);
			return;
		}
	} else if (ub_lm_from_spec(spec, q, err, sizeof(err))) {
		ub_msg_add(c->m, true, c->p->file, line_of(s), "%s: latency_model: %s", who, err);
		return;
	}
	snprintf(dev->latency_model, sizeof(dev->latency_model), "%s", spec);
	dev->latency_model_line = line_of(s);
}

/* The attributes of a group: one device, or the defaults (dev NULL). */
static void parse_attrs(struct parse_ctx *c, const char *who,
			const config_setting_t *g, struct ub_val *v,
			struct ub_dev_spec *dev)
{
	bool is_dev = dev;
	int i, n = config_setting_length(g);

	for (i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, i);
		const char *key = config_setting_name(s);
		int attr;

		if (is_dev && !strcmp(key, "name"))
			continue;
		if (!strcmp(key, "faults")) {
			if (!is_dev) {
				ub_msg_add(c->m, true, c->p->file, line_of(s),
					   "defaults: 'faults' must be given per device");
				continue;
			}
			dev->faults_set = true;
			ub_faults_parse(s, c->p->file, who, &dev->faults, &dev->nr_faults,
					c->m);
			continue;
		}
		if (!strcmp(key, "latency_model")) {
			if (!is_dev)
				ub_msg_add(c->m, true, c->p->file, line_of(s),
					   "defaults: 'latency_model' must be given per device");
			else
				parse_latency_model(c, who, s, dev);
			continue;
		}
		if (!strcmp(key, "disk") || !strcmp(key, "memory_used")) {
			ub_msg_add(c->m, true, c->p->file, line_of(s),
				   "%s: '%s' is read-only", who, key);
			continue;
		}
		attr = ub_attr_lookup(key);
		if (attr < 0) {
			unknown_key(c, who, s, "unknown");
			continue;
		}
		if (c->o->supported && !c->o->supported[attr]) {
			unknown_key(c, who, s, "the loaded driver has no");
			continue;
		}
		if (!is_dev && attr == UB_A_index) {
			ub_msg_add(c->m, true, c->p->file, line_of(s),
				   "defaults: 'index' must be given per device");
			continue;
		}
		parse_value(c, who, attr, s, &v[attr]);
	}
}

static void parse_devices(struct parse_ctx *c, const config_setting_t *list)
{
	int i, n;

	if (!config_setting_is_list(list) && !config_setting_is_array(list)) {
		ub_msg_add(c->m, true, c->p->file, line_of(list),
			   "'devices' must be a list: devices = ( { name = \"...\"; }, ... );");
		return;
	}
	n = config_setting_length(list);
	for (i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list, i);
		config_setting_t *name = config_setting_is_group(g) ?
			config_setting_get_member(g, "name") : NULL;
		struct ub_dev_spec *d;
		const char *nm;

		if (!config_setting_is_group(g)) {
			ub_msg_add(c->m, true, c->p->file, line_of(g),
				   "device %d: must be a group { name = \"...\"; ... }", i + 1);
			continue;
		}
		if (!name || config_setting_type(name) != CONFIG_TYPE_STRING) {
			ub_msg_add(c->m, true, c->p->file, line_of(name ? name : g),
				   "device %d: needs name = \"...\";", i + 1);
			continue;
		}
		nm = config_setting_get_string(name);
		if (!ub_name_valid(nm)) {
			ub_msg_add(c->m, true, c->p->file, line_of(name),
				   "bad device name '%s' (1-%d characters of A-Z a-z 0-9 . _ -)",
				   nm, URINGBLK_NAME_MAX);
			continue;
		}
		d = ub_profile_add_dev(c->p, nm);
		d->line = line_of(name);
		parse_attrs(c, d->name, g, d->v, d);
	}
}

static int parse_config(config_t *cfg, struct parse_ctx *c)
{
	config_setting_t *root = config_root_setting(cfg);
	int i, n = config_setting_length(root);

	for (i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(root, i);
		const char *key = config_setting_name(s);

		if (!strcmp(key, "format_version")) {
			if (config_setting_type(s) != CONFIG_TYPE_INT) {
				ub_msg_add(c->m, true, c->p->file, line_of(s),
					   "format_version must be an integer");
				continue;
			}
			c->p->format_version = config_setting_get_int(s);
			if (c->p->format_version < 1 ||
			    c->p->format_version > UB_FORMAT_VERSION)
				ub_msg_add(c->m, true, c->p->file, line_of(s),
					   "format_version %d not supported (this uringblkctl reads 1..%d)",
					   c->p->format_version, UB_FORMAT_VERSION);
		} else if (!strcmp(key, "driver_version")) {
			if (config_setting_type(s) != CONFIG_TYPE_STRING) {
				ub_msg_add(c->m, true, c->p->file, line_of(s),
					   "driver_version must be a string");
				continue;
			}
			snprintf(c->p->driver_version, sizeof(c->p->driver_version),
				 "%s", config_setting_get_string(s));
		} else if (!strcmp(key, "defaults")) {
			if (!config_setting_is_group(s)) {
				ub_msg_add(c->m, true, c->p->file, line_of(s),
					   "'defaults' must be a group { ... }");
				continue;
			}
			parse_attrs(c, "defaults", s, c->p->defaults, NULL);
		} else if (!strcmp(key, "devices")) {
			parse_devices(c, s);
		} else {
			static const char *const top[] = {
				"format_version", "driver_version", "defaults", "devices"
			};
			const char *near = ub_suggest(key, top, 4);

			if (near)
				ub_msg_add(c->m, true, c->p->file, line_of(s),
					   "unknown top-level key '%s', did you mean '%s'?",
					   key, near);
			else
				ub_msg_add(c->m, true, c->p->file, line_of(s),
					   "unknown top-level key '%s' (want format_version, driver_version, defaults, devices)",
					   key);
		}
	}
	ub_profile_validate(c->p, c->m);
	return c->m->nr_errors ? -1 : 0;
}

static int parse_common(config_t *cfg, int read_ok, const char *name,
			const struct ub_parse_opts *o, struct ub_profile *p,
			struct ub_msgs *m)
{
	static const struct ub_parse_opts none;
	struct parse_ctx c = { o ? o : &none, p, m };
	int ret;

	memset(p, 0, sizeof(*p));
	snprintf(p->file, sizeof(p->file), "%s", name);
	if (read_ok != CONFIG_TRUE) {
		if (config_error_type(cfg) == CONFIG_ERR_FILE_IO)
			ub_msg_add(m, true, name, 0, "cannot read the file");
		else
			ub_msg_add(m, true, name, config_error_line(cfg), "%s",
				   config_error_text(cfg));
		config_destroy(cfg);
		return -1;
	}
	ret = parse_config(cfg, &c);
	config_destroy(cfg);
	return ret;
}

int ub_profile_parse_file(const char *path, const struct ub_parse_opts *o,
			  struct ub_profile *p, struct ub_msgs *m)
{
	config_t cfg;

	FILE *f;
	int ret;

	config_init(&cfg);
	if (!strcmp(path, "-"))
		return parse_common(&cfg, config_read(&cfg, stdin), "<stdin>", o, p, m);
	/* Opened here, not by libconfig, to say why it cannot be read. */
	f = fopen(path, "r");
	if (!f) {
		memset(p, 0, sizeof(*p));
		snprintf(p->file, sizeof(p->file), "%s", path);
		ub_msg_add(m, true, path, 0, "cannot read the profile: %s", strerror(errno));
		config_destroy(&cfg);
		return -1;
	}
	ret = parse_common(&cfg, config_read(&cfg, f), path, o, p, m);
	fclose(f);
	return ret;
}

int ub_profile_parse_string(const char *text, const char *name,
			    const struct ub_parse_opts *o,
			    struct ub_profile *p, struct ub_msgs *m)
{
	config_t cfg;

	config_init(&cfg);
	return parse_common(&cfg, config_read_string(&cfg, text), name, o, p, m);
}
