/* demo: writes the fictional demo group — shipped data/ files, rule sets, rubric and generated records — in one commit. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/codec.h"
#include "jiaoyan/demo.h"
#include "jiaoyan/embedded.h"
#include "jiaoyan/exchange.h"
#include "jiaoyan/id.h"
#include "jiaoyan/paper.h"
#include "jiaoyan/question.h"
#include "jiaoyan/record.h"
#include "jiaoyan/rubric.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/scores.h"
#include "jiaoyan/seal.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define OBSERVATIONS 40
#define DAY 86400

/*
 * Everything but ids is a function of `now` and a fixed seed, so two demo
 * repositories made on the same day hold the same records; ids come from
 * id_new() because they must stay unique across campuses.
 */
struct rng {
	uint64_t s;
};

/* splitmix64: small, good enough for picking demo phrases, and ours (no rand()). */
static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t rng_below(struct rng *r, size_t n)
{
	return n ? (size_t)(rng_next(r) % n) : 0;
}

/* A value in [lo, hi]. */
static long rng_range(struct rng *r, long lo, long hi)
{
	return lo + (long)rng_below(r, (size_t)(hi - lo + 1));
}

struct demo {
	struct store_txn *txn;
	struct record *rubric;
	char term[12];
	char next[12];
	long today; /* calendar day number (days since 1970-01-01) of `now` in local time */
	struct rng rng;
	char *rubric_id;
	int bad_done;
	struct vec qids; /* owned: the id of each entry of questions[], in table order */
	size_t people, schools, observations, plans, questions, seminars, exchanges, exams;
};

/* --- calendar: days as plain numbers, so no time zone can shift a date --- */

static long day_of(int y, int m, int d)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	return (long)(timegm(&tm) / DAY);
}

static void day_tm(long day, struct tm *tm)
{
	time_t t = (time_t)day * DAY + DAY / 2;
	gmtime_r(&t, tm);
}

static void day_str(char out[11], long day)
{
	struct tm tm;
	day_tm(day, &tm);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
		 (unsigned)tm.tm_mday % 100u);
}

static void datetime_str(char out[17], long day, int hour, int minute)
{
	char d[11];
	day_str(d, day);
	snprintf(out, 17, "%.10s %02u:%02u", d, (unsigned)hour % 24u, (unsigned)minute % 60u);
}

static int weekday(long day)
{
	struct tm tm;
	day_tm(day, &tm);
	return tm.tm_wday >= 1 && tm.tm_wday <= 5;
}

/* First Monday on or after day. */
static long monday_from(long day)
{
	while (1) {
		struct tm tm;
		day_tm(day, &tm);
		if (tm.tm_wday == 1)
			return day;
		day++;
	}
}

/* --- staging --- */

/* Canonicalises, validates and stages one record; a bad demo record fails loudly. */
static int stage(struct demo *d, const char *type, const struct record *r, struct jy_err *err)
{
	const struct type_def *t = schema_type(type);
	struct record *c = NULL;
	struct buf path = BUF_INIT;
	int rc;
	if (!t) {
		rc = err_set(err, JY_EINVAL, L("演示数据：未知的记录类型 %s", "demo data: unknown record type %s"), type);
		goto cleanup;
	}
	c = schema_canonical(t, r);
	if ((rc = schema_path(&path, t, c, err)) < 0)
		goto cleanup;
	if ((rc = schema_validate(t, c, err)) < 0) {
		err_prefix(err, L("演示数据 %s", "demo data %s"), path.ptr);
		goto cleanup;
	}
	rc = store_txn_put(d->txn, path.ptr, c, err);
cleanup:
	record_free(c);
	buf_release(&path);
	return rc;
}

static int prefix_is(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * The shipped files: data/X is stored at X; config/rules and config/rubrics
 * at rules/<id>.ini and rubrics/<id>.ini. Each must already be canonical —
 * they are the group's rules, and a file the codec would rewrite means the
 * source tree and the format disagree.
 */
static int stage_embedded(struct demo *d, struct jy_err *err)
{
	int rc = 0;
	for (const struct embedded_file *f = embedded_files; f->name && rc == 0; f++) {
		size_t len = strlen(f->name);
		const char *type = NULL, *repo = NULL;
		struct record *r = NULL;
		struct buf path = BUF_INIT;
		if (len < 5 || strcmp(f->name + len - 4, ".ini") != 0)
			continue;
		if (prefix_is(f->name, "data/"))
			repo = f->name + 5;
		else if (prefix_is(f->name, "config/rules/"))
			type = "rules";
		else if (prefix_is(f->name, "config/rubrics/"))
			type = "rubric";
		else
			continue; /* config/jiaoyan.ini is a user configuration, not a record */
		if ((rc = codec_decode(&r, f->data, f->len, err)) < 0) {
			err_prefix(err, L("内置文件 %s", "built-in file %s"), f->name);
			goto next;
		}
		if (!codec_is_canonical(r, f->data, f->len)) {
			rc = err_set(err, JY_EINVAL,
				     L("内置文件 %s 不是规范格式（运行 tools/check-data.py 查看）",
				       "built-in file %s is not in canonical form (run tools/check-data.py)"),
				     f->name);
			goto next;
		}
		const struct type_def *t = repo ? schema_type_of_path(repo) : schema_type(type);
		if (!t) {
			rc = err_set(err, JY_EINVAL, L("内置文件 %s 不属于任何记录类型", "built-in file %s is no known record type"),
				     f->name);
			goto next;
		}
		if ((rc = schema_path(&path, t, r, err)) < 0)
			goto next;
		if (repo && strcmp(path.ptr, repo) != 0) {
			rc = err_set(err, JY_EINVAL, L("内置文件 %s 的内容应存放在 %s", "built-in file %s belongs at %s"), f->name,
				     path.ptr);
			goto next;
		}
		if (strcmp(t->name, "group") == 0) {
			/* The shipped term is a placeholder; the demo lives in the term of `now`. */
			record_set(r, "group", "term", d->term);
			const char *rubric = record_get(r, "group", "rubric");
			free(d->rubric_id);
			d->rubric_id = xstrdup(rubric ? rubric : "default");
		}
		d->people += strcmp(t->name, "person") == 0;
		d->schools += strcmp(t->name, "school") == 0;
		rc = stage(d, t->name, r, err);
	next:
		record_free(r);
		buf_release(&path);
	}
	if (rc == 0 && !d->rubric_id)
		rc = err_set(err, JY_EINVAL, "%s", L("内置数据缺少 data/group.ini", "the built-in data has no data/group.ini"));
	return rc;
}

/* Appends tmpl with every "{}" replaced by arg. */
static void subst(struct buf *out, const char *tmpl, const char *arg)
{
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '{' && p[1] == '}') {
			buf_puts(out, arg);
			p++;
		} else {
			buf_putc(out, *p);
		}
	}
}

/* Picks `count` different items of pool and numbers them ①②③ on lines of their own; returns the first pick. */
static size_t pick_lines(struct buf *out, struct rng *r, const char *const *pool, size_t n, size_t count,
		       const char *arg)
{
	static const char *const marks[] = { "①", "②", "③", "④" };
	unsigned char used[32] = { 0 };
	size_t first = 0;
	if (count > n)
		count = n;
	for (size_t i = 0; i < count && i < N(marks); i++) {
		size_t k = rng_below(r, n);
		while (used[k % N(used)])
			k = (k + 1) % n;
		used[k % N(used)] = 1;
		if (i == 0)
			first = k;
		if (i)
			buf_putc(out, '\n');
		buf_puts(out, marks[i]);
		subst(out, pool[k], arg);
	}
	return first;
}

/* --- observations --- */

/* A lesson someone teaches this term; `level` is how well it tends to go (percent). */
struct lesson {
	const char *school, *teacher, *spec, *course, *topic, *klass, *room;
	int level;
};

static const struct lesson lessons[] = {
	{ "gz01", "wujinglan", "560213", "直播技术", "校园开放日直播方案与机位布置", "2025级融媒体技术与运营1班", "融媒体中心演播室", 92 },
	{ "gz01", "kemingyuan", "530701", "网店运营", "店铺商品选品与定价", "2025级电子商务1班", "电商实训中心A201", 90 },
	{ "gz01", "qizhenyu", "510102", "物联网嵌入式技术", "GPIO控制LED与按键", "2025级物联网应用技术2班", "物联网实训室B305", 89 },
	{ "gz01", "luoziqian", "510102", "传感器应用技术", "温湿度传感器数据采集", "2025级物联网应用技术1班", "物联网实训室B303", 85 },
	{ "gz01", "yanshuyao", "530701", "视觉营销设计", "店铺首页视觉设计", "2024级电子商务2班", "电商实训中心A203", 86 },
	{ "gz01", "ganyutong", "560213", "短视频制作与运营", "短视频脚本编写", "2025级融媒体技术与运营2班", "融媒体实训室C102", 74 },
	{ "s01", "suyuan", "530701", "网店运营", "网店商品标题优化", "2025级电子商务（3+2）1班", "电商实训室301", 90 },
	{ "s01", "mowanqing", "530701", "数据化运营", "店铺流量数据采集与分析", "2024级电子商务（3+2）1班", "电商实训室302", 84 },
	{ "s01", "weiyiming", "530701", "网络营销", "年货节促销活动策划", "2024级电子商务（3+2）2班", "电商实训室301", 79 },
	{ "s01", "ruanzhiheng", "560213", "短视频制作与运营", "家乡美食短视频拍摄", "2025级融媒体技术与运营（3+2）1班", "融媒体实训室205", 89 },
	{ "s01", "zhongkexin", "560213", "图形图像处理技术", "商品主图抠图与合成", "2025级融媒体技术与运营（3+2）1班", "计算机房203", 73 },
	{ "s01", "shaoqihang", "560213", "摄影摄像技术", "固定镜头与运动镜头拍摄", "2024级融媒体技术与运营（3+2）1班", "摄影棚", 82 },
	{ "s01", "puqing", NULL, "语文", "职场应用文：活动策划书", "2025级电子商务（3+2）1班", "教学楼405", 85 },
	{ "s01", "wenruogu", NULL, "数学", "数据的收集与整理", "2025级融媒体技术与运营（3+2）1班", "教学楼407", 88 },
	{ "s02", "caimingzhu", "530701", "社群运营", "社群定位与建群", "2024级电子商务（3+2）1班", "电商实训室B201", 89 },
	{ "s02", "hongruoxi", "530701", "电子商务基础", "电子商务交易流程", "2025级电子商务（3+2）1班", "教学楼302", 81 },
	{ "s02", "youkai", "510102", "传感器应用技术", "光照传感器采集与补光控制", "2025级物联网应用技术（3+2）1班", "物联网实训室101", 85 },
	{ "s02", "fujiayi", "510102", "电工电子技术", "万用表测量电阻与电压", "2025级物联网应用技术（3+2）1班", "电工实训室", 72 },
	{ "s02", "gongchenyang", "510102", "物联网设备装调与维护", "智能门禁设备安装调试", "2024级物联网应用技术（3+2）1班", "物联网实训室102", 80 },
	{ "s02", "lingsiyuan", NULL, "英语", "职场英语：预约与接待", "2025级物联网应用技术（3+2）1班", "教学楼305", 83 },
	{ "s03", "chaiwenbo", "510102", "物联网系统部署与运维", "网关与云平台接入配置", "2024级物联网高级工1班", "物联网实训中心", 90 },
	{ "s03", "dengyaqi", "510102", "单片机技术", "定时器中断与数码管显示", "2025级物联网高级工1班", "单片机实训室", 84 },
	{ "s03", "yaotiejun", "510102", "物联网设备装调与维护", "智慧农业大棚传感节点安装", "2024级物联网高级工1班", "物联网实训中心", 81 },
	{ "s03", "xiruolan", NULL, "语文", "说明文阅读：智慧农业", "2025级物联网高级工1班", "教学楼201", 71 },
};

