/** Cloud function `place`: what a scanned place code points to, and the buildings to pick from. */
import { createMain, type Routes } from '../common/handler';
import { listBuildings, parseBuildings, parseResolve, resolvePlace } from './resolve';

export const routes: Routes = {
  resolve: { parse: parseResolve, run: resolvePlace },
  buildings: { parse: parseBuildings, run: listBuildings },
};

export const main = createMain('place', routes);
