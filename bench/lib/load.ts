import autocannon from 'autocannon';

export type LoadResult = {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
};

/**
 * Keeps `connections` keep-alive connections busy with GET `url` for `seconds`, one request at a
 * time on each (autocannon without pipelining), as browsers that accept compressed pages; an
 * answer of 400 or more counts as an error.
 */
export async function load(url: string, connections: number, seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { 'accept-encoding': 'gzip, br' },
  });
  return {
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx - (result['3xx'] ?? 0),
  };
}
