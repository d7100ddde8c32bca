#!/usr/bin/env node
// gift-summary: reads a GIFT file with the npm package gift-pegjs and prints one normalised JSON line per question.
//
// Usage: node tests/tools/gift-summary.js [--pegjs PREFIX] FILE|-
//   PREFIX is the directory given to `npm install --prefix PREFIX gift-pegjs`
//   (default: $GIFT_PEGJS_PREFIX, else Node's own module search). gift-pegjs is
//   a test tool, never a build dependency. Exit 0; 1 when gift-pegjs refuses
//   the file (its message, with line and column, on stderr); 2 on usage errors.
//
// One line per question, keys always in this order, in the vocabulary of
// include/jiaoyan/gift.h so that it can be compared with what jiaoyan wrote:
//   {"category", "type", "title", "format", "stem", "missing_word",
//    "general_feedback", then by type:
//    multichoice/multiresponse/shortanswer: "answers": [{"text","weight","feedback"}]
//    numerical: "answers": [{"kind":"value"|"range"|"any","value","tolerance","min","max","weight","feedback"}]
//    truefalse: "truth", "tf_feedback_wrong", "tf_feedback_right"
//    matching: "pairs": [[left, right]]}
// Normalisation, and where gift-pegjs's own view differs from Moodle's:
//   - type: gift-pegjs "MC" becomes "multichoice" when some choice is `=`
//     (Moodle's single = 1), else "multiresponse"; "Short" -> "shortanswer"
//     (gift-pegjs also calls an MC whose choices are all `=` "Short"; Moodle
//     reads it as short answer too, having no `~`); "TF" -> "truefalse";
//     "Numerical", "Essay", "Matching", "Description" lower-cased.
//   - weight: gift-pegjs gives null when no %n% is written; it becomes 100 for
//     `=` and 0 for `~`, as Moodle reads them. gift-pegjs keeps a %n% after `=`
//     in a choice question as the weight (Moodle: 100 %, "%n%" kept as text).
//   - true/false feedback: gift-pegjs names the first `#` text "trueFeedback"
//     and the second "falseFeedback"; Moodle shows the first to a student who
//     answers wrong and the second to one who answers right. They agree only
//     when the answer is F. Printed here by position, with Moodle's meaning:
//     tf_feedback_wrong = first, tf_feedback_right = second.
//   - stem: for [moodle] and [plain] text gift-pegjs turns line breaks into
//     spaces and squeezes runs of spaces (Moodle keeps them); a missing word
//     is joined as stem1 + " _____ " + stem2 with the sides trimmed.
//   - numbers: gift-pegjs reads no exponent ("1e5") and no bare fraction (".5").
//   - a numerical range a..b is printed with Moodle's value (a+b)/2 and
//     tolerance b - value besides min and max; value:tolerance with
//     min = value - tolerance and max = value + tolerance.
'use strict';

const fs = require('fs');
const path = require('path');

function usage(msg) {
	process.stderr.write(`gift-summary: ${msg}\nusage: node gift-summary.js [--pegjs PREFIX] FILE|-\n`);
	process.exit(2);
}

function loadParser(prefix) {
	const where = prefix ? [path.join(path.resolve(prefix), 'node_modules', 'gift-pegjs')] : [];
	where.push('gift-pegjs');
	for (const w of where) {
		try {
			const mod = require(w);
			return typeof mod.parse === 'function' ? mod.parse : mod;
		} catch (e) {
			if (e.code !== 'MODULE_NOT_FOUND') throw e;
		}
	}
	usage(`cannot load gift-pegjs${prefix ? ` from ${prefix}` : ''} (npm install --prefix DIR gift-pegjs)`);
	return null;
}

const text = (t) => (t && typeof t.text === 'string' ? t.text : '');

function weightOf(choice) {
	if (choice.weight !== null && choice.weight !== undefined) return choice.weight;
	return choice.isCorrect ? 100 : 0;
}

function numberAnswer(fmt, weight, feedback) {
	const a = { kind: 'value', value: 0, tolerance: 0, min: 0, max: 0, weight, feedback };
	if (!fmt || fmt.text === '*') {
		a.kind = 'any';
	} else if (fmt.type === 'high-low') {
		a.kind = 'range';
		a.min = fmt.numberLow;
		a.max = fmt.numberHigh;
		a.value = (a.min + a.max) / 2;
		a.tolerance = a.max - a.value;
	} else {
		a.value = fmt.number;
		a.tolerance = fmt.type === 'range' ? fmt.range : 0;
		a.min = a.value - a.tolerance;
		a.max = a.value + a.tolerance;
	}
	return a;
}

function summarise(q, category) {
	const out = {
		category,
		type: '',
		title: q.title || '',
		format: q.stem ? q.stem.format : 'moodle',
		stem: text(q.stem),
		missing_word: !!q.hasEmbeddedAnswers,
		general_feedback: text(q.globalFeedback),
	};
	switch (q.type) {
	case 'MC':
	case 'Short':
		out.type = q.type === 'Short' ? 'shortanswer' : q.choices.some((c) => c.isCorrect) ? 'multichoice' : 'multiresponse';
		out.answers = q.choices.map((c) => ({ text: text(c.text), weight: weightOf(c), feedback: text(c.feedback) }));
		break;
	case 'Numerical': {
		out.type = 'numerical';
		const choices = Array.isArray(q.choices) ? q.choices : [{ isCorrect: true, weight: null, text: q.choices, feedback: null }];
		out.answers = choices.map((c) => numberAnswer(c.text, weightOf(c), text(c.feedback)));
		break;
	}
	case 'TF':
		out.type = 'truefalse';
		out.truth = q.isTrue;
		out.tf_feedback_wrong = text(q.trueFeedback);
		out.tf_feedback_right = text(q.falseFeedback);
		break;
	case 'Matching':
		out.type = 'matching';
		out.pairs = q.matchPairs.map((p) => [text(p.subquestion), p.subanswer]);
		break;
	default:
		out.type = q.type.toLowerCase();
	}
	return out;
}

function main(argv) {
	let prefix = process.env.GIFT_PEGJS_PREFIX || '';
	const files = [];
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--pegjs') {
			if (++i >= argv.length) usage('--pegjs needs a directory');
			prefix = argv[i];
		} else if (argv[i] === '-h' || argv[i] === '--help') {
			usage('prints gift-pegjs\'s view of a GIFT file');
		} else {
			files.push(argv[i]);
		}
	}
	if (files.length !== 1) usage('one GIFT file, or - for standard input');
	const parse = loadParser(prefix);
	let data = fs.readFileSync(files[0] === '-' ? 0 : files[0], 'utf8');
	if (data.charCodeAt(0) === 0xfeff) data = data.slice(1);

	let questions;
	try {
		questions = parse(data);
	} catch (e) {
		const at = e.location ? `line ${e.location.start.line} column ${e.location.start.column}: ` : '';
		process.stderr.write(`gift-summary: gift-pegjs refuses ${files[0]}: ${at}${e.message}\n`);
		process.exit(1);
	}
	let category = '';
	const lines = [];
	for (const q of questions) {
		if (q.type === 'Category') {
			category = q.title.trim();
			continue;
		}
		lines.push(JSON.stringify(summarise(q, category)));
	}
	process.stdout.write(lines.map((l) => l + '\n').join(''));
}

main(process.argv.slice(2));
