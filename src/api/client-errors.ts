// Requests Node's HTTP parser refuses before Express sees them (headers over
// the size limit, malformed request lines, clients too slow to finish their
// headers or body) are answered in the documented error shape too, rather
// than Node's bare status line.
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

function answerFor(code: string | undefined): { status: number; reason: string; code: string; message: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, reason: 'Request Header Fields Too Large', code: 'headers_too_large', message: 'the request headers are larger than the server accepts' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, reason: 'Payload Too Large', code: 'body_too_large', message: 'the chunk extensions are larger than the server accepts' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request Timeout', code: 'request_timeout', message: 'the request did not arrive in time' };
    default:
      return { status: 400, reason: 'Bad Request', code: 'malformed_http', message: 'the request is not valid HTTP/1.1' };
  }
}

export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const answered = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (err.code === 'ECONNRESET' || !socket.writable || answered) {
      socket.destroy();
      return;
    }
    const a = answerFor(err.code);
    const body = JSON.stringify({ error: { code: a.code, message: a.message, details: null } });
    socket.end(
      `HTTP/1.1 ${a.status} ${a.reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    // A client that never reads must not hold the socket open.
    setTimeout(() => socket.destroy(), 1000).unref();
  });
}
