/**
 * Synthetic queue items shaped like the ones the functions write (`newQueueItem`): a place path of
 * six ids (street › community › area › grid › compound › building), the sort key, the subject's name,
 * address and search keys, over `grids` grids. Ids are like the functions' (a prefix and 32 hex
 * digits of a keyed hash; places a prefix and 16 hex digits). Deterministic: item `i` is always the same.
 */
import { createHash } from 'crypto';
import { queueSortKey, searchKeysOf, QUEUE_KINDS, type Priority, type QueueItemDoc, type QueueStatus } from '../../src/domain/queue';
import { personName, phoneNumber } from './people';

const DAY_MS = 86_400_000;

export interface QueueLayout {
  grids: number;
  /** due times spread over a week from here */
  dueFrom: number;
  createdAt: Date;
}

const hex = (text: string, digits: number) => createHash('sha1').update(text).digest('hex').slice(0, digits);

const places = new Map<string, string>();

export function placeId(level: string, n: number): string {
  const key = `${level}${n}`;
  let id = places.get(key);
  if (!id) places.set(key, (id = `pl_${hex(key, 16)}`));
  return id;
}

export function gridPath(g: number): string[] {
  const area = Math.floor(g / 50);
  return [placeId('street', 0), placeId('community', Math.floor(area / 4)), placeId('area', area), placeId('grid', g)];
}

export function queueItem(layout: QueueLayout, i: number): QueueItemDoc {
  const h = Math.imul(i + 1, 2654435761) >>> 0;
  const g = (i * 7919) % layout.grids;
  const compound = g * 4 + (h % 4);
  const building = compound * 8 + ((h >>> 4) % 8);
  const placePath = [...gridPath(g), placeId('compound', compound), placeId('building', building)];
  const priority = (h % 10 === 0 ? 0 : h % 10 < 4 ? 1 : 2) as Priority;
  const due = new Date(layout.dueFrom + ((h >>> 3) % (7 * DAY_MS)));
  const _id = `qv_h_${hex(`item${i}`, 32)}`;
  const r = (h >>> 12) % 20;
  const status: QueueStatus = r === 0 ? 'closed' : r === 1 ? 'in_progress' : 'open';
  const name = personName(i);
  const address = `祥云${(compound % 13) + 1}区 ${(building % 8) + 1}号楼 ${(h % 4) + 1}单元 ${((h >>> 8) % 18) + 1}0${(h % 4) + 1}`;
  const phone = phoneNumber(i);
  const phoneMasked = `${phone.slice(0, 3)}****${phone.slice(7)}`;
  return {
    _id,
    kind: QUEUE_KINDS[(h >>> 8) % 4],
    refId: `r_${hex(`report${i}`, 32)}`,
    householdId: `h_${hex(`household${Math.floor(i / 2)}`, 32)}`,
    communityId: placePath[1],
    gridId: placePath[3],
    placePath,
    personName: name,
    address,
    searchKeys: searchKeysOf({ names: [name], phonesMasked: [phoneMasked], address }),
    priority,
    dueAt: due,
    sortKey: queueSortKey(priority, due, _id),
    status,
    assigneeStaffId: status === 'open' ? null : `st_${hex(`staff${g}`, 16)}`,
    title: `报备核实 · ${address}`,
    summary: `返回人员 · 3人 · ${name.slice(0, 1)}*等`,
    createdAt: layout.createdAt,
    updatedAt: layout.createdAt,
    ...(status === 'closed' ? { closedAt: layout.createdAt } : {}),
  };
}
