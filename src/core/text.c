/* text: UTF-8 decoding and validation, display widths, clipping and terminal-safe sanitising. */
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/text.h"

struct range {
	uint32_t lo, hi;
};

/*
 * The width tables follow Unicode's EastAsianWidth (W, F) and the
 * non-spacing / enclosing marks and format characters exactly as glibc 2.36
 * applies them in wcwidth(), because ncurses measures with wcwidth() and a
 * single disagreement shifts every column after it. The CJK ideograph planes
 * (U+20000–U+3FFFD) are wide as a whole, assigned or not, as Unicode
 * specifies for them. Sorted, non-overlapping, searched by bisection.
 */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x05BF, 0x05BF },
	{ 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 }, { 0x05C7, 0x05C7 }, { 0x0610, 0x061A },
	{ 0x061C, 0x061C }, { 0x064B, 0x065F }, { 0x0670, 0x0670 }, { 0x06D6, 0x06DC },
	{ 0x06DF, 0x06E4 }, { 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED }, { 0x0711, 0x0711 },
	{ 0x0730, 0x074A }, { 0x07A6, 0x07B0 }, { 0x07EB, 0x07F3 }, { 0x07FD, 0x07FD },
	{ 0x0816, 0x0819 }, { 0x081B, 0x0823 }, { 0x0825, 0x0827 }, { 0x0829, 0x082D },
	{ 0x0859, 0x085B }, { 0x0898, 0x089F }, { 0x08CA, 0x08E1 }, { 0x08E3, 0x0902 },
	{ 0x093A, 0x093A }, { 0x093C, 0x093C }, { 0x0941, 0x0948 }, { 0x094D, 0x094D },
	{ 0x0951, 0x0957 }, { 0x0962, 0x0963 }, { 0x0981, 0x0981 }, { 0x09BC, 0x09BC },
	{ 0x09C1, 0x09C4 }, { 0x09CD, 0x09CD }, { 0x09E2, 0x09E3 }, { 0x09FE, 0x09FE },
	{ 0x0A01, 0x0A02 }, { 0x0A3C, 0x0A3C }, { 0x0A41, 0x0A42 }, { 0x0A47, 0x0A48 },
	{ 0x0A4B, 0x0A4D }, { 0x0A51, 0x0A51 }, { 0x0A70, 0x0A71 }, { 0x0A75, 0x0A75 },
	{ 0x0A81, 0x0A82 }, { 0x0ABC, 0x0ABC }, { 0x0AC1, 0x0AC5 }, { 0x0AC7, 0x0AC8 },
	{ 0x0ACD, 0x0ACD }, { 0x0AE2, 0x0AE3 }, { 0x0AFA, 0x0AFF }, { 0x0B01, 0x0B01 },
	{ 0x0B3C, 0x0B3C }, { 0x0B3F, 0x0B3F }, { 0x0B41, 0x0B44 }, { 0x0B4D, 0x0B4D },
	{ 0x0B55, 0x0B56 }, { 0x0B62, 0x0B63 }, { 0x0B82, 0x0B82 }, { 0x0BC0, 0x0BC0 },
	{ 0x0BCD, 0x0BCD }, { 0x0C00, 0x0C00 }, { 0x0C04, 0x0C04 }, { 0x0C3C, 0x0C3C },
	{ 0x0C3E, 0x0C40 }, { 0x0C46, 0x0C48 }, { 0x0C4A, 0x0C4D }, { 0x0C55, 0x0C56 },
	{ 0x0C62, 0x0C63 }, { 0x0C81, 0x0C81 }, { 0x0CBC, 0x0CBC }, { 0x0CBF, 0x0CBF },
	{ 0x0CC6, 0x0CC6 }, { 0x0CCC, 0x0CCD }, { 0x0CE2, 0x0CE3 }, { 0x0D00, 0x0D01 },
	{ 0x0D3B, 0x0D3C }, { 0x0D41, 0x0D44 }, { 0x0D4D, 0x0D4D }, { 0x0D62, 0x0D63 },
	{ 0x0D81, 0x0D81 }, { 0x0DCA, 0x0DCA }, { 0x0DD2, 0x0DD4 }, { 0x0DD6, 0x0DD6 },
	{ 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E }, { 0x0EB1, 0x0EB1 },
	{ 0x0EB4, 0x0EBC }, { 0x0EC8, 0x0ECD }, { 0x0F18, 0x0F19 }, { 0x0F35, 0x0F35 },
	{ 0x0F37, 0x0F37 }, { 0x0F39, 0x0F39 }, { 0x0F71, 0x0F7E }, { 0x0F80, 0x0F84 },
	{ 0x0F86, 0x0F87 }, { 0x0F8D, 0x0F97 }, { 0x0F99, 0x0FBC }, { 0x0FC6, 0x0FC6 },
	{ 0x102D, 0x1030 }, { 0x1032, 0x1037 }, { 0x1039, 0x103A }, { 0x103D, 0x103E },
	{ 0x1058, 0x1059 }, { 0x105E, 0x1060 }, { 0x1071, 0x1074 }, { 0x1082, 0x1082 },
	{ 0x1085, 0x1086 }, { 0x108D, 0x108D }, { 0x109D, 0x109D }, { 0x1160, 0x11FF },
	{ 0x135D, 0x135F }, { 0x1712, 0x1714 }, { 0x1732, 0x1733 }, { 0x1752, 0x1753 },
	{ 0x1772, 0x1773 }, { 0x17B4, 0x17B5 }, { 0x17B7, 0x17BD }, { 0x17C6, 0x17C6 },
	{ 0x17C9, 0x17D3 }, { 0x17DD, 0x17DD }, { 0x180B, 0x180F }, { 0x1885, 0x1886 },
	{ 0x18A9, 0x18A9 }, { 0x1920, 0x1922 }, { 0x1927, 0x1928 }, { 0x1932, 0x1932 },
	{ 0x1939, 0x193B }, { 0x1A17, 0x1A18 }, { 0x1A1B, 0x1A1B }, { 0x1A56, 0x1A56 },
	{ 0x1A58, 0x1A5E }, { 0x1A60, 0x1A60 }, { 0x1A62, 0x1A62 }, { 0x1A65, 0x1A6C },
	{ 0x1A73, 0x1A7C }, { 0x1A7F, 0x1A7F }, { 0x1AB0, 0x1ACE }, { 0x1B00, 0x1B03 },
	{ 0x1B34, 0x1B34 }, { 0x1B36, 0x1B3A }, { 0x1B3C, 0x1B3C }, { 0x1B42, 0x1B42 },
	{ 0x1B6B, 0x1B73 }, { 0x1B80, 0x1B81 }, { 0x1BA2, 0x1BA5 }, { 0x1BA8, 0x1BA9 },
	{ 0x1BAB, 0x1BAD }, { 0x1BE6, 0x1BE6 }, { 0x1BE8, 0x1BE9 }, { 0x1BED, 0x1BED },
	{ 0x1BEF, 0x1BF1 }, { 0x1C2C, 0x1C33 }, { 0x1C36, 0x1C37 }, { 0x1CD0, 0x1CD2 },
	{ 0x1CD4, 0x1CE0 }, { 0x1CE2, 0x1CE8 }, { 0x1CED, 0x1CED }, { 0x1CF4, 0x1CF4 },
	{ 0x1CF8, 0x1CF9 }, { 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x202A, 0x202E },
	{ 0x2060, 0x2064 }, { 0x2066, 0x206F }, { 0x20D0, 0x20F0 }, { 0x2CEF, 0x2CF1 },
	{ 0x2D7F, 0x2D7F }, { 0x2DE0, 0x2DFF }, { 0x302A, 0x302D }, { 0x3099, 0x309A },
	{ 0xA66F, 0xA672 }, { 0xA674, 0xA67D }, { 0xA69E, 0xA69F }, { 0xA6F0, 0xA6F1 },
	{ 0xA802, 0xA802 }, { 0xA806, 0xA806 }, { 0xA80B, 0xA80B }, { 0xA825, 0xA826 },
	{ 0xA82C, 0xA82C }, { 0xA8C4, 0xA8C5 }, { 0xA8E0, 0xA8F1 }, { 0xA8FF, 0xA8FF },
	{ 0xA926, 0xA92D }, { 0xA947, 0xA951 }, { 0xA980, 0xA982 }, { 0xA9B3, 0xA9B3 },
	{ 0xA9B6, 0xA9B9 }, { 0xA9BC, 0xA9BD }, { 0xA9E5, 0xA9E5 }, { 0xAA29, 0xAA2E },
	{ 0xAA31, 0xAA32 }, { 0xAA35, 0xAA36 }, { 0xAA43, 0xAA43 }, { 0xAA4C, 0xAA4C },
	{ 0xAA7C, 0xAA7C }, { 0xAAB0, 0xAAB0 }, { 0xAAB2, 0xAAB4 }, { 0xAAB7, 0xAAB8 },
	{ 0xAABE, 0xAABF }, { 0xAAC1, 0xAAC1 }, { 0xAAEC, 0xAAED }, { 0xAAF6, 0xAAF6 },
	{ 0xABE5, 0xABE5 }, { 0xABE8, 0xABE8 }, { 0xABED, 0xABED }, { 0xD7B0, 0xD7C6 },
	{ 0xD7CB, 0xD7FB }, { 0xFB1E, 0xFB1E }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
	{ 0xFEFF, 0xFEFF }, { 0xFFF9, 0xFFFB }, { 0x101FD, 0x101FD }, { 0x102E0, 0x102E0 },
	{ 0x10376, 0x1037A }, { 0x10A01, 0x10A03 }, { 0x10A05, 0x10A06 }, { 0x10A0C, 0x10A0F },
	{ 0x10A38, 0x10A3A }, { 0x10A3F, 0x10A3F }, { 0x10AE5, 0x10AE6 }, { 0x10D24, 0x10D27 },
	{ 0x10EAB, 0x10EAC }, { 0x10F46, 0x10F50 }, { 0x10F82, 0x10F85 }, { 0x11001, 0x11001 },
	{ 0x11038, 0x11046 }, { 0x11070, 0x11070 }, { 0x11073, 0x11074 }, { 0x1107F, 0x11081 },
	{ 0x110B3, 0x110B6 }, { 0x110B9, 0x110BA }, { 0x110C2, 0x110C2 }, { 0x11100, 0x11102 },
	{ 0x11127, 0x1112B }, { 0x1112D, 0x11134 }, { 0x11173, 0x11173 }, { 0x11180, 0x11181 },
	{ 0x111B6, 0x111BE }, { 0x111C9, 0x111CC }, { 0x111CF, 0x111CF }, { 0x1122F, 0x11231 },
	{ 0x11234, 0x11234 }, { 0x11236, 0x11237 }, { 0x1123E, 0x1123E }, { 0x112DF, 0x112DF },
	{ 0x112E3, 0x112EA }, { 0x11300, 0x11301 }, { 0x1133B, 0x1133C }, { 0x11340, 0x11340 },
	{ 0x11366, 0x1136C }, { 0x11370, 0x11374 }, { 0x11438, 0x1143F }, { 0x11442, 0x11444 },
	{ 0x11446, 0x11446 }, { 0x1145E, 0x1145E }, { 0x114B3, 0x114B8 }, { 0x114BA, 0x114BA },
	{ 0x114BF, 0x114C0 }, { 0x114C2, 0x114C3 }, { 0x115B2, 0x115B5 }, { 0x115BC, 0x115BD },
	{ 0x115BF, 0x115C0 }, { 0x115DC, 0x115DD }, { 0x11633, 0x1163A }, { 0x1163D, 0x1163D },
	{ 0x1163F, 0x11640 }, { 0x116AB, 0x116AB }, { 0x116AD, 0x116AD }, { 0x116B0, 0x116B5 },
	{ 0x116B7, 0x116B7 }, { 0x1171D, 0x1171F }, { 0x11722, 0x11725 }, { 0x11727, 0x1172B },
	{ 0x1182F, 0x11837 }, { 0x11839, 0x1183A }, { 0x1193B, 0x1193C }, { 0x1193E, 0x1193E },
	{ 0x11943, 0x11943 }, { 0x119D4, 0x119D7 }, { 0x119DA, 0x119DB }, { 0x119E0, 0x119E0 },
	{ 0x11A01, 0x11A0A }, { 0x11A33, 0x11A38 }, { 0x11A3B, 0x11A3E }, { 0x11A47, 0x11A47 },
	{ 0x11A51, 0x11A56 }, { 0x11A59, 0x11A5B }, { 0x11A8A, 0x11A96 }, { 0x11A98, 0x11A99 },
	{ 0x11C30, 0x11C36 }, { 0x11C38, 0x11C3D }, { 0x11C3F, 0x11C3F }, { 0x11C92, 0x11CA7 },
	{ 0x11CAA, 0x11CB0 }, { 0x11CB2, 0x11CB3 }, { 0x11CB5, 0x11CB6 }, { 0x11D31, 0x11D36 },
	{ 0x11D3A, 0x11D3A }, { 0x11D3C, 0x11D3D }, { 0x11D3F, 0x11D45 }, { 0x11D47, 0x11D47 },
	{ 0x11D90, 0x11D91 }, { 0x11D95, 0x11D95 }, { 0x11D97, 0x11D97 }, { 0x11EF3, 0x11EF4 },
	{ 0x13430, 0x13438 }, { 0x16AF0, 0x16AF4 }, { 0x16B30, 0x16B36 }, { 0x16F4F, 0x16F4F },
	{ 0x16F8F, 0x16F92 }, { 0x16FE4, 0x16FE4 }, { 0x1BC9D, 0x1BC9E }, { 0x1BCA0, 0x1BCA3 },
	{ 0x1CF00, 0x1CF2D }, { 0x1CF30, 0x1CF46 }, { 0x1D167, 0x1D169 }, { 0x1D173, 0x1D182 },
	{ 0x1D185, 0x1D18B }, { 0x1D1AA, 0x1D1AD }, { 0x1D242, 0x1D244 }, { 0x1DA00, 0x1DA36 },
	{ 0x1DA3B, 0x1DA6C }, { 0x1DA75, 0x1DA75 }, { 0x1DA84, 0x1DA84 }, { 0x1DA9B, 0x1DA9F },
	{ 0x1DAA1, 0x1DAAF }, { 0x1E000, 0x1E006 }, { 0x1E008, 0x1E018 }, { 0x1E01B, 0x1E021 },
	{ 0x1E023, 0x1E024 }, { 0x1E026, 0x1E02A }, { 0x1E130, 0x1E136 }, { 0x1E2AE, 0x1E2AE },
	{ 0x1E2EC, 0x1E2EF }, { 0x1E8D0, 0x1E8D6 }, { 0x1E944, 0x1E94A }, { 0xE0001, 0xE0001 },
	{ 0xE0020, 0xE007F }, { 0xE0100, 0xE01EF },
};

