// The report site. Offline by construction: no Google Fonts, no DuckDB extensions from a CDN (the npm cache is
// filled from node_modules by runners/report/offline-cache.ts before every build).
export default {
  root: "src",
  title: "BenchBook",
  pages: [
    {name: "Overview", path: "/"},
    {name: "Three-way explorer", path: "/explorer"},
    {name: "Regressions & data quality", path: "/regressions"},
    {name: "Pipelines & coverage", path: "/pipelines"},
    {name: "Failures", path: "/failures"},
    {name: "Engine tracker", path: "/tracker"},
    {name: "Runner runs", path: "/runs"},
    {name: "Evaluation accuracy", path: "/evaluation"},
    {name: "Plumbing check", path: "/plumbing"}
  ],
  // No favicon request to a missing file, no web fonts: the site requests nothing it does not ship.
  head: '<link rel="icon" href="data:,">',
  globalStylesheets: [],
  duckdb: {extensions: {json: null, parquet: null}},
  footer: "BenchBook: every number on these pages comes from the warehouse through a loader.",
  search: false,
  pager: false,
  preserveExtension: true,
  // `benchbook report --out <dir>` sets this; Framework resolves it relative to the project root.
  output: process.env.BENCHBOOK_OUT || "dist"
};
