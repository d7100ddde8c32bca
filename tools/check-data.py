#!/usr/bin/env python3
# check-data: verifies that every shipped .ini under data/ and config/ is byte-exact codec format and fits the schema.
"""
Usage: tools/check-data.py [ROOT]        (ROOT = source tree, default: the parent of tools/)

Record files (data/**.ini, config/rules/*.ini, config/rubrics/*.ini) must be
exactly what the codec (include/jiaoyan/codec.h) writes: sections and keys in
schema order (read from src/core/schema.c, so the two cannot drift), escaped
values wrapped greedily at 150 bytes, lines under 199 bytes, one blank line
between sections and none at the end. Values are checked against their field
(enum, bool, number, code, term, month-day), required fields must be there, the
file name must match the record's id, and references must resolve among the
shipped records. config/jiaoyan.ini is a user configuration read by plain
inih: it only has to keep lines short, comments at line start and valid UTF-8.
Prints one line per problem and exits 1 when there is any.
"""
import os
import re
import sys

WRAP = 150
LINE_MAX = 199
NAME_MAX = 49

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..'))
problems = []


def report(path, msg):
    problems.append('%s: %s' % (os.path.relpath(path, ROOT), msg))


# ---------------------------------------------------------------- schema.c

def split_args(s):
    """Splits a C argument list at top-level commas, keeping string literals whole."""
    out, cur, depth, i = [], '', 0, 0
    while i < len(s):
        c = s[i]
        if c == '"':
            j = i + 1
            while s[j] != '"':
                j += 2 if s[j] == '\\' else 1
            cur += s[i:j + 1]
            i = j + 1
            continue
        if c in '({':
            depth += 1
        elif c in ')}':
            depth -= 1
        if c == ',' and depth == 0:
            out.append(cur.strip())
            cur = ''
        else:
            cur += c
        i += 1
    if cur.strip():
        out.append(cur.strip())
    return out


def load_schema():
    src = open(os.path.join(ROOT, 'src/core/schema.c'), encoding='utf-8').read()
    src = re.sub(r'/\*.*?\*/', '', src, flags=re.S)
    strings = dict(re.findall(r'#define\s+(\w+)\s+"([^"]*)"', src))

    def lit(tok):
        tok = tok.strip()
        if tok.startswith('"'):
            return ''.join(re.findall(r'"([^"]*)"', tok))
        return strings.get(tok, None if tok == 'NULL' else tok)

    flagmap = {'REQ': 1, 'ML': 2, 'RO': 4, '0': 0}

    def flags(tok):
        return sum(flagmap.get(f.strip(), 0) for f in tok.split('|'))

    tables = {}
    for m in re.finditer(r'struct field_def (\w+)\[\] = \{(.*?)\n\};', src, re.S):
        body, fields = m.group(2), []
        pos = 0
        entry = re.compile(r'(TEXTN|TEXT|INT|NUM|ENUM|SET|BOOL|TYPED|REFS|REF)\(|\{')
        while True:
            e = entry.search(body, pos)
            if not e:
                break
            depth, j = 1, e.end()
            while depth:
                if body[j] == '"':
                    j = body.index('"', j + 1)
                elif body[j] in '({':
                    depth += 1
                elif body[j] in ')}':
                    depth -= 1
                j += 1
            a = split_args(body[e.end():j - 1])
            kind = e.group(1)
            f = {'section': lit(a[0]), 'key': lit(a[1]), 'values': None, 'ref': None}
            if kind is None:
                f.update(type=a[2], flags=flags(a[3]), values=lit(a[6]), ref=lit(a[9]))
            elif kind == 'TYPED':
                f.update(type=a[2], flags=flags(a[3]))
            elif kind in ('REF', 'REFS'):
                f.update(type='FT_REF' if kind == 'REF' else 'FT_REFLIST', flags=flags(a[2]), ref=lit(a[3]))
            elif kind in ('ENUM', 'SET'):
                f.update(type='FT_' + kind, flags=flags(a[2]), values=lit(a[3]))
            elif kind == 'BOOL':
                f.update(type='FT_BOOL', flags=flags(a[2]), values='yes|no')
            else:
                f.update(type={'TEXT': 'FT_TEXT', 'TEXTN': 'FT_TEXT', 'INT': 'FT_INT', 'NUM': 'FT_NUMBER'}[kind],
                         flags=flags(a[2]))
            fields.append(f)
            pos = j
        tables[m.group(1)] = fields
    keyarrays = {m.group(1): re.findall(r'"([^"]+)"', m.group(2))
                 for m in re.finditer(r'char \*const (\w+)\[\] = \{([^}]*)\}', src)}
    types = {}
    for m in re.finditer(r'^\s*TYPE\((".*?)\),?$', src, re.S | re.M):
        a = split_args(m.group(1))
        if len(a) != 10 or not a[0].startswith('"'):
            continue
        types[lit(a[0])] = {'name': lit(a[0]), 'main': lit(a[3]), 'id_key': lit(a[4]), 'kind': a[5],
                            'dir': lit(a[6]), 'path_keys': keyarrays[a[7]], 'fields': tables[a[9]]}
    if not types:
        sys.exit('check-data: could not read the type table from src/core/schema.c')
    return types


