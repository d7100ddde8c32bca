/* rules: compliance findings of a plan filing, every limit and clause taken from the rule set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/exchange.h"
#include "jiaoyan/id.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/rules.h"
#include "jiaoyan/schema.h"

#define MAX_EXTENDS 8
/* Shares and ratios are compared after rounding noise: 16.0000001 is 16. */
#define EPS 1e-9

void rules_finding_free(void *p)
{
	struct rules_finding *f = p;
	if (!f)
		return;
	free(f->metric);
	free(f->message);
	free(f->clause);
	free(f);
}

const char *rules_severity_label(int severity)
{
	switch (severity) {
	case RULES_ERROR:
		return L("错误", "error");
	case RULES_WARNING:
		return L("警告", "warning");
	default:
		return L("提示", "info");
	}
}

size_t rules_count(const struct vec *findings, int severity)
{
	size_t n = 0;
	for (size_t i = 0; i < findings->len; i++)
		if (((const struct rules_finding *)findings->items[i])->severity == severity)
			n++;
	return n;
}

/* One course row of the plan, parsed once. */
struct row {
	size_t n;
	const char *name;
	const char *category;
	const char *teacher;
	long hours, theory, practice;
	int has_hours, has_theory, has_practice;
	double credits;
	int has_credits;
	long weeks;
	int elective;
};

/* One [rule.N] of the rule set. */
struct rule {
	const char *metric;
	const char *clause;
	int severity;
	double min, max;
	int has_min, has_max;
};

static int num(const struct record *r, const char *sec, const char *key, double *out)
{
	const char *v = record_get(r, sec, key);
	return v && *v && schema_parse_number(v, out) == 0;
}

/* N of "prefix.N", or 0 when the section is not one of them. */
static size_t section_n(const char *sec, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(sec, prefix, n) != 0 || sec[n] != '.' || !sec[n + 1])
		return 0;
	char *end;
	unsigned long v = strtoul(sec + n + 1, &end, 10);
	return *end || sec[n + 1] == '0' ? 0 : (size_t)v;
}

static void collect_rows(struct vec *rows, const struct record *plan)
{
	for (size_t i = 0; i < record_section_count(plan); i++) {
		const char *sec = record_section(plan, i);
		size_t n = section_n(sec, "course");
		if (!n)
			continue;
		struct row *r = xcalloc(1, sizeof(*r));
		double d;
		r->n = n;
		r->name = record_get(plan, sec, "name");
		r->category = record_get(plan, sec, "category");
		r->teacher = record_get(plan, sec, "teacher");
		if (r->teacher && !*r->teacher)
			r->teacher = NULL;
		if ((r->has_hours = num(plan, sec, "hours", &d)))
			r->hours = (long)d;
		if ((r->has_theory = num(plan, sec, "theory", &d)))
			r->theory = (long)d;
		if ((r->has_practice = num(plan, sec, "practice", &d)))
			r->practice = (long)d;
		r->has_credits = num(plan, sec, "credits", &r->credits);
		if (num(plan, sec, "weeks", &d))
			r->weeks = (long)d;
		const char *el = record_get(plan, sec, "elective");
		r->elective = el && strcmp(el, "yes") == 0;
		if (!r->name)
			r->name = "";
		vec_push(rows, r);
	}
}

static int parse_severity(const char *s)
{
	if (s && strcmp(s, "error") == 0)
		return RULES_ERROR;
	if (s && strcmp(s, "info") == 0)
		return RULES_INFO;
	return RULES_WARNING;
}

static void collect_rules(struct vec *rules, const struct record *rs)
{
	for (size_t i = 0; i < record_section_count(rs); i++) {
		const char *sec = record_section(rs, i);
		if (!section_n(sec, "rule"))
			continue;
		struct rule *r = xcalloc(1, sizeof(*r));
		r->metric = record_get(rs, sec, "metric");
		r->clause = record_get(rs, sec, "clause");
		r->severity = parse_severity(record_get(rs, sec, "severity"));
		r->has_min = num(rs, sec, "min", &r->min);
		r->has_max = num(rs, sec, "max", &r->max);
		if (!r->metric)
			r->metric = "";
		if (!r->clause)
			r->clause = "";
		vec_push(rules, r);
	}
}

