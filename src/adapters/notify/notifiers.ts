/**
 * Notifiers: a generic JSON webhook and a WeCom (企业微信) group robot (markdown). What was found, what
 * was done, the effect, and the id to look it up — also when nothing was done and why. The robot key is
 * part of the URL, so URLs never reach a log, a record or an error message.
 */
import { MemfragError } from '../../errors';
import type { NotificationSummary, Notifier } from '../../ports';

/** WeCom's robot endpoint; the key is appended as `?key=`. */
export const WECOM_ROBOT_URL = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send';
/** WeCom rejects markdown content over 4096 bytes. */
const WECOM_MAX_BYTES = 4096;

async function post(url: string, body: unknown, what: string, timeoutMs: number): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    // the fetch error text can contain the URL (and so the key): keep only its kind
    throw new MemfragError(`${what} notification failed: ${(err as Error)?.name ?? 'network error'}`);
  }
  if (!res.ok) throw new MemfragError(`${what} notification failed: HTTP ${res.status}`);
  return res;
}

/** Posts the summary as JSON to `url`. */
export function createWebhookNotifier(url: string, opts: { timeoutMs?: number } = {}): Notifier {
  return {
    async notify(summary) {
      await post(url, { source: 'memfrag', ...summary }, 'webhook', opts.timeoutMs ?? 5000);
    },
  };
}

/** The markdown WeCom shows: a title, the facts, each line, cut to WeCom's size limit. */
export function wecomMarkdown(s: NotificationSummary): string {
  const color =
    s.outcome === 'resolved'
      ? 'info'
      : s.outcome === 'failed' || s.outcome === 'regressed'
        ? 'warning'
        : 'comment';
  const facts = [
    s.instanceId ? `> node: **${s.instanceId}**` : '',
    s.verdict ? `> verdict: ${s.verdict}` : '',
    s.outcome ? `> outcome: <font color="${color}">${s.outcome}</font>` : '',
    s.episodeId ? `> episode: \`${s.episodeId}\`` : '',
    s.runId ? `> run: \`${s.runId}\`` : '',
  ].filter(Boolean);
  let text = [`### ${s.title}`, ...facts, '', ...s.lines.map((l) => `- ${l}`)].join('\n');
  while (Buffer.byteLength(text) > WECOM_MAX_BYTES)
    text = `${text.slice(0, Math.floor(text.length * 0.9))}\n…`;
  return text;
}

/** Posts a markdown message to a WeCom group robot. */
export function createWeComNotifier(
  key: string,
  opts: { baseUrl?: string; timeoutMs?: number } = {},
): Notifier {
  const url = `${opts.baseUrl ?? WECOM_ROBOT_URL}?key=${encodeURIComponent(key)}`;
  return {
    async notify(summary) {
      const res = await post(
        url,
        { msgtype: 'markdown', markdown: { content: wecomMarkdown(summary) } },
        'WeCom',
        opts.timeoutMs ?? 5000,
      );
      // WeCom answers 200 with {errcode, errmsg}; errcode 0 is success
      const body = (await res.json().catch(() => ({}))) as { errcode?: number };
      if (body.errcode !== undefined && body.errcode !== 0) {
        throw new MemfragError(`WeCom notification refused: errcode ${body.errcode}`);
      }
    },
  };
}

/** Fans a summary out to every configured notifier; one failing does not stop the others. */
export function combineNotifiers(notifiers: Notifier[], onError: (err: unknown) => void): Notifier {
  return {
    async notify(summary) {
      const results = await Promise.allSettled(notifiers.map((n) => n.notify(summary)));
      for (const r of results) if (r.status === 'rejected') onError(r.reason);
    },
  };
}