static const struct range wide[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A }, { 0x23E9, 0x23EC },
	{ 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 }, { 0x25FD, 0x25FE }, { 0x2614, 0x2615 },
	{ 0x2648, 0x2653 }, { 0x267F, 0x267F }, { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 }, { 0x26CE, 0x26CE },
	{ 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA }, { 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 },
	{ 0x26FA, 0x26FA }, { 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B },
	{ 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x274E, 0x274E }, { 0x2753, 0x2755 },
	{ 0x2757, 0x2757 }, { 0x2795, 0x2797 }, { 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF },
	{ 0x2B1B, 0x2B1C }, { 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x2E99 },
	{ 0x2E9B, 0x2EF3 }, { 0x2F00, 0x2FD5 }, { 0x2FF0, 0x2FFB }, { 0x3000, 0x3029 },
	{ 0x302E, 0x303E }, { 0x3041, 0x3096 }, { 0x309B, 0x30FF }, { 0x3105, 0x312F },
	{ 0x3131, 0x318E }, { 0x3190, 0x31E3 }, { 0x31F0, 0x321E }, { 0x3220, 0xA48C },
	{ 0xA490, 0xA4C6 }, { 0xA960, 0xA97C }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF },
	{ 0xFE10, 0xFE19 }, { 0xFE30, 0xFE52 }, { 0xFE54, 0xFE66 }, { 0xFE68, 0xFE6B },
	{ 0xFF01, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x16FE0, 0x16FE3 }, { 0x16FF0, 0x16FF1 },
	{ 0x17000, 0x187F7 }, { 0x18800, 0x18CD5 }, { 0x18D00, 0x18D08 }, { 0x1AFF0, 0x1AFF3 },
	{ 0x1AFF5, 0x1AFFB }, { 0x1AFFD, 0x1AFFE }, { 0x1B000, 0x1B122 }, { 0x1B150, 0x1B152 },
	{ 0x1B164, 0x1B167 }, { 0x1B170, 0x1B2FB }, { 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF },
	{ 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A }, { 0x1F200, 0x1F202 }, { 0x1F210, 0x1F23B },
	{ 0x1F240, 0x1F248 }, { 0x1F250, 0x1F251 }, { 0x1F260, 0x1F265 }, { 0x1F300, 0x1F320 },
	{ 0x1F32D, 0x1F335 }, { 0x1F337, 0x1F37C }, { 0x1F37E, 0x1F393 }, { 0x1F3A0, 0x1F3CA },
	{ 0x1F3CF, 0x1F3D3 }, { 0x1F3E0, 0x1F3F0 }, { 0x1F3F4, 0x1F3F4 }, { 0x1F3F8, 0x1F43E },
	{ 0x1F440, 0x1F440 }, { 0x1F442, 0x1F4FC }, { 0x1F4FF, 0x1F53D }, { 0x1F54B, 0x1F54E },
	{ 0x1F550, 0x1F567 }, { 0x1F57A, 0x1F57A }, { 0x1F595, 0x1F596 }, { 0x1F5A4, 0x1F5A4 },
	{ 0x1F5FB, 0x1F64F }, { 0x1F680, 0x1F6C5 }, { 0x1F6CC, 0x1F6CC }, { 0x1F6D0, 0x1F6D2 },
	{ 0x1F6D5, 0x1F6D7 }, { 0x1F6DD, 0x1F6DF }, { 0x1F6EB, 0x1F6EC }, { 0x1F6F4, 0x1F6FC },
	{ 0x1F7E0, 0x1F7EB }, { 0x1F7F0, 0x1F7F0 }, { 0x1F90C, 0x1F93A }, { 0x1F93C, 0x1F945 },
	{ 0x1F947, 0x1F9FF }, { 0x1FA70, 0x1FA74 }, { 0x1FA78, 0x1FA7C }, { 0x1FA80, 0x1FA86 },
	{ 0x1FA90, 0x1FAAC }, { 0x1FAB0, 0x1FABA }, { 0x1FAC0, 0x1FAC5 }, { 0x1FAD0, 0x1FAD9 },
	{ 0x1FAE0, 0x1FAE7 }, { 0x1FAF0, 0x1FAF6 }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