/* "25", "33.3": one decimal, no trailing ".0". */
static void put_num(struct buf *b, double v)
{
	char tmp[64];
	snprintf(tmp, sizeof(tmp), "%.1f", v);
	size_t n = strlen(tmp);
	if (n > 2 && strcmp(tmp + n - 2, ".0") == 0)
		tmp[n - 2] = '\0';
	buf_puts(b, tmp);
}

/* Like put_num, two decimals (credit ranges such as 4.44). */
static void put_num2(struct buf *b, double v)
{
	char tmp[64];
	snprintf(tmp, sizeof(tmp), "%.2f", v);
	size_t n = strlen(tmp);
	while (n > 1 && tmp[n - 1] == '0')
		tmp[--n] = '\0';
	if (n && tmp[n - 1] == '.')
		tmp[--n] = '\0';
	buf_puts(b, tmp);
}

static void add_finding(struct vec *out, const struct rule *r, size_t row, struct buf *msg)
{
	struct rules_finding *f = xcalloc(1, sizeof(*f));
	f->severity = r->severity;
	f->row = row;
	f->metric = xstrdup(r->metric);
	f->clause = xstrdup(r->clause);
	f->message = buf_detach(msg);
	vec_push(out, f);
}

static void row_prefix(struct buf *b, const struct row *r)
{
	buf_printf(b, L("第 %zu 行《%s》：", "row %zu \"%s\": "), r->n, r->name);
}

static const struct record *person(const struct rules_env *env, const char *id)
{
	if (!env->people || !id)
		return NULL;
	for (size_t i = 0; i < env->people->len; i++) {
		const struct record *p = env->people->items[i];
		const char *pid = record_get(p, "person", "id");
		if (pid && strcmp(pid, id) == 0)
			return p;
	}
	return NULL;
}

static int person_yes(const struct record *p, const char *key)
{
	const char *v = record_get(p, "person", key);
	return v && strcmp(v, "yes") == 0;
}

static void teacher_label(struct buf *b, const struct record *p, const char *id)
{
	const char *name = p ? record_get(p, "person", "name") : NULL;
	if (name)
		buf_printf(b, "%s（%s）", name, id);
	else
		buf_puts(b, id);
}

/* ---- per-row metrics ---- */

static void check_credit_hours(struct vec *out, const struct rule *ru, const struct vec *rows)
{
	if (!ru->has_min || !ru->has_max || ru->min <= 0 || ru->max < ru->min)
		return;
	for (size_t i = 0; i < rows->len; i++) {
		const struct row *r = rows->items[i];
		if (!r->has_credits || !r->has_hours)
			continue;
		double h = (double)r->hours;
		if (r->credits > 0 && h >= r->credits * ru->min - EPS && h <= r->credits * ru->max + EPS)
			continue;
		struct buf m = BUF_INIT;
		row_prefix(&m, r);
		buf_printf(&m, L("%ld 学时 ", "%ld hours, "), r->hours);
		put_num(&m, r->credits);
		buf_puts(&m, L(" 学分", " credits"));
		if (r->credits > 0) {
			buf_puts(&m, L("，每学分 ", " = "));
			put_num(&m, h / r->credits);
			buf_puts(&m, L(" 学时", " hours per credit"));
		}
		buf_puts(&m, L("；应为每 ", "; the rule is "));
		put_num(&m, ru->min);
		buf_puts(&m, "～");
		put_num(&m, ru->max);
		buf_puts(&m, L(" 学时 1 学分，即 ", " hours per credit, i.e. "));
		put_num2(&m, h / ru->max);
		buf_puts(&m, "～");
		put_num2(&m, h / ru->min);
		buf_puts(&m, L(" 学分", " credits"));
		add_finding(out, ru, r->n, &m);
	}
}

static void check_hours_sum(struct vec *out, const struct rule *ru, const struct vec *rows)
{
	for (size_t i = 0; i < rows->len; i++) {
		const struct row *r = rows->items[i];
		struct buf m = BUF_INIT;
		if (!r->has_hours)
			continue;
		if (!r->has_theory && !r->has_practice) {
			if (r->category && strcmp(r->category, "practice") == 0)
				continue;
			row_prefix(&m, r);
			buf_printf(&m, L("总学时 %ld，未填写理论学时和实践学时", "%ld hours, but neither theory nor practice hours are given"),
				   r->hours);
		} else if (r->theory + r->practice != r->hours) {
			row_prefix(&m, r);
			buf_printf(&m, L("理论 %ld + 实践 %ld = %ld 学时，与总学时 %ld 不符", "theory %ld + practice %ld = %ld, not the %ld hours given"),
				   r->theory, r->practice, r->theory + r->practice, r->hours);
		} else {
			continue;
		}
		add_finding(out, ru, r->n, &m);
	}
}

