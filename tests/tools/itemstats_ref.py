# itemstats_ref: an independent Python implementation of the published item-analysis conventions (jiaoyan(1) RESULTS), for tests/cli/results.sh.
# Written from the man page, not from src/domain/itemstats.c: plain lists, statistics.median, sorting by total.
import csv
import io
import math
import statistics


def read_scores(path, encoding):
    """(学号, paper or None, [scores]) per row of a score CSV as Excel saves it."""
    text = open(path, 'rb').read().decode(encoding)
    rows = list(csv.reader(io.StringIO(text)))
    head = rows[0]
    first = 2 if head[1] == '试卷' else 1
    out = []
    for r in rows[1:]:
        if not any(c.strip() for c in r):
            continue
        out.append((r[0].strip(), r[1].strip() if first == 2 else None, [float(c) for c in r[first:]]))
    return out


def var(x):
    n = len(x)
    if n < 2:
        return float('nan')
    m = sum(x) / n
    return sum((a - m) ** 2 for a in x) / (n - 1)


def corr(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else float('nan')


def alpha(cols):
    k = len(cols)
    if k < 2 or len(cols[0]) < 2:
        return float('nan')
    vt = var([sum(r) for r in zip(*cols)])
    if not vt > 0:
        return float('nan')
    return k / (k - 1) * (1 - sum(var(c) for c in cols) / vt)


def group_p(rows, pts, g, top):
    """P of the top (or bottom) g students; the block tied at the boundary shares what is left."""
    tot = [sum(r) for r in rows]
    order = sorted(range(len(rows)), key=lambda i: tot[i], reverse=top)
    w = [0.0] * len(rows)
    taken, i = 0.0, 0
    while i < len(order) and taken < g:
        j = i
        while j < len(order) and tot[order[j]] == tot[order[i]]:
            j += 1
        cnt = j - i
        wt = 1.0 if taken + cnt <= g else (g - taken) / cnt
        for x in order[i:j]:
            w[x] = wt
        taken += wt * cnt
        if wt < 1:
            break
        i = j
    return [sum(w[i] * rows[i][k] for i in range(len(rows))) / (g * pts[k]) for k in range(len(pts))]


def analyse(rows, pts, group=0.27, pass_share=0.6, excellent_share=0.85):
    n, k, full = len(rows), len(pts), sum(pts)
    tot = [sum(r) for r in rows]
    cols = [[r[j] for r in rows] for j in range(k)]
    g = group * n
    if abs(g - round(g)) < 1e-9:
        g = round(g)
    up, lo = group_p(rows, pts, g, True), group_p(rows, pts, g, False)
    items = []
    for j in range(k):
        rest = [t - c for t, c in zip(tot, cols[j])]
        items.append(dict(p=sum(cols[j]) / n / pts[j], d=up[j] - lo[j], r_pb=corr(cols[j], tot), r_it=corr(cols[j], rest),
                          alpha_drop=alpha([c for i, c in enumerate(cols) if i != j]) if k >= 3 else float('nan')))
    return dict(n=n, mean=sum(tot) / n, sd=math.sqrt(var(tot)) if n > 1 else float('nan'), median=statistics.median(tot),
                min=min(tot), max=max(tot), pass_rate=sum(t >= pass_share * full - 1e-9 for t in tot) / n,
                excellent_rate=sum(t >= excellent_share * full - 1e-9 for t in tot) / n, alpha=alpha(cols), items=items)


def same(got, want, decimals):
    """A tsv cell against a computed value: NA for undefined, else within half a unit of the last decimal."""
    if want != want:
        return got == 'NA'
    return got != 'NA' and abs(float(got) - want) <= 0.5 * 10 ** -decimals + 1e-12
