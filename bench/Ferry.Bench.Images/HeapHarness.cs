using System.Diagnostics;
using Ferry.Images;
using Ferry.Images.Graph;

namespace Ferry.Bench.Images;

/// <summary>
/// Checkpoint throughput on a big live heap: write the shop as an image, read it back, and compare
/// with baselines measured in the same run (memcpy of as many bytes, BinaryWriter of the same data).
/// </summary>
public static class HeapHarness
{
    public static int Run(int megabytes, int repeats, string dir)
    {
        Directory.CreateDirectory(dir);
        string imagePath = Path.Combine(dir, "heap.img");
        string basePath = Path.Combine(dir, "baseline.bin");

        long before = GC.GetTotalMemory(true);
        var shop = HeapBuilder.Build(megabytes);
        long heap = GC.GetTotalMemory(true) - before;
        double heapMb = heap / 1e6;
        Console.WriteLine($"live heap of the graph: {heapMb:F1} MB ({shop.Orders.Count:N0} orders, {shop.CustomersByEmail.Count:N0} customers, {shop.Sensors.Length} sensor series)");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");

        var allowlist = new TypeAllowlist().AddAssembly(typeof(Shop).Assembly);
        var serializer = new ObjectGraphSerializer(allowlist);

        double memcpy = Best(repeats, () =>
        {
            var src = new byte[heap];
            var dst = new byte[heap];
            src.AsSpan().Fill(1);
            var sw = Stopwatch.StartNew();
            src.AsSpan().CopyTo(dst);
            return sw.Elapsed.TotalSeconds;
        });

        var baselineTiming = Measure(repeats, () =>
        {
            var sw = Stopwatch.StartNew();
            using (var fs = new FileStream(basePath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                BaselineWriter.Write(shop, fs);
            }
            return sw.Elapsed.TotalSeconds;
        });
        double baseline = baselineTiming.Wall;
        long baselineBytes = new FileInfo(basePath).Length;

        // One untimed write first: compiles the per-type code and lets the JIT tier up.
        using (var w = ImageWriter.Create(imagePath, new ImageHeader(), new ImageWriterOptions { Durable = false }))
        {
            serializer.Write(w, ("shop", shop));
            w.Commit();
        }
        var results = new List<(string Name, Timing Time, long Bytes)>();
        foreach (var (name, options) in new[]
        {
            ("image, LZ4 (default)", new ImageWriterOptions { Durable = false }),
            ("image, no compression", new ImageWriterOptions { Durable = false, Compression = ImageCompression.None }),
            ("image, zstd level 1", new ImageWriterOptions { Durable = false, Compression = ImageCompression.Zstd }),
            ("image, LZ4 + fsync", new ImageWriterOptions { Durable = true }),
        })
        {
            int runs = name.Contains("zstd") || name.Contains("fsync") ? 1 : repeats;
            var t = Measure(runs, () =>
            {
                var sw = Stopwatch.StartNew();
                using (var w = ImageWriter.Create(imagePath, new ImageHeader(), options))
                {
                    serializer.Write(w, ("shop", shop));
                    w.Commit();
                }
                return sw.Elapsed.TotalSeconds;
            });
            results.Add((name, t, new FileInfo(imagePath).Length));
        }

        // Leave the default image for the restore measurements.
        using (var w = ImageWriter.Create(imagePath, new ImageHeader(), new ImageWriterOptions { Durable = false }))
        {
            serializer.Write(w, ("shop", shop));
            w.Commit();
        }
        long imageBytes = new FileInfo(imagePath).Length;
        GC.KeepAlive(shop);
        shop = null!;
        GC.Collect();

        double validate = Best(repeats, () =>
        {
            var sw = Stopwatch.StartNew();
            using (ImageReader.Open(imagePath)) { }
            return sw.Elapsed.TotalSeconds;
        });
        Shop? restored = null;
        var restoreTiming = Measure(repeats, () =>
        {
            restored = null;
            GC.Collect();
            var sw = Stopwatch.StartNew();
            using var r = ImageReader.Open(imagePath);
            restored = (Shop)serializer.Read(r)["shop"]!;
            return sw.Elapsed.TotalSeconds;
        });
        double restore = restoreTiming.Wall;
        if (restored!.Orders.Count == 0 || restored.CustomersByEmail.Count == 0)
        {
            throw new InvalidOperationException("restored shop is empty");
        }

        Console.WriteLine();
        Console.WriteLine("| what | time | MB/s of live heap | output bytes ÷ live heap | main-thread CPU | process CPU |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| memcpy of {heapMb:F0} MB (floor) | {memcpy * 1000:F0} ms | {heapMb / memcpy:F0} | – | – | – |");
        Console.WriteLine($"| BinaryWriter of the same data, hand-written | {baseline * 1000:F0} ms | {heapMb / baseline:F0} | {(double)baselineBytes / heap:F2} | {Ms(baselineTiming.ThreadCpu)} | {Ms(baselineTiming.ProcessCpu)} |");
        foreach (var (name, t, bytes) in results)
        {
            Console.WriteLine($"| {name} | {t.Wall * 1000:F0} ms | {heapMb / t.Wall:F0} | {(double)bytes / heap:F2} | {Ms(t.ThreadCpu)} | {Ms(t.ProcessCpu)} |");
        }
        Console.WriteLine($"| open + validate image (all checksums) | {validate * 1000:F0} ms | {heapMb / validate:F0} | – | – | – |");
        Console.WriteLine($"| restore: open + validate + read graph | {restore * 1000:F0} ms | {heapMb / restore:F0} | – | {Ms(restoreTiming.ThreadCpu)} | {Ms(restoreTiming.ProcessCpu)} |");
        Console.WriteLine();
        double image = results[0].Time.Wall;
        Console.WriteLine($"image write ÷ BinaryWriter time: {image / baseline:F2}×; image write ÷ memcpy time: {image / memcpy:F1}×");
        Console.WriteLine($"load average while measuring: {LoadAverage()} (wall times stretch when other processes share the {Environment.ProcessorCount} cores; CPU times much less)");
        File.Delete(basePath);
        File.Delete(imagePath);
        return 0;
    }

    private static string Ms(double seconds) => $"{seconds * 1000:F0} ms";

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    /// <summary>Best of <paramref name="runs"/> by wall time; CPU times are the best seen too (each its own minimum).</summary>
    private static double Best(int runs, Func<double> once) => Measure(runs, once).Wall;

    private static Timing Measure(int runs, Func<double> once)
    {
        var best = new Timing(double.MaxValue, double.MaxValue, double.MaxValue);
        for (int i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            double thread = CpuClock.ThreadSeconds();
            var process = Process.GetCurrentProcess().TotalProcessorTime;
            double wall = once();
            thread = CpuClock.ThreadSeconds() - thread;
            double all = (Process.GetCurrentProcess().TotalProcessorTime - process).TotalSeconds;
            best = new Timing(Math.Min(best.Wall, wall), Math.Min(best.ThreadCpu, thread), Math.Min(best.ProcessCpu, all));
        }
        return best;
    }

    /// <summary>Wall time, CPU time of the measuring thread, CPU time of the whole process (seconds).</summary>
    private readonly record struct Timing(double Wall, double ThreadCpu, double ProcessCpu);
}