def pattern_match(pat, name):
    if pat == '*':
        return True
    if pat.endswith('.*'):
        return name.startswith(pat[:-1]) and re.fullmatch(r'[0-9A-Za-z]+', name[len(pat) - 1:]) is not None
    return pat == name


def field_for(t, sec, key):
    wild = None
    for i, f in enumerate(t['fields']):
        if not pattern_match(f['section'], sec):
            continue
        if f['key'] == key:
            return i, f
        if wild is None and '*' in f['key'] and pattern_match(f['key'], key):
            wild = (i, f)
    return wild if wild else (None, None)


def suffix_key(name):
    s = name.rsplit('.', 1)[-1]
    return (0, int(s), '') if s.isdigit() else (1, 0, s)


def canonical(t, rec):
    """The section/key order schema_canonical() produces for rec (a list of (section, [(key, value)]))."""
    pats = []
    for f in t['fields']:
        if f['section'] not in pats:
            pats.append(f['section'])
    out, done = [], set()
    for pat in pats:
        names = [s for s, _ in rec if s not in done and pattern_match(pat, s)]
        names.sort(key=suffix_key)
        for s in names:
            kv = dict(rec)[s]
            ranked = []
            for n, (k, v) in enumerate(kv):
                i, f = field_for(t, s, k)
                ranked.append((i if i is not None and f['section'] == pat else 10 ** 6, n, k, v))
            ranked.sort()
            out.append((s, [(k, v) for _, _, k, v in ranked]))
            done.add(s)
    out += [(s, kv) for s, kv in rec if s not in done]
    return out


# ---------------------------------------------------------------- codec

ESC = {'\\': '\\\\', '\n': '\\n', '\t': '\\t', ';': '\\;', '#': '\\#'}


def units(value):
    return [ESC.get(c, c) for c in value]


def encode_chunks(value):
    """Greedy chunks of at most WRAP bytes, never splitting a character or an escape."""
    res, cur, n = [], '', 0
    for x in units(value):
        b = len(x.encode())
        if n + b > WRAP and cur:
            res.append(cur)
            cur, n = '', 0
        cur += x
        n += b
    if cur:
        res.append(cur)
    return res


def encode(rec):
    lines = []
    for n, (sec, kv) in enumerate(rec):
        if n:
            lines.append('')
        lines.append('[%s]' % sec)
        for k, v in kv:
            if v == '':
                lines.append('%s =' % k)
                continue
            c = encode_chunks(v)
            if any(x.startswith(' ') or x.endswith(' ') for x in c):
                # inih strips it; the codec writes \s there — keep shipped values free of the case.
                problems.append('value of %s.%s puts a space at a line edge: reword it' % (sec, k))
            lines.append('%s = %s' % (k, c[0]))
            lines += ['  ' + x for x in c[1:]]
    return '\n'.join(lines) + '\n'


def unescape(path, lineno, chunk):
    out, i = '', 0
    while i < len(chunk):
        c = chunk[i]
        if c == '\\':
            nxt = chunk[i + 1:i + 2]
            m = {'\\': '\\', 'n': '\n', 't': '\t', ';': ';', '#': '#', 's': ' '}.get(nxt)
            if m is None:
                report(path, 'line %d: bad escape "\\%s"' % (lineno, nxt))
                m = ''
            out += m
            i += 2
            continue
        if c in ';#':
            report(path, 'line %d: unescaped "%s" (write \\%s)' % (lineno, c, c))
        if ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f:
            report(path, 'line %d: control character U+%04X' % (lineno, ord(c)))
        out += c
        i += 1
    return out


