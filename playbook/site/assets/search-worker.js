/* The theme's search worker, answered from the site's Pagefind index.
 *
 * The theme's search box talks to a worker in four messages: SETUP (0) with its own
 * index, which is empty here; READY (1); QUERY (2) with the words typed; RESULT (3) with
 * the pages found, each a list of a page and its sections. This worker takes the theme's
 * place in assets/javascripts/workers/ and asks Pagefind, which fetches from pagefind/
 * only the index shards and the pages' records that a query needs. Every file comes from
 * the site itself. Titles are escaped here; Pagefind's excerpts are escaped text with
 * <mark> around the words found.
 */
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const SHOWN = 10;     // pages whose records are fetched for one query: the theme draws ten at first
const SECTIONS = 3;   // sections shown under a page
const root = new URL("../../../", self.location.href);
let pagefind = null;
let latest = 0;       // the newest query: an older one's answer, arriving late, is dropped

function escapeText(text) {
  return String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

async function setup() {  // the WebAssembly and the index's metadata load now, before the first query
  const module = await import(new URL("pagefind/pagefind.js", root).href);
  pagefind = module.createInstance({ basePath: new URL("pagefind/", root).href });
  await pagefind.options({ baseUrl: root.pathname, excerptLength: 24 });
  await pagefind.init();
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

async function search(query, mine) {
  if (!query.trim()) return { items: [] };
  const found = await pagefind.search(query);
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
    const mine = ++latest;
    let data = { items: [] };
    try {
      data = await search(message.data, mine);
    } catch (error) {
      console.warn(error);
    }
    if (mine === latest) postMessage({ type: RESULT, data });
  }
});
