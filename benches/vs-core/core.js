// The JavaScript side of benches/vs-core: prepares the shared inputs with App Connect core's own
// composeCallLog, times core on them, and prints the side-by-side report.
//
//   node core.js prepare <dir> <composer-compat-public.jsonl>
//   node core.js time <dir>
//   node core.js report <core.tsv> <ours.tsv>
'use strict';
const fs = require('fs');
const path = require('path');

const [, , mode, a, b] = process.argv;
const SIZES = [1, 2, 4, 16];
const LINE =
  'Speaker 1 (00:00:00): the quick brown fox jumps over the lazy dog, again and again, and again today.\n';

function core(dir) {
  const file = require.resolve('@app-connect/core/lib/callLogComposer', { paths: [dir] });
  return require(file).composeCallLog;
}

function transcript(bytes) {
  return LINE.repeat(Math.ceil(bytes / LINE.length) + 1).slice(0, bytes);
}

function fullCall(text) {
  return {
    logFormat: 'text/plain',
    callLog: {
      sessionId: '4159227004',
      direction: 'Inbound',
      startTime: '2024-01-15T10:30:00Z',
      from: { phoneNumber: '+14155550199', name: 'Bob Customer' },
      to: { phoneNumber: '+16505550100', extensionNumber: '101', name: 'Alice Agent' },
      legs: [
        { direction: 'Inbound', from: { phoneNumber: '+14155550199' },
          to: { phoneNumber: '+16505550100', extensionNumber: '101', name: 'Main IVR' } },
        { direction: 'Inbound', to: { extensionNumber: '205', name: 'Support Queue' }, duration: 12 },
      ],
    },
    contactInfo: { phoneNumber: '+14155550199' },
    user: { timezoneOffset: '-05:00', userSettings: {} },
    note: 'Customer wants a callback about invoice #123.',
    subject: 'Inbound call from Bob Customer',
    startTime: '2024-01-15T10:30:00Z',
    duration: 185,
    result: 'Call connected',
    recordingLink: 'https://media.example.com/recording/123',
    aiNote: 'Summary:\nCustomer asked about invoice #123.\n\nNext steps:\n- Send updated quote\n',
    transcript: text,
  };
}

function prepare(dir, vectors) {
  const compose = core(dir);
  const params = fs.readFileSync(vectors, 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.stringify(JSON.parse(l).params));
  fs.writeFileSync(path.join(dir, 'params.jsonl'), params.join('\n') + '\n');
  for (const mib of SIZES) {
    const text = transcript(mib * 1024 * 1024);
    const body = compose(fullCall(text)); // the body as core writes it
    const link = { logFormat: 'text/plain', existingBody: body, user: { userSettings: {} },
      recordingLink: 'https://media.example.com/recording/999' };
    const full = Object.assign(fullCall(text), { existingBody: body, duration: 190,
      result: 'Call ended', recordingLink: 'https://media.example.com/recording/999' });
    fs.writeFileSync(path.join(dir, `update-${mib}-link.json`), JSON.stringify(link));
    fs.writeFileSync(path.join(dir, `update-${mib}-full.json`), JSON.stringify(full));
  }
}

/** Nanoseconds per call of f: repeated for at least `ms` milliseconds and 3 calls. */
function time(f, ms) {
  f();
  let n = 0;
  const start = process.hrtime.bigint();
  let now = start;
  while (n < 3 || now - start < BigInt(ms) * 1000000n) {
    f();
    n += 1;
    now = process.hrtime.bigint();
  }
  return Number(now - start) / n;
}

// V8 returns an update as a rope (a cons-string over the old body) and copies nothing until the
// string is read; `flat` forces that copy, which sending the body to a CRM always pays.
require('v8').setFlagsFromString('--allow-natives-syntax');
const flatten = new Function('s', 'return %FlattenString(s)');

function timeCore(dir) {
  const compose = core(dir);
  const lines = fs.readFileSync(path.join(dir, 'params.jsonl'), 'utf8').split('\n').filter(Boolean);
  const all = () => {
    for (const l of lines) {
      try { compose(JSON.parse(l)); } catch (e) { /* core throws on a few inputs */ }
    }
  };
  console.log(`per-compose\t${time(all, 3000) / lines.length}`);
  for (const mib of SIZES) {
    for (const kind of ['link', 'full']) {
      const p = JSON.parse(fs.readFileSync(path.join(dir, `update-${mib}-${kind}.json`), 'utf8'));
      console.log(`update-${mib}MiB-${kind}\t${time(() => compose(p), 1500)}`);
      console.log(`update-${mib}MiB-${kind}+flat\t${time(() => flatten(compose(p)), 1500)}`);
    }
  }
}

function fmt(ns) {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${ns.toFixed(0)} ns`;
}

function report(coreFile, oursFile) {
  const read = (f) => new Map(fs.readFileSync(f, 'utf8').split('\n').filter(Boolean)
    .map((l) => l.split('\t')).map(([k, v]) => [k, Number(v)]));
  const c = read(coreFile);
  const o = read(oursFile);
  console.log('| workload | core | ours | core / ours |');
  console.log('|---|---|---|---|');
  for (const [k, v] of c) {
    const w = o.get(k) || o.get(k.replace('+flat', ''));
    console.log(`| ${k} | ${fmt(v)} | ${w ? fmt(w) : '-'} | ${w ? (v / w).toFixed(1) + '×' : '-'} |`);
  }
  for (const [k, w] of o) {
    if (!c.has(k)) console.log(`| ${k} | | ${fmt(w)} | |`);
  }
  for (const mib of SIZES.slice(1)) {
    for (const kind of ['link', 'full']) {
      const prev = SIZES[SIZES.indexOf(mib) - 1];
      const r = o.get(`update-${mib}MiB-${kind}`) / o.get(`update-${prev}MiB-${kind}`);
      console.log(`ours ${kind}: ${mib} MiB / ${prev} MiB = ${r.toFixed(2)}×`);
    }
  }
}

if (mode === 'prepare') prepare(a, b);
else if (mode === 'time') timeCore(a);
else if (mode === 'report') report(a, b);
else {
  console.error('usage: core.js prepare <dir> <vectors> | time <dir> | report <core.tsv> <ours.tsv>');
  process.exit(2);
}
