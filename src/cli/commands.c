/* commands: every command with its options and operands — the table parsing, --help and serve's refusals read. */
#include "jiaoyan/cli.h"

const char cli_version[] = "0.2.0";

#define END CLI_ARGS_END
#define FORMAT { "--format", "FORMAT", 0, "table|tsv", "table（默认，按显示宽度对齐中文）或 tsv（给脚本）", "table (default, CJK aligned) or tsv (for scripts)" }
#define TERM_OPT(zh, en) { "--term", "T", 0, NULL, zh, en }
#define SCHOOL_OPT(zh, en) { "--school", "S", 0, NULL, zh, en }
#define LABELS { "--labels", NULL, 0, NULL, "tsv 中写中文标签和姓名（默认写稳定的代码：存储值、工号、等级为 band.N）", "tsv with the Chinese labels and names (default: stable codes — stored values, ids, grades as band.N)" }

const struct cli_arg cli_global_args[] = {
	{ "-C", "REPO", ARG_REPO, NULL, "数据仓库路径（默认 [repo] path，或 ~/.local/share/jiaoyan/data.git）",
	  "data repository (default [repo] path, or ~/.local/share/jiaoyan/data.git)" },
	{ "--config", "FILE", ARG_REPO | ARG_FILE_IN, NULL,
	  "再读入一个配置文件（在 /etc/jiaoyan/jiaoyan.ini 和 ~/.config/jiaoyan/jiaoyan.ini 之后）",
	  "read one more configuration file (after /etc/jiaoyan/jiaoyan.ini and ~/.config/jiaoyan/jiaoyan.ini)" },
	{ "--user", "ID", ARG_IDENTITY, NULL, "以该人员身份操作", "act as this person" },
	{ "--version", NULL, 0, NULL, "版本", "version" },
	END,
};

static const struct cli_arg init_args[] = {
	{ "--demo", NULL, 0, NULL, "写入演示集团（学校、人员、专业、规则集、量表、本学期听课记录、下学期授课计划、试题、联考及其成绩、研讨会议、师资互派）",
	  "fill in the demo group (schools, people, specialties, rule sets, rubric, observations, plans, questions, joint exams and scores, seminars, exchanges)" },
	{ "--shared", NULL, 0, NULL, "供同一 Unix 组的多个账号共同写入（setgid 目录，umask 002）",
	  "writable by every account of one Unix group (setgid directories, umask 002)" },
	{ "REPO", NULL, ARG_REPO | ARG_OPTIONAL, NULL, "仓库路径", "repository path" },
	END,
};

static const struct cli_arg add_args[] = {
	{ "--file", "FILE", ARG_FILE_IN, NULL, "从 INI 文件（- 为标准输入）读入记录，再应用 KEY=VALUE",
	  "read the record from an INI file (- = standard input), then apply KEY=VALUE" },
	{ "TYPE", NULL, 0, NULL, NULL, NULL },
	{ "KEY=VALUE", NULL, ARG_MANY | ARG_OPTIONAL, NULL, NULL, NULL },
	END,
};

static const struct cli_arg id_arg[] = {
	{ "ID", NULL, 0, NULL, "编号、TYPE/ID 或记录路径", "an id, TYPE/ID or a record path" },
	END,
};

static const struct cli_arg show_args[] = {
	{ "--format", "FORMAT", 0, "human|text", "human（在终端上的默认：中文标签、姓名）或 text（规范文本，管道和文件的默认）",
	  "human (the default on a terminal: Chinese labels, names) or text (the canonical text, the default when piped)" },
	{ "ID", NULL, 0, NULL, "编号、TYPE/ID 或记录路径", "an id, TYPE/ID or a record path" },
	END,
};

static const struct cli_arg edit_args[] = {
	{ "ID", NULL, 0, NULL, "编号、TYPE/ID 或记录路径", "an id, TYPE/ID or a record path" },
	{ "KEY=VALUE", NULL, ARG_MANY | ARG_OPTIONAL, NULL, NULL, NULL },
	END,
};

static const struct cli_arg list_args[] = {
	TERM_OPT("学期", "term"),
	SCHOOL_OPT("学校（代码或名称）", "school (id or name)"),
	{ "--specialty", "C", 0, NULL, "专业代码", "specialty code" },
	{ "--where", "KEY=VALUE", ARG_MANY, NULL, "字段等于该值（可写中文标签和人名；可重复）",
	  "field equals value (Chinese labels and names accepted; repeatable)" },
	{ "--sort", "ORDER", 0, NULL, "newest（默认，新的在前）、oldest、path，或字段名（前加 - 为降序）",
	  "newest (the default), oldest, path, or a field (- in front: descending)" },
	FORMAT,
	LABELS,
	{ "TYPE", NULL, 0, NULL, NULL, NULL },
	END,
};

static const struct cli_arg search_args[] = {
	{ "--type", "TYPE", 0, NULL, "只查这一类记录（observation、plan、question …）", "records of this type only (observation, plan, question …)" },
	TERM_OPT("只查该学期的记录", "records of this term only"),
	SCHOOL_OPT("只查该学校的记录（代码或名称）", "records of this school only (id or name)"),
	FORMAT,
	{ "TEXT", NULL, 0, NULL, "要查找的文字", "the text to find" },
	END,
};

static const struct cli_arg get_args[] = {
	{ "ID", NULL, 0, NULL, NULL, NULL },
	{ "KEY", NULL, 0, NULL, "字段名或 节.字段", "a field name or section.key" },
	END,
};

static const struct cli_arg migrate_args[] = {
	{ "--dry-run", NULL, 0, NULL, "只说明要移动什么，不写入", "say what would move, write nothing" },
	END,
};

static const struct cli_arg deactivate_args[] = {
	{ "--date", "YYYY-MM-DD", 0, NULL, "离开的日期（默认今天）", "the day they left (default today)" },
	{ "PERSON", NULL, 0, NULL, "人员工号", "person id" },
	END,
};

static const struct cli_arg obs_stats_args[] = {
	TERM_OPT("学期（默认 group.ini 的当前学期）", "term (default: the group's current term)"),
	SCHOOL_OPT("只看一所学校", "one school only"),
	FORMAT,
	LABELS,
	END,
};

static const struct cli_arg obs_reply_args[] = {
	{ "ID", NULL, 0, NULL, "听课记录编号", "observation id" },
	{ "TEXT", NULL, 0, NULL, "回复内容；- 时从标准输入读入", "the reply; - reads it from standard input" },
	END,
};

static const struct cli_arg obs_inbox_args[] = {
	TERM_OPT("学期", "term"),
	{ "--person", "ID", 0, NULL, "看另一位人员的（须有权查看）", "another person's (when you may see them)" },
	FORMAT,
	LABELS,
	END,
};

static const struct cli_arg plan_new_args[] = {
	TERM_OPT("学期（默认集团当前学期的下一学期）", "term (default: the term after the group's current one)"),
	SCHOOL_OPT("学校（默认本人所属学校）", "school (default: your own)"),
	{ "--specialty", "C", ARG_REQUIRED, NULL, "专业代码", "specialty code" },
	{ "--from", "TERM", 0, NULL, "复制本校该专业在 TERM 学期的课程行", "copy the rows of this school's filing of TERM" },
	END,
};

static const struct cli_arg plan_course_args[] = {
	{ "ID", NULL, 0, NULL, "学期/学校/专业", "TERM/SCHOOL/SPECIALTY" },
	{ "add|set|rm|move", NULL, 0, NULL, NULL, NULL },
	{ "N|KEY=VALUE", NULL, ARG_MANY | ARG_OPTIONAL, NULL, NULL, NULL },
	END,
};

static const struct cli_arg plan_import_args[] = {
	{ "ID", NULL, 0, NULL, "学期/学校/专业", "TERM/SCHOOL/SPECIALTY" },
	{ "FILE", NULL, ARG_FILE_IN, NULL, "CSV 文件；- 为标准输入", "a CSV file; - = standard input" },
	END,
};

static const struct cli_arg plan_export_args[] = {
	{ "ID", NULL, 0, NULL, "学期/学校/专业", "TERM/SCHOOL/SPECIALTY" },
	{ "FILE", NULL, ARG_FILE_OUT | ARG_OPTIONAL, NULL, "CSV 文件；- 或省略为标准输出", "a CSV file; - or none = standard output" },
	END,
};

static const struct cli_arg plan_check_args[] = {
	FORMAT,
	{ "ID", NULL, 0, NULL, "学期/学校/专业", "TERM/SCHOOL/SPECIALTY" },
	END,
};

static const struct cli_arg plan_submit_args[] = {
	{ "--despite-errors", NULL, 0, NULL, "检查有错误时仍然提交（审核人会看到）", "submit although the check finds errors (the reviewer sees it)" },
	{ "ID", NULL, 0, NULL, "学期/学校/专业", "TERM/SCHOOL/SPECIALTY" },
	END,
};

static const struct cli_arg plan_review_args[] = {
	{ "--approve", NULL, 0, NULL, "通过", "approve" },
	{ "--return", NULL, 0, NULL, "退回整改（须写总体意见或逐行意见）", "return for rectification (needs a comment)" },
	{ "--comment", "TEXT", 0, NULL, "总体意见", "overall comment" },
	{ "--row", "N=TEXT", ARG_MANY, NULL, "第 N 行的意见（可重复）", "a comment on row N (repeatable)" },
	{ "ID", NULL, 0, NULL, "学期/学校/专业", "TERM/SCHOOL/SPECIALTY" },
	END,
};

static const struct cli_arg plan_answer_args[] = {
	{ "ID", NULL, 0, NULL, "学期/学校/专业", "TERM/SCHOOL/SPECIALTY" },
	{ "N", NULL, 0, NULL, "行号（现在的行号）", "the row number (as numbered now)" },
	{ "TEXT", NULL, 0, NULL, "答复；- 时从标准输入读入；空字符串删除答复", "the answer; - reads it from standard input; empty removes it" },
	END,
};

static const struct cli_arg obs_print_args[] = {
	{ "ID", NULL, 0, NULL, "听课记录编号", "observation id" },
	{ "FILE", NULL, ARG_FILE_OUT | ARG_OPTIONAL, NULL, "HTML 文件；- 或省略为标准输出", "an HTML file; - or none = standard output" },
	END,
};

