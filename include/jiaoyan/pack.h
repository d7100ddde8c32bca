/* pack: keeps the data repository compact — git's geometric repack, run by gc and in the background after commits. */
#ifndef JIAOYAN_PACK_H
#define JIAOYAN_PACK_H

#include "jiaoyan/err.h"

/*
 * libgit2 has no gc: what it writes stays loose (sync's fetched merges) or
 * in one small pack per commit (objpack.h), and git itself (already a
 * dependency of `serve`) packs and merges them. Both functions work on a repository
 * directory and run git with GIT_DIR set to it and no other GIT_* variable
 * of the caller's environment.
 *
 * Packing is serialised by a flock on <repo>/PACK_LOCK, apart from the
 * writers' lock: writers never wait for it, and committing while git packs
 * is safe (git deletes only loose objects and packs that a pack it has
 * written and synced already holds).
 */
#define PACK_LOCK "jiaoyan-gc.lock"

/*
 * gc, incremental: `git repack -d` packs the reachable loose objects into
 * one new pack, then `git repack --geometric=2 -d` packs what is still loose
 * and merges the smaller packs so that each pack holds at least twice the
 * objects of the next smaller one (their number stays logarithmic, which
 * keeps lookups fast for libgit2), then deletes what is now redundant; each
 * step only when it has something to do (a gc with nothing new starts no
 * git). Work and memory grow with what is new, not with the history, except
 * when a merge reaches the largest pack. Loose objects older than two weeks
 * and unreachable are pruned first (`git prune`; younger ones
 * may belong to a writer in flight), and the temporary files of libgit2
 * writers killed more than an hour ago are removed.
 *
 * The caller holds the PACK_LOCK flock on lock_fd; git inherits it, so the
 * lock lasts while git runs even if this process is killed. JY_EIO with
 * git's own output when git fails or cannot be run.
 */
int pack_gc(const char *repo, int lock_fd, struct jy_err *err);

/*
 * After a commit, with the writer lock released: when a sample says more
 * than ~2000 objects are loose (near that, an exact count) or there are more
 * than 16 packs, starts a detached process (its own session, stdio on
 * /dev/null, no inherited descriptor but the PACK_LOCK it holds until it
 * ends) that runs the repacks of gc, and again while an exact count still
 * finds more than ~2000 loose or 16 packs (writers that came meanwhile found
 * the lock taken and left their objects to it); returns at once. Skipped
 * while another process holds PACK_LOCK. Never fails: a pack that did not
 * happen is retried after a later commit.
 */
void pack_auto(const char *repo);

#endif
