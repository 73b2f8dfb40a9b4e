import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../kernel/download.ts';
import { detectType, safeFileName } from './files.ts';

const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'latin1');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489',
  'hex',
);

describe('detectType', () => {
  it('reads the type from the content', async () => {
    expect(await detectType(PDF)).toBe('application/pdf');
    expect(await detectType(PNG)).toBe('image/png');
  });

  it('refuses what may not be attached, whatever its name would say', async () => {
    expect(await detectType(Buffer.from('<script>alert(1)</script>'))).toBeNull();
    expect(
      await detectType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>')),
    ).toBeNull();
    expect(await detectType(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'))).toBeNull();
    expect(await detectType(Buffer.alloc(0))).toBeNull();
  });
});

describe('safeFileName', () => {
  it('keeps a readable name with the extension of the real type', () => {
    expect(safeFileName('Communiqué de presse.pdf', 'application/pdf')).toBe(
      'Communiqué de presse.pdf',
    );
    expect(safeFileName('photo.pdf', 'image/png')).toBe('photo.png');
  });

  it('makes folders and traversal harmless', () => {
    expect(safeFileName('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf');
    expect(safeFileName('..\\..\\windows\\win.ini', 'application/pdf')).toBe('win.pdf');
    expect(safeFileName('..', 'application/pdf')).toBe('fichier.pdf');
    expect(safeFileName('a"b;<c>\r\n.pdf', 'application/pdf')).toBe('a_b_c.pdf');
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Communiqué (2014).pdf', 'attachment')).toBe(
      `attachment; filename="Communique (2014).pdf"; filename*=UTF-8''Communiqu%C3%A9%20%282014%29.pdf`,
    );
  });
});