static void check_teacher_roster(struct vec *out, const struct rule *ru, const struct vec *rows,
				 const struct record *plan, const struct rules_env *env)
{
	const char *school = record_get(plan, "plan", "school");
	for (size_t i = 0; i < rows->len; i++) {
		const struct row *r = rows->items[i];
		struct buf m = BUF_INIT;
		row_prefix(&m, r);
		if (!r->teacher) {
			buf_puts(&m, L("未填写任课教师", "no teacher assigned"));
			add_finding(out, ru, r->n, &m);
			continue;
		}
		const struct record *p = person(env, r->teacher);
		if (!p) {
			buf_printf(&m, L("任课教师「%s」不在人员名册中", "teacher \"%s\" is not in the roster"), r->teacher);
			add_finding(out, ru, r->n, &m);
			continue;
		}
		const char *ps = record_get(p, "person", "school");
		if (ps && school && strcmp(ps, school) == 0) {
			buf_release(&m);
			continue;
		}
		if (ps && env->lead_school && strcmp(ps, env->lead_school) == 0 &&
		    (!env->exchange || vec_has_str(env->exchange, r->teacher))) {
			buf_release(&m);
			continue;
		}
		buf_puts(&m, L("任课教师 ", "teacher "));
		teacher_label(&m, p, r->teacher);
		if (ps && env->lead_school && strcmp(ps, env->lead_school) == 0) {
			buf_printf(&m, L("是牵头学校的教师，但没有本学期到 %s 的师资互派记录（教学指导）",
					 " teaches at the lead college but has no exchange record (teaching guidance) to %s during the term"),
				   school ? school : "?");
			add_finding(out, ru, r->n, &m);
			continue;
		}
		buf_printf(&m, L("属于学校 %s，既不是本校（%s）教师，也不是牵头学校%s%s%s的互派教师",
				 " belongs to school %s: neither a teacher of the filing school (%s) nor an exchange teacher of the lead college%s%s%s"),
			   ps ? ps : "?", school ? school : "?", env->lead_school ? L("（", " (") : "",
			   env->lead_school ? env->lead_school : "", env->lead_school ? L("）", ")") : "");
		add_finding(out, ru, r->n, &m);
	}
}

static void check_teacher_certified(struct vec *out, const struct rule *ru, const struct vec *rows,
				    const struct rules_env *env)
{
	for (size_t i = 0; i < rows->len; i++) {
		const struct row *r = rows->items[i];
		const struct record *p = person(env, r->teacher);
		/* Unknown teachers are teacher_roster's finding; saying more about them would guess. */
		if (!p || person_yes(p, "certified"))
			continue;
		struct buf m = BUF_INIT;
		row_prefix(&m, r);
		buf_puts(&m, L("任课教师 ", "teacher "));
		teacher_label(&m, p, r->teacher);
		buf_puts(&m, L("没有登记教师资格（人员记录 certified 不是「是」）", " has no teacher's certificate on record (person.certified is not yes)"));
		add_finding(out, ru, r->n, &m);
	}
}

static void check_weekly_hours(struct vec *out, const struct rule *ru, const struct vec *rows,
			       const struct rules_env *env)
{
	if (!ru->has_max)
		return;
	struct vec done = VEC_INIT(NULL);
	for (size_t i = 0; i < rows->len; i++) {
		const struct row *first = rows->items[i];
		if (!first->teacher || vec_has_str(&done, first->teacher))
			continue;
		vec_push(&done, (void *)first->teacher);
		double weekly = 0;
		struct buf which = BUF_INIT;
		size_t nrows = 0;
		for (size_t k = i; k < rows->len; k++) {
			const struct row *r = rows->items[k];
			if (!r->teacher || strcmp(r->teacher, first->teacher) != 0 || r->weeks <= 0 || !r->has_hours)
				continue;
			weekly += (double)r->hours / (double)r->weeks;
			buf_printf(&which, "%s%zu", nrows++ ? L("、", ", ") : "", r->n);
		}
		if (nrows && weekly > ru->max + EPS) {
			struct buf m = BUF_INIT;
			buf_puts(&m, L("任课教师 ", "teacher "));
			teacher_label(&m, person(env, first->teacher), first->teacher);
			buf_puts(&m, L("在本计划中周学时 ", " has "));
			put_num(&m, weekly);
			buf_printf(&m, L("（第 %s 行），超过 ", " weekly hours in this filing (rows %s), more than "), which.ptr);
			put_num(&m, ru->max);
			add_finding(out, ru, first->n, &m);
		}
		buf_release(&which);
	}
	vec_free(&done);
}

