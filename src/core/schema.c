/* schema: every record type and field in one table — validation, canonical order, ids and paths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/id.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/text.h"

#define REQ FIELD_REQUIRED
#define ML FIELD_MULTILINE
#define RO FIELD_READONLY

/* Shorthands keep the table one field a line. */
#define TEXT(s, k, fl, zh, en) { s, k, FT_TEXT, fl, 0, 0, NULL, NULL, NULL, NULL, zh, en }
#define TEXTN(s, k, fl, maxb, zh, en) { s, k, FT_TEXT, fl, 0, maxb, NULL, NULL, NULL, NULL, zh, en }
#define INT(s, k, fl, lo, hi, zh, en) { s, k, FT_INT, fl, lo, hi, NULL, NULL, NULL, NULL, zh, en }
#define NUM(s, k, fl, lo, hi, zh, en) { s, k, FT_NUMBER, fl, lo, hi, NULL, NULL, NULL, NULL, zh, en }
#define ENUM(s, k, fl, v, vz, ve, zh, en) { s, k, FT_ENUM, fl, 0, 0, v, vz, ve, NULL, zh, en }
#define SET(s, k, fl, v, vz, ve, zh, en) { s, k, FT_SET, fl, 0, 0, v, vz, ve, NULL, zh, en }
#define BOOL(s, k, fl, zh, en) { s, k, FT_BOOL, fl, 0, 0, "yes|no", "是|否", "yes|no", NULL, zh, en }
#define TYPED(s, k, t, fl, zh, en) { s, k, t, fl, 0, 0, NULL, NULL, NULL, NULL, zh, en }
#define REF(s, k, fl, to, zh, en) { s, k, FT_REF, fl, 0, 0, NULL, NULL, NULL, to, zh, en }
#define REFS(s, k, fl, to, zh, en) { s, k, FT_REFLIST, fl, 0, 0, NULL, NULL, NULL, to, zh, en }
#define N(a) (sizeof(a) / sizeof((a)[0]))

#define CATEGORY_VALUES "public|foundation|core|extension|practice"
#define CATEGORY_ZH "公共基础课|专业基础课|专业核心课|专业拓展课|实践课"
#define CATEGORY_EN "public foundation|specialty foundation|specialty core|specialty extension|practice"
#define QTYPE_VALUES "single|multiple|truefalse|fill|short|practical"
#define QTYPE_ZH "单选题|多选题|判断题|填空题|简答题|实操题"
#define QTYPE_EN "single choice|multiple choice|true/false|fill in|short answer|practical"

static const struct field_def group_fields[] = {
	TEXT("group", "name", REQ, "集团名称", "group name"),
	REF("group", "lead", REQ, "school", "牵头学校", "lead school"),
	TYPED("group", "term", FT_TERM, REQ, "当前学期", "current term"),
	REF("group", "rules", 0, "rules", "默认规则集", "default rule set"),
	REF("group", "rubric", REQ, "rubric", "听课评价量表", "observation rubric"),
	TYPED("group", "plan_open_autumn", FT_MONTHDAY, 0, "秋季学期备案开始", "autumn filing opens"),
	TYPED("group", "plan_due_autumn", FT_MONTHDAY, 0, "秋季学期备案截止", "autumn filing due"),
	TYPED("group", "plan_open_spring", FT_MONTHDAY, 0, "春季学期备案开始", "spring filing opens"),
	TYPED("group", "plan_due_spring", FT_MONTHDAY, 0, "春季学期备案截止", "spring filing due"),
	INT("group", "quota_due_week", 0, 1, 30, "听课任务截止周", "observation quota due week"),
	INT("quota", "*", 0, 0, 100, "每学期听课次数", "observations per term"),
	ENUM("privacy", "observations", 0, "own|school|group", "本人|本校|全集团", "own|school|group", "听课记录可见范围",
	     "who sees observations"),
	INT("limits", "import_rows", 0, 1, 1000000, "一次导入的行数上限", "rows per import"),
	INT("limits", "value_bytes", 0, 1024, 16777216, "一个字段的字节数上限", "bytes per value"),
	INT("limits", "record_bytes", 0, 4096, 67108864, "一条记录的字节数上限", "bytes per record"),
	NUM("bank", "similarity", 0, 0, 1, "题库相似度阈值（0.1–1）", "question similarity threshold (0.1-1)"),
	INT("exam", "recent", 0, 0, 20, "组卷回避最近几场考试用过的题", "sittings whose items assembly avoids"),
	INT("exam", "overlap_previous", 0, 0, 100, "与前两场考试的重复率上限（%）", "overlap with each of the two previous sittings (%)"),
	INT("exam", "overlap_papers", 0, 0, 100, "A、B 卷重复率须低于（%）", "A/B overlap below (%)"),
	INT("exchange", "min", 0, 0, 50, "每个专业每学年派出教师数下限（默认 1）", "lead-college teachers sent per specialty a year: minimum (default 1)"),
	INT("exchange", "max", 0, 0, 50, "每个专业每学年派出教师数上限（默认 2）", "lead-college teachers sent per specialty a year: maximum (default 2)"),
	INT("exchange", "min.*", 0, 0, 50, "该专业每学年派出教师数下限", "teachers sent a year for this specialty: minimum"),
	INT("exchange", "max.*", 0, 0, 50, "该专业每学年派出教师数上限", "teachers sent a year for this specialty: maximum"),
	INT("results", "pass", 0, 1, 100, "及格线（占满分的百分比，默认 60）", "pass mark (% of full marks, default 60)"),
	INT("results", "excellent", 0, 1, 100, "优秀线（占满分的百分比，默认 85）", "excellence mark (% of full marks, default 85)"),
	INT("results", "group", 0, 1, 50, "高低分组各占的百分比（默认 27）", "upper/lower group share in % (default 27)"),
};

static const struct field_def school_fields[] = {
	TYPED("school", "id", FT_CODE, REQ | RO, "学校代码", "school id"),
	TEXT("school", "name", REQ, "学校名称", "school name"),
	ENUM("school", "kind", REQ, "lead|secondary|technical", "牵头高职|中职学校|技工院校",
	     "lead college|secondary school|technical school", "学校类型", "kind"),
	TEXT("school", "region", 0, "所在区域", "region"),
};

static const struct field_def person_fields[] = {
	TYPED("person", "id", FT_CODE, REQ | RO, "工号", "person id"),
	TEXT("person", "name", REQ, "姓名", "name"),
	REF("person", "school", REQ, "school", "所属学校", "school"),
	{ "person", "logins", FT_LIST, 0, 0, 0, NULL, NULL, NULL, NULL, "系统账号", "logins" },
	SET("person", "roles", 0, "teacher|observer|lead|examiner|admin", "教师|听课员|专业负责人|命题教师|管理员",
	    "teacher|observer|specialty lead|examiner|admin", "角色", "roles"),
	ENUM("person", "title", 0, "none|junior|intermediate|associate|senior", "无职称|初级|中级|副高级|正高级",
	     "none|junior|intermediate|associate senior|senior", "职称", "title"),
	BOOL("person", "dual_qualified", 0, "双师型", "dual-qualified"),
	BOOL("person", "certified", 0, "教师资格", "teacher certificate"),
	REFS("person", "specialties", 0, "specialty", "所属专业", "specialties"),
	BOOL("person", "parttime", 0, "企业兼职教师", "part-time industry teacher"),
	BOOL("person", "newcomer", 0, "新进教师", "new teacher"),
	TEXT("person", "email", 0, "邮箱", "email"),
	ENUM("person", "state", 0, "active|left", "在职|已离开", "active|left", "状态", "state"),
	TYPED("person", "left", FT_DATE, 0, "离开日期", "left on"),
	TEXTN("person", "pubkey", 0, 200, "公钥（密封试卷）", "public key (sealed papers)"),
};

static const struct field_def specialty_fields[] = {
	TYPED("specialty", "code", FT_CODE, REQ | RO, "专业代码", "specialty code"),
	TEXT("specialty", "name", REQ, "专业名称", "specialty name"),
	REF("specialty", "rules", 0, "rules", "规则集", "rule set"),
	REFS("specialty", "leads", 0, "person", "专业负责人", "specialty leads"),
};