static const struct cli_arg plan_print_args[] = {
	{ "ID", NULL, 0, NULL, "学期/学校/专业", "TERM/SCHOOL/SPECIALTY" },
	{ "FILE", NULL, ARG_FILE_OUT | ARG_OPTIONAL, NULL, "HTML 文件；- 或省略为标准输出", "an HTML file; - or none = standard output" },
	END,
};

static const struct cli_arg plan_status_args[] = {
	TERM_OPT("学期（默认下一学期）", "term (default: the filing term)"),
	FORMAT,
	END,
};

static const struct cli_arg roster_import_args[] = {
	{ "FILE", NULL, ARG_FILE_IN, NULL, "CSV 文件；- 为标准输入", "a CSV file; - = standard input" },
	END,
};

static const struct cli_arg roster_export_args[] = {
	SCHOOL_OPT("只导出一所学校的人员（代码或名称）", "one school's people only (id or name)"),
	{ "--all", NULL, 0, NULL, "也导出已登记离开的人员", "people who left too" },
	{ "FILE", NULL, ARG_FILE_OUT | ARG_OPTIONAL, NULL, "CSV 文件；- 或省略为标准输出", "a CSV file; - or none = standard output" },
	END,
};

static const struct cli_arg keys_add_args[] = {
	{ "--authorized-keys", "FILE", ARG_FILE_OUT, NULL, "使用另一个文件（sshd 的 AuthorizedKeysFile 不在默认位置时）",
	  "use another file (when sshd's AuthorizedKeysFile is elsewhere)" },
	{ "--school", "S", 0, NULL, "另一校区服务器的密钥：只能同步，推送身份为学校 S（此时不写 PERSON）",
	  "another campus server's key: sync only, pushing as school S (then no PERSON)" },
	{ "PERSON", NULL, 0, NULL, "人员工号", "person id" },
	{ "KEYFILE", NULL, ARG_FILE_IN | ARG_OPTIONAL, NULL, "公钥文件（- 为标准输入）", "public key file (- = standard input)" },
	END,
};

static const struct cli_arg keys_list_args[] = {
	{ "--authorized-keys", "FILE", ARG_FILE_IN, NULL, "使用另一个文件", "use another file" },
	FORMAT,
	END,
};

static const struct cli_arg keys_rm_args[] = {
	{ "--authorized-keys", "FILE", ARG_FILE_OUT, NULL, "使用另一个文件", "use another file" },
	{ "PERSON|FINGERPRINT", NULL, 0, NULL, NULL, NULL },
	END,
};

static const struct cli_arg serve_args[] = {
	{ "--school", "S", 0, NULL, "校区服务器的密钥：只提供同步，身份为学校 S", "a campus server's key: sync traffic only, as school S" },
	{ "PERSON", NULL, ARG_OPTIONAL, NULL, "人员工号（由登录密钥决定）", "person id (fixed by the login key)" },
	END,
};

static const struct cli_arg remote_add_args[] = {
	{ "NAME", NULL, 0, NULL, "名称（小写字母、数字、. _ -），如 central", "a name ([a-z0-9._-]), e.g. central" },
	{ "URL", NULL, 0, NULL, "ssh://用户@主机[:端口]/路径、用户@主机:路径、本地路径、file:// 或 https://",
	  "ssh://user@host[:port]/path, user@host:path, a local path, file:// or https://" },
	END,
};

static const struct cli_arg name_arg[] = {
	{ "NAME", NULL, 0, NULL, NULL, NULL },
	END,
};

static const struct cli_arg format_only[] = {
	FORMAT,
	END,
};

static const struct cli_arg sync_args[] = {
	{ "--quiet", NULL, 0, NULL, "只输出错误（给 cron 用）", "print errors only (for cron)" },
	{ "NAME", NULL, ARG_OPTIONAL, NULL, "远程仓库（默认：唯一的那个，或 [sync] remote）", "the remote (default: the only one, or [sync] remote)" },
	END,
};

static const struct cli_arg hook_install_args[] = {
	{ "REPO", NULL, ARG_REPO, NULL, "中心数据仓库（裸仓库）的路径", "the central (bare) data repository" },
	END,
};

static const struct cli_arg conflict_resolve_args[] = {
	{ "--take", "ours|theirs|VALUE", ARG_REQUIRED, NULL, "保留原值、采用被替换的值，或给出新值",
	  "keep the value, take the replaced one, or give the value" },
	{ "ID", NULL, 0, NULL, "冲突编号", "conflict id" },
	END,
};

#define COURSE_OPT(attrs) { "--course", "C", attrs, NULL, "课程代码或课程名称（如 530701-c01 或 网店运营）", "course code or name (530701-c01, 网店运营)" }
#define BANK_FORMAT { "--format", "FORMAT", 0, "gift|csv", "gift（Moodle GIFT，默认；文件名以 .csv 结尾时为 csv）或 csv（中文模板）", "gift (Moodle GIFT, the default; csv when the file name ends in .csv) or csv (the Chinese template)" }

static const struct cli_arg bank_list_args[] = {
	{ "--specialty", "C", 0, NULL, "专业代码", "specialty code" },
	COURSE_OPT(0),
	{ "--chapter", "X", 0, NULL, "章节（与记录中的完全相同）", "chapter (exactly as stored)" },
	{ "--type", "T", 0, NULL, "题型：单选 多选 判断 填空 简答 实操", "type: single multiple truefalse fill short practical" },
	{ "--difficulty", "N", 0, NULL, "难度 1–5", "difficulty 1-5" },
	{ "--level", "L", 0, NULL, "认知层次：识记 理解 应用 分析", "level: remember understand apply analyse" },
	{ "--state", "S", 0, NULL, "状态：草稿 已退回 已审核 已停用 已被替代", "state: draft returned approved retired superseded" },
	{ "--text", "TEXT", 0, NULL, "题干、选项或知识点中含有 TEXT", "TEXT occurs in the stem, an option or the knowledge point" },
	FORMAT,
	END,
};

static const struct cli_arg bank_id_arg[] = {
	{ "ID", NULL, 0, NULL, "试题编号", "question id" },
	END,
};

static const struct cli_arg bank_add_args[] = {
	COURSE_OPT(ARG_REQUIRED),
	{ "--force", NULL, 0, NULL, "与已有试题相似时仍然添加（确认不是同一道题；记入 question.similar）", "add although similar items exist (confirmed different; kept in question.similar)" },
	{ "KEY=VALUE", NULL, ARG_MANY | ARG_OPTIONAL, NULL, NULL, NULL },
	END,
};

static const struct cli_arg bank_edit_args[] = {
	{ "--force", NULL, 0, NULL, "与其他试题相似时仍然保存", "save although similar items exist" },
	{ "ID", NULL, 0, NULL, "试题编号", "question id" },
	{ "KEY=VALUE", NULL, ARG_MANY | ARG_OPTIONAL, NULL, NULL, NULL },
	END,
};

static const struct cli_arg bank_review_args[] = {
	{ "--comment", "TEXT", ARG_REQUIRED, NULL, "审核意见（记入试题的审核记录）", "the comment (kept in the item's reviews)" },
	{ "ID", NULL, 0, NULL, "试题编号", "question id" },
	END,
};

static const struct cli_arg bank_retire_args[] = {
	{ "--comment", "TEXT", 0, NULL, "停用的原因", "why it is retired" },
	{ "ID", NULL, 0, NULL, "试题编号", "question id" },
	END,
};

static const struct cli_arg bank_import_args[] = {
	COURSE_OPT(ARG_REQUIRED),
	BANK_FORMAT,
	{ "--encoding", "ENC", 0, "gbk|utf-8", "gbk：把 GBK 编码的 GIFT 文件转为 UTF-8（CSV 自动识别 GBK）", "gbk: convert a GBK GIFT file to UTF-8 (CSV detects GBK itself)" },
	{ "--skip-bad", NULL, 0, NULL, "导入没有问题的题目，列出其余的（默认有一道有问题就什么也不写入）", "import the good questions and list the others (default: nothing when any is bad)" },
	{ "--force", NULL, 0, NULL, "与已有试题相似的题目也导入（完全重复的仍然拒绝）", "import questions similar to existing ones too (exact duplicates are still refused)" },
	{ "FILE", NULL, ARG_FILE_IN, NULL, "GIFT 或 CSV 文件；- 为标准输入", "a GIFT or CSV file; - = standard input" },
	END,
};

static const struct cli_arg bank_export_args[] = {
	COURSE_OPT(ARG_REQUIRED),
	{ "--state", "S", 0, NULL, "只导出该状态的试题（默认：草稿、已退回和已审核的）", "only items in this state (default: drafts, returned and approved)" },
	BANK_FORMAT,
	{ "FILE", NULL, ARG_FILE_OUT | ARG_OPTIONAL, NULL, "输出文件；- 或省略为标准输出", "output file; - or none = standard output" },
	END,
};

static const struct cli_arg bank_template_args[] = {
	{ "FILE", NULL, ARG_FILE_OUT | ARG_OPTIONAL, NULL, "输出文件；- 或省略为标准输出", "output file; - or none = standard output" },
	END,
};

static const struct cli_arg bank_course_args[] = {
	COURSE_OPT(0),
	FORMAT,
	END,
};

static const struct cli_arg seminar_new_args[] = {
	{ "--title", "TEXT", ARG_REQUIRED, NULL, "会议名称", "title" },
	{ "--date", "YYYY-MM-DD", ARG_REQUIRED, NULL, "会议日期", "date" },
	TERM_OPT("学期（默认为日期所在的学期）", "term (default: the date's)"),
	{ "--place", "TEXT", 0, NULL, "地点", "place" },
	{ "--host", "S", 0, NULL, "承办学校（代码或名称；默认本人所属学校）", "host school (id or name; default: your own)" },
	{ "--specialty", "C", 0, NULL, "专业（代码或名称；不写为全集团的研讨会议）", "specialty (code or name; none: group-wide)" },
	{ "--topic", "T", ARG_MANY, NULL, "研讨主题：编号 1–7 或名称（可重复，可用逗号分隔）", "topic: 1-7 or its name (repeatable, or comma separated)" },
	{ "--other-topics", "TEXT", 0, NULL, "方案所列以外的主题", "topics beyond the plan's list" },
	{ "--attendee", "P", ARG_MANY, NULL, "参会人员：工号或姓名（可重复，可用逗号分隔）", "attendee: person id or name (repeatable, or comma separated)" },
	{ "--minutes", "TEXT", 0, NULL, "会议纪要", "minutes" },
	{ "--decisions", "TEXT", 0, NULL, "会议决定", "decisions" },
	{ "--action", "WHAT|OWNER|DUE", ARG_MANY, NULL, "事项：工作内容|责任人|完成时限（可重复）", "action item: what|owner|due (repeatable)" },
	END,
};