/* ---- filing-level metrics ---- */

static void check_share(struct vec *out, const struct rule *ru, long part, long total, const char *what_zh,
			const char *what_en)
{
	if (!ru->has_min || total <= 0)
		return;
	double pct = 100.0 * (double)part / (double)total;
	if (pct >= ru->min - EPS)
		return;
	struct buf m = BUF_INIT;
	buf_printf(&m, L("%s %ld 学时，占本计划总学时 %ld 的 ", "%s: %ld of the filing's %ld hours = "), L(what_zh, what_en),
		   part, total);
	put_num(&m, pct);
	buf_puts(&m, L("%，低于 ", "%, below "));
	put_num(&m, ru->min);
	buf_puts(&m, "%");
	add_finding(out, ru, 0, &m);
}

/* Distinct known teachers of the non-public rows. */
static void specialty_teachers(struct vec *out, const struct vec *rows, const struct rules_env *env)
{
	for (size_t i = 0; i < rows->len; i++) {
		const struct row *r = rows->items[i];
		if (!r->teacher || (r->category && strcmp(r->category, "public") == 0))
			continue;
		const struct record *p = person(env, r->teacher);
		if (p && !vec_has_str(out, r->teacher))
			vec_push(out, (void *)r->teacher);
	}
}

static void check_teacher_share(struct vec *out, const struct rule *ru, const struct vec *rows,
				const struct rules_env *env)
{
	if (!ru->has_min)
		return;
	struct vec teachers = VEC_INIT(NULL), hits = VEC_INIT(NULL);
	size_t total = 0;
	specialty_teachers(&teachers, rows, env);
	const char *base_zh = "专业课教师", *base_en = "specialty-course teachers";
	const char *what_zh = "", *what_en = "";
	for (size_t i = 0; i < teachers.len; i++) {
		const struct record *p = person(env, teachers.items[i]);
		if (strcmp(ru->metric, "dual_share") == 0) {
			what_zh = "双师型";
			what_en = "dual-qualified";
			total++;
			if (person_yes(p, "dual_qualified"))
				vec_push(&hits, teachers.items[i]);
		} else if (strcmp(ru->metric, "parttime_share") == 0) {
			what_zh = "行业企业兼职教师";
			what_en = "part-time industry teachers";
			total++;
			if (person_yes(p, "parttime"))
				vec_push(&hits, teachers.items[i]);
		} else {
			/* senior_share: of the full-time (专任) teachers, as standard 9.1 counts them. */
			base_zh = "专任专业课教师";
			base_en = "full-time specialty-course teachers";
			what_zh = "副高级及以上职称";
			what_en = "associate or senior title";
			if (person_yes(p, "parttime"))
				continue;
			total++;
			const char *title = record_get(p, "person", "title");
			if (title && (strcmp(title, "associate") == 0 || strcmp(title, "senior") == 0))
				vec_push(&hits, teachers.items[i]);
		}
	}
	if (total) {
		double pct = 100.0 * (double)hits.len / (double)total;
		if (pct < ru->min - EPS) {
			struct buf m = BUF_INIT;
			if (err_lang_en())
				buf_printf(&m, "%zu of %zu %s are %s (", hits.len, total, base_en, what_en);
			else
				buf_printf(&m, "%s %zu 人中%s %zu 人（", base_zh, total, what_zh, hits.len);
			put_num(&m, pct);
			buf_puts(&m, L("%），低于 ", "%), below "));
			put_num(&m, ru->min);
			buf_puts(&m, "%");
			add_finding(out, ru, 0, &m);
		}
	}
	vec_free(&teachers);
	vec_free(&hits);
}

