/**
 * Where the TVS profile (Taakstelling Volg Systeem) comes from: COA fills it, the municipality
 * reads it. The real source is COA's system; Wegwijs has only a development stand-in so far.
 *
 *   const profile = await source.profileFor('GM0392.HLM-2019-0042'); // TvsProfile or undefined
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TvsSection } from '../activity-events';

/**
 * The profile as COA supplies it. Each section is free text or a list; the activities only judge
 * whether it is filled, they never copy its content (it is personal data).
 */
export type TvsProfile = Readonly<Partial<Record<TvsSection, unknown>>>;

export abstract class TvsProfileSource {
  /** The profile for the person of this trajectory; undefined when COA has none. Throws `TvsSourceUnavailableError` when the source cannot answer now. */
  abstract profileFor(trajectoryId: string): Promise<TvsProfile | undefined>;
}

/** Thrown when the TVS source cannot be reached or answers garbage; the activity retries. */
export class TvsSourceUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`The TVS profile source is unavailable: ${reason}`);
    this.name = 'TvsSourceUnavailableError';
  }
}

/**
 * Development stand-in for COA's TVS: reads `<directory>/<trajectoryId>.json`, one JSON object
 * with the sections. Not for production — a file on the worker's disk is not COA.
 */
export class FileTvsProfileSourceDevelopmentStandIn extends TvsProfileSource {
  constructor(private readonly directory: string) {
    super();
  }

  async profileFor(trajectoryId: string): Promise<TvsProfile | undefined> {
    if (!/^[A-Za-z0-9.-]+$/.test(trajectoryId)) return undefined;
    let text: string;
    try {
      text = await readFile(join(this.directory, `${trajectoryId}.json`), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new TvsSourceUnavailableError((error as NodeJS.ErrnoException).code ?? 'read failed');
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      return parsed as TvsProfile;
    } catch {
      throw new TvsSourceUnavailableError('the profile file is not a JSON object');
    }
  }
}
