package com.valorwell.calendar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a phase's CPU time went, from {@code /proc}: the whole machine, the Payara JVM,
 * this JVM (load generator and Google emulator), and the PostgreSQL server with its
 * backends. Everything shares the same cores, so this is what tells a slow service from
 * a saturated machine.
 */
final class CpuMeter {

    /** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** Counters at one moment, in clock ticks. */
    record Snapshot(long nanoTime, long machineBusy, long machineTotal, long payara, long bench, long postgres) {
    }

    /** CPU seconds spent between two snapshots. */
    record Usage(double wallSeconds, double machineBusyCores, double machineCpuSeconds, double payara, double bench,
            double postgres) {

        double other() {
            return Math.max(0, machineCpuSeconds - payara - bench - postgres);
        }
    }

    private final long payaraPid;
    private final Optional<ProcessHandle> postmaster;

    CpuMeter(long payaraPid, int postgresPort) {
        this.payaraPid = payaraPid;
        this.postmaster = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(String.valueOf(postgresPort))).orElse(false))
                .findFirst();
    }

    boolean seesPostgres() {
        return postmaster.isPresent();
    }

    Snapshot snapshot() {
        long[] machine = machine();
        long pg = postmaster.map(p -> process(p.pid())
                + p.descendants().mapToLong(d -> process(d.pid())).sum()).orElse(0L);
        return new Snapshot(System.nanoTime(), machine[0], machine[1], process(payaraPid),
                process(ProcessHandle.current().pid()), pg);
    }

    static Usage between(Snapshot a, Snapshot b) {
        double wall = (b.nanoTime() - a.nanoTime()) / 1e9;
        long total = b.machineTotal() - a.machineTotal();
        long busy = b.machineBusy() - a.machineBusy();
        int cpus = Runtime.getRuntime().availableProcessors();
        double busyCores = total == 0 ? 0 : cpus * busy / (double) total;
        return new Usage(wall, busyCores, busyCores * wall, seconds(b.payara() - a.payara()),
                seconds(b.bench() - a.bench()), seconds(b.postgres() - a.postgres()));
    }

    private static double seconds(long ticks) {
        return ticks / TICKS_PER_SECOND;
    }

    /** Busy and total ticks over all CPUs, from the first line of /proc/stat. */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            return new long[] {busy, busy + idle + iowait};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** utime + stime of one process (fields 14 and 15 of /proc/PID/stat), 0 when it is gone. */
    private static long process(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
