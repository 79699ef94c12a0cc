/**
 * Bundle stand-in for `whatwg-url` (and through it tr46 + webidl-conversions, ~280 KiB minified).
 * Safe because its only importer in a function bundle is node-fetch@2 (the Tencent Cloud SDK's HTTP client),
 * which reads nothing from it but `.URL`, and only as a fallback: `const URL = Url.URL || whatwgUrl.URL`
 * (node_modules/node-fetch/lib/index.js), where `Url` is Node's `url` module. Node has had `url.URL`
 * since v10, so on SCF's Node 18 the fallback is dead code. We hand back Node's own classes anyway, so
 * even a fallback use would get a standards-conforming WHATWG URL.
 */
const { URL, URLSearchParams } = require('node:url');

module.exports = { URL, URLSearchParams };
