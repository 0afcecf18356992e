// Shared bits of the benchmarks: medians, the machine description, results files.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const machine = () => ({
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()}`,
  loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
});

function writeResults(name, data) {
  const dir = path.join(__dirname, '..', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine: machine(), ...data }, null, 2) + '\n');
  return file;
}

/** Resident set size of a process, in MB, from /proc (Linux). */
function rssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
  } catch {
    return null;
  }
}

/** Real texts for realistic traffic: the SMS Spam Collection's messages longer than 20 characters. */
function corpusTexts() {
  const texts = [];
  for (const line of fs.readFileSync(path.join(__dirname, '..', '..', 'data/corpora/sms-spam/SMSSpamCollection.tsv'), 'utf8').split('\n')) {
    const text = line.split('\t')[1];
    if (text && text.length > 20) texts.push(text);
  }
  return texts;
}

module.exports = { median, machine, writeResults, rssMb, corpusTexts };
