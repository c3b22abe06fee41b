import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One message as a recipient's mail client would show it (headers decoded, bodies in UTF-8). */
export interface CapturedMail {
  id: string;
  from: string;
  /** Envelope recipients (RCPT TO), which is who the message was actually delivered to. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Message-ID header, e.g. `<delivery-…@duban.localhost>`. */
  messageId: string;
  /** Every header, lower-case names, decoded values. */
  headers: Record<string, string>;
  /** Files the message carries (decoded). */
  attachments: { filename: string | null; mimeType: string; content: Buffer }[];
  receivedAt: Date;
}

export interface MailCaptureOptions {
  /** 0 or omitted: a free port. */
  smtpPort?: number;
  /** Omitted: no HTTP listing. 0: a free port. */
  httpPort?: number;
  host?: string;
}

interface Waiter {
  pred: (m: CapturedMail) => boolean;
  count: number;
  resolve: (mails: CapturedMail[]) => void;
}

/**
 * A local SMTP sink for the demo and the tests: accepts every message (no TLS, optional auth),
 * parses it with postal-mime and keeps it in memory. `rejectNext(n)` answers 451 to the next n
 * messages so retries can be tested over the real protocol. An optional HTTP listing shows the
 * mailbox: `GET /messages` (JSON) and `GET /` (a Chinese HTML page).
 */
export class MailCapture {
  private readonly mails: CapturedMail[] = [];
  private readonly waiters = new Set<Waiter>();
  private smtp?: SMTPServer;
  private http?: Server;
  private rejectRemaining = 0;
  private replyDelayMs = 0;
  private readonly delayedReplies = new Set<NodeJS.Timeout>();
  private sequence = 0;
  /** Messages answered 451 so far (for assertions on retries). */
  rejectedCount = 0;

