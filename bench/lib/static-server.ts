import { type ChildProcess, spawn } from 'node:child_process';

/** A plain Node server in a process of its own, sending fixed bytes per path: the peer. */
export async function startStaticServer(
  pages: Record<string, { type: string; body: Buffer; encoding?: string }>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const table = Object.fromEntries(
    Object.entries(pages).map(([p, v]) => [p, { ...v, body: v.body.toString('base64') }]),
  );
  const code = `
    const http = require('node:http');
    let input = '';
    process.stdin.on('data', (c) => { input += c; });
    process.stdin.on('end', () => {
      const pages = JSON.parse(input);
      for (const p of Object.values(pages)) p.body = Buffer.from(p.body, 'base64');
      const server = http.createServer((req, res) => {
        const page = pages[req.url];
        if (!page) { res.writeHead(404); res.end(); return; }
        const headers = { 'content-type': page.type, 'content-length': page.body.length };
        if (page.encoding) headers['content-encoding'] = page.encoding;
        res.writeHead(200, headers);
        res.end(page.body);
      });
      server.keepAliveTimeout = 60000;
      server.listen(0, '127.0.0.1', () => console.log(server.address().port));
    });`;
  const child: ChildProcess = spawn(process.execPath, ['-e', code], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin?.end(JSON.stringify(table));
  const port = await new Promise<string>((resolve) =>
    child.stdout?.once('data', (c: Buffer) => resolve(c.toString().trim())),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await exited;
    },
  };
}
