/**
 * The A4 poster, drawn with pdfkit in a subset of Noto Sans CJK (only the glyphs a poster uses are
 * embedded, so a page is tens of kilobytes though the font file is 20 MB). Large type: read from
 * across a stairwell, printed on any office printer in black and white.
 */
import { existsSync } from 'fs';
import { join } from 'path';
import PDFDocument from 'pdfkit';
import type { GridWorkerContact } from '../../src/domain/contracts';
import { posterInstructions } from '../../src/domain/posters';
import type { QrGraphic } from './qrImage';

export interface PosterPage {
  level: 'building' | 'community';
  communityName: string;
  /** the building as residents know it (`祥云一区 3号楼`), or the community's name */
  title: string;
  code: string;
  /** the URL QR's modules, or the mini-program code's image (PNG or JPEG) */
  qr: QrGraphic;
  contact: GridWorkerContact | null;
  /** who the contact is: 网格员, or 社区工作人员 on a community's poster */
  contactRole: string;
}

/**
 * Noto Sans CJK: beside the deployed bundle (`fonts/`, copied there by `npm run build:cloud`), else
 * Debian's fonts-noto-cjk (scripts/setup.sh installs it).
 */
const FONT_DIRS = () => [join(__dirname, 'fonts'), '/usr/share/fonts/opentype/noto'];
const FONTS = {
  regular: { file: 'NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  bold: { file: 'NotoSansCJK-Bold.ttc', face: 'NotoSansCJKsc-Bold' },
} as const;

export function posterFont(weight: keyof typeof FONTS): { path: string; face: string } {
  const { file, face } = FONTS[weight];
  for (const dir of FONT_DIRS()) {
    const path = join(dir, file);
    if (existsSync(path)) return { path, face };
  }
  throw new Error(`poster font ${file} not found in ${FONT_DIRS().join(', ')} (install Debian fonts-noto-cjk)`);
}

/** `13800000001` → `138 0000 0001`: read aloud and dialled from paper. */
export function spacedPhone(phone: string): string {
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const INNER = A4.width - 2 * MARGIN;
const QR_SIZE = 300;

/** The QR at (x, y), `size` points square: modules as runs of filled squares (a quiet zone of one module), or the image fitted. */
function drawQr(doc: PDFKit.PDFDocument, qr: QrGraphic, x: number, y: number, size: number): void {
  if (qr.kind === 'image') {
    doc.image(qr.bytes, x, y, { fit: [size, size], align: 'center', valign: 'center' });
    return;
  }
  const m = size / (qr.size + 2);
  for (let row = 0; row < qr.size; row++) {
    for (let col = 0; col < qr.size; ) {
      if (!qr.dark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < qr.size && qr.dark(row, col)) col++;
      // a hair wider than the run: no white seams between neighbouring squares when printed
      doc.rect(x + (start + 1) * m, y + (row + 1) * m, (col - start) * m + 0.05, m + 0.05);
    }
  }
  doc.fillColor('#000000').fill();
}

export async function renderPosters(pages: readonly PosterPage[], meta: { title: string; at: Date }): Promise<Buffer> {
  if (pages.length === 0) throw new Error('a poster PDF needs at least one page');
  const regular = posterFont('regular');
  const bold = posterFont('bold');
  // font: null — no standard font is loaded (pdfkit would read Helvetica's metrics from its data folder)
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    font: null as unknown as string,
    info: { Title: meta.title, Creator: '网格通 GridLink', CreationDate: meta.at },
  });
  doc.registerFont('regular', regular.path, regular.face);
  doc.registerFont('bold', bold.path, bold.face);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((ok, ko) => {
    doc.on('end', () => ok(Buffer.concat(chunks)));
    doc.on('error', ko);
  });

  /** The largest size up to `size` at which every one of `texts` fits `width` on one line. */
  const fitting = (texts: readonly string[], font: 'regular' | 'bold', size: number, width: number) => {
    doc.font(font);
    let s = size;
    while (s > 10 && texts.some((text) => doc.fontSize(s).widthOfString(text) > width)) s -= 1;
    return s;
  };
  /** One centred line at `y`, shrunk until it fits the page's width. */
  const centred = (text: string, font: 'regular' | 'bold', size: number, y: number, color = '#000000') => {
    const s = fitting([text], font, size, INNER);
    doc.fillColor(color).fontSize(s).text(text, MARGIN, y, { width: INNER, align: 'center', lineBreak: false });
  };

  for (const p of pages) {
    doc.addPage({ size: 'A4', margin: 0 });
    // a frame to cut or pin along
    doc.lineWidth(2).strokeColor('#1677ff').rect(24, 24, A4.width - 48, A4.height - 48).stroke();
    centred(p.level === 'building' ? '楼栋居民报备码' : '社区居民报备码', 'bold', 26, 52, '#1677ff');
    if (p.level === 'building') {
      centred(p.communityName, 'regular', 34, 98);
      centred(p.title, 'bold', 60, 146);
    } else {
      centred(p.title, 'bold', 60, 120);
    }
    drawQr(doc, p.qr, (A4.width - QR_SIZE) / 2, 240, QR_SIZE);
    centred(`${p.level === 'building' ? '楼栋码' : '社区码'} ${p.code}`, 'regular', 16, 548, '#555555');

    // the three lines in one size, the largest at which the longest fits
    const lines = posterInstructions(p.level).map((line, i) => `${i + 1}. ${line}`);
    const size = fitting(lines, 'regular', 24, INNER - 24);
    doc.fillColor('#000000');
    lines.forEach((line, i) => doc.fontSize(size).text(line, MARGIN + 24, 592 + i * 40, { lineBreak: false }));

    doc.lineWidth(1).strokeColor('#cccccc').moveTo(MARGIN, 716).lineTo(A4.width - MARGIN, 716).stroke();
    const contact = p.contact
      ? `${p.contactRole} ${p.contact.name}${p.contact.workPhone ? `　工作电话 ${spacedPhone(p.contact.workPhone)}` : ''}`
      : `${p.contactRole}：请联系社区居委会`;
    centred(contact, 'bold', 26, 734);
    centred('二维码如有损坏、遮挡或被覆盖，请联系网格员。网格通 GridLink', 'regular', 12, 790, '#777777');
  }
  doc.end();
  return done;
}