static const struct cli_arg seminar_list_args[] = {
	TERM_OPT("学期（默认当前学期）", "term (default: the current one)"),
	{ "--all", NULL, 0, NULL, "全部学期", "every term" },
	FORMAT,
	END,
};

static const struct cli_arg seminar_items_args[] = {
	TERM_OPT("只看该学期的会议（默认全部学期）", "seminars of this term only (default: every term)"),
	{ "--owner", "P", 0, NULL, "责任人（工号或姓名）", "owner (id or name)" },
	SCHOOL_OPT("责任人所属学校", "the owners' school"),
	{ "--open", NULL, 0, NULL, "只列未完成的", "open items only" },
	FORMAT,
	END,
};

static const struct cli_arg seminar_action_args[] = {
	{ "--date", "YYYY-MM-DD", 0, NULL, "完成日期（默认今天）", "the day it was done (default today)" },
	{ "--evidence", "TEXT", 0, NULL, "完成情况说明（佐证）", "how it was done (evidence)" },
	{ "done|reopen|add", NULL, 0, NULL, NULL, NULL },
	{ "ID", NULL, 0, NULL, "研讨会议编号", "seminar id" },
	{ "N|WHAT|OWNER|DUE", NULL, 0, NULL, "事项序号（done、reopen），或 工作内容|责任人|完成时限（add）", "item number (done, reopen), or what|owner|due (add)" },
	END,
};

static const struct cli_arg exchange_new_args[] = {
	{ "--person", "P", ARG_REQUIRED, NULL, "教师（工号或姓名）", "teacher (id or name)" },
	{ "--direction", "D", ARG_REQUIRED, NULL, "教学指导（guide）、跟班学习（shadow）或培训进修（training）", "guide, shadow or training (or 教学指导 跟班学习 培训进修)" },
	{ "--from", "S", 0, NULL, "派出学校（默认该教师所属学校）", "sending school (default: the teacher's)" },
	{ "--to", "S", ARG_REQUIRED, NULL, "接收学校", "receiving school" },
	{ "--specialty", "C", ARG_REQUIRED, NULL, "专业（代码或名称）", "specialty (code or name)" },
	{ "--start", "YYYY-MM-DD", ARG_REQUIRED, NULL, "开始日期", "first day" },
	{ "--end", "YYYY-MM-DD", ARG_REQUIRED, NULL, "结束日期", "last day" },
	{ "--course", "NAME", ARG_MANY, NULL, "承担或跟随的课程（可重复）", "a course taught or followed (repeatable)" },
	{ "--hours", "N", 0, NULL, "学时", "hours" },
	{ "--outcome", "TEXT", 0, NULL, "成效", "outcome" },
	END,
};

static const struct cli_arg exchange_list_args[] = {
	{ "--year", "YYYY-YYYY", 0, NULL, "学年（默认当前学年）", "school year (default: the current one)" },
	{ "--all", NULL, 0, NULL, "全部学年", "every school year" },
	SCHOOL_OPT("派出或接收学校", "the sending or receiving school"),
	FORMAT,
	END,
};

static const struct cli_arg exchange_quota_args[] = {
	{ "--year", "YYYY-YYYY", 0, NULL, "学年（默认当前学年）", "school year (default: the current one)" },
	FORMAT,
	END,
};

static const struct cli_arg report_ledger_args[] = {
	TERM_OPT("学期（默认当前学期）", "term (default: the current one)"),
	SCHOOL_OPT("一所学校（代码或名称）；默认全部成员学校（只限牵头学校的管理员）", "one school (id or name); default every member school (lead-college admins only)"),
	{ "--format", "FORMAT", 0, "table|tsv|csv|html|xlsx", "table（默认）、tsv、csv、html（可打印的网页）或 xlsx（Excel）；省略时按文件名后缀",
	  "table (default), tsv, csv, html (a printable page) or xlsx (Excel); by default from the file name" },
	{ "FILE", NULL, ARG_FILE_OUT | ARG_OPTIONAL, NULL, "输出文件；- 或省略为标准输出", "output file; - or none = standard output" },
	END,
};

static const struct cli_arg stats_items_args[] = {
	{ "--points", "P1,P2,...", 0, NULL, "各题分值（逗号分隔，如 2,2,5）；省略时取每题的最高得分",
	  "the item points, comma-separated (2,2,5); default: each item's highest score" },
	{ "--paper", "A|B", 0, "A|B", "只分析该试卷的学生（成绩表含 A、B 两卷时必需）", "only the students of this paper (needed when the table holds A and B)" },
	{ "--blank-zero", NULL, 0, NULL, "空的成绩格记 0 分（默认为错误）", "a blank score cell counts 0 (default: an error)" },
	{ "--format", "FORMAT", 0, "table|tsv|html|xlsx", "table（默认）、tsv、html（一个文件，含图表）或 xlsx（Excel，含图表）",
	  "table (default), tsv, html (one file with charts) or xlsx (Excel with charts)" },
	{ "FILE", NULL, ARG_FILE_IN, NULL, "成绩表 CSV（学号,试卷,1,2,…,N）；- 为标准输入", "the score CSV (学号,试卷,1,2,…,N); - = standard input" },
	END,
};

#define PASS_OPT { "--passphrase-fd", "N", ARG_FILE_IN, NULL, "从文件描述符 N 读口令（- 为标准输入；远程登录时只能是 -）。也可用环境变量 JIAOYAN_PASSPHRASE_FILE（只限本机）", "read the passphrase from descriptor N (- = standard input; over SSH only -); or JIAOYAN_PASSPHRASE_FILE (local only)" }
#define EXAM_ID { "ID", NULL, 0, NULL, "联考编号", "exam id" }

static const struct cli_arg key_gen_args[] = {
	PASS_OPT,
	{ "--replace", NULL, 0, NULL, "替换已有的密钥（打不开按旧密钥密封的试卷：请命题组重新密封）", "replace an existing key (papers sealed to the old one need re-sealing)" },
	END,
};

static const struct cli_arg key_show_args[] = {
	{ "PERSON", NULL, ARG_OPTIONAL, NULL, "人员工号或姓名（默认本人）", "person id or name (default: yourself)" },
	END,
};

static const struct cli_arg exam_new_args[] = {
	TERM_OPT("学期（默认集团当前学期）", "term (default: the group's current term)"),
	{ "--specialty", "C", ARG_REQUIRED, NULL, "专业代码", "specialty code" },
	{ "--course", "CODE", ARG_REQUIRED, NULL, "课程代码或名称", "course code or name" },
	{ "--name", "TEXT", ARG_REQUIRED, NULL, "考试名称", "the exam's name" },
	{ "KEY=VALUE", NULL, ARG_MANY | ARG_OPTIONAL, NULL, NULL, NULL },
	END,
};

static const struct cli_arg exam_list_args[] = {
	TERM_OPT("学期", "term"),
	FORMAT,
	END,
};

static const struct cli_arg exam_id_arg[] = {
	EXAM_ID,
	END,
};

static const struct cli_arg exam_blueprint_args[] = {
	EXAM_ID,
	{ "add|rm|show", NULL, 0, NULL, NULL, NULL },
	{ "N|KEY=VALUE", NULL, ARG_MANY | ARG_OPTIONAL, NULL, NULL, NULL },
	END,
};

static const struct cli_arg exam_assemble_args[] = {
	{ "--seed", "N", 0, NULL, "随机种子（默认 0；同一种子、同样的题库得到同样的试卷）", "random seed (default 0: the same seed and bank give the same papers)" },
	{ "--papers", "A,B", 0, NULL, "要组的试卷（默认联考的 papers 字段，或 A,B）", "which papers (default: the exam's papers field, or A,B)" },
	PASS_OPT,
	EXAM_ID,
	END,
};

static const struct cli_arg exam_check_args[] = {
	FORMAT,
	PASS_OPT,
	EXAM_ID,
	END,
};

static const struct cli_arg exam_swap_args[] = {
	{ "--paper", "A", ARG_REQUIRED, NULL, "试卷 A、B…", "paper A, B…" },
	PASS_OPT,
	EXAM_ID,
	{ "N", NULL, 0, NULL, "试卷中的题号", "the item's number in the paper" },
	{ "QUESTION", NULL, 0, NULL, "换入的试题编号（已审核，同一题型）", "the question to put in (approved, same type)" },
	END,
};

static const struct cli_arg exam_print_args[] = {
	{ "--paper", "A", ARG_REQUIRED, NULL, "试卷 A、B…", "paper A, B…" },
	{ "--key", NULL, 0, NULL, "附参考答案", "add the answer key" },
	{ "--grading", NULL, 0, NULL, "附评分标准", "add the grading standard" },
	{ "--format", "FORMAT", 0, "html|md|gift", "html（默认，A4 打印）、md（Markdown）或 gift（Moodle 在线考试）", "html (default, A4 print), md (Markdown) or gift (Moodle)" },
	PASS_OPT,
	EXAM_ID,
	END,
};

static const struct cli_arg exam_act_args[] = {
	PASS_OPT,
	EXAM_ID,
	END,
};

static const struct cli_arg exam_scores_import_args[] = {
	SCHOOL_OPT("学校（代码或名称；默认本人所属学校）", "school (id or name; default: your own)"),
	{ "--blank-zero", NULL, 0, NULL, "空的成绩格记 0 分（默认为错误）", "a blank score cell counts 0 (default: an error)" },
	EXAM_ID,
	{ "FILE", NULL, ARG_FILE_IN, NULL, "成绩表 CSV（学号,试卷,1,2,…,N）；- 为标准输入", "the score CSV (学号,试卷,1,2,…,N); - = standard input" },
	END,
};

#define RESULTS_PAPER { "--paper", "A|B", 0, "A|B", "只看该试卷（默认每份试卷各一块，A 在前）", "this paper only (default: a block per paper, A first)" }

