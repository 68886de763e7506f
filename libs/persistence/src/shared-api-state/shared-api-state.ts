import type { DataSource } from 'typeorm';

/**
 * The codec session links that have signed a browser in, shared by every API process: a link
 * works once in the whole installation, not once per process behind the load balancer.
 */
export class CodecSessionLinks {
  constructor(private readonly dataSource: DataSource) {}

  /** Records the link as used; false when it was used already (by any API process). */
  async useOnce(linkId: string, expiresAt: Date): Promise<boolean> {
    await this.dataSource.query('DELETE FROM codec_session_links WHERE expires_at <= now()');
    // TypeORM answers an INSERT … RETURNING with the returned rows: none when the link was there.
    const inserted: unknown[] = await this.dataSource.query(
      'INSERT INTO codec_session_links (link_id, expires_at) VALUES ($1, $2) ON CONFLICT (link_id) DO NOTHING RETURNING link_id',
      [linkId, expiresAt],
    );
    return inserted.length === 1;
  }
}

/** One user's count in the current window, as every API process sees it. */
export interface RateLimitWindow {
  readonly hits: number;
  /** Milliseconds until the window ends and the count starts again. */
  readonly endsInMs: number;
}

/**
 * Fixed-window request counters shared by every API process, so a per-user limit holds for the
 * installation and not per process. One statement per request: start a new window when the last
 * one ended, else count one more, and answer the count with the window's end.
 */
export class RateLimitWindows {
  constructor(private readonly dataSource: DataSource) {}

  async hit(key: string, windowMs: number): Promise<RateLimitWindow> {
    const rows: Array<{ hits: number; ends_in_ms: number }> = await this.dataSource.query(
      `INSERT INTO api_rate_limit_windows AS existing (key, window_ends_at, hits)
         VALUES ($1, now() + make_interval(secs => $2::double precision / 1000), 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN existing.window_ends_at <= now() THEN 1 ELSE existing.hits + 1 END,
         window_ends_at = CASE WHEN existing.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE existing.window_ends_at END
       RETURNING hits, (extract(epoch FROM window_ends_at - now()) * 1000)::float8 AS ends_in_ms`,
      [key, windowMs],
    );
    return { hits: rows[0].hits, endsInMs: Math.max(0, rows[0].ends_in_ms) };
  }

  /** Removes windows that ended long ago (keys of users who stopped calling). */
  async forgetEndedBefore(ageMs: number): Promise<void> {
    await this.dataSource.query('DELETE FROM api_rate_limit_windows WHERE window_ends_at < now() - make_interval(secs => $1::double precision / 1000)', [ageMs]);
  }
}
