/** A batch row as its queue item's detail shows it (the staff function reads it; the batch function writes it). */
import type { BatchDoc, BatchRowDetailView, BatchRowDoc } from '../../src/domain/batches';
import type { PersonDoc } from '../../src/domain/household';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { decrypt } from '../common/crypto';
import { first } from '../common/db';
import { fail } from '../common/errors';
import { maskCells, rowView } from '../batch/model';

export async function batchRowDetail(db: Database, rowId: string): Promise<{ row: BatchRowDetailView; doc: BatchRowDoc; person: PersonDoc | null }> {
  const doc = await first<BatchRowDoc>(db.collection(Collections.batchRows).where({ _id: rowId }));
  if (!doc) return fail('NOT_FOUND', '核查记录不存在');
  const batch = await first<BatchDoc>(db.collection(Collections.batches).where({ _id: doc.batchId }));
  if (!batch) return fail('NOT_FOUND', '核查批次不存在');
  const cells = JSON.parse(decrypt(doc.cellsCipher)) as string[];
  const sensitive = new Set([batch.mapping.idNumber, batch.mapping.phone].filter((c): c is number => c !== undefined));
  const masked = maskCells(cells, sensitive);
  const person = doc.person ? await first<PersonDoc>(db.collection(Collections.persons).where({ _id: doc.person.personId })) : null;
  return {
    doc,
    person,
    row: {
      ...rowView(doc),
      subject: batch.subject,
      source: batch.source,
      deadline: batch.deadline.toISOString(),
      columns: batch.headers.map((header, i) => ({ header, value: masked[i] ?? '' })),
    },
  };
}