static int in_table(const struct range *t, size_t n, uint32_t cp)
{
	if (cp < t[0].lo || cp > t[n - 1].hi)
		return 0;
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp > t[mid].hi)
			lo = mid + 1;
		else if (cp < t[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

size_t text_decode(const char *s, size_t len, uint32_t *cp, int *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;
	unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
	size_t n;

	if (bad)
		*bad = 0;
	if (len == 0) {
		*cp = 0xFFFD;
		if (bad)
			*bad = 1;
		return 0;
	}
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	/* The second-byte ranges are what rule out overlongs (E0, F0),
	 * surrogates (ED) and code points above U+10FFFF (F4). */
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		if (c == 0xED)
			hi = 0x9F;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;
		c &= 0x07;
	} else {
		goto bad;
	}
	if (len < n || p[1] < lo || p[1] > hi)
		goto bad;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (p[i] & 0x3F);
	}
	*cp = c;
	return n;
bad:
	*cp = 0xFFFD;
	if (bad)
		*bad = 1;
	return 1;
}

int text_utf8_valid(const char *s, size_t len, size_t *bad_at)
{
	size_t i = 0;
	while (i < len) {
		if (!((unsigned char)s[i] & 0x80)) {
			i++;
			continue;
		}
		uint32_t cp;
		int bad;
		size_t n = text_decode(s + i, len - i, &cp, &bad);
		if (bad) {
			if (bad_at)
				*bad_at = i;
			return -1;
		}
		i += n;
	}
	return 0;
}