NAME_RE = re.compile(r'[a-z0-9_.-]{1,%d}' % NAME_MAX)
KEY_RE = re.compile(r'[a-zA-Z0-9_.-]{1,%d}' % NAME_MAX)


def decode(path, data):
    """Strict reading like codec_decode(); returns [(section, [(key, value)])] or None."""
    if b'\0' in data:
        report(path, 'NUL byte')
        return None
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        report(path, 'invalid UTF-8 at byte %d' % e.start)
        return None
    if '\r' in text:
        report(path, 'carriage return (write \\n line ends)')
    rec, sec, key = [], None, None
    for n, line in enumerate(text.split('\n')[:-1], 1):
        if len(line.encode()) + 1 >= LINE_MAX:
            report(path, 'line %d: %d bytes, must be < %d' % (n, len(line.encode()) + 1, LINE_MAX))
        if line == '':
            key = None
            continue
        if line.startswith('['):
            name = line[1:-1] if line.endswith(']') else None
            if not name or not NAME_RE.fullmatch(name):
                report(path, 'line %d: bad section name' % n)
                return None
            if any(s == name for s, _ in rec):
                report(path, 'line %d: duplicate section [%s]' % (n, name))
            sec = (name, [])
            rec.append(sec)
            key = None
            continue
        if line.startswith('  '):
            if key is None:
                report(path, 'line %d: continuation without a key' % n)
                continue
            sec[1][-1] = (key, sec[1][-1][1] + unescape(path, n, line[2:]))
            continue
        m = re.fullmatch(r'([^ =]+) =(?: (.*))?', line)
        if not m or sec is None:
            report(path, 'line %d: not "key = value" inside a section' % n)
            return None
        key = m.group(1)
        if not KEY_RE.fullmatch(key):
            report(path, 'line %d: bad key name "%s"' % (n, key))
        if any(k == key for k, _ in sec[1]):
            report(path, 'line %d: duplicate key %s.%s' % (n, sec[0], key))
        sec[1].append((key, unescape(path, n, m.group(2) or '')))
    return rec


# ---------------------------------------------------------------- values

def check_value(path, f, sec, key, v):
    t = f['type']
    where = '%s.%s = "%s"' % (sec, key, v)
    if v == '':
        return
    if '\n' in v and not (f['flags'] & 2) and t == 'FT_TEXT':
        report(path, '%s: must be a single line' % where)
    if t == 'FT_INT' and not re.fullmatch(r'-?(0|[1-9][0-9]*)', v):
        report(path, '%s: not a whole number' % where)
    elif t == 'FT_NUMBER' and not re.fullmatch(r'(0|[1-9][0-9]*)(\.[0-9])?', v):
        report(path, '%s: not a number with at most one decimal' % where)
    elif t in ('FT_ENUM', 'FT_BOOL') and v not in f['values'].split('|'):
        report(path, '%s: not one of %s' % (where, f['values']))
    elif t == 'FT_SET' and any(x.strip() not in f['values'].split('|') for x in v.split(',')):
        report(path, '%s: items must come from %s' % (where, f['values']))
    elif t in ('FT_CODE', 'FT_REF') and (not re.fullmatch(r'[a-z0-9._-]{1,64}', v) or v in ('.', '..')):
        report(path, '%s: not a path-safe code' % where)
    elif t == 'FT_REFLIST' and any(not re.fullmatch(r'[a-z0-9._-]{1,64}', x.strip()) for x in v.split(',')):
        report(path, '%s: not a list of path-safe codes' % where)
    elif t == 'FT_TERM':
        m = re.fullmatch(r'([0-9]{4})-([0-9]{4})-([12])', v)
        if not m or int(m.group(2)) != int(m.group(1)) + 1:
            report(path, '%s: not a term YYYY-YYYY-N' % where)
    elif t == 'FT_MONTHDAY' and not re.fullmatch(r'(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])', v):
        report(path, '%s: not MM-DD' % where)
    elif t == 'FT_DATE' and not re.fullmatch(r'[0-9]{4}-[0-9]{2}-[0-9]{2}', v):
        report(path, '%s: not YYYY-MM-DD' % where)


