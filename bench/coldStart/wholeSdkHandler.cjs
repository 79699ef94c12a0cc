'use strict';
/**
 * The comparison handler of the cold-start benchmark: what a function that imports the whole
 * `tencentcloud-sdk-nodejs` pays. It builds a TAT client and answers the same event the way the memfrag
 * bundle does without reaching a service (401 to an unauthenticated HTTP call, `{ok:false}` otherwise).
 */
const tencentcloud = require('tencentcloud-sdk-nodejs');

exports.main_handler = async (event) => {
  const client = new tencentcloud.tat.v20201028.Client({
    credential: {
      secretId: process.env.TENCENTCLOUD_SECRETID,
      secretKey: process.env.TENCENTCLOUD_SECRETKEY,
    },
    region: process.env.MEMFRAG_REGION || 'ap-guangzhou',
    profile: { httpProfile: { endpoint: '127.0.0.1:1', protocol: 'http://', reqTimeout: 1 } },
  });
  if (typeof client.RunCommand !== 'function') throw new Error('no TAT client');
  if (event && typeof event.httpMethod === 'string') {
    return {
      statusCode: 401,
      headers: { 'content-type': 'application/json' },
      body: '{"error":"unauthorized"}',
    };
  }
  return { ok: false, error: 'bad payload' };
};
