package io.eventplatform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** CPU and memory of processes and of the machine, read from Linux's /proc. */
final class ProcStats {

    /** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on every Linux we run on). */
    static final long CLK_TCK = Long.getLong("clk.tck", 100);

    private ProcStats() {
    }

    /** utime + stime of a process (all its threads), in clock ticks; 0 when it is gone. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces and parentheses: fields are counted after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long cpuTicks(Collection<Long> pids) {
        return pids.stream().mapToLong(ProcStats::cpuTicks).sum();
    }

    /** The machine's CPU time from the first line of /proc/stat: {busy, total} in ticks (iowait counts as idle). */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** Resident set size in KiB ({@code VmRSS}), or -1. */
    static long rssKb(long pid) {
        return statusKb(pid, "VmRSS:");
    }

    static long statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** Open file descriptors of a process, or -1. */
    static int openFiles(long pid) {
        String[] fds = Path.of("/proc", Long.toString(pid), "fd").toFile().list();
        return fds == null ? -1 : fds.length;
    }

    /** Machine busy % (all cores) over {@code millis}, sampled now. */
    static double machineBusyPercent(long millis) {
        long[] a = machineTicks();
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long[] b = machineTicks();
        long total = b[1] - a[1];
        return total <= 0 ? 0 : 100.0 * (b[0] - a[0]) / total;
    }

    /**
     * CPU over a window: the service's, and what everything except our own processes used.
     *
     * @param serviceTicks utime+stime of every checkin-service instance
     * @param ourTicks every process of the benchmark (service, load client, DynamoDB Local, S3 server, launcher)
     * @param machineBusy busy ticks of the whole machine
     * @param machineTotal all ticks of the whole machine
     */
    record Window(long nanos, long serviceTicks, long ourTicks, long machineBusy, long machineTotal) {

        static Window take(Collection<Long> servicePids, Collection<Long> ourPids) {
            long[] machine = machineTicks();
            return new Window(System.nanoTime(), cpuTicks(servicePids), cpuTicks(ourPids), machine[0], machine[1]);
        }

        double seconds(Window start) {
            return (nanos - start.nanos) / 1e9;
        }

        /** The service's CPU time since {@code start}, in microseconds. */
        double serviceMicros(Window start) {
            return (serviceTicks - start.serviceTicks) * 1e6 / CLK_TCK;
        }

        /** Busy % of the whole machine (100 = every core) spent outside the benchmark's processes. */
        double otherBusyPercent(Window start) {
            long total = machineTotal - start.machineTotal;
            if (total <= 0) {
                return 0;
            }
            long others = (machineBusy - start.machineBusy) - (ourTicks - start.ourTicks);
            return Math.max(0, 100.0 * others / total);
        }

        /** Busy % of the whole machine (100 = every core). */
        double machineBusyPercent(Window start) {
            long total = machineTotal - start.machineTotal;
            return total <= 0 ? 0 : 100.0 * (machineBusy - start.machineBusy) / total;
        }
    }
}
