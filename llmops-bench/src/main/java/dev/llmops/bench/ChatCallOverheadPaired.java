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
 * The same comparison as {@link ChatCallOverheadBenchmark}, made robust to a shared, noisy machine: the llmops call
 * and the bare OkHttp call alternate in short timed rounds (which one goes first alternates too), and the result
 * is the median and quartiles of the per-round ratio llmops / bare. A load change that lasts longer than a round
 * slows both sides of a pair alike and cancels out of the ratio, which separate JMH runs minutes apart cannot do.
 *
 * <p>Run: {@code java -cp llmops-bench/target/benchmarks.jar dev.llmops.bench.ChatCallOverheadPaired [rounds] [callsPerThreadPerRound]}
 * (defaults 40 and 2,000; concurrency 1 then 64, after a warm-up of both sides).
 */
public final class ChatCallOverheadPaired {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final OverheadScenario scenario;

    private ChatCallOverheadPaired(OverheadScenario scenario) {
        this.scenario = scenario;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        try (LoopbackServer server = OverheadScenario.server()) {
            ChatCallOverheadPaired bench = new ChatCallOverheadPaired(new OverheadScenario(server));
            System.out.printf(Locale.ROOT, "java %s, %d processors, %d rounds%n", Runtime.version(),
                    Runtime.getRuntime().availableProcessors(), rounds);
            for (int threads : new int[] {1, 64}) {
                int perThread = Math.max(1, calls / threads);
                bench.rounds(threads, perThread, 10, false);
                bench.rounds(threads, perThread, rounds, true);
            }
        }
    }

    private void rounds(int threads, int callsPerThread, int rounds, boolean report) throws Exception {
        double[] ratios = new double[rounds];
        double[] llmopsMicros = new double[rounds];
        double[] bareMicros = new double[rounds];
        double[] llmopsCpu = new double[rounds];
        double[] bareCpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            boolean llmopsFirst = r % 2 == 0;
            Timing first = timed(threads, callsPerThread, llmopsFirst);
            Timing second = timed(threads, callsPerThread, !llmopsFirst);
            Timing llmops = llmopsFirst ? first : second;
            Timing bare = llmopsFirst ? second : first;
            llmopsMicros[r] = llmops.wallMicrosPerCall();
            bareMicros[r] = bare.wallMicrosPerCall();
            llmopsCpu[r] = llmops.callerCpuMicrosPerCall();
            bareCpu[r] = bare.callerCpuMicrosPerCall();
            ratios[r] = llmopsMicros[r] / bareMicros[r];
        }
        if (report) {
            System.out.printf(Locale.ROOT, "concurrency %d: llmops/bare per-call time ratio median %.4f (quartiles %.4f-%.4f); "
                    + "median us/call llmops %.1f, bare %.1f; calling threads' CPU us/call llmops %.1f, bare %.1f; "
                    + "%d rounds of %d calls per side%n",
                    threads, quantile(ratios, 0.5), quantile(ratios, 0.25), quantile(ratios, 0.75),
                    quantile(llmopsMicros, 0.5), quantile(bareMicros, 0.5), quantile(llmopsCpu, 0.5), quantile(bareCpu, 0.5),
                    rounds, threads * callsPerThread);
        }
    }

    /**
     * One side of a round: wall time per call as one calling thread sees it, and the CPU time the calling threads
     * spent per call (the client's own work; the server's is not in it).
     */
    private record Timing(double wallMicrosPerCall, double callerCpuMicrosPerCall) {
    }

    private Timing timed(int threads, int callsPerThread, boolean llmops) throws Exception {
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
                        local += llmops ? scenario.llmopsCall().id().length() : scenario.bareCall().length();
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