/* How many of each kind the term shows; the order is shuffled per demo. */
static const struct {
	const char *kind;
	int count;
} kind_mix[] = {
	{ "supervise", 8 }, { "peer", 10 }, { "leader", 5 }, { "prepare", 4 },
	{ "inspect", 6 },   { "open", 4 },  { "demo", 3 },
};

/* Who observes, by kind and school (comma lists of person ids). */
struct pool {
	const char *school, *supervise, *leader, *peer, *newcomers;
};

static const struct pool pools[] = {
	{ "gz01", "pangjiahe,cenlixing", "cenlixing", "wujinglan,kemingyuan,qizhenyu,luoziqian,ganyutong", "ganyutong" },
	{ "s01", "lixiaotang,pangjiahe", "lixiaotang", "ruanzhiheng,suyuan,mowanqing,zhongkexin", "zhongkexin" },
	{ "s02", "shimingzhe,pangjiahe", "shimingzhe", "caimingzhu,youkai,fujiayi", "fujiayi" },
	{ "s03", "peizimo,pangjiahe", "peizimo", "chaiwenbo,dengyaqi,xiruolan", "xiruolan" },
};

/* Who hosts collective lesson preparation (集体备课) for a specialty at a school: its 教研组长. */
static const struct {
	const char *school, *spec, *host;
} prepare_hosts[] = {
	{ "gz01", "560213", "wujinglan" }, { "gz01", "530701", "kemingyuan" }, { "gz01", "510102", "qizhenyu" },
	{ "s01", "530701", "suyuan" },     { "s01", "560213", "ruanzhiheng" }, { "s02", "530701", "caimingzhu" },
	{ "s02", "510102", "youkai" },     { "s03", "510102", "chaiwenbo" },
};

static const char *prepare_host(const struct lesson *l)
{
	for (size_t i = 0; i < N(prepare_hosts); i++)
		if (strcmp(prepare_hosts[i].school, l->school) == 0 && l->spec && strcmp(prepare_hosts[i].spec, l->spec) == 0)
			return prepare_hosts[i].host;
	return NULL;
}

/* The lead college's specialty leads run articulation inspections (衔接检查). */
static const char *spec_lead(const char *spec)
{
	if (!spec)
		return NULL;
	if (strcmp(spec, "560213") == 0)
		return "wujinglan";
	if (strcmp(spec, "530701") == 0)
		return "kemingyuan";
	return "qizhenyu";
}

static const char *spec_name(const char *spec)
{
	if (!spec)
		return "";
	if (strcmp(spec, "560213") == 0)
		return "融媒体技术与运营";
	if (strcmp(spec, "530701") == 0)
		return "电子商务";
	return "物联网应用技术";
}

static const struct pool *pool_of(const char *school)
{
	for (size_t i = 0; i < N(pools); i++)
		if (strcmp(pools[i].school, school) == 0)
			return &pools[i];
	return &pools[0];
}

static int lesson_fits(const struct lesson *l, const char *kind)
{
	if (strcmp(kind, "inspect") == 0)
		return l->spec && strcmp(l->school, "gz01") != 0;
	if (strcmp(kind, "demo") == 0)
		return l->level >= 88; /* 示范课 are given by experienced teachers */
	if (strcmp(kind, "prepare") == 0)
		return l->spec != NULL;
	return 1;
}

/* One of the ids in the comma list that is not `not`; NULL when none. Returned string is owned. */
static char *pick_person(struct rng *r, const char *list, const char *not)
{
	struct vec ids = VEC_INIT(free);
	char *out = NULL;
	vec_split(&ids, list, ',');
	for (size_t i = 0; i < ids.len;) {
		if (strcmp(ids.items[i], not) == 0)
			free(vec_remove(&ids, i));
		else
			i++;
	}
	if (ids.len)
		out = xstrdup(ids.items[rng_below(r, ids.len)]);
	vec_free(&ids);
	return out;
}

static char *pick_observer(struct rng *r, const struct lesson *l, const char *kind)
{
	const struct pool *p = pool_of(l->school);
	const char *list = p->peer;
	char *who;
	if (strcmp(kind, "supervise") == 0)
		list = p->supervise;
	else if (strcmp(kind, "leader") == 0)
		list = p->leader;
	else if (strcmp(kind, "prepare") == 0 && prepare_host(l))
		list = prepare_host(l);
	else if (strcmp(kind, "inspect") == 0)
		list = spec_lead(l->spec);
	else if (strcmp(kind, "demo") == 0)
		list = p->newcomers; /* new teachers watch a master lesson */
	who = pick_person(r, list, l->teacher);
	if (!who) /* the host was teaching: a colleague takes the notes */
		who = pick_person(r, p->peer, l->teacher);
	return who ? who : pick_person(r, p->leader, l->teacher);
}

static const char *const strengths[] = {
	"教学目标清晰，围绕“{}”任务展开，学生明确本节课要交付的成果。",
	"以真实工作任务“{}”为载体组织教学，讲练结合，学生动手时间充足。",
	"教师示范操作规范，关键步骤讲解到位，录制的操作微课便于学生课后反复观看。",
	"分组合理，组长分工明确，小组互评环节调动了学生的积极性。",
	"信息化手段运用得当，用学习平台发布任务、收集作业，过程数据可追溯。",
	"课堂节奏把握较好，难点拆成小步骤逐一突破，大部分学生能跟上。",
	"结合岗位规范自然融入诚信经营、安全操作等职业素养要求。",
	"师生互动充分，教师能及时发现操作中的共性问题并集中点评。",
	"课前准备充分，实训设备和素材提前调试到位，没有出现等待设备的情况。",
	"评价方式多元，有自评、互评和教师点评，评价标准课前即向学生公布。",
};

static const char *const problems[] = {
	"部分学生较早完成任务后无事可做，分层任务设计不足。",
	"讲授时间偏长，学生实际操作时间不足二十分钟。",
	"小结环节仓促，没有回扣教学目标检查达成情况。",
	"后排个别学生使用手机做与课堂无关的事，教师未及时提醒。",
	"实训结束后工位整理不到位，设备线缆散放在桌面。",
	"课程思政融入略显生硬，与专业内容结合不够紧密。",
	"课件重点不突出，关键概念没有形成知识框架。",
	"对学生的提问多由教师直接给出答案，引导学生思考不够。",
	"与高职阶段课程内容的衔接考虑不足，部分内容与后续课程重复。",
};

static const char *const suggestions[] = {
	"设计基础、提高两档任务，为先完成的学生准备拓展挑战。",
	"压缩讲授时间，把操作要点做成任务单，让学生边做边学。",
	"下课前留出五分钟，请学生对照目标展示成果并小结。",
	"加强课堂巡视和过程性评价，把课堂表现纳入平时成绩。",
	"建立实训“6S”检查表，下课前由组长逐项检查。",
	"从本地企业的真实案例中挖掘思政元素，结合质量、诚信事件展开讨论。",
	"对照高职{}专业课程标准，与专业负责人共同梳理衔接内容，避免重复。",
	"多用追问和小组讨论，让学生先说思路再给结论。",
	"参加本学期集团教学研讨会，与高职教师开展同课异构。",
};

static const char *const prepare_strengths[] = {
	"备课组围绕“{}”统一了教学目标、重难点和实训任务单。",
	"高职与中职教师共同梳理了本单元在两个学段的分工，衔接关系清楚。",
	"集体研讨了学生常见错误，形成了共享的微课和案例资源。",
	"确定了本学期联考范围和题型比例，命题分工明确。",
};

static const char *const prepare_problems[] = {
	"各校课时安排不一致，实训进度难以同步。",
	"部分学校实训设备型号不同，任务单需要分别调整。",
	"个别教师课前未提交教学设计初稿，研讨不够深入。",
};

static const char *const prepare_suggestions[] = {
	"下次集体备课前各校先提交教学进度表，统一联考范围。",
	"将本次形成的任务单和评分标准上传到集团共享资源库。",
	"每所学校指定一名联络教师，跟踪集体备课成果在课堂中的落实情况。",
};

static const char *const inspect_strengths[] = {
	"教学进度与一体化人才培养方案一致，授课计划执行到位。",
	"“{}”内容对接高职核心课程要求，学段分工清楚。",
	"教案、任务单和学生作业齐全，过程性考核记录完整。",
	"实训室按岗位场景布置，设备完好率高。",
};

static const char *const inspect_problems[] = {
	"授课计划中的实践学时与实际课表不完全一致。",
	"学生作业批改以等级为主，缺少针对性的改进意见。",
	"部分教学内容与高职第一学年课程重复。",
};

static const char *const inspect_suggestions[] = {
	"按授课计划校对课表，实践学时不足的在下月补齐。",
	"作业批改增加具体评语，典型问题在下次课集中讲评。",
	"与高职专业负责人共同修订衔接课程标准，明确两个学段各自的教学内容。",
};

/* The observed teacher's reply to the first problem named, parallel to problems[]. */
static const char *const replies[] = {
	"感谢指导。下次课起准备基础、提高两档任务，先完成的同学做拓展挑战。",
	"已压缩讲授部分，下周起每节课学生实操不少于二十五分钟。",
	"接受建议，下课前留五分钟请学生对照目标展示成果并小结。",
	"已和班主任沟通，实训课开始前统一收纳手机，课堂巡视也会加强。",
	"实训室已张贴“6S”检查表，由组长每节课下课前检查。",
	"思政案例改用本地企业的真实案例，下次公开课再请各位老师指导。",
	"课件已重新梳理，每个单元增加一页知识框架图。",
	"以后多用追问，请学生先说思路再点评。",
	"课后已与高职专业负责人沟通衔接内容，调整了下一单元的教学进度。",
};

/* Parallel to inspect_problems[]. */
static const char *const inspect_replies[] = {
	"已按授课计划核对课表，所缺实践学时安排在下月补齐。",
	"作业批改改为等级加评语，典型问题下次课集中讲评。",
	"已把重复内容整理成清单，请高职专业负责人一起确定两个学段的分工。",
};

_Static_assert(N(replies) == N(problems), "one reply per problem");
_Static_assert(N(inspect_replies) == N(inspect_problems), "one reply per inspection problem");

static const char *const periods[] = { "第1-2节", "第3-4节", "第5-6节", "第7-8节" };

