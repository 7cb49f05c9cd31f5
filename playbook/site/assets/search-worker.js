/* The theme's search worker, answered from the site's Pagefind index.
 *
 * The theme's search box talks to a worker in four messages: SETUP (0) with its own
 * index, which is empty here; READY (1); QUERY (2) with the words typed; RESULT (3) with
 * the pages found, each a list of a page and its sections. This worker takes the theme's
 * place in assets/javascripts/workers/ and asks Pagefind, which fetches from pagefind/
 * only the chunks of the index and the pages' records that a query needs. Every file comes from
 * the site itself. Titles are escaped here; Pagefind's excerpts are escaped text with
 * <mark> around the words found. A large site's index comes in shards, which
 * pagefind/playbook-shards.json lists: each is merged into the first, and a query is
 * ranked in each and its results merged by score (a list that cannot be read, or a
 * shard that cannot be loaded, leaves the first shard to answer alone, with a warning in
 * the console, rather than no search at all). A word joined by punctuation
 * (kpi:web-visits) is looked for whole in each shard, and where a shard lacks it whole,
 * Pagefind looks for its parts there; so where any shard holds it whole, only the pages
 * holding it whole are kept, as one index would keep them.
 *
 * Ranking is what a query costs: Pagefind's WebAssembly scores every page a query's words
 * (and the words they begin) are on, hundreds of milliseconds at 10,000 entities for a
 * common word, and the worker does nothing else meanwhile. While a reader types, the box
 * sends a query at every key, so only the newest is ranked: each query first fetches the
 * chunks it needs, then lets the queries sent meanwhile arrive, and one that is no longer
 * the newest stops there. A query sent sooner after the one before than the last ranking
 * took (keys come faster than answers) waits a moment (TYPING) for the next key before it
 * is ranked; where ranking is quick, or after a pause, or pasted, a query does not wait.
 *
 * Ranking a large site's shards one after another leaves one of the machine's processors idle,
 * so the worker hires a helper, a worker of this same script, to rank the later half of them
 * beside it. Each ranks its half, keeps its first pages, and holds which joined words it finds
 * whole; the answers are merged by score as Pagefind merges its shards, a half dropped where
 * it lacks whole a word the other holds whole, so the results are those of one worker ranking
 * every shard. The helper's first shard stands in for the bundle, whose WebAssembly it shares
 * (a shard has none of its own). Without a helper (no workers within workers, or one that does
 * not start or stops), this worker ranks every shard itself.
 */
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const SHOWN = 10;     // pages whose records are fetched for one query: the theme draws ten at first
const SECTIONS = 3;   // sections shown under a page
const TYPING = 150;   // ms a query being typed waits for the next key, when ranking is slow
const PATIENCE = 10000;  // ms a helper has to answer: one that has not answered by then is stopped
const root = new URL("../../../", self.location.href);
const JOINERS = "\\p{Pd}\\p{Pe}\\p{Pf}\\p{Pi}\\p{Po}\\p{Ps}";  // what Pagefind takes out of a query's words
const JOINED = new RegExp(`[^\\s${JOINERS}][${JOINERS}]+[^\\s${JOINERS}]`, "u");  // a word joined by them
let pagefind = null;
let sharded = false;
let helper = null;    // the worker ranking the later half of the shards, if there is one
let latest = 0;       // the newest query: an older one's answer, arriving late, is dropped
let lastSent = -Infinity;  // when the last query with words in it arrived
let ranking = 0;           // ms the last ranking took
let kept = null;      // in a helper: the query it ranked last and its first pages, by id

