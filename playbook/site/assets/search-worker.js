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
 */
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const SHOWN = 10;     // pages whose records are fetched for one query: the theme draws ten at first
const SECTIONS = 3;   // sections shown under a page
const TYPING = 150;   // ms a query being typed waits for the next key, when ranking is slow
const root = new URL("../../../", self.location.href);
const JOINERS = "\\p{Pd}\\p{Pe}\\p{Pf}\\p{Pi}\\p{Po}\\p{Ps}";  // what Pagefind takes out of a query's words
const JOINED = new RegExp(`[^\\s${JOINERS}][${JOINERS}]+[^\\s${JOINERS}]`, "u");  // a word joined by them
let pagefind = null;
let sharded = false;
let latest = 0;       // the newest query: an older one's answer, arriving late, is dropped
let lastSent = -Infinity;  // when the last query with words in it arrived
let ranking = 0;           // ms the last ranking took

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

async function ready(module, others) {
  const options = { baseUrl: root.pathname, excerptLength: 24 };
  const index = module.createInstance({ basePath: new URL("pagefind/", root).href });
  await index.options(options);
  await index.init();
  await Promise.all(others.map(name => index.mergeIndex(new URL(`pagefind/${name}`, root).href, options)));
  // init() returns before Pagefind's WebAssembly and the index's metadata are in. An empty query
  // waits for them, fetching nothing, and readies the text handling every query goes through:
  // search says it is ready only when it is, and the first query is not slower than the next.
  await index.search("");
  return index;
}

async function setup() {
  const [module, others] = await Promise.all([import(new URL("pagefind/pagefind.js", root).href), shards()]);
  try {
    pagefind = await ready(module, others);
    sharded = others.length > 0;
  } catch (error) {  // a shard that cannot be loaded would stay in the index and fail every query
    if (!others.length) throw error;
    console.warn("search: a shard of the index cannot be loaded; the first answers alone", error);
    pagefind = await ready(module, []);
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

async function rank(query, mine) {
  const found = await pagefind.search(query);
  if (!sharded || !found || !found.results) return found;
  for (const word of query.split(/\s+/).filter(word => JOINED.test(word))) {
    if (mine !== latest) return found;  // dropped by the caller
    const whole = await pagefind.search(`"${word.replace(/"/g, "")}"`);
    const pages = new Set(((whole && whole.results) || []).map(result => result.id));
    if (pages.size) found.results = found.results.filter(result => pages.has(result.id));
  }
  return found;
}

async function search(query, mine, typing) {
  if (!query.trim()) return { items: [] };
  await Promise.all([pagefind.preload(query), pause(typing ? TYPING : 0)]);
  if (mine !== latest) return { items: [] };  // superseded before it was ranked
  const start = performance.now();
  const found = await rank(query, mine);
  ranking = performance.now() - start;
  if (mine !== latest || !found || !found.results) return { items: [] };  // a newer query came: fetch nothing more
  const shown = found.results.slice(0, SHOWN);
  const records = await Promise.all(shown.map(result => result.data()));
  return { items: records.map((data, i) => page(data, shown[i].score, terms(query))) };
}

addEventListener("message", async event => {
  const message = event.data;
  if (message.type === SETUP) {
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