/* Weekdays of the current term before today, from the start of teaching (or of the term, early on). */
static size_t term_days(const struct demo *d, long *days, size_t max)
{
	int y = atoi(d->term);
	long teaching = d->term[10] == '1' ? monday_from(day_of(y, 9, 1)) : monday_from(day_of(y + 1, 2, 23));
	long boundary = d->term[10] == '1' ? day_of(y, 8, 1) : day_of(y + 1, 2, 1);
	size_t n = 0;
	for (long day = teaching; day < d->today && n < max; day++)
		if (weekday(day))
			days[n++] = day;
	if (n < 5) {
		n = 0;
		for (long day = boundary; day < d->today && n < max; day++)
			days[n++] = day;
	}
	if (n == 0)
		days[n++] = d->today;
	return n;
}

static int make_observation(struct demo *d, size_t i, const char *kind, const struct lesson *l, long day,
			    struct jy_err *err)
{
	struct rng *r = &d->rng;
	struct record *o = record_new();
	struct buf text = BUF_INIT;
	char id[ID_LEN + 1], date[11], num[24], at[17];
	char *observer = pick_observer(r, l, kind);
	int prepare = strcmp(kind, "prepare") == 0, inspect = strcmp(kind, "inspect") == 0;
	int rc;

	if (!observer) {
		rc = err_set(err, JY_EINVAL, L("演示数据：没有人能听 %s 的课", "demo data: nobody can observe %s"), l->teacher);
		goto cleanup;
	}
	id_new(id);
	day_str(date, day);
	record_set(o, "observation", "id", id);
	record_set(o, "observation", "term", d->term);
	record_set(o, "observation", "date", date);
	record_set(o, "observation", "period", prepare ? "第9节（教研活动）" : periods[rng_below(r, N(periods))]);
	record_set(o, "observation", "kind", kind);
	record_set(o, "observation", "school", l->school);
	record_set(o, "observation", "observer", observer);
	record_set(o, "observation", "teacher", l->teacher);
	record_set(o, "observation", "course", l->course);
	if (prepare) {
		record_set(o, "observation", "room", "专业教研室");
	} else {
		/* Supervisors mostly drop in unannounced (推门听课); the others book the lesson. */
		record_set(o, "observation", "announced",
			   strcmp(kind, "supervise") == 0 && rng_below(r, 4) != 0 ? "no" : "yes");
		record_set(o, "observation", "class", l->klass);
		record_set(o, "observation", "room", l->room);
		snprintf(num, sizeof(num), "%ld", rng_range(r, 32, 46));
		record_set(o, "observation", "students", num);
		snprintf(num, sizeof(num), "%ld", rng_range(r, 0, 3) == 3 ? rng_range(r, 1, 3) : 0L);
		record_set(o, "observation", "late", num);

		/* A lesson's level varies around the teacher's; one new teacher's lesson goes badly (差). */
		long level = l->level + rng_range(r, -8, 6);
		if (!d->bad_done && l->level < 75 && i >= OBSERVATIONS / 2) {
			level -= 20;
			d->bad_done = 1;
		}
		for (size_t k = 0; k < rubric_indicator_count(d->rubric); k++) {
			struct rubric_indicator ind;
			if (rubric_indicator(d->rubric, k, &ind) < 0)
				break;
			long pct = level + rng_range(r, -5, 5);
			pct = pct > 100 ? 100 : pct < 40 ? 40 : pct;
			snprintf(num, sizeof(num), "%ld", (ind.max * pct + 50) / 100);
			record_set(o, "score", ind.id, num);
		}
	}
	if ((rc = rubric_score(o, d->rubric, err)) < 0)
		goto cleanup;

	const char *const *sp = strengths, *const *pp = problems, *const *gp = suggestions;
	size_t sn = N(strengths), pn = N(problems), gn = N(suggestions);
	if (prepare) {
		sp = prepare_strengths, sn = N(prepare_strengths);
		pp = prepare_problems, pn = N(prepare_problems);
		gp = prepare_suggestions, gn = N(prepare_suggestions);
	} else if (inspect) {
		sp = inspect_strengths, sn = N(inspect_strengths);
		pp = inspect_problems, pn = N(inspect_problems);
		gp = inspect_suggestions, gn = N(inspect_suggestions);
	}
	const char *total = record_get(o, "observation", "total");
	int weak = total && atof(total) < 80;
	pick_lines(&text, r, sp, sn, weak ? 1 : 2, l->topic);
	record_set(o, "text", "strengths", text.ptr);
	buf_reset(&text);
	size_t problem = pick_lines(&text, r, pp, pn, weak ? 2 : 1, l->topic);
	record_set(o, "text", "problems", text.ptr);
	buf_reset(&text);
	pick_lines(&text, r, gp, gn, weak ? 2 : 1, spec_name(l->spec));
	record_set(o, "text", "suggestions", text.ptr);

	/* Some observed teachers have already replied, a day or three later. */
	long reply = day + rng_range(r, 1, 3);
	if (!prepare && i % 6 == 2 && reply < d->today) {
		datetime_str(at, reply, (int)rng_range(r, 12, 21), (int)rng_range(r, 0, 59));
		record_set(o, "response", "text", inspect ? inspect_replies[problem] : replies[problem]);
		record_set(o, "response", "at", at);
	}
	if ((rc = stage(d, "observation", o, err)) == 0)
		d->observations++;
cleanup:
	free(observer);
	buf_release(&text);
	record_free(o);
	return rc;
}

static int make_observations(struct demo *d, struct jy_err *err)
{
	const char *kinds[OBSERVATIONS];
	size_t nk = 0, used[N(lessons)] = { 0 };
	long days[200];
	size_t nd = term_days(d, days, N(days));
	int rc = 0;

	for (size_t k = 0; k < N(kind_mix); k++)
		for (int j = 0; j < kind_mix[k].count && nk < N(kinds); j++)
			kinds[nk++] = kind_mix[k].kind;
	for (size_t k = nk; k > 1; k--) {
		size_t j = rng_below(&d->rng, k);
		const char *tmp = kinds[k - 1];
		kinds[k - 1] = kinds[j];
		kinds[j] = tmp;
	}
	for (size_t i = 0; i < nk && rc == 0; i++) {
		/* Spread over the term's days in order, and over the lessons least seen so far. */
		size_t best = N(lessons), start = rng_below(&d->rng, N(lessons));
		for (size_t k = 0; k < N(lessons); k++) {
			size_t c = (start + k) % N(lessons);
			if (lesson_fits(&lessons[c], kinds[i]) && (best == N(lessons) || used[c] < used[best]))
				best = c;
		}
		used[best]++;
		size_t at = i * nd / nk + rng_below(&d->rng, nd / nk + 1);
		rc = make_observation(d, i, kinds[i], &lessons[best], days[at < nd ? at : nd - 1], err);
	}
	return rc;
}

/* --- plan filings for the next term --- */

struct plan_row {
	const char *name, *category;
	int hours, theory, practice;
	const char *credits;
	int weeks;
	const char *teacher;
	int elective;
};

static const struct plan_row rows_s01_530701[] = {
	{ "语文", "public", 36, 30, 6, "2", 18, "puqing", 0 },
	{ "数学", "public", 36, 32, 4, "2", 18, "wenruogu", 0 },
	{ "英语", "public", 36, 28, 8, "2", 18, "wenruogu", 0 },
	{ "思想政治", "public", 36, 30, 6, "2", 18, "puqing", 0 },
	{ "体育与健康", "public", 36, 4, 32, "2", 18, "wenruogu", 0 },
	{ "网店运营", "core", 72, 24, 48, "4", 18, "suyuan", 0 },
	{ "视觉营销设计", "core", 72, 24, 48, "4", 18, "yanshuyao", 0 },
	{ "数据化运营", "core", 64, 24, 40, "4", 16, "mowanqing", 0 },
	{ "电子商务法律法规", "foundation", 36, 24, 12, "2", 18, "mowanqing", 0 },
	{ "新媒体营销", "extension", 54, 18, 36, "3", 18, "weiyiming", 1 },
	{ "商务沟通", "extension", 36, 12, 24, "2", 18, "suyuan", 1 },
	{ "电子商务运营综合实训", "practice", 72, 0, 72, "4", 18, "suyuan", 0 },
};
static const struct plan_row rows_s01_560213[] = {
	{ "语文", "public", 36, 30, 6, "2", 18, "puqing", 0 },
	{ "数学", "public", 36, 32, 4, "2", 18, "wenruogu", 0 },
	{ "英语", "public", 36, 28, 8, "2", 18, "wenruogu", 0 },
	{ "信息技术", "public", 36, 12, 24, "2", 18, "wenruogu", 0 },
	{ "历史", "public", 36, 32, 4, "2", 18, "puqing", 0 },
	{ "短视频制作与运营", "core", 72, 24, 48, "4", 18, "ruanzhiheng", 0 },
	{ "直播技术", "core", 72, 24, 48, "4", 18, "shaoqihang", 0 },
	{ "图形图像处理技术", "foundation", 72, 24, 48, "4", 18, "zhongkexin", 0 },
	{ "新媒体文案策划与写作", "foundation", 54, 30, 24, "3", 18, "ruanzhiheng", 0 },
	{ "视听语言", "extension", 36, 20, 16, "2", 18, "shaoqihang", 1 },
	{ "航拍技术", "extension", 36, 8, 28, "2", 18, "zhongkexin", 1 },
	{ "融媒体全流程制作实训", "practice", 72, 0, 72, "4", 18, "ruanzhiheng", 0 },
};
static const struct plan_row rows_s02_530701[] = {
	{ "社群运营", "core", 54, 18, 36, "3", 18, "caimingzhu", 0 },
	{ "网店运营", "core", 72, 24, 48, "3", 18, "hongruoxi", 0 },
	{ "网络营销", "core", 72, 24, 48, "4", 18, "caimingzhu", 0 },
	{ "电子商务基础", "foundation", 54, 30, 24, "3", 18, "hongruoxi", 0 },
	{ "客户服务管理", "extension", 54, 18, 36, "3", 18, "hongruoxi", 1 },
	{ "语文", "public", 36, 30, 6, "2", 18, "lingsiyuan", 0 },
	{ "英语", "public", 36, 28, 8, "2", 18, "lingsiyuan", 0 },
	{ "数学", "public", 36, 32, 4, "2", 18, "lingsiyuan", 0 },
	{ "思想政治", "public", 36, 30, 6, "2", 18, "lingsiyuan", 0 },
	{ "体育与健康", "public", 36, 4, 32, "2", 18, "lingsiyuan", 0 },
	{ "电子商务运营综合实训", "practice", 72, 0, 72, "4", 18, "caimingzhu", 0 },
};
static const struct plan_row rows_s02_510102[] = {
	{ "语文", "public", 36, 30, 6, "2", 18, "lingsiyuan", 0 },
	{ "数学", "public", 36, 32, 4, "2", 18, "lingsiyuan", 0 },
	{ "英语", "public", 36, 28, 8, "2", 18, "lingsiyuan", 0 },
	{ "思想政治", "public", 36, 30, 6, "2", 18, "lingsiyuan", 0 },
	{ "体育与健康", "public", 36, 4, 32, "2", 18, "lingsiyuan", 0 },
	{ "传感器应用技术", "core", 72, 24, 48, "4", 18, "youkai", 0 },
	{ "物联网设备装调与维护", "core", 72, 18, 54, "4", 18, "gongchenyang", 0 },
	{ "电工电子技术", "foundation", 72, 36, 36, "4", 18, "fujiayi", 0 },
	{ "程序设计基础", "foundation", 72, 30, 42, "4", 18, "youkai", 0 },
	{ "智能穿戴技术应用", "extension", 36, 12, 24, "2", 18, "fujiayi", 1 },
	{ "物联网信息安全", "extension", 36, 18, 18, "2", 18, "youkai", 1 },
	{ "物联网综合布线实训", "practice", 72, 0, 72, "4", 18, "gongchenyang", 0 },
};
static const struct plan_row rows_s03_510102[] = {
	{ "语文", "public", 36, 30, 6, "2", 18, "xiruolan", 0 },
	{ "数学", "public", 36, 32, 4, "2", 18, "xiruolan", 0 },
	{ "思想政治", "public", 36, 30, 6, "2", 18, "xiruolan", 0 },
	{ "体育与健康", "public", 36, 4, 32, "2", 18, "xiruolan", 0 },
	{ "信息技术", "public", 36, 12, 24, "2", 18, "dengyaqi", 0 },
	{ "物联网系统部署与运维", "core", 64, 24, 40, "4", 16, "chaiwenbo", 0 },
	{ "无线传输技术", "core", 64, 24, 40, "4", 16, "luoziqian", 0 },
	{ "单片机技术", "foundation", 72, 30, 42, "4", 18, "dengyaqi", 0 },
	{ "物联网设备装调与维护", "core", 72, 18, 54, "4", 18, "yaotiejun", 0 },
	{ "物联网云平台技术应用", "extension", 54, 18, 36, "3", 18, "chaiwenbo", 1 },
	{ "物联网综合布线实训", "practice", 72, 0, 72, "4", 18, "yaotiejun", 0 },
};