static int is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

int text_check_value(const char *field, const char *s, size_t len, struct jy_err *err)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		uint32_t cp;
		int bad;
		size_t n = text_decode(s + i, len - i, &cp, &bad);
		if (bad)
			return err_set(err, JY_EINVAL,
				       L("字段 %s：第 %zu 字节不是有效的 UTF-8",
					 "field %s: byte %zu is not valid UTF-8"),
				       field, i + 1);
		if (is_control(cp) && cp != '\n' && cp != '\t')
			return err_set(err, JY_EINVAL,
				       L("字段 %s：第 %zu 字节含控制字符 U+%04X（只允许换行和制表符）",
					 "field %s: byte %zu is the control character U+%04X (only newline and tab are allowed)"),
				       field, i + 1, (unsigned)cp);
		i += n;
	}
	return 0;
}

/* Characters that would reorder or hide text if obeyed: shown as marks. */
static int is_marked(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C ||
	       (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF ||
	       cp == 0x2028 || cp == 0x2029;
}

/*
 * The visible stand-in for a code point that must not reach the terminal as
 * itself: fills tmp (NUL-terminated, at most 15 bytes), sets *width and
 * returns the length; 0 when the code point is drawn as itself.
 */
static size_t stand_in(uint32_t cp, int flags, char tmp[16], int *width)
{
	if (cp == '\n') {
		if (flags & TEXT_KEEP_NEWLINES)
			return 0;
		memcpy(tmp, "\xE2\x86\xB5", 4); /* ↵ */
		*width = 1;
		return 3;
	}
	if (cp == '\t') {
		if (flags & TEXT_KEEP_TABS)
			return 0;
		memcpy(tmp, " ", 2);
		*width = 1;
		return 1;
	}
	if (cp < 0x20 || cp == 0x7F) {
		tmp[0] = '^';
		tmp[1] = cp == 0x7F ? '?' : (char)(cp + 0x40);
		tmp[2] = '\0';
		*width = 2;
		return 2;
	}
	if ((cp >= 0x80 && cp <= 0x9F) || is_marked(cp)) {
		snprintf(tmp, 16, "<U+%04X>", (unsigned)cp);
		*width = 8;
		return 8;
	}
	return 0;
}

static int table_width(uint32_t cp)
{
	if (cp < 0x300)
		return 1;
	if (in_table(zero_width, NELEM(zero_width), cp))
		return 0;
	if (in_table(wide, NELEM(wide), cp))
		return 2;
	return 1;
}

int text_cp_width(uint32_t cp)
{
	char tmp[16];
	int w;
	if (stand_in(cp, 0, tmp, &w))
		return w;
	return table_width(cp);
}

/*
 * Width of the character at s as text_sanitize() draws it on one line; *n
 * gets its length, and *plain is cleared when text_sanitize() would not copy
 * it as it is. Printable ASCII and the CJK ideographs of U+4000–U+9FFF (all
 * wide, none marked) are most of what tables hold: they skip the decoder.
 */
static int char_width(const char *s, size_t len, size_t *n, int *plain)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] >= 0x20 && p[0] < 0x7F) {
		*n = 1;
		return 1;
	}
	if (p[0] >= 0xE4 && p[0] <= 0xE9 && len >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		*n = 3;
		return 2;
	}
	uint32_t cp;
	int bad, w;
	char tmp[16];
	*n = text_decode(s, len, &cp, &bad);
	if (bad || stand_in(cp, 0, tmp, &w)) {
		*plain = 0;
		return bad ? 1 : w;
	}
	return table_width(cp);
}

