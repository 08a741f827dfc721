/**
 * The CPU time this process has used, in milliseconds (all its threads: the collector's too). The complexity
 * tests compare the cost of twice the input with the cost of the input; measured in CPU time rather than wall
 * time, other processes competing for the machine's cores (a CI machine running other jobs) do not enter it.
 */
export function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
