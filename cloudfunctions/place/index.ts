/** Cloud function `place`: what a scanned place code points to, and the buildings to pick from. */
import { withHttpAccess } from '../common/httpAccess';
import { createMain, type Handlers } from '../common/handler';
import { listBuildings, resolvePlace } from './resolve';

export const handlers = {
  resolve: resolvePlace,
  buildings: listBuildings,
} satisfies Handlers<'place'>;

export const main = withHttpAccess('place', createMain('place', handlers));