static const struct field_def rules_fields[] = {
	TYPED("rules", "id", FT_CODE, REQ | RO, "规则集代码", "rule set id"),
	TEXT("rules", "name", REQ, "规则集名称", "rule set name"),
	TYPED("rules", "specialty", FT_CODE, 0, "专业代码", "specialty code"),
	TEXT("rules", "source", 0, "依据文件", "source document"),
	REF("rules", "extends", 0, "rules", "继承规则集", "extends"),
	{ "rules", "core_courses", FT_LIST, 0, 0, 0, NULL, NULL, NULL, NULL, "专业核心课程", "core courses" },
	TYPED("rule.*", "metric", FT_CODE, REQ, "检查项", "metric"),
	NUM("rule.*", "min", 0, 0, 0, "下限", "minimum"),
	NUM("rule.*", "max", 0, 0, 0, "上限", "maximum"),
	ENUM("rule.*", "severity", REQ, "error|warning|info", "错误|警告|提示", "error|warning|info", "严重程度",
	     "severity"),
	TEXT("rule.*", "clause", REQ, "条款", "clause"),
};

static const struct field_def rubric_fields[] = {
	TYPED("rubric", "id", FT_CODE, REQ | RO, "量表代码", "rubric id"),
	TEXT("rubric", "name", REQ, "量表名称", "rubric name"),
	INT("rubric", "version", REQ, 1, 1000, "版本", "version"),
	TYPED("indicator.*", "id", FT_CODE, REQ, "指标代码", "indicator id"),
	TEXT("indicator.*", "name", REQ, "指标名称", "indicator name"),
	NUM("indicator.*", "weight", REQ, 0, 100, "权重", "weight"),
	INT("indicator.*", "max", REQ, 1, 100, "满分", "maximum"),
	TEXT("indicator.*", "description", ML, "评价要点", "description"),
	TEXT("band.*", "name", REQ, "等级", "grade"),
	NUM("band.*", "min", REQ, 0, 100, "最低分", "minimum total"),
};

static const struct field_def plan_fields[] = {
	TYPED("plan", "term", FT_TERM, REQ | RO, "学期", "term"),
	REF("plan", "school", REQ | RO, "school", "学校", "school"),
	REF("plan", "specialty", REQ | RO, "specialty", "专业", "specialty"),
	ENUM("plan", "state", REQ | RO, "draft|submitted|approved|returned", "草稿|待审核|已通过|需整改",
	     "draft|submitted|approved|returned", "状态", "state"),
	INT("plan", "revision", REQ | RO, 0, 1000, "修订版本", "revision"),
	TYPED("plan", "submitted_at", FT_DATETIME, RO, "提交时间", "submitted at"),
	REF("plan", "submitted_by", RO, "person", "提交人", "submitted by"),
	BOOL("plan", "despite_errors", RO, "带错误提交", "submitted despite errors"),
	TEXT("course.*", "name", REQ, "课程名称", "course name"),
	ENUM("course.*", "category", REQ, CATEGORY_VALUES, CATEGORY_ZH, CATEGORY_EN, "课程类别", "category"),
	INT("course.*", "hours", REQ, 1, 2000, "总学时", "hours"),
	INT("course.*", "theory", 0, 0, 2000, "理论学时", "theory hours"),
	INT("course.*", "practice", 0, 0, 2000, "实践学时", "practice hours"),
	NUM("course.*", "credits", 0, 0, 100, "学分", "credits"),
	INT("course.*", "weeks", 0, 1, 30, "周数", "weeks"),
	REF("course.*", "teacher", 0, "person", "任课教师", "teacher"),
	BOOL("course.*", "elective", 0, "是否选修", "elective"),
	TEXT("course.*", "note", 0, "备注", "note"),
	TEXT("course.*", "answer.*", ML, "对审核意见的答复", "answer to the review"),
	REF("review.*", "reviewer", REQ, "person", "审核人", "reviewer"),
	TYPED("review.*", "at", FT_DATETIME, REQ, "审核时间", "reviewed at"),
	INT("review.*", "revision", REQ, 0, 1000, "审核的版本", "revision reviewed"),
	ENUM("review.*", "verdict", REQ, "approve|return|stale", "通过|退回整改|需重新审核",
	     "approve|return|needs re-review", "审核结论", "verdict"),
	TEXT("review.*", "comment", ML, "审核意见", "comment"),
	TEXT("review.*", "row.*", ML, "课程行意见", "row comment"),
};

static const struct field_def observation_fields[] = {
	TYPED("observation", "id", FT_CODE, REQ | RO, "编号", "id"),
	TYPED("observation", "term", FT_TERM, REQ, "学期", "term"),
	TYPED("observation", "date", FT_DATE, REQ, "日期", "date"),
	TEXTN("observation", "period", 0, 30, "节次", "period"),
	ENUM("observation", "kind", REQ, "supervise|peer|leader|prepare|inspect|open|demo",
	     "督导听课|同行听课|领导听课|集体备课|衔接检查|公开课|示范课",
	     "supervision|peer observation|leader observation|lesson preparation|articulation inspection|open lesson|demonstration lesson",
	     "类型", "kind"),
	ENUM("observation", "announced", 0, "yes|no", "预约听课|推门听课", "announced|unannounced", "听课方式",
	     "announced"),
	REF("observation", "school", REQ, "school", "学校", "school"),
	REF("observation", "observer", REQ, "person", "听课人", "observer"),
	REF("observation", "teacher", REQ, "person", "授课教师", "teacher"),
	TEXTN("observation", "course", REQ, 200, "课程", "course"),
	TEXTN("observation", "class", 0, 200, "班级", "class"),
	TEXTN("observation", "room", 0, 100, "教室", "room"),
	INT("observation", "students", 0, 0, 1000, "实到人数", "students present"),
	INT("observation", "late", 0, 0, 1000, "迟到人数", "students late"),
	REF("observation", "rubric", REQ, "rubric", "评价量表", "rubric"),
	INT("observation", "rubric_version", REQ, 1, 1000, "量表版本", "rubric version"),
	NUM("observation", "total", RO, 0, 100, "总分", "total"),
	TEXTN("observation", "grade", RO, 20, "等级", "grade"),
	NUM("score", "*", 0, 0, 100, "评分", "score"),
	TEXT("text", "strengths", ML, "主要优点", "strengths"),
	TEXT("text", "problems", ML, "存在问题", "problems"),
	TEXT("text", "suggestions", ML, "改进建议", "suggestions"),
	TEXT("response", "text", ML, "授课教师回复", "teacher's reply"),
	TYPED("response", "at", FT_DATETIME, 0, "回复时间", "replied at"),
};

static const struct field_def course_fields[] = {
	TYPED("course", "code", FT_CODE, REQ | RO, "课程代码", "course code"),
	REF("course", "specialty", REQ, "specialty", "专业", "specialty"),
	TEXT("course", "name", REQ, "课程名称", "course name"),
	ENUM("course", "category", REQ, CATEGORY_VALUES, CATEGORY_ZH, CATEGORY_EN, "课程类别", "category"),
	INT("course", "hours", 0, 1, 2000, "学时", "hours"),
	TEXT("course", "core", 0, "对应标准核心课程", "standard core course"),
};

#define LEVEL_VALUES "remember|understand|apply|analyse"
#define LEVEL_ZH "识记|理解|应用|分析"
#define LEVEL_EN "remember|understand|apply|analyse"
#define OPTION(k) TEXT("options", k, ML, "选项" k, "option " k)
#define WEIGHT(k) TEXTN("weights", k, 0, 12, "选项" k "分值比例（%）", "option " k " weight (%)")
#define FEEDBACK(k) TEXT("feedback", k, ML, "选项" k "反馈", "option " k " feedback")

