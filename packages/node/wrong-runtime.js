// Resolved instead of dist/index.js when a bundler resolves @ascend/node with the "browser"
// condition (browser builds, Cloudflare Workers via wrangler, Vite client code…). The Node adapter
// needs node:crypto and process.env; web-standard runtimes have @ascend/browser, same API.
// This module deliberately exports nothing, so a named import fails the build, and throws when
// evaluated, so a namespace or side-effect import fails at startup.
throw new Error(
  '@ascend/node is for Node.js; use @ascend/browser in browsers, Deno, Bun, Cloudflare Workers and other web-standard runtimes (same API: import { AscendClient } from "@ascend/browser").',
);

// Marks this file as an ES module without exports, so `import { AscendClient }` is a build error.
export {};