function escapeText(text) {
  return String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

async function shards() {  // asked afresh: a site published again may have more or fewer
  try {
    const response = await fetch(new URL("pagefind/playbook-shards.json", root), { cache: "no-cache" });
    const names = response.ok ? await response.json() : [];
    return Array.isArray(names) ? [...new Set(names.filter(name => /^shard-[0-9]+\/$/.test(name)))] : [];
  } catch (error) {
    console.warn("search: the list of the index's shards cannot be read", error);
    return [];
  }
}

function options() {
  return { baseUrl: root.pathname, excerptLength: 24 };
}

async function merge(index, names) {
  await Promise.all(names.map(name => index.mergeIndex(new URL(`pagefind/${name}`, root).href, options())));
  // init() and mergeIndex() return before Pagefind's WebAssembly and the index's metadata are in,
  // and a shard whose metadata cannot be read fails only when asked. An empty query waits for them,
  // fetching nothing, fails where a shard cannot answer, and readies the text handling every query
  // goes through: search says it is ready only when it is, and the first query is not slower.
  await index.search("");
}

async function ready(module, first, others) {  // `first` is "" for the bundle, or a shard's folder
  const index = module.createInstance({ basePath: new URL(`pagefind/${first}`, root).href });
  await index.options(options());
  await index.init();
  await merge(index, others);
  return index;
}

async function setup() {
  const [module, others] = await Promise.all([import(new URL("pagefind/pagefind.js", root).href), shards()]);
  const split = Math.floor(others.length / 2);  // this worker ranks the first shard and those before split
  const hired = hire(others.slice(split));
  try {
    pagefind = await ready(module, "", others.slice(0, split));
    helper = await hired;
    if (!helper) await merge(pagefind, others.slice(split));
    sharded = others.length > 0;
  } catch (error) {  // a shard that cannot be loaded would stay in the index and fail every query
    if (!others.length) throw error;
    (await hired)?.stop(error);
    helper = null;
    console.warn("search: a shard of the index cannot be loaded; the first answers alone", error);
    pagefind = await ready(module, "", []);
  }
}

class Helper {  // a worker of this script, asked by messages that each get one answer
  constructor(names) {
    this.names = names;
    this.failed = null;
    this.calls = new Map();
    this.next = 0;
    this.worker = new Worker(self.location.href);
    this.worker.onmessage = event => {
      const { id, answer, error } = event.data, call = this.calls.get(id);
      this.calls.delete(id);
      if (call && error === undefined) call.resolve(answer);
      else if (call) call.reject(new Error(error));
    };
    this.worker.onerror = event => {
      event.preventDefault();
      this.stop(new Error(event.message || "the search helper stopped"));
    };
  }

  ask(what, data) {
    return new Promise((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      const id = ++this.next;
      const late = setTimeout(() => this.stop(new Error(`the search helper did not ${what}`)), PATIENCE);
      this.calls.set(id, {
        resolve: answer => (clearTimeout(late), resolve(answer)),
        reject: error => (clearTimeout(late), reject(error)),
      });
      this.worker.postMessage({ helper: what, id, data });
    });
  }

  stop(error) {
    this.failed = this.failed || error;
    this.worker.terminate();
    for (const call of this.calls.values()) call.reject(this.failed);
    this.calls.clear();
  }
}

async function hire(names) {  // a helper that has set up `names`, or null
  if (!names.length || typeof Worker === "undefined") return null;
  let hired = null;
  try {
    hired = new Helper(names);
    await hired.ask("setup", names);
    return hired;
  } catch (error) {
    console.warn("search: no helper; this worker ranks every shard", error);
    hired?.stop(error);
    return null;
  }
}

async function takeOver() {  // the helper failed after it was set up: its shards come here
  const names = helper.names;
  helper.stop(new Error("the search helper could not rank"));
  console.warn("search: this worker ranks every shard now", helper.failed);
  helper = null;
  await merge(pagefind, names);
}

function bundleWasm() {  // in a helper: a shard has no WebAssembly of its own; the bundle's serves
  const fetchFile = self.fetch.bind(self);
  const wasm = /\/pagefind\/shard-[0-9]+\/(wasm\.[^/]+\.pagefind)$/;
  self.fetch = (input, init) => {
    const found = typeof input === "string" && wasm.exec(new URL(input, root).pathname);
    return fetchFile(found ? new URL(`pagefind/${found[1]}`, root).href : input, init);
  };
}

const HELPING = {  // what a helper is asked, by name
  async setup(names) {
    bundleWasm();
    pagefind = await ready(await import(new URL("pagefind/pagefind.js", root).href), names[0], names.slice(1));
    sharded = true;
  },
  async preload(query) {
    await pagefind.preload(query);
  },
  async rank(query) {
    const side = await rank(pagefind, query, () => true);
    kept = { query, results: new Map(side.results.map(result => [result.id, result])) };
    return { results: side.results.map(({ id, score }) => ({ id, score })), whole: side.whole };
  },
  records({ query, ids }) {
    if (!kept || kept.query !== query) throw new Error("search: records asked of another query");
    return Promise.all(ids.map(id => kept.results.get(id).data()));
  },
};

async function help({ helper: what, id, data }) {
  try {
    if (!Object.hasOwn(HELPING, what)) throw new Error(`search: a helper is not asked to ${what}`);
    postMessage({ id, answer: await HELPING[what](data) });
  } catch (error) {
    postMessage({ id, error: String((error && error.message) || error) });
  }
}

function terms(query) {
  return Object.fromEntries(query.split(/\s+/).filter(Boolean).map(word => [word.toLowerCase(), true]));
}

function page(data, score, found) {
  const title = escapeText(data.meta.title || data.url);
  const item = { location: data.url, title, text: data.excerpt, score, terms: found };
  const sections = (data.sub_results || []).filter(sub => sub.url.includes("#")).slice(0, SECTIONS)
    .map(sub => ({ location: sub.url, title: escapeText(sub.title), text: sub.excerpt, score, terms: found }));
  return [item, ...sections];
}

function pause(ms) {  // also lets the queries already sent arrive before this one goes on
  return new Promise(done => setTimeout(done, ms));
}

async function rank(index, query, current) {  // the first pages found, and which joined words are found whole
  const found = await index.search(query);
  let results = (found && found.results) || [];
  const whole = [];
  for (const word of sharded ? query.split(/\s+/).filter(word => JOINED.test(word)) : []) {
    if (!current()) break;  // dropped by the caller
    const exact = await index.search(`"${word.replace(/"/g, "")}"`);
    const pages = new Set(((exact && exact.results) || []).map(result => result.id));
    if (pages.size) results = results.filter(result => pages.has(result.id));
    whole.push(pages.size > 0);
  }
  return { results: results.slice(0, SHOWN), whole };
}

async function ranked(query, current) {  // the first pages of every shard: this worker's and its helper's
  const theirs = helper ? helper.ask("rank", query).catch(() => null) : null;
  const mine = await rank(pagefind, query, current);
  const other = await theirs;
  if (helper && !other && current()) {  // the helper stopped: this worker ranks its shards too
    await takeOver();
    return ranked(query, current);
  }
  return merged(other ? [mine, other] : [mine]);
}

function merged(sides) {  // a side lacking whole a joined word that another holds whole has none of its pages
  const held = sides.map(side => side.whole).reduce((any, whole) => any.map((has, i) => has || whole[i]));
  return sides.filter(side => side.whole.every((has, i) => has || !held[i]))
    .flatMap(side => side.results).sort((a, b) => b.score - a.score).slice(0, SHOWN);
}

function records(shown, query) {  // the helper's pages are read by the helper, in one message
  const theirs = shown.filter(result => !result.data).map(result => result.id);
  const asked = theirs.length ? helper.ask("records", { query, ids: theirs }) : null;
  return Promise.all(shown.map(result => result.data ? result.data() : asked.then(list => list[theirs.indexOf(result.id)])));
}

async function search(query, mine, typing) {
  if (!query.trim()) return { items: [] };
  if (helper && helper.failed) await takeOver();
  const current = () => mine === latest;
  await Promise.all([pagefind.preload(query), helper && helper.ask("preload", query).catch(() => null),
    pause(typing ? TYPING : 0)]);
  if (!current()) return { items: [] };  // superseded before it was ranked
  const start = performance.now();
  const shown = await ranked(query, current);
  ranking = performance.now() - start;
  if (!current()) return { items: [] };  // a newer query came: fetch nothing more
  const found = await records(shown, query);
  return { items: found.map((data, i) => page(data, shown[i].score, terms(query))) };
}

addEventListener("message", async event => {
  const message = event.data;
  if (message.helper) {
    await help(message);
  } else if (message.type === SETUP) {
    await setup();
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const mine = ++latest, now = performance.now();
    const typing = now - lastSent < ranking;
    lastSent = message.data.trim() ? now : -Infinity;  // an emptied box starts afresh
    let data = { items: [] };
    try {
      data = await search(message.data, mine, typing);
    } catch (error) {
      console.warn(error);
    }
    if (mine === latest) postMessage({ type: RESULT, data });
  }
});