/* Bytes at the start of p (len) that are printable ASCII, looked at eight at a time. */
static inline size_t ascii_run(const unsigned char *p, size_t len)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w, del;
		memcpy(&w, p + i, 8);
		del = w ^ (0x7F * ones);
		/* any byte with its high bit set, below 0x20, or 0x7F (the classic "has a byte less than n" test) */
		if ((w & highs) || ((w - 0x20 * ones) & ~w & highs) || ((del - ones) & ~del & highs))
			break;
	}
	while (i < len && p[i] >= 0x20 && p[i] < 0x7F)
		i++;
	return i;
}

/* Columns of s (len bytes); *plain is cleared when text_sanitize() would change it. */
static int measure(const char *s, size_t len, int *plain)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	int w = 0;
	*plain = 1;
	while (i < len) {
		/* char_width's fast cases, repeated here so that a run of them stays in this loop */
		if (p[i] >= 0x20 && p[i] < 0x7F) {
			size_t run = ascii_run(p + i, len - i);
			w += (int)run;
			i += run;
		} else if (p[i] >= 0xE4 && p[i] <= 0xE9 && len - i >= 3 && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
			w += 2;
			i += 3;
		} else {
			w += char_width(s + i, len - i, &n, plain);
			i += n;
		}
	}
	return w;
}

