/* id: time-sortable ids, the clock tests can fix, dates, terms and safe path components. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/time.h>

#include "jiaoyan/id.h"

static const char b32[] = "0123456789abcdefghjkmnpqrstvwxyz";

static int parse_now(const char *s, time_t *out)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	char *end;
	if (strchr(s, '-')) {
		int y, mo, d, h = 0, mi = 0, se = 0;
		if (sscanf(s, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &se) < 3)
			return -1;
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = se;
		*out = timegm(&tm);
		return 0;
	}
	long long v = strtoll(s, &end, 10);
	if (*end)
		return -1;
	*out = (time_t)v;
	return 0;
}

time_t id_now(void)
{
	const char *fixed = getenv("JIAOYAN_NOW");
	time_t t;
	if (fixed && *fixed && parse_now(fixed, &t) == 0)
		return t;
	return time(NULL);
}

static uint64_t now_ms(void)
{
	const char *fixed = getenv("JIAOYAN_NOW");
	struct timeval tv;
	gettimeofday(&tv, NULL);
	if (fixed && *fixed) {
		/* A fixed clock still needs ids that sort in creation order. */
		return (uint64_t)id_now() * 1000 + (uint64_t)(tv.tv_usec / 1000) % 1000;
	}
	return (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
}

void id_new(char out[ID_LEN + 1])
{
	/* Per-process monotonicity (as ULID does): same millisecond → increment the random part. */
	static uint64_t last_ms;
	static unsigned char last_rand[10];
	unsigned char rnd[10];
	uint64_t ms = now_ms();
	if (ms <= last_ms) {
		ms = last_ms;
		memcpy(rnd, last_rand, sizeof(rnd));
		for (int i = 9; i >= 0; i--)
			if (++rnd[i] != 0)
				break;
	} else {
		size_t got = 0;
		while (got < sizeof(rnd)) {
			ssize_t n = getrandom(rnd + got, sizeof(rnd) - got, 0);
			if (n > 0)
				got += (size_t)n;
		}
	}
	last_ms = ms;
	memcpy(last_rand, rnd, sizeof(rnd));
	/* 10 chars of time (50 bits, top 2 zero), 16 chars of randomness (80 bits). */
	for (int i = 9; i >= 0; i--) {
		out[i] = b32[ms & 31];
		ms >>= 5;
	}
	uint64_t hi = 0, lo = 0;
	for (int i = 0; i < 5; i++)
		hi = hi << 8 | rnd[i];
	for (int i = 5; i < 10; i++)
		lo = lo << 8 | rnd[i];
	for (int i = 17; i >= 10; i--) {
		out[i] = b32[hi & 31];
		hi >>= 5;
	}
	for (int i = 25; i >= 18; i--) {
		out[i] = b32[lo & 31];
		lo >>= 5;
	}
	out[ID_LEN] = '\0';
}

int id_valid(const char *s)
{
	if (!s || strlen(s) != ID_LEN)
		return 0;
	for (const char *p = s; *p; p++)
		if (!strchr(b32, *p))
			return 0;
	return s[0] <= '7';
}

int id_month(char out[8], const char *id)
{
	if (!id_valid(id))
		return JY_EINVAL;
	uint64_t ms = 0;
	for (int i = 0; i < 10; i++)
		ms = ms << 5 | (uint64_t)(strchr(b32, id[i]) - b32);
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char m[8];
	/* Past year 9999 (ids reach 10889) the month does not fit: no such record exists. */
	if (!gmtime_r(&t, &tm) || strftime(m, sizeof(m), "%Y-%m", &tm) != 7)
		return JY_EINVAL;
	memcpy(out, m, 8);
	return 0;
}

void id_date(char out[11], time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void id_datetime(char out[17], time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 17, "%Y-%m-%d %H:%M", &tm);
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int id_date_valid(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) ||
	    !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
		return 0;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

int id_term_valid(const char *s)
{
	if (!s || strlen(s) != 11 || s[4] != '-' || s[9] != '-' || !all_digits(s, 4) ||
	    !all_digits(s + 5, 4))
		return 0;
	return atoi(s + 5) == atoi(s) + 1 && (s[10] == '1' || s[10] == '2');
}

/* Years are four digits by the term format; the modulo keeps the compiler sure of it. */
static void term_fmt(char out[12], int y, int n)
{
	snprintf(out, 12, "%04u-%04u-%u", (unsigned)y % 10000u, (unsigned)(y + 1) % 10000u,
		 (unsigned)n % 10u);
}

void id_term_of(char out[12], time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	int y = tm.tm_year + 1900, m = tm.tm_mon + 1;
	if (m >= 8)
		term_fmt(out, y, 1);
	else if (m == 1)
		term_fmt(out, y - 1, 1);
	else
		term_fmt(out, y - 1, 2);
}

int id_term_of_date(char out[12], const char *date)
{
	if (!id_date_valid(date))
		return JY_EINVAL;
	int y = atoi(date), m = atoi(date + 5);
	if (m >= 8)
		term_fmt(out, y, 1);
	else if (m == 1)
		term_fmt(out, y - 1, 1);
	else
		term_fmt(out, y - 1, 2);
	return 0;
}

int id_term_span(char first[11], char last[11], const char *term)
{
	if (!id_term_valid(term))
		return JY_EINVAL;
	unsigned y = (unsigned)atoi(term) % 10000u;
	if (term[10] == '1') {
		snprintf(first, 11, "%04u-08-01", y);
		snprintf(last, 11, "%04u-01-31", (y + 1) % 10000u);
	} else {
		snprintf(first, 11, "%04u-02-01", (y + 1) % 10000u);
		snprintf(last, 11, "%04u-07-31", (y + 1) % 10000u);
	}
	return 0;
}

int id_day_number(long *out, const char *date)
{
	if (!id_date_valid(date))
		return JY_EINVAL;
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(date) - 1900;
	tm.tm_mon = atoi(date + 5) - 1;
	tm.tm_mday = atoi(date + 8);
	tm.tm_hour = 12;
	*out = (long)(timegm(&tm) / 86400);
	return 0;
}

int id_term_next(char out[12], const char *term)
{
	if (!id_term_valid(term))
		return JY_EINVAL;
	int y = atoi(term);
	if (term[10] == '1')
		term_fmt(out, y, 2);
	else
		term_fmt(out, y + 1, 1);
	return 0;
}

int id_term_prev(char out[12], const char *term)
{
	if (!id_term_valid(term))
		return JY_EINVAL;
	int y = atoi(term);
	if (term[10] == '2')
		term_fmt(out, y, 1);
	else
		term_fmt(out, y - 1, 2);
	return 0;
}

int id_component_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 64 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}
