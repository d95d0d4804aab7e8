import { VpcClient, type VpcClientOptions } from "../../../src/client/vpc-client";
import { TEST_KEYS } from "./fake-vpc";

/**
 * Clients signing with the fake server's STS key (`sts-key-id`, its secret from TEST_KEYS, and `token`), short retries and
 * no rate limit, logging into one shared `lines` (searched for secrets by the tests); `closeAll()` ends them all.
 */
export class StsClients {
  readonly lines: string[] = [];
  private readonly made: VpcClient[] = [];

  constructor(
    private readonly url: () => string,
    private readonly token: string,
    private readonly maxAttempts: number,
  ) {}

  client(options: VpcClientOptions = {}): VpcClient {
    const c = new VpcClient({
      endpoint: this.url(),
      regionId: "cn-hangzhou",
      credentials: { accessKeyId: "sts-key-id", accessKeySecret: TEST_KEYS["sts-key-id"]!, securityToken: this.token },
      env: {},
      credentialsChain: false,
      rateLimit: false,
      retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: this.maxAttempts },
      logger: (l) => this.lines.push(l),
      ...options,
    });
    this.made.push(c);
    return c;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.made.splice(0).map((c) => c.close()));
  }
}
