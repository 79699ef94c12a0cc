/**
 * Bundle stand-in for `mime-db` (the 134 KiB media-type table): an empty table.
 * Safe because its only importer in a function bundle is mime-types, whose only importer is form-data, which
 * the Tencent Cloud SDK uses only for `multipart` requests (common/http/http_connection.js); no TAT, CVM,
 * TKE or SCF action is multipart. Even then nothing breaks: with an empty table mime-types' lookup(),
 * extension() and contentType() return false and form-data falls back to application/octet-stream.
 */
module.exports = {};