static const struct cli_arg exam_results_args[] = {
	SCHOOL_OPT("一所学校（代码或名称）", "one school (id or name)"),
	RESULTS_PAPER,
	FORMAT,
	EXAM_ID,
	END,
};

static const struct cli_arg exam_report_args[] = {
	{ "--format", "FORMAT", ARG_REQUIRED, "html|xlsx", "html（一个文件，内嵌图表）或 xlsx（Excel，原生图表），写到标准输出",
	  "html (one file with charts) or xlsx (Excel with native charts), to standard output" },
	EXAM_ID,
	END,
};

#define PLAN_ID_HELP_ZH "  ID 为 学期/学校/专业，如 2026-2027-2/s01/530701（一份计划 = 一个学期 × 一所学校 × 一个专业）。\n"
#define PLAN_ID_HELP_EN "  ID is TERM/SCHOOL/SPECIALTY, e.g. 2026-2027-2/s01/530701.\n"

const struct cli_cmd cli_commands[] = {
	{ "init", cmd_init, init_args, CMD_LOCAL, "创建数据仓库（--demo 带演示数据）", "create a data repository (--demo: with the demo group)",
	  "  创建裸 git 数据仓库（默认 [repo] path 或 ~/.local/share/jiaoyan/data.git）。\n",
	  "  Creates the bare git data repository.\n" },
	{ "add", cmd_add, add_args, CMD_TYPE_FIELDS, "新增记录，输出其编号", "add a record and print its id",
	  "  TYPE: group school person specialty rules rubric plan observation course question exam scores seminar exchange\n"
	  "  试题（question）的重复检查同 jiaoyan bank add；相似时用 bank add --force。\n"
	  "  KEY 为主节中的字段名（如 name），或 节.字段（如 score.goal、text.problems、course.1.hours）。\n"
	  "  枚举值可写英文存储值或中文（如 kind=同行听课、dual_qualified=是）。\n"
	  "  学校、人员、专业等以代码为编号的记录用 id= / code= 指定编号；其余自动生成。\n",
	  "  KEY is a field of the main section (name) or section.key (score.goal, course.1.hours);\n"
	  "  enum values may be given as stored values or Chinese labels (kind=同行听课).\n" },
	{ "show", cmd_show, show_args, 0, "显示记录（终端上为中文标签和姓名；--format text 为规范文本）", "show a record (labels and names on a terminal; --format text: the canonical text)",
	  "  human：每节一段，字段用中文名，枚举值写中文，人员、学校、专业写名称（括号中为编号），多行文字缩进；\n"
	  "  text：存储的规范文本（INI），与 jiaoyan edit 打开的一样。输出不是终端时默认为 text。\n",
	  "  human: one block a section, fields by their labels, enum values as labels, people/schools/specialties by name (id in brackets);\n"
	  "  text: the stored canonical text (INI), as jiaoyan edit opens it. Not on a terminal the default is text.\n" },
	{ "edit", cmd_edit, edit_args, 0, "修改记录（无 KEY=VALUE 时打开编辑器）", "edit a record (no pairs: in $VISUAL/$EDITOR)",
	  "  没有 KEY=VALUE 时用 $VISUAL / $EDITOR 打开记录；保存后校验，不合格的修改被拒绝，\n"
	  "  编辑过的文本保留在提示的文件中，不会丢失。空值（KEY=）删除该字段。\n",
	  "  Without KEY=VALUE the record opens in $VISUAL/$EDITOR and is validated on exit; KEY= removes a field.\n" },
	{ "list", cmd_list, list_args, CMD_TYPE_FIELDS, "列出记录", "list records",
	  "  table（默认）按显示宽度对齐中文；tsv 第一行为字段名，值中的制表符和换行写作 \\t \\n。\n"
	  "  --where 的值可写存储值、中文标签（kind=同行听课）或人名（teacher=李娜，重名时须写工号）。\n"
	  "  默认新的在前（有日期的按日期，再按编号），与终端界面的列表相同；--sort 指定其他顺序。\n"
	  "  tsv 写稳定的代码（存储值、工号，听课记录的等级写 band.N）；--labels 时写中文标签和姓名。\n"
	  "  未知的字段、无效的学期、不存在的学校是错误（退出码 1），不是空列表。\n",
	  "  --where values may be stored values, Chinese labels or names of people; an unknown field, term or school is an error.\n" },
	{ "search", cmd_search, search_args, 0, "在全部记录中查找文字", "find text in every record",
	  "  在你看得到的每条记录的每个字段中查找 TEXT（子串）；全角与半角字母、数字、标点视为相同，英文字母\n"
	  "  不分大小写。按新的在前列出：类型、编号、第一个匹配的字段和它附近的内容。\n"
	  "  查的是存储的值（代码、工号），不是显示的标签和姓名。结果来自派生索引（仓库中的 jiaoyan-rows/），\n"
	  "  索引过期或损坏时自动重建，删除它不会丢失任何数据。\n",
	  "  Finds TEXT in every field of every record you may see; full-width and half-width forms match, letters\n"
	  "  ignore case. Newest first: type, id, the first matching field and the text around the match. Stored\n"
	  "  values are searched (codes, ids), not labels or names. Answers from the derived index (jiaoyan-rows/).\n" },
	{ "get", cmd_get, get_args, 0, "输出一个字段的值", "print one field's value",
	  "  输出解码后的原值加一个换行。\n", "  Prints the decoded value and a newline.\n" },
	{ "history", cmd_history, id_arg, 0, "记录的修改历史", "a record's history",
	  "  列出改动过该记录的提交：时间、作者、说明（新的在前）。\n", "  Commits that changed the record, newest first.\n" },
	{ "check", cmd_check, NULL, 0, "校验全部记录", "validate every record",
	  "  严格读取并校验每条记录（格式、字段、引用、存放位置）；有问题时逐条列出并以 1 退出。\n"
	  "  仍在旧目录布局中的记录不算问题，但会提示运行 jiaoyan migrate。\n",
	  "  Reads and validates every record strictly; lists each problem and exits 1 when there are any.\n"
	  "  Records still in the legacy layout are no problem, but a line says to run jiaoyan migrate.\n" },
	{ "gc", cmd_gc, NULL, 0, "打包松散对象（增量）", "pack loose objects (incremental)",
	  "  用 git repack --geometric=2 -d 把松散对象打成一个新包，并按几何级数合并小包（包的个数保持很少）；\n"
	  "  没有新对象时什么也不写。先清除两周以前、不可达的松散对象，并清除被中断的写入留下的临时文件（一小时以前的）。\n"
	  "  提交后松散对象超过约 2000 个时，同样的打包会在后台自动进行，不让任何人等待。需要安装 git。\n",
	  "  Packs the loose objects into one new pack with git repack --geometric=2 -d and merges small packs geometrically\n"
	  "  (few packs); with nothing new it writes nothing. First prunes unreachable loose objects older than two weeks and\n"
	  "  removes temporary files of interrupted writes older than an hour. Past ~2000 loose objects after a commit the same\n"
	  "  packing starts in the background, nobody waits for it. Needs git.\n" },
	{ "migrate", cmd_migrate, migrate_args, 0, "把旧目录布局的记录移入按月分层的目录（管理员）", "move legacy-layout records into month directories (admins)",
	  "  听课记录和试题按编号的月份（UTC）再分一层目录（observations/学期/学校/2026-11/编号.ini），\n"
	  "  使每个目录不超过约一千个文件。旧仓库的记录在一次提交中移到新路径，内容逐字节不变；\n"
	  "  history 仍列出移动以前的提交。没有要移动的就不提交。记录同时在新旧两个路径时（一个校区迁移后，\n"
	  "  另一个校区同步来对旧路径的修改）两者逐项合并，同一项不同时保留新路径的值，另一个值记入 conflicts/。\n"
	  "  建议每个校区先迁移（或先由中心仓库迁移），再同步。\n",
	  "  Observations and questions are filed one level deeper, by the month (UTC) of their id, so no directory\n"
	  "  holds more than about a thousand files. One commit moves every legacy-layout record, bytes unchanged;\n"
	  "  history still lists the commits before the move. Nothing to move: no commit. A record found at both paths\n"
	  "  is merged key by key (the new path's value kept, the other in conflicts/). Migrate every campus, then sync.\n" },
	{ "deactivate", cmd_deactivate, deactivate_args, 0, "登记人员离开（不删除，记录保留）", "mark a person as having left (never deleted)",
	  "  人员离开后不删除：state = left 并记下日期。其记录都保留，但不再出现在选择列表、听课任务和\n"
	  "  “尚未被听课”名单中。成员学校的管理员只能处理本校人员。\n",
	  "  A person who left is never deleted: their records stay; they drop out of pickers, quotas and coverage.\n" },
	{ "obs", NULL, NULL, 0, "听课统计、未被听课的教师、回复听课记录", "observation statistics, coverage and replies",
	  "  只统计完整的听课记录（评分类听课须每项指标都评分；集体备课、衔接检查至少写一项文字）。\n"
	  "  看得到哪些听课记录由 group.ini [privacy] observations 决定（own、school、group）。\n",
	  "  Only complete observations count. What you see follows group.ini [privacy] observations.\n" },
	{ "obs stats", cmd_obs_stats, obs_stats_args, 0, "一个学期的听课统计", "observation statistics of a term",
	  "  每位授课教师被听课次数、平均分、等级分布；每位听课人已听课次数与任务（group.ini [quota]）；\n"
	  "  各校听课次数、已覆盖教师/教师总数、平均分、等级分布。tsv 时每块前有一行字段名。\n",
	  "  Per teacher, per observer (against the quota) and per school; in tsv each block has a header line.\n" },
	{ "obs uncovered", cmd_obs_uncovered, obs_stats_args, 0, "该学期尚未被听课的教师", "teachers not yet observed this term", NULL, NULL },
	{ "obs reply", cmd_obs_reply, obs_reply_args, 0, "被听课的授课教师回复听课记录", "the observed teacher replies",
	  "  写入 [response]，只有授课教师本人可以回复。\n", "  Writes [response]; only the observed teacher may reply.\n" },
	{ "obs inbox", cmd_obs_inbox, obs_inbox_args, 0, "听我的课的听课记录（未回复的标为“新”）", "observations of my lessons (new ones marked)", NULL, NULL },
	{ "obs mine", cmd_obs_mine, obs_inbox_args, 0, "我做的听课记录", "observations I made", NULL, NULL },
	{ "obs print", cmd_obs_print, obs_print_args, 0, "打印用的听课记录表（HTML）", "the printable 听课记录表 (HTML)",
	  "  输出一个独立的 HTML 页面（A4，样式内嵌，无脚本），用浏览器打开后打印：字段、评价量表（权重、满分、得分、\n"
	  "  等级划分）、总分与等级、优点、问题、建议、授课教师回复和签名栏。记录中的文字都经过转义。\n"
	  "  远程登录时：ssh 主机 jiaoyan obs print ID > 听课记录表.html\n",
	  "  One self-contained HTML page (A4, inline style, no script): fields, the rubric table with scores and grade bands,\n"
	  "  texts, the reply and signature lines; record text is escaped. Over SSH: ssh HOST jiaoyan obs print ID > obs.html\n" },
	{ "plan", NULL, NULL, 0, "授课计划备案：新建、导入、检查、提交、审核、状态", "teaching-plan filing: create, import, check, submit, review, status",
	  PLAN_ID_HELP_ZH
	  "  只有本校人员（或本校、牵头学校的管理员）可以新建、修改、导入、提交、重新打开；只有该专业的专业负责人可以审核。\n"
	  "  被拒绝的操作不写入任何内容，退出码为 1；用法错误为 2。\n",
	  PLAN_ID_HELP_EN
	  "  Only people of the filing school (or admins of it or of the lead college) edit and submit; only the specialty's leads review.\n" },
	{ "plan new", cmd_plan_new, plan_new_args, 0, "新建草稿", "create a draft filing",
	  "  --from 时已不在名册中的教师留空并提示。\n", "  With --from, teachers no longer on the roster are left empty (with a note).\n" },
	{ "plan course", cmd_plan_course, plan_course_args, 0, "编辑课程行（草稿或需整改时）", "edit course rows (draft or returned)",
	  "  jiaoyan plan course ID add KEY=VALUE...     追加一行（至少 name、category、hours）\n"
	  "  jiaoyan plan course ID set N KEY=VALUE...   修改第 N 行\n"
	  "  jiaoyan plan course ID rm N                 删除第 N 行\n"
	  "  jiaoyan plan course ID move N TO            移到第 TO 行（之后的行重新编号）\n"
	  "  KEY：name category hours theory practice credits weeks teacher elective note（也可用 CSV 表头的中文列名）。\n"
	  "  category 可写 公共基础课 专业基础课 专业核心课 专业拓展课 实践课（可带“程”）；teacher 可写工号，\n"
	  "  或本校（其次是在本校交流的牵头学校教师）的姓名，重名时须写工号；elective 写 是/否。\n",
	  "  add KEY=VALUE... | set N KEY=VALUE... | rm N | move N TO. KEY: name category hours theory practice credits weeks teacher elective note.\n" },
	{ "plan import", cmd_plan_import, plan_import_args, 0, "用 CSV 表格替换全部课程行", "replace the course rows with a CSV table",
	  "  UTF-8（可带 BOM）或 GBK（Excel 默认的“CSV（逗号分隔）”），第一行为表头\n"
	  "  课程名称,课程类别,总学时,理论学时,实践学时,学分,周数,任课教师,是否选修（列序不限；前三列必需；可另有 序号、备注）。\n"
	  "  有错误的行按行号全部列出，此时什么也不写入。行数上限由 group.ini [limits] import_rows 决定（默认 2000）。\n"
	  "  远程登录时 FILE 只能是 -：ssh 主机 jiaoyan plan import ID - < plan.csv\n",
	  "  UTF-8 (BOM or not) or GBK; every bad row is listed and nothing is written. Over SSH: ssh HOST jiaoyan plan import ID - < plan.csv\n" },
	{ "plan export", cmd_plan_export, plan_export_args, 0, "按导入的表头导出 CSV", "export the rows as CSV",
	  "  UTF-8 带 BOM，CRLF 换行，Excel 可直接打开。以 = + - @ 开头的单元格前加 '，Excel 当作文字而不是公式。\n"
	  "  远程登录时：ssh 主机 jiaoyan plan export ID - > plan.csv\n",
	  "  UTF-8 with BOM, CRLF; cells beginning with = + - @ get a leading ' so Excel shows text, not a formula.\n"
	  "  Over SSH: ssh HOST jiaoyan plan export ID - > plan.csv\n" },
	{ "plan check", cmd_plan_check, plan_check_args, 0, "按规则集检查（有错误时退出码为 1）", "compliance check (exit 1 on errors)",
	  "  按该专业的规则集（specialty.rules，否则 group.rules）检查：学时学分、理论+实践=总学时、公共基础课/实践/\n"
	  "  选修学时占比、双师型/高级职称/兼职教师比例、教师在册与教师资格、周学时、核心课程；每条注明严重程度、\n"
	  "  所在行和所依据的条款。\n",
	  "  Checks against the specialty's rule set; each finding names its severity, row and clause.\n" },
	{ "plan submit", cmd_plan_submit, plan_submit_args, 0, "提交审核（版本号加 1）", "submit for review (revision + 1)",
	  "  检查有错误时拒绝，除非加 --despite-errors（审核人会看到）。\n", "  Refused while the check has errors, unless --despite-errors.\n" },
	{ "plan review", cmd_plan_review, plan_review_args, 0, "专业负责人审核：通过或退回整改", "the specialty lead's verdict",
	  "  --approve 与 --return 选一个。\n", "  Give one of --approve and --return.\n" },
	{ "plan reopen", cmd_plan_reopen, id_arg, 0, "重新打开（已通过的开始新修订；待审核的撤回）", "reopen (new revision) or withdraw",
	  "  已通过的计划是只读的：reopen 把它改回草稿，修改后须重新提交审核；也可撤回尚未审核的提交。\n",
	  "  An approved filing is read-only: reopen makes it a draft again; also withdraws an unreviewed submission.\n" },
	{ "plan status", cmd_plan_status, plan_status_args, 0, "成员学校 × 专业的备案状态", "filing state per member school × specialty",
	  "  截止日期来自 group.ini（秋季学期 plan_due_autumn 截止下学期的备案，春季学期 plan_due_spring），逾期的标出。\n"
	  "  tsv 每格一行：term school specialty state revision overdue due。\n",
	  "  Due dates come from group.ini; tsv has one line per cell: term school specialty state revision overdue due.\n" },
	{ "plan show", cmd_plan_show, id_arg, 0, "显示计划：课程表、检查结果、较上次审核的改动、审核记录", "show a filing: rows, findings, changes since the last review, reviews",
	  "  审核过的计划：最后一列标出与上次审核的版本相比新增和改动的行（改了哪些列），表下列出删除的行；\n"
	  "  审核记录中每条逐行意见下显示学校的答复。\n",
	  "  A reviewed filing: the last column marks rows added or changed (which cells) since the reviewed revision;\n"
	  "  removed rows are listed under the table; the school's answers follow the reviewer's row comments.\n" },
	{ "plan print", cmd_plan_print, plan_print_args, 0, "打印用的授课计划备案表（HTML）", "the printable 授课计划备案表 (HTML)",
	  "  输出一个独立的 HTML 页面（A4 横向，样式内嵌，无脚本）：课程表（教师的职称和双师型）、学时合计、合规检查\n"
	  "  结果及依据、审核记录与学校答复、签名栏。远程登录时：ssh 主机 jiaoyan plan print ID > 备案表.html\n",
	  "  One self-contained HTML page (A4 landscape): the course table, hour totals, findings with clauses, reviews and answers, signatures.\n" },
	{ "plan answer", cmd_plan_answer, plan_answer_args, 0, "学校答复审核意见（如「已调整」，随下一版提交）", "the school answers a review comment (\"已调整\"; goes with the next revision)",
	  "  答复上一轮审核对该行的意见，记在该课程行中（course.N answer.R），重新提交后审核人在意见旁看到。\n"
	  "  只能在草稿或需整改时，由本校人员（或管理员）答复。\n",
	  "  Answers the last review's comment on that row; stored in the row, so the reviewer reads it beside the comment.\n" },
	{ "roster", NULL, NULL, 0, "名册：人员表格的导入导出（CSV，中文表头）", "the roster as a table: import and export (CSV, Chinese header)",
	  "  表头（列序不限）：工号,姓名,学校,角色,职称,是否双师型,是否有教师资格,专业,登录名。工号必需；新人员还须有姓名和学校。\n"
	  "  学校写代码或名称；角色写 教师 听课员 专业负责人 命题教师 管理员（多个用、或逗号分隔）；职称写 无职称 初级 中级\n"
	  "  副高级 正高级；是否… 写 是/否；专业写代码或名称；登录名为系统账号。表头中有的列决定该字段（空单元格清空该字段），\n"
	  "  没有的列不改动。已有的工号更新该人员，不会重复新增；同一工号出现两次是错误。\n",
	  "  Header (any order): 工号,姓名,学校,角色,职称,是否双师型,是否有教师资格,专业,登录名. 工号 is required; new people need 姓名 and 学校.\n"
	  "  A column in the header sets its field (an empty cell clears it); a column left out leaves the field alone.\n"
	  "  An existing 工号 updates that person, never adds a second; the same 工号 twice is an error.\n" },
	{ "roster import", cmd_roster_import, roster_import_args, 0, "从 CSV 导入人员（新增或更新，一次提交）", "import people from CSV (add or update, one commit)",
	  "  表头（列序不限，工号必需）：工号,姓名,学校,角色,职称,是否双师型,是否有教师资格,专业,登录名\n"
	  "  UTF-8（可带 BOM）或 GBK（Excel 默认的“CSV（逗号分隔）”）。每一行按人员规则检查：成员学校的管理员只能导入\n"
	  "  本校人员，且不能授予管理员和专业负责人角色；牵头学校的管理员可以导入任何学校的人员。有问题的行按行号全部列出，\n"
	  "  此时什么也不写入。远程登录时：ssh 主机 jiaoyan roster import - < 名册.csv\n",
	  "  Header (any order, 工号 required): 工号,姓名,学校,角色,职称,是否双师型,是否有教师资格,专业,登录名\n"
	  "  UTF-8 (BOM or not) or GBK. Every row is judged by the person rules (a member school's admin imports their own school's\n"
	  "  people only); every bad row is listed by line and nothing is written. Over SSH: ssh HOST jiaoyan roster import - < roster.csv\n" },
	{ "roster export", cmd_roster_export, roster_export_args, 0, "按导入的表头导出名册（CSV）", "export the roster as CSV (the import's header)",
	  "  UTF-8 带 BOM，CRLF 换行，Excel 可直接打开；按学校、工号排序；默认不含已登记离开的人员。\n",
	  "  UTF-8 with BOM, CRLF; by school then id; people who left only with --all.\n" },
	{ "bank", NULL, NULL, 0, "联考题库：命题、审核、查重、导入导出（Moodle GIFT、CSV）、统计", "the joint-exam question bank: write, review, find duplicates, import/export (Moodle GIFT, CSV), stats",
	  "  题型：单选 多选 判断 填空 简答 实操；难度 1–5；认知层次 识记 理解 应用 分析。\n"
	  "  集团各校的人员都可以命题（草稿，记下命题人和学校）；只有本专业另一位命题教师可以审核通过或退回（须写意见）；\n"
	  "  停用由本专业的命题教师或专业负责人决定。已审核的试题不直接修改：修改生成下一版草稿，审核通过后替代原版。\n"
	  "  题干和选项规范化后（全角半角、标点、空格、选项顺序）相同的是重复题，拒绝；相似度达到 group.ini [bank]\n"
	  "  similarity（默认 0.8）的须加 --force。被拒绝的操作不写入任何内容，退出码为 1。\n",
	  "  Types: single multiple truefalse fill short practical; difficulty 1-5; levels remember understand apply analyse.\n"
	  "  People of the group's schools add drafts; another examiner of the specialty approves or returns them (with a comment);\n"
	  "  approved items change only through a new version. Exact duplicates are refused, near ones need --force.\n" },
	{ "bank list", cmd_bank_list, bank_list_args, 0, "列出试题", "list questions",
	  "  tsv 的列：id course version type difficulty level chapter point state stem（值为存储值）。\n",
	  "  tsv columns: id course version type difficulty level chapter point state stem (stored values).\n" },
	{ "bank show", cmd_bank_show, bank_id_arg, 0, "按学生看到的样子显示试题，附答案、解析和审核记录", "show a question as a student sees it, with answer, explanation and reviews", NULL, NULL },
	{ "bank add", cmd_bank_add, bank_add_args, 0, "命题：新增一道试题草稿，输出其编号", "write a question (a draft); prints its id",
	  "  KEY 为模板的列名或字段名：题型 难度 章节 知识点 认知层次 题干 选项A…选项H（或 A…H）答案 分值 解析 评分标准 数值答案，\n"
	  "  或 type difficulty chapter point level stem answer points explanation rubric numeric、options.A、weights.A、feedback.A。\n"
	  "  答案：单选 B；多选 ACD；判断 正确/错误；填空 每行一个可接受的答案（数值答案写 3.14、3.14±0.01 或 1..5）。\n"
	  "  例：jiaoyan bank add --course 网店运营 题型=单选 难度=2 认知层次=理解 题干='…' A=… B=… C=… D=… 答案=B 分值=2\n",
	  "  KEY is a template column or a field: type difficulty chapter point level stem A…H answer points explanation rubric numeric.\n" },
	{ "bank edit", cmd_bank_edit, bank_edit_args, 0, "修改试题（已审核的生成下一版草稿）", "edit a question (an approved one gets a new version)",
	  "  草稿和已退回的试题直接修改（已退回的改回草稿，等待再次审核）；已审核的试题生成第 N+1 版草稿，\n"
	  "  原版在新版本审核通过前照常可用，通过时标记为已被替代。KEY 同 bank add。\n",
	  "  Drafts change in place; an approved item gets version N+1 as a draft, which replaces it once approved.\n" },
	{ "bank approve", cmd_bank_approve, bank_review_args, 0, "审核通过（本专业的另一位命题教师）", "approve (another examiner of the specialty)",
	  "  须填写认知层次；简答题须有参考答案，实操题须有评分标准。新版本通过时，上一版本标记为已被替代。\n",
	  "  Needs a level; a short answer needs a reference answer, a practical a rubric.\n" },
	{ "bank return", cmd_bank_return, bank_review_args, 0, "退回命题人修改（写明要改什么）", "return to the author (say what to change)", NULL, NULL },
	{ "bank retire", cmd_bank_retire, bank_retire_args, 0, "停用试题（不再用于组卷，记录保留）", "retire a question (no longer drawn; kept)", NULL, NULL },
	{ "bank rm", cmd_bank_rm, bank_id_arg, 0, "删除草稿（只限命题人；审核过的只能停用）", "delete a draft (its author; reviewed items are retired instead)", NULL, NULL },
	{ "bank import", cmd_bank_import, bank_import_args, 0, "从 Moodle GIFT 或 CSV 导入试题草稿", "import draft questions from Moodle GIFT or CSV",
	  "  UTF-8（可带 BOM），LF 或 CRLF 换行。GIFT 须为 UTF-8：GBK 文件被拒绝，除非 --encoding gbk；CSV 可为 GBK（Excel 默认）。\n"
	  "  每道有问题的题目按行号和题目列出；有任何一道有问题时什么也不写入，除非 --skip-bad。\n"
	  "  题目数上限由 group.ini [limits] import_rows 决定。远程登录时：ssh 主机 jiaoyan bank import - --course C < bank.gift\n",
	  "  UTF-8 (BOM or not), LF or CRLF. GIFT must be UTF-8 (GBK refused unless --encoding gbk); CSV may be GBK.\n"
	  "  Every bad question is listed by line; nothing is written unless --skip-bad. Over SSH: FILE is -.\n" },
	{ "bank export", cmd_bank_export, bank_export_args, 0, "导出为 Moodle GIFT 或 CSV（默认标准输出）", "export as Moodle GIFT or CSV (standard output by default)",
	  "  GIFT 可直接导入 Moodle：章节为题库类别，知识点为题目名称，解析为总体反馈；难度、认知层次、分值和\n"
	  "  简答/实操的参考答案、评分标准写在每题前的注释 // jiaoyan: 中，再导入时还原。CSV 为模板格式（UTF-8 带 BOM）。\n",
	  "  GIFT imports into Moodle; what GIFT has no place for travels in a // jiaoyan: comment. CSV is the template layout.\n" },
	{ "bank template", cmd_bank_template, bank_template_args, 0, "输出 CSV 模板的表头（UTF-8 带 BOM，Excel 可直接打开）", "print the CSV template's header (UTF-8 with BOM, opens in Excel)",
	  "  列：题型,难度,章节,知识点,认知层次,题干,选项A,…,选项H,答案,分值,解析,评分标准（列序不限，题型 难度 题干 分值必需）。\n",
	  "  Columns: 题型,难度,章节,知识点,认知层次,题干,选项A…选项H,答案,分值,解析,评分标准.\n" },
	{ "bank dups", cmd_bank_dups, bank_course_args, 0, "列出重复或相似的试题组（附相似度）", "list clusters of duplicate or similar questions (with similarity)", NULL, NULL },
	{ "bank stats", cmd_bank_stats, bank_course_args, 0, "已审核试题按章节 × 题型 × 难度计数（组卷可用的题量）", "approved items by chapter × type × difficulty (what a paper can draw on)", NULL, NULL },
	{ "stats", NULL, NULL, 0, "成绩统计：任意成绩表的试题分析（难度、区分度、信度）", "score statistics: the item analysis of any score table (P, D, α)",
	  NULL, NULL },
	{ "stats items", cmd_stats_items, stats_items_args, 0, "试题分析：难度 P、区分度 D、r_pb、r_it、α（不需要联考记录）",
	  "item analysis: P, D, r_pb, r_it, α (no exam record needed)",
	  "  成绩表为 CSV：表头 学号,试卷,1,2,…,N（试卷列可省略），每行一名学生；UTF-8（可带 BOM）或 GBK。\n"
	  "  成绩为不小于 0 的数，最多一位小数且只能是 .0 或 .5；空格子是错误，除非 --blank-zero。有错误的行按行号全部列出。\n"
	  "  计算口径见 jiaoyan(1) 的 RESULTS 一节。tsv 输出两块，各有一行字段名：\n"
	  "    school n mean sd median min max pass_rate excellent_rate alpha     （school 为 all）\n"
	  "    paper no question points p d r_pb r_it alpha_drop flags\n"
	  "  数值 4 位小数（alpha 7 位），无定义的为 NA；flags 为 low_d,neg_r,easy,hard。\n"
	  "  html、xlsx 写到标准输出：jiaoyan stats items 成绩.csv --points 2,2,5 --format xlsx > 分析.xlsx\n",
	  "  The CSV: header 学号,试卷,1,2,…,N (试卷 optional), one student a row; UTF-8 (BOM or not) or GBK.\n"
	  "  Scores are numbers ≥ 0 in steps of .5; a blank cell is an error unless --blank-zero. Conventions: jiaoyan(1), RESULTS.\n"
	  "  tsv prints two blocks, each with a header line: school n mean sd median min max pass_rate excellent_rate alpha\n"
	  "  (school all), then paper no question points p d r_pb r_it alpha_drop flags; 4 decimals (alpha 7), NA when undefined.\n"
	  "  html and xlsx go to standard output.\n" },
	{ "key", NULL, NULL, 0, "密封试卷用的密钥对", "key pairs for sealed papers",
	  "  私钥只保存在本机（$XDG_DATA_HOME/jiaoyan/keys/人员.key，0600，用口令加密），从不写入数据仓库，也不显示；\n"
	  "  公钥写入本人的人员记录，随同步到各校。口令从终端输入，或 --passphrase-fd N、环境变量 JIAOYAN_PASSPHRASE_FILE，\n"
	  "  不要写在命令行上。\n",
	  "  The secret key stays on this machine (encrypted with the passphrase), never in the repository; the public key goes into your person record.\n" },
	{ "key gen", cmd_key_gen, key_gen_args, 0, "生成本人的密钥对（公钥写入名册）", "make your key pair (the public key goes into the roster)", NULL, NULL },
	{ "key show", cmd_key_show, key_show_args, 0, "公钥指纹，以及本机有没有私钥文件", "the public key's fingerprint, and whether this machine has the secret key", NULL, NULL },
	{ "exam", NULL, NULL, 0, "联考：设立、双向细目表、组卷、检查、换题、打印、密封与启封", "joint exams: set up, blueprint, assemble, check, swap, print, seal and release",
	  "  只有专业负责人设立联考、指定命题组（committee）；只有命题组编制双向细目表、组卷、换题和启封。\n"
	  "  试卷在启封时间（release）之前只以密封形式存在于数据仓库中：其他人（包括各校服务器的管理员）只看到“已密封”。\n"
	  "  命题组成员需要本人的密钥（jiaoyan key gen）和口令。\n",
	  "  The lead sets up the exam and names the committee; the committee does the rest. Before the release time papers exist only sealed.\n" },
	{ "exam new", cmd_exam_new, exam_new_args, 0, "设立联考，输出其编号", "set up a joint exam; prints its id",
	  "  KEY=VALUE：date=2027-01-10 start=09:00 minutes=90 schools=s01,s02 committee=工号,工号 release=2027-01-09T18:00\n"
	  "  chapters=1,2,3（考试范围）difficulty=2.5-3.5 coverage=80 levels=识记:20,理解:30,应用:40,分析:10 total=100 papers=A,B\n",
	  "  KEY=VALUE: date start minutes schools committee release chapters difficulty coverage levels total papers.\n" },
	{ "exam list", cmd_exam_list, exam_list_args, 0, "列出联考及试卷状态", "list exams and the state of their papers", NULL, NULL },
	{ "exam show", cmd_exam_show, exam_id_arg, 0, "联考信息、命题组、试卷状态和双向细目表", "an exam: details, committee, papers, blueprint", NULL, NULL },
	{ "exam blueprint", cmd_exam_blueprint, exam_blueprint_args, 0, "双向细目表：添加、删除、查看题型行", "the blueprint: add, remove, show rows",
	  "  jiaoyan exam blueprint ID add type=单选 count=10 points=2 [difficulty=2-3] [chapters=1,2] [level=理解]\n"
	  "  jiaoyan exam blueprint ID rm N\n"
	  "  jiaoyan exam blueprint ID show\n",
	  "  add type=single count=10 points=2 [difficulty=2-3] [chapters=1,2] [level=understand] | rm N | show\n" },
	{ "exam assemble", cmd_exam_assemble, exam_assemble_args, 0, "组卷并密封（同一种子结果相同；不能满足时说明缺什么）", "assemble and seal the papers (deterministic per seed; says what is missing)",
	  "  从本课程已审核的试题中抽题，满足双向细目表的每一项要求；回避最近几场考试用过的题（group.ini [exam] recent），\n"
	  "  与前两场考试各重复不超过 30%（overlap_previous），A、B 卷重复少于 10%（overlap_papers），选项按卷打乱、答案随之改变。\n"
	  "  找不到时列出缺少的题目数量，不写入任何内容。\n",
	  "  Draws approved items meeting every constraint of the blueprint, or lists what is missing in numbers (nothing written).\n" },
	{ "exam check", cmd_exam_check, exam_check_args, 0, "逐项列出要求、目标、实际和 ✓/✗（有 ✗ 时退出码为 1）", "every constraint with target, actual and ✓/✗ (exit 1 on ✗)", NULL, NULL },
	{ "exam swap", cmd_exam_swap, exam_swap_args, 0, "手工换题（重新密封并重新检查）", "swap an item by hand (re-seals and re-checks)", NULL, NULL },
	{ "exam print", cmd_exam_print, exam_print_args, 0, "输出可打印的试卷（HTML、Markdown 或 GIFT，到标准输出）", "write a printable paper (HTML, Markdown or GIFT, to standard output)",
	  "  HTML 为 A4 打印版：页眉、学校/班级/姓名/学号、按题型分节、题目不跨页、答题卡；--key 附参考答案，--grading 附评分标准。\n"
	  "  例：jiaoyan exam print ID --paper A --key > A.html，再用浏览器打印。启封之前只有命题组成员可以打印。\n",
	  "  HTML prints on A4 with an answer sheet; --key adds the answer key, --grading the grading standard.\n" },
	{ "exam release", cmd_exam_release, exam_act_args, 0, "启封：公布文件密钥，各校都能打印（启封时间之前拒绝）", "release: publish the file keys so every school can print (refused before the release time)", NULL, NULL },
	{ "exam scores", NULL, NULL, 0, "联考成绩：各校导入本校学生的成绩", "joint-exam scores: each school imports its students' scores",
	  "  试卷启封以后，各校按统一的评分标准阅卷，导入本校的成绩表；只有本校人员（或本校、牵头学校的管理员）可以导入。\n",
	  "  Once the papers are released each school imports its scores; only its people (or its admins, or the lead college's) may.\n" },
	{ "exam scores import", cmd_exam_scores_import, exam_scores_import_args, 0, "导入一所学校的成绩表（重新导入时整表替换）",
	  "import a school's score table (a new import replaces it)",
	  "  成绩表同 jiaoyan stats items：表头 学号,试卷,1,2,…,N（只有一份试卷时可省略试卷列），UTF-8（可带 BOM）或 GBK。\n"
	  "  学校须参加这场联考，试卷须已启封；每个成绩按所在试卷该题的分值检查（0 到满分，0.5 的倍数），\n"
	  "  有错误的行按行号全部列出，此时什么也不写入。学号是匿名的学生编号，不保存学生姓名。\n"
	  "  远程登录时：ssh 主机 jiaoyan exam scores import 编号 --school s01 - < 成绩.csv\n",
	  "  The CSV of jiaoyan stats items. The school must take part and the papers be released; each score is checked against its\n"
	  "  paper's points; every bad row is listed by line and nothing is written. Over SSH: FILE is -.\n" },
	{ "exam stats", cmd_exam_stats, exam_results_args, 0, "各校及全体的人数、平均分、标准差、及格率、优秀率、α（按试卷）",
	  "per school and all: n, mean, sd, pass and excellence rates, α (per paper)",
	  "  tsv 的列：school n mean sd median min max pass_rate excellent_rate alpha（全体为 all），4 位小数（alpha 7 位），\n"
	  "  比率为 0–1 的小数，无定义的为 NA。A、B 卷题目不同，分卷统计：每份试卷一块（各有一行字段名），--paper 只看一份。\n"
	  "  --school：该校一行和全体一行。计算口径见 jiaoyan(1) 的 RESULTS 一节。\n",
	  "  tsv columns: school n mean sd median min max pass_rate excellent_rate alpha (all = pooled); 4 decimals (alpha 7).\n"
	  "  A block per paper (A and B are analysed apart); --paper picks one; --school: that school beside all.\n" },
	{ "exam items", cmd_exam_items, exam_results_args, 0, "试题分析：难度 P、区分度 D、r_pb、r_it、删除后 α、标记（按试卷）",
	  "item analysis: P, D, r_pb, r_it, α if dropped, flags (per paper)",
	  "  tsv 的列：paper no question points p d r_pb r_it alpha_drop flags（question 为题库中的试题编号）。\n"
	  "  --school：只用该校学生分析（该校自己的高分组、低分组）。\n",
	  "  tsv columns: paper no question points p d r_pb r_it alpha_drop flags; --school: that school's students alone.\n" },
	{ "exam compare", cmd_exam_compare, exam_results_args, 0, "各校对比：每题各校的 P 和 D（差异大的标 *），以及各校的成绩概况",
	  "schools side by side: P and D per item and school (marked *), and each school's figures",
	  "  tsv 先输出每题每校一行：paper no school n p d p_others marked（p_others 为其他学校合计的 P；\n"
	  "  marked 为 1 时该校 P 与之相差超过 0.2 且该校至少 20 人），再输出 jiaoyan exam stats 的一块。\n",
	  "  tsv: paper no school n p d p_others marked (one row per item and school, all first), then the block of exam stats.\n" },
	{ "exam report", cmd_exam_report, exam_report_args, 0, "完整的成绩分析报告（HTML 或 Excel，含图表，写到标准输出）",
	  "the whole analysis as HTML or Excel with charts (to standard output)",
	  "  例：jiaoyan exam report 编号 --format xlsx > 成绩分析.xlsx；远程登录时同样重定向 ssh 的输出。\n",
	  "  e.g. jiaoyan exam report ID --format xlsx > results.xlsx\n" },
	{ "exam reseal", cmd_exam_reseal, exam_act_args, 0, "用新的文件密钥重新密封（命题组或启封时间变了之后）", "re-seal with a new file key (after the committee or the release time changed)", NULL, NULL },
	{ "serve", cmd_serve, serve_args, CMD_LOCAL, "SSH 强制命令：以密钥对应的人员身份提供服务", "SSH forced command: serve as the key's person",
	  "  写在服务账号 authorized_keys 的 command=\"…\" 中（用 jiaoyan keys add 生成），不要手工运行。\n"
	  "  身份由登录密钥决定：--user、[user] id、$USER 都不能改变它。按 $SSH_ORIGINAL_COMMAND：\n"
	  "    空                     以该人员身份打开终端界面（需要 ssh -t）\n"
	  "    jiaoyan 命令 [参数...]  以该人员身份执行命令；不能用 --user、-C、--config，文件参数只能是 -\n"
	  "                           （标准输入/输出），不能执行 init、serve、keys（ssh 主机 jiaoyan --help 列出可用命令）\n"
	  "    git-upload-pack / git-receive-pack '仓库'  其他校区的同步（只限本数据仓库；推送人为 PERSON）\n"
	  "    其他                   拒绝，退出码 1\n",
	  "  Put into the service account's authorized_keys by jiaoyan keys add; the key fixes the identity.\n"
	  "  SSH_ORIGINAL_COMMAND: empty → the interface; jiaoyan COMMAND → that command (no --user, -C, --config;\n"
	  "  file arguments only -; not init, serve, keys); git-upload-pack/git-receive-pack of this repository → sync; else refused.\n" },
	{ "keys", NULL, NULL, CMD_LOCAL, "管理 SSH 登录密钥（服务账号的 authorized_keys）", "manage SSH login keys (the service account's authorized_keys)",
	  "  在服务账号下运行（不是 root）。登录后执行 command=\"/path/to/jiaoyan [-C REPO] serve PERSON\",restrict,pty。\n",
	  "  Run as the service account (not root).\n" },
	{ "keys add", cmd_keys_add, keys_add_args, CMD_LOCAL, "登记一个人员的公钥", "add a person's public key",
	  "  检查人员存在、KEYFILE 只含一把公钥（ed25519、ECDSA；RSA 可用但有提醒），在 ~/.ssh/authorized_keys\n"
	  "  （目录 0700，文件 0600）追加一行。\n",
	  "  Checks the person and that KEYFILE holds one public key (ed25519, ECDSA; RSA with a note); appends one line.\n" },
	{ "keys list", cmd_keys_list, keys_list_args, CMD_LOCAL, "列出人员、类型、SHA256 指纹、备注", "list persons, types, SHA256 fingerprints, comments", NULL, NULL },
	{ "keys rm", cmd_keys_rm, keys_rm_args, CMD_LOCAL, "删除该人员的全部密钥，或指纹匹配的一把", "remove a person's keys, or the key with that fingerprint", NULL, NULL },
	{ "remote", NULL, NULL, CMD_LOCAL, "登记同步用的远程仓库（中心仓库）", "the remotes this repository syncs with",
	  "  远程仓库记在数据仓库的 git 配置中（remote.NAME.url），git 本身也能看到。\n",
	  "  Remotes are git remotes of the data repository (remote.NAME.url).\n" },
	{ "remote add", cmd_remote_add, remote_add_args, CMD_LOCAL, "登记远程仓库（检查地址）", "add a remote (the URL is checked)", NULL, NULL },
	{ "remote list", cmd_remote_list, format_only, CMD_LOCAL, "列出远程仓库、上次同步的时间和结果、领先/落后",
	  "list the remotes, last sync and result, ahead/behind", NULL, NULL },
	{ "remote rm", cmd_remote_rm, name_arg, CMD_LOCAL, "删除远程仓库", "remove a remote", NULL, NULL },
	{ "sync", cmd_sync, sync_args, 0, "与中心仓库同步：取回、检查、逐条合并、推送",
	  "sync with the central repository: fetch, check, merge record by record, push",
	  "  取回的每条记录先按本地同样严格的规则检查，有问题时什么也不合并；两边都改过的记录逐字段合并，\n"
	  "  同一字段两边不同由记录类型的规则决定，另一值保存在 conflicts/ 记录中（jiaoyan conflict list）。\n"
	  "  推送被拒绝（另一校区先推送了）时重新取回合并，最多 5 次。SSH 密钥来自 ssh-agent 或 [sync] ssh_key\n"
	  "  （ed25519 或 ECDSA；libssh2 1.10 不能用 RSA 登录 OpenSSH 8.8 及以上）；主机密钥按 [sync] known_hosts\n"
	  "  （默认 ~/.ssh/known_hosts）或 [sync] host_fingerprint 检查，未知或变了的密钥一律拒绝。\n"
	  "  退出码：0 已同步；1 中心仓库拒绝（带中心仓库给出的原因）或有冲突需要人处理；3 网络或认证失败。\n",
	  "  Every record fetched is checked as strictly as local ones first; records both sides changed are merged key by key;\n"
	  "  a key changed differently on both sides is decided by the record type's rule, the other value kept in a conflicts/ record.\n"
	  "  Exit status: 0 in sync; 1 refused by the central (with its reason) or conflicts need a person; 3 network or authentication.\n" },
	{ "hook", NULL, NULL, CMD_LOCAL, "中心仓库的 pre-receive 钩子", "the central repository's pre-receive hook",
	  "  钩子按记录规则检查一次推送的净变化（原分支 → 新分支，逐条逐字段），推送者来自 serve（人员或学校）；\n"
	  "  没有 serve 时（仓库所有者本机推送）按每个新提交的作者检查。拒绝时说明提交、文件、字段和规则（中英文）。\n",
	  "  The hook judges a push's net change record by record as its pusher (from serve), or each new commit as its author.\n" },
	{ "hook install", cmd_hook_install, hook_install_args, CMD_LOCAL, "在数据仓库中安装 pre-receive 钩子", "install the pre-receive hook in a repository", NULL, NULL },
	{ "hook pre-receive", cmd_hook_pre_receive, NULL, CMD_LOCAL, "钩子本身（由 git receive-pack 运行，读标准输入）",
	  "the hook itself (run by git receive-pack, reads standard input)", NULL, NULL },
	{ "conflict", NULL, NULL, 0, "同步冲突：列出、查看、处理", "sync conflicts: list, show, resolve", NULL, NULL },
	{ "conflict list", cmd_conflict_list, format_only, 0, "待处理的冲突", "the open conflicts", NULL, NULL },
	{ "conflict show", cmd_conflict_show, id_arg, 0, "一个冲突的两边：值、作者、提交、说明", "both sides of a conflict: values, authors, commits, note", NULL, NULL },
	{ "conflict resolve", cmd_conflict_resolve, conflict_resolve_args, 0, "处理冲突：写入选定的值并关闭冲突（一次提交）",
	  "resolve: write the chosen value and close the conflict (one commit)", NULL, NULL },
	{ "seminar", NULL, NULL, 0, "教学工作研讨会议：登记、列出、查看、事项完成情况", "teaching seminars: record, list, show, tick off action items",
	  "  牵头学校的管理员登记全集团的研讨会议；专业负责人也可登记本专业的研讨会议。会议的登记人、该专业的专业负责人和\n"
	  "  牵头学校的管理员可以修改会议记录；事项的责任人可以把自己的事项标为完成。未完成且过了完成时限的事项为逾期。\n",
	  "  Lead-college admins record group-wide seminars; a specialty's leads may record its own. The recorder, the specialty's leads\n"
	  "  and lead-college admins change a seminar; an item's owner ticks it off. An open item past its due date is overdue.\n" },
	{ "seminar new", cmd_seminar_new, seminar_new_args, 0, "登记一次研讨会议（输出编号）", "record a seminar (prints its id)",
	  "  研讨主题 1 课程体系 2 各阶段教学内容 3 课程教学改革 4 活页教材 5 数字化教学资源 6 实践教学计划 7 教学质量评价衔接。\n"
	  "  例：jiaoyan seminar new --title 集团教学工作研讨会 --date 2026-11-11 --topic 1,2,4 --attendee 祁振宇,黎晓棠 \\\n"
	  "        --action '修订衔接课程标准|祁振宇|2026-12-31'\n",
	  "  Topics 1-7 as the group plan lists them. Example: --topic 1,2,4 --attendee qizhenyu,lixiaotang --action 'what|qizhenyu|2026-12-31'\n" },
	{ "seminar list", cmd_seminar_list, seminar_list_args, 0, "列出研讨会议及其事项完成情况", "list seminars with their items' states", NULL, NULL },
	{ "seminar show", cmd_seminar_show, id_arg, 0, "查看研讨会议：主题、参会人员、纪要、决定、事项", "show a seminar: topics, attendees, minutes, decisions, items", NULL, NULL },
	{ "seminar items", cmd_seminar_items, seminar_items_args, 0, "列出事项（可按责任人、学校、未完成筛选）", "list action items (by owner, school, open)",
	  "  tsv 的 state 列：open、done 或 overdue（未完成且已过完成时限）。\n", "  In tsv, state is open, done or overdue.\n" },
	{ "seminar action", cmd_seminar_action, seminar_action_args, 0, "事项：标为完成、重新打开、增加", "action items: done, reopen, add",
	  "  jiaoyan seminar action done ID N [--evidence 说明] [--date 日期]   第 N 项标为完成\n"
	  "  jiaoyan seminar action reopen ID N                               重新打开第 N 项\n"
	  "  jiaoyan seminar action add ID '工作内容|责任人|完成时限'           增加一项\n",
	  "  done ID N [--evidence TEXT] [--date D] | reopen ID N | add ID 'what|owner|due'\n" },
	{ "exchange", NULL, NULL, 0, "师资互派：登记、列出、查看、各专业派出任务", "teacher exchange: record, list, show, quotas per specialty",
	  "  教学指导（guide）：牵头学校的教师到成员学校；跟班学习（shadow）、培训进修（training）：成员学校的教师到牵头学校。\n"
	  "  派出学校或接收学校的管理员（或牵头学校的管理员）登记。在互派期间，到成员学校教学指导的牵头学校教师算作该校教师，\n"
	  "  可以写进该校这一学期的授课计划。每个专业每学年派出的人数见 group.ini [exchange]（默认 1–2 人）。\n",
	  "  guide: a lead-college teacher at a member school; shadow, training: a member-school teacher at the lead college.\n"
	  "  Admins of either school record it. During its dates a guide teacher counts as a teacher of the host school for its filings.\n" },
	{ "exchange new", cmd_exchange_new, exchange_new_args, 0, "登记一次师资互派（输出编号）", "record an exchange (prints its id)", NULL, NULL },
	{ "exchange list", cmd_exchange_list, exchange_list_args, 0, "列出师资互派", "list exchanges", NULL, NULL },
	{ "exchange show", cmd_exchange_show, id_arg, 0, "查看一次师资互派", "show an exchange", NULL, NULL },
	{ "exchange quota", cmd_exchange_quota, exchange_quota_args, 0, "各专业本学年派出教师人数与任务（还差几人）", "teachers sent per specialty against the yearly quota", NULL, NULL },
	{ "report", NULL, NULL, 0, "报表：工作台账", "reports: the work ledger", NULL, NULL },
	{ "report ledger", cmd_report_ledger, report_ledger_args, 0, "工作台账：授课计划备案、听课评课、研讨会议与师资互派、事项台账",
	  "the work ledger: filings, observations, seminars and exchange, items",
	  "  本校的管理员看本校的台账，牵头学校的管理员看任何学校的（不写 --school 时为全部成员学校）。\n"
	  "  xlsx 每部分一个工作表（表头信息、冻结表头、按中文宽度的列宽、原生图表）；html 为一个可直接打印的网页（内嵌 SVG 图表）；\n"
	  "  csv 为 UTF-8 带 BOM。远程登录时：ssh 主机 jiaoyan report ledger --school s01 --format xlsx - > 台账.xlsx\n",
	  "  A school's admins see its ledger, lead-college admins any school's (all member schools without --school).\n"
	  "  xlsx: a sheet per section with native charts; html: one printable page with inline SVG; csv: UTF-8 with BOM.\n" },
	{ "tui", cmd_tui, NULL, 0, "终端界面（不带命令时的默认）", "the terminal interface (the default without a command)", NULL, NULL },
	{ NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL },
};