/*
 * One filing per member school × specialty it runs, in every state a
 * reviewer meets. s02/530701 row 2 deliberately breaks 16–18 hours per
 * credit (72 h for 3 credits), so the checker has an error to show.
 */
static const struct filing {
	const char *school, *spec, *state, *filer;
	const struct plan_row *rows;
	size_t nrows;
	int submitted_ago; /* days before today */
	const char *comment, *row, *row_comment;
} filings[] = {
	{ "s01", "530701", "approved", "lixiaotang", rows_s01_530701, N(rows_s01_530701), 12,
	  "课程设置与学时安排符合标准要求，同意备案。视觉营销设计由师资互派的闫书瑶老师承担，请两校做好排课衔接；企业兼职教师韦一鸣尚无教师资格证，请督促其参加考试。",
	  NULL, NULL },
	{ "s01", "560213", "submitted", "lixiaotang", rows_s01_560213, N(rows_s01_560213), 4, NULL, NULL, NULL },
	{ "s02", "530701", "returned", "shimingzhe", rows_s02_530701, N(rows_s02_530701), 9,
	  "请整改后重新提交：网店运营学分折算不符合标准 8.2；选修课学时占比不足 10%；专业课教师中“双师型”仅占一半，请说明下学期的培养安排。",
	  "row.2", "72 学时只记 3 学分，折合每学分 24 学时，应按每 16~18 学时 1 学分改为 4 学分。" },
	{ "s02", "510102", "submitted", "shimingzhe", rows_s02_510102, N(rows_s02_510102), 3, NULL, NULL, NULL },
	{ "s03", "510102", "draft", NULL, rows_s03_510102, N(rows_s03_510102), 0, NULL, NULL, NULL },
};

static int make_plan(struct demo *d, const struct filing *f, struct jy_err *err)
{
	struct record *p = record_new();
	struct buf sec = BUF_INIT;
	char num[24], at[17];
	int draft = strcmp(f->state, "draft") == 0;
	long submitted = d->today - f->submitted_ago;
	int rc;

	record_set(p, "plan", "term", d->next);
	record_set(p, "plan", "school", f->school);
	record_set(p, "plan", "specialty", f->spec);
	record_set(p, "plan", "state", f->state);
	/* Revision counts submissions: a draft has none yet. */
	record_set(p, "plan", "revision", draft ? "0" : "1");
	if (!draft) {
		datetime_str(at, submitted, 10, 15 + f->submitted_ago);
		record_set(p, "plan", "submitted_at", at);
		record_set(p, "plan", "submitted_by", f->filer);
		if (strcmp(f->state, "returned") == 0)
			record_set(p, "plan", "despite_errors", "yes"); /* it carries the credit error */
	}
	for (size_t i = 0; i < f->nrows; i++) {
		const struct plan_row *row = &f->rows[i];
		buf_reset(&sec);
		buf_printf(&sec, "course.%zu", i + 1);
		record_set(p, sec.ptr, "name", row->name);
		record_set(p, sec.ptr, "category", row->category);
		snprintf(num, sizeof(num), "%d", row->hours);
		record_set(p, sec.ptr, "hours", num);
		snprintf(num, sizeof(num), "%d", row->theory);
		record_set(p, sec.ptr, "theory", num);
		snprintf(num, sizeof(num), "%d", row->practice);
		record_set(p, sec.ptr, "practice", num);
		record_set(p, sec.ptr, "credits", row->credits);
		snprintf(num, sizeof(num), "%d", row->weeks);
		record_set(p, sec.ptr, "weeks", num);
		record_set(p, sec.ptr, "teacher", row->teacher);
		record_set(p, sec.ptr, "elective", row->elective ? "yes" : "no");
	}
	if (f->comment) {
		/* Reviewed two days after filing, by the specialty's lead at the lead college. */
		datetime_str(at, submitted + 2 < d->today ? submitted + 2 : submitted, 16, 40);
		record_set(p, "review.1", "reviewer", spec_lead(f->spec));
		record_set(p, "review.1", "at", at);
		record_set(p, "review.1", "revision", "1");
		record_set(p, "review.1", "verdict", strcmp(f->state, "approved") == 0 ? "approve" : "return");
		record_set(p, "review.1", "comment", f->comment);
		if (f->row)
			record_set(p, "review.1", f->row, f->row_comment);
	}
	if ((rc = stage(d, "plan", p, err)) == 0)
		d->plans++;
	buf_release(&sec);
	record_free(p);
	return rc;
}

static int make_plans(struct demo *d, struct jy_err *err)
{
	int rc = 0;
	for (size_t i = 0; i < N(filings) && rc == 0; i++)
		rc = make_plan(d, &filings[i], err);
	return rc;
}

/* --- question bank of the three joint-exam courses --- */

/*
 * Positional: course, specialty, type, difficulty, chapter, point, stem,
 * options A–E, answer, points, explanation, author, school, state; then by
 * name what the bank adds: the cognitive level, the reviewing examiner and
 * comment, the rubric of a practical, the version this one replaces (1-based
 * index into the table), numeric answers, weights and confirmed near matches.
 */
struct question {
	const char *course, *spec, *type;
	int difficulty;
	const char *chapter, *point, *stem;
	const char *opt[5];
	const char *answer, *points, *explanation, *author, *school, *state;
	const char *level, *reviewer, *comment, *rubric, *weights;
	size_t prev, similar; /* 1-based indices into the table, 0 = none */
	int numeric;
};

#define EC "530701-c01", "530701"
#define IOT "510102-c01", "510102"
#define NM "560213-c03", "560213"
#define NOOPT { NULL, NULL, NULL, NULL, NULL }
#define OK_EC "题意清楚，选项设置合理，答案无误。"
#define OK_IOT "题目表述准确，答案与教材一致。"

