using System.Diagnostics;
using Ferry.Images;
using Ferry.Images.Graph;

namespace Ferry.Bench.Images;

/// <summary>Repeated writes of the 200 MB shop to a null stream (or reads of it from memory): wall time, thread and process CPU time, GCs.</summary>
public static class WriteLoop
{
    private static readonly int Threads = int.TryParse(Environment.GetEnvironmentVariable("FERRY_BENCH_THREADS"), out int t) ? t : Math.Max(1, Environment.ProcessorCount - 1);

    public static int Run(int repeats, ImageCompression codec, bool reads = false)
    {
        if (reads)
        {
            return Reads(repeats, codec);
        }
        long before = GC.GetTotalMemory(true);
        var shop = HeapBuilder.Build(200);
        double heapMb = (GC.GetTotalMemory(true) - before) / 1e6;
        var serializer = new ObjectGraphSerializer(new TypeAllowlist().AddAssembly(typeof(Shop).Assembly));
        double bestWall = double.MaxValue, bestCpu = double.MaxValue, bestAll = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            GC.Collect();
            int g0 = GC.CollectionCount(0), g2 = GC.CollectionCount(2);
            var pause = GC.GetTotalPauseDuration();
            double cpu = CpuClock.ThreadSeconds();
            var proc = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            using (var w = ImageWriter.Create(Stream.Null, new ImageHeader(), new ImageWriterOptions { Compression = codec, Durable = false, CompressionThreads = Threads }))
            {
                serializer.Write(w, ("shop", shop));
                w.Commit();
            }
            double wall = sw.Elapsed.TotalSeconds;
            cpu = CpuClock.ThreadSeconds() - cpu;
            double all = (Process.GetCurrentProcess().TotalProcessorTime - proc).TotalSeconds;
            if (i > 0)
            {
                bestWall = Math.Min(bestWall, wall);
                bestCpu = Math.Min(bestCpu, cpu);
                bestAll = Math.Min(bestAll, all);
            }
            Console.WriteLine($"write {i}: {wall * 1000:F0} ms wall, {cpu * 1000:F0} ms writer-thread cpu, {all * 1000:F0} ms process cpu, gc gen0 {GC.CollectionCount(0) - g0} gen2 {GC.CollectionCount(2) - g2}, pause {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F0} ms");
        }
        Console.WriteLine($"{heapMb:F0} MB live heap, {codec}: best {bestWall * 1000:F0} ms wall ({heapMb / bestWall:F0} MB/s), best writer cpu {bestCpu * 1000:F0} ms ({heapMb / bestCpu:F0} MB/s), best process cpu {bestAll * 1000:F0} ms; {Threads} compression threads");
        return 0;
    }

    private static int Reads(int repeats, ImageCompression codec)
    {
        var serializer = new ObjectGraphSerializer(new TypeAllowlist().AddAssembly(typeof(Shop).Assembly));
        var ms = new MemoryStream();
        long before = GC.GetTotalMemory(true);
        var shop = HeapBuilder.Build(200);
        double heapMb = (GC.GetTotalMemory(true) - before) / 1e6;
        using (var w = ImageWriter.Create(ms, new ImageHeader(), new ImageWriterOptions { Compression = codec, Durable = false }, leaveOpen: true))
        {
            serializer.Write(w, ("shop", shop));
            w.Commit();
        }
        shop = null!;
        byte[] image = ms.ToArray();
        double bestCpu = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            GC.Collect();
            double cpu = CpuClock.ThreadSeconds();
            var sw = Stopwatch.StartNew();
            using (var r = ImageReader.Open(new MemoryStream(image)))
            {
                GC.KeepAlive(serializer.Read(r));
            }
            cpu = CpuClock.ThreadSeconds() - cpu;
            bestCpu = i > 0 ? Math.Min(bestCpu, cpu) : bestCpu;
            Console.WriteLine($"read {i}: {sw.ElapsedMilliseconds} ms wall, {cpu * 1000:F0} ms reader-thread cpu");
        }
        Console.WriteLine($"{heapMb:F0} MB live heap, {codec}: best reader cpu {bestCpu * 1000:F0} ms ({heapMb / bestCpu:F0} MB/s)");
        return 0;
    }
}