int text_width(const char *s)
{
	int plain;
	return measure(s, strlen(s), &plain);
}

int text_plain(const char *s, size_t len, int flags)
{
	size_t i = 0;
	while (i < len) {
		const unsigned char *p = (const unsigned char *)s + i;
		if (p[0] >= 0x20 && p[0] < 0x7F) {
			i += ascii_run(p, len - i);
			continue;
		}
		if (p[0] >= 0xE4 && p[0] <= 0xE9 && len - i >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		uint32_t cp;
		int bad, w;
		char tmp[16];
		size_t n = text_decode(s + i, len - i, &cp, &bad);
		if (bad || stand_in(cp, flags, tmp, &w))
			return 0;
		i += n;
	}
	return 1;
}

void text_sanitize(struct buf *out, const char *s, size_t len, int flags)
{
	size_t i = 0;
	buf_grow(out, len);
	while (i < len) {
		size_t run = i;
		/* Printable ASCII is the common case: copy it in runs. */
		while (run < len && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7F)
			run++;
		if (run > i) {
			buf_add(out, s + i, run - i);
			i = run;
			if (i == len)
				break;
		}
		uint32_t cp;
		int bad, w;
		char tmp[16];
		size_t n = text_decode(s + i, len - i, &cp, &bad);
		size_t k;
		if (bad)
			buf_add(out, "\xEF\xBF\xBD", 3); /* U+FFFD */
		else if ((k = stand_in(cp, flags, tmp, &w)) != 0)
			buf_add(out, tmp, k);
		else
			buf_add(out, s + i, n);
		i += n;
	}
}

/* Bytes of s that fit in cols columns, stopping before the first character that does not fit. */
static size_t fit(const char *s, size_t len, int cols, int *used)
{
	size_t i = 0, n;
	int w = 0, plain;
	while (i < len) {
		int cw = char_width(s + i, len - i, &n, &plain);
		if (w + cw > cols)
			break;
		w += cw;
		i += n;
	}
	*used = w;
	return i;
}

size_t text_fit(const char *s, size_t len, int cols)
{
	int used;
	return cols > 0 ? fit(s, len, cols, &used) : 0;
}

int text_clip(struct buf *out, const char *s, int cols)
{
	size_t len = strlen(s);
	int plain, total, used;
	if (cols <= 0)
		return 0;
	total = measure(s, len, &plain);
	if (total <= cols) {
		if (plain)
			buf_add(out, s, len);
		else
			text_sanitize(out, s, len, 0);
		return total;
	}
	/* One column stays free for the ellipsis. */
	size_t cut = fit(s, len, cols - 1, &used);
	text_sanitize(out, s, cut, 0);
	buf_add(out, "\xE2\x80\xA6", 3); /* … */
	return used + 1;
}

static void add_spaces(struct buf *out, int n)
{
	if (n <= 0)
		return;
	buf_grow(out, (size_t)n);
	memset(out->ptr + out->len, ' ', (size_t)n);
	out->len += (size_t)n;
	out->ptr[out->len] = '\0';
}

void text_pad(struct buf *out, const char *s, int cols, int right_align)
{
	if (cols <= 0)
		return;
	if (!right_align) {
		add_spaces(out, cols - text_clip(out, s, cols));
		return;
	}
	struct buf tmp = BUF_INIT;
	int used = text_clip(&tmp, s, cols);
	add_spaces(out, cols - used);
	buf_add(out, tmp.ptr, tmp.len);
	buf_release(&tmp);
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

int text_contains(const char *hay, const char *needle)
{
	size_t nl = strlen(needle), hl, i, k;
	int letters = 0;
	if (nl == 0)
		return 1;
	for (i = 0; i < nl && !letters; i++)
		letters = ascii_lower((unsigned char)needle[i]) >= 'a' &&
			  ascii_lower((unsigned char)needle[i]) <= 'z';
	hl = strlen(hay);
	if (nl > hl)
		return 0;
	/* Without letters there is nothing to fold: glibc's memmem is fastest.
	 * strcasestr is not used because it folds by the locale, which in a
	 * Latin-1 locale would fold the bytes of UTF-8 sequences. */
	if (!letters)
		return memmem(hay, hl, needle, nl) != NULL;
	const unsigned char *h = (const unsigned char *)hay, *nd = (const unsigned char *)needle;
	unsigned char first = ascii_lower(nd[0]);
	for (i = 0; i + nl <= hl; i++) {
		if (ascii_lower(h[i]) != first)
			continue;
		for (k = 1; k < nl && ascii_lower(h[i + k]) == ascii_lower(nd[k]); k++)
			;
		if (k == nl)
			return 1;
	}
	return 0;
}

size_t text_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), *row = xcalloc(lb + 1, sizeof(size_t));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	size_t d = row[lb];
	free(row);
	return d;
}

