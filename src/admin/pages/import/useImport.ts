import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import type { ImportPlan, ImportPreview } from '../../../domain';
import { applyImport, importTemplate, openGeneratedFile, pickAndUploadTable, previewImport } from '../../../services/hierarchy';

export type ImportState =
  | { kind: 'idle' }
  | { kind: 'uploading' }
  | { kind: 'previewed'; fileName: string; preview: ImportPreview }
  | { kind: 'applying'; fileName: string; preview: ImportPreview }
  | { kind: 'applied'; fileName: string; result: ImportPlan & { root: { name: string } } };

/** Pick a table → upload → preview (every row's errors) → apply; and the template. */
export function useImport() {
  const { params } = useRouter();
  const rootId = params.rootId || undefined;
  const [state, setState] = useState<ImportState>({ kind: 'idle' });
  const [banner, setBanner] = useState<string[]>([]);
  const [templateBusy, setTemplateBusy] = useState(false);

  const pick = async () => {
    if (state.kind === 'uploading' || state.kind === 'applying') return;
    setBanner([]);
    setState({ kind: 'uploading' });
    const uploaded = await pickAndUploadTable();
    if (!uploaded.ok) {
      setState({ kind: 'idle' });
      if (uploaded.code !== 'CANCELLED') setBanner([uploaded.message]);
      return;
    }
    const preview = await previewImport(uploaded.data.fileId, rootId);
    if (!preview.ok) {
      setState({ kind: 'idle' });
      return setBanner([preview.message]);
    }
    setState({ kind: 'previewed', fileName: uploaded.data.name, preview: preview.data });
  };

  const apply = async () => {
    if (state.kind !== 'previewed' || state.preview.errorCount > 0) return;
    setState({ kind: 'applying', fileName: state.fileName, preview: state.preview });
    const res = await applyImport(state.preview.fileId, rootId);
    if (!res.ok) {
      setBanner([res.message]);
      return setState({ kind: 'previewed', fileName: state.fileName, preview: state.preview });
    }
    setBanner([]);
    setState({ kind: 'applied', fileName: state.fileName, result: res.data });
  };

  const template = async (format: 'xlsx' | 'csv') => {
    if (templateBusy) return;
    setTemplateBusy(true);
    const res = await importTemplate(format);
    setTemplateBusy(false);
    if (!res.ok) return setBanner([res.message]);
    await openGeneratedFile(res.data.url, res.data.name);
  };

  return {
    state,
    banner,
    templateBusy,
    pick: () => void pick(),
    apply: () => void apply(),
    again: () => setState({ kind: 'idle' }),
    template: (format: 'xlsx' | 'csv') => void template(format),
  };
}
