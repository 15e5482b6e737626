/** Cloud function `file`: uploads to cloud storage and temporary URLs, each after a check of the caller's right. */
import { checkUpload, fileUrl, prepareUpload } from '../common/files';
import { withHttpAccess } from '../common/httpAccess';
import { createMain, type Handlers } from '../common/handler';
import { beginUpload, finishUpload, uploadChunk } from './chunkedUpload';

export const handlers = {
  prepareUpload: ({ db, caller, now }, input) => prepareUpload(db, caller.openid, input, now),
  check: async ({ db, caller, now }, { fileId }) => {
    const { kind, bytes } = await checkUpload(db, caller.openid, fileId, now);
    return { fileId, kind, size: bytes.length };
  },
  url: ({ db, caller, now }, { fileId }) => fileUrl(db, caller.openid, fileId, now),
  beginUpload: ({ db, caller, now }, input) => beginUpload(db, caller.openid, input, now),
  uploadChunk: ({ db, caller, now }, input) => uploadChunk(db, caller.openid, input, now),
  finishUpload: ({ db, caller, now }, input) => finishUpload(db, caller.openid, input, now),
} satisfies Handlers<'file'>;

export const main = withHttpAccess('file', createMain('file', handlers));