/* 1 when the row schedules the core course: its name contains it, or it names a course record mapped to it. */
static int row_is_core(const struct row *r, const char *core, const struct rules_env *env)
{
	if (*core && strstr(r->name, core))
		return 1;
	if (!env->courses)
		return 0;
	for (size_t i = 0; i < env->courses->len; i++) {
		const struct record *c = env->courses->items[i];
		const char *name = record_get(c, "course", "name"), *mapped = record_get(c, "course", "core");
		if (name && mapped && strcmp(name, r->name) == 0 && strcmp(mapped, core) == 0)
			return 1;
	}
	return 0;
}

static void check_core_courses(struct vec *out, const struct rule *ru, const struct vec *rows,
			       const struct rules_env *env)
{
	struct vec core = VEC_INIT(free);
	/* People type Chinese separators in rule sets too. */
	struct buf list = BUF_INIT;
	const char *v = record_get(env->ruleset, "rules", "core_courses");
	for (; v && *v; v++) {
		if (strncmp(v, "，", 3) == 0 || strncmp(v, "、", 3) == 0) {
			buf_putc(&list, ',');
			v += 2;
		} else {
			buf_putc(&list, *v);
		}
	}
	vec_split(&core, list.ptr, ',');
	buf_release(&list);
	if (!core.len) {
		vec_free(&core);
		return;
	}
	struct buf have = BUF_INIT, missing = BUF_INIT;
	size_t nhave = 0, nmissing = 0;
	for (size_t k = 0; k < core.len; k++) {
		const char *c = core.items[k];
		int found = 0;
		for (size_t i = 0; i < rows->len && !found; i++)
			found = row_is_core(rows->items[i], c, env);
		struct buf *b = found ? &have : &missing;
		size_t *n = found ? &nhave : &nmissing;
		buf_printf(b, "%s%s", (*n)++ ? L("、", ", ") : "", c);
	}
	struct buf m = BUF_INIT;
	if (nhave)
		buf_printf(&m, L("本计划安排了 %zu/%zu 门专业核心课程：%s", "this filing schedules %zu of %zu core courses: %s"),
			   nhave, core.len, have.ptr);
	else
		buf_printf(&m, L("本计划没有安排专业核心课程（共 %zu 门）", "this filing schedules none of the %zu core courses"),
			   core.len);
	if (nmissing)
		buf_printf(&m, L("；未安排：%s", "; not scheduled: %s"), missing.ptr);
	add_finding(out, ru, 0, &m);
	buf_release(&have);
	buf_release(&missing);
	vec_free(&core);
}

static int finding_cmp(const void *a, const void *b)
{
	const struct rules_finding *x = a, *y = b;
	return x->row < y->row ? -1 : x->row > y->row;
}

int rules_check(struct vec *findings, const struct record *plan, const struct rules_env *env, struct jy_err *err)
{
	if (!env || !env->ruleset || !plan)
		return err_set(err, JY_EINVAL, L("没有规则集，无法检查", "no rule set to check against"));
	struct vec rows = VEC_INIT(free), rules = VEC_INIT(free), got = VEC_INIT(rules_finding_free);
	collect_rows(&rows, plan);
	collect_rules(&rules, env->ruleset);
	long total = 0, pub = 0, prac = 0, elec = 0;
	for (size_t i = 0; i < rows.len; i++) {
		const struct row *r = rows.items[i];
		int is_practice = r->category && strcmp(r->category, "practice") == 0;
		total += r->hours;
		if (r->category && strcmp(r->category, "public") == 0)
			pub += r->hours;
		if (r->elective)
			elec += r->hours;
		/* A practice row without a split is practice through and through. */
		prac += r->has_theory || r->has_practice || !is_practice ? r->practice : r->hours;
	}
	for (size_t k = 0; k < rules.len; k++) {
		const struct rule *ru = rules.items[k];
		const char *m = ru->metric;
		if (strcmp(m, "credit_hours") == 0)
			check_credit_hours(&got, ru, &rows);
		else if (strcmp(m, "hours_sum") == 0)
			check_hours_sum(&got, ru, &rows);
		else if (strcmp(m, "public_share") == 0)
			check_share(&got, ru, pub, total, "公共基础课", "public foundation courses");
		else if (strcmp(m, "practice_share") == 0)
			check_share(&got, ru, prac, total, "实践性教学", "practice teaching");
		else if (strcmp(m, "elective_share") == 0)
			check_share(&got, ru, elec, total, "选修课", "elective courses");
		else if (strcmp(m, "dual_share") == 0 || strcmp(m, "senior_share") == 0 ||
			 strcmp(m, "parttime_share") == 0)
			check_teacher_share(&got, ru, &rows, env);
		else if (strcmp(m, "weekly_hours") == 0)
			check_weekly_hours(&got, ru, &rows, env);
		else if (strcmp(m, "teacher_roster") == 0)
			check_teacher_roster(&got, ru, &rows, plan, env);
		else if (strcmp(m, "teacher_certified") == 0)
			check_teacher_certified(&got, ru, &rows, env);
		else if (strcmp(m, "core_courses") == 0)
			check_core_courses(&got, ru, &rows, env);
		else {
			struct rule info = *ru;
			struct buf msg = BUF_INIT;
			info.severity = RULES_INFO;
			buf_printf(&msg, L("规则集中的检查项「%s」本程序不认识，未检查", "the rule set's metric \"%s\" is unknown and was not checked"),
				   m);
			add_finding(&got, &info, 0, &msg);
		}
	}
	/* Stable by row: insertion sort keeps rule order within a row. */
	for (size_t i = 1; i < got.len; i++)
		for (size_t j = i; j > 0 && finding_cmp(got.items[j - 1], got.items[j]) > 0; j--) {
			void *t = got.items[j];
			got.items[j] = got.items[j - 1];
			got.items[j - 1] = t;
		}
	for (size_t i = 0; i < got.len; i++)
		vec_push(findings, got.items[i]);
	got.len = 0;
	vec_free(&rows);
	vec_free(&rules);
	vec_free(&got);
	return 0;
}

