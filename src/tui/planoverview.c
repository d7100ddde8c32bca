/* planoverview: the plans part of 概览 — a lead's filings awaiting review, a member school's returned and missing ones; each row opens its filing. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/plan.h"
#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

int plans_open_filing(struct tui *t, const char *id)
{
	struct buf path = BUF_INIT;
	int rc = plan_path(&path, id, NULL);
	if (rc == 0 && store_exists(t->store, path.ptr)) {
		rc = tui_push(t, &view_plan_ops, (void *)id);
	} else if (rc == 0) {
		/* TERM/SCHOOL/SPECIALTY not filed yet: the form that files it, filled in. */
		struct plan_brief like = { 0 };
		char *copy = xstrdup(id), *school = strchr(copy, '/'), *spec = school ? strchr(school + 1, '/') : NULL;
		if (spec) {
			*school++ = '\0';
			*spec++ = '\0';
			like.id = (char *)id;
			like.term = copy;
			like.school = school;
			like.specialty = spec;
			like.state = PLAN_MISSING;
			plans_new_form(t, NULL, &like);
		}
		free(copy);
	}
	buf_release(&path);
	return rc;
}

static void brief_line(struct list *out, struct vec *links, const struct plan_brief *b, enum tui_role role, const char *extra)
{
	struct buf line = BUF_INIT;
	buf_puts(&line, "  ");
	text_pad(&line, b->school_name, 18, 0);
	buf_puts(&line, "  ");
	text_pad(&line, b->specialty_name, 16, 0);
	buf_printf(&line, "  %s  %s%s", b->term, plan_state_label(b->state), extra ? extra : "");
	struct tui_link *link = tui_link_new(plans_open_filing, b->id);
	vec_push(links, link);
	list_cell(list_add(out, link, role), line.ptr);
	buf_release(&line);
}

void plans_overview(struct list *out, struct vec *links, struct tui *t, int width)
{
	struct plan_inbox *in = NULL;
	struct jy_err err = JY_ERR_INIT;
	struct buf b = BUF_INIT;
	(void)width;
	list_line(out, TA_NORMAL, "");
	if (plan_inbox(&in, t->store, t->actor, &err) != 0) {
		list_line(out, TA_HEADER, L("授课计划", "Plan filings"));
		list_line(out, TA_ERROR, err.msg);
		return;
	}
	int lead = t->actor && actor_has_role(t->actor, "lead");
	if (lead || in->to_review.len) {
		buf_printf(&b, L("待我审核的授课计划（%zu 份：选中后 Enter 打开，v 审核）",
				 "Plan filings awaiting my review (%zu: Enter opens, v reviews)"),
			   in->to_review.len);
		list_line(out, TA_HEADER, b.ptr);
		if (!in->to_review.len)
			list_line(out, TA_DIM, L("  （没有）", "  (none)"));
		for (size_t i = 0; i < in->to_review.len; i++) {
			const struct plan_brief *pb = in->to_review.items[i];
			struct buf ex = BUF_INIT;
			buf_printf(&ex, L(" 第%ld版 %s 提交", " r%ld submitted %s"), pb->revision, pb->submitted_at);
			brief_line(out, links, pb, TA_MARK, ex.ptr);
			buf_release(&ex);
		}
	}
	if (t->actor && t->actor->school && (in->returned.len || in->pending.len || !lead)) {
		buf_reset(&b);
		buf_printf(&b, L("本校授课计划：%s 学期截止 %s", "My school's filings: term %s due %s"), in->term,
			   *in->due ? in->due : L("（未设定）", "(not set)"));
		list_line(out, TA_HEADER, b.ptr);
		for (size_t i = 0; i < in->returned.len; i++)
			brief_line(out, links, in->returned.items[i], TA_ERROR, L("  ← 请按审核意见整改后重新提交", "  ← fix as the reviewer asks and resubmit"));
		for (size_t i = 0; i < in->pending.len; i++) {
			const struct plan_brief *pb = in->pending.items[i];
			brief_line(out, links, pb, pb->overdue ? TA_ERROR : TA_NORMAL, pb->overdue ? L("  已逾期", "  overdue") : NULL);
		}
		if (!in->returned.len && !in->pending.len)
			list_line(out, TA_DIM, L("  （都已提交）", "  (all filed)"));
	}
	plan_inbox_free(in);
	buf_release(&b);
}