/* The question bank (domain/bank.c, domain/question.c hold the rules across these fields). */
static const struct field_def question_fields[] = {
	TYPED("question", "id", FT_CODE, REQ | RO, "编号", "id"),
	REF("question", "specialty", REQ, "specialty", "专业", "specialty"),
	TYPED("question", "course", FT_CODE, REQ, "课程代码", "course code"),
	INT("question", "version", REQ | RO, 1, 100000, "版本", "version"),
	REF("question", "previous", RO, "question", "上一版本", "previous version"),
	ENUM("question", "type", REQ, QTYPE_VALUES, QTYPE_ZH, QTYPE_EN, "题型", "type"),
	INT("question", "difficulty", REQ, 1, 5, "难度", "difficulty"),
	ENUM("question", "level", 0, LEVEL_VALUES, LEVEL_ZH, LEVEL_EN, "认知层次", "cognitive level"),
	TEXTN("question", "chapter", 0, 300, "章节", "chapter"),
	TEXTN("question", "point", 0, 300, "知识点", "knowledge point"),
	ENUM("question", "format", 0, "plain|html|markdown", "纯文本|HTML|Markdown", "plain|html|markdown", "文本格式",
	     "text format"),
	TEXT("question", "stem", REQ | ML, "题干", "stem"),
	TEXT("question", "answer", ML, "答案", "answer"),
	BOOL("question", "numeric", 0, "数值答案", "numeric answer"),
	NUM("question", "points", REQ, 0, 100, "分值", "points"),
	TEXT("question", "explanation", ML, "解析", "explanation"),
	TEXT("question", "rubric", ML, "评分标准", "grading rubric"),
	REFS("question", "similar", 0, "question", "相似题（已确认不重复）", "similar items (confirmed different)"),
	REF("question", "author", 0, "person", "命题人", "author"),
	REF("question", "school", 0, "school", "学校", "school"),
	ENUM("question", "state", REQ | RO, "draft|returned|approved|retired|superseded", "草稿|已退回|已审核|已停用|已被替代",
	     "draft|returned|approved|retired|superseded", "状态", "state"),
	REF("question", "superseded_by", RO, "question", "替代它的版本", "superseded by"),
	OPTION("A"), OPTION("B"), OPTION("C"), OPTION("D"), OPTION("E"), OPTION("F"), OPTION("G"), OPTION("H"),
	WEIGHT("A"), WEIGHT("B"), WEIGHT("C"), WEIGHT("D"), WEIGHT("E"), WEIGHT("F"), WEIGHT("G"), WEIGHT("H"),
	FEEDBACK("A"), FEEDBACK("B"), FEEDBACK("C"), FEEDBACK("D"), FEEDBACK("E"), FEEDBACK("F"), FEEDBACK("G"),
	FEEDBACK("H"),
	TEXT("feedback", "right", ML, "答对时的反馈", "feedback when right"),
	TEXT("feedback", "wrong", ML, "答错时的反馈", "feedback when wrong"),
	REF("review.*", "reviewer", REQ, "person", "审核人", "reviewer"),
	TYPED("review.*", "at", FT_DATETIME, REQ, "审核时间", "reviewed at"),
	INT("review.*", "version", REQ, 1, 100000, "审核的版本", "version reviewed"),
	ENUM("review.*", "verdict", REQ, "approve|return|retire", "通过|退回修改|停用", "approve|return|retire",
	     "审核结论", "verdict"),
	TEXT("review.*", "comment", ML, "审核意见", "comment"),
};

/* A joint exam (domain/exam.c holds the rules across these fields, domain/assemble.c the search). */
static const struct field_def exam_fields[] = {
	TYPED("exam", "id", FT_CODE, REQ | RO, "编号", "id"),
	TYPED("exam", "term", FT_TERM, REQ, "学期", "term"),
	REF("exam", "specialty", REQ, "specialty", "专业", "specialty"),
	TYPED("exam", "course", FT_CODE, REQ, "课程代码", "course code"),
	TEXT("exam", "name", REQ, "考试名称", "exam name"),
	REFS("exam", "schools", 0, "school", "参考学校", "schools"),
	TYPED("exam", "date", FT_DATE, 0, "考试日期", "date"),
	TEXTN("exam", "start", 0, 10, "开考时间", "start time"),
	INT("exam", "minutes", 0, 1, 600, "考试时长（分钟）", "minutes"),
	TEXT("exam", "scope", ML, "考试范围", "scope"),
	{ "exam", "chapters", FT_LIST, 0, 0, 0, NULL, NULL, NULL, NULL, "考试范围（章节）", "scope chapters" },
	TEXT("exam", "standard", ML, "考核标准", "standard"),
	TEXT("exam", "grading", ML, "评分办法", "grading"),
	REFS("exam", "committee", 0, "person", "命题组", "committee"),
	TEXTN("exam", "release", 0, 16, "启封时间", "release time"),
	TEXTN("exam", "papers", 0, 20, "试卷", "papers"),
	NUM("exam", "total", 0, 0, 1000, "总分", "total points"),
	TEXTN("exam", "difficulty", 0, 20, "平均难度目标", "mean difficulty target"),
	INT("exam", "coverage", 0, 1, 100, "章节覆盖率下限（%）", "chapter coverage (%)"),
	TEXTN("exam", "levels", 0, 200, "认知层次分值比例（%）", "cognitive level shares (%)"),
	INT("exam", "level_tolerance", 0, 0, 100, "认知层次比例容差（百分点）", "level share tolerance (points)"),
	ENUM("blueprint.*", "type", REQ, QTYPE_VALUES, QTYPE_ZH, QTYPE_EN, "题型", "type"),
	INT("blueprint.*", "count", REQ, 1, 500, "题数", "count"),
	NUM("blueprint.*", "points", REQ, 0, 100, "每题分值", "points each"),
	TEXTN("blueprint.*", "difficulty", 0, 20, "难度", "difficulty"),
	{ "blueprint.*", "chapters", FT_LIST, 0, 0, 0, NULL, NULL, NULL, NULL, "章节", "chapters" },
	ENUM("blueprint.*", "level", 0, LEVEL_VALUES, LEVEL_ZH, LEVEL_EN, "认知层次", "cognitive level"),
};

/*
 * A sealed paper (domain/paper.c): [paper] places it under its exam; [seal],
 * [recipient.N], [body] and [signature] are the seal of seal.h, judged whole
 * by seal_check_form; [release] is the file key a committee member published
 * at release time.
 */
static const struct field_def paper_fields[] = {
	TYPED("paper", "term", FT_TERM, REQ | RO, "学期", "term"),
	TYPED("paper", "exam", FT_CODE, REQ | RO, "考试", "exam"),
	ENUM("paper", "paper", REQ | RO, "a|b|c|d", "A|B|C|D", "A|B|C|D", "试卷", "paper"),
	TYPED("paper", "sealed_at", FT_DATETIME, REQ | RO, "密封时间", "sealed at"),
	TEXTN("seal", "magic", REQ | RO, 20, "密封标记", "seal magic"),
	TEXTN("seal", "version", REQ | RO, 4, "密封格式版本", "seal version"),
	TEXTN("seal", "paper", REQ | RO, 64, "试卷标识", "sealed paper id"),
	TEXTN("seal", "release", REQ | RO, 16, "启封时间", "release time"),
	TEXTN("seal", "signer", REQ | RO, 64, "密封人", "sealed by"),
	TEXTN("seal", "recipients", REQ | RO, 4, "收件人数", "recipients"),
	TEXTN("seal", "header", REQ | RO, 40, "密文头", "stream header"),
	TEXTN("recipient.*", "person", REQ | RO, 64, "收件人", "recipient"),
	TEXTN("recipient.*", "key", REQ | RO, 120, "文件密钥（密封）", "sealed file key"),
	TEXT("body", "part.*", RO, "密文", "ciphertext"),
	TEXTN("signature", "ed25519", REQ | RO, 100, "签名", "signature"),
	TEXTN("release", "key", RO, 44, "公布的文件密钥", "published file key"),
	REF("release", "by", RO, "person", "启封人", "released by"),
	TYPED("release", "at", FT_DATETIME, RO, "启封时间", "released at"),
	TEXTN("release", "signer_key", RO, 100, "密封人的公钥", "sealer's public key"),
};