uint32_t text_fold_cp(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		cp -= 0xFF01 - 0x21;
	else if (cp == 0x3000)
		cp = ' ';
	return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
}

void text_fold(struct buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int bad = 0;
		size_t n = text_decode(s + i, len - i, &cp, &bad);
		uint32_t f = bad ? cp : text_fold_cp(cp);
		if (bad || f == cp)
			buf_add(out, s + i, n);
		else
			buf_putc(out, (char)f); /* every folded character is ASCII */
		i += n;
	}
}

static int trim_space(const char *p)
{
	return *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n';
}

const char *text_trim(const char *s, size_t *len)
{
	size_t n;
	for (;;) {
		if (trim_space(s))
			s++;
		else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
			s += 3;
		else
			break;
	}
	n = strlen(s);
	for (;;) {
		if (n && trim_space(s + n - 1))
			n--;
		else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	*len = n;
	return s;
}

/* ---------- numbers as text ---------- */

/* Numbers are read and written in the C locale whatever the process's locale says. */
static locale_t c_locale(void)
{
	static locale_t loc;
	if (!loc)
		loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return loc;
}

double text_strtod(const char *s)
{
	locale_t loc = c_locale();
	return loc ? strtod_l(s, NULL, loc) : strtod(s, NULL);
}

int text_parse_number(const char *s, size_t n, double *out)
{
	size_t i = 0, digits = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && (s[i] >= '0' && s[i] <= '9'))
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && (s[i] >= '0' && s[i] <= '9'))
			i++, digits++;
	}
	if (!digits)
		return -1;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t e = 0;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < n && (s[i] >= '0' && s[i] <= '9'))
			i++, e++;
		if (!e)
			return -1;
	}
	if (i != n)
		return -1;
	char *tmp = xstrndup(s, n);
	double v = text_strtod(tmp);
	free(tmp);
	if (!isfinite(v))
		return -2;
	*out = v;
	return 0;
}

