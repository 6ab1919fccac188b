/**
 * The bodies chat robots and status tools accept, and their signing schemes:
 * - json: Pavilion's own body; with a secret, `X-Pavilion-Signature: sha256=<hex HMAC of the body>`.
 * - wecom (企业微信 group robot): `{msgtype:"text",text:{content}}`; the key is in the URL.
 * - dingtalk (钉钉 custom robot): the same shape; with a secret, `timestamp` (ms) and `sign`
 *   = base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret)) in the URL's query.
 * - feishu (飞书 custom bot): `{msg_type:"text",content:{text}}`; with a secret, `timestamp`
 *   (s) and `sign` = base64(HMAC-SHA256(key = timestamp + "\n" + secret, empty message)) in the body.
 * - slack (and Mattermost, Rocket.Chat incoming webhooks): `{text}`.
 */
import { createHmac } from 'node:crypto';
import type { Alert, AlertTransition, WebhookFormat } from '../../shared/alerts.js';

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export const SIGNATURE_HEADER = 'X-Pavilion-Signature';

export function pavilionSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

export function feishuSign(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** Both languages in one message: robots show plain text to the whole group. */
export function alertText(alert: Alert, transition: AlertTransition): string {
  const head =
    transition === 'raised'
      ? { zh: alert.severity === 'critical' ? '【Pavilion 严重告警】' : '【Pavilion 告警】', en: alert.severity === 'critical' ? '[Pavilion CRITICAL]' : '[Pavilion alert]' }
      : { zh: '【Pavilion 已恢复】', en: '[Pavilion resolved]' };
  const when = transition === 'raised' ? alert.raisedAt : (alert.clearedAt ?? alert.raisedAt);
  return `${head.zh}${alert.message.zh}\n${head.en} ${alert.message.en}\n${alert.kind} · ${alert.subject} · ${when}`;
}

export function outgoing(format: WebhookFormat, url: string, secret: string | null, alert: Alert, transition: AlertTransition, nowMs: number): OutgoingRequest {
  const json = { 'content-type': 'application/json' };
  const text = alertText(alert, transition);
  switch (format) {
    case 'json': {
      const body = JSON.stringify({ event: `alert.${transition}`, alert, sentAt: new Date(nowMs).toISOString() });
      return { url, headers: { ...json, ...(secret ? { [SIGNATURE_HEADER]: pavilionSignature(body, secret) } : {}) }, body };
    }
    case 'wecom':
      return { url, headers: json, body: JSON.stringify({ msgtype: 'text', text: { content: text } }) };
    case 'dingtalk': {
      const target = new URL(url);
      if (secret) {
        target.searchParams.set('timestamp', String(nowMs));
        target.searchParams.set('sign', dingtalkSign(nowMs, secret));
      }
      return { url: target.toString(), headers: json, body: JSON.stringify({ msgtype: 'text', text: { content: text } }) };
    }
    case 'feishu': {
      const timestamp = Math.floor(nowMs / 1000);
      const signing = secret ? { timestamp: String(timestamp), sign: feishuSign(timestamp, secret) } : {};
      return { url, headers: json, body: JSON.stringify({ ...signing, msg_type: 'text', content: { text } }) };
    }
    case 'slack':
      return { url, headers: json, body: JSON.stringify({ text }) };
  }
}

/**
 * Whether the receiver took it. The robots of WeCom and DingTalk answer 200 with a non-zero
 * `errcode` when they refuse (a bad signature, a wrong key), Feishu with a non-zero `code`.
 */
export function accepted(format: WebhookFormat, status: number, answer: string): boolean {
  if (status < 200 || status >= 300) return false;
  if (format !== 'wecom' && format !== 'dingtalk' && format !== 'feishu') return true;
  try {
    const body = JSON.parse(answer) as { errcode?: unknown; code?: unknown; StatusCode?: unknown };
    const code = format === 'feishu' ? (body.code ?? body.StatusCode) : body.errcode;
    return code === undefined || code === 0;
  } catch {
    return true;
  }
}