static const struct field_def scores_fields[] = {
	REF("scores", "exam", REQ | RO, "exam", "考试", "exam"),
	REF("scores", "school", REQ | RO, "school", "学校", "school"),
	/* domain/scores.c holds the rules across these: a student's paper, item count and score range. */
	{ "scores", "points.*", FT_LIST, 0, 0, 0, NULL, NULL, NULL, NULL, "各题分值", "item points" },
	{ "student", "*", FT_LIST, 0, 0, 0, NULL, NULL, NULL, NULL, "试卷和各题得分", "paper and item scores" },
};

static const struct field_def conflict_fields[] = {
	TYPED("conflict", "id", FT_CODE, REQ | RO, "编号", "id"),
	TEXT("conflict", "path", REQ, "记录路径", "record path"),
	TEXT("conflict", "section", REQ, "节", "section"),
	TEXT("conflict", "key", REQ, "字段", "key"),
	TEXT("conflict", "base", ML, "原值", "base value"),
	TEXT("conflict", "ours", ML, "保留的值", "kept value"),
	TEXT("conflict", "theirs", ML, "被替换的值", "replaced value"),
	TEXT("conflict", "ours_author", 0, "保留方", "kept by"),
	TEXT("conflict", "theirs_author", 0, "被替换方", "replaced author"),
	TEXT("conflict", "ours_commit", 0, "保留方的提交", "kept side's commit"),
	TEXT("conflict", "theirs_commit", 0, "被替换方的提交", "replaced side's commit"),
	TEXT("conflict", "note", ML, "说明", "note"),
	TYPED("conflict", "at", FT_DATETIME, 0, "时间", "at"),
	REF("conflict", "resolved_by", 0, "person", "处理人", "resolved by"),
	TYPED("conflict", "resolved_at", FT_DATETIME, 0, "处理时间", "resolved at"),
	TEXT("conflict", "resolution", ML, "处理结果", "resolution"),
	ENUM("conflict", "state", REQ, "open|resolved", "待处理|已处理", "open|resolved", "状态", "state"),
};

#define TOPIC_VALUES "system|content|reform|looseleaf|digital|practice|evaluation"
#define TOPIC_ZH "课程体系|各阶段教学内容|课程教学改革|活页教材|数字化教学资源|实践教学计划|教学质量评价衔接"
#define TOPIC_EN "curriculum system|content of each stage|course teaching reform|loose-leaf textbooks|digital teaching resources|practical teaching plans|articulated quality evaluation"

/* Teaching seminars (domain/seminar.c holds the rules across these fields). */
static const struct field_def seminar_fields[] = {
	TYPED("seminar", "id", FT_CODE, REQ | RO, "编号", "id"),
	TYPED("seminar", "term", FT_TERM, REQ, "学期", "term"),
	TYPED("seminar", "date", FT_DATE, REQ, "日期", "date"),
	TEXTN("seminar", "title", REQ, 300, "会议名称", "title"),
	TEXTN("seminar", "place", 0, 300, "地点", "place"),
	REF("seminar", "host", REQ, "school", "承办学校", "host school"),
	REF("seminar", "specialty", 0, "specialty", "专业（不填为全集团）", "specialty (empty: group-wide)"),
	SET("seminar", "topics", 0, TOPIC_VALUES, TOPIC_ZH, TOPIC_EN, "研讨主题", "topics"),
	TEXTN("seminar", "other_topics", 0, 600, "其他主题", "other topics"),
	REFS("seminar", "attendees", 0, "person", "参会人员", "attendees"),
	REFS("seminar", "schools", RO, "school", "参会学校", "schools attending"),
	REF("seminar", "created_by", RO, "person", "登记人", "recorded by"),
	TEXT("seminar", "minutes", ML, "会议纪要", "minutes"),
	TEXT("seminar", "decisions", ML, "会议决定", "decisions"),
	TEXTN("action.*", "what", REQ, 600, "工作内容", "what"),
	REF("action.*", "owner", REQ, "person", "责任人", "owner"),
	TYPED("action.*", "due", FT_DATE, REQ, "完成时限", "due"),
	ENUM("action.*", "state", REQ, "open|done", "未完成|已完成", "open|done", "完成情况", "state"),
	TYPED("action.*", "done", FT_DATE, 0, "实际完成时间", "done on"),
	TEXT("action.*", "evidence", ML, "完成情况说明", "evidence"),
};

/* Teacher exchange (domain/exchange.c). */
static const struct field_def exchange_fields[] = {
	TYPED("exchange", "id", FT_CODE, REQ | RO, "编号", "id"),
	TYPED("exchange", "year", FT_CODE, REQ | RO, "学年", "school year"),
	REF("exchange", "person", REQ, "person", "教师", "teacher"),
	ENUM("exchange", "direction", REQ, "guide|shadow|training", "教学指导|跟班学习|培训进修",
	     "teaching guidance|shadowing|training", "互派形式", "direction"),
	REF("exchange", "from", REQ, "school", "派出学校", "from school"),
	REF("exchange", "to", REQ, "school", "接收学校", "to school"),
	REF("exchange", "specialty", REQ, "specialty", "专业", "specialty"),
	TYPED("exchange", "start", FT_DATE, REQ, "开始日期", "start"),
	TYPED("exchange", "end", FT_DATE, REQ, "结束日期", "end"),
	{ "exchange", "courses", FT_LIST, 0, 0, 0, NULL, NULL, NULL, NULL, "承担或跟随的课程", "courses taught or followed" },
	INT("exchange", "hours", 0, 0, 2000, "学时", "hours"),
	TEXT("exchange", "outcome", ML, "成效", "outcome"),
	REF("exchange", "created_by", RO, "person", "登记人", "recorded by"),
};

static const char *const k_none[] = { NULL };
static const char *const k_id[] = { "id", NULL };
static const char *const k_code[] = { "code", NULL };
static const char *const k_plan[] = { "term", "school", "specialty", NULL };
static const char *const k_obs[] = { "term", "school", "id", NULL };
static const char *const k_course[] = { "specialty", "code", NULL };
static const char *const k_question[] = { "specialty", "course", "id", NULL };
static const char *const k_exam[] = { "term", "id", NULL };
static const char *const k_scores[] = { "exam", "school", NULL };
static const char *const k_paper[] = { "term", "exam", "paper", NULL };
static const char *const k_exchange[] = { "year", "id", NULL };

static const char *const l_group[] = { "name", "term", "lead", "rubric", NULL };
static const char *const l_school[] = { "id", "name", "kind", "region", NULL };
static const char *const l_person[] = { "id", "name", "school", "roles", "title", NULL };
static const char *const l_specialty[] = { "code", "name", "rules", "leads", NULL };
static const char *const l_rules[] = { "id", "name", "specialty", NULL };
static const char *const l_rubric[] = { "id", "name", "version", NULL };
static const char *const l_plan[] = { "term", "school", "specialty", "state", "revision", NULL };
static const char *const l_obs[] = { "id", "date", "kind", "observer", "teacher", "course", "total", "grade", NULL };
static const char *const l_course[] = { "code", "specialty", "name", "category", "hours", NULL };
static const char *const l_question[] = { "id", "course", "version", "type", "difficulty", "level", "point", "state", NULL };
static const char *const l_exam[] = { "id", "term", "course", "name", "date", NULL };
static const char *const l_scores[] = { "exam", "school", NULL };
static const char *const l_paper[] = { "term", "exam", "paper", "sealed_at", NULL };
static const char *const l_seminar[] = { "id", "term", "date", "title", "host", "specialty", NULL };
static const char *const l_exchange[] = { "id", "year", "person", "direction", "from", "to", "start", "end", NULL };
static const char *const l_conflict[] = { "id", "path", "section", "key", "state", NULL };

#define TYPE(name, zh, en, main, idk, kind, dir, pk, lk, f) \
	{ name, zh, en, main, idk, kind, dir, pk, lk, f, N(f), SHARD_NONE }