/* ---- loading rule sets ---- */

struct record *rules_flatten(const struct record *child, const struct record *base)
{
	struct record *out = record_new();
	struct vec child_metrics = VEC_INIT(NULL);
	size_t n = 0;
	for (size_t i = 0; i < record_section_count(child); i++) {
		const char *sec = record_section(child, i);
		if (section_n(sec, "rule") && record_get(child, sec, "metric"))
			vec_push(&child_metrics, (void *)record_get(child, sec, "metric"));
	}
	long at = record_section_index(child, "rules");
	for (size_t j = 0; at >= 0 && j < record_key_count(child, (size_t)at); j++)
		record_set(out, "rules", record_key(child, (size_t)at, j), record_value(child, (size_t)at, j));
	if (!record_get(out, "rules", "core_courses") && base && record_get(base, "rules", "core_courses"))
		record_set(out, "rules", "core_courses", record_get(base, "rules", "core_courses"));
	for (int pass = 0; pass < 2; pass++) {
		const struct record *src = pass == 0 ? base : child;
		if (!src)
			continue;
		for (size_t i = 0; i < record_section_count(src); i++) {
			const char *sec = record_section(src, i);
			const char *metric = record_get(src, sec, "metric");
			if (!section_n(sec, "rule") || (pass == 0 && metric && vec_has_str(&child_metrics, metric)))
				continue;
			struct buf name = BUF_INIT;
			buf_printf(&name, "rule.%zu", ++n);
			for (size_t j = 0; j < record_key_count(src, i); j++)
				record_set(out, name.ptr, record_key(src, i, j), record_value(src, i, j));
			buf_release(&name);
		}
	}
	vec_free(&child_metrics);
	return out;
}

int rules_load(struct record **out, struct store *s, const char *id, struct jy_err *err)
{
	struct vec chain = VEC_INIT((void (*)(void *))record_free);
	struct vec seen = VEC_INIT(free);
	struct record *flat = NULL;
	int rc = 0;
	const char *next = id;
	while (next && *next) {
		struct record *r = NULL;
		struct buf path = BUF_INIT;
		if (vec_has_str(&seen, next) || seen.len >= MAX_EXTENDS) {
			rc = err_set(err, JY_EINVAL, L("规则集「%s」的继承关系 (rules.extends) 成环或超过 %d 层",
						       "rule set \"%s\": its extends chain loops or is deeper than %d"),
				     id, MAX_EXTENDS);
			goto cleanup;
		}
		vec_push_str(&seen, next);
		if (!id_component_valid(next)) {
			rc = err_set(err, JY_EINVAL, L("规则集编号「%s」无效", "invalid rule set id \"%s\""), next);
			goto cleanup;
		}
		buf_printf(&path, "rules/%s.ini", next);
		rc = store_read(&r, s, path.ptr, err);
		if (rc == JY_ENOTFOUND)
			err_set(err, rc, L("找不到规则集「%s」（%s）", "no rule set \"%s\" (%s)"), next, path.ptr);
		buf_release(&path);
		if (rc)
			goto cleanup;
		vec_push(&chain, r);
		next = record_get(r, "rules", "extends");
	}
	/* Fold from the root base down to the asked-for set. */
	for (size_t i = chain.len; i-- > 0;) {
		struct record *step = rules_flatten(chain.items[i], flat);
		record_free(flat);
		flat = step;
	}
	*out = flat;
	flat = NULL;
cleanup:
	record_free(flat);
	vec_free(&chain);
	vec_free(&seen);
	return rc;
}

