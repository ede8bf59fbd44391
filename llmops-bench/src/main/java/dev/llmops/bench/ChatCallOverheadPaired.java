package dev.llmops.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same comparison as {@link ChatCallOverheadBenchmark}, made robust to a shared, noisy machine: the llmops call,
 * the bare OkHttp call, and the bare call whose answer is read with Jackson's tree (what a hand-written client does)
 * take turns in short timed rounds (the order rotates every round), and the result is the median and quartiles of
 * the per-round ratios to the llmops call. A load change that lasts longer than a round slows every side of a round
 * alike and cancels out of the ratio, which separate JMH runs minutes apart cannot do.
 *
 * <p>Run: {@code java -cp llmops-bench/target/benchmarks.jar dev.llmops.bench.ChatCallOverheadPaired [rounds] [callsPerRound] [warmupSeconds]}
 * (defaults 40, 2,000 and 30; concurrency 1 then 64, each after a warm-up of every side). The warm-up is long on
 * purpose: on 2 cores the JIT is still compiling OkHttp's call path (tier 4) 10 to 15 seconds into a run
 * ({@code -XX:+PrintCompilation}), and rounds measured before that compare code at different tiers.
 */
public final class ChatCallOverheadPaired {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** One way of making the call; returns something derived from the answer, so that no work can be skipped. */
    @FunctionalInterface
    private interface Side {
        long call() throws Exception;
    }

    private final List<String> names = List.of("llmops", "bare OkHttp", "bare OkHttp + Jackson tree");
    private final List<Side> sides;

    private ChatCallOverheadPaired(OverheadScenario scenario) {
        sides = List.of(
                () -> scenario.llmopsCall().id().length(),
                () -> scenario.bareCall().length(),
                scenario::bareCallParsed);
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        long warmupNanos = (args.length > 2 ? Long.parseLong(args[2]) : 30) * 1_000_000_000L;
        try (LoopbackServer server = OverheadScenario.server()) {
            ChatCallOverheadPaired bench = new ChatCallOverheadPaired(new OverheadScenario(server));
            System.out.printf(Locale.ROOT, "java %s, %d processors, %d rounds, %d s warm-up%n", Runtime.version(),
                    Runtime.getRuntime().availableProcessors(), rounds, warmupNanos / 1_000_000_000L);
            for (int threads : new int[] {1, 64}) {
                int perThread = Math.max(1, calls / threads);
                long warmupEnd = System.nanoTime() + warmupNanos;
                do {
                    bench.rounds(threads, perThread, 3, false);
                } while (System.nanoTime() < warmupEnd);
                bench.rounds(threads, perThread, rounds, true);
            }
        }
    }

    private void rounds(int threads, int callsPerThread, int rounds, boolean report) throws Exception {
        int n = sides.size();
        double[][] wallMicros = new double[n][rounds];
        double[][] cpuMicros = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int turn = 0; turn < n; turn++) {
                int side = (turn + r) % n;
                Timing timing = timed(threads, callsPerThread, sides.get(side));
                wallMicros[side][r] = timing.wallMicrosPerCall();
                cpuMicros[side][r] = timing.callerCpuMicrosPerCall();
            }
        }
        if (!report) {
            return;
        }
        System.out.printf(Locale.ROOT, "concurrency %d, %d rounds of %d calls per side; per side: median wall us/call, "
                + "median calling threads' CPU us/call%n", threads, rounds, threads * callsPerThread);
        for (int side = 0; side < n; side++) {
            System.out.printf(Locale.ROOT, "  %-28s %8.1f %6.1f%n", names.get(side),
                    quantile(wallMicros[side], 0.5), quantile(cpuMicros[side], 0.5));
        }
        for (int side = 1; side < n; side++) {
            double[] ratios = new double[rounds];
            double[] cpuDifference = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = wallMicros[0][r] / wallMicros[side][r];
                cpuDifference[r] = cpuMicros[0][r] - cpuMicros[side][r];
            }
            System.out.printf(Locale.ROOT, "  llmops / %-26s time ratio median %.4f (quartiles %.4f-%.4f); "
                    + "CPU difference median %+.1f us (quartiles %+.1f to %+.1f)%n", names.get(side),
                    quantile(ratios, 0.5), quantile(ratios, 0.25), quantile(ratios, 0.75),
                    quantile(cpuDifference, 0.5), quantile(cpuDifference, 0.25), quantile(cpuDifference, 0.75));
        }
    }

    /**
     * One side of a round: wall time per call as one calling thread sees it, and the CPU time the calling threads
     * spent per call (the client's own work; the server's is not in it).
     */
    private record Timing(double wallMicrosPerCall, double callerCpuMicrosPerCall) {
    }

    private Timing timed(int threads, int callsPerThread, Side side) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        CyclicBarrier end = new CyclicBarrier(threads + 1);
        AtomicLong sink = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    long cpuStart = CPU.getCurrentThreadCpuTime();
                    long local = 0;
                    for (int i = 0; i < callsPerThread; i++) {
                        local += side.call();
                    }
                    cpuNanos.addAndGet(CPU.getCurrentThreadCpuTime() - cpuStart);
                    sink.addAndGet(local);
                    end.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            workers.add(worker);
        }
        start.await();
        long began = System.nanoTime();
        end.await();
        long elapsed = System.nanoTime() - began;
        for (Thread worker : workers) {
            worker.join();
        }
        if (sink.get() == 0) {
            throw new IllegalStateException("no call returned a body");
        }
        return new Timing(elapsed / 1_000.0 / callsPerThread, cpuNanos.get() / 1_000.0 / ((long) threads * callsPerThread));
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double index = q * (sorted.length - 1);
        int low = (int) Math.floor(index);
        int high = (int) Math.ceil(index);
        return sorted[low] + (sorted[high] - sorted[low]) * (index - low);
    }
}
