import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the API processes must agree on when a load balancer spreads requests over several of them
 * (found by running the end-to-end suite against two, `npm run test:cluster`): which codec
 * session links have been used — one process's memory let the same link work once per process —
 * and how many requests each user made this minute — per process, the limit multiplied by the
 * number of processes. No personal data: hashes of tokens, and the rate limiter's hashed keys.
 */
export class CreateSharedApiState1764900000000 implements MigrationInterface {
  name = 'CreateSharedApiState1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE codec_session_links (
        link_id     text        PRIMARY KEY,
        expires_at  timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE api_rate_limit_windows (
        key             text        PRIMARY KEY,
        window_ends_at  timestamptz NOT NULL,
        hits            integer     NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE api_rate_limit_windows');
    await queryRunner.query('DROP TABLE codec_session_links');
  }
}
