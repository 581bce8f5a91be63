package dev.borgform.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Measures one piece of work inside a forked benchmark JVM: wall time, CPU time of the whole
 * process (GC and JIT threads included), and heap.
 *
 * <p>Heap is reported two ways. {@code peakHeapMb}: the sum over heap pools of each pool's peak use
 * since {@link #start()} (eden, survivor and old peak at different moments, so this is an upper
 * bound on the heap ever in use at once). {@code maxLiveMb}: the largest memory in use right after
 * a collection, from GC notifications, summed over every pool (heap, metaspace, code cache), which
 * is close to what the work really keeps alive; 0 when no collection happened.
 */
final class Probe {
  private final AtomicLong maxAfterGc = new AtomicLong();
  private long wallStart;
  private long cpuStart;

  static Probe start() {
    Probe p = new Probe();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(
            (n, h) -> {
              if (!n.getType()
                  .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION))
                return;
              GarbageCollectionNotificationInfo info =
                  GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
              long used = 0;
              for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values())
                used += u.getUsed();
              // Non-heap pools (metaspace, code cache) are in this map too: reported as all pools.
              p.maxAfterGc.accumulateAndGet(used, Math::max);
            },
            null,
            null);
      }
    }
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
    p.cpuStart = cpuNanos();
    p.wallStart = System.nanoTime();
    return p;
  }

  Map<String, Object> stop() {
    long wall = System.nanoTime() - wallStart;
    long cpu = cpuNanos() - cpuStart;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("wallMs", wall / 1_000_000.0);
    m.put("cpuMs", cpu / 1_000_000.0);
    m.put("peakHeapMb", peak / 1_048_576.0);
    m.put("maxLiveMb", maxAfterGc.get() / 1_048_576.0);
    m.put("maxHeapMb", Runtime.getRuntime().maxMemory() / 1_048_576.0);
    return m;
  }

  private static long cpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