  async start(opts: MailCaptureOptions = {}): Promise<{ smtpPort: number; httpPort?: number }> {
    const host = opts.host ?? '127.0.0.1';
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      banner: 'duban mail capture',
      size: 25 * 1024 * 1024,
      closeTimeout: 200,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    });
    smtp.on('error', () => {
      // A client dropping its connection is not the capture's problem.
    });
    this.smtp = smtp;
    const smtpPort = await listen(smtp.server, opts.smtpPort ?? 0, host);

    if (opts.httpPort === undefined) return { smtpPort };
    const http = createServer((req, res) => this.serveHttp(req, res));
    this.http = http;
    const httpPort = await listen(http, opts.httpPort, host);
    return { smtpPort, httpPort };
  }

  /** Every message received so far, oldest first (a copy). */
  messages(): CapturedMail[] {
    return [...this.mails];
  }

  /**
   * Resolves with the matching messages once at least `count` (default 1) have arrived; rejects
   * after `timeoutMs` (default 10 s) saying how many did.
   */
  waitFor(
    pred: (m: CapturedMail) => boolean,
    opts: { timeoutMs?: number; count?: number } = {},
  ): Promise<CapturedMail[]> {
    const count = opts.count ?? 1;
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const matching = this.mails.filter(pred);
    if (matching.length >= count) return Promise.resolve(matching);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        pred,
        count,
        resolve: (mails) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(mails);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const got = this.mails.filter(pred).length;
        reject(
          new Error(
            `MailCapture.waitFor: ${got} of ${count} expected message(s) after ${timeoutMs} ms ` +
              `(${this.mails.length} received in total)`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Answer `451` (a temporary failure) to the next `n` messages. */
  rejectNext(n: number): void {
    this.rejectRemaining = n;
  }

  /**
   * Answer each message `ms` after receiving it (a slow server): the sender's sends stay in flight
   * that long. The message counts as received at once (messages(), waitFor).
   */
  delayReplies(ms: number): void {
    this.replyDelayMs = ms;
  }

  /** Forget received messages (and any pending rejections or reply delay) between tests. */
  clear(): void {
    this.mails.length = 0;
    this.rejectRemaining = 0;
    this.replyDelayMs = 0;
    this.rejectedCount = 0;
  }

  async stop(): Promise<void> {
    // Replies still delayed go to senders that have given up by now: dropped.
    for (const timer of this.delayedReplies) clearTimeout(timer);
    this.delayedReplies.clear();
    const closing: Promise<void>[] = [];
    if (this.smtp) {
      const smtp = this.smtp;
      closing.push(new Promise((resolve) => smtp.close(() => resolve())));
    }
    if (this.http) {
      const http = this.http;
      http.closeAllConnections();
      closing.push(new Promise((resolve) => http.close(() => resolve())));
    }
    this.smtp = undefined;
    this.http = undefined;
    await Promise.all(closing);
  }

  private receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null, message?: string) => void,
  ): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (err) => callback(err));
    stream.on('end', () => {
      if (this.rejectRemaining > 0) {
        this.rejectRemaining--;
        this.rejectedCount++;
        const err = Object.assign(new Error('Temporary failure, please retry (mail capture)'), {
          responseCode: 451,
        });
        callback(err);
        return;
      }
      this.parse(Buffer.concat(chunks), session).then(
        (mail) => {
          this.mails.push(mail);
          this.notify();
          const reply = () => callback(null, `Queued as ${mail.id}`);
          if (this.replyDelayMs === 0) return reply();
          const timer = setTimeout(() => {
            this.delayedReplies.delete(timer);
            reply();
          }, this.replyDelayMs);
          this.delayedReplies.add(timer);
        },
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    });
  }

  private async parse(raw: Buffer, session: SMTPServerSession): Promise<CapturedMail> {
    const email = await PostalMime.parse(raw);
    const headers: Record<string, string> = {};
    for (const h of email.headers) headers[h.key] = h.value;
    const envelopeFrom = session.envelope.mailFrom;
    this.sequence += 1;
    return {
      id: `m${this.sequence}`,
      from: email.from?.address ?? (envelopeFrom ? envelopeFrom.address : ''),
      to: session.envelope.rcptTo.map((r) => r.address),
      subject: email.subject ?? '',
      text: email.text ?? '',
      html: email.html ?? '',
      messageId: email.messageId ?? '',
      headers,
      attachments: email.attachments.map((a) => ({
        filename: a.filename,
        mimeType: a.mimeType,
        content:
          typeof a.content === 'string'
            ? Buffer.from(a.content, 'base64')
            : Buffer.from(a.content as ArrayBuffer),
      })),
      receivedAt: new Date(),
    };
  }

  private notify(): void {
    for (const w of [...this.waiters]) {
      const matching = this.mails.filter(w.pred);
      if (matching.length >= w.count) w.resolve(matching);
    }
  }

  private serveHttp(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405).end();
    } else if (path === '/messages') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      // Files by name and size (their bytes would swell the listing).
      const listed = this.mails.map((m) => ({
        ...m,
        attachments: m.attachments.map((f) => ({
          filename: f.filename,
          mimeType: f.mimeType,
          size: f.content.length,
        })),
      }));
      res.end(JSON.stringify(listed));
    } else if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(mailboxPage(this.mails));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('未找到');
    }
  }
}

function listen(server: Server | import('node:net').Server, port: number, host: string) {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** The demo's mailbox: newest first, the text body shown as sent (the HTML part is not rendered). */
function mailboxPage(mails: CapturedMail[]): string {
  const shanghai = (d: Date) => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });
  const items = [...mails]
    .reverse()
    .map(
      (m) => `<article>
  <h2>${escape(m.subject || '(无主题)')}</h2>
  <p class="meta">收件人:${escape(m.to.join('、'))} · 发件人:${escape(m.from)} · 收到时间:${escape(shanghai(m.receivedAt))}</p>
  <pre>${escape(m.text)}</pre>
</article>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>督办系统 · 邮件收件箱(演示)</title>
<style>
body{font-family:'PingFang SC','Microsoft YaHei',sans-serif;margin:24px auto;max-width:900px;color:#222}
article{border:1px solid #ddd;border-radius:6px;padding:12px 16px;margin:12px 0}
h2{font-size:17px;margin:0 0 6px}.meta{color:#666;font-size:13px;margin:0 0 8px}
pre{white-space:pre-wrap;font-family:inherit;font-size:14px;line-height:1.6;margin:0}
</style></head>
<body><h1>邮件收件箱(演示)</h1><p>共收到 ${mails.length} 封邮件,页面每 5 秒自动刷新。</p>
${items || '<p>暂无邮件。</p>'}
</body></html>`;
}