int rules_for_specialty(struct record **out, char **id_out, struct store *s, const char *specialty,
			struct jy_err *err)
{
	struct record *sp = NULL, *group = NULL;
	struct buf path = BUF_INIT;
	const char *id = NULL;
	int rc = 0;
	if (!specialty || !id_component_valid(specialty)) {
		rc = err_set(err, JY_EINVAL, L("专业代码「%s」无效", "invalid specialty code \"%s\""), specialty ? specialty : "");
		goto cleanup;
	}
	buf_printf(&path, "specialties/%s.ini", specialty);
	if ((rc = store_read(&sp, s, path.ptr, err)))
		goto cleanup;
	id = record_get(sp, "specialty", "rules");
	if (!id || !*id) {
		if (store_read(&group, s, "group.ini", NULL) == 0)
			id = record_get(group, "group", "rules");
	}
	if (!id || !*id) {
		rc = err_set(err, JY_EINVAL,
			     L("专业 %s 没有指定规则集 (specialty.rules)，集团设置也没有默认规则集 (group.rules)",
			       "specialty %s names no rule set (specialty.rules) and group.ini has no default (group.rules)"),
			     specialty);
		goto cleanup;
	}
	if ((rc = rules_load(out, s, id, err)))
		goto cleanup;
	if (id_out)
		*id_out = xstrdup(id);
cleanup:
	record_free(sp);
	record_free(group);
	buf_release(&path);
	return rc;
}

int rules_check_plan(struct vec *findings, struct store *s, const struct record *plan, struct jy_err *err)
{
	struct record *ruleset = NULL, *group = NULL;
	struct vec people = VEC_INIT((void (*)(void *))record_free);
	struct vec courses = VEC_INIT(store_item_free), course_recs = VEC_INIT(NULL);
	const char *specialty = record_get(plan, "plan", "specialty");
	int rc = rules_for_specialty(&ruleset, NULL, s, specialty, err);
	if (rc)
		goto cleanup;
	store_read(&group, s, "group.ini", NULL);
	for (size_t i = 0; i < record_section_count(plan); i++) {
		const char *sec = record_section(plan, i);
		const char *t = section_n(sec, "course") ? record_get(plan, sec, "teacher") : NULL;
		struct record *p = NULL;
		int known = 0;
		for (size_t k = 0; t && k < people.len && !known; k++)
			known = record_get(people.items[k], "person", "id") &&
				strcmp(record_get(people.items[k], "person", "id"), t) == 0;
		if (t && *t && !known && roster_person(&p, s, t, NULL) == 0)
			vec_push(&people, p);
	}
	struct store_query q = { .type = "course", .specialty = specialty };
	/* Course records only refine the core-course mapping: a failure to list them is no reason to refuse a check. */
	if (store_list(&courses, s, &q, NULL, NULL) == 0)
		for (size_t i = 0; i < courses.len; i++)
			vec_push(&course_recs, ((struct store_item *)courses.items[i])->rec);
	/* A lead-college teacher teaches for a member school through an exchange record during the plan's term. */
	struct vec exchange = VEC_INIT(free);
	for (size_t i = 0; i < people.len; i++) {
		const char *pid = record_get(people.items[i], "person", "id");
		if (pid && exchange_hosts(s, pid, record_get(plan, "plan", "school"), record_get(plan, "plan", "term")))
			vec_push_str(&exchange, pid);
	}
	struct rules_env env = { ruleset, group ? record_get(group, "group", "lead") : NULL, &people, &course_recs, &exchange };
	rc = rules_check(findings, plan, &env, err);
	vec_free(&exchange);
cleanup:
	record_free(ruleset);
	record_free(group);
	vec_free(&people);
	vec_free(&course_recs);
	vec_free(&courses);
	return rc;
}