def check_record(path, t, rec, repo_path):
    for sec, kv in rec:
        for key, v in kv:
            _, f = field_for(t, sec, key)
            if f is None:
                report(path, 'unknown field %s.%s for a %s record' % (sec, key, t['name']))
                continue
            check_value(path, f, sec, key, v)
    for f in t['fields']:
        if not f['flags'] & 1 or '*' in f['key']:
            continue
        secs = [s for s, _ in rec if pattern_match(f['section'], s)]
        if not secs and '*' not in f['section']:
            report(path, 'required field %s.%s missing' % (f['section'], f['key']))
        for s in secs:
            if not dict(dict(rec)[s]).get(f['key']):
                report(path, 'required field %s.%s missing' % (s, f['key']))
    main = dict(rec).get(t['main'], [])
    mainv = dict(main)
    if t['kind'] == 'ID_SINGLETON':
        want = 'group.ini'
    else:
        want = '/'.join([t['dir']] + [mainv.get(k, '?') for k in t['path_keys']]) + '.ini'
    if repo_path is not None and repo_path != want:
        report(path, 'stored at %s but its fields say %s' % (repo_path, want))
    elif repo_path is None and t['kind'] == 'ID_CODE':
        base = os.path.basename(path)[:-4]
        if mainv.get(t['id_key']) != base:
            report(path, '%s.%s is "%s" but the file is %s.ini' % (t['main'], t['id_key'], mainv.get(t['id_key']), base))


def main():
    types = load_schema()
    by_dir = {t['dir']: t for t in types.values() if t['dir']}
    files = []
    for top in ('data', 'config'):
        for d, _, names in os.walk(os.path.join(ROOT, top)):
            files += [os.path.join(d, n) for n in names if n.endswith('.ini')]
    files.sort()
    records = {}  # (type, id) → path, for references
    refs = []
    for path in files:
        rel = os.path.relpath(path, ROOT)
        data = open(path, 'rb').read()
        if rel == 'config/jiaoyan.ini':
            text = data.decode('utf-8', 'replace')
            for n, line in enumerate(text.split('\n'), 1):
                if len(line.encode()) + 1 >= LINE_MAX:
                    report(path, 'line %d is %d bytes, must be < %d' % (n, len(line.encode()) + 1, LINE_MAX))
                if ';' in line and not line.startswith(';') or '#' in line and not line.startswith(';'):
                    report(path, 'line %d: ";" or "#" inside a line starts an inline comment in inih' % n)
            continue
        if rel.startswith('config/rules/'):
            t, repo_path = types['rules'], None
        elif rel.startswith('config/rubrics/'):
            t, repo_path = types['rubric'], None
        elif rel.startswith('data/'):
            repo_path = rel[len('data/'):]
            t = types['group'] if repo_path == 'group.ini' else by_dir.get(repo_path.split('/')[0])
            if t is None:
                report(path, 'no record type lives at %s' % repo_path)
                continue
        else:
            report(path, 'not a shipped record file (only config/rules, config/rubrics and data hold records)')
            continue
        rec = decode(path, data)
        if rec is None:
            continue
        if any(not kv for _, kv in rec):
            report(path, 'a section without keys (the codec never writes one)')
        want = encode(canonical(t, [(s, kv) for s, kv in rec if kv]))
        if want.encode() != data:
            got_lines, want_lines = data.decode().split('\n'), want.split('\n')
            for n, (a, b) in enumerate(zip(got_lines, want_lines), 1):
                if a != b:
                    report(path, 'not canonical at line %d: have %r, the codec writes %r' % (n, a, b))
                    break
            else:
                report(path, 'not canonical: the codec writes %d lines, the file has %d'
                       % (len(want_lines), len(got_lines)))
        check_record(path, t, rec, repo_path)
        mainv = dict(dict(rec).get(t['main'], []))
        if t['id_key']:
            records[(t['name'], mainv.get(t['id_key']))] = path
        for sec, kv in rec:
            for key, v in kv:
                _, f = field_for(t, sec, key)
                if f and f['type'] in ('FT_REF', 'FT_REFLIST') and v:
                    refs += [(path, sec, key, f['ref'], x.strip()) for x in v.split(',')]
    for path, sec, key, rtype, rid in refs:
        if (rtype, rid) not in records:
            report(path, '%s.%s: no %s "%s" among the shipped records' % (sec, key, rtype, rid))
    for p in problems:
        print(p)
    print('check-data: %d files, %d problems' % (len(files), len(problems)), file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
