import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row of `published_definitions`. Only the TypeORM adapter sees this class. */
@Entity({ name: 'published_definitions' })
export class PublishedDefinitionEntity {
  @PrimaryColumn({ name: 'definition_key', type: 'text' })
  key!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ name: 'source_text', type: 'text' })
  sourceText!: string;

  @Column({ type: 'jsonb' })
  compiled!: Record<string, unknown>;

  @Column({ name: 'published_at', type: 'timestamptz', default: () => 'now()' })
  publishedAt!: Date;

  @Column({ name: 'published_by_role', type: 'text' })
  publishedByRole!: string;

  @Column({ name: 'published_by_id', type: 'text' })
  publishedById!: string;
}
