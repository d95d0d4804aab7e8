/**
 * The local server of bench/client.ts, run in its own process (so neither client is charged for its CPU or garbage).
 * It answers every request with the same DescribeFlowLogs page of 10 flow logs, keep-alive on, without checking
 * signatures: both clients pay the same server cost. Prints its port on stdout once listening; stops on SIGTERM.
 */
// Plain `require` and erasable types only (it runs under `node --experimental-strip-types`, loaded as CommonJS).
const { createServer } = require("node:http") as typeof import("node:http");

/** The answer: a DescribeFlowLogs page of 10 flow logs (shared with bench/client-ab.ts). */
const page = require("./describe-page.json") as Record<string, unknown>;

let served = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    served++;
    const body = JSON.stringify({ ...page, RequestId: `bench-${served}` });
    res.writeHead(200, { "content-type": "application/json;charset=utf-8", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
// Longer than any pause between a client's warm-up and its measured run, so idle sockets are never closed under it.
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(typeof address === "object" && address ? address.port : "");
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
