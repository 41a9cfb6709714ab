import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../infra/temporal.ts';
import { log } from '../lib/log.ts';

type IndexedValueType = proto.temporal.api.enums.v1.IndexedValueType;
const { IndexedValueType } = proto.temporal.api.enums.v1;

const INDEXED_VALUE_TYPES: Record<(typeof SEARCH_ATTRIBUTES)[keyof typeof SEARCH_ATTRIBUTES], IndexedValueType> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
};

/** Registers sesflow's search attributes on a Temporal cluster; already registered ones are kept. */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing: Record<string, IndexedValueType> = {};
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
    if (existing.customAttributes?.[name] === undefined) missing[name] = INDEXED_VALUE_TYPES[type];
  }
  if (Object.keys(missing).length === 0) {
    log.info({ namespace, searchAttributes: Object.keys(SEARCH_ATTRIBUTES) }, 'search attributes already registered');
    return;
  }
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  log.info({ namespace, searchAttributes: Object.keys(missing) }, 'search attributes registered');
}
