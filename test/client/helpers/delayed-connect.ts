/** An undici `connect` for tests: plain TCP to 127.0.0.1, each new connection made `delayMs` late (kept-alive ones cost nothing). */
import { connect, type Socket } from "node:net";

export function delayedConnect(delayMs: number) {
  return (options: { hostname: string; port: string }, done: (error: Error | null, socket: Socket | null) => void): void => {
    setTimeout(() => {
      const socket = connect({ host: options.hostname, port: Number(options.port) });
      socket.once("connect", () => done(null, socket));
      socket.once("error", (error) => done(error, null));
    }, delayMs);
  };
}
