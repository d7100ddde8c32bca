/* objpack: a commit's new objects held in memory, then written to the repository as one pack. */
#ifndef JIAOYAN_OBJPACK_H
#define JIAOYAN_OBJPACK_H

#include <git2.h>

/*
 * libgit2 writes every object loose, each with two fsyncs (the file and its
 * fan-out directory): an add's seven objects (the record, four trees above
 * it, the commit) cost fourteen, most of the commit's time. Held in memory
 * and written as one pack, they cost the pack, its index and their
 * directory, however many they are.
 *
 * Between objpack_begin and objpack_end the repository's object database
 * is one that writes into memory and reads the objects directory as before,
 * so every libgit2 call on the repository sees the held objects as stored.
 * Not reentrant: one begin/end at a time per repository; no other object
 * database of the repository may be asked for in between.
 *
 * Errors are libgit2's codes (negative, git_error_last() set), for the
 * caller to report as it reports any libgit2 call's.
 */
struct objpack;

/* repo is borrowed and must outlive *out; nothing is written until objpack_end. */
int objpack_new(struct objpack **out, git_repository *repo);
void objpack_free(struct objpack *p);

/* New objects of the repository go to memory from now on. */
int objpack_begin(struct objpack *p);

/*
 * The repository's own object database again. commit not NULL: that
 * commit and the objects it holds that are in memory are first written as
 * one pack (fsynced when the repository's writes are,
 * GIT_OPT_ENABLE_FSYNC_GITDIR), so that a ref may then point at it; NULL,
 * or on an error: they are dropped. Memory is emptied either way.
 */
int objpack_end(struct objpack *p, const git_oid *commit);

#endif