static const struct question questions[] = {
	/* 1 */ { EC, "single", 2, "项目三 流量获取与转化", "搜索排名影响因素",
	  "在电商平台站内搜索中，下列哪一项通常不会影响商品的自然搜索排名？",
	  { "商品标题与搜索关键词的相关性", "商品的点击率与转化率", "店铺的服务评分", "卖家所在城市的人口数量", NULL },
	  "D", "2", "自然搜索排名主要看相关性、商品表现和店铺服务质量，与卖家所在城市的人口无关。", "suyuan", "s01", "approved",
	  .level = "understand", .reviewer = "yanshuyao", .comment = OK_EC },
	/* 2 */ { EC, "single", 1, "项目五 数据分析与决策", "转化率计算",
	  "某商品当日访客数为 2000，支付买家数为 60，该商品当日的支付转化率是多少？",
	  { "0.3%", "3%", "30%", "6%", NULL }, "B", "2", "支付转化率 = 60 ÷ 2000 × 100% = 3%。", "suyuan", "s01", "superseded",
	  .level = "apply", .reviewer = "kemingyuan", .comment = OK_EC },
	/* 3: the second version of 2, with the wrong option closer to a real mistake */ { EC, "single", 1, "项目五 数据分析与决策", "转化率计算",
	  "某商品当日访客数为 2000，支付买家数为 60，该商品当日的支付转化率是多少？",
	  { "0.3%", "3%", "30%", "33.3%", NULL }, "B", "2", "支付转化率 = 支付买家数 ÷ 访客数 × 100% = 60 ÷ 2000 × 100% = 3%；33.3% 是把两数颠倒后算错的结果。",
	  "suyuan", "s01", "approved", .level = "apply", .reviewer = "yanshuyao",
	  .comment = "干扰项改得好，解析补充了易错点。", .prev = 2 },
	/* 4 */ { EC, "single", 1, "项目五 数据分析与决策", "客单价",
	  "客单价的计算公式是：", { "销售额 ÷ 访客数", "销售额 ÷ 支付买家数", "支付买家数 ÷ 访客数", "销售额 ÷ 销售件数", NULL },
	  "B", "2", NULL, "kemingyuan", "gz01", "approved", .level = "remember", .reviewer = "suyuan", .comment = OK_EC },
	/* 5 */ { EC, "single", 2, "项目三 流量获取与转化", "关键词类型",
	  "下列哪类关键词通常竞争程度较低、买家购买意向较明确？", { "类目大词", "长尾词", "热搜词", "品类通用词", NULL },
	  "B", "2", "长尾词由多个词组成，搜索量小但指向具体需求，竞争小、转化意向明确。", "yanshuyao", "gz01", "approved",
	  .level = "understand", .reviewer = "suyuan", .comment = OK_EC },
	/* 6 */ { EC, "multiple", 2, "项目二 商品选品与定价", "定价策略",
	  "制定网店商品定价策略时，通常需要考虑哪些因素？",
	  { "商品成本与目标毛利", "竞品价格", "目标人群的消费能力", "平台促销活动规则", NULL },
	  "ABCD", "3", NULL, "kemingyuan", "gz01", "approved", .level = "understand", .reviewer = "yanshuyao", .comment = OK_EC },
	/* 7 */ { EC, "multiple", 3, "项目四 用户运营", "拉新手段",
	  "下列做法中，主要用于网店“拉新”（获取新客户）的有：", { "新人专享优惠券", "老客复购提醒短信", "站内付费推广引流", "会员积分兑换", NULL },
	  "AC", "3", "复购提醒和积分兑换针对已有客户，属于留存与促活。", "suyuan", "s01", "approved", .level = "analyse",
	  .reviewer = "kemingyuan", .comment = OK_EC },
	/* 8 */ { EC, "multiple", 3, "项目三 流量获取与转化", "标题优化",
	  "优化商品标题时，下列做法正确的有：",
	  { "包含核心关键词和属性词", "堆砌与商品无关的热搜词", "根据数据定期调整关键词", "在平台规定字数内尽量用足", NULL },
	  "ACD", "3", "堆砌无关热搜词违反平台规则，可能被降权。", "yanshuyao", "gz01", "approved", .level = "apply",
	  .reviewer = "suyuan", .comment = OK_EC },
	/* 9 */ { EC, "truefalse", 1, "项目二 商品选品与定价", "详情页设计",
	  "商品详情页首屏的主要作用是吸引买家继续浏览，应突出商品的核心卖点。", NOOPT, "正确", "1", NULL, "suyuan", "s01",
	  "approved", .level = "understand", .reviewer = "yanshuyao", .comment = OK_EC },
	/* 10 */ { EC, "truefalse", 1, "项目五 数据分析与决策", "访客与转化",
	  "店铺访客数越多，支付转化率就一定越高。", NOOPT, "错误", "1", "转化率是比例，访客增加而成交未同步增加时转化率反而下降。",
	  "kemingyuan", "gz01", "approved", .level = "understand", .reviewer = "suyuan", .comment = OK_EC },
	/* 11 */ { EC, "truefalse", 1, "项目一 网店运营规划", "诚信经营",
	  "通过刷单提高商品销量权重属于正常的运营手段。", NOOPT, "错误",
	  "1", "刷单炒信违反《电子商务法》和平台规则，属于虚假交易。", "yanshuyao", "gz01", "approved", .level = "remember",
	  .reviewer = "kemingyuan", .comment = OK_EC },
	/* 12 */ { EC, "fill", 1, "项目五 数据分析与决策", "转化率计算",
	  "支付转化率 = 支付买家数 ÷ ______ × 100%。", NOOPT, "访客数\n访客人数\nUV", "2", NULL, "suyuan", "s01", "approved",
	  .level = "remember", .reviewer = "yanshuyao", .comment = "补充了同义答案，阅卷时按任一答案给分。" },
	/* 13 */ { EC, "fill", 2, "项目一 网店运营规划", "竞争环境分析",
	  "从优势、劣势、机会、威胁四个方面分析店铺竞争环境的方法称为 ______ 分析法。", NOOPT, "SWOT", "2", NULL,
	  "kemingyuan", "gz01", "approved", .level = "remember", .reviewer = "suyuan", .comment = OK_EC },
	/* 14 */ { EC, "short", 3, "项目一 网店运营规划", "竞品分析",
	  "简述网店开展竞品分析的主要步骤。", NOOPT,
	  "①确定竞品：按类目、价格带和目标人群选取3～5个竞品；②采集数据：价格、销量、评价、标题关键词、主图详情、促销活动等；"
	  "③对比分析：从商品、价格、流量来源、转化和服务等维度与本店对比；④形成结论：找出差距与机会，制定选品、定价和推广的改进措施。",
	  "10", "按步骤给分，每步 2～3 分。", "suyuan", "s01", "approved", .level = "understand", .reviewer = "kemingyuan",
	  .comment = OK_EC },
	/* 15 */ { EC, "short", 4, "项目五 数据分析与决策", "转化率下降诊断",
	  "某店铺近两周访客数稳定，但支付转化率从 3.2% 降到 1.8%。请分析可能的原因并提出改进措施。", NOOPT,
	  "可能原因：价格或主图与竞品相比失去优势；详情页信息不全或出现差评；库存不足、SKU 缺货；客服响应慢；促销活动结束。"
	  "措施：对比竞品调整价格或设置优惠；优化主图和详情页卖点；处理差评、补充买家秀；保证库存；提高客服响应速度并设置催付话术。",
	  "10", "原因与措施各 5 分，言之有理即可。", "kemingyuan", "gz01", "returned", .level = "analyse", .reviewer = "suyuan",
	  .comment = "措施请与原因逐条对应，并写明各要点的分值，便于统一阅卷。" },
	/* 16 */ { EC, "practical", 4, "项目二 商品选品与定价", "新品上架",
	  "为本地茶企的一款铁观音（250 克礼盒装）完成上新任务：①撰写 30 字以内的商品标题并说明关键词选取依据；②给出定价及理由；"
	  "③设计上新首周的两项推广活动，并说明预期的数据指标。", NOOPT,
	  "标题示例：安溪铁观音 2024 新茶 浓香型 250g 礼盒装 送礼自饮；定价参考成本、竞品价格带与目标人群；"
	  "推广示例：新品限时券 + 直通车精准长尾词，首周目标访客 3000、转化率 2%、收藏加购 300。",
	  "20", NULL, "yanshuyao", "gz01", "approved", .level = "apply", .reviewer = "kemingyuan", .comment = OK_EC,
	  .rubric = "标题含核心词、属性词和场景词，关键词依据搜索热度与竞争度数据（6 分）；定价参考成本、竞品价格带与目标人群，理由充分（6 分）；"
		    "推广活动可行，指标明确，如访客数、转化率、收藏加购数（8 分）。" },
	/* 17: the next version of 4 awaiting review — 4 stays usable until it is approved */ { EC, "single", 1, "项目五 数据分析与决策", "客单价",
	  "客单价是指平均每位支付买家的成交金额，其计算公式是：",
	  { "销售额 ÷ 访客数", "销售额 ÷ 支付买家数", "支付买家数 ÷ 访客数", "销售额 ÷ 销售件数", NULL }, "B", "2",
	  "客单价 = 销售额 ÷ 支付买家数；销售额 ÷ 销售件数是件单价。", "kemingyuan", "gz01", "draft", .level = "remember", .prev = 4 },
	/* 18: a near match of 10, confirmed different when it was added */ { EC, "truefalse", 2, "项目五 数据分析与决策", "访客与转化",
	  "店铺访客数越多，支付转化率一定越低。", NOOPT, "错误", "1", "转化率取决于成交人数与访客数之比，二者没有固定的增减关系。",
	  "yanshuyao", "gz01", "draft", .level = "understand", .similar = 10 },
	/* 19 */ { IOT, "single", 2, "项目二 温湿度检测", "DHT11 通信方式",
	  "DHT11 温湿度传感器与单片机之间采用哪种通信方式？", { "I²C 总线", "单总线", "SPI 总线", "RS-485 总线", NULL },
	  "B", "2", NULL, "qizhenyu", "gz01", "approved", .level = "remember", .reviewer = "chaiwenbo", .comment = OK_IOT },
	/* 20 */ { IOT, "single", 2, "项目一 传感器认知", "信号类型",
	  "下列传感器电路中，输出为模拟量的是：", { "光敏电阻分压电路", "DS18B20 数字温度传感器", "干簧管门磁开关", "数字输出型人体红外模块", NULL },
	  "A", "2", "光敏电阻分压电路输出随光照连续变化的电压，需经 ADC 采集。", "chaiwenbo", "s03", "approved",
	  .level = "understand", .reviewer = "luoziqian", .comment = OK_IOT },
	/* 21 */ { IOT, "single", 2, "项目三 温度测量", "热电偶原理",
	  "热电偶测温的工作原理是：", { "热电效应（塞贝克效应）", "光电效应", "压电效应", "霍尔效应", NULL }, "A", "2", NULL,
	  "luoziqian", "gz01", "approved", .level = "remember", .reviewer = "qizhenyu", .comment = OK_IOT },
	/* 22 */ { IOT, "single", 3, "项目四 压力检测", "4～20 mA 信号换算",
	  "某压力变送器量程为 0～1 MPa，输出 4～20 mA。当输出电流为 12 mA 时，对应的压力是：",
	  { "0.25 MPa", "0.5 MPa", "0.6 MPa", "0.75 MPa", NULL }, "B", "2", "(12 − 4) ÷ (20 − 4) × 1 MPa = 0.5 MPa。", "qizhenyu",
	  "gz01", "approved", .level = "apply", .reviewer = "luoziqian", .comment = OK_IOT },
	/* 23 */ { IOT, "multiple", 3, "项目一 传感器认知", "静态特性",
	  "下列属于传感器静态特性指标的有：", { "线性度", "灵敏度", "迟滞", "频率响应", NULL }, "ABC", "3",
	  "频率响应属于动态特性。", "chaiwenbo", "s03", "approved", .level = "remember", .reviewer = "qizhenyu", .comment = OK_IOT },
	/* 24 */ { IOT, "multiple", 2, "项目二 温湿度检测", "节点安装规范",
	  "安装室外温湿度监测节点时，正确的做法有：",
	  { "传感器加装防辐射百叶箱", "安装在空调外机出风口附近", "信号线与强电线路分开走线", "安装前核对传感器供电电压", NULL },
	  "ACD", "3", NULL, "luoziqian", "gz01", "approved", .level = "apply", .reviewer = "chaiwenbo", .comment = OK_IOT },
	/* 25 */ { IOT, "multiple", 3, "项目五 人体感应", "热释电传感器特点",
	  "关于人体红外热释电传感器（PIR），下列说法正确的有：",
	  { "能持续检测静止不动的人体", "检测移动人体发出的红外辐射", "常用于自动照明和安防报警", "检测效果受环境温度影响", NULL },
	  "BCD", "3", "热释电元件只对红外辐射的变化敏感，人体静止时输出会消失。", "qizhenyu", "gz01", "approved",
	  .level = "analyse", .reviewer = "chaiwenbo", .comment = OK_IOT },
	/* 26 */ { IOT, "truefalse", 1, "项目一 传感器认知", "灵敏度定义",
	  "传感器的灵敏度是指输出变化量与引起该变化的输入变化量之比。", NOOPT, "正确", "1", NULL, "chaiwenbo", "s03",
	  "approved", .level = "remember", .reviewer = "luoziqian", .comment = OK_IOT },
	/* 27 */ { IOT, "truefalse", 2, "项目六 转速测量", "霍尔传感器应用",
	  "霍尔传感器既可以测量磁场，也可以用于非接触式测量转速。", NOOPT, "正确", "1", NULL, "luoziqian", "gz01",
	  "approved", .level = "understand", .reviewer = "qizhenyu", .comment = OK_IOT },
	/* 28 */ { IOT, "truefalse", 2, "项目二 温湿度检测", "采样频率",
	  "为提高采集精度，传感器的采样频率越高越好，与被测信号的变化快慢无关。", NOOPT, "错误", "1",
	  "采样频率应按被测信号的变化速度选择，过高只会增加数据量和功耗。", "qizhenyu", "gz01", "retired",
	  .level = "understand", .reviewer = "luoziqian", .comment = OK_IOT },
	/* 29 */ { IOT, "fill", 1, "项目一 传感器认知", "传感器组成",
	  "传感器一般由敏感元件、______和基本转换电路三部分组成。", NOOPT, "转换元件", "2", NULL, "chaiwenbo", "s03",
	  "approved", .level = "remember", .reviewer = "qizhenyu", .comment = OK_IOT },
	/* 30 */ { IOT, "fill", 2, "项目四 压力检测", "应变效应",
	  "电阻应变片是利用导体或半导体的 ______ 效应工作的。", NOOPT, "应变", "2", NULL, "luoziqian", "gz01", "approved",
	  .level = "remember", .reviewer = "chaiwenbo", .comment = OK_IOT },
	/* 31 */ { IOT, "fill", 3, "项目四 压力检测", "4～20 mA 信号换算",
	  "量程 0～100 ℃ 的温度变送器输出 4～20 mA，测得电流 8 mA，对应的温度是 ______ ℃（允许 ±0.5 ℃）。", NOOPT,
	  "25±0.5", "2", "(8 − 4) ÷ 16 × 100 ℃ = 25 ℃。", "qizhenyu", "gz01", "approved", .level = "apply",
	  .reviewer = "luoziqian", .comment = OK_IOT, .numeric = 1 },
	/* 32 */ { IOT, "short", 3, "项目一 传感器认知", "传感器选型",
	  "简述传感器选型时需要考虑的主要因素。", NOOPT,
	  "①被测对象、测量范围和精度要求；②输出信号类型及与控制器的接口；③响应时间和采样频率；④工作环境（温湿度、防护等级、电磁干扰）；"
	  "⑤供电方式与功耗；⑥安装方式、体积和成本；⑦可靠性与维护便利性。",
	  "10", "答出其中五点即可得满分。", "qizhenyu", "gz01", "approved", .level = "understand", .reviewer = "chaiwenbo",
	  .comment = OK_IOT },
	/* 33 */ { IOT, "short", 4, "项目二 温湿度检测", "故障排查",
	  "温湿度采集节点上电后读数一直为 0，请写出排查思路。", NOOPT,
	  "①检查供电电压和接地；②检查数据线接线和上拉电阻，核对引脚与程序定义是否一致；③用示波器或逻辑分析仪观察数据线是否有通信波形；"
	  "④核对程序时序延时是否符合数据手册；⑤更换同型号传感器排除器件损坏；⑥检查串口或上位机的数据解析程序。",
	  "10", NULL, "chaiwenbo", "s03", "draft", .level = "analyse" },
	/* 34 */ { IOT, "practical", 4, "项目七 光照检测与控制", "光照自动补光",
	  "利用给定的光照传感器、继电器模块和开发板完成“教室光照自动补光”：①按接线图接线并通电自检；②编写程序，每 2 秒采集一次光照值并通过串口输出；"
	  "③光照低于 300 lx 时打开补光灯，高于 500 lx 时关闭；④记录 3 组测试数据并分析。", NOOPT,
	  "接线：传感器接 ADC 引脚，继电器接数字输出引脚；程序中用 300 lx 开、500 lx 关的滞回判断避免频繁跳变。",
	  "20", NULL, "luoziqian", "gz01", "draft", .level = "apply",
	  .rubric = "接线正确、规范、安全（5 分）；采集与串口输出正确（5 分）；滞回控制逻辑正确、无频繁跳变（6 分）；测试记录完整、分析合理（4 分）。" },
	/* 35 */ { NM, "single", 1, "项目一 短视频平台认知", "画面比例",
	  "在手机端竖屏观看的短视频，最常用的画面比例是：", { "16:9", "9:16", "4:3", "1:1", NULL }, "B", "2", NULL,
	  "ruanzhiheng", "s01", "approved", .level = "remember", .reviewer = "wujinglan", .comment = "基础题，表述清楚。" },
	/* 36 */ { NM, "single", 2, "项目三 拍摄与剪辑", "景别",
	  "拍摄人物时，取景范围从头顶到胸部的景别称为：", { "远景", "全景", "中景", "近景", "特写" }, "D", "2",
	  "近景表现人物胸部以上，用于交代神态表情。", "zhongkexin", "s01", "approved", .level = "remember",
	  .reviewer = "wujinglan", .comment = "五个选项覆盖全部景别，很好。" },
	/* 37 */ { NM, "multiple", 3, "项目五 数据复盘", "核心指标",
	  "复盘一条短视频的内容质量时，下列属于核心数据指标的有：", { "完播率", "平均播放时长", "账号注册时间", "互动率（点赞、评论、转发）", NULL },
	  "ABD", "3", "账号注册时间与单条内容质量无关。", "ganyutong", "gz01", "approved", .level = "analyse",
	  .reviewer = "wujinglan", .comment = "按联考要求，错选不倒扣，改为 0 分。", .weights = "A=33.33333,B=33.33333,C=0,D=33.33333" },
	/* 38 */ { NM, "truefalse", 1, "项目二 账号定位", "账号定位",
	  "短视频账号定位时，内容题材越多越好，这样能吸引更多不同的粉丝。", NOOPT, "错误", "1",
	  "账号定位要垂直聚焦，题材过杂会让平台难以给账号打标签，也不利于粉丝留存。", "ruanzhiheng", "s01", "approved",
	  .level = "understand", .reviewer = "wujinglan", .comment = "考查定位的基本原则，合适。" },
	/* 39 */ { NM, "fill", 2, "项目五 数据复盘", "完播率",
	  "看完整条视频的播放次数占总播放次数的比例称为 ______。", NOOPT, "完播率\n完整播放率", "2", NULL, "zhongkexin", "s01",
	  "approved", .level = "remember", .reviewer = "wujinglan", .comment = "两种说法都给分，已列入答案。" },
	/* 40 */ { NM, "fill", 3, "项目三 拍摄与剪辑", "帧率与时长",
	  "一段 25 帧/秒的视频共有 375 帧，其时长为 ______ 秒。", NOOPT, "15", "2", "375 ÷ 25 = 15 秒。", "ganyutong", "gz01",
	  "approved", .level = "apply", .reviewer = "wujinglan", .comment = "计算题，数值答案便于机器阅卷。", .numeric = 1 },
	/* 41 */ { NM, "short", 3, "项目四 脚本策划", "分镜脚本",
	  "简述短视频分镜头脚本通常包含哪些内容。", NOOPT,
	  "镜号、景别、拍摄方式（运镜）、画面内容、台词或字幕、音乐音效、时长。", "10", "每答对一项 1.5 分，满 10 分为止。",
	  "shaoqihang", "s01", "draft", .level = "understand" },
	/* 42 */ { NM, "practical", 5, "项目四 脚本策划", "产品种草视频",
	  "为本地一款手工茶饼策划并拍摄一条 30 秒以内的种草短视频：①写出分镜头脚本（不少于 6 个镜头）；②完成拍摄与剪辑，加字幕和背景音乐；"
	  "③写出发布文案和 3 个话题标签。", NOOPT, NULL, "20", NULL, "ruanzhiheng", "s01", "draft", .level = "apply",
	  .rubric = "脚本完整、镜头设计合理（6 分）；画面稳定清晰、剪辑节奏流畅（6 分）；字幕音乐规范（3 分）；文案与话题贴合产品和目标人群（5 分）。" },
};

