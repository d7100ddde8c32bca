/* fetchview: what a fetch tells the remote it has — the remote tips seen last, not every local commit. */
#ifndef JIAOYAN_FETCHVIEW_H
#define JIAOYAN_FETCHVIEW_H

#include <git2.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"

/*
 * libgit2 1.5 negotiates a fetch by sending "have" lines for the commits of
 * all the repository's refs, newest first, and gives up after 256: a campus
 * with more than 256 commits of its own since its last sync (a week of a
 * school's observations) then finds nothing in common with the central
 * repository and receives all of it again (at 100,000 records: a 38 MB pack
 * for 1,000 new records, 4 s). The last tip fetched from any remote
 * (refs/remotes/<name>/main) is common history by construction; a view whose
 * only refs are those tips makes the first "have" a hit.
 *
 * The view is a bare repository in <repo>/jiaoyan-fetch.<pid>/ whose objects
 * directory is repo's own (a symbolic link), so what the fetch receives
 * lands in repo. Its refs: every refs/remotes/ * /main of repo, or, when there
 * is none yet (the first sync), refs/heads/main (libgit2's own choice then).
 * Views that killed processes left behind are removed when the next one is
 * made.
 */

/* Makes the view of repo: *view (owned; fetchview_close) and its directory in dir. JY_EIO on failure. */
int fetchview_open(git_repository **view, struct buf *dir, git_repository *repo, struct jy_err *err);
/* Frees view and removes its directory (the link to the objects, never what it points to). */
void fetchview_close(git_repository *view, struct buf *dir);

#endif