#define TYPE_SHARDED(name, zh, en, main, idk, kind, dir, pk, lk, f, shard) \
	{ name, zh, en, main, idk, kind, dir, pk, lk, f, N(f), shard }

static const struct type_def types[] = {
	TYPE("group", "集团设置", "group settings", "group", NULL, ID_SINGLETON, "", k_none, l_group, group_fields),
	TYPE("school", "学校", "school", "school", "id", ID_CODE, "schools", k_id, l_school, school_fields),
	TYPE("person", "人员", "person", "person", "id", ID_CODE, "people", k_id, l_person, person_fields),
	TYPE("specialty", "专业", "specialty", "specialty", "code", ID_CODE, "specialties", k_code, l_specialty,
	     specialty_fields),
	TYPE("rules", "规则集", "rule set", "rules", "id", ID_CODE, "rules", k_id, l_rules, rules_fields),
	TYPE("rubric", "评价量表", "rubric", "rubric", "id", ID_CODE, "rubrics", k_id, l_rubric, rubric_fields),
	TYPE("plan", "授课计划", "teaching plan", "plan", NULL, ID_COMPOSITE, "plans", k_plan, l_plan, plan_fields),
	/* Both pile up: ~2,300 observations a term and school, a course's bank with every version of its items. */
	TYPE_SHARDED("observation", "听课记录", "observation", "observation", "id", ID_GENERATED, "observations", k_obs,
		     l_obs, observation_fields, SHARD_ID_MONTH),
	TYPE("course", "课程", "course", "course", "code", ID_CODE, "courses", k_course, l_course, course_fields),
	TYPE_SHARDED("question", "试题", "question", "question", "id", ID_GENERATED, "questions", k_question,
		     l_question, question_fields, SHARD_ID_MONTH),
	TYPE("exam", "联考", "joint exam", "exam", "id", ID_GENERATED, "exams", k_exam, l_exam, exam_fields),
	TYPE("paper", "试卷（密封）", "sealed paper", "paper", NULL, ID_COMPOSITE, "exams", k_paper, l_paper, paper_fields),
	TYPE("scores", "成绩", "scores", "scores", NULL, ID_COMPOSITE, "scores", k_scores, l_scores, scores_fields),
	TYPE("seminar", "研讨会议", "seminar", "seminar", "id", ID_GENERATED, "seminars", k_exam, l_seminar, seminar_fields),
	TYPE("exchange", "师资互派", "teacher exchange", "exchange", "id", ID_GENERATED, "exchanges", k_exchange, l_exchange,
	     exchange_fields),
	TYPE("conflict", "同步冲突", "sync conflict", "conflict", "id", ID_GENERATED, "conflicts", k_id, l_conflict,
	     conflict_fields),
};

size_t schema_type_count(void)
{
	return N(types);
}

const struct type_def *schema_type_at(size_t i)
{
	return i < N(types) ? &types[i] : NULL;
}

const struct type_def *schema_type(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < N(types); i++)
		if (strcmp(types[i].name, name) == 0 || (*types[i].dir && strcmp(types[i].dir, name) == 0))
			return &types[i];
	return NULL;
}

static size_t count_keys(const char *const *k)
{
	size_t n = 0;
	while (k[n])
		n++;
	return n;
}

