/* bench-spawn: bench-run.py's stopwatch — runs a command, writes when it started, how long it ran and its peak memory. */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

/*
 * bench-spawn OUT CMD [ARG...]: OUT gets "START MS KB" — the CLOCK_MONOTONIC
 * second the command was started at (Python's time.perf_counter() reads the
 * same clock, so a TUI's first frame is timed from it), its wall time in
 * milliseconds and its peak resident memory (ru_maxrss, KB). The exit status
 * is the command's (128 + signal when killed).
 *
 * Python forking the command itself would cost the measurement a copy of the
 * interpreter (and count the interpreter's memory in the command's peak);
 * GNU time costs another program start: together 16 ms, more than a listing
 * takes. posix_spawn starts the command without copying this small program.
 */
int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	pid_t pid;
	int st = 0;
	if (argc < 3) {
		fprintf(stderr, "usage: bench-spawn OUT CMD [ARG...]\n");
		return 2;
	}
	FILE *out = fopen(argv[1], "w");
	if (!out) {
		perror(argv[1]);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (posix_spawnp(&pid, argv[2], NULL, NULL, argv + 2, environ) != 0) {
		perror(argv[2]);
		return 127;
	}
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("wait4");
			return 2;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	fprintf(out, "%.6f %.3f %ld\n", (double)t0.tv_sec + (double)t0.tv_nsec / 1e9, ms, ru.ru_maxrss);
	if (fclose(out) != 0)
		return 2;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
