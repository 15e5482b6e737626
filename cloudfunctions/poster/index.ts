/** Cloud function `poster`: every place's QR code for the admin, code rotation, and printable A4 posters. */
import { withHttpAccess } from '../common/httpAccess';
import { createMain, type Handlers } from '../common/handler';
import { asAdmin } from '../common/staffAccess';
import { listCodes, rotateCode } from './codes';
import { makePoster } from './make';

export const handlers = {
  codes: asAdmin(listCodes),
  rotateCode: asAdmin(rotateCode),
  poster: asAdmin(makePoster),
} satisfies Handlers<'poster'>;

export const main = withHttpAccess('poster', createMain('poster', handlers));