/* The stored form of every table entry, so later entries can name earlier ones by id. */
static int make_questions(struct demo *d, struct jy_err *err)
{
	static const char *const letters[] = { "A", "B", "C", "D", "E" };
	char ids[N(questions)][ID_LEN + 1];
	int rc = 0;
	for (size_t i = 0; i < N(questions); i++) {
		id_new(ids[i]);
		vec_push_str(&d->qids, ids[i]);
	}
	for (size_t i = 0; i < N(questions) && rc == 0; i++) {
		const struct question *q = &questions[i];
		struct record *r = record_new();
		struct vec found = VEC_INIT(free);
		char num[24], at[17];
		record_set(r, "question", "id", ids[i]);
		record_set(r, "question", "specialty", q->spec);
		record_set(r, "question", "course", q->course);
		snprintf(num, sizeof(num), "%d", q->prev ? 2 : 1);
		record_set(r, "question", "version", num);
		if (q->prev)
			record_set(r, "question", "previous", ids[q->prev - 1]);
		record_set(r, "question", "type", q->type);
		snprintf(num, sizeof(num), "%d", q->difficulty);
		record_set(r, "question", "difficulty", num);
		if (q->level)
			record_set(r, "question", "level", q->level);
		record_set(r, "question", "chapter", q->chapter);
		record_set(r, "question", "point", q->point);
		record_set(r, "question", "stem", q->stem);
		if (q->answer)
			record_set(r, "question", "answer", q->answer);
		if (q->numeric)
			record_set(r, "question", "numeric", "yes");
		record_set(r, "question", "points", q->points);
		if (q->explanation)
			record_set(r, "question", "explanation", q->explanation);
		if (q->rubric)
			record_set(r, "question", "rubric", q->rubric);
		if (q->similar)
			record_set(r, "question", "similar", ids[q->similar - 1]);
		record_set(r, "question", "author", q->author);
		record_set(r, "question", "school", q->school);
		record_set(r, "question", "state", q->state);
		for (size_t k = 0; k < N(questions); k++)
			if (strcmp(q->state, "superseded") == 0 && questions[k].prev == i + 1)
				record_set(r, "question", "superseded_by", ids[k]);
		for (size_t k = 0; k < N(q->opt); k++)
			if (q->opt[k])
				record_set(r, "options", letters[k], q->opt[k]);
		if (q->weights) {
			struct vec pairs = VEC_INIT(free);
			vec_split(&pairs, q->weights, ',');
			for (size_t k = 0; k < pairs.len; k++) {
				char *eq = strchr(pairs.items[k], '=');
				*eq = '\0';
				record_set(r, "weights", pairs.items[k], eq + 1);
			}
			vec_free(&pairs);
		}
		/* The review rounds: approved (then perhaps retired or replaced), or returned. */
		if (q->reviewer) {
			int returned = strcmp(q->state, "returned") == 0;
			datetime_str(at, d->today - 40 + (long)i, 15, 10 + (int)(i % 40));
			record_set(r, "review.1", "reviewer", q->reviewer);
			record_set(r, "review.1", "at", at);
			record_set(r, "review.1", "version", q->prev ? "2" : "1");
			record_set(r, "review.1", "verdict", returned ? "return" : "approve");
			record_set(r, "review.1", "comment", q->comment);
		}
		if (strcmp(q->state, "retired") == 0) {
			datetime_str(at, d->today - 3, 9, 30);
			record_set(r, "review.2", "reviewer", "qizhenyu");
			record_set(r, "review.2", "at", at);
			record_set(r, "review.2", "version", "1");
			record_set(r, "review.2", "verdict", "retire");
			record_set(r, "review.2", "comment", "与新版课程标准中的采样要求表述不一致，停用。");
		}
		question_normalise(r);
		question_check(r, &found);
		if (strcmp(q->state, "approved") == 0 || strcmp(q->state, "superseded") == 0)
			question_check_approvable(r, &found);
		if (found.len)
			rc = err_set(err, JY_EINVAL, L("演示数据第 %zu 道试题：%s", "demo question %zu: %s"), i + 1,
				     (const char *)found.items[0]);
		else if ((rc = stage(d, "question", r, err)) == 0)
			d->questions++;
		vec_free(&found);
		record_free(r);
	}
	return rc;
}

/* --- seminars and teacher exchange of the current term --- */

/* The day number of the first (last: 0) day of a term. */
static long term_edge(const char *term, int first)
{
	char a[11], b[11];
	long day = 0;
	if (id_term_span(a, b, term) == 0)
		id_day_number(&day, first ? a : b);
	return day;
}

struct demo_action {
	const char *what, *owner;
	int due;       /* days after the seminar (negative: before today, see today_due) */
	int done;      /* days after the seminar it was done; 0 = still open */
	const char *evidence;
};

