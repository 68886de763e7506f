import type { ActorRole } from '@wegwijs/domain';
import { DataSource } from 'typeorm';
import { PublishedDefinitionEntity } from './published-definition.entity';
import {
  PublishedDefinitionStore,
  PublishedVersionConflictError,
  VersionNotNextError,
  type NewPublishedDefinition,
  type PublicationOutcome,
  type PublishedDefinition,
} from './published-definition-store.port';

/** Published definitions on PostgreSQL through TypeORM. */
export class TypeOrmPublishedDefinitionStore extends PublishedDefinitionStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async list(): Promise<Array<Omit<PublishedDefinition, 'compiled' | 'sourceText'>>> {
    const rows = await this.dataSource.getRepository(PublishedDefinitionEntity).find({
      select: { key: true, version: true, contentHash: true, publishedAt: true, publishedByRole: true, publishedById: true },
      order: { key: 'ASC', version: 'ASC' },
    });
    return rows.map(({ key, version, contentHash, publishedAt, publishedByRole, publishedById }) => ({
      key,
      version,
      contentHash,
      publishedAt,
      publishedBy: { role: publishedByRole as ActorRole, id: publishedById },
    }));
  }

  async get(key: string, version: number): Promise<PublishedDefinition | undefined> {
    const row = await this.dataSource.getRepository(PublishedDefinitionEntity).findOneBy({ key, version });
    return row ? toPublishedDefinition(row) : undefined;
  }

  async publish(definition: NewPublishedDefinition, notBelow: number): Promise<PublicationOutcome> {
    return this.dataSource.transaction(async (manager) => {
      // One publisher per key at a time, so two API instances cannot both take the same next number.
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`published-definition:${definition.key}`]);
      const repository = manager.getRepository(PublishedDefinitionEntity);
      const same = await repository.findOneBy({ key: definition.key, version: definition.version });
      if (same) {
        if (same.contentHash === definition.contentHash) return 'unchanged';
        throw new PublishedVersionConflictError(definition.key, definition.version, same.contentHash);
      }
      const [{ newest }] = (await manager.query('SELECT max(version) AS newest FROM published_definitions WHERE definition_key = $1', [
        definition.key,
      ])) as Array<{ newest: number | null }>;
      const expectedVersion = Math.max(newest ?? 0, notBelow) + 1;
      if (definition.version !== expectedVersion) throw new VersionNotNextError(definition.key, definition.version, expectedVersion);
      await manager.query(
        `INSERT INTO published_definitions (definition_key, version, content_hash, source_text, compiled, published_by_role, published_by_id)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
        [
          definition.key,
          definition.version,
          definition.contentHash,
          definition.sourceText,
          JSON.stringify(definition.compiled),
          definition.publishedBy.role,
          definition.publishedBy.id,
        ],
      );
      return 'published';
    });
  }
}

function toPublishedDefinition(row: PublishedDefinitionEntity): PublishedDefinition {
  return {
    key: row.key,
    version: row.version,
    contentHash: row.contentHash,
    compiled: row.compiled,
    sourceText: row.sourceText,
    publishedAt: row.publishedAt,
    publishedBy: { role: row.publishedByRole as ActorRole, id: row.publishedById },
  };
}