/* "2026-11": the form of a SHARD_ID_MONTH directory. */
static int is_month(const char *s, size_t n)
{
	if (n != 7 || s[4] != '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* The type of path and whether it is filed in the legacy layout (*legacy may be NULL). */
static const struct type_def *type_of_path(const char *path, int *legacy)
{
	if (!path)
		return NULL;
	if (strcmp(path, "group.ini") == 0)
		return schema_type("group");
	const char *slash = strchr(path, '/'), *file = strrchr(path, '/');
	size_t len = strlen(path);
	if (!slash || len < 5 || strcmp(path + len - 4, ".ini") != 0)
		return NULL;
	size_t parts = 1;
	for (const char *p = path; *p; p++)
		parts += *p == '/';
	/* The directory holding the file: the shard directory in the sharded layout. */
	const char *parent = file;
	while (parent > path && parent[-1] != '/')
		parent--;
	for (size_t i = 0; i < N(types); i++) {
		const char *dir = types[i].dir;
		size_t want = 1 + count_keys(types[i].path_keys);
		/* Several types may share a directory at different depths (an exam and its papers). */
		if (!*dir || strlen(dir) != (size_t)(slash - path) || strncmp(dir, path, strlen(dir)) != 0)
			continue;
		if (types[i].shard == SHARD_NONE ? parts == want
						 : parts == want + 1 && is_month(parent, (size_t)(file - parent))) {
			if (legacy)
				*legacy = 0;
			return &types[i];
		}
		if (types[i].shard != SHARD_NONE && parts == want) {
			if (legacy)
				*legacy = 1;
			return &types[i];
		}
	}
	return NULL;
}

const struct type_def *schema_type_of_path(const char *path)
{
	return type_of_path(path, NULL);
}

int schema_path_is_legacy(const char *path)
{
	int legacy = 0;
	return type_of_path(path, &legacy) && legacy;
}

int schema_path_counterpart(struct buf *out, const char *path, struct jy_err *err)
{
	int legacy = 0;
	const struct type_def *t = type_of_path(path, &legacy);
	if (!t || t->shard == SHARD_NONE)
		return err_set(err, JY_EINVAL, L("%s 不是分层存放的记录", "%s is not a record filed in shards"), path ? path : "");
	const char *file = strrchr(path, '/') + 1;
	char month[8];
	char *id = xstrndup(file, strlen(file) - 4);
	int rc = id_month(month, id);
	free(id);
	if (rc < 0)
		return err_set(err, JY_EINVAL, L("%s 的编号不是系统生成的编号", "%s: the id is not a generated id"), path);
	if (legacy) {
		buf_add(out, path, (size_t)(file - path));
		buf_printf(out, "%s/%s", month, file);
	} else {
		const char *parent = file - 1;
		while (parent > path && parent[-1] != '/')
			parent--;
		buf_add(out, path, (size_t)(parent - path));
		buf_puts(out, file);
	}
	return 0;
}

/* "course.*" matches "course.<alnum>+"; "row.*" likewise for keys; "*" matches anything.
 * Runs for every field against every key of every record read: one pass, no strlen. */
static int pattern_match(const char *pat, const char *name)
{
	const char *p = pat;
	if (p[0] == '*' && !p[1])
		return 1;
	while (*p && *p != '*' && *p == *name) {
		p++;
		name++;
	}
	if (!*p)
		return !*name;
	if (*p != '*')
		return 0;
	if (p[1] || p == pat || p[-1] != '.')
		return strcmp(p, name) == 0; /* a '*' that is no ".*" suffix stands for itself */
	if (!*name)
		return 0;
	for (; *name; name++)
		if (!((*name >= '0' && *name <= '9') || (*name >= 'A' && *name <= 'Z') || (*name >= 'a' && *name <= 'z')))
			return 0;
	return 1;
}

static int is_pattern(const char *pat)
{
	return strchr(pat, '*') != NULL;
}

/* 1 when f (of the key's section) names key itself; else remembers in *wild the first pattern taking it. */
static int key_named(const struct field_def *f, const char *key, const struct field_def **wild)
{
	if (f->key[0] == key[0] && strcmp(f->key, key) == 0) /* most fields differ at once: spare the call */
		return 1;
	if (!*wild && is_pattern(f->key) && pattern_match(f->key, key))
		*wild = f;
	return 0;
}

const struct field_def *schema_field(const struct type_def *t, const char *section, const char *key)
{
	const struct field_def *wild = NULL;
	for (size_t i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		if (pattern_match(f->section, section) && key_named(f, key, &wild))
			return f;
	}
	return wild;
}

const char *schema_type_label(const struct type_def *t)
{
	return L(t->label_zh, t->label_en);
}

const char *schema_field_label(const struct field_def *f)
{
	return L(f->label_zh, f->label_en);
}

/* Finds the n-th '|'-separated item of list; copies it into out. */
static int list_item(const char *list, size_t n, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; list && *list; i++) {
		const char *bar = strchr(list, '|');
		size_t len = bar ? (size_t)(bar - list) : strlen(list);
		if (i == n) {
			buf_add(out, list, len);
			return 1;
		}
		if (!bar)
			break;
		list = bar + 1;
	}
	return 0;
}

static long enum_index(const char *values, const char *v)
{
	struct buf item = BUF_INIT;
	long found = -1;
	for (size_t i = 0; list_item(values, i, &item); i++)
		if (strcmp(item.ptr, v) == 0) {
			found = (long)i;
			break;
		}
	buf_release(&item);
	return found;
}

void schema_value_label(struct buf *out, const struct field_def *f, const char *value)
{
	const char *labels = f ? L(f->values_zh, f->values_en) : NULL;
	if (!value)
		return;
	if (!f || !f->values || !labels || (f->type != FT_ENUM && f->type != FT_BOOL && f->type != FT_SET)) {
		buf_puts(out, value);
		return;
	}
	struct vec items = VEC_INIT(free);
	struct buf label = BUF_INIT;
	if (f->type == FT_SET)
		vec_split(&items, value, ',');
	else
		vec_push_str(&items, value);
	for (size_t i = 0; i < items.len; i++) {
		long at = enum_index(f->values, items.items[i]);
		if (i)
			buf_puts(out, L("、", ","));
		if (at >= 0 && list_item(labels, (size_t)at, &label))
			buf_puts(out, label.ptr);
		else
			buf_puts(out, items.items[i]);
	}
	buf_release(&label);
	vec_free(&items);
}

const char *schema_enum_parse(const struct field_def *f, const char *input)
{
	if (!f || !f->values || !input)
		return NULL;
	const char *lists[3] = { f->values, f->values_zh, f->values_en };
	struct buf item = BUF_INIT;
	const char *found = NULL;
	for (int l = 0; l < 3 && !found; l++) {
		for (size_t i = 0; lists[l] && list_item(lists[l], i, &item); i++) {
			if (strcmp(item.ptr, input) == 0) {
				/* Point into the stored-values string: it lives as long as the table. */
				const char *v = f->values;
				for (size_t k = 0; k < i; k++)
					v = strchr(v, '|') + 1;
				found = v;
				break;
			}
		}
	}
	buf_release(&item);
	return found;
}

/* Length of the stored value that schema_enum_parse() returned a pointer to. */
size_t schema_enum_len(const char *parsed)
{
	const char *bar = strchr(parsed, '|');
	return bar ? (size_t)(bar - parsed) : strlen(parsed);
}

static int field_error(struct jy_err *err, const struct field_def *f, const char *section, const char *key,
		       const char *rule)
{
	return err_set(err, JY_EINVAL, L("字段「%s」(%s.%s)：%s", "field \"%s\" (%s.%s): %s"),
		       f ? schema_field_label(f) : key, section, key, rule);
}

static int parse_long(const char *s, long *out)
{
	char *end;
	if (!*s || (s[0] == '0' && s[1]) || (s[0] == '-' && (!s[1] || s[1] == '0')))
		return -1;
	for (const char *p = s[0] == '-' ? s + 1 : s; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	if (strlen(s) > 12)
		return -1;
	*out = strtol(s, &end, 10);
	return 0;
}

/* Decimal with at most one fractional digit; value in tenths. */
static int parse_tenths(const char *s, long *out)
{
	const char *dot = strchr(s, '.');
	long whole, frac = 0;
	if (!dot)
		return parse_long(s, &whole) == 0 && whole >= 0 ? (*out = whole * 10, 0) : -1;
	struct buf w = BUF_INIT;
	buf_add(&w, s, (size_t)(dot - s));
	int bad = parse_long(w.ptr, &whole) != 0 || whole < 0;
	buf_release(&w);
	if (bad || strlen(dot + 1) != 1 || dot[1] < '0' || dot[1] > '9')
		return -1;
	frac = dot[1] - '0';
	*out = whole * 10 + frac;
	return 0;
}

int schema_parse_number(const char *s, double *out)
{
	long tenths;
	if (parse_tenths(s, &tenths) != 0)
		return JY_EINVAL;
	*out = (double)tenths / 10.0;
	return 0;
}

void schema_choices(struct buf *out, const struct field_def *f)
{
	struct buf lab = BUF_INIT;
	const char *labels = L(f->values_zh, f->values_en);
	for (size_t i = 0; list_item(f->values, i, &lab); i++) {
		buf_printf(out, "%s%s", i ? ", " : "", lab.ptr);
		struct buf zh = BUF_INIT;
		if (labels && list_item(labels, i, &zh) && strcmp(zh.ptr, lab.ptr) != 0)
			buf_printf(out, "(%s)", zh.ptr);
		buf_release(&zh);
	}
	buf_release(&lab);
}

static int check_one(const struct field_def *f, const char *section, const char *key, const char *v,
		     struct jy_err *err)
{
	struct buf rule = BUF_INIT;
	int rc = 0;
	long n;
	switch (f->type) {
	case FT_TEXT:
	case FT_LIST:
		if (!(f->flags & FIELD_MULTILINE) && strchr(v, '\n'))
			rc = field_error(err, f, section, key, L("不能换行", "must be a single line"));
		else if (f->max > 0 && strlen(v) > (size_t)f->max) {
			buf_printf(&rule, L("不能超过 %ld 字节（约 %ld 个汉字）", "at most %ld bytes"), f->max,
				   f->max / 3);
			rc = field_error(err, f, section, key, rule.ptr);
		}
		break;
	case FT_INT:
		if (parse_long(v, &n) != 0)
			rc = field_error(err, f, section, key, L("应为整数", "must be a whole number"));
		else if ((f->min || f->max) && (n < f->min || n > f->max)) {
			buf_printf(&rule, L("应在 %ld 到 %ld 之间", "must be between %ld and %ld"), f->min, f->max);
			rc = field_error(err, f, section, key, rule.ptr);
		}
		break;
	case FT_NUMBER:
		if (parse_tenths(v, &n) != 0)
			rc = field_error(err, f, section, key,
					 L("应为数字（最多一位小数）", "must be a number with at most one decimal"));
		else if ((f->min || f->max) && (n < f->min * 10 || n > f->max * 10)) {
			buf_printf(&rule, L("应在 %ld 到 %ld 之间", "must be between %ld and %ld"), f->min, f->max);
			rc = field_error(err, f, section, key, rule.ptr);
		}
		break;
	case FT_ENUM:
	case FT_BOOL:
		if (enum_index(f->values, v) < 0) {
			buf_printf(&rule, L("「%s」不是可选值，应为 ", "\"%s\" is not allowed; use "), v);
			schema_choices(&rule, f);
			rc = field_error(err, f, section, key, rule.ptr);
		}
		break;
	case FT_SET: {
		struct vec items = VEC_INIT(free);
		vec_split(&items, v, ',');
		for (size_t i = 0; i < items.len && !rc; i++) {
			if (enum_index(f->values, items.items[i]) < 0) {
				buf_printf(&rule, L("「%s」不是可选值，应为以下若干项（用逗号或、分隔）：", "\"%s\" is not allowed; use some of (comma separated): "),
					   (char *)items.items[i]);
				schema_choices(&rule, f);
				rc = field_error(err, f, section, key, rule.ptr);
			}
		}
		vec_free(&items);
		break;
	}
	case FT_DATE:
		if (!id_date_valid(v))
			rc = field_error(err, f, section, key, L("不是有效日期，应为 YYYY-MM-DD", "not a valid date (YYYY-MM-DD)"));
		break;
	case FT_DATETIME: {
		char date[11];
		int ok = strlen(v) == 16 && v[10] == ' ' && v[13] == ':';
		if (ok) {
			memcpy(date, v, 10);
			date[10] = '\0';
			ok = id_date_valid(date) && v[11] >= '0' && v[11] <= '2' && v[12] >= '0' && v[12] <= '9' &&
			     v[14] >= '0' && v[14] <= '5' && v[15] >= '0' && v[15] <= '9' &&
			     (v[11] - '0') * 10 + (v[12] - '0') < 24;
		}
		if (!ok)
			rc = field_error(err, f, section, key,
					 L("不是有效时间，应为 YYYY-MM-DD HH:MM", "not a valid time (YYYY-MM-DD HH:MM)"));
		break;
	}
	case FT_MONTHDAY: {
		char date[11];
		int ok = strlen(v) == 5 && v[2] == '-';
		if (ok) {
			snprintf(date, sizeof(date), "2024-%.5s", v);
			ok = id_date_valid(date);
		}
		if (!ok)
			rc = field_error(err, f, section, key, L("应为 MM-DD", "must be MM-DD"));
		break;
	}
	case FT_TERM:
		if (!id_term_valid(v))
			rc = field_error(err, f, section, key,
					 L("不是有效学期，应为 YYYY-YYYY-N（如 2026-2027-1）",
					   "not a valid term (YYYY-YYYY-N, e.g. 2026-2027-1)"));
		break;
	case FT_CODE:
	case FT_REF:
		if (!id_component_valid(v))
			rc = field_error(err, f, section, key,
					 L("只能包含小写字母、数字和 . _ -", "may only hold a-z, 0-9, '.', '_' and '-'"));
		break;
	case FT_REFLIST: {
		struct vec items = VEC_INIT(free);
		vec_split(&items, v, ',');
		for (size_t i = 0; i < items.len && !rc; i++)
			if (!id_component_valid(items.items[i])) {
				buf_printf(&rule, L("「%s」只能包含小写字母、数字和 . _ -",
						    "\"%s\" may only hold a-z, 0-9, '.', '_' and '-'"),
					   (char *)items.items[i]);
				rc = field_error(err, f, section, key, rule.ptr);
			}
		vec_free(&items);
		break;
	}
	}
	buf_release(&rule);
	return rc;
}

int schema_check_value(const struct field_def *f, const char *section, const char *key, const char *value,
		       struct jy_err *err)
{
	size_t len = strlen(value);
	/* The field's name is only needed for a message. */
	if (text_check_value("", value, len, NULL) != 0) {
		struct buf name = BUF_INIT;
		buf_printf(&name, "%s.%s", section, key);
		int rc = text_check_value(name.ptr, value, len, err);
		buf_release(&name);
		return rc;
	}
	if (!*value)
		return 0;
	return check_one(f, section, key, value, err);
}

static void problem(struct vec *problems, struct jy_err *e)
{
	vec_push_str(problems, e->msg);
}

size_t schema_validate_all(const struct type_def *t, const struct record *r, struct vec *problems)
{
	struct jy_err e = JY_ERR_INIT;
	size_t before = problems->len;
	/* The section's fields are found once, not again for every key as schema_field() would. */
	const struct field_def **fields = xcalloc(t->nfields ? t->nfields : 1, sizeof(*fields));
	for (size_t i = 0; i < record_section_count(r); i++) {
		const char *sec = record_section(r, i);
		size_t nf = 0;
		for (size_t k = 0; k < t->nfields; k++)
			if (pattern_match(t->fields[k].section, sec))
				fields[nf++] = &t->fields[k];
		if (!nf) {
			err_set(&e, JY_EINVAL, L("未知的节 [%s]（%s记录没有这一节）", "unknown section [%s] in a %s record"),
				sec, schema_type_label(t));
			problem(problems, &e);
			continue;
		}
		for (size_t j = 0; j < record_key_count(r, i); j++) {
			const char *key = record_key(r, i, j);
			const struct field_def *f = NULL, *wild = NULL;
			for (size_t n = 0; n < nf && !f; n++)
				if (key_named(fields[n], key, &wild))
					f = fields[n];
			if (!f)
				f = wild;
			if (!f) {
				err_set(&e, JY_EINVAL, L("未知字段 %s.%s", "unknown field %s.%s"), sec, key);
				problem(problems, &e);
			} else if (schema_check_value(f, sec, key, record_value(r, i, j), &e)) {
				problem(problems, &e);
			}
		}
	}
	free(fields);
	/* Required fields: in the main section always, in repeated sections per instance present. */
	for (size_t k = 0; k < t->nfields; k++) {
		const struct field_def *f = &t->fields[k];
		if (!(f->flags & FIELD_REQUIRED) || is_pattern(f->key))
			continue;
		int any = 0;
		for (size_t i = 0; i < record_section_count(r); i++) {
			const char *sec = record_section(r, i);
			if (!pattern_match(f->section, sec))
				continue;
			any = 1;
			const char *v = record_get(r, sec, f->key);
			if (!v || !*v) {
				err_set(&e, JY_EINVAL, L("字段「%s」(%s.%s)：必填", "field \"%s\" (%s.%s) is required"),
					schema_field_label(f), sec, f->key);
				problem(problems, &e);
			}
		}
		if (!any && !is_pattern(f->section)) {
			err_set(&e, JY_EINVAL, L("字段「%s」(%s.%s)：必填", "field \"%s\" (%s.%s) is required"),
				schema_field_label(f), f->section, f->key);
			problem(problems, &e);
		}
	}
	if (t->id_kind == ID_GENERATED) {
		const char *id = record_get(r, t->main, t->id_key);
		if (id && *id && !id_valid(id)) {
			err_set(&e, JY_EINVAL, L("字段 %s.%s：「%s」不是系统生成的编号", "field %s.%s: \"%s\" is not a generated id"),
				t->main, t->id_key, id);
			problem(problems, &e);
		}
	}
	return problems->len - before;
}

int schema_validate(const struct type_def *t, const struct record *r, struct jy_err *err)
{
	struct vec problems = VEC_INIT(free);
	size_t n = schema_validate_all(t, r, &problems);
	if (n)
		err_set(err, JY_EINVAL, "%s", (char *)problems.items[0]);
	vec_free(&problems);
	return n ? JY_EINVAL : 0;
}

/* 0 when no reference field can be the one schema_field() finds for sec.key: most keys are no references,
 * and this looks at a handful of fields instead of all of them. */
static int may_be_ref(const struct type_def *t, const char *sec, const char *key)
{
	for (size_t k = 0; k < t->nfields; k++) {
		const struct field_def *f = &t->fields[k];
		if ((f->type == FT_REF || f->type == FT_REFLIST) && pattern_match(f->key, key) &&
		    pattern_match(f->section, sec))
			return 1;
	}
	return 0;
}

size_t schema_check_refs(const struct type_def *t, const struct record *r, schema_exists_fn exists, void *ctx,
			 struct vec *problems)
{
	struct jy_err e = JY_ERR_INIT;
	size_t before = problems->len;
	for (size_t i = 0; i < record_section_count(r); i++) {
		const char *sec = record_section(r, i);
		for (size_t j = 0; j < record_key_count(r, i); j++) {
			if (!may_be_ref(t, sec, record_key(r, i, j)))
				continue;
			const struct field_def *f = schema_field(t, sec, record_key(r, i, j));
			if (!f || (f->type != FT_REF && f->type != FT_REFLIST))
				continue;
			struct vec ids = VEC_INIT(free);
			vec_split(&ids, record_value(r, i, j), ',');
			for (size_t k = 0; k < ids.len; k++) {
				if (exists(ctx, f->ref, ids.items[k]))
					continue;
				const struct type_def *rt = schema_type(f->ref);
				err_set(&e, JY_EINVAL, L("字段「%s」(%s.%s)：找不到%s「%s」", "field \"%s\" (%s.%s): no %s \"%s\""),
					schema_field_label(f), sec, record_key(r, i, j),
					rt ? schema_type_label(rt) : f->ref, (char *)ids.items[k]);
				problem(problems, &e);
			}
			vec_free(&ids);
		}
	}
	return problems->len - before;
}

/* Orders "course.2" before "course.10"; letters (paper.A) alphabetically. */
static int suffix_cmp(const void *a, const void *b)
{
	const char *x = strrchr(a, '.'), *y = strrchr(b, '.');
	x = x ? x + 1 : a;
	y = y ? y + 1 : b;
	char *ex, *ey;
	long nx = strtol(x, &ex, 10), ny = strtol(y, &ey, 10);
	if (!*ex && !*ey && *x && *y)
		return nx < ny ? -1 : nx > ny;
	return strcmp(x, y);
}

/* Where the canonical order puts r's keys: emit(ctx, i, j) for r's section i, key j, in that order. */
typedef int (*order_fn)(void *ctx, const struct record *r, size_t i, size_t j);

static int in_order(const void *items, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	for (size_t i = 1; i < n; i++)
		if (cmp((const char *)items + (i - 1) * size, (const char *)items + i * size) > 0)
			return 0;
	return 1;
}

struct ranked {
	size_t j;
	size_t rank; /* index of the first field of the pattern that takes key j; nfields for none */
};

static int rank_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

/* Section i's keys: those the pattern's fields name, in field order (several matched by one "*" field
 * keep their order), then the rest in their order. */
static int order_section(const struct type_def *t, const struct record *r, size_t i, const char *pat,
			 order_fn emit, void *ctx)
{
	struct of_pattern {
		size_t k;
		int wild; /* its key is a pattern (tested once here, not for every key) */
	};
	const char *sec = record_section(r, i);
	size_t nk = record_key_count(r, i), nf = 0;
	struct of_pattern *fields = xcalloc(t->nfields ? t->nfields : 1, sizeof(*fields));
	struct ranked *keys = xcalloc(nk ? nk : 1, sizeof(*keys));
	int rc = 0;
	for (size_t k = 0; k < t->nfields; k++)
		if (t->fields[k].section[0] == pat[0] && strcmp(t->fields[k].section, pat) == 0) {
			fields[nf].k = k;
			fields[nf++].wild = is_pattern(t->fields[k].key);
		}
	for (size_t j = 0; j < nk; j++) {
		const char *key = record_key(r, i, j);
		keys[j].j = j;
		keys[j].rank = t->nfields;
		for (size_t n = 0; n < nf; n++) {
			const struct field_def *f = &t->fields[fields[n].k];
			if (fields[n].wild ? pattern_match(f->key, key) && schema_field(t, sec, key) == f
					   : f->key[0] == key[0] && strcmp(f->key, key) == 0) {
				keys[j].rank = fields[n].k;
				break;
			}
		}
	}
	if (!in_order(keys, nk, sizeof(*keys), rank_cmp)) /* a record read back usually is: spare qsort's buffer */
		qsort(keys, nk, sizeof(*keys), rank_cmp);
	for (size_t j = 0; j < nk && !rc; j++)
		rc = emit(ctx, r, i, keys[j].j);
	free(keys);
	free(fields);
	return rc;
}

/* A section's place: the first field whose section pattern takes it (nfields for none). */
struct placed {
	size_t i, rank;
	const char *name;
};

static int placed_cmp(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	int c = x->name ? suffix_cmp(x->name, y->name) : 0;
	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Sections go by the first field whose pattern takes them (so by pattern, in the order patterns first
 * appear in the table), several of one pattern by suffix_cmp (equal suffixes, and the sections no
 * pattern takes, in their order). Stops at the first non-zero emit() and returns it.
 */
static int canonical_order(const struct type_def *t, const struct record *r, order_fn emit, void *ctx)
{
	size_t ns = record_section_count(r);
	struct placed *secs = xcalloc(ns ? ns : 1, sizeof(*secs));
	int rc = 0;
	for (size_t i = 0; i < ns; i++) {
		secs[i].i = i;
		secs[i].rank = t->nfields;
		for (size_t k = 0; k < t->nfields; k++)
			if (pattern_match(t->fields[k].section, record_section(r, i))) {
				secs[i].rank = k;
				secs[i].name = record_section(r, i);
				break;
			}
	}
	if (!in_order(secs, ns, sizeof(*secs), placed_cmp))
		qsort(secs, ns, sizeof(*secs), placed_cmp);
	for (size_t n = 0; n < ns && !rc; n++)
		rc = order_section(t, r, secs[n].i, secs[n].rank < t->nfields ? t->fields[secs[n].rank].section : "",
				   emit, ctx);
	free(secs);
	return rc;
}

static int copy_key(void *out, const struct record *r, size_t i, size_t j)
{
	record_set(out, record_section(r, i), record_key(r, i, j), record_value(r, i, j));
	return 0;
}

struct record *schema_canonical(const struct type_def *t, const struct record *r)
{
	struct record *out = record_new();
	canonical_order(t, r, copy_key, out);
	return out;
}

/* The next key r holds in its own order, skipping sections without keys (nothing is written for them). */
struct in_order {
	size_t i, j;
};

static int same_place_key(void *vctx, const struct record *r, size_t i, size_t j)
{
	struct in_order *at = vctx;
	while (at->i < record_section_count(r) && at->j >= record_key_count(r, at->i)) {
		at->i++;
		at->j = 0;
	}
	if (at->i != i || at->j != j)
		return 1;
	at->j++;
	return 0;
}

int schema_in_canonical_order(const struct type_def *t, const struct record *r)
{
	struct in_order at = { 0, 0 };
	return canonical_order(t, r, same_place_key, &at) == 0;
}

int schema_record_id(struct buf *out, const struct type_def *t, const struct record *r, struct jy_err *err)
{
	if (t->id_kind == ID_SINGLETON) {
		buf_puts(out, "group");
		return 0;
	}
	if (t->id_kind != ID_COMPOSITE) {
		const char *id = record_get(r, t->main, t->id_key);
		if (!id || !*id)
			return err_set(err, JY_EINVAL, L("缺少 %s.%s", "missing %s.%s"), t->main, t->id_key);
		buf_puts(out, id);
		return 0;
	}
	for (size_t i = 0; t->path_keys[i]; i++) {
		const char *v = record_get(r, t->main, t->path_keys[i]);
		if (!v || !*v)
			return err_set(err, JY_EINVAL, L("缺少 %s.%s", "missing %s.%s"), t->main, t->path_keys[i]);
		buf_printf(out, "%s%s", i ? "/" : "", v);
	}
	return 0;
}

int schema_path_of(struct buf *out, const struct type_def *t, const char *const *values, struct jy_err *err)
{
	if (t->id_kind == ID_SINGLETON) {
		buf_puts(out, "group.ini");
		return 0;
	}
	struct buf p = BUF_INIT;
	buf_puts(&p, t->dir);
	for (size_t i = 0; t->path_keys[i]; i++) {
		const char *v = values[i];
		if (!v || !id_component_valid(v)) {
			int rc = err_set(err, JY_EINVAL,
					 L("字段 %s.%s：「%s」不能用作路径（只能包含小写字母、数字和 . _ -）",
					   "field %s.%s: \"%s\" cannot be used in a path (a-z, 0-9, '.', '_', '-' only)"),
					 t->main, t->path_keys[i], v ? v : "");
			buf_release(&p);
			return rc;
		}
		char month[8];
		if (!t->path_keys[i + 1] && t->shard == SHARD_ID_MONTH) {
			if (id_month(month, v) < 0) {
				int rc = err_set(err, JY_EINVAL, L("字段 %s.%s：「%s」不是系统生成的编号", "field %s.%s: \"%s\" is not a generated id"),
						 t->main, t->path_keys[i], v);
				buf_release(&p);
				return rc;
			}
			buf_printf(&p, "/%s", month);
		}
		buf_printf(&p, "/%s", v);
	}
	buf_puts(&p, ".ini");
	buf_add(out, p.ptr, p.len);
	buf_release(&p);
	return 0;
}

int schema_path(struct buf *out, const struct type_def *t, const struct record *r, struct jy_err *err)
{
	size_t n = count_keys(t->path_keys);
	const char **values = xcalloc(n + 1, sizeof(*values));
	for (size_t i = 0; i < n; i++)
		values[i] = record_get(r, t->main, t->path_keys[i]);
	int rc = schema_path_of(out, t, values, err);
	free(values);
	return rc;
}