void text_number(struct buf *out, double x)
{
	char tmp[64], digits[32];
	size_t nd = 0;
	if (x == 0) {
		buf_putc(out, '0');
		return;
	}
	locale_t loc = c_locale(), old = loc ? uselocale(loc) : (locale_t)0;
	for (int p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*e", p - 1, x);
		if (strtod(tmp, NULL) == x)
			break;
	}
	if (loc)
		uselocale(old);
	const char *s = tmp;
	if (*s == '-') {
		buf_putc(out, '-');
		s++;
	}
	for (; *s && *s != 'e' && nd < sizeof(digits); s++)
		if (*s != '.')
			digits[nd++] = *s;
	long e = *s == 'e' ? strtol(s + 1, NULL, 10) : 0;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (e >= 0) {
		size_t whole = (size_t)e + 1;
		if (whole >= nd) {
			buf_add(out, digits, nd);
			for (size_t i = nd; i < whole; i++)
				buf_putc(out, '0');
		} else {
			buf_add(out, digits, whole);
			buf_putc(out, '.');
			buf_add(out, digits + whole, nd - whole);
		}
	} else {
		buf_puts(out, "0.");
		for (long i = 0; i < -e - 1; i++)
			buf_putc(out, '0');
		buf_add(out, digits, nd);
	}
}

void text_decimal(struct buf *out, double x, int places)
{
	char tmp[64];
	locale_t loc = c_locale(), old = loc ? uselocale(loc) : (locale_t)0;
	snprintf(tmp, sizeof(tmp), "%.*f", places, x);
	if (loc)
		uselocale(old);
	size_t n = strlen(tmp);
	while (n > 0 && tmp[n - 1] == '0')
		n--;
	if (n > 0 && tmp[n - 1] == '.')
		n--;
	if (n == 2 && tmp[0] == '-' && tmp[1] == '0')
		buf_putc(out, '0');
	else
		buf_add(out, tmp, n);
}
