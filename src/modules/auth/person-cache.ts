import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '../../config/app-config.service';
import type { AuthUser } from './auth-user';

/** The PostgreSQL channel the `person` triggers notify (migration 20261202100000). */
export const PERSON_CHANGED_CHANNEL = 'person_changed';
/** The channel the `auth_session` triggers notify when a session ends or changes scope (migration 20261207100000). */
export const SESSION_CHANGED_CHANNEL = 'session_changed';
/** A last resort: an entry is read again after this long even if no change was heard. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15_000;

/** Taken before reading a person, handed back with what was read (see `put`). */
export type CacheTicket = number | null;

/**
 * The callers behind access tokens (and their sessions: one ChangeCache each), kept in memory so
 * that an authenticated request costs no database round trip, and forgotten the moment they change.
 *
 * Each process LISTENs on `person_changed` over a connection of its own; triggers on `person`
 * notify it whenever a fact the access checks use changes (active, role, department, username), a
 * person is deleted, or the table is truncated, whoever makes the change. While that connection is
 * down (database restart, network) the cache is emptied and bypassed, so nothing changed meanwhile
 * can be missed: every request reads the database, as it would without a cache. Entries also
 * expire after a minute, in case a connection dies without either side noticing.
 *
 * A read racing a change cannot store what it read before the change: `ticket()` is taken before
 * the read, and `put` drops the result if any change (or loss of the connection) was heard since.
 */
export class ChangeCache<V extends { id: string }> {
  private readonly entries = new Map<string, { user: V; expiresAt: number }>();
  /** Bumped on every change heard and every loss of the connection. */
  private epoch = 0;
  private listening = false;
  private waiters: Array<() => void> = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  get(id: string): V | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.user;
  }

  ticket(): CacheTicket {
    return this.listening ? this.epoch : null;
  }

  put(ticket: CacheTicket, user: V): void {
    if (ticket === null || ticket !== this.epoch || !this.listening) return;
    if (this.entries.size >= MAX_ENTRIES) {
      // Map order is insertion order: the oldest entry goes.
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(user.id, { user, expiresAt: this.now() + TTL_MS });
  }

  /** A notification: one person changed, or ('*') any may have. */
  changed(payload: string): void {
    this.epoch++;
    if (payload === '*') this.entries.clear();
    else this.entries.delete(payload);
    this.wake();
  }

  /** The connection is listening (true), or was lost (false: forget everything, bypass). */
  setListening(listening: boolean): void {
    this.epoch++;
    this.entries.clear();
    this.listening = listening;
    this.wake();
  }

  get isListening(): boolean {
    return this.listening;
  }

  /** Resolves at the next change heard or connection state change (tests and tools wait on it). */
  nextEvent(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The callers behind access tokens (see ChangeCache). */
export class PersonCacheCore extends ChangeCache<AuthUser> {}

/** A live session as the guard checks it (see SessionsService). */
export interface CachedSession {
  id: string;
  personId: string;
  scope: string;
  createdAt: Date;
  /** As last written by this process or read from the database; another process may be later. */
  lastSeenAt: Date;
}

/**
 * The process's PersonCacheCore, with its LISTEN connection (reconnected with backoff), and the
 * live sessions, forgotten on the `session_changed` notifications heard on the same connection.
 */
@Injectable()
export class PersonCache extends PersonCacheCore implements OnModuleInit, OnApplicationShutdown {
  readonly sessions = new ChangeCache<CachedSession>();
  private readonly logger = new Logger(PersonCache.name);
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private delay = RECONNECT_MIN_MS;
  private stopped = false;

  constructor(private readonly config: AppConfig) {
    super();
  }

  onModuleInit(): void {
    void this.connect();
  }

  override setListening(listening: boolean): void {
    super.setListening(listening);
    this.sessions.setListening(listening);
  }

  /** After the drain (infra/lifecycle): the requests in flight still read through the cache. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.setListening(false);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.config.get('DATABASE_URL'),
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: 'duban person cache',
    });
    this.client = client;
    const lost = (reason: string) => {
      if (this.client !== client) return;
      this.client = null;
      this.setListening(false);
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(`person cache bypassed until the database is back: ${reason}`);
      this.timer = setTimeout(() => void this.connect(), this.delay);
      this.timer.unref();
      this.delay = Math.min(this.delay * 2, RECONNECT_MAX_MS);
    };
    client.on('error', (e) => lost(e.message));
    client.on('end', () => lost('connection closed'));
    client.on('notification', (n) => {
      if (n.channel === PERSON_CHANGED_CHANNEL) this.changed(n.payload ?? '*');
      else if (n.channel === SESSION_CHANGED_CHANNEL) this.sessions.changed(n.payload ?? '*');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PERSON_CHANGED_CHANNEL}; LISTEN ${SESSION_CHANGED_CHANNEL}`);
      if (this.client !== client) return;
      this.delay = RECONNECT_MIN_MS;
      this.setListening(true);
    } catch (e) {
      lost((e as Error).message);
    }
  }
}