struct demo_seminar {
	const char *title_fmt; /* %s = the school year, %s = 一/二 */
	int ago;               /* days before today */
	const char *place, *host, *spec, *topics, *other, *attendees, *schools, *created_by, *minutes, *decisions;
	struct demo_action actions[5];
};

/*
 * One group-wide seminar three weeks ago and one specialty seminar a week
 * ago: some items done, some open, and (three weeks into a term) some
 * overdue — what 概览, the 研讨 tab and the ledger are for.
 */
static const struct demo_seminar seminars[] = {
	{ "%s学年第%s学期集团教学工作研讨会", 21, "刺桐湾职业技术学院行政楼三楼会议室", "gz01", NULL,
	  "system,content,reform,looseleaf,digital", "联考命题分工",
	  "cenlixing,kemingyuan,qizhenyu,wujinglan,lixiaotang,suyuan,shimingzhe,caimingzhu,peizimo,chaiwenbo", "gz01,s01,s02,s03",
	  "cenlixing",
	  "一、通报上学期授课计划备案、听课评课和联考情况。\n二、各专业负责人介绍中高职一体化课程体系修订思路。\n"
	  "三、讨论活页式教材编写分工和数字化教学资源共建共享办法。",
	  "1. 各成员学校按时报送下学期授课计划，对照专业教学标准自查学时学分。\n2. 各专业本学期完成一轮衔接教学检查和一轮集体备课。\n"
	  "3. 电子商务、物联网应用技术专业先行修订衔接课程标准。",
	  { { "报送下学期授课计划，对照专业教学标准自查学时学分", "lixiaotang", 14, 10, "已提交电子商务、融媒体技术与运营两个专业的授课计划。" },
	    { "修订电子商务专业中高职衔接课程标准（初稿）", "kemingyuan", 10, 0, NULL },
	    { "整改网店运营课程学分设置，重新报送授课计划", "shimingzhe", 7, 0, NULL },
	    { "完成物联网专业活页式教材编写分工", "chaiwenbo", 40, 0, NULL },
	    { "把集体备课任务单上传到集团共享资源库", "suyuan", 20, 14, "已上传网店运营、数据化运营两门课的任务单和评分标准。" } } },
	{ "物联网应用技术专业中高职衔接教学研讨（%s学年第%s学期）", 7, "海丝路职业中专学校物联网实训室101", "s02", "510102",
	  "content,practice,evaluation", NULL, "qizhenyu,luoziqian,youkai,fujiayi,shimingzhe,chaiwenbo,dengyaqi", "gz01,s02,s03",
	  "qizhenyu",
	  "围绕传感器应用技术、物联网设备装调与维护两门课程，对照高职阶段课程标准梳理教学内容和实训项目。",
	  "统一传感器应用技术的联考范围和题型比例；两校共同编制综合布线实训任务单。",
	  { { "统一传感器应用技术联考范围与题型比例", "youkai", 5, 0, NULL },
	    { "编制物联网综合布线实训任务单", "chaiwenbo", 35, 0, NULL },
	    { NULL, NULL, 0, 0, NULL } } },
};

static int make_seminars(struct demo *d, struct jy_err *err)
{
	long first = term_edge(d->term, 1);
	int rc = 0;
	for (size_t i = 0; i < N(seminars) && rc == 0; i++) {
		const struct demo_seminar *sm = &seminars[i];
		struct record *r = record_new();
		struct buf b = BUF_INIT;
		char id[ID_LEN + 1], date[11], sec[32];
		long day = d->today - sm->ago < first ? first : d->today - sm->ago;
		char year[10];
		memcpy(year, d->term, 9);
		year[9] = '\0';
		id_new(id);
		day_str(date, day);
		record_set(r, "seminar", "id", id);
		record_set(r, "seminar", "term", d->term);
		record_set(r, "seminar", "date", date);
		buf_printf(&b, sm->title_fmt, year, d->term[10] == '1' ? "一" : "二");
		record_set(r, "seminar", "title", b.ptr);
		record_set(r, "seminar", "place", sm->place);
		record_set(r, "seminar", "host", sm->host);
		if (sm->spec)
			record_set(r, "seminar", "specialty", sm->spec);
		record_set(r, "seminar", "topics", sm->topics);
		if (sm->other)
			record_set(r, "seminar", "other_topics", sm->other);
		record_set(r, "seminar", "attendees", sm->attendees);
		record_set(r, "seminar", "schools", sm->schools);
		record_set(r, "seminar", "created_by", sm->created_by);
		record_set(r, "seminar", "minutes", sm->minutes);
		record_set(r, "seminar", "decisions", sm->decisions);
		for (size_t k = 0; k < N(sm->actions) && sm->actions[k].what; k++) {
			const struct demo_action *ac = &sm->actions[k];
			snprintf(sec, sizeof(sec), "action.%zu", k + 1);
			record_set(r, sec, "what", ac->what);
			record_set(r, sec, "owner", ac->owner);
			day_str(date, day + ac->due);
			record_set(r, sec, "due", date);
			/* Nothing is done in the future: early in a term the done items are still open. */
			if (ac->done && day + ac->done <= d->today) {
				record_set(r, sec, "state", "done");
				day_str(date, day + ac->done);
				record_set(r, sec, "done", date);
				record_set(r, sec, "evidence", ac->evidence);
			} else {
				record_set(r, sec, "state", "open");
			}
		}
		if ((rc = stage(d, "seminar", r, err)) == 0)
			d->seminars++;
		buf_release(&b);
		record_free(r);
	}
	return rc;
}

struct demo_exchange {
	const char *person, *direction, *from, *to, *spec;
	int start, end;  /* days after the first day of the term; end < 0: days before the last day of the next term */
	const char *courses;
	int hours;
	const char *outcome;
};

/*
 * Two lead-college teachers teach at member schools for a year (they are in
 * those schools' filings for the next term), one gives two weeks of
 * guidance, and two member-school teachers come to the lead college;
 * 融媒体技术与运营 sends nobody, so its quota shows what is missing.
 */
static const struct demo_exchange exchanges[] = {
	{ "yanshuyao", "guide", "gz01", "s01", "530701", 31, -10, "视觉营销设计", 72,
	  "承担视觉营销设计课程，带领学校教研组完成店铺视觉设计实训项目改造。" },
	{ "luoziqian", "guide", "gz01", "s03", "510102", 31, -10, "无线传输技术", 64, NULL },
	{ "qizhenyu", "guide", "gz01", "s02", "510102", 60, 73, "传感器应用技术,物联网设备装调与维护", 16,
	  "示范课两次，指导传感器应用技术实训项目设计，参加学校教研活动。" },
	{ "zhongkexin", "shadow", "s01", "gz01", "560213", 45, 58, "短视频制作与运营", 24, "跟随邬静澜老师听课八次，完成两个短视频项目的教学设计。" },
	{ "fujiayi", "training", "s02", "gz01", "510102", 80, 82, "传感器应用技术", 18, NULL },
};

static int make_exchanges(struct demo *d, struct jy_err *err)
{
	long first = term_edge(d->term, 1), next_last = term_edge(d->next, 0);
	int rc = 0;
	for (size_t i = 0; i < N(exchanges) && rc == 0; i++) {
		const struct demo_exchange *x = &exchanges[i];
		struct record *r = record_new();
		char id[ID_LEN + 1], start[11], end[11], year[10], num[24];
		id_new(id);
		day_str(start, first + x->start);
		day_str(end, x->end < 0 ? next_last + x->end : first + x->end);
		exchange_year_of(year, start);
		record_set(r, "exchange", "id", id);
		record_set(r, "exchange", "year", year);
		record_set(r, "exchange", "person", x->person);
		record_set(r, "exchange", "direction", x->direction);
		record_set(r, "exchange", "from", x->from);
		record_set(r, "exchange", "to", x->to);
		record_set(r, "exchange", "specialty", x->spec);
		record_set(r, "exchange", "start", start);
		record_set(r, "exchange", "end", end);
		record_set(r, "exchange", "courses", x->courses);
		snprintf(num, sizeof(num), "%d", x->hours);
		record_set(r, "exchange", "hours", num);
		if (x->outcome)
			record_set(r, "exchange", "outcome", x->outcome);
		record_set(r, "exchange", "created_by", "cenlixing");
		if ((rc = stage(d, "exchange", r, err)) == 0)
			d->exchanges++;
		record_free(r);
	}
	return rc;
}

/* --- one joint exam, set up and blueprinted but not assembled --- */

/*
 * The 电子商务 lead sets up this term's joint exam of 网店运营 with two
 * examiners as its committee. It is not assembled: sealing needs the
 * committee's own keys (jiaoyan key gen), which the demo cannot hold for
 * them. Its blueprint takes every approved item of the course, so paper A
 * can be assembled on the demo bank as it is, and A and B together show
 * what assembly says when the bank is too small.
 */
static int make_exam(struct demo *d, struct jy_err *err)
{
	static const struct {
		const char *type, *count, *points;
	} rows[] = {
		{ "single", "4", "4" }, { "multiple", "3", "6" }, { "truefalse", "3", "2" },
		{ "fill", "2", "5" },   { "short", "1", "20" },   { "practical", "1", "30" },
	};
	struct record *r = record_new();
	char id[ID_LEN + 1], date[11], release[17];
	id_new(id);
	day_str(date, d->today + 21);
	datetime_str(release, d->today + 20, 18, 0);
	release[10] = 'T';
	record_set(r, "exam", "id", id);
	record_set(r, "exam", "term", d->term);
	record_set(r, "exam", "specialty", "530701");
	record_set(r, "exam", "course", "530701-c01");
	record_set(r, "exam", "name", "网店运营期末联考");
	record_set(r, "exam", "schools", "s01,s02");
	record_set(r, "exam", "date", date);
	record_set(r, "exam", "start", "09:00");
	record_set(r, "exam", "minutes", "90");
	record_set(r, "exam", "scope", "项目一至项目五：网店运营规划、商品选品与定价、流量获取与转化、用户运营、数据分析与决策");
	record_set(r, "exam", "chapters", "1,2,3,4,5");
	record_set(r, "exam", "standard", "依据《网店运营》课程标准，考查网店运营各环节的基本知识和实际操作能力。");
	record_set(r, "exam", "grading", "客观题按答案给分；简答题、实操题按评分标准分点给分，各校交叉阅卷。");
	record_set(r, "exam", "committee", "suyuan,yanshuyao");
	record_set(r, "exam", "release", release);
	record_set(r, "exam", "papers", "A");
	record_set(r, "exam", "total", "100");
	record_set(r, "exam", "difficulty", "2.5-3.5");
	record_set(r, "exam", "coverage", "100");
	record_set(r, "exam", "levels", "remember:15,understand:40,apply:40,analyse:5");
	for (size_t i = 0; i < N(rows); i++) {
		char sec[24];
		snprintf(sec, sizeof(sec), "blueprint.%zu", i + 1);
		record_set(r, sec, "type", rows[i].type);
		record_set(r, sec, "count", rows[i].count);
		record_set(r, sec, "points", rows[i].points);
	}
	int rc = stage(d, "exam", r, err);
	d->exams += rc == 0;
	record_free(r);
	return rc;
}

/* --- a joint exam of this term already sat: released, scored by three schools --- */

