/**
 * The local server of bench/client.ts, run in its own process (so neither client is charged for its CPU or garbage).
 * It answers every request with the same DescribeFlowLogs page of 10 flow logs, keep-alive on, without checking
 * signatures: both clients pay the same server cost. Prints its port on stdout once listening; stops on SIGTERM.
 */
import { createServer } from "node:http";

const flowLogs = Array.from({ length: 10 }, (_, i) => ({
  FlowLogId: `fl-bench${String(i).padStart(4, "0")}`,
  FlowLogName: "bench",
  Status: "Active",
  AggregationInterval: 10,
  ResourceType: "VPC",
  ResourceId: "vpc-demo0001",
  TrafficType: "All",
  ProjectName: "flowlog-project",
  LogStoreName: "flowlog-store",
  RegionId: "cn-hangzhou",
  CreationTime: "2024-01-01T00:00:00Z",
  TrafficPath: { TrafficPathList: ["all"] },
  Tags: { Tag: [{ Key: "env", Value: "bench" }] },
}));

let served = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    served++;
    const body = JSON.stringify({ RequestId: `bench-${served}`, Success: true, TotalCount: 10, PageNumber: 1, PageSize: 20, FlowLogs: { FlowLog: flowLogs } });
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
