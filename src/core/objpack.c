/* objpack: a commit's new objects held in libgit2's mempack, then written to the repository as one pack. */
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/objpack.h"

struct objpack {
	git_repository *repo;  /* borrowed */
	git_odb *disk;         /* the repository's own, a reference held while memory is in use */
	git_odb *memory;       /* writes into mem, reads mem then the objects directory */
	git_odb_backend *mem;  /* owned by memory */
	int active;
};

int objpack_new(struct objpack **out, git_repository *repo)
{
	struct objpack *p = xcalloc(1, sizeof(*p));
	struct buf objects = BUF_INIT;
	int rc;
	p->repo = repo;
	buf_printf(&objects, "%sobjects", git_repository_path(repo));
	if ((rc = git_mempack_new(&p->mem)) < 0)
		goto fail;
	/* Priority above the alternates' so that writes land in memory; libgit2 never writes to an alternate. */
	if ((rc = git_odb_new(&p->memory)) < 0 || (rc = git_odb_add_backend(p->memory, p->mem, 1000)) < 0) {
		p->mem->free(p->mem); /* the database owns a backend only once it is added */
		goto fail;
	}
	if ((rc = git_odb_add_disk_alternate(p->memory, objects.ptr)) == 0)
		goto done;
fail:
	git_odb_free(p->memory);
	free(p);
	p = NULL;
done:
	buf_release(&objects);
	*out = p;
	return rc < 0 ? rc : 0;
}

void objpack_free(struct objpack *p)
{
	if (!p)
		return;
	if (p->active)
		objpack_end(p, NULL);
	git_odb_free(p->memory);
	free(p);
}

int objpack_begin(struct objpack *p)
{
	int rc;
	if (p->active)
		return 0;
	if ((rc = git_repository_odb(&p->disk, p->repo)) < 0)
		return rc;
	if ((rc = git_repository_set_odb(p->repo, p->memory)) < 0) {
		git_odb_free(p->disk);
		p->disk = NULL;
		return rc;
	}
	p->active = 1;
	return 0;
}

/* The held objects as one pack through the disk's pack backend (libgit2's indexer: a temporary file, renamed). */
static int write_pack(struct objpack *p, const git_buf *pack)
{
	git_odb_writepack *w = NULL;
	git_indexer_progress stats;
	int rc;
	memset(&stats, 0, sizeof(stats));
	if ((rc = git_odb_write_pack(&w, p->disk, NULL, NULL)) < 0)
		return rc;
	if ((rc = w->append(w, pack->ptr, pack->size, &stats)) == 0)
		rc = w->commit(w, &stats);
	w->free(w);
	return rc;
}

/*
 * Adds id to the pack when it is held in memory, and a tree's entries the
 * same way: what the commit shares with its parent is stored already, so
 * the walk goes down the changed paths only. (git_mempack_dump would pack
 * the commit's whole tree, every record of the repository.)
 */
static int add_new(git_packbuilder *pb, struct objpack *p, const git_oid *id, const char *name, int is_tree)
{
	git_tree *tree = NULL;
	int rc;
	if (!p->mem->exists(p->mem, id))
		return 0;
	if ((rc = git_packbuilder_insert(pb, id, name)) < 0 || !is_tree || (rc = git_tree_lookup(&tree, p->repo, id)) < 0)
		return rc;
	for (size_t i = 0, n = git_tree_entrycount(tree); i < n && rc == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		rc = add_new(pb, p, git_tree_entry_id(e), git_tree_entry_name(e), git_tree_entry_type(e) == GIT_OBJECT_TREE);
	}
	git_tree_free(tree);
	return rc;
}

/* The commit and what it holds that is new, as a pack in memory; an empty buffer when nothing is new. */
static int pack_commit(git_buf *out, struct objpack *p, const git_oid *commit)
{
	git_packbuilder *pb = NULL;
	git_commit *c = NULL;
	int rc;
	if ((rc = git_packbuilder_new(&pb, p->repo)) < 0)
		return rc;
	git_packbuilder_set_threads(pb, 1);
	if ((rc = git_commit_lookup(&c, p->repo, commit)) == 0 && (rc = add_new(pb, p, commit, NULL, 0)) == 0 &&
	    (rc = add_new(pb, p, git_commit_tree_id(c), "", 1)) == 0 && git_packbuilder_object_count(pb) > 0)
		rc = git_packbuilder_write_buf(out, pb);
	git_commit_free(c);
	git_packbuilder_free(pb);
	return rc;
}

int objpack_end(struct objpack *p, const git_oid *commit)
{
	git_buf pack = GIT_BUF_INIT;
	int rc = 0;
	if (!p->active)
		return 0;
	/* The objects are read through the repository while it still sees them in memory. */
	if (commit)
		rc = pack_commit(&pack, p, commit);
	int swap = git_repository_set_odb(p->repo, p->disk);
	if (rc == 0 && swap == 0 && pack.size)
		rc = write_pack(p, &pack);
	git_buf_dispose(&pack);
	git_mempack_reset(p->mem);
	if (swap == 0) {
		git_odb_free(p->disk);
		p->disk = NULL;
		p->active = 0;
	}
	return rc < 0 ? rc : swap;
}