/*
 * Two weeks ago the 物联网 committee (two examiners) held a mid-term joint
 * exam of 传感器应用技术 at the three member schools; the paper is released
 * and every school reported its scores, so the results screens, the
 * ledger's 联考 section and the bank's P and D have something to show.
 *
 * The paper is sealed and released here at once (paper_seal_released) with
 * key pairs made for the purpose and thrown away: a released paper opens
 * with its published file key and is checked with the signer's key
 * recorded at release, so no secret key of anyone's is needed later, and
 * the committee members' own records keep no public key (they make their
 * own with jiaoyan key gen, as the demo exam's committee does).
 *
 * The scores are drawn from a two-parameter logistic model with the demo's
 * fixed seed: item 3 is answered by nearly everyone (过易), item 8 tells
 * nobody apart (修改或淘汰), and on item 11 the second school scores far
 * above the others (a mark in the comparison).
 */
static const struct {
	size_t q;           /* 1-based entry of questions[] */
	const char *points; /* in this paper */
	double b, a;        /* difficulty and discrimination of the model */
} past_items[] = {
	{ 19, "5", -0.8, 1.6 }, { 20, "5", -0.3, 1.4 }, { 21, "5", -3.2, 1.0 }, { 22, "5", 0.4, 1.8 },
	{ 23, "6", 0.2, 1.2 },  { 24, "6", -0.2, 1.0 }, { 25, "6", 0.9, 1.5 },  { 26, "4", -0.5, 0.02 },
	{ 27, "4", -0.8, 0.9 }, { 29, "8", -0.6, 1.3 }, { 30, "8", 0.6, 1.2 },  { 31, "8", 1.0, 1.6 },
	{ 32, "30", 0.1, 1.3 },
};

static const struct {
	const char *school;
	size_t students;
	double mean; /* of the ability */
} past_schools[] = { { "s01", 46, 0.35 }, { "s02", 41, -0.05 }, { "s03", 38, -0.45 } };

/* A standard normal draw (Box–Muller) from the demo's generator. */
static double rng_normal(struct rng *r)
{
	double u = ((double)(rng_next(r) >> 11) + 0.5) / 9007199254740992.0;
	double v = (double)(rng_next(r) >> 11) / 9007199254740992.0;
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

/* One school's score table as it would export it: 学号,1,2,…,N. */
static void past_csv(struct buf *out, struct rng *r, size_t school)
{
	buf_puts(out, "学号");
	for (size_t j = 0; j < N(past_items); j++)
		buf_printf(out, ",%zu", j + 1);
	buf_putc(out, '\n');
	for (size_t i = 0; i < past_schools[school].students; i++) {
		double theta = past_schools[school].mean + rng_normal(r);
		buf_printf(out, "2026%s%03zu", past_schools[school].school, i + 1);
		for (size_t j = 0; j < N(past_items); j++) {
			double pts = atof(past_items[j].points), b = past_items[j].b;
			if (j == 10 && school == 1)
				b -= 2.2; /* drilled at the second school */
			double p = 1.0 / (1.0 + exp(-past_items[j].a * (theta - b))), score;
			if (pts >= 20) {
				double x = p + 0.15 * (rng_unit(r) * 2 - 1);
				x = x < 0 ? 0 : x > 1 ? 1 : x;
				score = floor(x * pts * 2 + 0.5) / 2;
			} else if (pts == 6) {
				double u = rng_unit(r);
				score = u < p ? pts : u < p + 0.3 * (1 - p) ? pts / 2 : 0; /* a multiple choice with one option missed earns half */
			} else {
				score = rng_unit(r) < p ? pts : 0;
			}
			buf_printf(out, ",%g", score);
		}
		buf_putc(out, '\n');
	}
}

static int make_past_exam(struct demo *d, struct jy_err *err)
{
	static const struct {
		const char *type, *count, *points;
	} rows[] = {
		{ "single", "4", "5" }, { "multiple", "3", "6" }, { "truefalse", "2", "4" }, { "fill", "3", "8" }, { "short", "1", "30" },
	};
	static const char *const members[] = { "luoziqian", "chaiwenbo" };
	struct record *r = record_new(), *paper = NULL;
	struct paper_body *body = NULL;
	struct seal_keys *keys[2] = { NULL, NULL };
	struct buf path = BUF_INIT, csv = BUF_INIT;
	struct rng rng = { 0x7061737465786dULL }; /* its own stream: the rest of the demo stays as it was */
	char id[ID_LEN + 1], date[11], release[17], sealed[17], released[17];
	int rc = 0;
	id_new(id);
	day_str(date, d->today - 14);
	datetime_str(release, d->today - 15, 18, 0);
	release[10] = 'T';
	datetime_str(sealed, d->today - 20, 16, 40);
	datetime_str(released, d->today - 15, 18, 5);
	record_set(r, "exam", "id", id);
	record_set(r, "exam", "term", d->term);
	record_set(r, "exam", "specialty", "510102");
	record_set(r, "exam", "course", "510102-c01");
	record_set(r, "exam", "name", "传感器应用技术期中联考");
	record_set(r, "exam", "schools", "s01,s02,s03");
	record_set(r, "exam", "date", date);
	record_set(r, "exam", "start", "14:30");
	record_set(r, "exam", "minutes", "90");
	record_set(r, "exam", "scope", "项目一至项目六：传感器认知、温湿度检测、温度测量、压力检测、人体感应、转速测量");
	record_set(r, "exam", "standard", "依据《传感器应用技术》课程标准，考查常用传感器的原理、选型、信号换算与安装调试。");
	record_set(r, "exam", "grading", "客观题按答案给分；简答题按要点给分，各校交叉阅卷。");
	record_set(r, "exam", "committee", "luoziqian,chaiwenbo");
	record_set(r, "exam", "release", release);
	record_set(r, "exam", "papers", "A");
	record_set(r, "exam", "total", "100");
	record_set(r, "exam", "coverage", "100");
	for (size_t i = 0; i < N(rows); i++) {
		char sec[24];
		snprintf(sec, sizeof(sec), "blueprint.%zu", i + 1);
		record_set(r, sec, "type", rows[i].type);
		record_set(r, sec, "count", rows[i].count);
		record_set(r, sec, "points", rows[i].points);
	}
	if ((rc = stage(d, "exam", r, err)))
		goto cleanup;
	d->exams++;

	/* The paper: the items in blueprint order, options shuffled as assembly would, then sealed and released. */
	body = paper_body_new(id, "A");
	body->seed = 2026;
	free(body->assembled);
	body->assembled = xstrdup(sealed);
	unsigned long long shuffle = body->seed;
	for (size_t j = 0, row = 0, left = 0; j < N(past_items) && rc == 0; j++) {
		struct record *q = NULL;
		if (!left)
			left = (size_t)atoi(rows[row++].count);
		left--;
		buf_reset(&path);
		const char *where[] = { "510102", "510102-c01", d->qids.items[past_items[j].q - 1], NULL };
		if ((rc = schema_path_of(&path, schema_type("question"), where, err)) == 0 &&
		    (rc = store_txn_read(&q, d->txn, path.ptr, err)) == 0)
			vec_push(&body->items, paper_item_new(q, (unsigned)row, atof(past_items[j].points), &shuffle));
		record_free(q);
	}
	for (size_t i = 0; i < 2 && rc == 0; i++)
		rc = seal_keys_generate(&keys[i], err);
	if (rc || (rc = paper_seal_released(&paper, r, "A", body, members, (const struct seal_keys *const *)keys, 2, sealed, released,
					    err)) ||
	    (rc = stage(d, "paper", paper, err)))
		goto cleanup;

	/* Each school's scores, read and checked as an import reads them. */
	double points[N(past_items)];
	for (size_t j = 0; j < N(past_items); j++)
		points[j] = atof(past_items[j].points);
	const struct scores_paper sp = { "A", points, N(past_items) };
	for (size_t i = 0; i < N(past_schools) && rc == 0; i++) {
		struct record *sc = NULL;
		buf_reset(&csv);
		past_csv(&csv, &rng, i);
		if ((rc = scores_parse_csv(&sc, NULL, NULL, NULL, NULL, id, past_schools[i].school, &sp, 1, csv.ptr, csv.len, 0, err)) == 0)
			rc = stage(d, "scores", sc, err);
		record_free(sc);
	}
cleanup:
	seal_keys_free(keys[0]);
	seal_keys_free(keys[1]);
	paper_body_free(body);
	record_free(paper);
	record_free(r);
	buf_release(&path);
	buf_release(&csv);
	return rc;
}

/* --- the whole demo --- */

int demo_populate(struct store *s, time_t now, struct jy_err *err)
{
	struct demo d;
	struct buf msg = BUF_INIT, path = BUF_INIT;
	struct store_sig sig = { "jiaoyan demo", "demo@jiaoyan" };
	char head[41];
	struct tm tm;
	int rc;

	memset(&d, 0, sizeof(d));
	vec_init(&d.qids, free);
	d.rng.s = 0x6a69616f79616eULL; /* "jiaoyan" */
	store_head(s, head);
	if (head[0]) {
		rc = err_set(err, JY_EEXISTS,
			     L("演示数据只能写入新建的空仓库：%s 已有提交", "the demo group goes into a new, empty repository: %s has commits"),
			     store_path(s));
		goto cleanup;
	}
	localtime_r(&now, &tm);
	d.today = day_of(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	id_term_of(d.term, now);
	if ((rc = id_term_next(d.next, d.term)) < 0) {
		err_set(err, rc, L("无法推算 %s 的下一学期", "cannot tell the term after %s"), d.term);
		goto cleanup;
	}
	if ((rc = store_txn_begin(&d.txn, s, err)) < 0)
		goto cleanup;
	if ((rc = stage_embedded(&d, err)) < 0)
		goto cleanup;
	buf_printf(&path, "rubrics/%s.ini", d.rubric_id);
	if ((rc = store_txn_read(&d.rubric, d.txn, path.ptr, err)) < 0) {
		err_prefix(err, "%s", L("演示数据的评价量表", "the demo group's rubric"));
		goto cleanup;
	}
	if ((rc = make_observations(&d, err)) < 0 || (rc = make_plans(&d, err)) < 0 ||
	    (rc = make_questions(&d, err)) < 0 || (rc = make_exam(&d, err)) < 0 || (rc = make_seminars(&d, err)) < 0 ||
	    (rc = make_exchanges(&d, err)) < 0 || (rc = make_past_exam(&d, err)) < 0)
		goto cleanup;
	buf_printf(&msg,
		   L("演示数据：%zu 所学校、%zu 名人员，%s 学期听课记录 %zu 条，%s 学期授课计划 %zu 份，试题 %zu 道，联考 %zu 场，研讨会议 %zu 次，师资互派 %zu 人次",
		     "demo group: %zu schools, %zu people, %s: %zu observations, %s: %zu plan filings, %zu questions, %zu joint exams, %zu seminars, %zu exchanges"),
		   d.schools, d.people, d.term, d.observations, d.next, d.plans, d.questions, d.exams, d.seminars, d.exchanges);
	rc = store_txn_commit(d.txn, &sig, msg.ptr, NULL, err);
cleanup:
	store_txn_free(d.txn);
	vec_free(&d.qids);
	record_free(d.rubric);
	free(d.rubric_id);
	buf_release(&msg);
	buf_release(&path);
	return rc;
}
