/**
 * Transport.send with a real AbortSignal (the client passes its lighter CallScope; cancellation.test.ts covers that path):
 * the collector listens as an EventTarget listener object (`handleEvent`), so an AbortSignal must still stop the request,
 * reject with the right reason, and be left with no listener once the send ends.
 */
import { getEventListeners } from "node:events";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANCELLED_UNSENT, Transport, type HttpRequest } from "../../src/client/transport";
import { delayedConnect } from "./helpers/delayed-connect";
import { delay, json, startRawServer, timed, type RawServer } from "./helpers/raw-server";

let server: RawServer;
const transports: Transport[] = [];

function transport(slowConnectMs?: number): Transport {
  const made = new Transport(undefined, slowConnectMs === undefined ? {} : { connect: delayedConnect(slowConnectMs) as never });
  transports.push(made);
  return made;
}

function request(): HttpRequest {
  return { origin: server.url, path: "/?Action=Probe", method: "POST", headers: ["host", new URL(server.url).host] };
}

beforeAll(async () => {
  server = await startRawServer((_req, socket) => json(socket, 200, { RequestId: "ok" }));
});
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await server.close();
});

describe("Transport.send with an AbortSignal", () => {
  it("answers and leaves no listener on the signal", async () => {
    const controller = new AbortController();
    const response = await transport().send(request(), controller.signal);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ RequestId: "ok" });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("aborted while the headers are awaited: rejects promptly with the signal's reason and closes the socket", async () => {
    const controller = new AbortController();
    let serverSocket: Socket | undefined;
    server.behaviour = (_req, socket) => {
      serverSocket = socket;
      setTimeout(() => controller.abort(new Error("stop now")), 30);
    };
    try {
      const r = await timed(transport().send(request(), controller.signal));
      expect((r.error as Error).message).toBe("stop now");
      expect(r.ms).toBeLessThan(300);
      await delay(100);
      expect(serverSocket?.destroyed || serverSocket?.readableEnded).toBe(true);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    } finally {
      server.behaviour = (_req, socket) => json(socket, 200, { RequestId: "ok" });
    }
  });

  it("aborted with a falsy reason once started: rejects with that reason (null), not undici's own error", async () => {
    const controller = new AbortController();
    server.behaviour = () => void setTimeout(() => controller.abort(null), 30);
    try {
      const r = await timed(transport().send(request(), controller.signal));
      expect(r.error).toBeNull();
      expect(r.ms).toBeLessThan(300);
    } finally {
      server.behaviour = (_req, socket) => json(socket, 200, { RequestId: "ok" });
    }
  });

  it("aborted while connecting: rejects with CANCELLED_UNSENT and nothing reaches the server", async () => {
    const before = server.requests.length;
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop now")), 30);
    const r = await timed(transport(300).send(request(), controller.signal));
    expect(r.error).toBe(CANCELLED_UNSENT);
    expect(r.ms).toBeLessThan(250);
    await delay(400);
    expect(server.requests.length).toBe(before);
  });

  it("a signal already aborted: CANCELLED_UNSENT at once", async () => {
    await expect(transport().send(request(), AbortSignal.abort())).rejects.toBe(CANCELLED_UNSENT);
  });
});
