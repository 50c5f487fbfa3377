/* Course site search: each page is listed once.
 *
 * Sphinx's search finds a page in up to three ways: its words, a section title, and an index
 * entry (every glossary term is one). It lists each hit on its own, so "fidelity" gave the
 * glossary twice (the term, and the page's words). This keeps one result per page: the
 * best-scoring one, which links straight to the term or section when there is one.
 * Loaded on the search page only (course_site.py), deferred: after searchtools.js and
 * before the search runs.
 */
"use strict";
(() => {
  if (typeof Search === "undefined" || typeof Search._performSearch !== "function") {
    console.error("course-search.js: Sphinx's Search._performSearch is missing");
    return;
  }
  const performSearch = Search._performSearch;
  // Each result is [docname, title, anchor, descr, score, filename], best last.
  Search._performSearch = (...args) => {
    const seen = new Set();
    return performSearch(...args).reverse().filter((result) => {
      if (seen.has(result[0])) return false;
      seen.add(result[0]);
      return true;
    }).reverse();
  };
})();
